/**
 * What Obsidian's indexer reads out of a note: the frontmatter block, headings, inline tags,
 * wikilinks and embeds, each with its position. Also the frontmatter helpers Obsidian exports
 * (`getFrontMatterInfo`, `parseYaml`, `stringifyYaml`, `parseFrontMatterTags`, ...).
 * Frontmatter is YAML 1.2 with the core schema, parsed by the `yaml` package.
 */
import { parse, stringify } from 'yaml';

export interface Loc {
  line: number;
  col: number;
  offset: number;
}

export interface Pos {
  start: Loc;
  end: Loc;
}

export interface CacheItem {
  position: Pos;
}

export interface HeadingCache extends CacheItem {
  heading: string;
  level: number;
}

export interface TagCache extends CacheItem {
  tag: string;
}

export interface ReferenceCache extends CacheItem {
  link: string;
  original: string;
  displayText?: string;
}

export type LinkCache = ReferenceCache;
export type EmbedCache = ReferenceCache;

export type FrontMatterCache = Record<string, unknown>;

export interface CachedMetadata {
  links?: LinkCache[];
  embeds?: EmbedCache[];
  tags?: TagCache[];
  headings?: HeadingCache[];
  frontmatter?: FrontMatterCache;
  frontmatterPosition?: Pos;
}

export interface FrontMatterInfo {
  exists: boolean;
  frontmatter: string;
  from: number;
  to: number;
  contentStart: number;
}

const OPENING = /^---[ \t]*\r?\n/;
const DELIMITER = /^---[ \t]*\r?$/;

/**
 * Finds the frontmatter block: `---` on the first line, closed by the next line that is `---`.
 * A note whose block is never closed has no frontmatter.
 */
export function getFrontMatterInfo(content: string): FrontMatterInfo {
  const none: FrontMatterInfo = { exists: false, frontmatter: '', from: 0, to: 0, contentStart: 0 };
  const opening = OPENING.exec(content);
  if (!opening) return none;

  const from = opening[0].length;
  for (let lineStart = from; lineStart <= content.length;) {
    const newline = content.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? content.length : newline;
    if (DELIMITER.test(content.slice(lineStart, lineEnd))) {
      const contentStart = newline === -1 ? content.length : newline + 1;
      return {
        exists: true,
        frontmatter: content.slice(from, lineStart),
        from,
        to: lineStart,
        contentStart,
      };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return none;
}

/** Parses YAML with the core schema. @throws YAMLParseError on invalid YAML. */
export function parseYaml(yaml: string): unknown {
  return parse(yaml, { schema: 'core' }) as unknown;
}

/** Block-style YAML, lines never folded. */
export function stringifyYaml(obj: unknown): string {
  return stringify(obj, { lineWidth: 0 });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tags of a frontmatter (`tags` or `tag`, a list or a comma/space separated string), with `#`. */
export function parseFrontMatterTags(frontmatter: unknown): string[] | null {
  const raw = parseFrontMatterStringArray(frontmatter, /^tags?$/i, true);
  if (!raw) return null;
  return raw.map((tag) => (tag.startsWith('#') ? tag : `#${tag}`));
}

export function parseFrontMatterAliases(frontmatter: unknown): string[] | null {
  return parseFrontMatterStringArray(frontmatter, /^alias(es)?$/i);
}

export function parseFrontMatterEntry(frontmatter: unknown, key: string | RegExp): unknown {
  if (!isRecord(frontmatter)) return null;
  for (const [name, value] of Object.entries(frontmatter)) {
    const isMatch = typeof key === 'string' ? name === key : key.test(name);
    if (isMatch && value !== null && value !== undefined) return value;
  }
  return null;
}

export function parseFrontMatterStringArray(
  frontmatter: unknown,
  key: string | RegExp,
  nospaces?: boolean,
): string[] | null {
  const value = parseFrontMatterEntry(frontmatter, key);
  if (value === null) return null;
  const separator = nospaces === true ? /[,\s]+/ : /,/;
  const items: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(separator)
      : [value];
  const strings = items
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map((item) => String(item).trim())
    .filter((item) => item !== '');
  return strings.length > 0 ? strings : null;
}

/** Frontmatter tags and inline tags together, each with its `#`. */
export function getAllTags(cache: CachedMetadata): string[] | null {
  const tags = [
    ...(parseFrontMatterTags(cache.frontmatter) ?? []),
    ...(cache.tags ?? []).map((t) => t.tag),
  ];
  return tags.length > 0 ? tags : null;
}

/** The path part of a link text: `folder/note#heading` gives `folder/note`. */
export function getLinkpath(linktext: string): string {
  return parseLinktext(linktext).path;
}

export function parseLinktext(linktext: string): { path: string; subpath: string } {
  const hash = linktext.indexOf('#');
  if (hash < 0) return { path: linktext, subpath: '' };
  return { path: linktext.slice(0, hash), subpath: linktext.slice(hash) };
}

/** Builds the cache of one note. Invalid YAML leaves the block's position and no frontmatter. */
export function buildCache(content: string): CachedMetadata {
  const locate = locator(content);
  const cache: CachedMetadata = {};
  const info = getFrontMatterInfo(content);
  if (info.exists) {
    cache.frontmatterPosition = { start: locate(0), end: locate(info.to + 3) };
    const frontmatter = tryParse(info.frontmatter);
    if (isRecord(frontmatter)) cache.frontmatter = frontmatter;
  }

  const body = info.exists ? info.contentStart : 0;
  const lines = proseLines(content, body);
  addIfAny(cache, 'headings', headingsOf(lines, locate));
  addIfAny(cache, 'tags', tagsOf(lines, locate));
  addIfAny(cache, 'links', referencesOf(lines, locate, false));
  addIfAny(cache, 'embeds', referencesOf(lines, locate, true));
  return cache;
}

function tryParse(yaml: string): unknown {
  try {
    return parseYaml(yaml);
  } catch {
    return undefined;
  }
}

function addIfAny<K extends 'headings' | 'tags' | 'links' | 'embeds'>(
  cache: CachedMetadata,
  key: K,
  items: NonNullable<CachedMetadata[K]>,
): void {
  if (items.length > 0) cache[key] = items;
}

function locator(content: string): (offset: number) => Loc {
  const lineStarts = [0];
  for (let at = content.indexOf('\n'); at >= 0; at = content.indexOf('\n', at + 1))
    lineStarts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, col: offset - (lineStarts[low] ?? 0), offset };
  };
}

interface Line {
  text: string;
  offset: number;
}

/** The body's lines outside fenced code blocks, with inline code blanked out. */
function proseLines(content: string, from: number): Line[] {
  const lines: Line[] = [];
  let fence: string | null = null;
  let offset = from;
  for (const raw of content.slice(from).split('\n')) {
    const text = raw.replace(/\r$/, '');
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
    } else if (fence === null) {
      lines.push({ text: text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)), offset });
    }
    offset += raw.length + 1;
  }
  return lines;
}

function headingsOf(lines: Line[], locate: (offset: number) => Loc): HeadingCache[] {
  const headings: HeadingCache[] = [];
  for (const line of lines) {
    const match = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(line.text);
    if (!match) continue;
    headings.push({
      heading: match[2] ?? '',
      level: (match[1] ?? '#').length,
      position: { start: locate(line.offset), end: locate(line.offset + line.text.length) },
    });
  }
  return headings;
}

const TAG = /(^|\s)(#[\p{L}\p{N}_\-/]+)/gu;

function tagsOf(lines: Line[], locate: (offset: number) => Loc): TagCache[] {
  const tags: TagCache[] = [];
  for (const line of lines) {
    if (/^#{1,6}[ \t]/.test(line.text)) continue;
    for (const match of line.text.matchAll(TAG)) {
      const tag = match[2] ?? '';
      if (/^#\d+$/.test(tag)) continue;
      const start = line.offset + (match.index ?? 0) + (match[1] ?? '').length;
      tags.push({ tag, position: { start: locate(start), end: locate(start + tag.length) } });
    }
  }
  return tags;
}

const WIKILINK = /(!?)\[\[([^\]|]+?)(?:\|([^\]]*))?\]\]/g;

function referencesOf(
  lines: Line[],
  locate: (offset: number) => Loc,
  isEmbed: boolean,
): ReferenceCache[] {
  const references: ReferenceCache[] = [];
  for (const line of lines) {
    for (const match of line.text.matchAll(WIKILINK)) {
      if ((match[1] === '!') !== isEmbed) continue;
      const link = (match[2] ?? '').trim();
      const start = line.offset + (match.index ?? 0);
      references.push({
        link,
        original: match[0],
        displayText: match[3] ?? link,
        position: { start: locate(start), end: locate(start + match[0].length) },
      });
    }
  }
  return references;
}
