import type { Kind } from '../entities/model';
import { type ValidationIssue, validateEntity } from '../entities/validate';
import { parseNote } from '../frontmatter';
import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { WriteError } from './errors';
import { Lanes } from './lanes';
import type { NoteWriter } from './note-writer';
import { OwnWriteLedger } from './own-writes';
import { RunawayGuard, type RunawayOptions, type RunawayTrip } from './runaway';

/** The text a write leaves in a note, and the kind of entity the note is. */
export interface Revision {
  text: string;
  kind: Kind;
}

/**
 * The note a write is for. By entity id, the path is looked up when the write starts, so a
 * rename while the write waits is followed; by path, for a note that has no usable id. Writes
 * to one target run one at a time, in the order they were queued.
 */
export type WriteTarget = { entityId: string } | { path: string };

/** Where a write comes from, for the logs and the quarantine. */
export interface WriteOrigin {
  /** `guard`, `sync`, `command`, `script`, `rollup`, `migration`, `restore`... */
  source: string;
  correlationId?: string;
}

export interface EditRequest extends WriteOrigin {
  target: WriteTarget;
  /**
   * The note's new text from its current one. Return the text unchanged to write nothing. It
   * may throw: then nothing is written and the write's promise rejects with that error.
   */
  edit: (text: string) => Revision;
}

export interface UpsertRequest extends WriteOrigin {
  entityId: string;
  /**
   * Where the note goes when no note holds the id yet; called when the write starts.
   * `isReserved` says which paths other new notes, still being created, are taking.
   */
  newPath: (isReserved: (path: string) => boolean) => string;
  /** The note's new text from its current one, or from `null` for a new note. */
  edit: (text: string | null) => Revision;
}

export interface TrashRequest extends WriteOrigin {
  target: WriteTarget;
}

export interface WriteReceipt {
  /** `unchanged` when the edit gave back the text it was given: nothing was written. */
  outcome: 'written' | 'unchanged' | 'created' | 'trashed';
  path: string;
  entityId?: string;
  /** The note's text after the write; empty after `trashed`. */
  text: string;
}

/** A write refused by validation, whole, for the quarantine. Nothing was written. */
export interface RefusedWrite extends WriteOrigin {
  code: 'invalid' | 'unparsable';
  message: string;
  path: string;
  entityId?: string;
  /** The text that was to be written. */
  text: string;
  issues: ValidationIssue[];
}

/** A note the runaway guard stopped, with the write that tripped it. */
export interface RunawayReport extends RunawayTrip, WriteOrigin {
  path: string;
  entityId?: string;
  /** The text of the refused write. */
  text: string;
}

/** Finds notes by entity id and learns of notes the queue creates or trashes. */
export interface EntityLocator {
  pathOf(id: string): string | undefined;
  upsert(entity: { id: string; kind: Kind; path: string }): void;
  remove(path: string): void;
}

export interface WriteQueueOptions {
  writer: NoteWriter;
  /** `EntityIndex` fits as it is. */
  locator: EntityLocator;
  clock: Clock;
  /** The user's zone, read at each validation (it is a setting). */
  zone: () => string;
  /** Notes written at once, across entities; 8 unless set. */
  concurrency?: number;
  /** Where the queue records its writes; a fresh one unless given. */
  ledger?: OwnWriteLedger;
  /** The runaway guard, or its settings. */
  runaway?: RunawayGuard | RunawayOptions;
  /** Receives each write refused by validation. Must not throw; errors are swallowed. */
  onRefused?: (refusal: RefusedWrite) => void;
  /** Receives each note the runaway guard stops, once per stop. Must not throw. */
  onRunaway?: (report: RunawayReport) => void;
}

export const DEFAULT_WRITE_CONCURRENCY = 8;

/**
 * The single writer: every write Kira makes to a note goes through here.
 *
 * - Writes to one entity run one at a time, in the order they were queued; writes to
 *   different entities run side by side, at most `concurrency` at once.
 * - A write that fails rejects its own promise; the writes queued behind it still run.
 * - Before anything is written, the new text is parsed by the codec and validated as an
 *   entity of the revision's kind; a refused write writes nothing, rejects with a
 *   `WriteError` (`invalid` or `unparsable`) and goes to `onRefused`.
 * - An edit runs inside `NoteWriter.process`, on the note's text of that moment, so a user
 *   edit that landed while the write waited is edited, never overwritten.
 * - Each write is recorded in the own-write ledger before it lands, so the vault's report of
 *   it can be recognized (`ledger.isOwnWrite`); the runaway guard stops a note written too
 *   often (`WriteError` `runaway`, and `onRunaway` once).
 */
export class WriteQueue {
  readonly ledger: OwnWriteLedger;
  readonly runaway: RunawayGuard;

  private readonly lanes: Lanes<WriteReceipt>;
  private readonly reserved = new Set<string>();
  private isClosed = false;

  constructor(private readonly options: WriteQueueOptions) {
    this.lanes = new Lanes(options.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
    this.ledger = options.ledger ?? new OwnWriteLedger(options.clock);
    this.runaway =
      options.runaway instanceof RunawayGuard
        ? options.runaway
        : new RunawayGuard(options.clock, options.runaway);
  }

  /** Writes queued or running. */
  get pending(): number {
    return this.lanes.size;
  }

  /** Edits an existing note. Rejects with `WriteError` (see the class comment) or I/O errors. */
  edit(request: EditRequest): Promise<WriteReceipt> {
    return this.enqueue(keyOf(request.target), () => this.runEdit(request));
  }

  /**
   * Edits the note that holds `entityId`, or creates it when none does, so one id never gets
   * two notes. A created note is added to the locator at once.
   */
  upsert(request: UpsertRequest): Promise<WriteReceipt> {
    return this.enqueue(keyOf({ entityId: request.entityId }), () => this.runUpsert(request));
  }

  /** Moves a note to the user's trash and forgets it in the locator and the ledger. */
  trash(request: TrashRequest): Promise<WriteReceipt> {
    return this.enqueue(keyOf(request.target), () => this.runTrash(request));
  }

  /** Resolves once no write is queued or running. */
  idle(): Promise<void> {
    return this.lanes.idle();
  }

  /**
   * Refuses new writes (`WriteError` `closed`) and resolves once the writes already accepted
   * have settled. With `cancelQueued`, writes that have not started are rejected (`closed`)
   * instead of run.
   */
  async close(options: { cancelQueued?: boolean } = {}): Promise<void> {
    this.isClosed = true;
    if (options.cancelQueued) this.lanes.cancelQueued(() => closedError());
    await this.lanes.idle();
  }

  private enqueue(key: string, run: () => Promise<WriteReceipt>): Promise<WriteReceipt> {
    if (this.isClosed) return Promise.reject(closedError());
    return this.lanes.push(key, run);
  }

  // ---- the writes ----

  private async runEdit(request: EditRequest): Promise<WriteReceipt> {
    const path = this.locate(request.target);
    const entityId = 'entityId' in request.target ? request.target.entityId : undefined;
    return this.processAt(path, entityId, request, request.edit);
  }

  private async runUpsert(request: UpsertRequest): Promise<WriteReceipt> {
    const { entityId } = request;
    const existing = this.options.locator.pathOf(entityId);
    if (existing !== undefined) return this.processAt(existing, entityId, request, request.edit);

    const path = request.newPath((candidate) => this.reserved.has(candidate));
    this.reserved.add(path);
    try {
      const revision = request.edit(null);
      this.admit({ path, entityId, key: keyOf({ entityId }), origin: request, revision });
      await this.options.writer.create(path, revision.text);
      this.options.locator.upsert({ id: entityId, kind: revision.kind, path });
      return { outcome: 'created', path, entityId, text: revision.text };
    } finally {
      this.reserved.delete(path);
    }
  }

  private async runTrash(request: TrashRequest): Promise<WriteReceipt> {
    const path = this.locate(request.target);
    await this.options.writer.trash(path);

    this.options.locator.remove(path);
    this.ledger.forget(path);
    const entityId = 'entityId' in request.target ? request.target.entityId : undefined;
    return { outcome: 'trashed', path, entityId, text: '' };
  }

  private async processAt(
    path: string,
    entityId: string | undefined,
    origin: WriteOrigin,
    edit: (text: string) => Revision,
  ): Promise<WriteReceipt> {
    const key = entityId === undefined ? keyOf({ path }) : keyOf({ entityId });
    const receipt: WriteReceipt = { outcome: 'unchanged', path, entityId, text: '' };

    receipt.text = await this.options.writer.process(path, (current) => {
      const revision = edit(current);
      if (revision.text === current) return current;

      this.admit({ path, entityId, key, origin, revision });
      receipt.outcome = 'written';
      return revision.text;
    });
    return receipt;
  }

  // ---- the checks before a write ----

  /**
   * Validates a revision, asks the runaway guard, and records the write in the ledger; throws
   * `WriteError` when the write must not happen.
   */
  private admit(write: {
    path: string;
    entityId: string | undefined;
    key: string;
    origin: WriteOrigin;
    revision: Revision;
  }): void {
    const { path, entityId, key, origin, revision } = write;
    const refusal = this.validate(revision, entityId);
    if (refusal) {
      const message = `Kira refused to write ${path}: ${refusal.issues[0]?.message ?? 'invalid'}`;
      const refused = { ...origin, ...refusal, message, path, entityId, text: revision.text };
      this.tell(() => this.options.onRefused?.(refused));
      throw new WriteError(refusal.code, message, refusal.issues);
    }

    const verdict = this.runaway.admit(key);
    if (!verdict.isAllowed) {
      if (verdict.isFirstRefusal) {
        const report = { ...origin, ...verdict.trip, path, entityId, text: revision.text };
        this.tell(() => this.options.onRunaway?.(report));
      }
      throw new WriteError('runaway', runawayMessage(path, verdict.trip));
    }

    this.ledger.record(path, revision.text);
  }

  private validate(
    revision: Revision,
    entityId: string | undefined,
  ): { code: 'invalid' | 'unparsable'; issues: ValidationIssue[] } | null {
    const parsed = parseNote(revision.text);
    if (!parsed.ok) {
      const { code, message } = parsed.error;
      return { code: 'unparsable', issues: [{ field: '', code, message }] };
    }

    const frontmatter = parsed.note.frontmatter ?? {};
    const issues = validateEntity(frontmatter, revision.kind, { zone: this.options.zone() });
    if (entityId !== undefined && frontmatter.id !== entityId && issues.length === 0) {
      issues.push({
        field: 'id',
        code: 'id_mismatch',
        message: `The write would change the note's id from ${entityId}; ids never change.`,
      });
    }
    return issues.length === 0 ? null : { code: 'invalid', issues };
  }

  private locate(target: WriteTarget): string {
    if ('path' in target) return target.path;

    const path = this.options.locator.pathOf(target.entityId);
    if (path === undefined) {
      throw new WriteError('not_found', `No note holds the id ${target.entityId}.`);
    }
    return path;
  }

  /** Calls a hook; a hook that throws must not turn a refusal into something else. */
  private tell(hook: () => void): void {
    try {
      hook();
    } catch {
      // The hook's owner logs its own failures; the refusal itself still stands.
    }
  }
}

/** Writes are ordered per key; ids and paths get distinct prefixes so they never collide. */
function keyOf(target: WriteTarget): string {
  return 'entityId' in target ? `id:${target.entityId}` : `path:${target.path}`;
}

function closedError(): WriteError {
  return new WriteError('closed', 'Kira is shutting down and no longer writes notes.');
}

function runawayMessage(path: string, trip: RunawayTrip): string {
  const seconds = Math.round(trip.windowMs / 1000);
  return (
    `Kira stopped writing ${path}: it wrote it ${trip.writes} times in ${seconds} s. ` +
    `Writing resumes at ${formatInstant(trip.resumesAt)} or when the guard is reset.`
  );
}
