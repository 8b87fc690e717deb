import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { makeId } from './ids';
import { CANONICAL_KEY_ORDER, type Frontmatter, type Kind, LIFECYCLE_KEYS } from './model';

/**
 * How a new entity gets its id: either the caller already has one, or it is made with
 * `makeId` from the kind, title and clock, asking `isTaken` which ids the vault holds.
 * `fields` adds or overrides any other field (priority, due, tags, start, ...).
 */
export type NewEntityOptions = ({ id: string } | { isTaken: (id: string) => boolean }) & {
  fields?: Frontmatter;
};

/** Keys `newEntity` writes itself: `fields` cannot set them, so a fresh entity is consistent. */
export const OWNED_KEYS: readonly string[] = [
  'id',
  'kind',
  'title',
  'created',
  'updated',
  ...LIFECYCLE_KEYS,
];

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * The frontmatter of a fresh entity, in canonical key order with any extra `fields` after the
 * known keys. Every entity gets `id`, `kind`, `title` (trimmed), `created` and `updated` (now)
 * and `tags` (empty unless given). A task starts in `todo` with `normal` priority,
 * `entered_todo_at` now and `transition_count` 0. An event given neither `start` nor `end`
 * lasts the hour from the current minute.
 *
 * Keys in `OWNED_KEYS` are ignored in `fields`. Nothing is validated here: the write path
 * validates every entity before writing it.
 */
export function newEntity(
  kind: Kind,
  title: string,
  clock: Clock,
  options: NewEntityOptions,
): Frontmatter {
  const now = clock.now();
  const cleanTitle = title.trim();
  const id = 'id' in options ? options.id : makeId(kind, cleanTitle, now, options.isTaken);

  const owned: Frontmatter = {
    id,
    kind,
    title: cleanTitle,
    created: formatInstant(now),
    updated: formatInstant(now),
    ...ownedByKind(kind, now),
  };
  const defaults: Frontmatter = { tags: [], ...defaultsByKind(kind, now, options.fields ?? {}) };
  return inCanonicalOrder(owned, defaults, options.fields ?? {});
}

function ownedByKind(kind: Kind, now: number): Frontmatter {
  if (kind !== 'task') return {};
  return { status: 'todo', entered_todo_at: formatInstant(now), transition_count: 0 };
}

function defaultsByKind(kind: Kind, now: number, fields: Frontmatter): Frontmatter {
  if (kind === 'task') return { priority: 'normal' };
  if (kind !== 'event' || Object.hasOwn(fields, 'start') || Object.hasOwn(fields, 'end')) return {};

  const start = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return { start: formatInstant(start), end: formatInstant(start + HOUR_MS) };
}

/** Owned keys win over `fields`, which win over defaults; known keys first, in order. */
function inCanonicalOrder(owned: Frontmatter, defaults: Frontmatter, fields: Frontmatter) {
  const merged = new Map<string, unknown>(Object.entries(defaults));
  for (const [key, value] of Object.entries(fields)) {
    if (!OWNED_KEYS.includes(key)) merged.set(key, value);
  }
  for (const [key, value] of Object.entries(owned)) merged.set(key, value);

  const ordered: Frontmatter = {};
  const known = CANONICAL_KEY_ORDER.filter((key) => merged.has(key));
  const unknown = [...merged.keys()].filter((key) => !CANONICAL_KEY_ORDER.includes(key));
  for (const key of [...known, ...unknown]) setOwn(ordered, key, merged.get(key));
  return ordered;
}

/** Sets an own property even for keys like `__proto__`, which plain assignment would not. */
function setOwn(target: Frontmatter, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
