import type { App, CachedMetadata, EventRef, TAbstractFile } from 'obsidian';
import { TFile } from 'obsidian';

import { inferKind } from '../entities/kind';
import { makeId } from '../entities/ids';
import { newEntity } from '../entities/new-entity';
import type { Frontmatter, Kind, TaskStatus } from '../entities/model';
import { validateEntity, type ValidationIssue } from '../entities/validate';
import { editNote, parseNote, serializeCanonical } from '../frontmatter';
import type { WriteQueue } from '../queue/write-queue';
import type { KiraSettings } from '../settings/settings';
import { transition, type Refusal } from '../tasks/state-machine';
import type { Clock } from '../time/clock';
import { resolveZone } from '../time/zone';
import type { EntityIndex, IndexedEntity } from '../vault/entity-index';
import { fileNameFor, freePath } from '../vault/file-names';

/** One note that failed validation, for the vault report. */
export interface InvalidNote {
  path: string;
  kind: Kind | null;
  issues: ValidationIssue[];
}

/** One entity note as `validateVault` checked it. */
export interface CheckedNote {
  path: string;
  id: string | undefined;
  kind: Kind;
  text: string;
  issues: ValidationIssue[];
}

export interface VaultReport {
  checked: number;
  invalid: InvalidNote[];
  duplicateIds: { id: string; paths: string[] }[];
}

export type StatusOutcome =
  | { ok: true; from: TaskStatus; to: TaskStatus; changes: Record<string, unknown> }
  | { ok: false; refusal: Refusal | { code: string; message: string; needs?: undefined } };

const YIELD_EVERY = 200;

/**
 * Told of every change the metadata cache reports, with the entity the note was before the
 * change (so a note whose id was just deleted or broken is still known), or, for a new
 * entity, the one it is now.
 */
export type NoteChangeListener = (
  file: TFile,
  text: string,
  before: IndexedEntity | undefined,
) => void;

/**
 * Kira's view of an Obsidian vault: the id index (built from the metadata cache, never by
 * reading notes), entity creation, status changes and whole-vault validation.
 */
export class KiraVault {
  private readonly changeListeners: NoteChangeListener[] = [];

  constructor(
    private readonly app: App,
    private readonly settings: () => KiraSettings,
    private readonly clock: Clock,
    readonly index: EntityIndex,
    private readonly queue: WriteQueue,
  ) {}

  /** Adds a listener for note changes; it runs after the index has taken the change. */
  onNoteChanged(listener: NoteChangeListener): void {
    this.changeListeners.push(listener);
  }

  get zone(): string {
    return resolveZone(this.settings().timezone);
  }

  /** Builds the index from the metadata cache. Reads no file. */
  buildIndex(): void {
    this.index.clear();
    for (const file of this.app.vault.getMarkdownFiles()) {
      this.indexFile(file, this.app.metadataCache.getFileCache(file));
    }
  }

  /** Keeps the index current; returns the event refs for the plugin to register. */
  watch(): EventRef[] {
    const { vault, metadataCache } = this.app;
    return [
      metadataCache.on('changed', (file, data, cache) => {
        const before = this.index.at(file.path);
        this.indexFile(file, cache);
        const entity = before ?? this.index.at(file.path);
        for (const listener of this.changeListeners) listener(file, data, entity);
      }),
      metadataCache.on('deleted', (file) => this.index.remove(file.path)),
      vault.on('rename', (file: TAbstractFile, oldPath: string) => {
        if (file instanceof TFile) this.index.rename(oldPath, file.path);
      }),
      vault.on('delete', (file: TAbstractFile) => this.index.remove(file.path)),
    ];
  }

  /** Creates a new entity note in the kind's folder and returns it. */
  async createEntity(kind: Kind, title: string): Promise<TFile> {
    const now = this.clock.now();
    const id = makeId(kind, title, now, (candidate) => this.index.has(candidate));
    const frontmatter = newEntity(kind, title, this.clock, { id });
    const issues = validateEntity(frontmatter, kind, { zone: this.zone, now });
    if (issues.length > 0) throw new KiraError('invalid_entity', describeIssues(issues));

    const folder = this.settings().folders[kind];
    const receipt = await this.queue.upsert({
      entityId: id,
      newPath: (isReserved) =>
        freePath(
          folder,
          fileNameFor(title, id),
          (path) => this.isPathTaken(path) || isReserved(path),
        ),
      edit: (text) => ({ text: text ?? serializeCanonical(frontmatter, ''), kind }),
      source: 'command',
      correlationId: id,
    });
    const file = this.app.vault.getFileByPath(receipt.path);
    if (!file) throw new KiraError('not_created', `The note ${receipt.path} was not created.`);
    return file;
  }

  /**
   * Moves a task to `to`, in one atomic read-modify-write of the note. The guard runs on the
   * note as it is at that moment; a refusal writes nothing. Only the lines of the keys that
   * change are touched.
   */
  async setStatus(file: TFile, to: TaskStatus, reason?: string): Promise<StatusOutcome> {
    const entity = this.index.at(file.path);
    if (!entity) {
      return { ok: false, refusal: { code: 'not_a_task', message: `${file.path} is not a task.` } };
    }

    let outcome: StatusOutcome = { ok: false, refusal: { code: 'unreadable', message: '' } };
    await this.queue.edit({
      target: { entityId: entity.id },
      edit: (text) => {
        outcome = this.planStatus(text, to, reason);
        return { text: outcome.ok ? editNote(text, outcome.changes) : text, kind: 'task' };
      },
      source: 'command',
      correlationId: entity.id,
    });
    return outcome;
  }

  /** The status a task note has now, from its text; null when it is not a readable task. */
  async currentStatus(file: TFile): Promise<TaskStatus | null> {
    const parsed = parseNote(await this.app.vault.read(file));
    if (!parsed.ok || !parsed.note.frontmatter) return null;
    const kind = inferKind(parsed.note.frontmatter, file.path, this.settings().folders);
    const status = parsed.note.frontmatter.status;
    return kind === 'task' && typeof status === 'string' ? (status as TaskStatus) : null;
  }

  /**
   * Checks every entity note against the schema. Reads each note (the codec, not the cache,
   * decides what is valid), yields to the interface between batches and reports progress.
   * `onChecked` sees every entity note checked, valid or not, with the text that was checked.
   */
  async validateVault(
    onProgress?: (done: number, total: number) => void,
    onChecked?: (note: CheckedNote) => Promise<void>,
  ): Promise<VaultReport> {
    const files = this.app.vault.getMarkdownFiles();
    const invalid: InvalidNote[] = [];
    let checked = 0;

    for (const [position, file] of files.entries()) {
      if (position % YIELD_EVERY === 0) {
        onProgress?.(position, files.length);
        await yieldToInterface();
      }
      const note = await this.checkFile(file);
      if (note === null) continue;
      checked += 1;
      if (note.issues.length > 0)
        invalid.push({ path: note.path, kind: note.kind, issues: note.issues });
      await onChecked?.(note);
    }

    onProgress?.(files.length, files.length);
    return { checked, invalid, duplicateIds: this.index.conflicts() };
  }

  private async checkFile(file: TFile): Promise<CheckedNote | null> {
    const text = await this.app.vault.cachedRead(file);
    const parsed = parseNote(text);
    const folders = this.settings().folders;
    const known = this.index.at(file.path);
    if (!parsed.ok) {
      const kind = known?.kind ?? inferKind(null, file.path, folders);
      if (kind === null) return null;
      const issue = {
        field: 'frontmatter',
        code: parsed.error.code,
        message: parsed.error.message,
      };
      return { path: file.path, id: known?.id, kind, text, issues: [issue] };
    }

    const frontmatter = parsed.note.frontmatter;
    const kind = inferKind(frontmatter, file.path, folders);
    if (kind === null) return null;
    const issues = validateEntity(frontmatter ?? {}, kind, { zone: this.zone });
    const id = typeof frontmatter?.id === 'string' ? frontmatter.id : known?.id;
    return { path: file.path, id, kind, text, issues };
  }

  private planStatus(text: string, to: TaskStatus, reason?: string): StatusOutcome {
    const parsed = parseNote(text);
    if (!parsed.ok) {
      return { ok: false, refusal: { code: 'unreadable', message: parsed.error.message } };
    }

    const task: Frontmatter = parsed.note.frontmatter ?? {};
    const result = transition(task, to, this.clock, reason === undefined ? {} : { reason });
    if (!result.ok) return { ok: false, refusal: result.refusal };

    const issues = validateEntity(result.task, 'task', { zone: this.zone });
    if (issues.length > 0) {
      const message = `The note has problems to fix first: ${describeIssues(issues)}`;
      return { ok: false, refusal: { code: 'invalid_entity', message } };
    }
    return { ok: true, from: task.status as TaskStatus, to, changes: result.changes };
  }

  private indexFile(file: TFile, cache: CachedMetadata | null): void {
    const frontmatter: Frontmatter | null = cache?.frontmatter ?? null;
    const id = frontmatter?.id;
    const kind = inferKind(frontmatter, file.path, this.settings().folders);
    if (kind === null || typeof id !== 'string' || id === '') {
      this.index.remove(file.path);
      return;
    }
    this.index.upsert({ id, kind, path: file.path });
  }

  private isPathTaken(path: string): boolean {
    const lower = path.toLowerCase();
    return this.app.vault.getFiles().some((file) => file.path.toLowerCase() === lower);
  }
}

/** An error Kira raises on purpose: callers branch on `code`, users read `message`. */
export class KiraError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KiraError';
  }
}

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}

function yieldToInterface(): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}
