/**
 * The emulator's calendars and events, and the write rules of events.insert, get, patch,
 * update and delete. Every change takes the next change number (sync tokens count in them)
 * and a new `updated` stamp, strictly later than the one before, with an etag derived from it.
 * Deleted events stay as tombstones with status `cancelled`, as on Google.
 */
import { alreadyDeleted, badRequest, conditionNotMet, duplicate, notFound } from './errors';
import {
  expandOccurrences,
  parseRecurrence,
  type Occurrence,
  type RecurrenceRule,
} from './recurrence';
import {
  formatWhen,
  mergePatch,
  validateWritable,
  writableOf,
  type EventResource,
  type When,
} from './resource';

export interface CalendarInfo {
  id: string;
  summary: string;
  timeZone: string;
}

export interface StoredEvent {
  resource: EventResource;
  start: When;
  end: When;
  rule?: RecurrenceRule;
  changeSeq: number;
}

export interface CalendarState {
  info: CalendarInfo;
  isPrimary: boolean;
  isDeleted: boolean;
  events: Map<string, StoredEvent>;
}

/** A write's precondition: the etag of `If-Match`, or none. */
export type IfMatch = string | undefined;

const eventIdPattern = /^[a-v0-9]{5,1024}$/;
const instanceIdPattern = /^(.+)_(\d{8}(?:T\d{6}Z)?)$/;

export class CalendarStore {
  /** The number of the last change; a sync token remembers it. */
  changeSeq = 0;
  /** Bumped to invalidate every sync token handed out so far. */
  tokenEpoch = 0;

  private readonly calendars = new Map<string, CalendarState>();
  private lastUpdatedMs = 0;
  private generatedIds = 0;

  constructor(
    private readonly clock: () => number,
    readonly ownerEmail: string,
  ) {}

  addCalendar(info: CalendarInfo, isPrimary = false): CalendarState {
    const state: CalendarState = {
      info: { ...info },
      isPrimary,
      isDeleted: false,
      events: new Map(),
    };
    this.calendars.set(info.id, state);
    return state;
  }

  /** Resolves `primary` and answers 404 for unknown or deleted calendars. */
  calendar(calendarId: string): CalendarState {
    const state =
      calendarId === 'primary'
        ? [...this.calendars.values()].find((c) => c.isPrimary)
        : this.calendars.get(calendarId);
    if (state === undefined || state.isDeleted) throw notFound();

    return state;
  }

  liveCalendars(): CalendarState[] {
    return [...this.calendars.values()].filter((c) => !c.isDeleted);
  }

  insert(calendarId: string, body: Record<string, unknown>): EventResource {
    const calendar = this.calendar(calendarId);
    const id = this.newEventId(calendar, body.id);
    const { event, start, end } = validateWritable(body, calendar.info.timeZone);
    const stamp = this.nextStamp();

    const resource: EventResource = {
      kind: 'calendar#event',
      etag: stamp.etag,
      id,
      htmlLink: `https://calendar.emulator.test/event?eid=${id}`,
      created: stamp.updated,
      updated: stamp.updated,
      creator: { email: this.ownerEmail, self: true },
      organizer: { email: this.ownerEmail, self: true },
      iCalUID: typeof body.iCalUID === 'string' ? body.iCalUID : `${id}@emulator.test`,
      sequence: 0,
      ...event,
    };
    calendar.events.set(id, this.stored(resource, start, end, stamp.seq));
    return structuredClone(resource);
  }

  /** The full event, also when cancelled; a recurring instance is computed or its exception. */
  get(calendarId: string, eventId: string): EventResource {
    const calendar = this.calendar(calendarId);
    return structuredClone(this.find(calendar, eventId).resource);
  }

  patch(
    calendarId: string,
    eventId: string,
    body: Record<string, unknown>,
    ifMatch: IfMatch,
  ): EventResource {
    const calendar = this.calendar(calendarId);
    const current = this.find(calendar, eventId);
    checkIfMatch(current.resource, ifMatch);

    return this.rewrite(calendar, current, mergePatch(writableOf(current.resource), body));
  }

  update(
    calendarId: string,
    eventId: string,
    body: Record<string, unknown>,
    ifMatch: IfMatch,
  ): EventResource {
    const calendar = this.calendar(calendarId);
    const current = this.find(calendar, eventId);
    checkIfMatch(current.resource, ifMatch);

    return this.rewrite(calendar, current, body);
  }

  delete(calendarId: string, eventId: string, ifMatch: IfMatch): void {
    const calendar = this.calendar(calendarId);
    const current = this.find(calendar, eventId);
    checkIfMatch(current.resource, ifMatch);
    if (current.resource.status === 'cancelled') throw alreadyDeleted();

    this.cancel(calendar, current);
    if (current.rule === undefined) return;
    // Deleting a series deletes its exceptions too.
    for (const stored of [...calendar.events.values()]) {
      const isLiveException =
        stored.resource.recurringEventId === eventId && stored.resource.status !== 'cancelled';
      if (isLiveException) this.cancel(calendar, stored);
    }
  }

  private cancel(calendar: CalendarState, current: StoredEvent): void {
    this.rewrite(calendar, current, { ...writableOf(current.resource), status: 'cancelled' });
  }

  /** The instances a recurring master stands for, exceptions left out (they are stored). */
  instancesOf(calendar: CalendarState, master: StoredEvent): StoredEvent[] {
    if (master.rule === undefined) return [];

    return expandOccurrences(master.rule, master.start, master.end, calendar.info.timeZone)
      .map((occurrence) => this.instanceAt(calendar, master, occurrence))
      .filter((instance) => !calendar.events.has(instance.resource.id));
  }

  private newEventId(calendar: CalendarState, requested: unknown): string {
    if (requested === undefined || requested === null) return this.generateId(calendar);
    if (typeof requested !== 'string' || !eventIdPattern.test(requested)) {
      throw badRequest('Invalid resource id value.');
    }
    // Google keeps deleted events, so their ids stay taken.
    if (calendar.events.has(requested)) throw duplicate();

    return requested;
  }

  private generateId(calendar: CalendarState): string {
    let id: string;
    do {
      this.generatedIds += 1;
      id = `emu${this.generatedIds.toString(32).padStart(8, '0')}`;
    } while (calendar.events.has(id));
    return id;
  }

  private find(calendar: CalendarState, eventId: string): StoredEvent {
    const stored = calendar.events.get(eventId);
    if (stored !== undefined) return stored;

    const instance = this.findInstance(calendar, eventId);
    if (instance === undefined) throw notFound();
    return instance;
  }

  private findInstance(calendar: CalendarState, eventId: string): StoredEvent | undefined {
    const match = instanceIdPattern.exec(eventId);
    const master = match === null ? undefined : calendar.events.get(match[1]!);
    if (master?.rule === undefined) return undefined;

    return this.instancesOf(calendar, master).find((i) => i.resource.id === eventId);
  }

  private instanceAt(
    calendar: CalendarState,
    master: StoredEvent,
    occurrence: Occurrence,
  ): StoredEvent {
    const zone = calendar.info.timeZone;
    const { recurrence: _recurrence, ...fields } = structuredClone(master.resource);
    const resource: EventResource = {
      ...fields,
      id: `${master.resource.id}_${occurrence.stamp}`,
      start: formatWhen(occurrence.start, zone),
      end: formatWhen(occurrence.end, zone),
      recurringEventId: master.resource.id,
      originalStartTime: formatWhen(occurrence.start, zone),
    };
    return { resource, start: occurrence.start, end: occurrence.end, changeSeq: master.changeSeq };
  }

  /** Writes new fields over an event (or turns an instance into a stored exception). */
  private rewrite(
    calendar: CalendarState,
    current: StoredEvent,
    body: Record<string, unknown>,
  ): EventResource {
    const isInstance = current.resource.recurringEventId !== undefined;
    if (isInstance && body.recurrence !== undefined) {
      throw badRequest('An instance of a recurring event cannot have a recurrence.');
    }

    const { event, start, end } = validateWritable(body, calendar.info.timeZone);
    const stamp = this.nextStamp();
    const hasMoved =
      start.ms !== current.start.ms ||
      end.ms !== current.end.ms ||
      JSON.stringify(event.recurrence) !== JSON.stringify(current.resource.recurrence);

    const resource: EventResource = {
      ...keepServerFields(current.resource),
      ...event,
      etag: stamp.etag,
      updated: stamp.updated,
      sequence: current.resource.sequence + (hasMoved ? 1 : 0),
    };
    calendar.events.set(resource.id, this.stored(resource, start, end, stamp.seq));
    return structuredClone(resource);
  }

  private stored(resource: EventResource, start: When, end: When, changeSeq: number): StoredEvent {
    const rule =
      resource.recurrence === undefined ? undefined : parseRecurrence(resource.recurrence);
    return { resource, start, end, changeSeq, ...(rule === undefined ? {} : { rule }) };
  }

  private nextStamp(): { seq: number; updated: string; etag: string } {
    this.lastUpdatedMs = Math.max(this.clock(), this.lastUpdatedMs + 1);
    this.changeSeq += 1;
    return {
      seq: this.changeSeq,
      updated: new Date(this.lastUpdatedMs).toISOString(),
      etag: `"${this.lastUpdatedMs * 1000 + (this.changeSeq % 1000)}"`,
    };
  }
}

function keepServerFields(resource: EventResource): EventResource {
  const { kind, etag, id, htmlLink, created, updated, creator, organizer, iCalUID, sequence } =
    resource;
  const kept: EventResource = {
    kind,
    etag,
    id,
    status: resource.status,
    htmlLink,
    created,
    updated,
    creator,
    organizer,
    iCalUID,
    sequence,
    start: resource.start,
    end: resource.end,
  };
  if (resource.recurringEventId !== undefined) kept.recurringEventId = resource.recurringEventId;
  if (resource.originalStartTime !== undefined) kept.originalStartTime = resource.originalStartTime;
  return kept;
}

function checkIfMatch(resource: EventResource, ifMatch: IfMatch): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  if (ifMatch !== resource.etag) throw conditionNotMet();
}
