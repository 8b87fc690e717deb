import { CodecError, editNote, parseNote } from '../../src/frontmatter';
import { lineDiff, note } from './builders';

const TASK = note(
  [
    '# written by hand',
    'id: task-20240301-0930-report',
    "title: 'Quarterly report'",
    'created: 2024-03-01T09:30:00Z',
    'tags: [work, q1]',
    '',
    'status: todo  # set by Kira',
    'x-kira:',
    '  source: kira',
    '  version: 3',
  ],
  'Body with\n---\na fence-like line.\n',
);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return undefined;
}

describe('editNote', () => {
  it('rewrites only the line of the key that changes', () => {
    const edited = editNote(TASK, { title: 'Yearly report' });

    expect(lineDiff(TASK, edited)).toEqual({
      removed: ["title: 'Quarterly report'"],
      added: ['title: Yearly report'],
    });
  });

  it('keeps a comment at the end of a changed one-line entry', () => {
    const edited = editNote(TASK, { status: 'doing' });

    expect(lineDiff(TASK, edited).added).toEqual(['status: doing  # set by Kira']);
  });

  it('writes a changed list in block style, in place', () => {
    const edited = editNote(TASK, { tags: ['work', 'q2'] });

    expect(lineDiff(TASK, edited)).toEqual({
      removed: ['tags: [work, q1]'],
      added: ['tags:', '  - work', '  - q2'],
    });
  });

  it('rewrites a nested map as a whole', () => {
    const edited = editNote(TASK, { 'x-kira': { source: 'kira', version: 4 } });

    expect(lineDiff(TASK, edited)).toEqual({ removed: ['  version: 3'], added: ['  version: 4'] });
  });

  it('puts a new known key at its canonical place', () => {
    const edited = editNote(TASK, { priority: 'high' });

    expect(edited.split('\n').slice(7, 10)).toEqual([
      'status: todo  # set by Kira',
      'priority: high',
      'x-kira:',
    ]);
    expect(lineDiff(TASK, edited)).toEqual({ removed: [], added: ['priority: high'] });
  });

  it('puts a new unknown key after the known ones and before x-kira', () => {
    const edited = editNote(TASK, { 'kira-test': 1 });

    expect(edited.split('\n').slice(7, 10)).toEqual([
      'status: todo  # set by Kira',
      'kira-test: 1',
      'x-kira:',
    ]);
  });

  it('appends a new key at the end when the note has no x-kira', () => {
    const text = note(['zeta: 1', 'alpha: 2']);

    expect(editNote(text, { beta: 3 })).toBe(note(['zeta: 1', 'alpha: 2', 'beta: 3']));
  });

  it('deletes a key with undefined, and only its lines', () => {
    const edited = editNote(TASK, { tags: undefined });

    expect(lineDiff(TASK, edited)).toEqual({ removed: ['tags: [work, q1]'], added: [] });
  });

  it('returns the very same text when nothing changes', () => {
    expect(editNote(TASK, {})).toBe(TASK);
    expect(
      editNote(TASK, { title: 'Quarterly report', tags: ['work', 'q1'], missing: undefined }),
    ).toBe(TASK);
    expect(editNote(TASK, { 'x-kira': { version: 3, source: 'kira' } })).toBe(TASK);
  });

  it('gives a note without frontmatter a canonical block at the top', () => {
    const edited = editNote('# Heading\n\nText.\n', { title: 'New', id: 'note-1', zeta: true });

    expect(edited).toBe('---\nid: note-1\ntitle: New\nzeta: true\n---\n# Heading\n\nText.\n');
  });

  it('fills an empty block', () => {
    expect(editNote('---\n---\nBody', { title: 'T' })).toBe('---\ntitle: T\n---\nBody');
  });

  it('edits a note with a 1 MB title', () => {
    const title = 'T'.repeat(1024 * 1024);
    const text = note([`title: ${title}`, 'status: todo']);

    expect(editNote(text, { status: 'done' })).toBe(note([`title: ${title}`, 'status: done']));
    expect(editNote(text, { title: 'Short' })).toBe(note(['title: Short', 'status: todo']));
  });

  it('leaves a note without frontmatter alone when only deleting', () => {
    const text = 'Plain text.\n';

    expect(editNote(text, { title: undefined })).toBe(text);
  });

  it('keeps CRLF line endings and the BOM', () => {
    const text = note(['title: Old', 'status: todo'], 'Body\r\n', { eol: '\r\n', bom: true });

    const edited = editNote(text, { title: 'New', priority: 'low' });

    expect(edited).toBe(
      note(['title: New', 'status: todo', 'priority: low'], 'Body\r\n', { eol: '\r\n', bom: true }),
    );
  });

  it('uses the body line ending for a new block, and keeps the BOM', () => {
    expect(editNote('\uFEFFBody\r\nmore\r\n', { a: 1 })).toBe(
      '\uFEFF---\r\na: 1\r\n---\r\nBody\r\nmore\r\n',
    );
  });

  it('quotes text only where plain text would read back differently', () => {
    const edited = editNote(note(['a: 1']), {
      b: 'true',
      c: '2024-01-01',
      d: 'a: b',
      e: 'two\nlines',
      f: '',
    });

    expect(edited).toBe(
      note(['a: 1', 'b: "true"', 'c: 2024-01-01', 'd: "a: b"', 'e: "two\\nlines"', 'f: ""']),
    );
  });

  it('keeps the indentation of an indented top-level mapping', () => {
    const text = note(['  a: 1', '  b: 2']);

    const edited = editNote(text, { b: 3, c: 4 });

    expect(edited).toBe(note(['  a: 1', '  b: 3', '  c: 4']));
  });

  it('edits a flow-style top-level mapping through the document', () => {
    const edited = editNote(note(['{a: 1, b: 2}']), { b: 3 });

    expect(parseNote(edited)).toEqual({
      ok: true,
      note: { frontmatter: { a: 1, b: 3 }, body: 'Body text.\n' },
    });
  });

  it('keeps a block scalar that keeps its trailing blank lines whole', () => {
    const text = note(['note: |+', '  text', '', 'other: x']);

    const edited = editNote(text, { added: 1, other: 'y' });

    expect(parseNote(edited)).toEqual({
      ok: true,
      note: { frontmatter: { note: 'text\n\n', other: 'y', added: 1 }, body: 'Body text.\n' },
    });
  });

  it('refuses an edit that would break an alias, leaving nothing half-edited', () => {
    const text = note(['base: &b kira', 'copy: *b']);

    expect(codeOf(() => editNote(text, { base: 'gcal' }))).toBe('edit_failed');
  });

  it.each([
    ['invalid YAML', note(['tags: [a', 'b: 1']), 'invalid_yaml'],
    ['duplicate keys', note(['a: 1', 'a: 2']), 'duplicate_key'],
    ['an unclosed block', '---\na: 1\n', 'unclosed_frontmatter'],
    ['a list', note(['- a']), 'not_a_mapping'],
  ])('throws for a note with %s and never rewrites it', (_what, text, code) => {
    expect(codeOf(() => editNote(text, { a: 3 }))).toBe(code);
  });

  it('refuses unsafe keys and values frontmatter cannot hold', () => {
    expect(codeOf(() => editNote(TASK, { ['__proto__']: 1 }))).toBe('unsafe_key');
    expect(codeOf(() => editNote(TASK, { due: new Date(0) }))).toBe('unsupported_value');
    expect(codeOf(() => editNote(TASK, { tags: ['a', undefined] }))).toBe('unsupported_value');
    expect(codeOf(() => editNote(TASK, { meta: { nested: { constructor: 1 } } }))).toBe(
      'unsafe_key',
    );
  });

  it('edits notes with a 1 MB body, keeping the body byte for byte', () => {
    const body = 'line of text\n'.repeat(80_000);
    const text = note(['title: Big'], body);

    const edited = editNote(text, { title: 'Bigger' });

    expect(edited).toBe(note(['title: Bigger'], body));
  });
});
