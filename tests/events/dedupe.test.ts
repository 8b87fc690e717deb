import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

import { DEFAULT_DEDUPE_TTL_MS, Dedupe } from '../../src/events/dedupe';
import { openKiraStore } from '../../src/store/open';
import { envelope, pinnedTime } from './builders';

const DAY = 86_400_000;

async function makeDedupe() {
  const { clock } = pinnedTime();
  const store = await openKiraStore('dedupe', { indexedDB: new IDBFactory() });
  return { dedupe: new Dedupe(store, clock), clock, store };
}

describe('dedupe', () => {
  it('lets an envelope through once and stops its repeats', async () => {
    const { dedupe } = await makeDedupe();
    const event = await envelope();
    const repeat = { ...event, event_ts: '2024-05-01T10:00:00Z' };

    expect(await dedupe.markSeen(event)).toBe('new');
    expect(await dedupe.markSeen(repeat)).toBe('duplicate');
  });

  it('lets exactly one of many concurrent arrivals through', async () => {
    const { dedupe } = await makeDedupe();
    const event = await envelope();
    const marks = await Promise.all(Array.from({ length: 20 }, () => dedupe.markSeen(event)));
    expect(marks.filter((mark) => mark === 'new')).toEqual(['new']);
  });

  it('keeps marks for 30 days after they were last seen, then cleans them up', async () => {
    const { dedupe, clock } = await makeDedupe();
    const old = await envelope({ external_id: 'old' });
    const busy = await envelope({ external_id: 'busy' });
    await dedupe.markSeen(old);
    await dedupe.markSeen(busy);

    clock.advance(20 * DAY);
    await dedupe.markSeen(busy);
    clock.advance(DEFAULT_DEDUPE_TTL_MS - 20 * DAY);
    expect(await dedupe.cleanup()).toBe(0);

    clock.advance(1);
    expect(await dedupe.cleanup()).toBe(1);
    expect(await dedupe.markSeen(old)).toBe('new');
    expect(await dedupe.markSeen(busy)).toBe('duplicate');
  });

  it('cleans up with a TTL given on the call', async () => {
    const { dedupe, clock } = await makeDedupe();
    await dedupe.markSeen(await envelope());
    clock.advance(DAY + 1);
    expect(await dedupe.cleanup(DAY)).toBe(1);
  });

  it('forgets an event so that its redelivery goes through', async () => {
    const { dedupe } = await makeDedupe();
    const event = await envelope();
    await dedupe.markSeen(event);
    await dedupe.forget(event.event_id);
    expect(await dedupe.markSeen(event)).toBe('new');
  });

  it('counts unique events and duplicates by source', async () => {
    const { dedupe } = await makeDedupe();
    const vault = await envelope();
    const calendar = await envelope({
      source: 'calendar',
      type: 'calendar.upsert',
      payload: { id: 'e' },
    });
    for (const event of [vault, vault, vault, calendar]) await dedupe.markSeen(event);

    expect(await dedupe.stats()).toEqual({
      unique: 2,
      duplicates: 2,
      bySource: { vault: { unique: 1, duplicates: 2 }, calendar: { unique: 1, duplicates: 0 } },
    });
  });
});
