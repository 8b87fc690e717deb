/**
 * File names for notes Kira creates. The name is the user's to change afterwards: Kira finds
 * an entity by its `id`, never by its path.
 */

/** Characters Obsidian refuses in file names, or that break links. Control characters go too. */
const FORBIDDEN = /[\\/:*?"<>|#^[\]]/g;
const MAX_NAME_LENGTH = 120;

/** A file name (without extension) made from a title; `fallback` when nothing is left. */
export function fileNameFor(title: string, fallback: string): string {
  const cleaned = title
    .replace(FORBIDDEN, ' ')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .trim();
  return cleaned.length > 0 ? cleaned : fallback;
}

/**
 * The first free path `folder/name.md`, `folder/name 2.md`, ... for which `isTaken` says no.
 * Case-insensitive file systems treat `A.md` and `a.md` as one file, so callers should answer
 * `isTaken` case-insensitively.
 */
export function freePath(folder: string, name: string, isTaken: (path: string) => boolean): string {
  const prefix = folder === '' || folder === '/' ? '' : `${folder}/`;
  let candidate = `${prefix}${name}.md`;
  for (let n = 2; isTaken(candidate); n += 1) candidate = `${prefix}${name} ${n}.md`;
  return candidate;
}
