import { Pair, Scalar, YAMLMap } from 'yaml';

import type { Frontmatter } from '../entities/model';
import { CodecError } from './errors';
import { BOM, splitNote, type LineEnding } from './fence';
import { readFrontmatter, type ReadFrontmatter, type TopLevelEntry } from './parse';
import {
  canonicalValue,
  checkKey,
  keyRank,
  renderEntry,
  renderFrontmatter,
  stringifyLines,
  toNode,
  type YamlValue,
} from './render';
import { sameValue } from './same-value';

/** Keys to set, each to its new value; the value `undefined` deletes the key. */
export type FrontmatterChanges = Record<string, unknown>;

/**
 * Applies `changes` to a note's frontmatter and returns the new text of the note.
 *
 * Only the lines of keys that change are rewritten: other keys, comments, quoting, key order,
 * blank lines and the body stay exactly as they were, and so do the BOM and the line ending. A
 * changed key is rewritten in canonical style at its place (a comment at the end of a one-line
 * entry is kept). A new key goes to its canonical place: before the first existing key that
 * ranks after it in the canonical order (`CANONICAL_KEY_ORDER`, then unknown keys, then
 * `x-kira`), right after the entry that precedes that key, else at the end; so a canonical
 * note stays canonical and a user's own order is never shuffled. A note without
 * frontmatter gets a new block at the top, in canonical form. Setting a key to the value it
 * already holds changes nothing: when nothing changes, the very same text comes back.
 *
 * A top-level mapping written in flow style (`{"a": 1}`, JSON-like) is edited in the same
 * spirit: a changed value is replaced where it stands, new keys go just before the closing
 * brace (on a line of their own when the brace has its own line). Deleting keys from such a
 * mapping rewrites it through the YAML document, which keeps its comments.
 *
 * The result is parsed again before it is returned and must hold exactly the old data with
 * the changes applied, so no half-edited text ever comes back.
 *
 * @throws CodecError when the note cannot be parsed (its code says why), for unsafe keys or
 *   values frontmatter cannot hold (`unsafe_key`, `unsupported_value`), and `edit_failed`
 *   when an edit would disturb the rest of the note (say, replacing a value whose anchor an
 *   alias elsewhere uses).
 */
export function editNote(text: string, changes: FrontmatterChanges): string {
  const planned = planChanges(changes);
  const layout = splitNote(text);

  if (!layout.hasFrontmatter) {
    const added = planned.filter((change) => change.value !== undefined);
    if (added.length === 0) return text;
    return prependFrontmatter(layout.bom, layout.eol, added, layout.body);
  }

  const read = readFrontmatter(layout.source);
  const edit = read.map?.flow ? editFlowMapping : spliceLines;
  const source = edit(layout.source, read, planned, layout.eol);
  if (source === layout.source) return text;

  const problem = faithfulness(source, read.frontmatter, planned);
  if (problem !== null)
    throw new CodecError('edit_failed', `${problem}; the note is left as it was`);
  return text.slice(0, layout.sourceStart) + source + text.slice(layout.sourceEnd);
}

interface Change {
  key: string;
  /** Canonical value, or `undefined` to delete the key. */
  value: YamlValue | undefined;
  /** Position in the caller's changes, to keep ties in the caller's order. */
  order: number;
}

function planChanges(changes: FrontmatterChanges): Change[] {
  return Object.keys(changes).map((key, order) => {
    checkKey(key);
    const value = changes[key];
    return { key, value: value === undefined ? undefined : canonicalValue(value, key), order };
  });
}

function prependFrontmatter(bom: boolean, eol: LineEnding, added: Change[], body: string): string {
  const frontmatter: Frontmatter = {};
  for (const change of added) frontmatter[change.key] = change.value;

  const lines = renderFrontmatter(frontmatter, 'sorted');
  return (bom ? BOM : '') + ['---', ...lines, '---'].join(eol) + eol + body;
}

/** A stretch of the YAML source replaced by new text; an insertion has `start === end`. */
interface Splice {
  start: number;
  end: number;
  text: string;
  rank: number;
  order: number;
}

type SourceEdit = (
  source: string,
  read: ReadFrontmatter,
  planned: Change[],
  eol: LineEnding,
) => string;

/** Rewrites the lines of changed keys of a block mapping, leaving every other line alone. */
const spliceLines: SourceEdit = (source, read, planned, eol) => {
  const { entries } = read;
  const indexByKey = new Map(entries.map((entry, index) => [entry.key, index]));
  const splices: Splice[] = [];

  for (const change of planned) {
    const index = indexByKey.get(change.key);
    const entry = index === undefined ? undefined : entries[index];

    if (entry === undefined) {
      if (change.value === undefined) continue;
      const at = insertionOffset(source, entries, change.key);
      const text = asLines(renderEntry(change.key, change.value), read.indent, eol);
      splices.push({ start: at, end: at, text, rank: keyRank(change.key), order: change.order });
    } else if (change.value === undefined) {
      splices.push({ start: entry.start, end: entry.end, text: '', rank: 0, order: change.order });
    } else if (!sameValue(read.frontmatter[change.key], change.value)) {
      const lines = renderEntry(change.key, change.value);
      if (entry.trailingComment !== null) lines[0] += entry.trailingComment;
      const text = asLines(lines, read.indent, eol);
      splices.push({ start: entry.start, end: entry.end, text, rank: 0, order: change.order });
    }
  }

  return applySplices(source, splices);
};

function asLines(lines: string[], indent: string, eol: LineEnding): string {
  return lines.map((line) => indent + line + eol).join('');
}

/**
 * Where a new key goes: after the last entry of the longest prefix of entries that rank at or
 * before it; before the first entry when every entry ranks after it; at the end of the block
 * when it is empty.
 */
function insertionOffset(source: string, entries: TopLevelEntry[], key: string): number {
  const rank = keyRank(key);
  const firstAfter = entries.findIndex((entry) => keyRank(entry.key) > rank);
  const before = firstAfter === -1 ? entries.length - 1 : firstAfter - 1;

  if (before >= 0) return entries[before]?.end ?? source.length;
  return entries[0]?.start ?? source.length;
}

function applySplices(source: string, splices: Splice[]): string {
  if (splices.length === 0) return source;
  splices.sort(
    (a, b) => a.start - b.start || a.end - b.end || a.rank - b.rank || a.order - b.order,
  );

  let result = '';
  let position = 0;
  for (const splice of splices) {
    result += source.slice(position, splice.start) + splice.text;
    position = splice.end;
  }
  return result + source.slice(position);
}

/**
 * Edits a top-level flow mapping in place when it can (changed values where they stand, new
 * keys before the closing brace), else through the document.
 */
const editFlowMapping: SourceEdit = (source, read, planned, eol) => {
  const spliced = spliceFlowMapping(source, read, planned, eol);
  if (spliced !== null && faithfulness(spliced, read.frontmatter, planned) === null) return spliced;
  return rewriteFlowMapping(source, read, planned, eol);
};

function spliceFlowMapping(
  source: string,
  read: ReadFrontmatter,
  planned: Change[],
  eol: LineEnding,
): string | null {
  const map = read.map;
  const close = (rangeOf(map)?.[1] ?? 0) - 1;
  if (map === null || source[close] !== '}') return null;

  const splices: Splice[] = [];
  const added: Array<{ key: string; value: YamlValue }> = [];
  for (const change of planned) {
    const pair = map.items[read.entries.findIndex((entry) => entry.key === change.key)];
    const start = rangeOf(pair?.key)?.[0];
    const end = rangeOf(pair?.value)?.[1];

    if (pair === undefined) {
      if (change.value !== undefined) added.push({ key: change.key, value: change.value });
    } else if (change.value === undefined || start === undefined || end === undefined) {
      return null;
    } else if (!sameValue(read.frontmatter[change.key], change.value)) {
      const text = renderFlowPair(change.key, change.value);
      splices.push({ start, end, text, rank: 0, order: change.order });
    }
  }

  if (added.length > 0)
    splices.push(flowInsertion(source, map.items.length > 0, close, added, eol));
  return applySplices(source, splices);
}

/** New pairs before the closing brace; on a line of their own when the brace has one. */
function flowInsertion(
  source: string,
  hasItems: boolean,
  close: number,
  added: Array<{ key: string; value: YamlValue }>,
  eol: LineEnding,
): Splice {
  const pairs = added.map(({ key, value }) => renderFlowPair(key, value));
  const lineStart = source.lastIndexOf('\n', close - 1) + 1;
  const isBraceAlone = source.slice(lineStart, close).trim() === '';

  if (isBraceAlone && hasItems) {
    const text = pairs.map((pair) => `  , ${pair}${eol}`).join('');
    return { start: lineStart, end: lineStart, text, rank: 0, order: 0 };
  }
  const text = (hasItems ? ', ' : '') + pairs.join(', ');
  return { start: close, end: close, text, rank: 0, order: 0 };
}

/** `key: value` as it stands inside a flow mapping. */
function renderFlowPair(key: string, value: YamlValue): string {
  const map = new YAMLMap();
  map.flow = true;
  map.items.push(new Pair(new Scalar(key), toNode(value)));
  return stringifyLines(map).join(' ').slice(1, -1);
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return (node as { range?: [number, number, number] } | null)?.range;
}

/** Rewrites a top-level flow mapping through the document, which keeps its comments. */
const rewriteFlowMapping: SourceEdit = (source, read, planned, eol) => {
  // The document was parsed for this edit alone, so its nodes may be changed in place.
  const map = read.map as YAMLMap<unknown, unknown> | null;
  if (map === null) return source;

  let isChanged = false;
  for (const change of planned) {
    const index = read.entries.findIndex((entry) => entry.key === change.key);
    const pair = map.items[index];

    if (change.value === undefined) {
      if (pair === undefined) continue;
      map.items.splice(index, 1);
    } else if (pair === undefined) {
      map.items.push(new Pair(new Scalar(change.key), toNode(change.value)));
    } else if (!sameValue(read.frontmatter[change.key], change.value)) {
      pair.value = toNode(change.value);
    } else {
      continue;
    }
    isChanged = true;
  }

  if (!isChanged) return source;
  const lines = stringifyLines(map, { before: read.doc?.commentBefore, after: read.doc?.comment });
  return lines.map((line) => line + eol).join('');
};

/**
 * Parses the edited YAML again: it must hold exactly the old data with the changes applied.
 * Returns what is wrong, or null.
 */
function faithfulness(source: string, before: Frontmatter, planned: Change[]): string | null {
  const expected: Frontmatter = { ...before };
  for (const change of planned) {
    if (change.value === undefined) delete expected[change.key];
    else expected[change.key] = change.value;
  }

  try {
    const after = readFrontmatter(source).frontmatter;
    return sameValue(after, expected) ? null : 'the edit would change other values of the note';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the edited frontmatter would not parse (${reason})`;
  }
}
