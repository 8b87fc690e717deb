import { type Frontmatter, type Kind, KINDS, isKind } from './model';

/** The vault folders that hold each kind of entity, as set in the settings tab. */
export type KindFolders = Record<Kind, string>;

/**
 * The kind of the note at `path`, or null when it is not a Kira entity.
 *
 * - An explicit `kind` field wins when it names a kind; any other value is ignored.
 * - Else the configured folder the note lies in decides. A folder matches on whole path
 *   segments (`Tasks` holds `Tasks/a.md` and `Tasks/2024/a.md`, not `Tasks old/a.md`) and,
 *   like Obsidian's paths, case-sensitively. When folders nest, the deepest one wins. An empty
 *   folder setting (the vault root) matches nothing: it would make every note an entity.
 */
export function inferKind(
  frontmatter: Frontmatter | null,
  path: string,
  folders: KindFolders,
): Kind | null {
  const explicit =
    frontmatter !== null && Object.hasOwn(frontmatter, 'kind') ? frontmatter.kind : null;
  if (isKind(explicit)) return explicit;

  return kindFromFolder(path, folders);
}

function kindFromFolder(path: string, folders: KindFolders): Kind | null {
  const notePath = trimSlashes(path);
  let best: { kind: Kind; length: number } | null = null;

  for (const kind of KINDS) {
    const setting = folders[kind];
    const folder = typeof setting === 'string' ? trimSlashes(setting) : '';
    if (folder === '' || !isInside(notePath, folder)) continue;
    if (best === null || folder.length > best.length) best = { kind, length: folder.length };
  }
  return best?.kind ?? null;
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}
