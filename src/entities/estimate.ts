/**
 * The estimate grammar: one to three parts, each a whole number followed by its unit, units
 * in the order days, hours, minutes and each at most once, with no space or one space between
 * parts. Lowercase units: `d` (day), `h` (hour), `m` (minute). The total must be more than
 * nothing.
 *
 *     estimate = part (" "? part){0,2}
 *     part     = digits ("d" | "h" | "m")
 *
 * Accepted: `2h`, `30m`, `1d`, `1h30m`, `1d 4h`. Refused: `2` (no unit), `1.5h` (fractions:
 * write `1h30m`), `30m1h` (order), `0m` (nothing), `2 h`, `2H`.
 *
 * How long a day is (a working day or 24 hours) is left to whoever adds estimates up; this
 * module only reads them.
 */

export interface Estimate {
  days: number;
  hours: number;
  minutes: number;
}

const ESTIMATE_PATTERN = /^(?:(\d{1,4})d)? ?(?:(\d{1,4})h)? ?(?:(\d{1,5})m)?$/;

/** The parts of `text` as an estimate, or null when it is not one (see the grammar above). */
export function parseEstimate(text: unknown): Estimate | null {
  if (typeof text !== 'string' || text.length > 24) return null;
  // The pattern's optional spaces could otherwise pair up between two parts or sit at an end.
  if (text.startsWith(' ') || text.endsWith(' ') || text.includes('  ')) return null;

  const match = ESTIMATE_PATTERN.exec(text);
  if (!match) return null;
  const [, days, hours, minutes] = match;

  const estimate = {
    days: Number(days ?? 0),
    hours: Number(hours ?? 0),
    minutes: Number(minutes ?? 0),
  };
  const hasNothing = estimate.days + estimate.hours + estimate.minutes === 0;
  return hasNothing ? null : estimate;
}

/** True when `text` is an estimate Kira accepts. */
export function isEstimate(text: unknown): boolean {
  return parseEstimate(text) !== null;
}
