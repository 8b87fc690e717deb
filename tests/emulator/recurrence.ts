/**
 * The part of RFC 5545 recurrence the emulator expands: one `RRULE` with `FREQ` DAILY, WEEKLY,
 * MONTHLY or YEARLY, optional `INTERVAL`, and `COUNT` or `UNTIL`. Occurrences keep their wall
 * time in the event's zone across DST. Anything else is refused with a 400 that says the
 * emulator does not support it, so a test never silently gets the wrong instances.
 */
import { DateTime, type DurationLike } from 'luxon';

import { badRequest } from './errors';
import type { When } from './resource';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface RecurrenceRule {
  frequency: Frequency;
  interval: number;
  count?: number;
  untilMs?: number;
}

/** How many instances an endless series yields at most. */
export const endlessSeriesLimit = 1000;

const stepOf: Record<Frequency, (n: number) => DurationLike> = {
  DAILY: (n) => ({ days: n }),
  WEEKLY: (n) => ({ weeks: n }),
  MONTHLY: (n) => ({ months: n }),
  YEARLY: (n) => ({ years: n }),
};

/** Parses the `recurrence` lines of an event; throws a 400 for what is not supported. */
export function parseRecurrence(lines: readonly string[]): RecurrenceRule {
  const rules = lines.filter((line) => line.startsWith('RRULE:'));
  const others = lines.filter((line) => !line.startsWith('RRULE:'));
  if (rules.length !== 1 || others.length > 0) {
    throw unsupported('exactly one RRULE line and nothing else');
  }

  const parts = new Map<string, string>();
  for (const part of rules[0]!.slice('RRULE:'.length).split(';')) {
    const [key, value] = part.split('=');
    if (key === undefined || value === undefined || value === '')
      throw badRequest('Invalid recurrence rule.');
    parts.set(key, value);
  }
  return toRule(parts);
}

function toRule(parts: Map<string, string>): RecurrenceRule {
  const frequency = parts.get('FREQ');
  if (
    frequency !== 'DAILY' &&
    frequency !== 'WEEKLY' &&
    frequency !== 'MONTHLY' &&
    frequency !== 'YEARLY'
  ) {
    throw unsupported('FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
  }
  for (const key of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST'].includes(key))
      throw unsupported(`no ${key}`);
  }

  const rule: RecurrenceRule = {
    frequency,
    interval: positiveInteger(parts.get('INTERVAL') ?? '1'),
  };
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined && until !== undefined) throw badRequest('Invalid recurrence rule.');
  if (count !== undefined) rule.count = positiveInteger(count);
  if (until !== undefined) rule.untilMs = parseUntil(until);
  return rule;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw badRequest('Invalid recurrence rule.');
  return value;
}

function parseUntil(text: string): number {
  const parsed = /^\d{8}$/.test(text)
    ? DateTime.fromFormat(text, 'yyyyMMdd', { zone: 'UTC' }).endOf('day')
    : DateTime.fromFormat(text, "yyyyMMdd'T'HHmmss'Z'", { zone: 'UTC' });
  if (!parsed.isValid) throw badRequest('Invalid recurrence rule.');
  return parsed.toMillis();
}

function unsupported(what: string): Error {
  return badRequest(`Recurrence not supported by the emulator (it supports ${what}).`);
}

export interface Occurrence {
  start: When;
  end: When;
  /** The suffix of the instance id: `YYYYMMDDTHHMMSSZ` in UTC, or `YYYYMMDD` for all-day. */
  stamp: string;
}

/** Lists a series' occurrences in order, the first being the master's own start. */
export function expandOccurrences(
  rule: RecurrenceRule,
  start: When,
  end: When,
  calendarZone: string,
): Occurrence[] {
  const zone = start.kind === 'dateTime' ? (start.timeZone ?? calendarZone) : calendarZone;
  const first = DateTime.fromMillis(start.ms, { zone });
  const length = end.ms - start.ms;
  const limit = rule.count ?? endlessSeriesLimit;

  const occurrences: Occurrence[] = [];
  for (let k = 0; occurrences.length < limit && k < endlessSeriesLimit * 12; k += 1) {
    const at = first.plus(stepOf[rule.frequency](k * rule.interval));
    if (rule.untilMs !== undefined && at.toMillis() > rule.untilMs) break;
    // Like RFC 5545, a monthly or yearly rule skips dates that do not exist (31 April).
    const isClamped =
      (rule.frequency === 'MONTHLY' || rule.frequency === 'YEARLY') && at.day !== first.day;
    if (isClamped) continue;
    occurrences.push(occurrenceAt(at, start, length));
  }
  return occurrences;
}

function occurrenceAt(at: DateTime, start: When, length: number): Occurrence {
  if (start.kind === 'date') {
    const date = at.toISODate() ?? '';
    const endDay = at.plus({ days: Math.round(length / 86_400_000) });
    return {
      start: { kind: 'date', date, ms: at.toMillis() },
      end: { kind: 'date', date: endDay.toISODate() ?? '', ms: endDay.toMillis() },
      stamp: date.replaceAll('-', ''),
    };
  }

  const zone = start.timeZone === undefined ? {} : { timeZone: start.timeZone };
  return {
    start: { kind: 'dateTime', ms: at.toMillis(), ...zone },
    end: { kind: 'dateTime', ms: at.toMillis() + length, ...zone },
    stamp: at.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'"),
  };
}
