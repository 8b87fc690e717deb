import { DateTime, IANAZone } from 'luxon';

import { TimeError } from './errors';

/**
 * Time zones: which names Kira accepts, what "the system zone" is, and how a wall-clock time
 * in a zone becomes one instant.
 *
 * Kira accepts IANA zone names (`Europe/Brussels`, `America/New_York`, `UTC`), matched without
 * regard to case as the platform does. Luxon's own extras (`local`, `system`, `UTC+2`) are
 * refused: `local` would let the machine's zone leak into stored values, and fixed offsets do
 * not follow daylight saving time.
 */

/** True when `zone` names a time zone this platform knows. */
export function isValidZone(zone: string): boolean {
  const known = validity.get(zone);
  if (known !== undefined) return known;

  const isValid = zone.trim() !== '' && zone === zone.trim() && IANAZone.isValidZone(zone);
  // Checking a zone builds an Intl formatter (tens of microseconds); the write path asks for
  // every write. The cache is bounded because typed text is unbounded.
  if (validity.size >= MAX_CACHED_ZONES) validity.clear();
  validity.set(zone, isValid);
  return isValid;
}

const MAX_CACHED_ZONES = 512;
const validity = new Map<string, boolean>();

/**
 * The platform's spelling of a valid zone when it differs only in case (`europe/brussels`
 * becomes `Europe/Brussels`); otherwise `zone` unchanged. Aliases are kept as typed:
 * `US/Eastern` stays `US/Eastern`.
 */
export function canonicalZone(zone: string): string {
  if (!isValidZone(zone)) return zone;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/** The zone of the machine Kira runs on; `UTC` when the platform does not say. */
export function systemZone(): string {
  const now = Date.now();
  if (systemZoneCache && now - systemZoneCache.at < SYSTEM_ZONE_TTL_MS) return systemZoneCache.zone;

  const found = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = typeof found === 'string' && isValidZone(found) ? found : 'UTC';
  systemZoneCache = { zone, at: now };
  return zone;
}

// The device's zone changes when its owner travels; a minute's delay in noticing is fine.
const SYSTEM_ZONE_TTL_MS = 60_000;
let systemZoneCache: { zone: string; at: number } | null = null;

/**
 * The zone a setting stands for: an empty setting means the system zone.
 * @throws TimeError with code `unknown_zone` when the setting names no zone.
 */
export function resolveZone(setting: string): string {
  const trimmed = setting.trim();
  if (trimmed === '') return systemZone();
  if (!isValidZone(trimmed)) {
    throw new TimeError('unknown_zone', `"${trimmed}" is not a known time zone`);
  }
  let canonical = canonicalNames.get(trimmed);
  if (canonical === undefined) {
    canonical = canonicalZone(trimmed);
    if (canonicalNames.size >= MAX_CACHED_ZONES) canonicalNames.clear();
    canonicalNames.set(trimmed, canonical);
  }
  return canonical;
}

const canonicalNames = new Map<string, string>();

/**
 * The known zone closest to a mistyped name (`Europe/Brusels` gives `Europe/Brussels`), or
 * null when nothing is close. For messages only.
 */
export function suggestZone(typed: string): string | null {
  const wanted = typed.trim().toLowerCase();
  if (wanted.length < 3) return null;

  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 5)) + 1;
  for (const zone of knownZones()) {
    const distance = editDistance(wanted, zone.toLowerCase());
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The instant a wall-clock time names in `zone`, when it is a valid luxon DateTime in that
 * zone:
 * - a time in a spring-forward gap (it never showed on clocks) moves forward by the gap's
 *   length, so 02:30 on the night clocks jump from 02:00 to 03:00 is read as 03:30;
 * - a time in a fall-back overlap (it showed twice) is the earlier of the two instants.
 * Both are what JavaScript's `Date` does, so Kira reads a naive value as Obsidian does.
 * Luxon alone would pick the later instant in an overlap.
 */
export function earliestReading(wall: DateTime): DateTime {
  if (!wall.isValid) return wall;
  let earliest = wall;
  for (const candidate of wall.getPossibleOffsets()) {
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  }
  return earliest;
}

/** The instant of a calendar day's first moment in `zone` (see `earliestReading`). */
export function startOfDayIn(year: number, month: number, day: number, zone: string): DateTime {
  // Luxon moves a midnight that does not exist (a DST change at 00:00) forward to the first
  // instant that does, which is where that day starts.
  return earliestReading(DateTime.fromObject({ year, month, day }, { zone }));
}

let zoneList: readonly string[] | null = null;

function knownZones(): readonly string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return zoneList;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
