import { CalendarEmulator, emulatorClient } from '../emulator';
import { listAll, meeting, now } from './builders';

describe('a long run against one emulator', () => {
  let emulator: CalendarEmulator;

  beforeEach(async () => {
    emulator = await CalendarEmulator.start({ clock: () => now });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('stays consistent over 600 mixed operations', async () => {
    const { calendar } = emulatorClient(emulator, { retry: false });
    const live = new Map<string, string>();
    let syncToken = (await listAll(calendar, {})).nextSyncToken;
    let changedSinceSync = new Set<string>();

    for (let i = 0; i < 600; i += 1) {
      const ids = [...live.keys()];
      const target = ids[i % Math.max(ids.length, 1)];
      if (i % 5 === 4 || target === undefined) {
        const { data } = await calendar.events.insert({
          calendarId: 'primary',
          requestBody: meeting(`e${i}`, i % 100),
        });
        live.set(data.id!, data.etag!);
        changedSinceSync.add(data.id!);
      } else if (i % 7 === 0) {
        await calendar.events.delete(
          { calendarId: 'primary', eventId: target },
          { headers: { 'If-Match': live.get(target)! } },
        );
        live.delete(target);
        changedSinceSync.add(target);
      } else if (i % 3 === 0) {
        const delta = await listAll(calendar, { syncToken });
        expect(new Set(delta.items.map((e) => e.id))).toEqual(changedSinceSync);
        syncToken = delta.nextSyncToken;
        changedSinceSync = new Set();
      } else {
        const { data } = await calendar.events.patch(
          { calendarId: 'primary', eventId: target, requestBody: { summary: `p${i}` } },
          { headers: { 'If-Match': live.get(target)! } },
        );
        live.set(target, data.etag!);
        changedSinceSync.add(target);
      }
    }

    const listed = await listAll(calendar, { maxResults: 50 });
    expect(listed.items.map((e) => e.id).sort()).toEqual([...live.keys()].sort());
    expect(emulator.requests.length).toBeGreaterThan(600);
    expect(emulator.requests.every((r) => r.status < 300)).toBe(true);
  });
});
