import fc from 'fast-check';

import { scanSimpleFrontmatter } from '../../src/frontmatter/fast-scan';
import { splitNote } from '../../src/frontmatter/fence';
import { readDocument } from '../../src/frontmatter/parse';
import { CodecError } from '../../src/frontmatter';
import { corpusNotes } from './builders';

/** What the full parser says about `source`: its data and entry lines, or its error code. */
function byDocument(source: string): unknown {
  try {
    const read = readDocument(source);
    return { frontmatter: read.frontmatter, entries: read.entries, indent: read.indent };
  } catch (error) {
    return { error: error instanceof CodecError ? error.code : String(error) };
  }
}

function byScan(source: string): unknown {
  const read = scanSimpleFrontmatter(source);
  return read && { frontmatter: read.frontmatter, entries: read.entries, indent: read.indent };
}

describe('the fast reader', () => {
  const sources = corpusNotes().flatMap(({ name, text }) => {
    const layout = splitNote(text);
    return layout.hasFrontmatter ? [[name, layout.source] as const] : [];
  });

  it('reads most real frontmatter itself', () => {
    const scanned = sources.filter(([, source]) => scanSimpleFrontmatter(source) !== null);
    expect(scanned.length / sources.length).toBeGreaterThan(0.9);
  });

  it('agrees with the Document API on every real note it reads', () => {
    const disagreements = sources.filter(([, source]) => {
      const scanned = byScan(source);
      return scanned !== null && JSON.stringify(scanned) !== JSON.stringify(byDocument(source));
    });
    expect(disagreements.map(([name]) => name)).toEqual([]);
  });

  const scalar = fc.oneof(
    fc.constantFrom(
      '',
      'null',
      '~',
      'true',
      'False',
      '12',
      '-3',
      '0x1F',
      '0o17',
      '1.5',
      '1e3',
      '.inf',
      '.NaN',
    ),
    fc.constantFrom(
      '2024-01-01',
      '2024-01-01T10:00:00Z',
      '4h',
      'a: b',
      'a #b',
      'a#b',
      'x:',
      '- x',
      '[[link]]',
    ),
    fc.constantFrom(
      '"quoted"',
      '"a\\nb"',
      "'it''s'",
      "'open",
      '"open',
      '"a" b',
      'plain # comment',
      '{a: 1}',
      '&a x',
      '*a',
    ),
    fc.string({ maxLength: 12 }),
  );
  const key = fc.oneof(
    fc.constantFrom('id', 'title', 'tags', 'x-kira', 'True', 'null', 'a b', '__proto__', 'k'),
    fc.string({ maxLength: 6 }),
  );
  const line = fc.oneof(
    fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`),
    fc.tuple(key).map(([k]) => `${k}:`),
    fc.tuple(fc.constantFrom('', ' ', '  ', '   '), scalar).map(([indent, v]) => `${indent}- ${v}`),
    fc
      .tuple(fc.constantFrom(' ', '  ', '    '), key, scalar)
      .map(([indent, k, v]) => `${indent}${k}: ${v}`),
    fc.constantFrom(
      '',
      '# comment',
      '  # indented comment',
      '\t- tab',
      'key:\tvalue',
      '...',
      '- ',
      '-',
    ),
  );

  const filler = fc.constantFrom(
    [],
    [''],
    ['# note'],
    ['  # deeper'],
    ['    # deepest'],
    ['', '# a', ''],
  );
  const withComment = fc
    .tuple(scalar, fc.constantFrom('', ' # why', '   #x'))
    .map(([v, c]) => v + c);
  const value = fc.oneof(
    withComment.map((v) => [` ${v}`]),
    fc
      .tuple(
        fc.constantFrom('', '  ', '    '),
        fc.array(fc.tuple(withComment, filler), { minLength: 1, maxLength: 3 }),
      )
      .map(([indent, items]) => [
        '',
        ...items.flatMap(([v, extra]) => [`${indent}- ${v}`, ...extra]),
      ]),
    fc
      .tuple(
        fc.constantFrom('  ', '    '),
        fc.array(fc.tuple(key, withComment, filler), { minLength: 1, maxLength: 3 }),
      )
      .map(([indent, entries]) => [
        '',
        ...entries.flatMap(([k, v, extra]) => [`${indent}${k}: ${v}`, ...extra]),
      ]),
  );
  const entry = fc
    .tuple(key, value, filler)
    .map(([k, [first, ...rest], extra]) => [`${k}:${first}`, ...rest, ...extra]);

  it('agrees with the Document API on generated notes of the usual shape', () => {
    let read = 0;
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        (entries, eol) => {
          const source = entries
            .flat()
            .map((text) => text + eol)
            .join('');
          const scanned = byScan(source);
          if (scanned === null) return;
          read += 1;
          expect(scanned).toEqual(byDocument(source));
        },
      ),
      { numRuns: 20000 },
    );
    // The comparison means something only if the fast reader took many inputs itself.
    expect(read).toBeGreaterThan(1_000);
  });

  it('agrees with the Document API on generated frontmatter', () => {
    let read = 0;
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 10 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, eol) => {
          const source = lines.map((text) => text + eol).join('');
          const scanned = byScan(source);
          if (scanned === null) return;
          read += 1;
          expect(scanned).toEqual(byDocument(source));
        },
      ),
      { numRuns: 20000 },
    );
    expect(read).toBeGreaterThan(2_000);
  });
});
