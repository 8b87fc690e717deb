import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

import { CANONICAL_KEY_ORDER, SYNC_KEY, type Frontmatter } from '../entities/model';
import { CodecError } from './errors';
import { isUnsafeKey } from './unsafe-keys';
import { PARSE_OPTIONS, STRINGIFY_OPTIONS } from './yaml-options';

/** A value Kira can write as YAML: text, numbers, booleans, null, lists and mappings of them. */
export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const KNOWN_KEYS = CANONICAL_KEY_ORDER.filter((key) => key !== SYNC_KEY);
const KNOWN_RANK = new Map(KNOWN_KEYS.map((key, index) => [key, index]));
const UNKNOWN_RANK = KNOWN_KEYS.length;
const SYNC_RANK = UNKNOWN_RANK + 1;

/**
 * A key's place in the canonical order: the keys of `CANONICAL_KEY_ORDER` first, in that
 * order, then every unknown key, then `x-kira` last.
 */
export function keyRank(key: string): number {
  if (key === SYNC_KEY) return SYNC_RANK;
  return KNOWN_RANK.get(key) ?? UNKNOWN_RANK;
}

/**
 * Orders keys canonically. Unknown keys keep their relative order (`'kept'`, for notes that
 * already exist) or are sorted by UTF-16 code unit (`'sorted'`, for fresh serialization, so
 * the same data always gives the same text).
 */
export function canonicalKeyOrder(
  keys: readonly string[],
  unknownKeys: 'kept' | 'sorted',
): string[] {
  return [...keys].sort((a, b) => {
    const byRank = keyRank(a) - keyRank(b);
    if (byRank !== 0 || unknownKeys === 'kept' || keyRank(a) !== UNKNOWN_RANK) return byRank;
    return compareText(a, b);
  });
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Checks that `value` can be written as frontmatter and returns its canonical copy: mappings
 * with their keys sorted, `undefined` properties left out (as JSON does).
 *
 * @throws CodecError `unsupported_value` for Dates (store time as text), functions, symbols,
 *   bigints, class instances, `undefined` in a list and cycles; `unsafe_key` for a key that
 *   could reach a prototype.
 */
export function canonicalValue(
  value: unknown,
  path: string,
  seen: Set<object> = new Set(),
): YamlValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value !== 'object') throw unsupported(path, `a ${typeof value}`);
  if (seen.has(value)) throw unsupported(path, 'a value that contains itself');

  seen.add(value);
  try {
    if (Array.isArray(value)) return canonicalList(value, path, seen);
    if (isPlainObject(value)) return canonicalMapping(value, path, seen);
    throw unsupported(path, value instanceof Date ? 'a Date (store time as text)' : 'an object');
  } finally {
    seen.delete(value);
  }
}

function canonicalList(list: unknown[], path: string, seen: Set<object>): YamlValue[] {
  const result: YamlValue[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const item: unknown = list[i];
    if (item === undefined) throw unsupported(`${path}[${i}]`, 'undefined');
    result.push(canonicalValue(item, `${path}[${i}]`, seen));
  }
  return result;
}

function canonicalMapping(
  mapping: Record<string, unknown>,
  path: string,
  seen: Set<object>,
): { [key: string]: YamlValue } {
  const result: { [key: string]: YamlValue } = {};
  for (const key of Object.keys(mapping).sort(compareText)) {
    checkKey(key, path);
    const item = mapping[key];
    if (item !== undefined) result[key] = canonicalValue(item, `${path}.${key}`, seen);
  }
  return result;
}

/** @throws CodecError `unsafe_key` for `__proto__`, `constructor` and `prototype`. */
export function checkKey(key: string, path = ''): void {
  if (isUnsafeKey(key)) {
    const where = path === '' ? '' : ` under ${path}`;
    throw new CodecError(
      'unsafe_key',
      `the key "${key}"${where} is refused: it could reach a prototype`,
    );
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function unsupported(path: string, what: string): CodecError {
  return new CodecError('unsupported_value', `${path} is ${what}, which frontmatter cannot hold`);
}

/**
 * One reusable document supplies the core schema to the stringifier; only its contents change
 * between calls, which spares building a schema per note.
 */
const writer = new Document(null, PARSE_OPTIONS);

/** Writes YAML nodes with Kira's style; lines come back without line breaks. */
export function stringifyLines(
  contents: Node,
  comments?: { before?: string | null; after?: string | null },
): string[] {
  writer.contents = contents;
  writer.commentBefore = comments?.before ?? null;
  writer.comment = comments?.after ?? null;
  try {
    const text = writer.toString(STRINGIFY_OPTIONS);
    // The stringifier leaves a space after `-` for an empty list item; no value needs a
    // trailing blank (text with one is quoted), so trimming it is safe.
    return text.slice(0, -1).split('\n').map(trimEnd);
  } finally {
    writer.contents = null;
  }
}

function trimEnd(line: string): string {
  return line.endsWith(' ') || line.endsWith('\t') ? line.trimEnd() : line;
}

/** The lines of `key: value` in canonical style; `value` must be canonical already. */
export function renderEntry(key: string, value: YamlValue): string[] {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), toNode(value)));
  return stringifyLines(map);
}

/**
 * The lines of a whole frontmatter block (without fences) in canonical order and style.
 * `keyOrder` is the order the keys were written in, for `'kept'` (JavaScript objects list
 * integer-like keys first, whatever their place in the note).
 */
export function renderFrontmatter(
  frontmatter: Frontmatter,
  unknownKeys: 'kept' | 'sorted',
  keyOrder: readonly string[] = Object.keys(frontmatter),
): string[] {
  const map = new YAMLMap();
  for (const key of canonicalKeyOrder(keyOrder, unknownKeys)) {
    checkKey(key);
    const value = frontmatter[key];
    if (value === undefined) continue;
    map.items.push(new Pair(new Scalar(key), toNode(canonicalValue(value, key))));
  }
  return map.items.length === 0 ? [] : stringifyLines(map);
}

export function toNode(value: YamlValue): Node {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap();
    for (const [key, item] of Object.entries(value))
      map.items.push(new Pair(new Scalar(key), toNode(item)));
    return map;
  }
  return new Scalar(value);
}
