import fc from 'fast-check';

import {
  EMPTY_SLUG,
  IdError,
  MAX_SLUG_LENGTH,
  isValidId,
  makeId,
  parseId,
  slugify,
} from '../../src/entities/ids';
import { KINDS } from '../../src/entities/model';

const MARCH_1_0930 = Date.UTC(2024, 2, 1, 9, 30);
const nothingTaken = (): boolean => false;

describe('slugify', () => {
  it('makes lowercase ASCII kebab case', () => {
    expect(slugify('Write the Q3 report!')).toBe('write-the-q3-report');
  });

  it('strips diacritics and spells out letters that have no accent to strip', () => {
    expect(slugify('Café crème à Łódź')).toBe('cafe-creme-a-lodz');
    expect(slugify('Straße, Æsir, Øresund')).toBe('strasse-aesir-oresund');
  });

  it('turns every run of other characters into one hyphen and trims the ends', () => {
    expect(slugify('  --Hello___world // again--  ')).toBe('hello-world-again');
  });

  it('gives "untitled" when nothing is left', () => {
    expect(slugify('')).toBe(EMPTY_SLUG);
    expect(slugify('!!! ???')).toBe(EMPTY_SLUG);
    expect(slugify('会议记录')).toBe(EMPTY_SLUG);
  });

  it('cuts a long slug at a hyphen so the last word stays whole', () => {
    const title = `${'word '.repeat(30)}end`;
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toMatch(/^(word-)*word$/);
  });

  it('keeps a word that ends exactly at the limit', () => {
    const hundred = `${'a'.repeat(50)} ${'b'.repeat(49)}`;
    expect(slugify(`${hundred} more`)).toBe(`${'a'.repeat(50)}-${'b'.repeat(49)}`);
  });

  it('cuts a single long word at the limit when there is no hyphen to cut at', () => {
    expect(slugify('x'.repeat(500))).toBe('x'.repeat(MAX_SLUG_LENGTH));
  });

  it('copes with a title of a million characters', () => {
    expect(slugify('Ünïcödé '.repeat(125_000)).length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });

  it('always gives a non-empty kebab slug of at most 100 characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (title) => {
        const slug = slugify(title);
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
      }),
    );
  });
});

describe('makeId', () => {
  it('writes the kind, the UTC date and minute and the slug', () => {
    expect(makeId('task', 'Write the report', MARCH_1_0930, nothingTaken)).toBe(
      'task-20240301-0930-write-the-report',
    );
  });

  it('uses the UTC minute, ignoring seconds', () => {
    const late = Date.UTC(2024, 11, 31, 23, 59, 59, 999);
    expect(makeId('event', 'New year', late, nothingTaken)).toBe('event-20241231-2359-new-year');
  });

  it('gives the same id for the same kind, title and minute', () => {
    const a = makeId('note', 'Ideas', MARCH_1_0930, nothingTaken);
    const b = makeId('note', 'Ideas', MARCH_1_0930 + 59_000, nothingTaken);
    expect(a).toBe(b);
  });

  it('appends -2, -3, ... while the id is taken', () => {
    const taken = new Set<string>();
    const isTaken = (id: string): boolean => taken.has(id);
    const ids = [1, 2, 3].map(() => {
      const id = makeId('task', 'Ideas', MARCH_1_0930, isTaken);
      taken.add(id);
      return id;
    });
    expect(ids).toEqual([
      'task-20240301-0930-ideas',
      'task-20240301-0930-ideas-2',
      'task-20240301-0930-ideas-3',
    ]);
  });

  it('refuses a time it cannot write, with a code', () => {
    expect(() => makeId('task', 'x', Number.NaN, nothingTaken)).toThrow(IdError);
    expect(() => makeId('task', 'x', Date.UTC(10000, 0, 1), nothingTaken)).toThrow(
      expect.objectContaining({ code: 'invalid_time' }),
    );
  });

  it('gives up, with a code, when every candidate is taken', () => {
    expect(() => makeId('task', 'x', MARCH_1_0930, () => true)).toThrow(
      expect.objectContaining({ code: 'ids_exhausted' }),
    );
  });

  it('always makes an id that parses back to its kind and minute (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.string({ maxLength: 150 }),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (kind, title, ms) => {
          const id = makeId(kind, title, ms, nothingTaken);
          const parsed = parseId(id);
          expect(parsed?.kind).toBe(kind);
          expect(parsed?.ms).toBe(Math.floor(ms / 60_000) * 60_000);
        },
      ),
    );
  });
});

describe('parseId', () => {
  it('reads the kind, minute, slug and suffix', () => {
    expect(parseId('event-20240301-0930-standup-3')).toEqual({
      kind: 'event',
      ms: MARCH_1_0930,
      slug: 'standup',
      suffix: 3,
    });
    expect(parseId('note-20240301-0930-ideas')).toEqual({
      kind: 'note',
      ms: MARCH_1_0930,
      slug: 'ideas',
      suffix: null,
    });
  });

  it('reads a trailing number as a suffix even when the title gave it', () => {
    expect(parseId('task-20240301-0930-sprint-2')).toMatchObject({ slug: 'sprint', suffix: 2 });
  });

  it('does not read -0, -1 or a leading zero as a suffix', () => {
    expect(parseId('task-20240301-0930-step-1')?.suffix).toBeNull();
    expect(parseId('task-20240301-0930-step-02')?.suffix).toBeNull();
  });

  it('accepts a 100-character slug with a suffix on top', () => {
    const slug = 'a'.repeat(MAX_SLUG_LENGTH);
    expect(parseId(`task-20240301-0930-${slug}-2`)).toMatchObject({ slug, suffix: 2 });
    expect(parseId(`task-20240301-0930-${slug}b`)).toBeNull();
  });

  it.each([
    ['an unknown kind', 'project-20240301-0930-x'],
    ['uppercase', 'task-20240301-0930-Report'],
    ['no slug', 'task-20240301-0930-'],
    ['a double hyphen', 'task-20240301-0930-a--b'],
    ['a trailing hyphen', 'task-20240301-0930-a-'],
    ['a short date', 'task-2024031-0930-x'],
    ['February 30', 'task-20240230-0930-x'],
    ['month 13', 'task-20241301-0930-x'],
    ['hour 24', 'task-20240301-2400-x'],
    ['minute 60', 'task-20240301-0960-x'],
    ['spaces', 'task-20240301-0930-a b'],
    ['nothing', ''],
  ])('refuses %s', (_, id) => {
    expect(parseId(id)).toBeNull();
    expect(isValidId(id)).toBe(false);
  });

  it('accepts February 29 in a leap year only', () => {
    expect(isValidId('task-20240229-0000-leap')).toBe(true);
    expect(isValidId('task-20230229-0000-leap')).toBe(false);
  });

  it('says values that are not text are not ids, without throwing', () => {
    for (const value of [null, undefined, 42, ['task-20240301-0930-x'], {}]) {
      expect(isValidId(value)).toBe(false);
    }
  });

  it('refuses a million-character id quickly', () => {
    expect(isValidId(`task-20240301-0930-${'a'.repeat(1_000_000)}`)).toBe(false);
  });
});
