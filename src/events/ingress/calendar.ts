import { formatInstant, parseInstantMs, parseTemporal } from '../../time/instant';
import { type PlainObject, isPlainObjectLike, kindOf } from '../plain-data';
import { type NormalizeResult, FieldReader, compact, show } from './fields';

/** What the sync engine knows beside the resource itself. */
export interface CalendarContext {
  /** The calendar the resource came from; part of the external id when given. */
  calendarId?: string;
  /** The Kira entity the ledger links this resource to; becomes the correlation id. */
  entityId?: string;
}

export const CALENDAR_STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;
export type CalendarStatus = (typeof CALENDAR_STATUSES)[number];

/**
 * The payload of a `calendar.upsert` or `calendar.cancel` envelope: a Google Calendar v3
 * event resource reduced to what Kira keeps. `start` and `end` are UTC instants in the
 * storage format, or dates (`YYYY-MM-DD`, end exclusive) when `all_day`. A cancelled event
 * may carry only `id` and `status`, as incremental sync sends it.
 */
export interface CalendarPayload extends PlainObject {
  id: string;
  status: CalendarStatus;
}

const MAX_ATTENDEES = 1000;

/** Normalizes a Google Calendar v3 event resource. */
export function normalizeCalendar(
  resource: PlainObject,
  context: CalendarContext,
  nowMs: number,
): NormalizeResult {
  const fields = new FieldReader(resource);
  const id = fields.text('id', { max: 1024 });
  const status = fields.choice('status', CALENDAR_STATUSES, false) ?? 'confirmed';
  const isCancelled = status === 'cancelled';

  const etag = fields.text('etag', { required: !isCancelled, max: 256 });
  const updated = updatedOf(fields, !isCancelled);
  const payload = isCancelled
    ? compact({ id, status, etag, updated })
    : compact({ id, status, etag, updated, ...describe(fields) });

  if (fields.reasons.length > 0 || !id) return { ok: false, reasons: fields.reasons };
  if (context.calendarId !== undefined) payload.calendar_id = context.calendarId;

  const calendarId = context.calendarId ?? 'primary';
  return {
    ok: true,
    event: {
      type: isCancelled ? 'calendar.cancel' : 'calendar.upsert',
      external_id: `${calendarId}/${id}`,
      event_ts: updated ?? formatInstant(nowMs),
      payload,
      correlation_id: context.entityId ?? `calendar:${id}`,
    },
  };
}

function describe(fields: FieldReader): PlainObject {
  const start = timeOf(fields, 'start');
  const end = timeOf(fields, 'end');
  const allDay = start && end ? checkSpan(fields, start, end) : undefined;

  return compact({
    title: fields.text('summary', { required: false, max: 1024 }) ?? '',
    start: start?.stored,
    end: end?.stored,
    all_day: allDay,
    location: fields.text('location', { required: false }),
    attendees: attendeesOf(fields),
    recurring_event_id: fields.text('recurringEventId', { required: false, max: 1024 }),
  });
}

interface EventTime {
  kind: 'instant' | 'date';
  stored: string;
}

/**
 * `{ date }` stays a date; `{ dateTime }` with an offset is that instant; a `dateTime`
 * without one is read in its `timeZone` (Google's rule), and refused without it.
 */
function timeOf(fields: FieldReader, key: 'start' | 'end'): EventTime | undefined {
  const time = fields.object(key, true);
  if (!time) return undefined;

  const inner = new FieldReader(time, `${key}.`);
  const date = inner.text('date', { required: false, max: 10 });
  const dateTime = inner.text('dateTime', { required: false, max: 64 });
  const zone = inner.text('timeZone', { required: false, max: 64 });
  fields.reasons.push(...inner.reasons);
  if (inner.reasons.length > 0) return undefined;

  if ((date === undefined) === (dateTime === undefined)) {
    return fields.refuse(key, 'expected exactly one of date and dateTime');
  }
  if (date !== undefined) return dateOf(fields, key, date);
  return instantOf(fields, key, dateTime!, zone);
}

function dateOf(fields: FieldReader, key: string, date: string): EventTime | undefined {
  const parsed = parseTemporal(date, 'UTC');
  if (!parsed.ok || parsed.value.kind !== 'date') {
    return fields.refuse(`${key}.date`, `${show(date)} is not a date (YYYY-MM-DD)`);
  }
  return { kind: 'date', stored: parsed.value.stored };
}

function instantOf(
  fields: FieldReader,
  key: string,
  dateTime: string,
  zone: string | undefined,
): EventTime | undefined {
  const hasOffset = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(dateTime);
  if (!hasOffset && zone === undefined) {
    return fields.refuse(`${key}.dateTime`, `${show(dateTime)} has no offset and no timeZone`);
  }

  const parsed = parseTemporal(dateTime, zone ?? 'UTC');
  if (!parsed.ok || parsed.value.kind !== 'instant') {
    const why = parsed.ok ? 'is a date, not a date and time' : parsed.message;
    return fields.refuse(`${key}.dateTime`, why);
  }
  return { kind: 'instant', stored: parsed.value.stored };
}

function checkSpan(fields: FieldReader, start: EventTime, end: EventTime): boolean | undefined {
  if (start.kind !== end.kind) return fields.refuse('end', 'mixes an all-day date with a time');

  const isAllDay = start.kind === 'date';
  // Both are in storage formats that sort as text; an all-day end date is exclusive.
  const isBackwards = isAllDay ? end.stored <= start.stored : end.stored < start.stored;
  if (isBackwards) return fields.refuse('end', `${end.stored} is before the start ${start.stored}`);
  return isAllDay;
}

/** Attendee emails, lowercased, without repeats, sorted: the order Google sends is not news. */
function attendeesOf(fields: FieldReader): string[] | undefined {
  const attendees = fields.list('attendees');
  if (!attendees) return undefined;
  if (attendees.length > MAX_ATTENDEES) {
    return fields.refuse('attendees', `more than ${MAX_ATTENDEES} attendees`);
  }

  const emails = new Set<string>();
  attendees.forEach((attendee, index) => {
    if (!isPlainObjectLike(attendee)) {
      fields.refuse(`attendees[${index}]`, `expected an object, got ${kindOf(attendee)}`);
      return;
    }
    const email = attendee.email;
    if (email === undefined) return; // A room or a group without an address.
    if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      fields.refuse(`attendees[${index}].email`, `${show(email)} is not an email address`);
      return;
    }
    emails.add(email.toLowerCase());
  });
  return [...emails].sort();
}

function updatedOf(fields: FieldReader, required: boolean): string | undefined {
  const updated = fields.text('updated', { required, max: 64 });
  if (updated === undefined) return undefined;

  // Google writes RFC 3339 in UTC with milliseconds; anything with an offset is accepted and
  // converted, but the result is always UTC.
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(updated);
  const ms = hasZone ? parseInstantMs(updated) : null;
  if (ms === null) return fields.refuse('updated', `${show(updated)} is not a time with a zone`);
  return formatInstant(ms);
}
