import type { Frontmatter } from '../entities/model';

/** One event id the dedupe store has seen. Times are epoch milliseconds. */
export interface SeenEvent {
  event_id: string;
  source: string;
  first_seen: number;
  last_seen: number;
  /** How many times it arrived; 1 for an event seen once. */
  count: number;
}

/** A calendar resource linked to an entity: what Kira last saw of it remotely. */
export interface LedgerEntry {
  remote_id: string;
  entity_id: string;
  /** Where the remote copy lives, e.g. `gcal`. */
  source: string;
  /** The `x-kira.version` Kira last wrote or accepted. */
  version_seen: number;
  etag_seen: string | null;
  /** UTC instant of the last write or accepted pull. */
  last_sync: string;
  /**
   * The synced fields of the remote version `etag_seen` names, as the sync engine maps them
   * (opaque here). Absent after a rebuild from the notes, which cannot know them.
   */
  fields_seen?: Record<string, unknown>;
}

/**
 * A local change waiting to go out to a calendar: one per entity and calendar, kept until
 * the push succeeds, so changes made offline survive a restart.
 */
export interface OutboxEntry {
  calendar_id: string;
  entity_id: string;
  /** Epoch milliseconds of the latest local change seen; the local side's time in a conflict. */
  changed_at: number;
  /** Failed pushes so far. */
  attempts: number;
  /** Why the last push failed, in words, or null. */
  last_error: string | null;
}

/** The last valid frontmatter of an entity; the write path judges a transition against it. */
export interface EntitySnapshot {
  entity_id: string;
  path: string;
  /** The codec's hash of `frontmatter`. */
  hash: string;
  frontmatter: Frontmatter;
  /** Epoch milliseconds. */
  saved_at: number;
}

export interface SeenCounts {
  unique: number;
  duplicates: number;
}

/** Dedupe statistics over the events currently kept. */
export interface SeenStats extends SeenCounts {
  bySource: Record<string, SeenCounts>;
}

export type MarkResult = 'new' | 'duplicate';

/**
 * Kira's local state beside the notes: dedupe marks, the sync ledger, entity snapshots and
 * meta. Two implementations: IndexedDB (through idb) and memory. Everything here can be
 * rebuilt from the notes and the calendar, so losing it costs time, never data.
 *
 * Methods reject with `StoreError` when the store cannot serve them (see its codes).
 */
export interface KiraStore {
  /** `indexeddb`, or `memory` when IndexedDB could not be used. */
  readonly kind: 'indexeddb' | 'memory';

  /**
   * Checks and marks `eventId` in one step: `new` the first time (recording `source` and
   * `nowMs`), `duplicate` after that (bumping its count and last seen). Two concurrent calls
   * for one id get one `new` and one `duplicate`.
   */
  markSeen(eventId: string, source: string, nowMs: number): Promise<MarkResult>;
  /** Forgets a mark, so that the event is processed again when it is redelivered. */
  unmarkSeen(eventId: string): Promise<void>;
  getSeen(eventId: string): Promise<SeenEvent | undefined>;
  /** Removes marks last seen before `cutoffMs`; returns how many. */
  deleteSeenBefore(cutoffMs: number): Promise<number>;
  seenStats(): Promise<SeenStats>;

  getLedger(remoteId: string): Promise<LedgerEntry | undefined>;
  ledgerForEntity(entityId: string): Promise<LedgerEntry[]>;
  putLedger(entry: LedgerEntry): Promise<void>;
  deleteLedger(remoteId: string): Promise<void>;
  /** Replaces the whole ledger with `entries`, atomically. */
  replaceLedger(entries: readonly LedgerEntry[]): Promise<void>;

  getSnapshot(entityId: string): Promise<EntitySnapshot | undefined>;
  putSnapshot(snapshot: EntitySnapshot): Promise<void>;
  deleteSnapshot(entityId: string): Promise<void>;

  /** Adds or replaces the outbox entry of `entry.entity_id` in `entry.calendar_id`. */
  putOutbox(entry: OutboxEntry): Promise<void>;
  /** The outbox entries of a calendar, oldest change first. */
  listOutbox(calendarId: string): Promise<OutboxEntry[]>;
  /**
   * Removes an entry; with `changedAt`, only if the entry still has that `changed_at` (a
   * change that came in meanwhile stays queued). Resolves to whether it was removed.
   */
  deleteOutbox(calendarId: string, entityId: string, changedAt?: number): Promise<boolean>;

  getSyncToken(calendarId: string): Promise<string | null>;
  /** Stores a sync token; `null` forgets it (forcing a full resync). */
  setSyncToken(calendarId: string, token: string | null): Promise<void>;
  /** The schema version the data is in. */
  schemaVersion(): Promise<number>;

  /** Closes the store; later calls reject with `store_closed`. */
  close(): void;
}

export type StoreErrorCode =
  /** The connection was closed (by `close`, for another window's upgrade, or by deletion). */
  | 'store_closed'
  /** The database could not be opened. */
  | 'open_failed'
  /** Another connection kept the upgrade waiting longer than allowed. */
  | 'blocked'
  /** The vault name gives no database name. */
  | 'bad_vault_name';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The schema version of the data this code writes; see `idb-store.ts` for the history. */
export const SCHEMA_VERSION = 3;
