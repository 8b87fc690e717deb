import { editNote, parseNote, type CodecErrorCode } from '../../src/frontmatter';
import { corpusNotes, linesOf, type CorpusNote } from './builders';

/**
 * Notes of the real vaults whose frontmatter Kira cannot read, with the reason. Both vaults
 * read cleanly today; a note added here must fail with exactly this code.
 */
const UNREADABLE: Record<string, CodecErrorCode> = {};

/** The lines that differ between two texts: what was taken out and what was put in. */
function changedRegion(before: string, after: string): { removed: string[]; added: string[] } {
  const a = linesOf(before);
  const b = linesOf(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  return { removed: a.slice(prefix, a.length - suffix), added: b.slice(prefix, b.length - suffix) };
}

/** True when `line` holds `key:` first, as a block entry or a pair of a JSON-like mapping. */
function startsEntry(line: string | undefined, key: string): boolean {
  const trimmed = line?.trimStart() ?? '';
  return trimmed.startsWith(`${key}:`) || trimmed.startsWith(`"${key}":`);
}

/** A line that starts a top-level entry: text at column 0 that is not a comment or item. */
const TOP_LEVEL_KEY = /^[^\s#-][^:]*:(?:\s|$)/;

function readable(
  notes: CorpusNote[],
): Array<CorpusNote & { frontmatter: Record<string, unknown> }> {
  return notes.flatMap((note) => {
    const outcome = parseNote(note.text);
    return outcome.ok && outcome.note.frontmatter !== null
      ? [{ ...note, frontmatter: outcome.note.frontmatter }]
      : [];
  });
}

describe('the codec on the real vaults', () => {
  const notes = corpusNotes();

  it('finds every note of both vaults', () => {
    expect(notes.filter((note) => note.name.startsWith('obsidian-help-en/'))).toHaveLength(173);
    expect(notes.filter((note) => note.name.startsWith('tasks-demo/'))).toHaveLength(205);
  });

  it('reads every note, except the ones listed with their reason', () => {
    const failures = Object.fromEntries(
      notes.flatMap((note) => {
        const outcome = parseNote(note.text);
        return outcome.ok ? [] : [[note.name, outcome.error.code]];
      }),
    );

    expect(failures).toEqual(UNREADABLE);
  });

  it('gives every note back byte for byte when nothing changes', () => {
    const changed = notes.filter((note) => editNote(note.text, {}) !== note.text);

    expect(changed.map((note) => note.name)).toEqual([]);
  });

  it('gives every note back byte for byte when each key is set to the value it holds', () => {
    const changed = readable(notes).filter(
      (note) => editNote(note.text, note.frontmatter) !== note.text,
    );

    expect(changed.map((note) => note.name)).toEqual([]);
  });

  it('changes only the lines of the one key it sets, for every key of every note', () => {
    const problems: string[] = [];

    for (const note of readable(notes)) {
      for (const key of Object.keys(note.frontmatter)) {
        const edited = editNote(note.text, { [key]: 'kira edited' });
        const { removed, added } = changedRegion(note.text, edited);
        const otherKeys = removed.slice(1).filter((line) => TOP_LEVEL_KEY.test(line));

        const reparsed = parseNote(edited);
        const isRightData =
          reparsed.ok &&
          JSON.stringify(reparsed.note.frontmatter) ===
            JSON.stringify({ ...note.frontmatter, [key]: 'kira edited' });

        if (!startsEntry(removed[0], key) || otherKeys.length > 0 || !isRightData) {
          problems.push(`${note.name} [${key}]`);
        }
        if (added.length !== 1 || !added[0]?.includes(`${key}: kira edited`)) {
          problems.push(`${note.name} [${key}] wrote ${JSON.stringify(added)}`);
        }
      }
    }

    expect(problems).toEqual([]);
  });

  it('adds a new key as one new line and changes nothing else, in every note', () => {
    const problems = readable(notes)
      .map((note) => ({ note, edited: editNote(note.text, { 'kira-test': 'added' }) }))
      .filter(({ note, edited }) => {
        const { removed, added } = changedRegion(note.text, edited);
        const reparsed = parseNote(edited);
        return (
          removed.length !== 0 ||
          added.length !== 1 ||
          !added[0]?.endsWith('kira-test: added') ||
          !reparsed.ok ||
          reparsed.note.body !== (parseNote(note.text) as { note: { body: string } }).note.body
        );
      });

    expect(problems.map(({ note }) => note.name)).toEqual([]);
  });

  it('gives notes without frontmatter a new block and keeps their text below it', () => {
    const bare = notes.filter((note) => {
      const outcome = parseNote(note.text);
      return outcome.ok && outcome.note.frontmatter === null;
    });

    const problems = bare.filter((note) => {
      const edited = editNote(note.text, { 'kira-test': 'added' });
      return edited !== `---\nkira-test: added\n---\n${note.text}`;
    });

    expect(bare.length).toBeGreaterThan(0);
    expect(problems.map((note) => note.name)).toEqual([]);
  });
});
