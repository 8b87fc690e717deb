import type { Kind } from '../entities/model';
import { MAX_TITLE_LENGTH } from '../entities/validate';
import { normalizeCalendar } from '../events/ingress/calendar';
import { type PlainObject, isPlainObjectLike } from '../events/plain-data';
import type { FrontmatterChanges } from '../frontmatter';
import { parseInstantMs, parseTemporal } from '../time/instant';
import { localDate } from '../time/window';
import type { EventBody } from './client';

/**
 * Notes ↔ Google events, one to one. The fields both sides share, in the note's terms:
 * instants in UTC storage format, all-day values as dates. A note's all-day `end` is the last
 * day of the event (inclusive, as Kira's validation reads it: a one-day event has
 * `end == start`); Google's all-day `end.date` is the day after (exclusive). Tasks with a
 * `due` map to an all-day event on that day, when the setting is on.
 */
export interface SyncedFields {
  title: string;
  start: string;
  end: string;
  all_day: boolean;
  location: string | null;
  /** Lowercase, sorted, without repeats. */
  attendees: string[];
}

export interface MappingSettings {
  /** The user's zone: timed events are sent with it, and a task's `due` instant is read in it. */
  zone: string;
  /** Tasks with `due` become all-day events. */
  mapTasks: boolean;
}

export type NoteFieldsReading =
  | { state: 'synced'; fields: SyncedFields }
  /** Not a kind that syncs (a plain note, a task without `due` or with task mapping off). */
  | { state: 'unsynced' }
  | { state: 'invalid'; reasons: string[] };

/** Longest description kept in the body of a note made from an event. */
export const MAX_IMPORTED_DESCRIPTION = 10_000;

const UNTITLED = 'Untitled event';

/** The synced fields of a note, or why it has none. Never throws. */
export function fieldsOfNote(
  kind: Kind,
  frontmatter: Record<string, unknown>,
  settings: MappingSettings,
): NoteFieldsReading {
  if (kind === 'task') return taskFields(frontmatter, settings);
  if (kind !== 'event') return { state: 'unsynced' };

  const reasons: string[] = [];
  const title = titleOf(frontmatter.title, reasons);
  const start = temporalOf(frontmatter.start, 'start', settings.zone, reasons);
  const end = temporalOf(frontmatter.end, 'end', settings.zone, reasons);
  if (start && end && start.kind !== end.kind) reasons.push('end: mixes a date and a time');
  const location = optionalText(frontmatter.location, 'location', reasons);
  const attendees = emailsOf(frontmatter.attendees, reasons);
  if (reasons.length > 0 || !start || !end || title === undefined)
    return { state: 'invalid', reasons };

  const fields: SyncedFields = {
    title,
    start: start.stored,
    end: end.stored,
    all_day: start.kind === 'date',
    location,
    attendees,
  };
  return { state: 'synced', fields };
}

function taskFields(
  frontmatter: Record<string, unknown>,
  settings: MappingSettings,
): NoteFieldsReading {
  const due = frontmatter.due;
  if (!settings.mapTasks || due === undefined || due === null || due === '')
    return { state: 'unsynced' };

  const reasons: string[] = [];
  const title = titleOf(frontmatter.title, reasons);
  const when = temporalOf(due, 'due', settings.zone, reasons);
  if (reasons.length > 0 || !when || title === undefined) return { state: 'invalid', reasons };

  const day =
    when.kind === 'date' ? when.stored : localDate(parseInstantMs(when.stored)!, settings.zone);
  return { state: 'synced', fields: taskImage(title, day) };
}

function taskImage(title: string, day: string): SyncedFields {
  return { title, start: day, end: day, all_day: true, location: null, attendees: [] };
}

/** A remote event as the sync reads it. */
export type RemoteReading =
  | {
      ok: true;
      id: string;
      etag: string;
      /** Epoch ms of Google's `updated`. */
      updatedMs: number;
      isCancelled: boolean;
      /** Absent for a cancelled event. */
      fields?: SyncedFields;
      /** `extendedProperties.private.kiraId`, when Kira made the event. */
      kiraId?: string;
      /** Epoch ms of `created`, or of `updated` when absent. */
      createdMs: number;
      description?: string;
    }
  | { ok: false; id?: string; reasons: string[] };

/**
 * Reads an event resource as Google sent it: the checks and normalization of the event
 * backbone's calendar ingress (UTC instants, dates, lowercase attendees), then the note's
 * terms (inclusive all-day end, a title a note can hold). Never throws.
 */
export function readRemoteEvent(resource: unknown, nowMs: number): RemoteReading {
  if (!isPlainObjectLike(resource)) return { ok: false, reasons: ['the event is not an object'] };

  const id = typeof resource.id === 'string' ? resource.id : undefined;
  const normalized = normalizeCalendar(resource as PlainObject, {}, nowMs);
  if (!normalized.ok) return withId({ ok: false, reasons: normalized.reasons }, id);

  const payload = normalized.event.payload;
  const updatedMs = parseInstantMs(textOf(payload.updated)) ?? nowMs;
  const reading: RemoteReading = {
    ok: true,
    id: payload.id as string,
    etag: typeof payload.etag === 'string' ? payload.etag : '',
    updatedMs,
    isCancelled: payload.status === 'cancelled',
    createdMs: createdOf(resource.created) ?? updatedMs,
  };
  if (reading.etag === '') return { ok: false, id: reading.id, reasons: ['etag: missing'] };

  const kiraId = kiraIdOf(resource.extendedProperties);
  if (kiraId !== undefined) reading.kiraId = kiraId;
  if (typeof resource.description === 'string') reading.description = resource.description;
  if (!reading.isCancelled) reading.fields = fieldsOfPayload(payload);
  return reading;
}

function withId<T extends { ok: false; reasons: string[] }>(reading: T, id: string | undefined) {
  return id === undefined ? reading : { ...reading, id };
}

function fieldsOfPayload(payload: PlainObject): SyncedFields {
  const isAllDay = payload.all_day === true;
  const start = textOf(payload.start);
  const end = isAllDay ? dayBefore(textOf(payload.end)) : textOf(payload.end);
  return {
    title: fitTitle(typeof payload.title === 'string' ? payload.title : ''),
    start,
    // Google allows a zero-length timed event; a note's end must come after its start.
    end: isAllDay && end < start ? start : end,
    all_day: isAllDay,
    location:
      typeof payload.location === 'string' && payload.location !== '' ? payload.location : null,
    attendees: Array.isArray(payload.attendees) ? (payload.attendees as string[]) : [],
  };
}

/** The remote fields as a note of `kind` sees them: a task keeps only its title and day. */
export function projectFor(kind: Kind, fields: SyncedFields): SyncedFields {
  return kind === 'task' ? taskImage(fields.title, fields.start.slice(0, 10)) : fields;
}

export function sameFields(a: SyncedFields, b: SyncedFields): boolean {
  return (
    a.title === b.title &&
    a.start === b.start &&
    a.end === b.end &&
    a.all_day === b.all_day &&
    a.location === b.location &&
    a.attendees.length === b.attendees.length &&
    a.attendees.every((email, index) => email === b.attendees[index])
  );
}

/** The body of an insert: every field, the Kira id, and a line linking back to the note. */
export function insertBody(
  fields: SyncedFields,
  ids: { remoteId: string; entityId: string },
  settings: MappingSettings,
  backLink: string,
): EventBody {
  const body = patchBody(fields, undefined, settings);
  // A new event has nothing to clear: Google refuses null where a patch takes it.
  if (body.location === null) delete body.location;
  return {
    id: ids.remoteId,
    ...body,
    description: backLink,
    extendedProperties: { private: { kiraId: ids.entityId } },
  };
}

/**
 * The body of a patch: the fields that differ from `base` (the remote version the change was
 * made on), or all of them when the base is unknown. Fields not sent stay as they are on
 * Google, so a title cut to fit a note is never sent back cut unless the user changed it.
 */
export function patchBody(
  fields: SyncedFields,
  base: SyncedFields | undefined,
  settings: MappingSettings,
): EventBody {
  const body: EventBody = {};
  if (base?.title !== fields.title) body.summary = fields.title;

  const isTimeChanged =
    base === undefined ||
    base.start !== fields.start ||
    base.end !== fields.end ||
    base.all_day !== fields.all_day;
  if (isTimeChanged) {
    body.start = whenOf(fields.start, fields.all_day, settings.zone);
    body.end = whenOf(
      fields.all_day ? dayAfter(fields.end) : fields.end,
      fields.all_day,
      settings.zone,
    );
  }

  if (base === undefined || base.location !== fields.location) {
    // null clears the field in a patch.
    body.location = fields.location;
  }
  const isAttendeesChanged =
    base === undefined || base.attendees.join('\n') !== fields.attendees.join('\n');
  if (isAttendeesChanged) body.attendees = fields.attendees.map((email) => ({ email }));
  return body;
}

function whenOf(value: string, isAllDay: boolean, zone: string): EventBody['start'] {
  // The instant is sent with its `Z`, so the zone only says how Google shows it.
  return isAllDay ? { date: value } : { dateTime: value, timeZone: zone };
}

/**
 * The frontmatter changes that make a note of `kind` hold `fields`: only keys whose value
 * differs, so an import that changes nothing writes nothing.
 */
export function noteChangesFor(
  kind: Kind,
  frontmatter: Record<string, unknown>,
  fields: SyncedFields,
  current: SyncedFields | undefined,
): FrontmatterChanges {
  const changes: FrontmatterChanges = {};
  if (current?.title !== fields.title) changes.title = fields.title;
  if (kind === 'task') {
    if (current?.start !== fields.start) changes.due = fields.start;
    return changes;
  }

  if (current?.start !== fields.start || current.all_day !== fields.all_day)
    changes.start = fields.start;
  if (current?.end !== fields.end || current.all_day !== fields.all_day) changes.end = fields.end;
  if (current?.location !== fields.location) changes.location = fields.location ?? undefined;
  const hasAttendees = Array.isArray(frontmatter.attendees);
  if (current?.attendees.join('\n') !== fields.attendees.join('\n')) {
    changes.attendees = fields.attendees.length > 0 || hasAttendees ? fields.attendees : undefined;
  }
  return changes;
}

/** The frontmatter fields of a new event note made from `fields` (see `newEntity`). */
export function eventNoteFields(fields: SyncedFields): Record<string, unknown> {
  const record: Record<string, unknown> = { start: fields.start, end: fields.end };
  if (fields.location !== null) record.location = fields.location;
  if (fields.attendees.length > 0) record.attendees = fields.attendees;
  return record;
}

/** The body of a note made from an event: its description, cut to a sane length. */
export function importedBody(description: string | undefined): { body: string; isCut: boolean } {
  if (description === undefined || description.trim() === '') return { body: '', isCut: false };

  const isCut = description.length > MAX_IMPORTED_DESCRIPTION;
  const kept = isCut ? description.slice(0, MAX_IMPORTED_DESCRIPTION) : description;
  const notice = isCut
    ? '\n\n(The description on Google Calendar is longer; the rest is there.)'
    : '';
  return { body: `\n${kept.trimEnd()}${notice}\n`, isCut };
}

function titleOf(value: unknown, reasons: string[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    reasons.push('title: missing');
    return undefined;
  }
  return value;
}

/** A title a note can hold: not empty, at most `MAX_TITLE_LENGTH` characters. */
function fitTitle(summary: string): string {
  const trimmed = summary.trim();
  if (trimmed === '') return UNTITLED;

  const characters = Array.from(trimmed);
  if (characters.length <= MAX_TITLE_LENGTH) return trimmed;
  return `${characters.slice(0, MAX_TITLE_LENGTH - 1).join('')}…`;
}

function temporalOf(value: unknown, field: string, zone: string, reasons: string[]) {
  const parsed = parseTemporal(value, zone);
  if (!parsed.ok) {
    reasons.push(`${field}: ${parsed.message}`);
    return undefined;
  }
  return parsed.value;
}

function optionalText(value: unknown, field: string, reasons: string[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    reasons.push(`${field}: expected text`);
    return null;
  }
  return value;
}

function emailsOf(value: unknown, reasons: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((email) => typeof email !== 'string')) {
    reasons.push('attendees: expected a list of email addresses');
    return [];
  }
  return [...new Set((value as string[]).map((email) => email.trim().toLowerCase()))].sort();
}

function kiraIdOf(extended: unknown): string | undefined {
  if (!isPlainObjectLike(extended) || !isPlainObjectLike(extended.private)) return undefined;
  const kiraId = extended.private.kiraId;
  return typeof kiraId === 'string' && kiraId !== '' ? kiraId : undefined;
}

function createdOf(value: unknown): number | undefined {
  return typeof value === 'string' ? (parseInstantMs(value) ?? undefined) : undefined;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function dayAfter(date: string): string {
  return shiftDay(date, 1);
}

function dayBefore(date: string): string {
  return shiftDay(date, -1);
}

function shiftDay(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
