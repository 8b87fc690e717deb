/**
 * The Events resource as the emulator stores and answers it, and the rules a write must pass:
 * required start and end, one kind of time on both ends, a known time zone, no empty range.
 * Times given with an offset are answered in the event's (or the calendar's) zone, as Google
 * does, so a client must compare instants, not strings.
 */
import { DateTime, IANAZone } from 'luxon';

import { badRequest, required, timeRangeEmpty } from './errors';
import { parseRecurrence } from './recurrence';

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface EventDateTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface Attendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus?: string;
}

export interface ExtendedProperties {
  private?: Record<string, string>;
  shared?: Record<string, string>;
}

/** An event as the API answers it. Fields Kira does not use pass through unchecked. */
export interface EventResource {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: EventStatus;
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  creator: { email: string; self: true };
  organizer: { email: string; self: true };
  start: EventDateTime;
  end: EventDateTime;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: EventDateTime;
  iCalUID: string;
  sequence: number;
  attendees?: Attendee[];
  extendedProperties?: ExtendedProperties;
  [passThrough: string]: unknown;
}

/** The fields a client may write; everything else in a request body is ignored. */
export type WritableEvent = Pick<
  EventResource,
  | 'status'
  | 'summary'
  | 'description'
  | 'location'
  | 'start'
  | 'end'
  | 'recurrence'
  | 'attendees'
  | 'extendedProperties'
> &
  Record<string, unknown>;

const checkedFields = [
  'status',
  'summary',
  'description',
  'location',
  'start',
  'end',
  'recurrence',
  'attendees',
  'extendedProperties',
] as const;

const passThroughFields = [
  'colorId',
  'transparency',
  'visibility',
  'reminders',
  'source',
  'guestsCanModify',
  'guestsCanInviteOthers',
  'guestsCanSeeOtherGuests',
  'anyoneCanAddSelf',
] as const;

const writableFields: readonly string[] = [...checkedFields, ...passThroughFields];

/** A point or a day on the time line, resolved against a zone. */
export type When =
  { kind: 'date'; date: string; ms: number } | { kind: 'dateTime'; ms: number; timeZone?: string };

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const offsetPattern = /(Z|[+-]\d{2}:\d{2})$/;

export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Reads `start` or `end` of a request body; throws the 400 Google would answer. */
export function parseWhen(value: unknown, field: 'start' | 'end', calendarZone: string): When {
  if (value === undefined || value === null) throw required(`Missing ${field} time.`);
  if (typeof value !== 'object') throw badRequest(`Invalid ${field} time.`);

  const { date, dateTime, timeZone } = value as Record<string, unknown>;
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone))) {
    throw badRequest(`Invalid time zone definition for ${field} time.`);
  }
  if (date !== undefined && date !== null && dateTime !== undefined && dateTime !== null) {
    throw badRequest(`Invalid ${field} time: set either date or dateTime, not both.`);
  }

  if (typeof date === 'string') return parseDate(date, field, calendarZone);
  if (typeof dateTime === 'string') return parseDateTime(dateTime, field, timeZone);
  throw required(`Missing ${field} time.`);
}

function parseDate(date: string, field: string, calendarZone: string): When {
  const day = DateTime.fromISO(date, { zone: calendarZone });
  if (!datePattern.test(date) || !day.isValid) throw badRequest(`Invalid ${field} date: ${date}`);

  return { kind: 'date', date, ms: day.toMillis() };
}

function parseDateTime(dateTime: string, field: string, timeZone: string | undefined): When {
  if (!dateTimePattern.test(dateTime)) throw badRequest(`Invalid ${field} dateTime: ${dateTime}`);

  const hasOffset = offsetPattern.test(dateTime);
  if (!hasOffset && timeZone === undefined) {
    throw required(`Missing time zone definition for ${field} time.`);
  }

  const parsed = hasOffset
    ? DateTime.fromISO(dateTime, { setZone: true })
    : DateTime.fromISO(dateTime, { zone: timeZone });
  if (!parsed.isValid) throw badRequest(`Invalid ${field} dateTime: ${dateTime}`);

  return {
    kind: 'dateTime',
    ms: parsed.toMillis(),
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}

/** Renders a time the way Google answers it: in the event's zone, else the calendar's. */
export function formatWhen(when: When, calendarZone: string): EventDateTime {
  if (when.kind === 'date') return { date: when.date };

  const local = DateTime.fromMillis(when.ms, { zone: when.timeZone ?? calendarZone });
  const offset = local.offset === 0 ? 'Z' : local.toFormat('ZZ');
  const dateTime = local.toFormat("yyyy-MM-dd'T'HH:mm:ss") + offset;
  return when.timeZone === undefined ? { dateTime } : { dateTime, timeZone: when.timeZone };
}

/** Picks the writable fields of a stored resource, as the base of a patch. */
export function writableOf(resource: EventResource): Record<string, unknown> {
  const writable: Record<string, unknown> = {};
  for (const field of writableFields) {
    if (resource[field] !== undefined) writable[field] = structuredClone(resource[field]);
  }
  return writable;
}

/**
 * Applies a patch body the way Google's patch does: nested objects merge, arrays and the
 * `start`/`end` objects replace, and `null` clears a field.
 */
export function mergePatch(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(current) && key !== 'start' && key !== 'end') {
      merged[key] = mergePatch(current, value);
    } else merged[key] = structuredClone(value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a request body's writable fields and returns them normalized, with the resolved
 * start and end; throws an {@link ApiError} 400 for anything Google would refuse.
 */
export function validateWritable(
  body: Record<string, unknown>,
  calendarZone: string,
): { event: WritableEvent; start: When; end: When } {
  const start = parseWhen(body.start, 'start', calendarZone);
  const end = parseWhen(body.end, 'end', calendarZone);
  checkRange(start, end);

  const event: WritableEvent = {
    status: parseStatus(body.status),
    start: formatWhen(start, calendarZone),
    end: formatWhen(end, calendarZone),
  };
  copyText(body, event, 'summary');
  copyText(body, event, 'description');
  copyText(body, event, 'location');

  if (body.attendees !== undefined) event.attendees = parseAttendees(body.attendees);
  if (body.extendedProperties !== undefined) {
    event.extendedProperties = parseExtendedProperties(body.extendedProperties);
  }
  if (body.recurrence !== undefined)
    event.recurrence = parseRecurrenceField(body.recurrence, start);
  for (const field of passThroughFields) {
    if (body[field] !== undefined) event[field] = structuredClone(body[field]);
  }

  return { event, start, end };
}

function checkRange(start: When, end: When): void {
  if (start.kind !== end.kind) {
    throw badRequest('Start and end times must either both be date or both be dateTime.');
  }

  const isEmpty = start.kind === 'date' ? end.ms <= start.ms : end.ms < start.ms;
  if (isEmpty) throw timeRangeEmpty('end');
}

function parseStatus(status: unknown): EventStatus {
  if (status === undefined) return 'confirmed';
  if (status === 'confirmed' || status === 'tentative' || status === 'cancelled') return status;
  throw badRequest(`Invalid value for status: ${JSON.stringify(status)}`);
}

function copyText(
  body: Record<string, unknown>,
  event: WritableEvent,
  field: 'summary' | 'description' | 'location',
): void {
  const value = body[field];
  if (value === undefined) return;
  if (typeof value !== 'string') throw badRequest(`Invalid value for ${field}.`);

  event[field] = value;
}

function parseAttendees(value: unknown): Attendee[] {
  if (!Array.isArray(value)) throw badRequest('Invalid value for attendees.');

  return value.map((attendee: unknown) => {
    if (!isPlainObject(attendee) || typeof attendee.email !== 'string' || attendee.email === '') {
      throw required('Missing attendee email.');
    }
    return structuredClone(attendee) as unknown as Attendee;
  });
}

function parseExtendedProperties(value: unknown): ExtendedProperties {
  if (!isPlainObject(value)) throw badRequest('Invalid value for extendedProperties.');

  const properties: ExtendedProperties = {};
  for (const scope of ['private', 'shared'] as const) {
    const bag = value[scope];
    if (bag === undefined) continue;
    if (!isPlainObject(bag) || Object.values(bag).some((v) => typeof v !== 'string')) {
      throw badRequest(`Invalid value for extendedProperties.${scope}.`);
    }
    properties[scope] = { ...(bag as Record<string, string>) };
  }
  return properties;
}

function parseRecurrenceField(value: unknown, start: When): string[] {
  if (!Array.isArray(value) || value.some((line) => typeof line !== 'string')) {
    throw badRequest('Invalid value for recurrence.');
  }
  if (start.kind === 'dateTime' && start.timeZone === undefined) {
    throw required('Missing time zone definition for start time.');
  }

  const lines = value as string[];
  parseRecurrence(lines);
  return [...lines];
}
