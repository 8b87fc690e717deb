import type { DataWriteOptions } from './adapter';
import type { HostSettings } from './context';
import type { TAbstractFile, TFile, TFolder } from './files';
import { getFrontMatterInfo, isRecord, parseYaml, stringifyYaml } from './markdown';
import type { MetadataCache } from './metadata-cache';
import { normalizePath, parentPath, splitExtension } from './paths';
import type { Vault } from './vault';

/** Raised when a frontmatter parses to something other than a mapping. */
export class FrontmatterShapeError extends Error {
  readonly code = 'HOST_FRONTMATTER_NOT_A_MAP';
}

/**
 * File operations that follow the user's preferences. `processFrontMatter` runs inside
 * `Vault.process`, so it is atomic per file with every other vault write.
 */
export class FileManager {
  /** Built by the host. */
  constructor(
    private readonly vault: Vault,
    private readonly metadataCache: MetadataCache,
    private readonly settings: HostSettings,
  ) {}

  /** The folder for a new note, by the "default location for new notes" setting. */
  getNewFileParent(sourcePath: string, _newFilePath?: string): TFolder {
    const root = this.vault.getRoot();
    if (this.settings.newFileLocation === 'current' && sourcePath !== '') {
      return this.vault.getFolderByPath(parentPath(sourcePath)) ?? root;
    }
    if (this.settings.newFileLocation === 'folder') {
      return this.vault.getFolderByPath(normalizePath(this.settings.newFileFolderPath)) ?? root;
    }
    return root;
  }

  /** Renames through the vault, so 'rename' fires. Links in other notes are not rewritten. */
  renameFile(file: TAbstractFile, newPath: string): Promise<void> {
    return this.vault.rename(file, newPath);
  }

  /** Headless: there is nobody to ask, so the deletion is confirmed and done. */
  async promptForDeletion(file: TAbstractFile): Promise<boolean> {
    await this.trashFile(file);
    return true;
  }

  /** Disposes of the file by the "deleted files" setting: system trash, `.trash/`, or deletion. */
  trashFile(file: TAbstractFile): Promise<void> {
    // This is the preference-respecting path the lint rule points plugins to.
    switch (this.settings.trashOption) {
      case 'system':
        return this.vault.trash(file, true);
      case 'local':
        return this.vault.trash(file, false);
      case 'none':
        return this.vault.delete(file, true);
    }
  }

  /** A wikilink to `file` as seen from `sourcePath`. */
  generateMarkdownLink(file: TFile, sourcePath: string, subpath?: string, alias?: string): string {
    const linktext = this.metadataCache.fileToLinktext(file, sourcePath, true);
    const display = alias !== undefined && alias !== '' ? `|${alias}` : '';
    return `[[${linktext}${subpath ?? ''}${display}]]`;
  }

  /**
   * Reads the frontmatter, lets `fn` mutate it, and writes it back in block style, keeping the
   * body byte for byte. A note without frontmatter gets a block when `fn` adds keys; a block
   * left empty is removed.
   * @throws YAMLParseError when the frontmatter is not valid YAML; the file is left untouched.
   * @throws FrontmatterShapeError when it is valid YAML but not a mapping.
   * @throws whatever `fn` throws; the file is left untouched.
   */
  async processFrontMatter(
    file: TFile,
    fn: (frontmatter: Record<string, unknown>) => void,
    options?: DataWriteOptions,
  ): Promise<void> {
    await this.vault.process(file, (data) => rewriteFrontmatter(data, fn), options);
  }

  /** A free path for an attachment at the vault root: `name.ext`, else `name 1.ext`, ... */
  getAvailablePathForAttachment(filename: string, _sourcePath?: string): Promise<string> {
    const { basename, extension } = splitExtension(filename);
    const suffix = extension === '' ? '' : `.${extension}`;
    let candidate = normalizePath(filename);
    for (let n = 1; this.vault.getAbstractFileByPath(candidate); n++) {
      candidate = normalizePath(`${basename} ${n}${suffix}`);
    }
    return Promise.resolve(candidate);
  }
}

function rewriteFrontmatter(
  data: string,
  fn: (frontmatter: Record<string, unknown>) => void,
): string {
  const info = getFrontMatterInfo(data);
  const parsed = info.exists ? parseYaml(info.frontmatter) : {};
  const frontmatter = parsed === null || parsed === undefined ? {} : parsed;
  if (!isRecord(frontmatter)) {
    throw new FrontmatterShapeError('The frontmatter is valid YAML but not a mapping of keys.');
  }

  fn(frontmatter);

  const body = info.exists ? data.slice(info.contentStart) : data;
  if (Object.keys(frontmatter).length === 0) return info.exists ? body : data;
  const newline = /^---[ \t]*\r\n/.test(data) ? '\r\n' : '\n';
  const yaml = stringifyYaml(frontmatter).replace(/\n/g, newline);
  return `---${newline}${yaml}---${newline}${body}`;
}
