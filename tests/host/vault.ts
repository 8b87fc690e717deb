import { promises as fs } from 'node:fs';
import {
  FileSystemAdapter,
  isMissing,
  statOf,
  toArrayBuffer,
  type DataWriteOptions,
} from './adapter';
import type { VaultObserver } from './context';
import { Events } from './events';
import { relocate, TAbstractFile, TFile, TFolder } from './files';
import { KeyedLock } from './locks';
import { isHiddenPath, joinPath, normalizePath, parentPath } from './paths';
import { runtime } from './runtime';

/** Raised when a vault operation names a file that is no longer in the vault. */
export class StaleFileError extends Error {
  readonly code = 'HOST_STALE_FILE';
}

/**
 * The vault over a real folder. Every write reaches the disk first; its event ('create',
 * 'modify', 'delete', 'rename') is then delivered in a later macrotask, after the promise of the
 * write has resolved. Writes to one file are serialized, so `process` is atomic per file.
 * Hidden entries (any segment starting with a dot, such as the config dir and `.trash`) are
 * not part of the vault's tree, as in Obsidian.
 */
export class Vault extends Events {
  adapter: FileSystemAdapter;
  configDir: string;

  private readonly index = new Map<string, TAbstractFile>();
  private readonly root: TFolder;
  // Existing files are locked by object, so a rename does not open a gap; new paths by string.
  private readonly locks = new KeyedLock<TAbstractFile | string>();

  /** Built by the host; call `scanFromDisk` before use. */
  constructor(
    adapter: FileSystemAdapter,
    configDir: string,
    private readonly observers: VaultObserver[],
  ) {
    super();
    this.adapter = adapter;
    this.configDir = configDir;
    this.root = new TFolder(this, '/', null);
    this.index.set('/', this.root);
  }

  /** Builds the file tree from the disk, firing no event. Hidden entries are skipped. */
  static async scanFromDisk(vault: Vault): Promise<void> {
    await vault.scanFolder(vault.root);
  }

  getName(): string {
    return this.adapter.getName();
  }

  getRoot(): TFolder {
    return this.root;
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.index.get(path) ?? null;
  }

  getFileByPath(path: string): TFile | null {
    const found = this.index.get(path);
    return found instanceof TFile ? found : null;
  }

  getFolderByPath(path: string): TFolder | null {
    const found = this.index.get(path);
    return found instanceof TFolder ? found : null;
  }

  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.index.values()];
  }

  getAllFolders(includeRoot?: boolean): TFolder[] {
    return [...this.index.values()].filter(
      (entry): entry is TFolder =>
        entry instanceof TFolder && (includeRoot === true || !entry.isRoot()),
    );
  }

  static recurseChildren(root: TFolder, cb: (file: TAbstractFile) => unknown): void {
    cb(root);
    for (const child of root.children) {
      if (child instanceof TFolder) Vault.recurseChildren(child, cb);
      else cb(child);
    }
  }

  getFiles(): TFile[] {
    return [...this.index.values()].filter((entry): entry is TFile => entry instanceof TFile);
  }

  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((file) => file.extension === 'md');
  }

  /**
   * Creates a text file. Its folder must already exist.
   * @throws Error 'File already exists.' when the path is taken; ENOENT when the folder is missing.
   */
  create(path: string, data: string, options?: DataWriteOptions): Promise<TFile> {
    return runtime.follow(this.createFile(normalizePath(path), data, options));
  }

  /** Creates a binary file; same rules as `create`. */
  createBinary(path: string, data: ArrayBuffer, options?: DataWriteOptions): Promise<TFile> {
    return runtime.follow(this.createFile(normalizePath(path), new Uint8Array(data), options));
  }

  /**
   * Creates a folder and any missing parents, firing 'create' for each new one.
   * @throws Error 'Folder already exists.' when the path is taken.
   */
  createFolder(path: string): Promise<TFolder> {
    return runtime.follow(this.createFolderNow(normalizePath(path)));
  }

  read(file: TFile): Promise<string> {
    return runtime.follow(fs.readFile(this.fullPath(file), 'utf8'));
  }

  /** Reads from the disk too: the host keeps no content cache that could go stale. */
  cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }

  readBinary(file: TFile): Promise<ArrayBuffer> {
    return runtime.follow(fs.readFile(this.fullPath(file)).then(toArrayBuffer));
  }

  getResourcePath(file: TFile): string {
    return this.adapter.getResourcePath(file.path);
  }

  /**
   * Deletes a file, or a folder with everything in it.
   * @param force - also delete a folder that holds hidden entries the vault does not list.
   */
  delete(file: TAbstractFile, force?: boolean): Promise<void> {
    return runtime.follow(
      this.locks.run(file, async () => {
        this.assertLive(file);
        if (file instanceof TFolder) await this.removeFolderFromDisk(file, force === true);
        else await fs.unlink(this.fullPath(file));
        this.forget(file);
      }),
    );
  }

  /** Moves to the system trash, or to `.trash/` when that is refused or `system` is false. */
  trash(file: TAbstractFile, system: boolean): Promise<void> {
    return runtime.follow(
      this.locks.run(file, async () => {
        this.assertLive(file);
        const isTrashed = system && (await this.adapter.trashSystem(file.path));
        if (!isTrashed) await this.adapter.trashLocal(file.path);
        this.forget(file);
      }),
    );
  }

  /**
   * Renames or moves a file or folder; the object is kept and 'rename' fires with the old path
   * for it and for everything inside a folder.
   * @throws Error 'Destination file already exists!' when the new path is taken.
   */
  rename(file: TAbstractFile, newPath: string): Promise<void> {
    return runtime.follow(this.locks.run(file, () => this.renameNow(file, normalizePath(newPath))));
  }

  modify(file: TFile, data: string, options?: DataWriteOptions): Promise<void> {
    return runtime.follow(
      this.locks.run(file, () => this.writeContent(file, data, options)).then(() => undefined),
    );
  }

  modifyBinary(file: TFile, data: ArrayBuffer, options?: DataWriteOptions): Promise<void> {
    return runtime.follow(
      this.locks.run(file, () => this.writeContent(file, new Uint8Array(data), options)),
    );
  }

  append(file: TFile, data: string, options?: DataWriteOptions): Promise<void> {
    return runtime.follow(
      this.locks.run(file, async () => {
        const current = await fs.readFile(this.fullPath(file), 'utf8');
        await this.writeContent(file, current + data, options);
      }),
    );
  }

  appendBinary(file: TFile, data: ArrayBuffer, options?: DataWriteOptions): Promise<void> {
    return runtime.follow(
      this.locks.run(file, async () => {
        const current = await fs.readFile(this.fullPath(file));
        await this.writeContent(file, Buffer.concat([current, new Uint8Array(data)]), options);
      }),
    );
  }

  /**
   * Reads the file, passes its text to `fn` and writes what `fn` returns, with no other vault
   * write to this file in between. If `fn` throws, nothing is written and the error is passed on.
   * @returns the text written.
   */
  process(file: TFile, fn: (data: string) => string, options?: DataWriteOptions): Promise<string> {
    return runtime.follow(
      this.locks.run(file, async () => {
        this.assertLive(file);
        const current = await fs.readFile(this.fullPath(file), 'utf8');
        const next = fn(current);
        await this.writeContent(file, next, options);
        return next;
      }),
    );
  }

  /** Copies a file or a folder with its contents to a new path that must be free. */
  copy<T extends TAbstractFile>(file: T, newPath: string): Promise<T> {
    return runtime.follow(this.copyNow(file, normalizePath(newPath)));
  }

  private fullPath(file: TAbstractFile | string): string {
    return this.adapter.getFullPath(typeof file === 'string' ? file : file.path);
  }

  private assertLive(file: TAbstractFile): void {
    if (this.index.get(file.path) !== file) {
      throw new StaleFileError(`File no longer exists in the vault: ${file.path}`);
    }
  }

  private async scanFolder(folder: TFolder): Promise<void> {
    const entries = await fs.readdir(this.fullPath(folder), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = joinPath(folder.path, entry.name);
      if (entry.isDirectory()) {
        const child = this.link(new TFolder(this, path, folder));
        await this.scanFolder(child);
      } else if (entry.isFile()) {
        const stat = await statOf(this.fullPath(path));
        if (stat) this.link(new TFile(this, path, folder, { ...stat }));
      }
    }
  }

  private link<T extends TAbstractFile>(entry: T): T {
    this.index.set(entry.path, entry);
    entry.parent?.children.push(entry);
    return entry;
  }

  private unlink(entry: TAbstractFile): void {
    this.index.delete(entry.path);
    const siblings = entry.parent?.children;
    if (!siblings) return;
    const at = siblings.indexOf(entry);
    if (at >= 0) siblings.splice(at, 1);
  }

  /** Removes a deleted entry and its descendants from the tree and announces each deletion. */
  private forget(entry: TAbstractFile): void {
    const gone: TAbstractFile[] = [];
    collectDeepestFirst(entry, gone);
    for (const item of gone) this.index.delete(item.path);
    this.unlink(entry);
    for (const item of gone) this.announce((observer) => observer.deleted(item), 'delete', [item]);
  }

  /**
   * Queues the vault event, then lets each observer (the metadata cache) queue its own work,
   * so observers always act after the vault's listeners heard about the change.
   */
  private announce(notify: (observer: VaultObserver) => void, name: string, data: unknown[]): void {
    runtime.deliver(() => this.trigger(name, ...data));
    for (const observer of this.observers) notify(observer);
  }

  private async createFile(
    path: string,
    data: string | Uint8Array,
    options?: DataWriteOptions,
  ): Promise<TFile> {
    return this.locks.run(path, async () => {
      if (this.index.has(path)) throw new Error('File already exists.');
      const full = this.fullPath(path);
      try {
        await fs.writeFile(full, data, { flag: 'wx' });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EEXIST')
          throw new Error('File already exists.');
        throw error;
      }
      const file = new TFile(this, path, null, await this.statAfterWrite(full, options));
      const parent = this.index.get(parentPath(path));
      // A file written under a hidden folder exists on disk but not in the vault's tree.
      if (!(parent instanceof TFolder) || isHiddenPath(path)) return file;
      file.parent = parent;
      this.link(file);
      const text = typeof data === 'string' ? data : null;
      this.announce((observer) => observer.created(file, text), 'create', [file]);
      return file;
    });
  }

  private async createFolderNow(path: string): Promise<TFolder> {
    if (this.index.has(path)) throw new Error('Folder already exists.');
    await fs.mkdir(this.fullPath(path), { recursive: true });
    const segments = path.split('/');
    let folder = this.root;
    for (let depth = 1; depth <= segments.length; depth++) {
      const prefix = segments.slice(0, depth).join('/');
      const existing = this.index.get(prefix);
      if (existing instanceof TFolder) {
        folder = existing;
        continue;
      }
      if (existing) throw new Error(`Cannot create folder: a file is at ${prefix}`);
      const created = this.link(new TFolder(this, prefix, folder));
      this.announce((observer) => observer.created(created, null), 'create', [created]);
      folder = created;
    }
    return folder;
  }

  private async writeContent(
    file: TFile,
    data: string | Uint8Array,
    options?: DataWriteOptions,
  ): Promise<void> {
    this.assertLive(file);
    const full = this.fullPath(file);
    await fs.writeFile(full, data);
    const stat = await this.statAfterWrite(full, options);
    file.stat = { ...stat, ctime: options?.ctime ?? file.stat.ctime };
    const text = typeof data === 'string' ? data : null;
    this.announce((observer) => observer.modified(file, text), 'modify', [file]);
  }

  private async statAfterWrite(full: string, options?: DataWriteOptions): Promise<TFile['stat']> {
    if (options?.mtime !== undefined) {
      const seconds = options.mtime / 1000;
      await fs.utimes(full, seconds, seconds);
    }
    const stat = await statOf(full);
    if (!stat) throw new Error(`File vanished right after it was written: ${full}`);
    return { ctime: options?.ctime ?? stat.ctime, mtime: stat.mtime, size: stat.size };
  }

  private async removeFolderFromDisk(folder: TFolder, force: boolean): Promise<void> {
    const full = this.fullPath(folder);
    if (!force && (await hasHiddenEntries(full))) {
      throw new Error(`Folder holds hidden files; pass force to delete it: ${folder.path}`);
    }
    await fs.rm(full, { recursive: true });
  }

  private async renameNow(file: TAbstractFile, newPath: string): Promise<void> {
    this.assertLive(file);
    if (newPath === file.path) return;
    const taken = this.index.get(newPath);
    if (taken && taken !== file) throw new Error('Destination file already exists!');
    if (isHiddenPath(newPath)) throw new Error(`Cannot move into a hidden path: ${newPath}`);
    // A missing destination folder makes the disk rename fail with ENOENT, as on desktop.
    await fs.rename(this.fullPath(file), this.fullPath(newPath));
    const parent = this.index.get(parentPath(newPath));
    if (!(parent instanceof TFolder))
      throw new Error(`Destination folder is not in the vault: ${newPath}`);

    const moved: Array<{ entry: TAbstractFile; oldPath: string }> = [];
    this.unlink(file);
    this.moveSubtree(file, newPath, moved);
    file.parent = parent;
    parent.children.push(file);
    for (const { entry, oldPath } of moved) {
      this.announce((observer) => observer.renamed(entry, oldPath), 'rename', [entry, oldPath]);
    }
  }

  private moveSubtree(
    entry: TAbstractFile,
    newPath: string,
    moved: Array<{ entry: TAbstractFile; oldPath: string }>,
  ): void {
    const oldPath = entry.path;
    this.index.delete(oldPath);
    relocate(entry, newPath);
    this.index.set(newPath, entry);
    moved.push({ entry, oldPath });
    if (!(entry instanceof TFolder)) return;
    for (const child of entry.children)
      this.moveSubtree(child, joinPath(newPath, child.name), moved);
  }

  private async copyNow<T extends TAbstractFile>(file: T, newPath: string): Promise<T> {
    this.assertLive(file);
    if (file instanceof TFile) {
      const bytes = await fs.readFile(this.fullPath(file));
      const isText = file.extension === 'md' || file.extension === 'txt';
      const copied = await this.createFile(newPath, isText ? bytes.toString('utf8') : bytes);
      return copied as unknown as T;
    }
    const folder = await this.createFolderNow(newPath);
    const children = file instanceof TFolder ? [...file.children] : [];
    for (const child of children) await this.copyNow(child, joinPath(newPath, child.name));
    return folder as unknown as T;
  }
}

function collectDeepestFirst(entry: TAbstractFile, into: TAbstractFile[]): void {
  if (entry instanceof TFolder) {
    for (const child of entry.children) collectDeepestFirst(child, into);
  }
  into.push(entry);
}

async function hasHiddenEntries(fullPath: string): Promise<boolean> {
  try {
    const entries = await fs.readdir(fullPath, { withFileTypes: true, recursive: true });
    return entries.some((entry) => entry.name.startsWith('.'));
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
