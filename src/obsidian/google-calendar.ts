/**
 * The part of the calendar sync that needs Google's client libraries. `@googleapis/calendar`
 * (with gaxios and google-auth-library) requires Node modules (`stream`, `https`, ...) as soon
 * as it is evaluated, which would break Kira's load on mobile. So nothing reached from
 * `main.ts` imports this module statically: `CalendarRuntime` loads it with `await import()`
 * behind `Platform.isDesktop`, and esbuild keeps it as a lazily evaluated part of `main.js`.
 */
import { calendar, type calendar_v3 } from '@googleapis/calendar';

import { GoogleAuth, type GoogleAuthDeps, type GoogleOAuthClient } from '../calendar/auth';
import { type CalendarApi, googleCalendarApi, toSyncError } from '../calendar/client';
import { CalendarSync, type CalendarSyncOptions } from '../calendar/engine';

/** One calendar the signed-in account may write to, for the picker. */
export interface CalendarChoice {
  id: string;
  summary: string;
  isPrimary: boolean;
}

export interface GoogleConnectionDeps extends GoogleAuthDeps {
  /** The Calendar API's root; Google's unless a test server stands in. */
  apiRootUrl?: string;
}

/** The Google side of the sync: the sign-in, the calendar list and engines for a calendar. */
export interface GoogleConnection {
  readonly auth: GoogleAuth;
  /** The calendars the account can write to, primary first. */
  listCalendars(): Promise<CalendarChoice[]>;
  /** A sync engine for `calendarId`; its requests always use the current sign-in. */
  newSync(calendarId: string, options: Omit<CalendarSyncOptions, 'api'>): CalendarSync;
}

/** Pages of the calendar list read at most; nobody subscribes to thousands of calendars. */
const MAX_LIST_PAGES = 10;

export function connectGoogle(deps: GoogleConnectionDeps): GoogleConnection {
  const auth = new GoogleAuth(deps);
  const clients = new WeakMap<GoogleOAuthClient, calendar_v3.Calendar>();

  // One calendar client per OAuth client: a new sign-in brings a new OAuth client.
  const client = (): calendar_v3.Calendar => {
    const oauth = auth.client();
    let built = clients.get(oauth);
    if (built === undefined) {
      built = calendar({
        version: 'v3',
        auth: oauth,
        ...(deps.apiRootUrl === undefined ? {} : { rootUrl: deps.apiRootUrl }),
        fetchImplementation: deps.fetchImplementation,
        // Kira's own backoff retries; see docs/adr/0008-calendar-sync.md.
        retry: false,
      });
      clients.set(oauth, built);
    }
    return built;
  };

  return {
    auth,
    listCalendars: () => listWritableCalendars(client),
    newSync: (calendarId, options) =>
      new CalendarSync({ ...options, api: liveApi(client, calendarId) }),
  };
}

/** A `CalendarApi` that builds each call on the client of the sign-in current at that moment. */
function liveApi(client: () => calendar_v3.Calendar, calendarId: string): CalendarApi {
  const api = (): CalendarApi => googleCalendarApi(client(), calendarId);
  return {
    calendarId,
    list: (request) => api().list(request),
    get: (eventId) => api().get(eventId),
    insert: (body) => api().insert(body),
    patch: (eventId, body, etag) => api().patch(eventId, body, etag),
  };
}

async function listWritableCalendars(
  client: () => calendar_v3.Calendar,
): Promise<CalendarChoice[]> {
  const choices: CalendarChoice[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    // Outside the try: a missing sign-in is an AuthError, not a failed request.
    const calendars = client().calendarList;
    let data: calendar_v3.Schema$CalendarList;
    try {
      ({ data } = await calendars.list({
        minAccessRole: 'writer',
        ...(pageToken === undefined ? {} : { pageToken }),
      }));
    } catch (error) {
      throw toSyncError(error, 'calendar');
    }
    for (const entry of data.items ?? []) {
      if (typeof entry.id !== 'string') continue;
      choices.push({
        id: entry.id,
        summary: entry.summary ?? entry.id,
        isPrimary: entry.primary === true,
      });
    }
    pageToken = data.nextPageToken ?? undefined;
    if (pageToken === undefined) break;
  }
  return choices.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
}
