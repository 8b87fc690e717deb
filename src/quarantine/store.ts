import type { Clock } from '../time/clock';
import { formatInstant, parseInstantMs } from '../time/instant';
import {
  type QuarantineDraft,
  type QuarantineItem,
  type QuarantineStatus,
  itemFromJson,
  itemIdFor,
  itemToJson,
} from './item';

/**
 * The file operations the quarantine needs, shaped like Obsidian's `DataAdapter` so that
 * `app.vault.adapter` fits as it is. Paths are vault-relative with forward slashes; `list`
 * returns vault-relative paths.
 */
export interface QuarantineAdapter {
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  read(path: string): Promise<string>;
  write(path: string, data: string): Promise<void>;
  list(path: string): Promise<{ files: string[]; folders: string[] }>;
  remove(path: string): Promise<void>;
}

/** Where quarantine items go unless the settings say otherwise (see ADR 0007). */
export const DEFAULT_QUARANTINE_FOLDER = 'Kira/Quarantine';

/** A `Logger`-like sink for what the store could not read or write. */
export interface QuarantineLog {
  warn(event: string, message: string, fields?: { meta?: Record<string, unknown> }): void;
}

export interface QuarantineStoreOptions {
  folder?: string;
  log?: QuarantineLog;
}

/** An item file `load` could not read, and why; the file is left where it is. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface LoadReport {
  loaded: number;
  skipped: SkippedFile[];
}

export type QuarantineErrorCode = 'not_found' | 'not_open';

/** Thrown for an id the store does not hold, or an item that is no longer open. */
export class QuarantineError extends Error {
  override readonly name = 'QuarantineError';

  constructor(
    readonly code: QuarantineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Which notes' items to resolve: those recorded for this path or this entity. */
export interface NoteRef {
  path?: string;
  entityId?: string;
}

/**
 * The quarantine: one JSON file per item in a vault folder, and the same items in memory for
 * the status bar count and the view.
 *
 * Items are written through the adapter, not the `Vault` API, so they never pass through the
 * write queue and are never judged as notes. A folder the user deleted is made again on the
 * next write, and the open items Kira still holds are written back into it: an item leaves
 * the quarantine only by being restored, discarded or resolved. Closed items stay on disk
 * until `cleanup` removes them after the retention period.
 *
 * Every change is kept in memory at once and then written; if the write fails, the memory
 * change is undone and the promise rejects with the adapter's error.
 */
export class QuarantineStore {
  readonly folder: string;
  private readonly items = new Map<string, QuarantineItem>();
  private readonly listeners: Array<(openCount: number) => void> = [];
  private readonly writes = new Map<string, Promise<void>>();
  private readonly log: QuarantineLog | undefined;

  constructor(
    private readonly adapter: QuarantineAdapter,
    private readonly clock: Clock,
    options: QuarantineStoreOptions = {},
  ) {
    this.folder = trimSlashes(options.folder ?? DEFAULT_QUARANTINE_FOLDER);
    this.log = options.log;
  }

  /**
   * Reads every item file of the folder, replacing what memory held. A missing folder holds
   * no items; a file that is not an item is skipped, reported and left alone.
   */
  async load(): Promise<LoadReport> {
    this.items.clear();
    const report: LoadReport = { loaded: 0, skipped: [] };
    if (!(await this.adapter.exists(this.folder))) return this.loaded(report);

    const { files } = await this.adapter.list(this.folder);
    for (const path of files.filter((file) => file.endsWith('.json')).sort()) {
      const reading = await this.readFile(path);
      if (!reading.ok) {
        report.skipped.push({ path, reason: reading.reason });
        this.log?.warn('quarantine', `Skipped ${path}: ${reading.reason}.`, { meta: { path } });
        continue;
      }
      this.items.set(reading.item.id, reading.item);
      report.loaded += 1;
    }
    return this.loaded(report);
  }

  /**
   * Puts a version in quarantine. For `invalid`, a note has at most one open item: a newer
   * invalid version of the same note updates it (text, reasons, time) instead of adding one.
   */
  async add(draft: QuarantineDraft): Promise<QuarantineItem> {
    const now = formatInstant(this.clock.now());
    const existing = draft.kind === 'invalid' ? this.openInvalid(draft.path) : undefined;
    if (existing) {
      const updated: QuarantineItem = {
        ...existing,
        ...contentOf(draft),
        correlation_id: draft.correlation_id ?? existing.correlation_id,
        updated_at: now,
      };
      await this.change(updated, existing);
      return updated;
    }

    const id = this.freshId(draft);
    const item: QuarantineItem = {
      id,
      created_at: now,
      updated_at: now,
      ...contentOf(draft),
      correlation_id: draft.correlation_id ?? id,
      status: 'open',
    };
    await this.change(item, undefined);
    return item;
  }

  /** Items, newest first; the open ones unless `status` says otherwise. */
  list(options: { status?: QuarantineStatus | 'all' } = {}): QuarantineItem[] {
    const status = options.status ?? 'open';
    return [...this.items.values()]
      .filter((item) => status === 'all' || item.status === status)
      .sort((a, b) => compareText(b.created_at, a.created_at) || compareText(b.id, a.id));
  }

  get(id: string): QuarantineItem | undefined {
    return this.items.get(id);
  }

  /** The number of open items; right after `load`, and kept current by every change. */
  count(): number {
    let open = 0;
    for (const item of this.items.values()) if (item.status === 'open') open += 1;
    return open;
  }

  /** The open `invalid` item of the note at `path`: while there is one, the note is left out. */
  openInvalid(path: string): QuarantineItem | undefined {
    for (const item of this.items.values()) {
      if (item.status === 'open' && item.kind === 'invalid' && item.path === path) return item;
    }
    return undefined;
  }

  /** Resolves the open `invalid` items of a note that is valid again; returns them. */
  async resolveFor(note: NoteRef): Promise<QuarantineItem[]> {
    const matches = [...this.items.values()].filter(
      (item) => item.status === 'open' && item.kind === 'invalid' && isOfNote(item, note),
    );
    const resolved: QuarantineItem[] = [];
    for (const item of matches) resolved.push(await this.close(item.id, 'resolved'));
    return resolved;
  }

  /** Closes an item without restoring it. @throws QuarantineError `not_found` or `not_open`. */
  discard(id: string): Promise<QuarantineItem> {
    return this.close(id, 'discarded');
  }

  /**
   * Records that the item's version was written back to the note (through the write queue,
   * by the caller). @throws QuarantineError `not_found` or `not_open`.
   */
  markRestored(id: string): Promise<QuarantineItem> {
    return this.close(id, 'restored');
  }

  /** Open items of a renamed note follow it, so resolving by path keeps working. */
  async followRename(oldPath: string, newPath: string): Promise<void> {
    const moved = [...this.items.values()].filter(
      (item) => item.status === 'open' && item.path === oldPath,
    );
    for (const item of moved) await this.change({ ...item, path: newPath }, item);
  }

  /**
   * Removes the closed items last changed before the retention period; open items stay
   * whatever their age. Returns how many were removed.
   */
  async cleanup(retentionMs: number): Promise<number> {
    const cutoff = this.clock.now() - retentionMs;
    const expired = [...this.items.values()].filter(
      (item) => item.status !== 'open' && (parseInstantMs(item.updated_at) ?? cutoff) < cutoff,
    );

    for (const item of expired) {
      await this.adapter.remove(this.pathOf(item.id));
      this.items.delete(item.id);
    }
    if (expired.length > 0) this.notify();
    return expired.length;
  }

  /** Calls `listener` with the open count after every change; returns a function that stops it. */
  onChange(listener: (openCount: number) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  /** The vault path of an item's file. */
  pathOf(id: string): string {
    return `${this.folder}/${id}.json`;
  }

  // ---- changes ----

  private async close(id: string, status: QuarantineStatus): Promise<QuarantineItem> {
    const item = this.items.get(id);
    if (!item) throw new QuarantineError('not_found', `No quarantine item has the id ${id}.`);
    if (item.status !== 'open') {
      throw new QuarantineError('not_open', `The quarantine item ${id} is already ${item.status}.`);
    }

    const closed: QuarantineItem = {
      ...item,
      status,
      updated_at: formatInstant(this.clock.now()),
    };
    await this.change(closed, item);
    return closed;
  }

  /** Keeps `next` in memory and writes it; on failure puts `previous` back and rethrows. */
  private async change(next: QuarantineItem, previous: QuarantineItem | undefined): Promise<void> {
    this.items.set(next.id, next);
    this.notify();
    try {
      await this.persist(next);
    } catch (error) {
      if (this.items.get(next.id) === next) {
        if (previous) this.items.set(next.id, previous);
        else this.items.delete(next.id);
        this.notify();
      }
      throw error;
    }
  }

  /** Writes an item's file, after the writes of that item already under way. */
  private persist(item: QuarantineItem): Promise<void> {
    const before = this.writes.get(item.id) ?? Promise.resolve();
    const write = before
      .catch(() => undefined)
      .then(async () => {
        await this.ensureFolder(item.id);
        await this.adapter.write(this.pathOf(item.id), itemToJson(item));
      });

    this.writes.set(item.id, write);
    const forget = (): void => {
      if (this.writes.get(item.id) === write) this.writes.delete(item.id);
    };
    write.then(forget, forget);
    return write;
  }

  /**
   * Makes the folder when it is missing. When open items other than `writing` (the item about
   * to be written) are held, the folder was deleted under them: they are written back.
   */
  private async ensureFolder(writing: string): Promise<void> {
    if (await this.adapter.exists(this.folder)) return;

    let path = '';
    for (const part of this.folder.split('/')) {
      path = path === '' ? part : `${path}/${part}`;
      if (!(await this.adapter.exists(path))) await this.adapter.mkdir(path);
    }

    const open = this.list().filter((item) => item.id !== writing);
    if (open.length > 0) {
      this.log?.warn(
        'quarantine',
        `The quarantine folder ${this.folder} was missing; made again.`,
        {
          meta: { rewritten: open.length },
        },
      );
    }
    for (const item of open) await this.adapter.write(this.pathOf(item.id), itemToJson(item));
  }

  private async readFile(path: string) {
    try {
      return itemFromJson(await this.adapter.read(path));
    } catch (error) {
      const reason = `it could not be read (${error instanceof Error ? error.message : String(error)})`;
      return { ok: false as const, reason };
    }
  }

  private freshId(draft: QuarantineDraft): string {
    const base = itemIdFor(draft, this.clock.now());
    let id = base;
    for (let n = 2; this.items.has(id); n += 1) id = `${base}-${n}`;
    return id;
  }

  private loaded(report: LoadReport): LoadReport {
    this.notify();
    return report;
  }

  private notify(): void {
    const open = this.count();
    for (const listener of [...this.listeners]) {
      try {
        listener(open);
      } catch {
        // A status bar that failed to update must not undo a quarantine change.
      }
    }
  }
}

function contentOf(draft: QuarantineDraft) {
  const content = {
    kind: draft.kind,
    path: draft.path,
    reason: draft.reason,
    errors: draft.errors.map(({ field, code, message }) => ({ field, code, message })),
    original: draft.original,
    source: draft.source,
  };
  return draft.entity_id === undefined ? content : { ...content, entity_id: draft.entity_id };
}

function isOfNote(item: QuarantineItem, note: NoteRef): boolean {
  const isSamePath = note.path !== undefined && item.path === note.path;
  const isSameEntity = note.entityId !== undefined && item.entity_id === note.entityId;
  return isSamePath || isSameEntity;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}
