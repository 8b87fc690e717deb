import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from 'yaml';

import type { Frontmatter } from '../entities/model';
import { CodecError } from './errors';
import { scanSimpleFrontmatter } from './fast-scan';
import { splitNote } from './fence';
import { isUnsafeKey } from './unsafe-keys';
import { PARSE_OPTIONS } from './yaml-options';

/** A note as the codec reads it. */
export interface ParsedNote {
  /** `null` when the note has no frontmatter block; `{}` for an empty block. */
  frontmatter: Frontmatter | null;
  /** Everything after the closing fence line, byte for byte (the whole note, less any BOM, when
   * there is no frontmatter). */
  body: string;
}

export type ParseOutcome = { ok: true; note: ParsedNote } | { ok: false; error: CodecError };

/**
 * Reads a note's frontmatter and body. Never throws: every problem comes back as a
 * `CodecError` with a stable code and, where it has one, the note's line.
 *
 * Values keep their YAML 1.2 core meaning: text stays text (dates included), numbers,
 * booleans and null are typed, lists are arrays and mappings plain objects. Keys are text.
 * Keys `__proto__`, `constructor` and `prototype` are refused (`unsafe_key`) at any depth:
 * frontmatter travels to validation, scripts and storage, where such keys are the classic way
 * to pollute prototypes, and no Kira property uses them. Duplicate keys are refused
 * (`duplicate_key`), never merged; aliases are expanded within a bound (`alias_limit`).
 */
export function parseNote(text: string): ParseOutcome {
  try {
    const layout = splitNote(text);
    if (!layout.hasFrontmatter) return { ok: true, note: { frontmatter: null, body: layout.body } };

    const { frontmatter } = readFrontmatter(layout.source);
    return { ok: true, note: { frontmatter, body: layout.body } };
  } catch (error) {
    if (error instanceof CodecError) return { ok: false, error };
    throw error;
  }
}

/** Where a top-level entry sits in the YAML source, for editing it line by line. */
export interface TopLevelEntry {
  key: string;
  /** Offset of the start of the key's line. */
  start: number;
  /** Offset of the start of the line after the value's last line. */
  end: number;
  /** Blanks and `# comment` after a value that fits on the key's line, or null. */
  trailingComment: string | null;
}

/** The frontmatter as plain data, with the lines of each top-level entry. */
export interface ReadFrontmatter {
  frontmatter: Frontmatter;
  /** The top-level entries in source order. */
  entries: TopLevelEntry[];
  /** The indentation of the top-level keys (almost always none). */
  indent: string;
  /** The parsed document, when the full parser read the YAML; null after the fast reader. */
  doc: Document.Parsed | null;
  /** The top-level mapping of `doc`; null without a document or when the block is empty. */
  map: YAMLMap.Parsed | null;
}

/**
 * Parses `source`, the YAML between a note's fences: with the fast reader when the YAML has
 * the simple shape most notes have, otherwise with the `yaml` Document API.
 *
 * @throws CodecError for invalid YAML, a non-mapping, duplicate, unsafe or non-text keys and
 *   alias bombs.
 */
export function readFrontmatter(source: string): ReadFrontmatter {
  return scanSimpleFrontmatter(source) ?? readDocument(source);
}

/**
 * Parses `source` with the `yaml` Document API.
 *
 * @throws CodecError as `readFrontmatter` does.
 */
export function readDocument(source: string): ReadFrontmatter & { doc: Document.Parsed } {
  const doc = parseDocument(source, PARSE_OPTIONS);
  const firstError = doc.errors[0];
  if (firstError) throw fromYamlError(firstError, source);

  const contents = doc.contents;
  if (contents === null) return { frontmatter: {}, entries: [], indent: '', doc, map: null };
  if (!isMap(contents)) {
    throw new CodecError(
      'not_a_mapping',
      `the frontmatter is a ${isSeq(contents) ? 'list' : 'single value'}, not a mapping of properties`,
      noteLine(source, contents.range[0]),
    );
  }

  const map = contents;
  const frontmatter = new PlainConverter(doc, source).mapping(map);
  const entries = map.items.map((pair) => entrySpan(source, pair));
  return { frontmatter, entries, indent: indentAt(source, map.range[0]), doc, map };
}

/** The whole lines a top-level entry occupies, from its key to the end of its value. */
function entrySpan(source: string, pair: Pair): TopLevelEntry {
  const keyStart = rangeOf(pair.key)?.[0] ?? 0;
  const valueEnd = rangeOf(pair.value)?.[1] ?? rangeOf(pair.key)?.[1] ?? keyStart;
  const start = source.lastIndexOf('\n', keyStart - 1) + 1;

  // Block values end after their last line break; others end inside their last line.
  const endsLine = valueEnd > start && source.charCodeAt(valueEnd - 1) === 10;
  const lineBreak = endsLine ? valueEnd - 1 : source.indexOf('\n', valueEnd);
  const end = lineBreak === -1 ? source.length : lineBreak + 1;

  // An empty value's range starts at its comment; look from the colon instead.
  const valueRange = rangeOf(pair.value);
  const isEmpty = valueRange !== undefined && valueRange[0] === valueRange[1];
  const restStart = isEmpty
    ? source.indexOf(':', rangeOf(pair.key)?.[1] ?? keyStart) + 1
    : valueEnd;
  const isOneLine = source.indexOf('\n', start) === lineBreak;
  const rest = endsLine ? '' : source.slice(restStart, lineBreak === -1 ? undefined : lineBreak);
  const comment = /^[ \t]+#[^\r]*/.exec(rest);
  const key = isScalar(pair.key) ? String(pair.key.value) : '';
  return { key, start, end, trailingComment: isOneLine && comment ? comment[0] : null };
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return (node as { range?: [number, number, number] } | null)?.range;
}

function indentAt(source: string, offset: number): string {
  return ' '.repeat(offset - (source.lastIndexOf('\n', offset - 1) + 1));
}

/**
 * How many nodes aliases may expand to in one note. Frontmatter rarely uses aliases at all; a
 * few small ones expand to tens of nodes, while an alias bomb (each alias doubling the last)
 * passes any bound within a few lines.
 */
const MAX_ALIASED_NODES = 10_000;

/** Turns parsed YAML nodes into plain data, checking keys and alias expansion on the way. */
export class PlainConverter {
  private aliasDepth = 0;
  private aliasedNodes = 0;
  private readonly expanding = new Set<Node>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: string,
  ) {}

  mapping(map: YAMLMap): Frontmatter {
    const result: Frontmatter = {};

    for (const pair of map.items) {
      const key = this.key(pair.key);
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        throw new CodecError(
          'duplicate_key',
          `the key "${key}" appears twice`,
          this.lineOf(pair.key),
        );
      }
      result[key] = this.value(pair.value as Node | null);
    }

    return result;
  }

  private key(node: unknown): string {
    if (!isScalar(node)) {
      throw new CodecError(
        'unsupported_key',
        'a key is a list, a mapping or an alias; properties must be named by text',
        this.lineOf(node),
      );
    }

    const key = String(node.value);
    if (isUnsafeKey(key)) {
      throw new CodecError(
        'unsafe_key',
        `the key "${key}" is refused: it could reach an object's prototype`,
        this.lineOf(node),
      );
    }
    return key;
  }

  value(node: Node | null): unknown {
    this.countAliased(node);
    if (node === null) return null;
    // The core schema gives text, numbers, booleans and null only (no Dates).
    if (isScalar(node)) return node.value;
    if (isMap(node)) return this.mapping(node);
    if (isSeq(node)) return node.items.map((item) => this.value(item as Node | null));
    if (isAlias(node)) return this.alias(node);
    return null;
  }

  private alias(
    node: Node & { resolve(doc: Document): Node | undefined; source: string },
  ): unknown {
    const target = node.resolve(this.doc);
    if (target === undefined) {
      throw new CodecError(
        'invalid_yaml',
        `the alias *${node.source} has no anchor`,
        this.lineOf(node),
      );
    }
    if (this.expanding.has(target)) {
      throw new CodecError(
        'alias_limit',
        `the alias *${node.source} refers to itself`,
        this.lineOf(node),
      );
    }

    this.expanding.add(target);
    this.aliasDepth += 1;
    try {
      return this.value(target);
    } finally {
      this.aliasDepth -= 1;
      this.expanding.delete(target);
    }
  }

  private countAliased(node: unknown): void {
    if (this.aliasDepth === 0) return;

    this.aliasedNodes += 1;
    if (this.aliasedNodes > MAX_ALIASED_NODES) {
      throw new CodecError(
        'alias_limit',
        `aliases expand to more than ${MAX_ALIASED_NODES} values (an alias bomb?)`,
        this.lineOf(node),
      );
    }
  }

  private lineOf(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? noteLine(this.source, range[0]) : undefined;
  }
}

function fromYamlError(error: YAMLError, source: string): CodecError {
  const line = error.linePos ? error.linePos[0].line + 1 : noteLine(source, error.pos[0]);
  const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';

  if (error.code === 'DUPLICATE_KEY') return new CodecError('duplicate_key', reason, line);
  if (error.code === 'TAB_AS_INDENT') {
    return new CodecError('invalid_yaml', `tabs cannot indent YAML: ${reason}`, line);
  }
  return new CodecError('invalid_yaml', reason, line);
}

/** The note line (1-based, the opening fence being line 1) of an offset into the YAML source. */
export function noteLine(source: string, offset: number): number {
  let line = 2;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line += 1;
  }
  return line;
}
