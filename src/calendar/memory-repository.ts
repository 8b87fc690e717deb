import { newEntity } from '../entities/new-entity';
import { isKind, type Frontmatter, type Kind } from '../entities/model';
import { validateEntity } from '../entities/validate';
import { editNote, parseNote, serializeCanonical } from '../frontmatter';
import type { Clock } from '../time/clock';
import type { EntityNote, EntityRepository, WriteOrigin } from './repository';
import type { FrontmatterChanges } from '../frontmatter';

/** A write the memory repository made, for tests and benchmarks to count. */
export interface RecordedWrite {
  id: string;
  action: 'create' | 'update' | 'trash';
  source: string;
}

/**
 * `EntityRepository` over a map of note texts, for tests, benchmarks and the demo. Every write
 * goes through the real codec (`editNote`, `serializeCanonical`) and is validated first, as
 * the write queue does, so what the sync writes is what a vault would hold. Writes to one
 * note happen one at a time, in order.
 */
export class MemoryEntityRepository implements EntityRepository {
  readonly notes = new Map<string, { path: string; text: string }>();
  readonly trashed = new Map<string, string>();
  readonly writes: RecordedWrite[] = [];
  private readonly listeners = new Set<(id: string, origin: WriteOrigin | 'user') => void>();

  /** `zone` is the user's zone, for validating what is written. */
  constructor(private readonly zone = 'UTC') {}

  /** Hears of every change: the sync's own (with its origin) and `userEdit`s. */
  onChange(listener: (id: string, origin: WriteOrigin | 'user') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a note as a user would, without validation or sync. */
  put(id: string, text: string, path = `${id}.md`): void {
    this.notes.set(id, { path, text });
  }

  /** A user's edit of the frontmatter: goes through the codec, tells the listeners. */
  userEdit(id: string, changes: FrontmatterChanges): void {
    const note = this.notes.get(id);
    if (!note) throw new Error(`no note ${id}`);
    note.text = editNote(note.text, changes);
    for (const listener of this.listeners) listener(id, 'user');
  }

  frontmatterOf(id: string): Frontmatter | undefined {
    const note = this.notes.get(id);
    if (!note) return undefined;
    const parsed = parseNote(note.text);
    return parsed.ok ? (parsed.note.frontmatter ?? undefined) : undefined;
  }

  list(kinds: readonly Kind[]): Promise<EntityNote[]> {
    const notes = [...this.notes.keys()]
      .map((id) => this.read(id))
      .filter((note): note is EntityNote => note !== undefined && kinds.includes(note.kind));
    return Promise.resolve(notes);
  }

  get(id: string): Promise<EntityNote | undefined> {
    return Promise.resolve(this.read(id));
  }

  update(
    id: string,
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote | undefined> {
    return this.run(() => {
      const note = this.read(id);
      if (!note) return undefined;
      return this.apply(note, change, origin);
    });
  }

  createOrUpdate(
    id: string,
    created: { kind: Kind; frontmatter: Frontmatter; body: string },
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote> {
    return this.run(() => {
      const existing = this.read(id);
      if (existing) return this.apply(existing, change, origin);

      const text = serializeCanonical(created.frontmatter, created.body);
      this.check(text, created.kind);
      this.notes.set(id, { path: `${id}.md`, text });
      this.record(id, 'create', origin);
      return this.read(id)!;
    });
  }

  trash(id: string, origin: WriteOrigin): Promise<boolean> {
    return this.run(() => {
      const note = this.notes.get(id);
      if (!note) return false;
      this.notes.delete(id);
      this.trashed.set(id, note.text);
      this.record(id, 'trash', origin);
      return true;
    });
  }

  /** A fresh event note as Kira's create command would make it. */
  static eventText(
    id: string,
    title: string,
    clock: Clock,
    fields: Frontmatter,
    body = '',
  ): string {
    return serializeCanonical(newEntity('event', title, clock, { id, fields }), body);
  }

  private apply(
    note: EntityNote,
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): EntityNote {
    const changes = change(note);
    if (changes === null) return note;

    const text = editNote(note.text, changes);
    if (text === note.text) return note;
    this.check(text, note.kind);
    this.notes.set(note.id, { path: note.path, text });
    this.record(note.id, 'update', origin);
    return this.read(note.id)!;
  }

  private check(text: string, kind: Kind): void {
    const parsed = parseNote(text);
    if (!parsed.ok) throw parsed.error;
    const issues = validateEntity(parsed.note.frontmatter ?? {}, kind, { zone: this.zone });
    if (issues.length > 0) {
      throw new Error(
        `refused: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`,
      );
    }
  }

  private read(id: string): EntityNote | undefined {
    const stored = this.notes.get(id);
    if (!stored) return undefined;
    const parsed = parseNote(stored.text);
    const frontmatter = parsed.ok ? (parsed.note.frontmatter ?? {}) : {};
    const kind = isKind(frontmatter.kind) ? frontmatter.kind : 'note';
    return { id, kind, path: stored.path, frontmatter, text: stored.text };
  }

  private record(id: string, action: RecordedWrite['action'], origin: WriteOrigin): void {
    this.writes.push({ id, action, source: origin.source });
    for (const listener of this.listeners) listener(id, origin);
  }

  private run<T>(operation: () => T): Promise<T> {
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
