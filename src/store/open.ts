import type { Timers } from '../events/timers';
import { type IdbOpenHooks, openIdb } from './idb-store';
import { MemoryKiraStore } from './memory-store';
import {
  type EntitySnapshot,
  type KiraStore,
  type LedgerEntry,
  type MarkResult,
  type OutboxEntry,
  type SeenEvent,
  type SeenStats,
  StoreError,
} from './types';

/** Why a store starts without data: new, found deleted and made again, or in memory. */
export type EmptyReason = 'created' | 'recreated' | 'memory';

export interface OpenStoreOptions {
  /** The IndexedDB to use; the global `indexedDB` when absent; `null` for none at all. */
  indexedDB?: IDBFactory | null;
  /**
   * Kira closed its connection because another window wants to upgrade (`newVersion`) or
   * delete (`null`) the database. Tell the user; the next operation reopens or falls back.
   */
  onBlocking?: (newVersion: number | null) => void;
  /** Opening waits for another window to close an older connection. Tell the user. */
  onBlocked?: () => void;
  /** Kira works on memory from now on; `reason` says why. Called at most once. */
  onFallback?: (reason: string) => void;
  /**
   * The store has no data: rebuild what can be rebuilt (the ledger, from the notes'
   * `x-kira`). Called with the store it concerns; may come after a later recovery too.
   */
  onEmpty?: (store: KiraStore, reason: EmptyReason) => void;
  /** With `timers`, how long a blocked open waits before falling back (default 10 s). */
  blockedTimeoutMs?: number;
  /** Without timers, a blocked open waits as long as it takes. */
  timers?: Timers;
}

/** The database name for a vault: `kira-<key>`. */
export function databaseName(vaultKey: string): string {
  const key = typeof vaultKey === 'string' ? vaultKey.trim() : '';
  if (key === '' || key.length > 200) {
    throw new StoreError('bad_vault_name', 'A vault needs a name of 1 to 200 characters.');
  }
  return `kira-${key}`;
}

/**
 * Opens Kira's store for one vault. `vaultKey` must tell vaults apart (Obsidian's app id is
 * better than the vault's folder name, which two vaults may share); every vault gets its own
 * database, so two vaults never share state.
 *
 * Resolves to the IndexedDB store, or, when IndexedDB is missing, throws, is blocked past the
 * timeout or is newer than this code, to a memory store (saying so once through
 * `onFallback`). The store recovers by itself from a connection that was closed under it:
 * it reopens (a database deleted meanwhile is made again, empty), or falls back to memory.
 *
 * @throws StoreError `bad_vault_name` for an empty or over-long key.
 */
export async function openKiraStore(
  vaultKey: string,
  options: OpenStoreOptions = {},
): Promise<KiraStore> {
  const name = databaseName(vaultKey);
  const store = new RecoveringStore(name, options);
  await store.start();
  return store;
}

/**
 * The store `openKiraStore` returns: an IndexedDB store it swaps for a reopened one (or for
 * memory) when the connection goes away, so callers never hold a dead connection.
 */
class RecoveringStore implements KiraStore {
  private current: KiraStore = new MemoryKiraStore();
  private recovery: Promise<void> | null = null;
  private hasFallenBack = false;
  private isClosed = false;

  constructor(
    private readonly name: string,
    private readonly options: OpenStoreOptions,
  ) {}

  get kind(): 'indexeddb' | 'memory' {
    return this.current.kind;
  }

  async start(): Promise<void> {
    await this.openOrFallBack('created');
  }

  markSeen(eventId: string, source: string, nowMs: number): Promise<MarkResult> {
    return this.use((store) => store.markSeen(eventId, source, nowMs));
  }
  unmarkSeen(eventId: string): Promise<void> {
    return this.use((store) => store.unmarkSeen(eventId));
  }
  getSeen(eventId: string): Promise<SeenEvent | undefined> {
    return this.use((store) => store.getSeen(eventId));
  }
  deleteSeenBefore(cutoffMs: number): Promise<number> {
    return this.use((store) => store.deleteSeenBefore(cutoffMs));
  }
  seenStats(): Promise<SeenStats> {
    return this.use((store) => store.seenStats());
  }
  getLedger(remoteId: string): Promise<LedgerEntry | undefined> {
    return this.use((store) => store.getLedger(remoteId));
  }
  ledgerForEntity(entityId: string): Promise<LedgerEntry[]> {
    return this.use((store) => store.ledgerForEntity(entityId));
  }
  putLedger(entry: LedgerEntry): Promise<void> {
    return this.use((store) => store.putLedger(entry));
  }
  deleteLedger(remoteId: string): Promise<void> {
    return this.use((store) => store.deleteLedger(remoteId));
  }
  replaceLedger(entries: readonly LedgerEntry[]): Promise<void> {
    return this.use((store) => store.replaceLedger(entries));
  }
  getSnapshot(entityId: string): Promise<EntitySnapshot | undefined> {
    return this.use((store) => store.getSnapshot(entityId));
  }
  putSnapshot(snapshot: EntitySnapshot): Promise<void> {
    return this.use((store) => store.putSnapshot(snapshot));
  }
  deleteSnapshot(entityId: string): Promise<void> {
    return this.use((store) => store.deleteSnapshot(entityId));
  }
  putOutbox(entry: OutboxEntry): Promise<void> {
    return this.use((store) => store.putOutbox(entry));
  }
  listOutbox(calendarId: string): Promise<OutboxEntry[]> {
    return this.use((store) => store.listOutbox(calendarId));
  }
  deleteOutbox(calendarId: string, entityId: string, changedAt?: number): Promise<boolean> {
    return this.use((store) => store.deleteOutbox(calendarId, entityId, changedAt));
  }
  getSyncToken(calendarId: string): Promise<string | null> {
    return this.use((store) => store.getSyncToken(calendarId));
  }
  setSyncToken(calendarId: string, token: string | null): Promise<void> {
    return this.use((store) => store.setSyncToken(calendarId, token));
  }
  schemaVersion(): Promise<number> {
    return this.use((store) => store.schemaVersion());
  }

  close(): void {
    this.isClosed = true;
    this.current.close();
  }

  /** Runs `operation` on the current store; once more after a recovery if its connection died. */
  private async use<T>(operation: (store: KiraStore) => Promise<T>): Promise<T> {
    if (this.isClosed) throw new StoreError('store_closed', 'The store is closed.');
    if (this.recovery) await this.recovery;

    const store = this.current;
    try {
      return await operation(store);
    } catch (error) {
      if (!isClosedError(error) || this.isClosed || store.kind === 'memory') throw error;
      await this.recover(store);
      return operation(this.current);
    }
  }

  private recover(failed: KiraStore): Promise<void> {
    if (this.current !== failed) return Promise.resolve();
    this.recovery ??= this.openOrFallBack('recreated').finally(() => {
      this.recovery = null;
    });
    return this.recovery;
  }

  private async openOrFallBack(emptyReason: EmptyReason): Promise<void> {
    const factory =
      this.options.indexedDB === undefined ? globalIndexedDB() : this.options.indexedDB;
    if (!factory) return this.fallBack('IndexedDB is not available here.');

    try {
      const opened = await this.openWithTimeout(factory);
      if (this.isClosed) return opened.store.close();
      this.current = opened.store;
      if (opened.isFresh) this.options.onEmpty?.(this, emptyReason);
    } catch (error) {
      this.fallBack(describeOpenFailure(error));
    }
  }

  private openWithTimeout(factory: IDBFactory): ReturnType<typeof openIdb> {
    const hooks: IdbOpenHooks = {
      onBlocked: () => this.options.onBlocked?.(),
      onVersionChange: (newVersion) => this.options.onBlocking?.(newVersion),
    };
    const opening = openIdb(factory, this.name, hooks);
    const { timers } = this.options;
    if (!timers) return opening;

    return new Promise((resolve, reject) => {
      let isLate = false;
      const timer = timers.set(() => {
        isLate = true;
        reject(new StoreError('blocked', 'Another window kept the database busy.'));
      }, this.options.blockedTimeoutMs ?? 10_000);

      opening.then(
        (opened) => {
          timers.clear(timer);
          // Given up on already: close the connection so it blocks nobody.
          if (isLate) opened.store.close();
          else resolve(opened);
        },
        (error: Error) => {
          timers.clear(timer);
          reject(error);
        },
      );
    });
  }

  private fallBack(reason: string): void {
    // Once on memory, stay on the same memory store: a second one would start empty.
    if (this.hasFallenBack) return;
    this.current = new MemoryKiraStore();
    if (this.isClosed) this.current.close();

    this.hasFallenBack = true;
    this.options.onFallback?.(reason);
    this.options.onEmpty?.(this, 'memory');
  }
}

function globalIndexedDB(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    // Some sandboxes throw on merely reading `indexedDB`.
    return undefined;
  }
}

function isClosedError(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'store_closed';
}

function describeOpenFailure(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'VersionError') {
    return 'A newer version of Kira has upgraded its database in another window; reload Obsidian.';
  }
  if (error instanceof StoreError && error.code === 'blocked') {
    return 'Another Obsidian window kept the database busy; close it and reload.';
  }
  // DOMExceptions from another realm are not `instanceof Error`, but they have a message.
  const message = (error as { message?: unknown } | null)?.message;
  const detail = typeof message === 'string' ? message : String(error);
  return `IndexedDB could not be opened (${detail}).`;
}
