/**
 * Calendar sync costs against the emulator on loopback, through the real client:
 *
 * - requests for an incremental sync when nothing changed (must be 1);
 * - pages and time of a full sync of 5,000 events, beside the raw paged listing alone;
 * - requests for pushing 100 edits, beside the minimum (one patch each).
 */
import { googleCalendarApi } from '../src/calendar/client';
import { DEFAULT_SYNC_SETTINGS } from '../src/calendar/context';
import { CalendarSync } from '../src/calendar/engine';
import { MemoryEntityRepository } from '../src/calendar/memory-repository';
import { MemoryKiraStore } from '../src/store/memory-store';
import { FixedClock } from '../src/time/clock';
import { CalendarEmulator, emulatorClient } from '../tests/emulator';
import { figure } from './harness';

const EVENTS = 5000;
const EDITS = 100;
const NOW = Date.UTC(2024, 2, 4, 9, 0, 0);
const HOUR = 3_600_000;

async function main(): Promise<void> {
  const clock = new FixedClock(NOW);
  const emulator = await CalendarEmulator.start({ clock: () => clock.now() });
  for (let n = 0; n < EVENTS; n += 1) {
    const start = NOW + (n % 2000) * HOUR;
    emulator.remote.insert('primary', {
      summary: `Meeting ${n}`,
      location: `Room ${n % 40}`,
      start: { dateTime: new Date(start).toISOString() },
      end: { dateTime: new Date(start + HOUR).toISOString() },
    });
  }
  const { calendar } = emulatorClient(emulator, { retry: false });
  const api = googleCalendarApi(calendar, 'primary');
  const settings = { ...DEFAULT_SYNC_SETTINGS, pageSize: 2500, windowFutureDays: 400 };

  const rawStarted = performance.now();
  let rawPages = 0;
  let pageToken: string | undefined;
  do {
    const page = await api.list({
      maxResults: settings.pageSize,
      timeMin: new Date(NOW - 30 * 24 * HOUR).toISOString(),
      timeMax: new Date(NOW + 400 * 24 * HOUR).toISOString(),
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    rawPages += 1;
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  const rawMs = performance.now() - rawStarted;

  const repository = new MemoryEntityRepository('UTC');
  const engine = new CalendarSync({
    api,
    store: new MemoryKiraStore(),
    repository,
    quarantine: { add: () => Promise.resolve() },
    clock,
    settings: () => settings,
  });
  const fullStarted = performance.now();
  const full = await engine.sync();
  const fullMs = performance.now() - fullStarted;

  figure('full sync: events taken in', full.created, 'notes', String(EVENTS));
  figure('full sync: pages', full.pages, 'pages', `raw listing: ${rawPages}`);
  figure('full sync: time', fullMs, 'ms', `raw paged listing alone: ${rawMs.toFixed(0)} ms`);
  figure('full sync / raw listing', fullMs / rawMs, 'x');

  const beforeIdle = emulator.requests.length;
  await engine.sync();
  figure(
    'incremental sync, nothing changed',
    emulator.requests.length - beforeIdle,
    'requests',
    '1',
  );

  const ids = [...repository.notes.keys()].slice(0, EDITS);
  for (const [n, id] of ids.entries()) {
    clock.advance(1000);
    repository.userEdit(id, { title: `Meeting, edited ${n}` });
    await engine.noteChanged(id);
  }
  const beforePush = emulator.requests.length;
  const pushed = await engine.flush();
  const pushRequests = emulator.requests.length - beforePush;
  figure(`push of ${EDITS} edits: requests`, pushRequests, 'requests', `minimum ${EDITS}`);
  figure(`push of ${EDITS} edits / minimum`, pushRequests / EDITS, 'x');
  figure(`push of ${EDITS} edits: patched`, pushed.patched, 'events');

  const beforeEcho = emulator.requests.length;
  const echo = await engine.sync();
  figure('pull after the push: requests', emulator.requests.length - beforeEcho, 'requests', '1');
  figure('pull after the push: echoes skipped', echo.echoes, 'events', String(EDITS));

  await emulator.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
