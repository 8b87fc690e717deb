import { type Kind, isKind } from './model';

/**
 * Entity ids: `<kind>-YYYYMMDD-HHmm-<slug>`, the date and minute of creation in UTC and an
 * ASCII kebab slug of the title, with `-2`, `-3`, ... appended when the id is already taken.
 * An entity is found by its id, never by its path, so ids must be unique across the vault:
 * `makeId` asks the caller which ids are taken.
 */

/** The longest slug `slugify` makes; a collision suffix comes on top of it. */
export const MAX_SLUG_LENGTH = 100;

/** The slug of a title with nothing to keep (empty, or no Latin letters or digits). */
export const EMPTY_SLUG = 'untitled';

/** After this many taken ids in one minute for one title, `makeId` gives up. */
const MAX_SUFFIX = 10_000;

export type IdErrorCode = 'invalid_time' | 'ids_exhausted';

/** Thrown by `makeId` for a time it cannot write or when every candidate id is taken. */
export class IdError extends Error {
  constructor(
    readonly code: IdErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdError';
  }
}

export interface ParsedId {
  kind: Kind;
  /** The creation minute, as epoch milliseconds (UTC). */
  ms: number;
  /** The slug without the collision suffix. */
  slug: string;
  /** The collision suffix (2, 3, ...), or null. */
  suffix: number | null;
}

// Letters NFKD leaves whole but that have a usual ASCII spelling.
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

// `event-YYYYMMDD-HHmm-` is 19 characters; a suffix of up to 5 digits and its hyphen follow.
const MAX_ID_LENGTH = 19 + MAX_SLUG_LENGTH + 6;
const ID_PATTERN =
  /^(task|note|event)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const SUFFIX_PATTERN = /^(.+)-([2-9]|[1-9]\d+)$/;

/**
 * An ASCII kebab-case slug of `title`: diacritics stripped (NFKD), lowercase, every run of
 * other characters turned into one hyphen, no hyphen at either end. At most
 * `MAX_SLUG_LENGTH` characters, cut at a hyphen when one is in reach so words stay whole.
 * A title with nothing to keep gives `untitled`.
 */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþı]/g, (letter) => TRANSLITERATIONS[letter] ?? '-');
  const kebab = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

  const slug = shorten(kebab);
  return slug === '' ? EMPTY_SLUG : slug;
}

function shorten(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug;

  // A hyphen right after the limit means the limit falls on a word boundary.
  const head = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastHyphen = head.lastIndexOf('-');
  const cut = lastHyphen > 0 ? lastHyphen : MAX_SLUG_LENGTH;
  return slug.slice(0, cut).replace(/-+$/, '');
}

/**
 * A fresh id for an entity of `kind` titled `title`, created at `ms` (epoch milliseconds).
 * The same kind, title and UTC minute always give the same base id; when `isTaken` says the
 * base is taken, `-2`, `-3`, ... are tried in turn.
 *
 * @throws IdError `invalid_time` when `ms` is not a time between the years 0 and 9999;
 *   `ids_exhausted` when thousands of candidates are all taken (a broken `isTaken`).
 */
export function makeId(
  kind: Kind,
  title: string,
  ms: number,
  isTaken: (id: string) => boolean,
): string {
  const base = `${kind}-${minuteStamp(ms)}-${slugify(title)}`;
  if (!isTaken(base)) return base;

  for (let suffix = 2; suffix <= MAX_SUFFIX; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
  throw new IdError('ids_exhausted', `Every id from ${base} to ${base}-${MAX_SUFFIX} is taken.`);
}

function minuteStamp(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    throw new IdError('invalid_time', `${String(ms)} is not a time an id can be made from.`);
  }

  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
  return `${day}-${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}

/**
 * Reads an id into its parts, or returns null when `id` is not a valid id (wrong shape, a
 * date or minute that does not exist, a slug longer than `MAX_SLUG_LENGTH`).
 *
 * A trailing `-<number>` (2 or more) is read as the collision suffix. Ids cannot say whether
 * such a number came from the title (`Sprint 2` gives `sprint-2`) or from a collision, so the
 * split is a reading, not a record; Kira compares ids whole and never relies on it.
 */
export function parseId(id: string): ParsedId | null {
  if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) return null;
  const match = ID_PATTERN.exec(id);
  if (!match) return null;
  const [, kind, year, month, day, hour, minute, tail] = match as unknown as string[];

  const ms = minuteMs(year!, month!, day!, hour!, minute!);
  if (ms === null || !isKind(kind)) return null;

  const { slug, suffix } = splitSuffix(tail!);
  if (slug.length > MAX_SLUG_LENGTH) return null;
  return { kind, ms, slug, suffix };
}

/** True when `id` is a well-formed id (see `parseId`). Never throws, whatever it is given. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && parseId(id) !== null;
}

function minuteMs(year: string, month: string, day: string, hour: string, minute: string) {
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), 0, 0);

  const isExact =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute);
  return isExact ? date.getTime() : null;
}

function splitSuffix(tail: string): { slug: string; suffix: number | null } {
  const match = SUFFIX_PATTERN.exec(tail);
  if (!match) return { slug: tail, suffix: null };
  return { slug: match[1]!, suffix: Number(match[2]) };
}
