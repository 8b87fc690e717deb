/** A sync engine wired to an emulator through the real client, with in-memory notes and store. */
import type { calendar_v3 } from '@googleapis/calendar';

import { type CalendarApi, googleCalendarApi } from '../../src/calendar/client';
import { type CalendarSyncSettings, DEFAULT_SYNC_SETTINGS } from '../../src/calendar/context';
import { CalendarSync } from '../../src/calendar/engine';
import { MemoryEntityRepository } from '../../src/calendar/memory-repository';
import type { SyncQuarantine, SyncQuarantineDraft } from '../../src/calendar/repository';
import { LogHub, MemoryLogSink } from '../../src/logs/logger';
import { MemoryKiraStore } from '../../src/store/memory-store';
import { FixedClock } from '../../src/time/clock';
import { CalendarEmulator, emulatorClient } from '../emulator';

/** 2024-03-04T09:00:00Z, a Monday; every test's "now". */
export const now = Date.UTC(2024, 2, 4, 9, 0, 0);
export const HOUR = 3_600_000;

export class MemoryQuarantine implements SyncQuarantine {
  readonly items: SyncQuarantineDraft[] = [];

  add(draft: SyncQuarantineDraft): Promise<void> {
    this.items.push(draft);
    return Promise.resolve();
  }
}

export interface Engine {
  engine: CalendarSync;
  store: MemoryKiraStore;
  logs: MemoryLogSink;
  sleeps: number[];
}

export interface Rig extends Engine {
  emulator: CalendarEmulator;
  clock: FixedClock;
  repository: MemoryEntityRepository;
  quarantine: MemoryQuarantine;
  settings: CalendarSyncSettings;
  /** Requests the emulator answered since the last call. */
  takeRequests(): CalendarEmulator['requests'];
  /** A second engine (another device) on the same notes, calendar and quarantine. */
  addEngine(): Engine;
  close(): Promise<void>;
}

/** Starts an emulator and an engine; `wrapApi` may stand between the engine and the client. */
export async function startRig(
  settings: Partial<CalendarSyncSettings> = {},
  wrapApi: (api: CalendarApi) => CalendarApi = (api) => api,
): Promise<Rig> {
  const clock = new FixedClock(now);
  const emulator = await CalendarEmulator.start({ clock: () => clock.now() });
  const repository = new MemoryEntityRepository('UTC');
  const quarantine = new MemoryQuarantine();
  const fullSettings: CalendarSyncSettings = { ...DEFAULT_SYNC_SETTINGS, ...settings };
  let seen = 0;

  const build = (): Engine => {
    const { calendar } = emulatorClient(emulator, { retry: false });
    const store = new MemoryKiraStore();
    const logs = new MemoryLogSink();
    const sleeps: number[] = [];
    const engine = new CalendarSync({
      api: wrapApi(googleCalendarApi(calendar, 'primary')),
      store,
      repository,
      quarantine,
      clock,
      settings: () => fullSettings,
      logger: new LogHub(clock, logs, { default: 'debug', modules: {} }).logger('calendar'),
      retry: {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        random: () => 0.5,
      },
    });
    return { engine, store, logs, sleeps };
  };

  const first = build();
  return {
    ...first,
    emulator,
    clock,
    repository,
    quarantine,
    settings: fullSettings,
    takeRequests: () => {
      const taken = emulator.requests.slice(seen);
      seen = emulator.requests.length;
      return taken;
    },
    addEngine: build,
    close: () => emulator.close(),
  };
}

/** A one-hour meeting starting `hoursFromNow` after {@link now}. */
export function meeting(
  summary: string,
  hoursFromNow = 24,
  fields: calendar_v3.Schema$Event = {},
): calendar_v3.Schema$Event {
  const start = now + hoursFromNow * HOUR;
  return {
    summary,
    start: { dateTime: new Date(start).toISOString() },
    end: { dateTime: new Date(start + HOUR).toISOString() },
    ...fields,
  };
}

/** Adds an event note as Kira's create command would, without sync metadata. */
export function addEventNote(
  rig: Pick<Rig, 'repository' | 'clock'>,
  id: string,
  title: string,
  fields: Record<string, unknown> = {},
): void {
  const start = rig.clock.now() + 48 * HOUR;
  const text = MemoryEntityRepository.eventText(id, title, rig.clock, {
    start: new Date(start).toISOString().replace('.000Z', 'Z'),
    end: new Date(start + HOUR).toISOString().replace('.000Z', 'Z'),
    ...fields,
  });
  rig.repository.put(id, text);
}

/** The `x-kira` block of a note. */
export function contractOf(rig: Pick<Rig, 'repository'>, id: string): Record<string, unknown> {
  return (rig.repository.frontmatterOf(id)?.['x-kira'] ?? {}) as Record<string, unknown>;
}

/** The one note linked to remote event `remoteId`. */
export function noteFor(rig: Pick<Rig, 'repository'>, remoteId: string): string {
  const ids = [...rig.repository.notes.keys()].filter(
    (id) => contractOf(rig, id).remote_id === remoteId,
  );
  if (ids.length !== 1) throw new Error(`${ids.length} notes for ${remoteId}`);
  return ids[0]!;
}

/** Live events on the emulator's primary calendar. */
export function liveEvents(rig: Pick<Rig, 'emulator'>) {
  return rig.emulator.events('primary', { includeDeleted: false });
}
