/** Small builders and helpers shared by the emulator's tests. */
import type { calendar_v3 } from '@googleapis/calendar';

import {
  CalendarEmulator,
  emulatorClient,
  type EmulatorClientOptions,
  type EmulatorOptions,
} from '../emulator';

/** 2024-03-04T09:00:00Z, a Monday; every test's "now". */
export const now = Date.UTC(2024, 2, 4, 9, 0, 0);

/** A one-hour meeting `hoursFromNow` hours after {@link now}. */
export function meeting(
  summary: string,
  hoursFromNow = 24,
  fields: calendar_v3.Schema$Event = {},
): calendar_v3.Schema$Event {
  const start = now + hoursFromNow * 3_600_000;
  return {
    summary,
    start: { dateTime: new Date(start).toISOString() },
    end: { dateTime: new Date(start + 3_600_000).toISOString() },
    ...fields,
  };
}

export function allDay(summary: string, date: string, endDate: string): calendar_v3.Schema$Event {
  return { summary, start: { date }, end: { date: endDate } };
}

export interface Harness {
  emulator: CalendarEmulator;
  calendar: calendar_v3.Calendar;
}

/** Starts an emulator with a pinned clock and a real client that does not retry. */
export async function startHarness(
  options: EmulatorOptions = {},
  clientOptions: EmulatorClientOptions = { retry: false },
): Promise<Harness> {
  const emulator = await CalendarEmulator.start({ clock: () => now, ...options });
  return { emulator, calendar: emulatorClient(emulator, clientOptions).calendar };
}

/** The HTTP status and Google reason of a failed call. */
export async function failureOf(
  call: Promise<unknown>,
): Promise<{ status: unknown; reason: unknown; body: unknown }> {
  try {
    await call;
  } catch (error: unknown) {
    const failure = error as {
      status?: unknown;
      response?: { data?: { error?: { errors?: { reason?: unknown }[] } } };
    };
    const body = failure.response?.data;
    return { status: failure.status, reason: body?.error?.errors?.[0]?.reason, body };
  }
  throw new Error('the call succeeded but a failure was expected');
}

/** Every page of a listing, following `nextPageToken`. */
export async function listAll(
  calendar: calendar_v3.Calendar,
  params: calendar_v3.Params$Resource$Events$List,
): Promise<{ items: calendar_v3.Schema$Event[]; pages: number; nextSyncToken: string }> {
  const items: calendar_v3.Schema$Event[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  for (;;) {
    const { data } = await calendar.events.list({
      calendarId: 'primary',
      ...params,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    pages += 1;
    items.push(...(data.items ?? []));
    if (data.nextPageToken == null)
      return { items, pages, nextSyncToken: data.nextSyncToken ?? '' };
    pageToken = data.nextPageToken;
  }
}
