import fc from 'fast-check';

import {
  CodecError,
  normalizeNote,
  parseNote,
  serializeCanonical,
  type Frontmatter,
} from '../../src/frontmatter';
import { note } from './builders';

/** A task's frontmatter with its keys in a jumbled order. */
function jumbledTask(): Frontmatter {
  return {
    'x-kira': { version: 2, source: 'kira' },
    zeta: 'last unknown',
    status: 'doing',
    alpha: 'first unknown',
    tags: ['work', 'q1'],
    title: 'Write: the report',
    id: 'task-20240301-0930-write-the-report',
    created: '2024-03-01T09:30:00Z',
  };
}

describe('serializeCanonical', () => {
  it('writes known keys in canonical order, unknown keys sorted, x-kira last', () => {
    expect(serializeCanonical(jumbledTask(), 'Body\n')).toBe(
      note(
        [
          'id: task-20240301-0930-write-the-report',
          'title: "Write: the report"',
          'created: 2024-03-01T09:30:00Z',
          'tags:',
          '  - work',
          '  - q1',
          'status: doing',
          'alpha: first unknown',
          'zeta: last unknown',
          'x-kira:',
          '  source: kira',
          '  version: 2',
        ],
        'Body\n',
      ),
    );
  });

  it('gives the same text for the same data, whatever the key order', () => {
    const reversed = Object.fromEntries(Object.entries(jumbledTask()).reverse());

    expect(serializeCanonical(reversed, '')).toBe(serializeCanonical(jumbledTask(), ''));
  });

  it('writes an empty block for empty frontmatter, and honours eol and bom', () => {
    expect(serializeCanonical({}, 'Body')).toBe('---\n---\nBody');
    expect(serializeCanonical({ a: 1 }, 'Body\r\n', { eol: '\r\n', bom: true })).toBe(
      '\uFEFF---\r\na: 1\r\n---\r\nBody\r\n',
    );
  });

  it('writes empty values, lists and maps so they read back the same', () => {
    const frontmatter = { a: null, b: [], c: {}, d: [null, 1, ['x']], e: '' };

    const text = serializeCanonical(frontmatter, '');

    expect(text).toBe(note(['a:', 'b: []', 'c: {}', 'd:', '  -', '  - 1', '  - - x', 'e: ""'], ''));
    expect(parseNote(text)).toEqual({ ok: true, note: { frontmatter, body: '' } });
  });

  it('leaves undefined properties out', () => {
    expect(serializeCanonical({ a: 1, b: undefined }, '')).toBe(note(['a: 1'], ''));
  });

  it('refuses values frontmatter cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    for (const frontmatter of [{ due: new Date(0) }, { f: () => 1 }, { big: 1n }, { cyclic }]) {
      expect(() => serializeCanonical(frontmatter, '')).toThrow(CodecError);
    }
  });

  it('round-trips any JSON-like data, and writes it the same twice', () => {
    const key = fc
      .string({ maxLength: 8 })
      .filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;

    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.string(), (frontmatter, body) => {
        const text = serializeCanonical(frontmatter, body);
        const outcome = parseNote(text);

        expect(outcome).toEqual({ ok: true, note: { frontmatter, body } });
        expect(serializeCanonical(frontmatter, body)).toBe(text);
        expect(normalizeNote(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a 1 MB title on one line', () => {
    const title = 'word '.repeat(200_000).trim();

    const text = serializeCanonical({ title }, '');

    expect(text.split('\n')).toHaveLength(4);
    expect(parseNote(text)).toEqual({ ok: true, note: { frontmatter: { title }, body: '' } });
  });
});

describe('normalizeNote', () => {
  const MESSY = note(
    [
      '# about this note',
      'zeta: 1',
      "title: 'Report'",
      '',
      'tags: [b, a]   # keep this order',
      'alpha: 0x1F',
      'id: note-1',
      'x-kira: {version: 2, source: kira}',
    ],
    'Body\n---\nkept\n',
  );

  it('orders keys canonically, keeps unknown keys in their order and gathers comments at the top', () => {
    expect(normalizeNote(MESSY)).toBe(
      note(
        [
          '# about this note',
          '# keep this order',
          'id: note-1',
          'title: Report',
          'tags:',
          '  - b',
          '  - a',
          'zeta: 1',
          'alpha: 31',
          'x-kira:',
          '  source: kira',
          '  version: 2',
        ],
        'Body\n---\nkept\n',
      ),
    );
  });

  it('keeps the data, the body, the line ending and the BOM', () => {
    const text = note(['b: [1, 2]', 'title: "x"'], 'Body\r\n', { eol: '\r\n', bom: true });

    const normalized = normalizeNote(text);

    expect(normalized).toBe(
      note(['title: x', 'b:', '  - 1', '  - 2'], 'Body\r\n', { eol: '\r\n', bom: true }),
    );
    expect(parseNote(normalized)).toEqual(parseNote(text));
  });

  it('is idempotent', () => {
    const once = normalizeNote(MESSY);

    expect(normalizeNote(once)).toBe(once);
  });

  it('writes aliases out in full', () => {
    expect(normalizeNote(note(['a: &x [1]', 'b: *x'], ''))).toBe(
      note(['a:', '  - 1', 'b:', '  - 1'], ''),
    );
  });

  it('leaves a note without frontmatter unchanged', () => {
    expect(normalizeNote('Just text.\n')).toBe('Just text.\n');
  });

  it('keeps the comments of an empty block', () => {
    expect(normalizeNote(note(['# nothing yet'], ''))).toBe(note(['# nothing yet'], ''));
  });

  it('throws for a note it cannot parse', () => {
    expect(() => normalizeNote(note(['a: 1', 'a: 2']))).toThrow(CodecError);
  });
});
