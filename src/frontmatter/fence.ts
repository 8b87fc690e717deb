import { CodecError } from './errors';

/** The line ending a note uses; Kira writes new lines with the same one. */
export type LineEnding = '\n' | '\r\n';

export const BOM = '\uFEFF';

/**
 * A note cut at its frontmatter fences, without reading any YAML. Offsets index the note's
 * text; `source` is the YAML between the fence lines, each of its lines with its line break.
 */
export type NoteLayout =
  | { hasFrontmatter: false; bom: boolean; eol: LineEnding; body: string }
  | {
      hasFrontmatter: true;
      bom: boolean;
      eol: LineEnding;
      /** Offset of the first character after the opening fence line. */
      sourceStart: number;
      /** Offset of the closing fence line. */
      sourceEnd: number;
      source: string;
      body: string;
    };

/**
 * Finds the frontmatter block of `text`.
 *
 * The block opens when the note's first line (after an optional BOM) is `---` followed by a
 * line break, and closes at the next line that is `---`; trailing spaces or tabs on either
 * fence line are allowed. Only the first closing fence counts: `---` lines further down belong
 * to the body. A note whose first line is not a fence has no frontmatter.
 *
 * @throws CodecError `unclosed_frontmatter` when the block opens and never closes.
 */
export function splitNote(text: string): NoteLayout {
  const bom = text.startsWith(BOM);
  const start = bom ? 1 : 0;
  const openingEnd = fenceLineEnd(text, start);

  // A lone `---` with no line break after it is a thematic break, not an opening fence.
  if (openingEnd === -1 || text.charCodeAt(openingEnd - 1) !== LF) {
    return {
      hasFrontmatter: false,
      bom,
      eol: firstLineEnding(text, start),
      body: text.slice(start),
    };
  }

  const eol: LineEnding = text.charCodeAt(openingEnd - 2) === CR ? '\r\n' : '\n';
  const closing = findClosingFence(text, openingEnd);
  if (closing === null) {
    throw new CodecError(
      'unclosed_frontmatter',
      'the frontmatter block opened by `---` is never closed by a `---` line',
      1,
    );
  }

  return {
    hasFrontmatter: true,
    bom,
    eol,
    sourceStart: openingEnd,
    sourceEnd: closing.start,
    source: text.slice(openingEnd, closing.start),
    body: text.slice(closing.end),
  };
}

const CR = 13;
const LF = 10;

/**
 * When a fence line (`---`, optional trailing blanks) starts at `lineStart`, returns the offset
 * just after its line break (or the end of the text when it has none); otherwise -1.
 */
function fenceLineEnd(text: string, lineStart: number): number {
  if (!text.startsWith('---', lineStart)) return -1;

  let i = lineStart + 3;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i += 1;

  if (i === text.length) return i;
  if (text.charCodeAt(i) === LF) return i + 1;
  if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) return i + 2;
  return -1;
}

/** The first fence line at or after `from`, which is a line start; linear in the body's size. */
function findClosingFence(text: string, from: number): { start: number; end: number } | null {
  let lineStart = from;
  for (;;) {
    const end = fenceLineEnd(text, lineStart);
    if (end !== -1) return { start: lineStart, end };

    const next = text.indexOf('\n---', lineStart);
    if (next === -1) return null;
    lineStart = next + 1;
  }
}

function firstLineEnding(text: string, from: number): LineEnding {
  const lf = text.indexOf('\n', from);
  return lf > from && text.charCodeAt(lf - 1) === CR ? '\r\n' : '\n';
}
