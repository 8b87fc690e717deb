import { CodecError, parseNote, type ParseOutcome } from '../../src/frontmatter';
import { note } from './builders';

function frontmatterOf(outcome: ParseOutcome): unknown {
  if (!outcome.ok) throw outcome.error;
  return outcome.note.frontmatter;
}

function errorOf(outcome: ParseOutcome): CodecError {
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome.note)}`);
  return outcome.error;
}

describe('parseNote', () => {
  it('gives null frontmatter and the whole text as body when there is no block', () => {
    const outcome = parseNote('# Title\n\nText.\n');

    expect(outcome).toEqual({ ok: true, note: { frontmatter: null, body: '# Title\n\nText.\n' } });
  });

  it('gives an empty mapping for an empty block', () => {
    expect(parseNote('---\n---\nBody')).toEqual({
      ok: true,
      note: { frontmatter: {}, body: 'Body' },
    });
  });

  it('gives an empty mapping for a block of blank lines and comments', () => {
    expect(frontmatterOf(parseNote(note(['', '# just a comment', ''])))).toEqual({});
  });

  it('keeps the body byte for byte after the closing fence line', () => {
    const body = '\n  indented\r\nmixed endings\n\n';

    const outcome = parseNote(note(['a: 1'], body));

    expect(outcome.ok && outcome.note.body).toBe(body);
  });

  it('reads CRLF notes like LF notes', () => {
    const crlf = parseNote(note(['title: Hello', 'tags:', '  - a'], 'Body\r\n', { eol: '\r\n' }));

    expect(crlf).toEqual({
      ok: true,
      note: { frontmatter: { title: 'Hello', tags: ['a'] }, body: 'Body\r\n' },
    });
  });

  it('reads a note that starts with a BOM and leaves the BOM out of the body', () => {
    expect(parseNote(note(['a: 1'], 'Body', { bom: true }))).toEqual({
      ok: true,
      note: { frontmatter: { a: 1 }, body: 'Body' },
    });
    expect(parseNote('\uFEFFNo frontmatter')).toEqual({
      ok: true,
      note: { frontmatter: null, body: 'No frontmatter' },
    });
  });

  it('closes the block at the first `---` line; later ones belong to the body', () => {
    const outcome = parseNote(note(['a: 1'], 'Intro\n---\nb: 2\n---\n'));

    expect(outcome).toEqual({
      ok: true,
      note: { frontmatter: { a: 1 }, body: 'Intro\n---\nb: 2\n---\n' },
    });
  });

  it('accepts a closing fence at the very end of the note', () => {
    expect(parseNote('---\na: 1\n---')).toEqual({
      ok: true,
      note: { frontmatter: { a: 1 }, body: '' },
    });
  });

  it('treats a first line that is not exactly a fence as body', () => {
    expect(frontmatterOf(parseNote('----\na: 1\n----\n'))).toBeNull();
    expect(frontmatterOf(parseNote('--- title\n'))).toBeNull();
    expect(frontmatterOf(parseNote('---'))).toBeNull();
  });

  it('refuses a block that is never closed', () => {
    const error = errorOf(parseNote('---\ntitle: Draft\n\nThe text goes on.\n'));

    expect(error).toBeInstanceOf(CodecError);
    expect(error.code).toBe('unclosed_frontmatter');
    expect(error.line).toBe(1);
  });

  it('keeps values as written under the YAML 1.2 core schema', () => {
    const frontmatter = frontmatterOf(
      parseNote(
        note([
          'date: 2024-01-01',
          'instant: 2024-01-01T10:00:00+02:00',
          'yes: yes',
          'flag: true',
          'count: 12',
          'ratio: 1.5',
          'empty:',
          'tilde: ~',
          'quoted: "12"',
          'octal: 012',
        ]),
      ),
    );

    expect(frontmatter).toEqual({
      date: '2024-01-01',
      instant: '2024-01-01T10:00:00+02:00',
      yes: 'yes',
      flag: true,
      count: 12,
      ratio: 1.5,
      empty: null,
      tilde: null,
      quoted: '12',
      octal: 12,
    });
  });

  it('refuses tab indentation with the line of the tab', () => {
    const error = errorOf(parseNote(note(['tags:', '\t- a'])));

    expect(error.code).toBe('invalid_yaml');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/tab/i);
  });

  it('accepts tabs inside values', () => {
    expect(frontmatterOf(parseNote(note(['title: "a\tb"', 'plain: a\tb'])))).toEqual({
      title: 'a\tb',
      plain: 'a\tb',
    });
  });

  it('refuses duplicate keys instead of merging them', () => {
    const error = errorOf(parseNote(note(['title: One', 'status: todo', 'title: Two'])));

    expect(error.code).toBe('duplicate_key');
    expect(error.line).toBe(4);
  });

  it('refuses keys that are equal once read as text', () => {
    expect(errorOf(parseNote(note(['1: a', '"1": b']))).code).toBe('duplicate_key');
  });

  it('refuses invalid YAML with the line it fails on', () => {
    const error = errorOf(parseNote(note(['title: ok', 'tags: [a, b', 'status: todo'])));

    expect(error.code).toBe('invalid_yaml');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^line \d+: /);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s at the top level',
    (key) => {
      const error = errorOf(parseNote(note(['title: x', `${key}: 1`])));

      expect(error.code).toBe('unsafe_key');
      expect(error.line).toBe(3);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses an unsafe key nested deep down, without touching any prototype', () => {
    const outcome = parseNote(
      note(['x-kira:', '  meta:', '    __proto__:', '      polluted: yes']),
    );

    expect(errorOf(outcome).code).toBe('unsafe_key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a 1 MB title whole', () => {
    const title = 'T'.repeat(1024 * 1024);

    expect(frontmatterOf(parseNote(note([`title: ${title}`])))).toEqual({ title });
  });

  it.each([
    ['a list', ['- a', '- b']],
    ['a scalar', ['just text']],
    ['a null', ['~']],
  ])('refuses frontmatter that is %s', (_what, lines) => {
    const error = errorOf(parseNote(note(lines)));

    expect(error.code).toBe('not_a_mapping');
    expect(error.line).toBe(2);
  });

  it('expands small aliases', () => {
    const outcome = parseNote(note(['base: &b', '  source: kira', 'copy: *b']));

    expect(frontmatterOf(outcome)).toEqual({ base: { source: 'kira' }, copy: { source: 'kira' } });
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${new Array(10).fill(`*${previous}`).join(', ')}]`);
    }

    const error = errorOf(parseNote(note(lines)));

    expect(error.code).toBe('alias_limit');
  });

  it('refuses an alias to the node that contains it', () => {
    expect(errorOf(parseNote(note(['a: &x [*x]']))).code).toBe('alias_limit');
  });

  it('refuses a key that is a list', () => {
    expect(errorOf(parseNote(note(['? [a, b]', ': c']))).code).toBe('unsupported_key');
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '---\n',
      '---\r\n\r',
      '---\n"\n---\n',
      '---\n: :\n---\n',
      '\uFEFF---\n- [\n---',
    ]) {
      expect(() => parseNote(text)).not.toThrow();
    }
  });
});
