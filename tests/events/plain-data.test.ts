import {
  MAX_PAYLOAD_BYTES,
  canonicalJson,
  sha256Hex,
  toPlainObject,
} from '../../src/events/plain-data';

function refusal(input: unknown): string {
  const result = toPlainObject(input);
  if (result.ok) throw new Error('expected a refusal');
  return result.reasons.join('; ');
}

describe('copying input into plain data', () => {
  it('copies nested objects and lists into fresh objects', () => {
    const input = { a: [1, 'two', { three: true }], b: null };
    const result = toPlainObject(input);

    expect(result).toEqual({ ok: true, value: input });
    if (result.ok) expect(result.value.a).not.toBe(input.a);
  });

  it('leaves out keys whose value is undefined', () => {
    expect(toPlainObject({ a: 1, b: undefined })).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses a value that is not an object at the top', () => {
    expect(refusal('text')).toMatch(/expected an object, got a string/);
    expect(refusal([1])).toMatch(/got a list/);
    expect(refusal(null)).toMatch(/got nothing/);
  });

  it('refuses a cycle instead of looping', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = { back: cyclic };
    expect(refusal(cyclic)).toMatch(/payload\.self\.back: refers back to itself/);
  });

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 };
    expect(toPlainObject({ a: shared, b: shared }).ok).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s', (key) => {
    const input = JSON.parse(`{"safe": 1, "nested": {"${key}": {"polluted": true}}}`);
    expect(refusal(input)).toMatch(new RegExp(`payload\\.nested: the key "${key}" is not allowed`));
  });

  it('leaves Object.prototype untouched by a polluting payload', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"__proto__": {"x": 1}}}');
    toPlainObject(input);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('refuses class instances, functions, bigints and non-finite numbers', () => {
    expect(refusal({ when: new Date(0) })).toMatch(/payload\.when: a Date is not plain data/);
    expect(refusal({ map: new Map() })).toMatch(/a Map is not plain data/);
    expect(refusal({ run: () => 1 })).toMatch(/a function is not plain data/);
    expect(refusal({ big: BigInt(1) })).toMatch(/a bigint is not plain data/);
    expect(refusal({ n: Number.NaN })).toMatch(/NaN is not a finite number/);
    expect(refusal({ n: Infinity })).toMatch(/Infinity is not a finite number/);
  });

  it('refuses undefined inside a list rather than silently shifting it', () => {
    expect(refusal({ list: [1, undefined] })).toMatch(/payload\.list\[1\]: is undefined/);
  });

  it('refuses a payload whose getter throws', () => {
    const hostile = {};
    Object.defineProperty(hostile, 'trap', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    expect(refusal(hostile)).toMatch(/could not be read \(gotcha\)/);
  });

  it('refuses a proxy that throws on every trap', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(refusal(proxy)).toMatch(/could not be read/);
  });

  it('refuses a one-megabyte payload with its size in the reason', () => {
    expect(refusal({ body: 'x'.repeat(1024 * 1024) })).toMatch(/over the limit of 256 KB/);
  });

  it('counts bytes, not characters, against the cap', () => {
    const euros = '€'.repeat(Math.floor(MAX_PAYLOAD_BYTES / 3)); // 3 bytes each in UTF-8
    expect(toPlainObject({ a: euros.slice(0, 1000) }).ok).toBe(true);
    expect(refusal({ a: euros })).toMatch(/over the limit/);
  });

  it('refuses nesting deeper than the limit', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let level = 0; level < 40; level += 1) {
      deep.next = {};
      deep = deep.next as Record<string, unknown>;
    }
    expect(refusal(root)).toMatch(/nested deeper than 32 levels/);
  });
});

describe('canonical JSON', () => {
  it('writes keys in the same order whatever order they were made in', () => {
    const a = canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } });
    const b = canonicalJson({ a: { c: null, d: [2, { x: 0, y: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
  });
});

describe('hashing', () => {
  it('gives the SHA-256 test vector for "abc"', async () => {
    await expect(sha256Hex('abc')).resolves.toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
