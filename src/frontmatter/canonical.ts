import { isCollection, isNode, isPair, isScalar, type Node } from 'yaml';

import type { Frontmatter } from '../entities/model';
import { BOM, splitNote, type LineEnding } from './fence';
import { readDocument, readFrontmatter } from './parse';
import { renderFrontmatter } from './render';

export interface SerializeOptions {
  /** Line ending of the frontmatter lines; the body is written as given. Default `\n`. */
  eol?: LineEnding;
  /** Start the note with a byte order mark. Default false. */
  bom?: boolean;
}

/**
 * Writes a note in canonical form: the keys of `CANONICAL_KEY_ORDER` in that order, then
 * unknown keys sorted by UTF-16 code unit, then `x-kira`; keys of nested mappings sorted;
 * block-style lists (empty ones as `[]`); text plain where it reads back as the same text,
 * otherwise in double quotes with JSON escapes on one line; null as an empty value;
 * `undefined` properties left out. The same data always gives the same text, and `parseNote`
 * of the result gives back `frontmatter` (deep-equal) and `body`.
 *
 * @throws CodecError `unsafe_key` or `unsupported_value` for data frontmatter cannot hold.
 */
export function serializeCanonical(
  frontmatter: Frontmatter,
  body: string,
  options: SerializeOptions = {},
): string {
  const lines = renderFrontmatter(frontmatter, 'sorted');
  return fenced(lines, body, options.eol ?? '\n', options.bom ?? false);
}

/**
 * Rewrites an existing note's frontmatter in canonical form, keeping its body byte for byte,
 * its BOM and its line ending. It differs from `serializeCanonical` in two ways: unknown keys
 * keep the order they were written in, and YAML comments are kept, gathered in their order
 * at the top of the block (a comment's place among reordered keys has no stable meaning, and
 * keeping it there would not be idempotent). Aliases are written out in full. A note without
 * frontmatter comes back unchanged. Idempotent.
 *
 * @throws CodecError when the note cannot be parsed; its text is then never rewritten.
 */
export function normalizeNote(text: string): string {
  const layout = splitNote(text);
  if (!layout.hasFrontmatter) return text;

  // Without a `#` there is no comment to keep, and the fast reader may serve.
  const hasComments = layout.source.includes('#');
  const read = hasComments ? readDocument(layout.source) : readFrontmatter(layout.source);
  const comments = read.doc === null ? [] : commentsOf(read.doc);

  const lines = [
    ...comments.map((line) => `#${line}`),
    ...renderFrontmatter(
      read.frontmatter,
      'kept',
      read.entries.map((entry) => entry.key),
    ),
  ];
  return fenced(lines, layout.body, layout.eol, layout.bom);
}

function fenced(lines: string[], body: string, eol: LineEnding, bom: boolean): string {
  return (bom ? BOM : '') + ['---', ...lines, '---'].join(eol) + eol + body;
}

interface Commented {
  commentBefore?: string | null;
  comment?: string | null;
  contents?: unknown;
}

/** Every comment line of a document, in document order, without its `#`. */
function commentsOf(doc: Commented): string[] {
  const lines: string[] = [];
  const take = (comment: string | null | undefined): void => {
    if (comment) lines.push(...comment.split('\n'));
  };

  const walk = (node: unknown): void => {
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if (!isNode(node)) return;

    const commented = node as Node & Commented;
    take(commented.commentBefore);
    if (isCollection(node)) for (const item of node.items) walk(item);
    else if (!isScalar(node)) walk(commented.contents);
    take(commented.comment);
  };

  take(doc.commentBefore);
  walk(doc.contents);
  take(doc.comment);
  return lines;
}
