import { DateTime } from 'luxon';

import { TimeError } from './errors';
import type { Temporal } from './instant';
import { isValidZone } from './zone';

/**
 * Time shown to the user: the one place stored UTC values become local again. Nothing
 * produced here is ever written back; input goes through `parseTemporal`.
 *
 * Formats are luxon format tokens (`yyyy-MM-dd HH:mm`, `ccc d LLL`, ...).
 */

export const DEFAULT_INSTANT_FORMAT = 'yyyy-MM-dd HH:mm';
export const DEFAULT_DATE_FORMAT = 'yyyy-MM-dd';

export interface DisplayOptions {
  /** A BCP 47 locale for month and day names; the platform's when absent. */
  locale?: string;
}

/**
 * Instant `ms` as wall-clock time in `zone`.
 * @throws TimeError `unknown_zone` or `impossible_date`.
 */
export function displayInstant(
  ms: number,
  zone: string,
  format: string = DEFAULT_INSTANT_FORMAT,
  options: DisplayOptions = {},
): string {
  if (!isValidZone(zone)) throw new TimeError('unknown_zone', `"${zone}" is not a known time zone`);
  const local = DateTime.fromMillis(ms, { zone, ...localeOf(options) });
  if (!Number.isFinite(ms) || !local.isValid) {
    throw new TimeError('impossible_date', `${ms} is not an instant`);
  }
  return local.toFormat(format);
}

/**
 * An all-day date (`YYYY-MM-DD`) as text. No zone is involved: a date names the same
 * calendar day wherever it is read.
 * @throws TimeError `bad_format` or `impossible_date`.
 */
export function displayDate(
  date: string,
  format: string = DEFAULT_DATE_FORMAT,
  options: DisplayOptions = {},
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new TimeError('bad_format', `"${date}" is not a date (YYYY-MM-DD)`);
  }
  const day = DateTime.fromISO(date, { zone: 'utc', ...localeOf(options) });
  if (!day.isValid) throw new TimeError('impossible_date', `"${date}" is not a real date`);
  return day.toFormat(format);
}

/** A parsed value for display: instants in `zone`, dates as they are. */
export function displayTemporal(
  value: Temporal,
  zone: string,
  formats: { instant?: string; date?: string } = {},
  options: DisplayOptions = {},
): string {
  return value.kind === 'instant'
    ? displayInstant(value.ms, zone, formats.instant, options)
    : displayDate(value.date, formats.date, options);
}

function localeOf(options: DisplayOptions): { locale?: string } {
  return options.locale === undefined ? {} : { locale: options.locale };
}
