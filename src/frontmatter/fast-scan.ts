import { Document, isScalar, type ScalarTag } from 'yaml';

import type { Frontmatter } from '../entities/model';
import type { ReadFrontmatter, TopLevelEntry } from './parse';
import { isUnsafeKey } from './unsafe-keys';
import { PARSE_OPTIONS } from './yaml-options';

/**
 * A fast reader for the frontmatter most notes have: top-level `key: value` lines whose values
 * are one-line scalars (plain, or quoted without escapes), block lists of such scalars, or one
 * level of nested `key: value` lines; full-line and trailing comments; blank lines.
 *
 * It returns `null` the moment the text leaves that shape or anything is doubtful (tabs,
 * escapes, flow collections, anchors, tags, multi-line scalars, duplicate or unsafe keys,
 * deeper nesting...), and the caller then parses with the `yaml` package's Document API,
 * which reports any error. When it does return, its data and entry lines equal those of the
 * Document API (tests check this on the real vaults and on generated notes). Scalars are
 * resolved by the core schema's own tags, taken from `yaml`, so typing cannot drift.
 */
export function scanSimpleFrontmatter(source: string): ReadFrontmatter | null {
  if (DOUBTFUL_CHARACTERS.test(source)) return null;

  const lines = splitLines(source);
  const frontmatter: Frontmatter = {};
  const entries: TopLevelEntry[] = [];

  let i = nextContent(lines, 0);
  while (i < lines.length) {
    const line = lines[i];
    const entry = line === undefined ? null : KEY_LINE.exec(line.text);
    if (line === undefined || entry === null) return null;

    const key = resolveKey(entry[1] ?? '');
    if (key === null || Object.prototype.hasOwnProperty.call(frontmatter, key)) return null;

    const read = readEntryValue(lines, i, entry[2]);
    if (read === null) return null;

    frontmatter[key] = read.value;
    const last = lines[read.lastLine];
    if (last === undefined) return null;
    entries.push({ key, start: line.start, end: last.end, trailingComment: read.trailingComment });
    i = nextContent(lines, read.lastLine + 1);
  }

  return { frontmatter, entries, indent: '', doc: null, map: null };
}

/** Tabs (YAML forbids them as indentation), control characters, BOMs and lone CRs. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const DOUBTFUL_CHARACTERS = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]|\r(?!\n)/;

/** `key:` then nothing or blanks and a value; the key is text an implicit key may be. */
const KEY_LINE = /^([A-Za-z_][\w.-]*(?: [\w.-]+)*):( +.*)?$/;
const NESTED_KEY_LINE = /^( +)([A-Za-z_][\w.-]*(?: [\w.-]+)*):( +.*)?$/;
const ITEM_LINE = /^( *)-( +.*)?$/;

/** A plain scalar may not start with an indicator; `-`, `?` and `:` are refused too, simply. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset of the next line's first character. */
  end: number;
  /** The line without its line break. */
  text: string;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < source.length) {
    const lineBreak = source.indexOf('\n', start);
    const end = lineBreak === -1 ? source.length : lineBreak + 1;
    const textEnd =
      lineBreak === -1
        ? end
        : lineBreak > start && source.charCodeAt(lineBreak - 1) === 13
          ? lineBreak - 1
          : lineBreak;
    lines.push({ start, end, text: source.slice(start, textEnd) });
    start = end;
  }
  return lines;
}

const BLANK_OR_COMMENT = /^ *(?:#.*)?$/;

/** The index of the first line at or after `from` that is neither blank nor a comment. */
function nextContent(lines: Line[], from: number): number {
  let i = from;
  while (i < lines.length && BLANK_OR_COMMENT.test(lines[i]?.text ?? '')) i += 1;
  return i;
}

/**
 * True when a comment line indented at least `minIndent` lies in `[from, to)`. The Document
 * API stretches an empty value over the comments after it, and a collection over the deeper
 * indented comments after it; such entries are left to it.
 */
function hasCommentLine(lines: Line[], from: number, to: number, minIndent = 0): boolean {
  for (let i = from; i < to; i += 1) {
    const text = lines[i]?.text ?? '';
    const indent = indentOf(text);
    if (text.startsWith('#', indent) && indent >= minIndent) return true;
  }
  return false;
}

function indentOf(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === 32) n += 1;
  return n;
}

interface EntryValue {
  value: unknown;
  lastLine: number;
  trailingComment: string | null;
}

/** The value of the top-level entry on line `at`; `afterColon` is its text after `key:`. */
function readEntryValue(
  lines: Line[],
  at: number,
  afterColon: string | undefined,
): EntryValue | null {
  const rest = afterColon?.trimStart() ?? '';
  const next = nextContent(lines, at + 1);
  const nextText = lines[next]?.text;
  const nextIndent = nextText === undefined ? 0 : indentOf(nextText);

  if (rest !== '' && !rest.startsWith('#')) {
    const inline = readScalar(rest);
    if (inline === null || nextIndent > 0) return null;
    return { value: inline.value, lastLine: at, trailingComment: inline.comment };
  }

  if (nextText !== undefined && ITEM_LINE.test(nextText)) return readList(lines, next, nextIndent);
  if (nextIndent > 0) return readNestedMap(lines, next, nextIndent);
  if (hasCommentLine(lines, at + 1, next)) return null;
  return { value: null, lastLine: at, trailingComment: rest === '' ? null : (afterColon ?? null) };
}

/** A block list of one-line scalars whose items all sit at `indent`. */
function readList(lines: Line[], first: number, indent: number): EntryValue | null {
  const items: unknown[] = [];
  let i = first;
  let lastLine = first;

  while (i < lines.length) {
    const text = lines[i]?.text ?? '';
    const item = ITEM_LINE.exec(text);
    if (item === null || (item[1] ?? '').length !== indent) break;

    // An empty item stretches the list's range over the comments after it in the Document
    // API; rare enough to leave to it.
    const rest = item[2]?.trimStart() ?? '';
    const scalar = rest === '' || rest.startsWith('#') ? null : readScalar(rest);
    if (scalar === null) return null;

    items.push(scalar.value);
    lastLine = i;
    i = nextContent(lines, i + 1);
  }

  if (!endsCleanly(lines, i) || hasCommentLine(lines, lastLine + 1, i, indent + 1)) return null;
  return { value: items, lastLine, trailingComment: null };
}

/** One level of `key: scalar` lines, all at `indent`. */
function readNestedMap(lines: Line[], first: number, indent: number): EntryValue | null {
  const map: Frontmatter = {};
  let i = first;
  let lastLine = first;

  while (i < lines.length) {
    const text = lines[i]?.text ?? '';
    const entry = NESTED_KEY_LINE.exec(text);
    if (entry === null || (entry[1] ?? '').length !== indent) break;

    const key = resolveKey(entry[2] ?? '');
    if (key === null || Object.prototype.hasOwnProperty.call(map, key)) return null;

    const rest = entry[3]?.trimStart() ?? '';
    const scalar = rest === '' || rest.startsWith('#') ? { value: null } : readScalar(rest);
    if (scalar === null) return null;

    const next = nextContent(lines, i + 1);
    // An empty value with a comment stretches over the blank lines after it in the Document
    // API; rare enough to leave to it.
    const isEmpty = rest === '' || rest.startsWith('#');
    if (isEmpty && (rest !== '' || hasCommentLine(lines, i + 1, next))) return null;

    map[key] = scalar.value;
    lastLine = i;
    i = next;
  }

  if (!endsCleanly(lines, i) || hasCommentLine(lines, lastLine + 1, i, indent + 1)) return null;
  return { value: map, lastLine, trailingComment: null };
}

/** A collection ends well at the end of the block or at the next top-level key line. */
function endsCleanly(lines: Line[], next: number): boolean {
  const text = lines[next]?.text;
  return text === undefined || (indentOf(text) === 0 && !text.startsWith('-'));
}

interface ScalarRead {
  value: unknown;
  /** Blanks and `# comment` after the scalar, or null. */
  comment: string | null;
}

/** A one-line scalar (the text after `key: ` or `- `), or null when it is not that simple. */
function readScalar(text: string): ScalarRead | null {
  if (text.startsWith('"')) return readDoubleQuoted(text);
  if (text.startsWith("'")) return readSingleQuoted(text);
  if (INDICATOR.test(text)) return null;

  const hash = text.indexOf(' #');
  const plain = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
  if (plain.includes(': ') || plain.endsWith(':') || plain.includes(' #')) return null;

  const value = resolvePlain(plain);
  if (value === UNRESOLVED) return null;
  return { value, comment: hash === -1 ? null : text.slice(plain.length) };
}

/** Double-quoted text without escapes; with a backslash it is left to the full parser. */
function readDoubleQuoted(text: string): ScalarRead | null {
  const close = text.indexOf('"', 1);
  const content = text.slice(1, close);
  if (close === -1 || content.includes('\\')) return null;
  return afterQuote(text.slice(close + 1), content);
}

function readSingleQuoted(text: string): ScalarRead | null {
  let close = text.indexOf("'", 1);
  while (close !== -1 && text[close + 1] === "'") close = text.indexOf("'", close + 2);
  if (close === -1) return null;
  return afterQuote(text.slice(close + 1), text.slice(1, close).replaceAll("''", "'"));
}

function afterQuote(after: string, value: string): ScalarRead | null {
  if (/^ *$/.test(after)) return { value, comment: null };
  return /^ +#/.test(after) ? { value, comment: after } : null;
}

const UNRESOLVED = Symbol('unresolved');

/** Core-schema tags that type plain scalars (null, booleans, numbers), from `yaml` itself. */
const PLAIN_TAGS = new Document(null, PARSE_OPTIONS).schema.tags.filter(
  (tag): tag is ScalarTag => tag.default === true && tag.test !== undefined,
);

/** Types a plain scalar as the core schema does; text when no tag claims it. */
function resolvePlain(text: string): unknown {
  const tag = PLAIN_TAGS.find((candidate) => candidate.test?.test(text));
  if (tag === undefined) return text;

  let isFailed = false;
  const resolved: unknown = tag.resolve(text, () => (isFailed = true), PARSE_OPTIONS);
  if (isFailed) return UNRESOLVED;
  return isScalar(resolved) ? resolved.value : resolved;
}

/** A key as the Document path names it: its core-schema value as text; null when refused. */
function resolveKey(text: string): string | null {
  // YAML caps implicit keys at 1024 characters; leave long ones to the full parser.
  if (text.length > 1000) return null;
  const value = resolvePlain(text);
  if (value === UNRESOLVED) return null;

  const key = String(value);
  return isUnsafeKey(key) ? null : key;
}
