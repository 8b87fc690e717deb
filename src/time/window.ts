import { DateTime } from 'luxon';

import { TimeError } from './errors';
import { formatInstant } from './instant';
import { isValidZone, startOfDayIn } from './zone';

/**
 * Day, week and month windows in a zone: the span of UTC instants that a calendar period
 * covers there, half-open as `[start, end)`.
 *
 * Windows are built from calendar dates, never by adding hours: a day runs from its first
 * instant to the next day's first instant, so across DST it lasts 23 or 25 hours, a week 167
 * or 169, and a month one hour less or more than its days times 24. A day whose midnight does
 * not exist (a DST change at 00:00, as in America/Santiago) starts at its first existing
 * instant; a day whose midnight happens twice starts at the first. Consecutive windows share
 * their boundary, so every instant falls in exactly one window of each kind.
 */

/** ISO weekday numbers: 1 is Monday, 7 is Sunday. */
export type WeekStart = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type WindowKind = 'day' | 'week' | 'month';

/** A calendar day, week or month in a zone, as the UTC instants `[start, end)`. */
export interface TimeWindow {
  kind: WindowKind;
  /** Epoch milliseconds of the first instant inside the window. */
  startMs: number;
  /** Epoch milliseconds of the first instant after the window. */
  endMs: number;
  /** `startMs` in the storage format. */
  start: string;
  /** `endMs` in the storage format. */
  end: string;
  zone: string;
  /** The window's first calendar day in `zone`, `YYYY-MM-DD`. */
  firstDay: string;
  /** The window's last calendar day in `zone` (inclusive), `YYYY-MM-DD`. */
  lastDay: string;
  /** `2026-03-08` for a day, `2026-03-02 to 2026-03-08` for a week, `2026-03` for a month. */
  label: string;
}

/**
 * An instant (epoch milliseconds) or a calendar day `YYYY-MM-DD`, read as that day in the
 * window's zone.
 */
export type WindowAnchor = number | string;

/**
 * The day containing `anchor` in `zone`.
 * @throws TimeError `unknown_zone`, or `bad_format` / `impossible_date` for a bad anchor.
 */
export function dayWindow(anchor: WindowAnchor, zone: string): TimeWindow {
  const day = calendarDayOf(anchor, zone);
  return buildWindow('day', day, day.plus({ days: 1 }), zone);
}

/**
 * The week containing `anchor` in `zone`, starting on the ISO weekday `weekStart`.
 * @throws TimeError as `dayWindow`, and `bad_format` for a week start outside 1 to 7.
 */
export function weekWindow(anchor: WindowAnchor, zone: string, weekStart: WeekStart): TimeWindow {
  assertWeekStart(weekStart);
  const day = calendarDayOf(anchor, zone);
  const first = day.minus({ days: (day.weekday - weekStart + 7) % 7 });
  return buildWindow('week', first, first.plus({ weeks: 1 }), zone);
}

/**
 * The calendar month containing `anchor` in `zone`.
 * @throws TimeError as `dayWindow`.
 */
export function monthWindow(anchor: WindowAnchor, zone: string): TimeWindow {
  const first = calendarDayOf(anchor, zone).startOf('month');
  return buildWindow('month', first, first.plus({ months: 1 }), zone);
}

/** The window of `kind` containing `anchor`; `weekStart` matters only for weeks. */
export function windowOf(
  kind: WindowKind,
  anchor: WindowAnchor,
  zone: string,
  weekStart: WeekStart = 1,
): TimeWindow {
  if (kind === 'day') return dayWindow(anchor, zone);
  if (kind === 'week') return weekWindow(anchor, zone, weekStart);
  return monthWindow(anchor, zone);
}

/** The window of the same kind that follows `window`; it starts where `window` ends. */
export function nextWindow(window: TimeWindow): TimeWindow {
  const first = calendarDayOf(window.lastDay, window.zone).plus({ days: 1 });
  const length = { day: { days: 1 }, week: { weeks: 1 }, month: { months: 1 } }[window.kind];
  return buildWindow(window.kind, first, first.plus(length), window.zone);
}

/**
 * Every window of `kind` that overlaps `[fromMs, toMs)`, in order; empty when `toMs` is not
 * after `fromMs`. The first may start before `fromMs` and the last end after `toMs`. A day
 * that a zone skipped entirely (Pacific/Apia's 2011-12-30) has an empty window, which overlaps
 * nothing and is left out.
 * @throws TimeError as `windowOf`, and `impossible_date` for an end that is not finite.
 */
export function windowsBetween(
  kind: WindowKind,
  fromMs: number,
  toMs: number,
  zone: string,
  weekStart: WeekStart = 1,
): TimeWindow[] {
  if (!Number.isFinite(toMs)) throw new TimeError('impossible_date', `${toMs} is not an instant`);
  if (!(toMs > fromMs)) return [];

  const windows: TimeWindow[] = [];
  let current = windowOf(kind, fromMs, zone, weekStart);
  windows.push(current);
  while (current.endMs < toMs) {
    current = nextWindow(current);
    if (current.endMs > current.startMs) windows.push(current);
  }
  return windows;
}

/** True when `ms` lies inside `window` (its start included, its end not). */
export function isInWindow(window: TimeWindow, ms: number): boolean {
  return window.startMs <= ms && ms < window.endMs;
}

/**
 * The calendar day (`YYYY-MM-DD`) that instant `ms` falls on in `zone`.
 * @throws TimeError `unknown_zone` or `impossible_date`.
 */
export function localDate(ms: number, zone: string): string {
  return calendarDayOf(ms, zone).toISODate() ?? '';
}

/** A calendar day as a UTC-midnight DateTime: date arithmetic only, no zone rules. */
type CalendarDay = DateTime;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function calendarDayOf(anchor: WindowAnchor, zone: string): CalendarDay {
  assertZone(zone);

  if (typeof anchor === 'number') {
    const local = DateTime.fromMillis(anchor, { zone });
    if (!Number.isFinite(anchor) || !local.isValid) {
      throw new TimeError('impossible_date', `${anchor} is not an instant`);
    }
    return DateTime.utc(local.year, local.month, local.day);
  }

  if (typeof anchor !== 'string' || !DATE_ONLY.test(anchor)) {
    throw new TimeError('bad_format', `a window needs an instant or a YYYY-MM-DD day`);
  }
  const day = DateTime.fromISO(anchor, { zone: 'utc' });
  if (!day.isValid) throw new TimeError('impossible_date', `"${anchor}" is not a real date`);
  return day;
}

function buildWindow(
  kind: WindowKind,
  first: CalendarDay,
  next: CalendarDay,
  zone: string,
): TimeWindow {
  const startMs = startOfDayIn(first.year, first.month, first.day, zone).toMillis();
  const endMs = startOfDayIn(next.year, next.month, next.day, zone).toMillis();
  const firstDay = first.toISODate() ?? '';
  const lastDay = next.minus({ days: 1 }).toISODate() ?? '';

  return {
    kind,
    startMs,
    endMs,
    start: formatInstant(startMs),
    end: formatInstant(endMs),
    zone,
    firstDay,
    lastDay,
    label: labelOf(kind, firstDay, lastDay),
  };
}

function labelOf(kind: WindowKind, firstDay: string, lastDay: string): string {
  if (kind === 'day') return firstDay;
  if (kind === 'week') return `${firstDay} to ${lastDay}`;
  return firstDay.slice(0, 7);
}

function assertZone(zone: string): void {
  if (!isValidZone(zone)) throw new TimeError('unknown_zone', `"${zone}" is not a known time zone`);
}

function assertWeekStart(weekStart: number): void {
  if (!Number.isInteger(weekStart) || weekStart < 1 || weekStart > 7) {
    throw new TimeError(
      'bad_format',
      `a week must start on a day from 1 (Monday) to 7 (Sunday), not ${weekStart}`,
    );
  }
}
