/**
 * Cleans a user-supplied vault path the way Obsidian documents: runs of `/` and `\` become one
 * `/`, leading and trailing slashes go, non-breaking spaces become spaces, and the result is in
 * Unicode NFC. The empty path is the root, `/`.
 */
export function normalizePath(path: string): string {
  const cleaned = path
    .replace(/[\\/]+/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .replace(/[\u00A0\u202F]/g, ' ')
    .normalize('NFC');
  return cleaned === '' ? '/' : cleaned;
}

/** The vault path of the folder holding `path`; `/` for top-level entries. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last segment of `path`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `child` joined under the vault folder `folder` (`/` is the root). */
export function joinPath(folder: string, child: string): string {
  return folder === '/' || folder === '' ? child : `${folder}/${child}`;
}

/** Obsidian hides every file or folder whose name starts with a dot (config dir, `.trash`, ...). */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}

/** `name` split into basename and extension, as `TFile` reports them. */
export function splitExtension(name: string): { basename: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { basename: name, extension: '' };
  return { basename: name.slice(0, dot), extension: name.slice(dot + 1) };
}
