import type { calendar_v3 } from '@googleapis/calendar';

import { type CalendarSyncErrorCode, CalendarSyncError, messageFor } from './errors';

/** An event resource as Google sends it. Read through `mapping.ts`, never trusted as typed. */
export type RemoteEvent = calendar_v3.Schema$Event;

/** What Kira writes: the fields of an event it owns. */
export type EventBody = calendar_v3.Schema$Event;

export interface ListRequest {
  syncToken?: string;
  pageToken?: string;
  /** RFC 3339; only without a sync token. */
  timeMin?: string;
  timeMax?: string;
  maxResults: number;
}

export interface EventsPage {
  /** Raw items: each is checked by the mapping before use. */
  items: unknown[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

/**
 * The calls the sync makes on one calendar; the only way it talks to Google. Every method
 * rejects with a `CalendarSyncError` and never retries by itself (the engine's backoff does).
 */
export interface CalendarApi {
  readonly calendarId: string;
  /** One page of `events.list`, always with `singleEvents` (recurring events as instances). */
  list(request: ListRequest): Promise<EventsPage>;
  get(eventId: string): Promise<RemoteEvent>;
  /** Inserts with the client-chosen `body.id`. */
  insert(body: EventBody): Promise<RemoteEvent>;
  /** Patches with `If-Match: etag`. */
  patch(eventId: string, body: EventBody, etag: string): Promise<RemoteEvent>;
}

/**
 * `CalendarApi` over the official client. Build the client with `retry: false` so that one
 * retry policy (Kira's) applies: gaxios would retry some methods on its own, ignoring
 * `Retry-After` and never POST, PATCH or 403 rate limits.
 */
export function googleCalendarApi(client: calendar_v3.Calendar, calendarId: string): CalendarApi {
  const events = client.events;
  return {
    calendarId,
    async list(request) {
      const { data } = await call('calendar', () =>
        events.list({ calendarId, singleEvents: true, ...request }),
      );
      const page: EventsPage = { items: Array.isArray(data.items) ? data.items : [] };
      if (typeof data.nextPageToken === 'string') page.nextPageToken = data.nextPageToken;
      if (typeof data.nextSyncToken === 'string') page.nextSyncToken = data.nextSyncToken;
      return page;
    },
    async get(eventId) {
      return (await call('event', () => events.get({ calendarId, eventId }))).data;
    },
    async insert(body) {
      return (await call('event', () => events.insert({ calendarId, requestBody: body }))).data;
    },
    async patch(eventId, body, etag) {
      const patching = () =>
        events.patch({ calendarId, eventId, requestBody: body }, { headers: { 'If-Match': etag } });
      return (await call('event', patching)).data;
    },
  };
}

async function call<T>(scope: 'calendar' | 'event', request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toSyncError(error, scope);
  }
}

interface FailureShape {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  response?: {
    status?: unknown;
    headers?: unknown;
    data?: { error?: { message?: unknown; errors?: { reason?: unknown }[] } };
  };
}

/**
 * Turns whatever the client threw into a `CalendarSyncError`. `scope` says what a 404 means:
 * on a listing, the calendar is gone; on one event, only that event.
 */
export function toSyncError(error: unknown, scope: 'calendar' | 'event'): CalendarSyncError {
  if (error instanceof CalendarSyncError) return error;

  const failure = (typeof error === 'object' && error !== null ? error : {}) as FailureShape;
  const status = numberOf(failure.status) ?? numberOf(failure.response?.status);
  const reasonValue = failure.response?.data?.error?.errors?.[0]?.reason;
  const reason = typeof reasonValue === 'string' ? reasonValue : undefined;
  const googleMessage = failure.response?.data?.error?.message;
  const detail = typeof googleMessage === 'string' ? googleMessage : undefined;

  const code = status === undefined ? 'offline' : codeFor(status, reason, scope);
  const details: CalendarSyncError['details'] = {};
  if (status !== undefined) details.status = status;
  if (reason !== undefined) details.reason = reason;
  const retryAfterMs = retryAfterOf(failure.response?.headers);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;

  const shown = code === 'offline' || code === 'unexpected' ? undefined : detail;
  return new CalendarSyncError(code, messageFor(code, shown), details, { cause: error });
}

function codeFor(
  status: number,
  reason: string | undefined,
  scope: 'calendar' | 'event',
): CalendarSyncErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 403) {
    const isRateLimit = reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded';
    return isRateLimit ? 'rate_limited' : 'forbidden';
  }
  if (status >= 500) return 'server_error';
  if (status === 401) return 'unauthorized';
  if (status === 404) return scope === 'calendar' ? 'calendar_not_found' : 'not_found';
  if (status === 409) return 'duplicate';
  if (status === 410) return reason === 'fullSyncRequired' ? 'sync_token_expired' : 'deleted';
  if (status === 412) return 'precondition_failed';
  if (status === 400) return 'bad_request';
  return 'unexpected';
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `Retry-After` in seconds (the form Google uses), from a Headers object or a plain record. */
function retryAfterOf(headers: unknown): number | undefined {
  let value: unknown;
  if (headers instanceof Headers) value = headers.get('retry-after');
  else if (typeof headers === 'object' && headers !== null) {
    value = (headers as Record<string, unknown>)['retry-after'];
  }
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
