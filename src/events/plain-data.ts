/**
 * Plain data: the only kind of value that crosses Kira's ingress. A payload is copied into
 * fresh JSON-like objects before anything else reads it, so that whatever arrives (a getter
 * that throws, a cycle, a `__proto__` key from `JSON.parse`, a megabyte of text) is refused
 * with a reason instead of crashing a consumer or polluting a prototype.
 */

export type PlainValue = null | boolean | number | string | PlainValue[] | PlainObject;
export interface PlainObject {
  [key: string]: PlainValue;
}

export type PlainResult = { ok: true; value: PlainObject } | { ok: false; reasons: string[] };

/** The largest payload ingress accepts, measured as UTF-8 bytes of its canonical JSON. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Deeper nesting than this is refused; no Kira payload comes near it. */
export const MAX_DEPTH = 32;

// Keys that reach an object's prototype when assigned; refused wherever they appear.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface PlainOptions {
  maxBytes?: number;
  maxDepth?: number;
}

class Refusal extends Error {}

/**
 * Copies `input` into plain data: objects with `Object.prototype` or no prototype, arrays,
 * strings, finite numbers, booleans and null. Keys whose value is `undefined` are left out.
 *
 * Refuses (never throws): anything that is not an object at the top, cycles, nesting deeper
 * than `maxDepth`, a canonical JSON size over `maxBytes`, the keys `__proto__`,
 * `constructor` and `prototype`, class instances (Date, Map, ...), functions, symbols,
 * bigints, non-finite numbers, and values whose properties cannot be read.
 */
export function toPlainObject(input: unknown, options: PlainOptions = {}): PlainResult {
  const maxBytes = options.maxBytes ?? MAX_PAYLOAD_BYTES;
  const copier = new Copier(maxBytes, options.maxDepth ?? MAX_DEPTH);

  try {
    if (!isPlainObjectLike(input))
      throw new Refusal(`payload: expected an object, got ${kindOf(input)}`);
    const value = copier.copy(input, 'payload', 0) as PlainObject;

    const bytes = utf8Length(canonicalJson(value));
    if (bytes > maxBytes) throw new Refusal(tooLarge(bytes, maxBytes));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reasons: [error.message] };
    return { ok: false, reasons: [`payload: could not be read (${describeError(error)})`] };
  }
}

class Copier {
  private readonly ancestors = new Set<object>();
  // Characters seen so far; a UTF-8 byte count is never smaller, so this can stop early.
  private chars = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxDepth: number,
  ) {}

  copy(value: unknown, path: string, depth: number): PlainValue {
    switch (typeof value) {
      case 'string':
        return this.count(value.length + 2, value);
      case 'boolean':
        return this.count(5, value);
      case 'number':
        if (!Number.isFinite(value))
          throw new Refusal(`${path}: ${String(value)} is not a finite number`);
        return this.count(24, value === 0 ? 0 : value);
      case 'object':
        return value === null ? this.count(4, null) : this.copyObject(value, path, depth);
      default:
        throw new Refusal(`${path}: ${kindOf(value)} is not plain data`);
    }
  }

  private copyObject(value: object, path: string, depth: number): PlainValue {
    if (depth >= this.maxDepth)
      throw new Refusal(`${path}: nested deeper than ${this.maxDepth} levels`);
    if (this.ancestors.has(value)) throw new Refusal(`${path}: refers back to itself (a cycle)`);

    this.ancestors.add(value);
    const copy = Array.isArray(value)
      ? this.copyArray(value, path, depth)
      : this.copyRecord(value, path, depth);
    this.ancestors.delete(value);
    return copy;
  }

  private copyArray(value: unknown[], path: string, depth: number): PlainValue[] {
    const copy: PlainValue[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      if (item === undefined) throw new Refusal(`${path}[${index}]: is undefined`);
      copy.push(this.copy(item, `${path}[${index}]`, depth + 1));
    }
    return this.count(2, copy);
  }

  private copyRecord(value: object, path: string, depth: number): PlainObject {
    if (!isPlainObjectLike(value)) throw new Refusal(`${path}: ${kindOf(value)} is not plain data`);

    const copy: PlainObject = {};
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new Refusal(`${path}: the key "${key}" is not allowed`);
      const item: unknown = value[key];
      if (item === undefined) continue;

      this.count(key.length + 3, null);
      copy[key] = this.copy(item, `${path}.${key}`, depth + 1);
    }
    return this.count(2, copy);
  }

  private count<T>(chars: number, value: T): T {
    this.chars += chars;
    if (this.chars > this.maxBytes) throw new Refusal(tooLarge(this.chars, this.maxBytes, true));
    return value;
  }
}

/**
 * JSON with object keys in code-unit order at every level and no white space, so equal data
 * always gives equal text (and equal hashes).
 */
export function canonicalJson(value: PlainValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;

  const keys = Object.keys(value).sort();
  const members = keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
  return `{${members.join(',')}}`;
}

/** Hex SHA-256 of `text` (UTF-8) through Web Crypto, as in Obsidian, Node 20 and the tests. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** UTF-8 length of `text` in bytes. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** True for `{}`-like objects: prototype `Object.prototype` or null. Never throws. */
export function isPlainObjectLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/** A short description of a value's type for a reason text: "a string", "a Date", "nothing". */
export function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const name = constructorName(value);
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

function constructorName(value: object): string | null {
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (typeof proto !== 'object' || proto === null) return null;
    const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    return typeof ctor === 'function' ? ctor.name : null;
  } catch {
    return null;
  }
}

function tooLarge(size: number, max: number, atLeast = false): string {
  const shown = atLeast ? `more than ${kb(max)}` : kb(size);
  return `payload: ${shown} is over the limit of ${kb(max)}`;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
