/**
 * The vault operations the write queue needs, and nothing more. In Obsidian they are
 * `Vault.process`, `Vault.create` and `FileManager.trashFile` (which follows the user's trash
 * setting); tests and benchmarks use `MemoryNoteWriter`. Paths are vault-relative.
 */
export interface NoteWriter {
  /**
   * Reads the note at `path`, passes its text to `edit` and saves what `edit` returns, as one
   * step: no other write to the note lands in between. When `edit` throws, nothing is saved
   * and the promise rejects with that error. Resolves to the text the note now holds.
   * Rejects when there is no note at `path`.
   */
  process(path: string, edit: (text: string) => string): Promise<string>;

  /** Creates a note holding `text`; rejects when a file already exists at `path`. */
  create(path: string, text: string): Promise<void>;

  /** Moves the note at `path` to the trash the user chose; rejects when there is none. */
  trash(path: string): Promise<void>;
}

/** What a `MemoryNoteWriter` reports after each change, as the vault reports its events. */
export interface NoteChange {
  type: 'create' | 'modify' | 'delete' | 'rename';
  path: string;
  /** The note's text after the change; empty for a delete. */
  text: string;
  /** The path before a rename. */
  oldPath?: string;
}

export interface MemoryNoteWriterOptions {
  /**
   * What each operation awaits before it acts, standing for disk latency (tests pass random
   * sleeps); one microtask when omitted.
   */
  pause?: () => Promise<void>;
  /**
   * When false, `process` reads the note, pauses, then edits and saves what it
   * read: concurrent calls on one note race and lose updates, as a careless writer would.
   * Tests use it to show that the queue, not the writer, keeps per-note order. True unless set.
   */
  isAtomic?: boolean;
}

/**
 * An in-memory vault of notes that behaves as `NoteWriter` promises. It counts the operations
 * running at once (`maxInFlight`) and reports each change to its listeners after the change,
 * as Obsidian's vault events come after the write.
 */
export class MemoryNoteWriter implements NoteWriter {
  readonly notes = new Map<string, string>();
  readonly trashed = new Map<string, string>();
  /** Saves made, creates included. */
  saves = 0;
  inFlight = 0;
  maxInFlight = 0;

  private readonly listeners: Array<(change: NoteChange) => void> = [];
  private readonly pause: () => Promise<void>;
  private readonly isAtomic: boolean;

  constructor(options: MemoryNoteWriterOptions = {}) {
    this.pause = options.pause ?? (() => Promise.resolve());
    this.isAtomic = options.isAtomic ?? true;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (change: NoteChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  async process(path: string, edit: (text: string) => string): Promise<string> {
    return this.operation(async () => {
      const read = this.isAtomic ? undefined : this.textOf(path);
      await this.pause();

      const current = read ?? this.textOf(path);
      const next = edit(current);
      if (next === this.notes.get(path)) return next;

      this.save(path, next);
      this.emit({ type: 'modify', path, text: next });
      return next;
    });
  }

  async create(path: string, text: string): Promise<void> {
    await this.operation(async () => {
      await this.pause();
      if (this.notes.has(path)) throw new Error(`A file already exists at ${path}.`);

      this.save(path, text);
      this.emit({ type: 'create', path, text });
    });
  }

  async trash(path: string): Promise<void> {
    await this.operation(async () => {
      await this.pause();
      const text = this.textOf(path);

      this.notes.delete(path);
      this.trashed.set(path, text);
      this.emit({ type: 'delete', path, text: '' });
    });
  }

  /** Renames a note at once, as a user would in the file explorer. */
  rename(oldPath: string, newPath: string): void {
    const text = this.textOf(oldPath);
    if (this.notes.has(newPath)) throw new Error(`A file already exists at ${newPath}.`);

    this.notes.delete(oldPath);
    this.notes.set(newPath, text);
    this.emit({ type: 'rename', path: newPath, text, oldPath });
  }

  /** Replaces a note's text at once, as a user's save would. */
  userSave(path: string, text: string): void {
    this.save(path, text);
    this.emit({ type: 'modify', path, text });
  }

  private async operation<T>(body: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await body();
    } finally {
      this.inFlight -= 1;
    }
  }

  private textOf(path: string): string {
    const text = this.notes.get(path);
    if (text === undefined) throw new Error(`No note at ${path}.`);
    return text;
  }

  private save(path: string, text: string): void {
    this.notes.set(path, text);
    this.saves += 1;
  }

  private emit(change: NoteChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
