import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { wrap } from 'idb';

import { readSyncContract, rebuildLedger } from '../../src/store/ledger';
import { openKiraStore } from '../../src/store/open';

function xKira(overrides: Record<string, unknown> = {}) {
  return {
    source: 'gcal',
    version: 4,
    remote_id: 'evt1',
    last_write_ts: '2024-05-01T09:30:00Z',
    etag: '"e4"',
    ...overrides,
  };
}

describe('reading the x-kira sync contract', () => {
  it('reads a complete contract', () => {
    expect(readSyncContract(xKira())).toEqual({ ok: true, contract: xKira() });
  });

  it('treats a note without x-kira as not synced', () => {
    expect(readSyncContract(undefined)).toEqual({ ok: null });
  });

  it('takes a missing etag as none', () => {
    const result = readSyncContract(xKira({ etag: undefined }));
    expect(result.ok && result.contract.etag).toBeNull();
  });

  it('lists what is wrong with a broken contract', () => {
    const result = readSyncContract({
      version: -1,
      last_write_ts: '2024-05-01T11:30:00+02:00',
      etag: 5,
    });
    expect(result.ok).toBe(false);
    if (result.ok === false) {
      expect(result.reasons).toEqual([
        'x-kira.source: missing',
        'x-kira.version: expected a whole number ≥ 0',
        'x-kira.remote_id: missing',
        'x-kira.last_write_ts: expected a UTC time like 2024-05-01T09:30:00Z',
        'x-kira.etag: expected a text',
      ]);
    }
    expect(readSyncContract('gcal')).toMatchObject({ ok: false });
  });
});

describe('rebuilding the ledger after a wipe', () => {
  it('brings back an entry for every synced note and nothing else', async () => {
    const factory = new IDBFactory();
    const before = await openKiraStore('v', { indexedDB: factory });
    await before.putLedger({
      remote_id: 'stale',
      entity_id: 'x',
      source: 'gcal',
      version_seen: 1,
      etag_seen: null,
      last_sync: '2024-01-01T00:00:00Z',
    });
    before.close();
    await wrap(factory.deleteDatabase('kira-v'));

    const store = await openKiraStore('v', { indexedDB: factory });
    const result = await rebuildLedger(store, [
      { id: 'event-20240501-0930-a', xKira: xKira() },
      { id: 'event-20240501-0930-b', xKira: xKira({ remote_id: 'evt2', etag: null }) },
      { id: 'note-20240501-0930-plain', xKira: undefined },
      { id: 'event-20240501-0930-broken', xKira: { source: 'gcal' } },
    ]);

    expect(result.rebuilt).toBe(2);
    expect(result.skipped.map((s) => s.id)).toEqual(['event-20240501-0930-broken']);
    expect(await store.getLedger('evt1')).toEqual({
      remote_id: 'evt1',
      entity_id: 'event-20240501-0930-a',
      source: 'gcal',
      version_seen: 4,
      etag_seen: '"e4"',
      last_sync: '2024-05-01T09:30:00Z',
    });
    expect((await store.ledgerForEntity('event-20240501-0930-b'))[0]?.remote_id).toBe('evt2');
    expect(await store.getLedger('stale')).toBeUndefined();
    store.close();
  });

  it('gives a remote id claimed twice to the note written last, reporting the other', async () => {
    const store = await openKiraStore('v', { indexedDB: new IDBFactory() });
    const result = await rebuildLedger(store, [
      { id: 'event-20240501-0930-new', xKira: xKira({ last_write_ts: '2024-05-02T00:00:00Z' }) },
      { id: 'event-20240501-0930-copy', xKira: xKira() },
    ]);

    expect(result.rebuilt).toBe(1);
    expect((await store.getLedger('evt1'))?.entity_id).toBe('event-20240501-0930-new');
    expect(result.skipped).toEqual([
      {
        id: 'event-20240501-0930-copy',
        reasons: [
          'x-kira.remote_id: evt1 is also claimed by event-20240501-0930-new, which keeps it',
        ],
      },
    ]);
    store.close();
  });
});
