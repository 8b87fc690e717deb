import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

import { MemoryKiraStore } from '../../src/store/memory-store';
import { openKiraStore } from '../../src/store/open';
import type { KiraStore, OutboxEntry } from '../../src/store/types';

function entry(entityId: string, changedAt: number, calendarId = 'primary'): OutboxEntry {
  return {
    calendar_id: calendarId,
    entity_id: entityId,
    changed_at: changedAt,
    attempts: 0,
    last_error: null,
  };
}

const implementations: [string, () => Promise<KiraStore>][] = [
  ['IndexedDB', () => openKiraStore('outbox', { indexedDB: new IDBFactory() })],
  ['memory', () => Promise.resolve(new MemoryKiraStore())],
];

describe.each(implementations)('the outbox of the %s store', (_kind, open) => {
  let store: KiraStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('keeps one entry per calendar and entity, listed oldest change first', async () => {
    await store.putOutbox(entry('event-b', 20));
    await store.putOutbox(entry('event-a', 10));
    await store.putOutbox(entry('event-b', 30));
    await store.putOutbox(entry('event-a', 5, 'work'));

    const listed = await store.listOutbox('primary');

    expect(listed.map((queued) => [queued.entity_id, queued.changed_at])).toEqual([
      ['event-a', 10],
      ['event-b', 30],
    ]);
    expect(await store.listOutbox('work')).toHaveLength(1);
  });

  it('removes an entry only when it still holds the change that was sent', async () => {
    await store.putOutbox(entry('event-a', 10));
    await store.putOutbox(entry('event-a', 11));

    expect(await store.deleteOutbox('primary', 'event-a', 10)).toBe(false);
    expect(await store.listOutbox('primary')).toHaveLength(1);
    expect(await store.deleteOutbox('primary', 'event-a', 11)).toBe(true);
    expect(await store.listOutbox('primary')).toHaveLength(0);
  });

  it('removes an entry unconditionally without a change time', async () => {
    await store.putOutbox(entry('event-a', 10));

    expect(await store.deleteOutbox('primary', 'event-a')).toBe(true);
    expect(await store.deleteOutbox('primary', 'event-a')).toBe(false);
  });
});
