import { type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames, wrap } from 'idb';

import { summarizeSeen } from './seen-stats';
import {
  type EntitySnapshot,
  type KiraStore,
  type LedgerEntry,
  type MarkResult,
  type OutboxEntry,
  type SeenEvent,
  type SeenStats,
  SCHEMA_VERSION,
  StoreError,
} from './types';

/** A meta record: `schema_version`, or `sync_token:<calendar id>`. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

/** The database's shape at the current `SCHEMA_VERSION`. */
export interface KiraDB extends DBSchema {
  seen: { key: string; value: SeenEvent; indexes: { by_last_seen: number } };
  ledger: { key: string; value: LedgerEntry; indexes: { by_entity: string } };
  snapshots: { key: string; value: EntitySnapshot };
  meta: { key: string; value: MetaRecord };
  outbox: { key: [string, string]; value: OutboxEntry };
}

type UpgradeTransaction = IDBPTransaction<KiraDB, StoreNames<KiraDB>[], 'versionchange'>;

/**
 * Brings a database from `oldVersion` to `newVersion`, one version at a time, inside the
 * upgrade transaction. Each step is written once and never changed; a new schema is a new
 * step.
 *
 * - 1: `seen` (dedupe marks) and `meta`.
 * - 2: `ledger` (indexed by entity), `snapshots`, and a `last_seen` index on `seen` for TTL.
 * - 3: `outbox` (local changes waiting for a calendar), keyed by calendar and entity.
 */
export function migrate(
  db: IDBPDatabase<KiraDB>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
): void {
  if (oldVersion < 1 && newVersion >= 1) {
    db.createObjectStore('seen', { keyPath: 'event_id' });
    db.createObjectStore('meta', { keyPath: 'key' });
  }
  if (oldVersion < 2 && newVersion >= 2) {
    const ledger = db.createObjectStore('ledger', { keyPath: 'remote_id' });
    ledger.createIndex('by_entity', 'entity_id');
    db.createObjectStore('snapshots', { keyPath: 'entity_id' });
    tx.objectStore('seen').createIndex('by_last_seen', 'last_seen');
  }
  if (oldVersion < 3 && newVersion >= 3) {
    db.createObjectStore('outbox', { keyPath: ['calendar_id', 'entity_id'] });
  }
  void tx.objectStore('meta').put({ key: 'schema_version', value: newVersion });
}

export interface IdbOpenHooks {
  /** Another connection holds an older version open; the open waits for it to close. */
  onBlocked?: () => void;
  /**
   * Another connection asked for a newer version (`newVersion`) or to delete the database
   * (`null`). This connection has already closed so as not to stand in its way.
   */
  onVersionChange?: (newVersion: number | null) => void;
  /** The browser closed the connection abnormally (storage cleared, disk error). */
  onTerminated?: () => void;
}

/** An opened database and whether this open created it from nothing. */
export interface OpenedIdb {
  store: IdbKiraStore;
  isFresh: boolean;
}

/**
 * Opens (creating or upgrading) the database `name` from `factory` at `version`.
 *
 * `factory` must belong to the same IndexedDB as the global `IDB*` classes, which idb checks
 * values against: in Obsidian, `window.indexedDB`; in tests, fake-indexeddb with its `auto`
 * globals. Rejects with the open request's error (e.g. `VersionError` when the database is
 * already newer than `version`).
 */
export async function openIdb(
  factory: IDBFactory,
  name: string,
  hooks: IdbOpenHooks = {},
  version = SCHEMA_VERSION,
): Promise<OpenedIdb> {
  const request = factory.open(name, version);
  let isFresh = false;

  request.addEventListener('upgradeneeded', (event) => {
    isFresh = event.oldVersion === 0;
    const db = wrap(request.result) as unknown as IDBPDatabase<KiraDB>;
    const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
    try {
      migrate(db, event.oldVersion, version, tx);
    } catch {
      // An upgrade that cannot finish must not leave a half-built schema behind.
      request.transaction?.abort();
    }
  });
  request.addEventListener('blocked', () => hooks.onBlocked?.());

  const db = (await wrap(request)) as unknown as IDBPDatabase<KiraDB>;
  const store = new IdbKiraStore(db);
  const raw = request.result;
  raw.addEventListener('versionchange', (event) => {
    store.close();
    hooks.onVersionChange?.(event.newVersion);
  });
  raw.addEventListener('close', () => {
    store.close();
    hooks.onTerminated?.();
  });
  return { store, isFresh };
}

/** `KiraStore` on IndexedDB. Every check-and-write runs inside one readwrite transaction. */
export class IdbKiraStore implements KiraStore {
  readonly kind = 'indexeddb' as const;
  private isClosed = false;

  constructor(private readonly db: IDBPDatabase<KiraDB>) {}

  markSeen(eventId: string, source: string, nowMs: number): Promise<MarkResult> {
    return this.guard(async () => {
      const tx = this.open().transaction('seen', 'readwrite');
      const known = await tx.store.get(eventId);
      const record: SeenEvent = known
        ? { ...known, count: known.count + 1, last_seen: Math.max(known.last_seen, nowMs) }
        : { event_id: eventId, source, first_seen: nowMs, last_seen: nowMs, count: 1 };
      await Promise.all([tx.store.put(record), tx.done]);
      return known ? 'duplicate' : 'new';
    });
  }

  unmarkSeen(eventId: string): Promise<void> {
    return this.guard(() => this.open().delete('seen', eventId));
  }

  getSeen(eventId: string): Promise<SeenEvent | undefined> {
    return this.guard(() => this.open().get('seen', eventId));
  }

  deleteSeenBefore(cutoffMs: number): Promise<number> {
    return this.guard(async () => {
      const tx = this.open().transaction('seen', 'readwrite');
      const keys = await tx.store
        .index('by_last_seen')
        .getAllKeys(IDBKeyRange.upperBound(cutoffMs, true));
      await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
      return keys.length;
    });
  }

  seenStats(): Promise<SeenStats> {
    return this.guard(async () => {
      // A cursor rather than getAll: thirty days of marks need not sit in memory at once.
      const records: SeenEvent[] = [];
      let cursor = await this.open().transaction('seen').store.openCursor();
      while (cursor) {
        records.push(cursor.value);
        cursor = await cursor.continue();
      }
      return summarizeSeen(records);
    });
  }

  getLedger(remoteId: string): Promise<LedgerEntry | undefined> {
    return this.guard(() => this.open().get('ledger', remoteId));
  }

  ledgerForEntity(entityId: string): Promise<LedgerEntry[]> {
    return this.guard(() => this.open().getAllFromIndex('ledger', 'by_entity', entityId));
  }

  putLedger(entry: LedgerEntry): Promise<void> {
    return this.guard(async () => void (await this.open().put('ledger', entry)));
  }

  deleteLedger(remoteId: string): Promise<void> {
    return this.guard(() => this.open().delete('ledger', remoteId));
  }

  replaceLedger(entries: readonly LedgerEntry[]): Promise<void> {
    return this.guard(async () => {
      const tx = this.open().transaction('ledger', 'readwrite');
      await Promise.all([
        tx.store.clear(),
        ...entries.map((entry) => tx.store.put(entry)),
        tx.done,
      ]);
    });
  }

  getSnapshot(entityId: string): Promise<EntitySnapshot | undefined> {
    return this.guard(() => this.open().get('snapshots', entityId));
  }

  putSnapshot(snapshot: EntitySnapshot): Promise<void> {
    return this.guard(async () => void (await this.open().put('snapshots', snapshot)));
  }

  deleteSnapshot(entityId: string): Promise<void> {
    return this.guard(() => this.open().delete('snapshots', entityId));
  }

  putOutbox(entry: OutboxEntry): Promise<void> {
    return this.guard(async () => void (await this.open().put('outbox', entry)));
  }

  listOutbox(calendarId: string): Promise<OutboxEntry[]> {
    return this.guard(async () => {
      const range = IDBKeyRange.bound([calendarId, ''], [calendarId, '\uffff']);
      const entries = await this.open().getAll('outbox', range);
      return entries.sort((a, b) => a.changed_at - b.changed_at);
    });
  }

  deleteOutbox(calendarId: string, entityId: string, changedAt?: number): Promise<boolean> {
    return this.guard(async () => {
      // One transaction for the look-up and the delete: a change queued in between stays.
      const tx = this.open().transaction('outbox', 'readwrite');
      const known = await tx.store.get([calendarId, entityId]);
      const isRemoved =
        known !== undefined && (changedAt === undefined || known.changed_at === changedAt);
      if (isRemoved) await tx.store.delete([calendarId, entityId]);
      await tx.done;
      return isRemoved;
    });
  }

  getSyncToken(calendarId: string): Promise<string | null> {
    return this.guard(async () => {
      const record = await this.open().get('meta', syncTokenKey(calendarId));
      return typeof record?.value === 'string' ? record.value : null;
    });
  }

  setSyncToken(calendarId: string, token: string | null): Promise<void> {
    return this.guard(async () => {
      const key = syncTokenKey(calendarId);
      if (token === null) await this.open().delete('meta', key);
      else await this.open().put('meta', { key, value: token });
    });
  }

  schemaVersion(): Promise<number> {
    return this.guard(async () => {
      const record = await this.open().get('meta', 'schema_version');
      return typeof record?.value === 'number' ? record.value : this.db.version;
    });
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.db.close();
  }

  private open(): IDBPDatabase<KiraDB> {
    if (this.isClosed) throw new StoreError('store_closed', 'The database connection is closed.');
    return this.db;
  }

  /** Runs an operation, turning "the connection is gone" into `store_closed`. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (isConnectionGone(error)) {
        this.isClosed = true;
        throw new StoreError('store_closed', 'The database connection was closed.', {
          cause: error,
        });
      }
      throw error;
    }
  }
}

function syncTokenKey(calendarId: string): string {
  return `sync_token:${calendarId}`;
}

function isConnectionGone(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'InvalidStateError';
}
