/**
 * events.list: its documented parameter rules, incremental sync with opaque sync tokens, and
 * paging. A listing is computed once, on its first page, and later pages are served from that
 * snapshot, so paging never skips or repeats an event while writes go on; the `nextSyncToken`
 * of the last page covers every change made after the snapshot was taken.
 */
import { DateTime } from 'luxon';

import { badRequest, fullSyncRequired, timeRangeEmpty } from './errors';
import { expandOccurrences } from './recurrence';
import type { EventResource } from './resource';
import type { CalendarState, CalendarStore, StoredEvent } from './store';

export interface ListQuery {
  syncToken?: string;
  pageToken?: string;
  maxResults: number;
  showDeleted: boolean;
  singleEvents: boolean;
  timeMin?: number;
  timeMax?: number;
  updatedMin?: number;
  orderBy?: 'startTime' | 'updated';
  q?: string;
  privateExtendedProperty: string[];
  sharedExtendedProperty: string[];
  iCalUID?: string;
}

export interface EventsPage {
  kind: 'calendar#events';
  etag: string;
  summary: string;
  updated: string;
  timeZone: string;
  accessRole: 'owner';
  defaultReminders: never[];
  nextPageToken?: string;
  nextSyncToken?: string;
  items: Partial<EventResource>[];
}

export const defaultMaxResults = 250;
export const largestPage = 2500;

/** How many listings keep their snapshot for later pages; the oldest go first. */
const keptSnapshots = 500;

/** Parameters that the reference forbids next to a sync token. */
const notWithSyncToken = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

/** Reads and checks the query of events.list; throws the 400s Google answers. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const syncToken = params.get('syncToken') ?? undefined;
  if (syncToken !== undefined) checkSyncTokenCompanions(params);

  const query: ListQuery = {
    maxResults: parseMaxResults(params.get('maxResults')),
    showDeleted: parseBoolean(params, 'showDeleted'),
    singleEvents: parseBoolean(params, 'singleEvents'),
    privateExtendedProperty: params.getAll('privateExtendedProperty'),
    sharedExtendedProperty: params.getAll('sharedExtendedProperty'),
  };
  assignDefined(query, 'syncToken', syncToken);
  assignDefined(query, 'pageToken', params.get('pageToken') ?? undefined);
  assignDefined(query, 'q', params.get('q') ?? undefined);
  assignDefined(query, 'iCalUID', params.get('iCalUID') ?? undefined);
  assignDefined(query, 'timeMin', parseInstant(params, 'timeMin'));
  assignDefined(query, 'timeMax', parseInstant(params, 'timeMax'));
  assignDefined(query, 'updatedMin', parseInstant(params, 'updatedMin'));
  assignDefined(query, 'orderBy', parseOrderBy(params.get('orderBy'), query.singleEvents));

  const isEmptyWindow =
    query.timeMin !== undefined && query.timeMax !== undefined && query.timeMax <= query.timeMin;
  if (isEmptyWindow) throw timeRangeEmpty('timeMax');
  return query;
}

function assignDefined<K extends keyof ListQuery>(
  query: ListQuery,
  key: K,
  value: ListQuery[K] | undefined,
): void {
  if (value !== undefined) query[key] = value;
}

function checkSyncTokenCompanions(params: URLSearchParams): void {
  const clashing = notWithSyncToken.filter((name) => params.has(name));
  if (clashing.length > 0) {
    throw badRequest(
      `Sync token cannot be used with ${clashing.join(', ')}.`,
      'invalid',
      'syncToken',
    );
  }
  if (params.get('showDeleted') === 'false') {
    throw badRequest('Sync token cannot be used with showDeleted=false.', 'invalid', 'showDeleted');
  }
}

function parseMaxResults(text: string | null): number {
  if (text === null) return defaultMaxResults;

  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw badRequest(
      `Invalid value '${text}'. Values must be within the range: [1, 2500]`,
      'invalid',
      'maxResults',
    );
  }
  // The reference: "The page size can never be larger than 2500 events."
  return Math.min(value, largestPage);
}

function parseBoolean(params: URLSearchParams, name: string): boolean {
  const text = params.get(name);
  if (text === null || text === 'false') return false;
  if (text === 'true') return true;
  throw badRequest(`Invalid boolean value: '${text}'.`, 'invalid', name);
}

function parseInstant(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;

  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!hasOffset || !parsed.isValid) throw badRequest('Bad Request', 'badRequest', name);
  return parsed.toMillis();
}

function parseOrderBy(text: string | null, singleEvents: boolean): ListQuery['orderBy'] {
  if (text === null) return undefined;
  if (text !== 'startTime' && text !== 'updated')
    throw badRequest(`Invalid value '${text}'.`, 'invalid', 'orderBy');
  if (text === 'startTime' && !singleEvents) {
    throw badRequest(
      'The requested ordering is not available for the particular query.',
      'badRequest',
      'orderBy',
    );
  }
  return text;
}

interface SyncTokenState {
  calendarId: string;
  epoch: number;
  seq: number;
}

interface Snapshot {
  calendarId: string;
  /** The epoch of the sync token it continues, when it is an incremental listing. */
  syncEpoch?: number;
  items: Partial<EventResource>[];
  nextSyncToken: string;
}

/** Computes listings and keeps their snapshots for the pages after the first. */
export class EventLister {
  private readonly snapshots = new Map<string, Snapshot>();
  private snapshotCount = 0;

  constructor(private readonly store: CalendarStore) {}

  list(calendarId: string, query: ListQuery): EventsPage {
    const calendar = this.store.calendar(calendarId);
    const { snapshotId, offset } =
      query.pageToken === undefined
        ? { snapshotId: this.takeSnapshot(calendar, query), offset: 0 }
        : this.resume(query.pageToken);
    const snapshot = this.snapshots.get(snapshotId)!;

    const items = snapshot.items.slice(offset, offset + query.maxResults);
    const nextOffset = offset + items.length;
    const page: EventsPage = {
      ...this.pageHeader(calendar),
      items: structuredClone(items),
    };
    if (nextOffset < snapshot.items.length)
      page.nextPageToken = encodeToken({ p: snapshotId, o: nextOffset });
    else page.nextSyncToken = snapshot.nextSyncToken;
    return page;
  }

  private pageHeader(calendar: CalendarState): Omit<EventsPage, 'items'> {
    return {
      kind: 'calendar#events',
      etag: `"p${this.store.changeSeq}"`,
      summary: calendar.info.summary,
      updated: latestUpdate(calendar),
      timeZone: calendar.info.timeZone,
      accessRole: 'owner',
      defaultReminders: [],
    };
  }

  private resume(pageToken: string): { snapshotId: string; offset: number } {
    const token = decodeToken(pageToken);
    const snapshotId = token?.p;
    const offset = token?.o;
    const snapshot = typeof snapshotId === 'string' ? this.snapshots.get(snapshotId) : undefined;
    if (snapshot === undefined || typeof snapshotId !== 'string' || typeof offset !== 'number') {
      throw badRequest('Invalid page token value.', 'invalid', 'pageToken');
    }
    // Sync tokens expired while paging an incremental listing: the whole listing is stale.
    if (snapshot.syncEpoch !== undefined && snapshot.syncEpoch !== this.store.tokenEpoch)
      throw fullSyncRequired();

    return { snapshotId, offset };
  }

  private takeSnapshot(calendar: CalendarState, query: ListQuery): string {
    const since =
      query.syncToken === undefined ? undefined : this.readSyncToken(calendar, query.syncToken);
    const items = collect(this.store, calendar, query, since?.seq).map(listItem);
    const nextSyncToken = encodeToken({
      c: calendar.info.id,
      e: this.store.tokenEpoch,
      s: this.store.changeSeq,
    });

    this.snapshotCount += 1;
    const snapshotId = `s${this.snapshotCount}`;
    const snapshot: Snapshot = { calendarId: calendar.info.id, items, nextSyncToken };
    if (since !== undefined) snapshot.syncEpoch = since.epoch;
    this.snapshots.set(snapshotId, snapshot);
    this.forgetOldSnapshots();
    return snapshotId;
  }

  /** A token this emulator did not hand out for this calendar, or one expired since, is 410. */
  private readSyncToken(calendar: CalendarState, syncToken: string): SyncTokenState {
    const token = decodeToken(syncToken);
    const isCurrent =
      token !== undefined &&
      token.c === calendar.info.id &&
      token.e === this.store.tokenEpoch &&
      typeof token.s === 'number';
    if (!isCurrent) throw fullSyncRequired();

    return { calendarId: token.c as string, epoch: token.e as number, seq: token.s as number };
  }

  private forgetOldSnapshots(): void {
    for (const id of this.snapshots.keys()) {
      if (this.snapshots.size <= keptSnapshots) return;
      this.snapshots.delete(id);
    }
  }
}

interface Candidate {
  stored: StoredEvent;
}

function collect(
  store: CalendarStore,
  calendar: CalendarState,
  query: ListQuery,
  sinceSeq?: number,
): EventResource[] {
  const isChangeFeed = sinceSeq !== undefined || query.updatedMin !== undefined;
  const candidates = [...calendar.events.values()].flatMap((stored): Candidate[] =>
    query.singleEvents && stored.rule !== undefined
      ? store.instancesOf(calendar, stored).map((instance) => ({ stored: instance }))
      : [{ stored }],
  );

  const chosen = candidates.filter(({ stored }) => {
    if (sinceSeq !== undefined && stored.changeSeq <= sinceSeq) return false;
    if (query.updatedMin !== undefined && Date.parse(stored.resource.updated) < query.updatedMin)
      return false;
    if (!isShownWithStatus(calendar, stored, query, isChangeFeed)) return false;
    return isInWindow(calendar, stored, query) && matchesFilters(stored.resource, query);
  });

  sortCandidates(chosen, query.orderBy);
  return chosen.map(({ stored }) => stored.resource);
}

function isShownWithStatus(
  calendar: CalendarState,
  stored: StoredEvent,
  query: ListQuery,
  isChangeFeed: boolean,
): boolean {
  if (stored.resource.status !== 'cancelled' || isChangeFeed || query.showDeleted) return true;

  // The reference: cancelled instances of a live series are listed when showDeleted and
  // singleEvents are both false.
  const masterId = stored.resource.recurringEventId;
  const master = masterId === undefined ? undefined : calendar.events.get(masterId);
  return !query.singleEvents && master !== undefined && master.resource.status !== 'cancelled';
}

function isInWindow(calendar: CalendarState, stored: StoredEvent, query: ListQuery): boolean {
  // Like Google, deleted events are answered whatever the window.
  if (stored.resource.status === 'cancelled') return true;

  const endMs = seriesEnd(calendar, stored);
  if (query.timeMin !== undefined && endMs <= query.timeMin) return false;
  return query.timeMax === undefined || stored.start.ms < query.timeMax;
}

function seriesEnd(calendar: CalendarState, stored: StoredEvent): number {
  const rule = stored.rule;
  if (rule === undefined) return stored.end.ms;
  if (rule.count === undefined && rule.untilMs === undefined) return Number.POSITIVE_INFINITY;

  const occurrences = expandOccurrences(rule, stored.start, stored.end, calendar.info.timeZone);
  return occurrences.at(-1)?.end.ms ?? stored.end.ms;
}

function matchesFilters(resource: EventResource, query: ListQuery): boolean {
  if (query.iCalUID !== undefined && resource.iCalUID !== query.iCalUID) return false;
  if (!hasProperties(resource.extendedProperties?.private, query.privateExtendedProperty))
    return false;
  if (!hasProperties(resource.extendedProperties?.shared, query.sharedExtendedProperty))
    return false;
  if (query.q === undefined) return true;

  const needle = query.q.toLowerCase();
  const haystack = [
    resource.summary,
    resource.description,
    resource.location,
    ...(resource.attendees ?? []).map((a) => a.email),
  ];
  return haystack.some((text) => text?.toLowerCase().includes(needle) === true);
}

function hasProperties(bag: Record<string, string> | undefined, constraints: string[]): boolean {
  return constraints.every((constraint) => {
    const at = constraint.indexOf('=');
    if (at < 0) throw badRequest(`Invalid extended property constraint: ${constraint}`);
    return bag?.[constraint.slice(0, at)] === constraint.slice(at + 1);
  });
}

function sortCandidates(candidates: Candidate[], orderBy: ListQuery['orderBy']): void {
  if (orderBy === undefined) return;

  const keyOf = (c: Candidate): number =>
    orderBy === 'startTime' ? c.stored.start.ms : Date.parse(c.stored.resource.updated);
  candidates.sort(
    (a, b) => keyOf(a) - keyOf(b) || a.stored.resource.id.localeCompare(b.stored.resource.id),
  );
}

/** Deleted events in a listing carry little more than their id, as Google only promises that. */
function listItem(resource: EventResource): Partial<EventResource> {
  if (resource.status !== 'cancelled') return resource;

  const { kind, etag, id, status, updated, recurringEventId, originalStartTime } = resource;
  const item: Partial<EventResource> = { kind, etag, id, status, updated };
  if (recurringEventId !== undefined) item.recurringEventId = recurringEventId;
  if (originalStartTime !== undefined) item.originalStartTime = originalStartTime;
  return item;
}

function latestUpdate(calendar: CalendarState): string {
  let latest = '1970-01-01T00:00:00.000Z';
  for (const { resource } of calendar.events.values()) {
    if (resource.updated > latest) latest = resource.updated;
  }
  return latest;
}

function encodeToken(payload: Record<string, unknown>): string {
  return `C${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

function decodeToken(token: string): Record<string, unknown> | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token.slice(1), 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null
      ? (decoded as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
