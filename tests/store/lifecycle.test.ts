import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { type IDBPDatabase, wrap } from 'idb';
import { setTimeout as sleep } from 'node:timers/promises';

import { type KiraDB, migrate } from '../../src/store/idb-store';
import { type EmptyReason, databaseName, openKiraStore } from '../../src/store/open';
import { type KiraStore, SCHEMA_VERSION } from '../../src/store/types';
import { pinnedTime } from '../events/builders';

/** Waits for the fake IndexedDB's queued work (it runs on timers and microtasks). */
async function settle(): Promise<void> {
  await sleep(20);
}

/** Opens the database as the version-1 code did and leaves data in it. */
async function createVersion1(factory: IDBFactory, name: string): Promise<void> {
  const db = await openDBWith(factory, name, 1, (raw, oldVersion, tx) =>
    migrate(raw, oldVersion, 1, tx),
  );
  await db.put('seen', {
    event_id: 'kept',
    source: 'vault',
    first_seen: 10,
    last_seen: 20,
    count: 2,
  });
  await db.put('meta', { key: 'sync_token:work', value: 'tok-v1' });
  db.close();
}

/** Opens `name` at `version` on `factory` directly, as another window (or older code) would. */
function openDBWith(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBPDatabase<KiraDB>, oldVersion: number, tx: never) => void = () => undefined,
): Promise<IDBPDatabase<KiraDB>> {
  const request = factory.open(name, version);
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(wrap(request.result) as never, event.oldVersion, wrap(request.transaction!) as never);
  });
  return wrap(request) as unknown as Promise<IDBPDatabase<KiraDB>>;
}

/** Deletes a database, resolving once it is gone. */
function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return wrap(factory.deleteDatabase(name)) as unknown as Promise<void>;
}

function recorder() {
  const calls = {
    fallback: [] as string[],
    empty: [] as EmptyReason[],
    blocking: [] as (number | null)[],
    blocked: 0,
  };
  return {
    calls,
    hooks: {
      onFallback: (reason: string) => calls.fallback.push(reason),
      onEmpty: (_store: KiraStore, reason: EmptyReason) => calls.empty.push(reason),
      onBlocking: (version: number | null) => calls.blocking.push(version),
      onBlocked: () => (calls.blocked += 1),
    },
  };
}

describe('one database per vault', () => {
  it('names the database after the vault', () => {
    expect(databaseName('My vault')).toBe('kira-My vault');
  });

  it('refuses an empty vault name with a stable code', async () => {
    await expect(openKiraStore('  ')).rejects.toMatchObject({ code: 'bad_vault_name' });
  });

  it('keeps two vaults apart', async () => {
    const factory = new IDBFactory();
    const work = await openKiraStore('work', { indexedDB: factory });
    const home = await openKiraStore('home', { indexedDB: factory });

    await work.markSeen('e1', 'vault', 1);
    expect(await home.markSeen('e1', 'vault', 1)).toBe('new');
    expect((await factory.databases()).map((db) => db.name).sort()).toEqual([
      'kira-home',
      'kira-work',
    ]);
    work.close();
    home.close();
  });
});

describe('opening', () => {
  it('says a new database is empty, once, and keeps data across reopenings', async () => {
    const factory = new IDBFactory();
    const { calls, hooks } = recorder();
    const first = await openKiraStore('v', { indexedDB: factory, ...hooks });
    await first.putLedger({
      remote_id: 'r',
      entity_id: 'e',
      source: 'gcal',
      version_seen: 1,
      etag_seen: null,
      last_sync: '2024-05-01T09:30:00Z',
    });
    first.close();

    const second = await openKiraStore('v', { indexedDB: factory, ...hooks });
    expect(await second.getLedger('r')).toBeDefined();
    expect(calls.empty).toEqual(['created']);
    second.close();
  });

  it('upgrades a version-1 database to the current version, keeping its data', async () => {
    const factory = new IDBFactory();
    await createVersion1(factory, 'kira-old');
    const { calls, hooks } = recorder();

    const store = await openKiraStore('old', { indexedDB: factory, ...hooks });
    expect(store.kind).toBe('indexeddb');
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(await store.getSeen('kept')).toMatchObject({ count: 2, last_seen: 20 });
    expect(await store.getSyncToken('work')).toBe('tok-v1');

    // The stores and index version 2 added work on the upgraded data.
    expect(await store.deleteSeenBefore(21)).toBe(1);
    await store.putLedger({
      remote_id: 'r',
      entity_id: 'e',
      source: 'gcal',
      version_seen: 1,
      etag_seen: null,
      last_sync: '2024-05-01T09:30:00Z',
    });
    expect(await store.ledgerForEntity('e')).toHaveLength(1);
    expect(calls.empty).toEqual([]);
    store.close();
  });
});

describe('falling back to memory', () => {
  it('falls back when there is no IndexedDB, saying so once', async () => {
    const { calls, hooks } = recorder();
    const store = await openKiraStore('v', { ...hooks, indexedDB: null });

    expect(store.kind).toBe('memory');
    expect(await store.markSeen('e', 'vault', 1)).toBe('new');
    expect(await store.markSeen('e', 'vault', 1)).toBe('duplicate');
    expect(calls.fallback).toEqual(['IndexedDB is not available here.']);
    expect(calls.empty).toEqual(['memory']);
  });

  it('falls back when opening throws', async () => {
    const { calls, hooks } = recorder();
    const broken = {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;

    const store = await openKiraStore('v', { indexedDB: broken, ...hooks });
    expect(store.kind).toBe('memory');
    expect(calls.fallback).toEqual(['IndexedDB could not be opened (The operation is insecure.).']);
  });

  it('falls back when the database is newer than this code', async () => {
    const factory = new IDBFactory();
    (await openDBWith(factory, 'kira-v', SCHEMA_VERSION + 1)).close();
    const { calls, hooks } = recorder();

    const { timers } = pinnedTime();
    const store = await openKiraStore('v', { indexedDB: factory, timers, ...hooks });
    expect(store.kind).toBe('memory');
    expect(calls.fallback[0]).toMatch(/newer version of Kira/);
    expect(timers.size).toBe(0);
  });
});

describe('other connections', () => {
  it('waits for an older connection that blocks the upgrade, telling the user', async () => {
    const factory = new IDBFactory();
    await createVersion1(factory, 'kira-v');
    // An old window that ignores requests to close.
    const oldWindow = await openDBWith(factory, 'kira-v', 1);
    const { calls, hooks } = recorder();

    const opening = openKiraStore('v', { indexedDB: factory, ...hooks });
    await settle();
    expect(calls.blocked).toBe(1);

    oldWindow.close();
    const store = await opening;
    expect(store.kind).toBe('indexeddb');
    expect(await store.getSeen('kept')).toBeDefined();
    store.close();
  });

  it('gives up on a blocked upgrade after the timeout and works in memory', async () => {
    const factory = new IDBFactory();
    await createVersion1(factory, 'kira-v');
    const oldWindow = await openDBWith(factory, 'kira-v', 1);
    const { timers } = pinnedTime();
    const { calls, hooks } = recorder();

    const opening = openKiraStore('v', {
      indexedDB: factory,
      timers,
      blockedTimeoutMs: 3000,
      ...hooks,
    });
    await settle();
    timers.advance(3000);
    const store = await opening;

    expect(store.kind).toBe('memory');
    expect(calls.fallback[0]).toMatch(/kept the database busy/);
    oldWindow.close();
    await settle();

    // The late open went through and was closed again: an upgrade now waits for nobody.
    const upgrade = openDBWith(factory, 'kira-v', SCHEMA_VERSION + 1);
    const first = await Promise.race([upgrade, sleep(500).then(() => 'still blocked' as const)]);
    expect(first).not.toBe('still blocked');
    expect(calls.blocking).toEqual([]);
    (await upgrade).close();
  });

  it('closes for a newer version opened elsewhere, then falls back to memory', async () => {
    const factory = new IDBFactory();
    const { calls, hooks } = recorder();
    const store = await openKiraStore('v', { indexedDB: factory, ...hooks });
    await store.markSeen('e', 'vault', 1);

    const newer = await openDBWith(factory, 'kira-v', SCHEMA_VERSION + 1);
    expect(calls.blocking).toEqual([SCHEMA_VERSION + 1]);

    expect(await store.markSeen('e2', 'vault', 1)).toBe('new');
    expect(store.kind).toBe('memory');
    expect(calls.fallback).toHaveLength(1);
    newer.close();
  });

  it('recovers when the database is deleted while open: reopens it empty and says so', async () => {
    const factory = new IDBFactory();
    const { calls, hooks } = recorder();
    const store = await openKiraStore('v', { indexedDB: factory, ...hooks });
    await store.markSeen('before', 'vault', 1);

    await deleteDatabase(factory, 'kira-v');
    expect(calls.blocking).toEqual([null]);

    expect(await store.markSeen('before', 'vault', 2)).toBe('new');
    expect(store.kind).toBe('indexeddb');
    expect(calls.empty).toEqual(['created', 'recreated']);
    expect(calls.fallback).toEqual([]);
    store.close();
  });

  it('serves concurrent calls during a recovery without losing any', async () => {
    const factory = new IDBFactory();
    const store = await openKiraStore('v', { indexedDB: factory });
    factory.deleteDatabase('kira-v');
    await settle();

    const marks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.markSeen(`e${i % 5}`, 'vault', 1)),
    );
    expect(marks.filter((mark) => mark === 'new')).toHaveLength(5);
    store.close();
  });
});
