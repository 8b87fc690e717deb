import { DateTime } from 'luxon';

import { earliestReading, isValidZone } from './zone';

/**
 * Kira's one storage format for time.
 *
 * - An instant is stored in UTC as `YYYY-MM-DDTHH:mm:ssZ` (seconds precision, always `Z`).
 * - An all-day value is stored as a plain date, `YYYY-MM-DD`, with no zone: it names a
 *   calendar day wherever the reader is.
 *
 * Local time exists only at the edges: input is converted to this form before anything is
 * written, and display converts back (see `display.ts`).
 */
export type Temporal =
  { kind: 'instant'; ms: number; stored: string } | { kind: 'date'; date: string; stored: string };

export type TimeErrorCode = 'not_a_string' | 'bad_format' | 'impossible_date' | 'unknown_zone';

export type TemporalResult =
  { ok: true; value: Temporal } | { ok: false; code: TimeErrorCode; message: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_OFFSET = /T.*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Formats epoch milliseconds in the storage format. Sub-second parts are dropped.
 * The format holds the years 0000 to 9999; `parseTemporal` refuses anything outside them.
 */
export function formatInstant(ms: number): string {
  const seconds = Math.floor(ms / 1000) * 1000;
  return new Date(seconds).toISOString().replace('.000Z', 'Z');
}

/** True when `text` is already exactly in the instant storage format. */
export function isStoredInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) && parseInstantMs(text) !== null;
}

/**
 * Reads a time value the way a user or another tool may have written it:
 * - with `Z` or an offset: that instant;
 * - a date only: an all-day date, kept as a date;
 * - a naive date-time (as Obsidian's date-time property writes it): read in `zone`; a time
 *   skipped by a spring-forward change moves forward by the gap, a time repeated by a
 *   fall-back change is the earlier instant (as JavaScript's `Date` reads it; see ADR 0002).
 * Anything else (numbers, impossible dates or offsets, unknown zones) is refused with a reason.
 */
export function parseTemporal(input: unknown, zone: string): TemporalResult {
  if (input instanceof Date) return fromMs(input.getTime());
  if (typeof input !== 'string') {
    return fail('not_a_string', `expected a date or date-time text, got ${describe(input)}`);
  }

  const text = input.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) return parseDate(text);

  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) {
    return fail('bad_format', `"${clip(text)}" is not a date (YYYY-MM-DD) or date-time`);
  }
  const [, day, clock, offset] = dateTime;
  const hasOffset = offset !== undefined;
  if (!hasOffset && !isValidZone(zone)) {
    return fail('unknown_zone', `"${zone}" is not a known time zone`);
  }
  if (hasOffset && !isRealOffset(offset)) {
    return fail('impossible_date', `"${offset}" in "${clip(text)}" is not a real UTC offset`);
  }

  const iso = `${day}T${clock}${offset ? normalizeOffset(offset) : ''}`;
  const parsed = hasOffset
    ? DateTime.fromISO(iso, { setZone: true })
    : earliestReading(DateTime.fromISO(iso, { zone }));
  if (!parsed.isValid) {
    return fail('impossible_date', `"${clip(text)}" is not a real date and time`);
  }
  return fromMs(parsed.toMillis());
}

/** Reads a value that must be an instant (a date-only value is refused). */
export function parseInstant(input: unknown, zone: string): TemporalResult {
  const result = parseTemporal(input, zone);
  if (result.ok && result.value.kind === 'date') {
    return fail('bad_format', `"${result.value.date}" is a date; a date and time is needed here`);
  }
  return result;
}

/**
 * Milliseconds of a stored (or any offset-bearing ISO) instant, or null. Text without `Z` or
 * an offset is null too: it names no instant until a zone is chosen (use `parseTemporal`).
 */
export function parseInstantMs(text: string): number | null {
  if (!HAS_OFFSET.test(text)) return null;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}

function parseDate(text: string): TemporalResult {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  if (!parsed.isValid) return fail('impossible_date', `"${text}" is not a real date`);
  return { ok: true, value: { kind: 'date', date: text, stored: text } };
}

// The storage format has four-digit years.
const FIRST_STORABLE_MS = Date.parse('0000-01-01T00:00:00Z');
const LAST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

function fromMs(ms: number): TemporalResult {
  if (!Number.isFinite(ms)) return fail('impossible_date', 'not a real date and time');
  if (ms < FIRST_STORABLE_MS || ms > LAST_STORABLE_MS) {
    return fail('impossible_date', 'only the years 0000 to 9999 can be stored');
  }
  const stored = formatInstant(ms);
  return { ok: true, value: { kind: 'instant', ms: Math.floor(ms / 1000) * 1000, stored } };
}

/** Offsets run from -18:00 to +18:00 with minutes below 60 (luxon would take "+05:75"). */
function isRealOffset(offset: string): boolean {
  if (offset.toUpperCase() === 'Z') return true;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return minutes < 60 && hours * 60 + minutes <= 18 * 60;
}

function normalizeOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.replace(':', '');
  return digits.length === 3 ? `${digits}:00` : `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

function fail(code: TimeErrorCode, message: string): TemporalResult {
  return { ok: false, code, message };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
