import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

import { MemoryKiraStore } from '../../src/store/memory-store';
import { openKiraStore } from '../../src/store/open';
import { type KiraStore, type LedgerEntry, SCHEMA_VERSION } from '../../src/store/types';

const DAY = 86_400_000;

function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    remote_id: 'evt1',
    entity_id: 'event-20240501-0930-planning',
    source: 'gcal',
    version_seen: 3,
    etag_seen: '"e3"',
    last_sync: '2024-05-01T09:30:00Z',
    ...overrides,
  };
}

const implementations: [string, () => Promise<KiraStore>][] = [
  ['IndexedDB', () => openKiraStore('contract', { indexedDB: new IDBFactory() })],
  ['memory', () => Promise.resolve(new MemoryKiraStore())],
];

describe.each(implementations)('the %s store', (kind, open) => {
  let store: KiraStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('says what kind it is', () => {
    expect(store.kind).toBe(kind === 'memory' ? 'memory' : 'indexeddb');
  });

  describe('seen events', () => {
    it('marks an id new the first time and duplicate after, counting arrivals', async () => {
      expect(await store.markSeen('e1', 'vault', 1000)).toBe('new');
      expect(await store.markSeen('e1', 'vault', 5000)).toBe('duplicate');
      expect(await store.markSeen('e1', 'vault', 3000)).toBe('duplicate');

      expect(await store.getSeen('e1')).toEqual({
        event_id: 'e1',
        source: 'vault',
        first_seen: 1000,
        last_seen: 5000,
        count: 3,
      });
    });

    it('gives exactly one "new" to many concurrent marks of one id', async () => {
      const marks = await Promise.all(
        Array.from({ length: 25 }, () => store.markSeen('race', 'calendar', 1)),
      );
      expect(marks.filter((mark) => mark === 'new')).toHaveLength(1);
      expect((await store.getSeen('race'))?.count).toBe(25);
    });

    it('forgets a mark on request', async () => {
      await store.markSeen('e1', 'vault', 1);
      await store.unmarkSeen('e1');
      expect(await store.markSeen('e1', 'vault', 2)).toBe('new');
    });

    it('removes marks last seen before the cutoff and says how many', async () => {
      await store.markSeen('old', 'vault', 1 * DAY);
      await store.markSeen('refreshed', 'vault', 1 * DAY);
      await store.markSeen('refreshed', 'vault', 40 * DAY);
      await store.markSeen('recent', 'calendar', 35 * DAY);

      expect(await store.deleteSeenBefore(35 * DAY)).toBe(1);
      expect(await store.getSeen('old')).toBeUndefined();
      expect(await store.getSeen('recent')).toBeDefined();
      expect(await store.getSeen('refreshed')).toBeDefined();
    });

    it('counts unique events and duplicates, overall and per source', async () => {
      for (const [id, source] of [
        ['a', 'vault'],
        ['a', 'vault'],
        ['b', 'vault'],
        ['c', 'calendar'],
        ['c', 'calendar'],
        ['c', 'calendar'],
      ]) {
        await store.markSeen(id!, source!, 1);
      }
      expect(await store.seenStats()).toEqual({
        unique: 3,
        duplicates: 3,
        bySource: { vault: { unique: 2, duplicates: 1 }, calendar: { unique: 1, duplicates: 2 } },
      });
    });
  });

  describe('the sync ledger', () => {
    it('finds an entry by remote id and by entity id', async () => {
      await store.putLedger(ledgerEntry());
      await store.putLedger(ledgerEntry({ remote_id: 'evt2' }));
      await store.putLedger(
        ledgerEntry({ remote_id: 'evt3', entity_id: 'event-20240501-0930-other' }),
      );

      expect(await store.getLedger('evt1')).toEqual(ledgerEntry());
      const remoteIds = (await store.ledgerForEntity('event-20240501-0930-planning')).map(
        (e) => e.remote_id,
      );
      expect(remoteIds.sort()).toEqual(['evt1', 'evt2']);
    });

    it('replaces the whole ledger at once', async () => {
      await store.putLedger(ledgerEntry());
      await store.replaceLedger([ledgerEntry({ remote_id: 'evt9' })]);
      expect(await store.getLedger('evt1')).toBeUndefined();
      expect(await store.getLedger('evt9')).toBeDefined();
    });

    it('deletes an entry', async () => {
      await store.putLedger(ledgerEntry());
      await store.deleteLedger('evt1');
      expect(await store.getLedger('evt1')).toBeUndefined();
    });
  });

  describe('snapshots and meta', () => {
    it('keeps the last valid frontmatter of an entity, as a copy', async () => {
      const frontmatter = { id: 'task-20240501-0930-a', status: 'doing', tags: ['x'] };
      await store.putSnapshot({
        entity_id: 'task-20240501-0930-a',
        path: 'a.md',
        hash: 'h1234567',
        frontmatter,
        saved_at: 5,
      });
      frontmatter.tags.push('changed later');

      const snapshot = await store.getSnapshot('task-20240501-0930-a');
      expect(snapshot?.frontmatter).toEqual({
        id: 'task-20240501-0930-a',
        status: 'doing',
        tags: ['x'],
      });
      await store.deleteSnapshot('task-20240501-0930-a');
      expect(await store.getSnapshot('task-20240501-0930-a')).toBeUndefined();
    });

    it('keeps sync tokens per calendar and forgets one on null', async () => {
      await store.setSyncToken('work', 'tok-1');
      await store.setSyncToken('home', 'tok-2');
      await store.setSyncToken('work', null);
      expect(await store.getSyncToken('work')).toBeNull();
      expect(await store.getSyncToken('home')).toBe('tok-2');
    });

    it('reports the current schema version', async () => {
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    });
  });

  it('refuses work after close with a stable code', async () => {
    store.close();
    await expect(store.markSeen('e', 'vault', 1)).rejects.toMatchObject({ code: 'store_closed' });
  });
});
