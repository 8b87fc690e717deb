/**
 * A Google Calendar API v3 emulator on loopback, for the sync tests and the demo. It speaks
 * real HTTP on 127.0.0.1 (a free port), answers the paths `@googleapis/calendar` calls, keeps
 * Google's documented rules (sync tokens, paging, ids, etags, preconditions, validation) and
 * fails the way Google does, on demand. See docs/adr/0006-calendar-emulator.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { calendar_v3 } from '@googleapis/calendar';

import { ApiError, authError, injectedError, loginRequired, notFound } from './errors';
import { FaultPlan, type Fault } from './faults';
import { Waits, parseJsonObject, readBody, send, type Answer } from './http';
import { EventLister, parseListQuery } from './listing';
import { OAuthServer } from './oauth';
import type { EventResource } from './resource';
import { CalendarStore, type CalendarInfo, type CalendarState } from './store';

export interface EmulatorOptions {
  /** The owner's address, also the primary calendar's id; default `kira.tester@example.com`. */
  ownerEmail?: string;
  /** The primary calendar's time zone; default `UTC`. */
  timeZone?: string;
  /** Calendars besides the primary one. */
  calendars?: CalendarInfo[];
  /** The source of "now" in epoch ms for `updated`, `created` and token expiry. */
  clock?: () => number;
  /**
   * `any` (default) accepts every `Authorization: Bearer` token; `issued` accepts only live
   * tokens from the emulator's own token endpoint. Tokens in `rejectTokens` always get 401.
   */
  auth?: { mode?: 'any' | 'issued'; rejectTokens?: string[] };
  /** Lifetime of access tokens from the token endpoint; default 3600. */
  accessTokenTtlSeconds?: number;
}

/** One answered request, for counting and timing. `status` is 0 when the connection was cut. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  ms: number;
  isFault: boolean;
}

/** Edits made "on Google's side": same rules and stamps as the API, not recorded as requests. */
export interface RemoteEdits {
  insert(calendarId: string, event: calendar_v3.Schema$Event): EventResource;
  patch(calendarId: string, eventId: string, patch: calendar_v3.Schema$Event): EventResource;
  update(calendarId: string, eventId: string, event: calendar_v3.Schema$Event): EventResource;
  delete(calendarId: string, eventId: string): void;
}

interface RequestContext {
  method: string;
  pathname: string;
  query: URLSearchParams;
  rawBody: string;
  headers: IncomingMessage['headers'];
}

export class CalendarEmulator {
  readonly rootUrl: string;
  readonly faults: FaultPlan;
  readonly oauth: OAuthServer;
  readonly remote: RemoteEdits;
  readonly requests: RecordedRequest[] = [];
  readonly primaryCalendarId: string;

  private readonly store: CalendarStore;
  private readonly lister: EventLister;
  private readonly waits = new Waits();
  private readonly rejectedTokens: Set<string>;
  private readonly authMode: 'any' | 'issued';

  private constructor(
    private readonly server: Server,
    options: EmulatorOptions,
  ) {
    const clock = options.clock ?? Date.now;
    const port = (server.address() as AddressInfo).port;
    this.rootUrl = `http://127.0.0.1:${port}/`;
    this.primaryCalendarId = options.ownerEmail ?? 'kira.tester@example.com';

    this.store = new CalendarStore(clock, this.primaryCalendarId);
    this.store.addCalendar(
      {
        id: this.primaryCalendarId,
        summary: this.primaryCalendarId,
        timeZone: options.timeZone ?? 'UTC',
      },
      true,
    );
    for (const calendar of options.calendars ?? []) this.store.addCalendar(calendar);

    this.lister = new EventLister(this.store);
    this.faults = new FaultPlan(() => (this.store.tokenEpoch += 1));
    this.oauth = new OAuthServer(clock, options.accessTokenTtlSeconds ?? 3600);
    this.rejectedTokens = new Set(options.auth?.rejectTokens ?? []);
    this.authMode = options.auth?.mode ?? 'any';
    this.remote = this.remoteEdits();
  }

  /** Starts an emulator on 127.0.0.1 on a free port. */
  static async start(options: EmulatorOptions = {}): Promise<CalendarEmulator> {
    let emulator: CalendarEmulator | undefined;
    const server = createServer((req, res) => {
      void emulator?.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });

    emulator = new CalendarEmulator(server, options);
    return emulator;
  }

  /** Where google-auth-library should exchange codes and refresh tokens (`endpoints.oauth2TokenUrl`). */
  get tokenUrl(): string {
    return `${this.rootUrl}token`;
  }

  /** The consent page (`endpoints.oauth2AuthBaseUrl`): approves at once and redirects. */
  get authUrl(): string {
    return `${this.rootUrl}o/oauth2/v2/auth`;
  }

  /** The revoke endpoint (`endpoints.oauth2RevokeUrl`). */
  get revokeUrl(): string {
    return `${this.rootUrl}revoke`;
  }

  /** The events stored in a calendar (tombstones too unless told), as the API would answer them. */
  events(calendarId = 'primary', options: { includeDeleted?: boolean } = {}): EventResource[] {
    const includeDeleted = options.includeDeleted ?? true;
    return [...this.store.calendar(calendarId).events.values()]
      .map((stored) => structuredClone(stored.resource))
      .filter((event) => includeDeleted || event.status !== 'cancelled');
  }

  addCalendar(calendar: CalendarInfo): void {
    this.store.addCalendar(calendar);
  }

  /** Deletes a calendar on Google's side: from now on its endpoints answer 404. */
  deleteCalendar(calendarId: string): void {
    this.store.calendar(calendarId).isDeleted = true;
  }

  /** From now on this access token answers 401 `authError`, as an expired one does. */
  rejectAccessToken(token: string): void {
    this.rejectedTokens.add(token);
  }

  /** Closes the server, cuts open connections and cancels pending slow answers. */
  async close(): Promise<void> {
    this.waits.cancelAll();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private remoteEdits(): RemoteEdits {
    return {
      insert: (calendarId, event) => this.store.insert(calendarId, asBody(event)),
      patch: (calendarId, eventId, patch) =>
        this.store.patch(calendarId, eventId, asBody(patch), undefined),
      update: (calendarId, eventId, event) =>
        this.store.update(calendarId, eventId, asBody(event), undefined),
      delete: (calendarId, eventId) => this.store.delete(calendarId, eventId, undefined),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', this.rootUrl);
    const method = req.method ?? 'GET';
    const record = (status: number, isFault: boolean): void => {
      this.requests.push({
        method,
        path: url.pathname,
        query: queryRecord(url.searchParams),
        status,
        ms: performance.now() - startedAt,
        isFault,
      });
    };

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      const answer = toAnswer(error);
      send(res, answer);
      record(answer.status, false);
      return;
    }
    if (this.faults.latencyMs > 0) await this.waits.wait(this.faults.latencyMs);

    const isApi = url.pathname.startsWith('/calendar/v3/');
    const fault = this.faults.take(method, url.pathname, isApi);
    if (fault !== undefined && fault.isAfterWrite !== true) {
      record(answerFault(res, fault), true);
      return;
    }

    const context: RequestContext = {
      method,
      pathname: url.pathname,
      query: url.searchParams,
      rawBody,
      headers: req.headers,
    };
    const answer = this.answer(context, isApi);
    if (fault !== undefined) {
      record(answerFault(res, fault), true);
      return;
    }
    send(res, answer);
    record(answer.status, false);
  }

  private answer(context: RequestContext, isApi: boolean): Answer {
    try {
      if (isApi) this.authenticate(context.headers.authorization, context.query);
      return this.route(context);
    } catch (error) {
      return toAnswer(error);
    }
  }

  private authenticate(authorization: string | undefined, query: URLSearchParams): void {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) {
      if (query.has('key')) return;
      throw loginRequired();
    }

    const isRejected =
      this.rejectedTokens.has(token) ||
      (this.authMode === 'issued' && !this.oauth.isLiveAccessToken(token));
    if (isRejected) throw authError();
  }

  private route(context: RequestContext): Answer {
    const { method } = context;
    const segments = pathSegments(context.pathname);
    const path = segments.join('/');

    if (method === 'POST' && path === 'token')
      return this.oauth.token(new URLSearchParams(context.rawBody));
    if (method === 'POST' && path === 'revoke') {
      return this.oauth.revoke(
        context.query.get('token') ?? new URLSearchParams(context.rawBody).get('token'),
      );
    }
    if (method === 'GET' && path === 'o/oauth2/v2/auth') return this.consent(context.query);

    const [calendarPart, v3, kind, ...rest] = segments;
    if (calendarPart !== 'calendar' || v3 !== 'v3') throw notFound();
    if (kind === 'users') return this.routeCalendarList(method, rest);
    if (kind === 'calendars') return this.routeCalendars(context, rest);
    throw notFound();
  }

  private consent(query: URLSearchParams): Answer {
    const outcome = this.oauth.authorize(query);
    return 'location' in outcome
      ? { status: 302, headers: { location: outcome.location } }
      : outcome;
  }

  private routeCalendarList(method: string, rest: string[]): Answer {
    const [me, list, calendarId, ...extra] = rest;
    if (method !== 'GET' || me !== 'me' || list !== 'calendarList' || extra.length > 0)
      throw notFound();

    if (calendarId !== undefined)
      return { status: 200, body: listEntry(this.store.calendar(calendarId)) };
    return {
      status: 200,
      body: {
        kind: 'calendar#calendarList',
        etag: `"l${this.store.changeSeq}"`,
        nextSyncToken: `L${this.store.changeSeq}`,
        items: this.store.liveCalendars().map(listEntry),
      },
    };
  }

  private routeCalendars(context: RequestContext, rest: string[]): Answer {
    const [calendarId, collection, eventId, ...extra] = rest;
    if (calendarId === undefined || extra.length > 0) throw notFound();
    if (collection === undefined) {
      if (context.method !== 'GET') throw notFound();
      return { status: 200, body: calendarResource(this.store.calendar(calendarId)) };
    }
    if (collection !== 'events') throw notFound();

    return eventId === undefined
      ? this.routeEvents(context, calendarId)
      : this.routeEvent(context, calendarId, eventId);
  }

  private routeEvents(context: RequestContext, calendarId: string): Answer {
    if (context.method === 'GET')
      return { status: 200, body: this.lister.list(calendarId, parseListQuery(context.query)) };
    if (context.method === 'POST')
      return eventAnswer(this.store.insert(calendarId, parseJsonObject(context.rawBody)));
    throw notFound();
  }

  private routeEvent(context: RequestContext, calendarId: string, eventId: string): Answer {
    const ifMatch = headerValue(context.headers['if-match']);
    switch (context.method) {
      case 'GET':
        return this.getEvent(calendarId, eventId, headerValue(context.headers['if-none-match']));
      case 'PATCH':
        return eventAnswer(
          this.store.patch(calendarId, eventId, parseJsonObject(context.rawBody), ifMatch),
        );
      case 'PUT':
        return eventAnswer(
          this.store.update(calendarId, eventId, parseJsonObject(context.rawBody), ifMatch),
        );
      case 'DELETE':
        this.store.delete(calendarId, eventId, ifMatch);
        return { status: 204 };
      default:
        throw notFound();
    }
  }

  private getEvent(calendarId: string, eventId: string, ifNoneMatch: string | undefined): Answer {
    const event = this.store.get(calendarId, eventId);
    if (ifNoneMatch === event.etag) return { status: 304, headers: { etag: event.etag } };

    return eventAnswer(event);
  }
}

/** A typed event as the untyped JSON body the API would receive. */
function asBody(event: calendar_v3.Schema$Event): Record<string, unknown> {
  return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
}

function eventAnswer(event: EventResource): Answer {
  return { status: 200, body: event, headers: { etag: event.etag } };
}

function toAnswer(error: unknown): Answer {
  if (error instanceof ApiError) return { status: error.httpStatus, body: error.toBody() };

  // A bug in the emulator: answer like Google's backend would, and say what broke.
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: injectedError(500).toBody(),
    headers: { 'x-emulator-error': encodeURIComponent(message) },
  };
}

/** Answers with a fault; returns the status sent, 0 for a cut connection. */
function answerFault(res: ServerResponse, fault: Fault): number {
  if ('drop' in fault) {
    res.socket?.destroy();
    return 0;
  }

  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  send(res, {
    status: fault.status,
    body: injectedError(fault.status, fault.reason).toBody(),
    headers,
  });
  return fault.status;
}

function listEntry(calendar: CalendarState): Record<string, unknown> {
  return {
    kind: 'calendar#calendarListEntry',
    etag: `"c${calendar.info.id.length}"`,
    id: calendar.info.id,
    summary: calendar.info.summary,
    timeZone: calendar.info.timeZone,
    accessRole: 'owner',
    defaultReminders: [],
    ...(calendar.isPrimary ? { primary: true } : {}),
  };
}

function calendarResource(calendar: CalendarState): Record<string, unknown> {
  const { id, summary, timeZone } = calendar.info;
  return { kind: 'calendar#calendar', etag: `"c${id.length}"`, id, summary, timeZone };
}

function pathSegments(pathname: string): string[] {
  try {
    return pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw notFound();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0]! : values;
  }
  return record;
}
