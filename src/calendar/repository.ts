import type { ValidationIssue } from '../entities/validate';
import type { Frontmatter, Kind } from '../entities/model';
import type { FrontmatterChanges } from '../frontmatter';

/** A note as the sync sees it. */
export interface EntityNote {
  id: string;
  kind: Kind;
  path: string;
  frontmatter: Frontmatter;
  /** The note's full text, for the quarantine. */
  text: string;
  /**
   * When the note's file last changed (epoch ms), where the vault knows it: the time of a
   * change not yet stamped in `x-kira`, which a conflict compares with Google's.
   */
  modifiedMs?: number;
}

/** Who writes, for the logs, the write queue and the quarantine. */
export interface WriteOrigin {
  source: 'sync';
  correlationId: string;
}

/**
 * The notes, as the sync engine reads and writes them. In Obsidian this sits on the write
 * queue (every write goes through it, validated, recognized as Kira's own) and the id index;
 * in tests, on a map of note texts run through the real codec.
 *
 * A write that validation refuses rejects; the engine logs it and goes on with the rest.
 */
export interface EntityRepository {
  /** Every note of one of `kinds`. */
  list(kinds: readonly Kind[]): Promise<EntityNote[]>;
  get(id: string): Promise<EntityNote | undefined>;
  /**
   * Edits a note's frontmatter. `change` runs on the note as it is when the write happens
   * (a user's edit that landed meanwhile is seen, never overwritten) and returns the keys to
   * set (`undefined` deletes one), or null to write nothing. Resolves to the note after the
   * write, or undefined when there is no such note.
   */
  update(
    id: string,
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote | undefined>;
  /**
   * Creates the note `id` from `frontmatter` and `body`, or, when a note with this id exists
   * already (ids of imported events are the same on every device), edits it with `change`.
   */
  createOrUpdate(
    id: string,
    created: { kind: Kind; frontmatter: Frontmatter; body: string },
    change: (note: EntityNote) => FrontmatterChanges | null,
    origin: WriteOrigin,
  ): Promise<EntityNote>;
  /** Moves a note to the trash (never a hard delete). Resolves to false when there was none. */
  trash(id: string, origin: WriteOrigin): Promise<boolean>;
}

/** The quarantine as the sync uses it; `QuarantineStore` fits as it is. */
export interface SyncQuarantine {
  add(draft: SyncQuarantineDraft): Promise<unknown>;
}

export interface SyncQuarantineDraft {
  /** `conflict`: the losing side of a conflict, restorable; `invalid`: a note Kira could not sync. */
  kind: 'conflict' | 'invalid';
  entity_id: string;
  path: string;
  reason: string;
  errors: ValidationIssue[];
  /** The full text of the version kept. */
  original: string;
  source: 'sync';
  correlation_id: string;
}
