import { promises as fs, readFileSync } from 'node:fs';
import type { VaultObserver } from './context';
import { Events } from './events';
import { TFile, type TAbstractFile } from './files';
import { buildCache, parseLinktext, type CachedMetadata } from './markdown';
import { parentPath } from './paths';
import { runtime } from './runtime';
import type { Vault } from './vault';

/**
 * The metadata cache of Markdown notes. A note's cache changes only after the vault delivered
 * the event of the write that changed it: the update is queued behind that event and is
 * followed, in the same task, by 'changed' (file, data, cache), then 'resolve' (file), and
 * 'resolved' once no other update is queued. Renames fire no 'changed'; the cache follows the
 * TFile object. A deletion fires 'deleted' (file, previous cache).
 */
export class MetadataCache extends Events {
  private readonly caches = new Map<TFile, CachedMetadata>();
  private pendingUpdates = 0;
  private linkTables: {
    resolved: Record<string, Record<string, number>>;
    unresolved: Record<string, Record<string, number>>;
  } | null = null;

  /** Built by the host, which then calls `indexAll`. */
  constructor(
    private readonly vault: Vault,
    observers: VaultObserver[],
  ) {
    super();
    observers.push({
      created: (file, content) => this.queueIndex(file, content),
      modified: (file, content) => this.queueIndex(file, content),
      deleted: (file) => this.queueDeletion(file),
      renamed: () => {
        this.linkTables = null;
      },
    });
  }

  /** Indexes every Markdown note from the disk, firing nothing (the cache Obsidian keeps between runs). */
  static async indexAll(cache: MetadataCache): Promise<void> {
    for (const file of cache.vault.getMarkdownFiles()) {
      const content = await fs.readFile(cache.vault.adapter.getFullPath(file.path), 'utf8');
      cache.caches.set(file, buildCache(content));
    }
  }

  getFileCache(file: TFile): CachedMetadata | null {
    return this.caches.get(file) ?? null;
  }

  getCache(path: string): CachedMetadata | null {
    const file = this.vault.getFileByPath(path);
    return file ? this.getFileCache(file) : null;
  }

  /**
   * The file a link points to: an exact vault path (with or without `.md`), then a path relative
   * to the source's folder, then the note with that name nearest to the source.
   */
  getFirstLinkpathDest(linkpath: string, sourcePath: string): TFile | null {
    const path = parseLinktext(linkpath).path;
    if (path === '') return this.vault.getFileByPath(sourcePath);
    const folder = parentPath(sourcePath);
    const candidates = [path, `${path}.md`];
    if (folder !== '/') candidates.push(`${folder}/${path}`, `${folder}/${path}.md`);
    for (const candidate of candidates) {
      const file = this.vault.getFileByPath(candidate);
      if (file) return file;
    }
    return this.nearestByName(path, folder);
  }

  /** The shortest link text that finds `file`: its name when unique, its path otherwise. */
  fileToLinktext(file: TFile, _sourcePath: string, omitMdExtension?: boolean): string {
    const shouldOmit = omitMdExtension !== false && file.extension === 'md';
    const name = shouldOmit ? file.basename : file.name;
    const isUnique = this.vault.getFiles().filter((other) => other.name === file.name).length === 1;
    if (isUnique) return name;
    return shouldOmit ? file.path.slice(0, -'.md'.length) : file.path;
  }

  /** Source path → destination path → count, for links that find a file. Computed on read. */
  get resolvedLinks(): Record<string, Record<string, number>> {
    return this.links().resolved;
  }

  /** Source path → link text → count, for links that find nothing. Computed on read. */
  get unresolvedLinks(): Record<string, Record<string, number>> {
    return this.links().unresolved;
  }

  private nearestByName(path: string, folder: string): TFile | null {
    const suffixes = [path, `${path}.md`];
    const matches = this.vault
      .getFiles()
      .filter((file) =>
        suffixes.some((suffix) => file.path === suffix || file.path.endsWith(`/${suffix}`)),
      );
    const sameFolder = matches.find((file) => parentPath(file.path) === folder);
    if (sameFolder) return sameFolder;
    return (
      [...matches].sort(
        (a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path),
      )[0] ?? null
    );
  }

  private links(): NonNullable<MetadataCache['linkTables']> {
    if (this.linkTables) return this.linkTables;
    const resolved: Record<string, Record<string, number>> = {};
    const unresolved: Record<string, Record<string, number>> = {};
    for (const [file, cache] of this.caches) {
      const found: Record<string, number> = {};
      const missing: Record<string, number> = {};
      for (const ref of [...(cache.links ?? []), ...(cache.embeds ?? [])]) {
        const target = this.getFirstLinkpathDest(ref.link, file.path);
        const key = target ? target.path : parseLinktext(ref.link).path;
        const table = target ? found : missing;
        table[key] = (table[key] ?? 0) + 1;
      }
      resolved[file.path] = found;
      unresolved[file.path] = missing;
    }
    this.linkTables = { resolved, unresolved };
    return this.linkTables;
  }

  private queueIndex(file: TAbstractFile, content: string | null): void {
    this.linkTables = null;
    if (!(file instanceof TFile) || file.extension !== 'md') return;
    this.pendingUpdates++;
    runtime.deliver(() => {
      this.pendingUpdates--;
      if (this.vault.getAbstractFileByPath(file.path) !== file) return this.announceResolved();
      const data = content ?? readFileSync(this.vault.adapter.getFullPath(file.path), 'utf8');
      const cache = buildCache(data);
      this.caches.set(file, cache);
      this.linkTables = null;
      this.trigger('changed', file, data, cache);
      this.trigger('resolve', file);
      this.announceResolved();
    });
  }

  private queueDeletion(file: TAbstractFile): void {
    this.linkTables = null;
    if (!(file instanceof TFile) || file.extension !== 'md') return;
    this.pendingUpdates++;
    runtime.deliver(() => {
      this.pendingUpdates--;
      const previous = this.caches.get(file) ?? null;
      this.caches.delete(file);
      this.linkTables = null;
      this.trigger('deleted', file, previous);
      this.announceResolved();
    });
  }

  private announceResolved(): void {
    if (this.pendingUpdates === 0) this.trigger('resolved');
  }

  /** Fires 'resolved' once; the host calls it at the end of its load sequence. */
  static announceInitialResolve(cache: MetadataCache): void {
    cache.trigger('resolved');
  }
}
