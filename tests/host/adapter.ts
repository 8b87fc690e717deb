import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { KeyedLock } from './locks';
import { baseName, joinPath, splitExtension } from './paths';
import { runtime } from './runtime';

/** Creation and modification times to stamp on a write, in milliseconds since the epoch. */
export interface DataWriteOptions {
  ctime?: number;
  mtime?: number;
}

export interface Stat {
  type: 'file' | 'folder';
  ctime: number;
  mtime: number;
  size: number;
}

export interface ListedFiles {
  files: string[];
  folders: string[];
}

/** Where `trashSystem` puts things; `null` means the system trash is unavailable. */
export interface SystemTrash {
  dir: string | null;
}

/** Raised for a vault path that would leave the vault folder. */
export class VaultPathError extends Error {
  readonly code = 'HOST_PATH_OUTSIDE_VAULT';
}

/**
 * The desktop data adapter over a real folder. It sees every file, hidden or not, and tells the
 * vault nothing: writes made here fire no vault event and do not touch the vault's file tree.
 */
export class FileSystemAdapter {
  private readonly locks = new KeyedLock<string>();

  /** Built by the host. */
  constructor(
    private readonly basePath: string,
    private readonly vaultName: string,
    private readonly systemTrash: SystemTrash,
  ) {}

  getName(): string {
    return this.vaultName;
  }

  getBasePath(): string {
    return this.basePath;
  }

  /** The absolute disk path of a vault path. @throws VaultPathError for `..` segments. */
  getFullPath(normalizedPath: string): string {
    const segments = normalizedPath.split('/').filter((segment) => segment !== '');
    if (segments.includes('..')) {
      throw new VaultPathError(`path leaves the vault: ${normalizedPath}`);
    }
    return nodePath.join(this.basePath, ...segments);
  }

  getFilePath(normalizedPath: string): string {
    return `file://${this.getFullPath(normalizedPath)}`;
  }

  getResourcePath(normalizedPath: string): string {
    return `app://local/${encodeURI(this.getFullPath(normalizedPath))}`;
  }

  exists(normalizedPath: string, sensitive?: boolean): Promise<boolean> {
    return runtime.follow(this.existsNow(normalizedPath, sensitive === true));
  }

  stat(normalizedPath: string): Promise<Stat | null> {
    return runtime.follow(statOf(this.getFullPath(normalizedPath)));
  }

  list(normalizedPath: string): Promise<ListedFiles> {
    return runtime.follow(this.listNow(normalizedPath));
  }

  read(normalizedPath: string): Promise<string> {
    return runtime.follow(fs.readFile(this.getFullPath(normalizedPath), 'utf8'));
  }

  readBinary(normalizedPath: string): Promise<ArrayBuffer> {
    return runtime.follow(
      fs.readFile(this.getFullPath(normalizedPath)).then((buffer) => toArrayBuffer(buffer)),
    );
  }

  /** Overwrites or creates the file; its folder must exist (ENOENT otherwise, as on desktop). */
  write(normalizedPath: string, data: string, options?: DataWriteOptions): Promise<void> {
    return this.locked(normalizedPath, () => this.writeNow(normalizedPath, data, options));
  }

  writeBinary(
    normalizedPath: string,
    data: ArrayBuffer,
    options?: DataWriteOptions,
  ): Promise<void> {
    return this.locked(normalizedPath, () =>
      this.writeNow(normalizedPath, new Uint8Array(data), options),
    );
  }

  append(normalizedPath: string, data: string, options?: DataWriteOptions): Promise<void> {
    return this.locked(normalizedPath, async () => {
      await fs.appendFile(this.getFullPath(normalizedPath), data, 'utf8');
      await stampTimes(this.getFullPath(normalizedPath), options);
    });
  }

  appendBinary(
    normalizedPath: string,
    data: ArrayBuffer,
    options?: DataWriteOptions,
  ): Promise<void> {
    return this.locked(normalizedPath, async () => {
      await fs.appendFile(this.getFullPath(normalizedPath), new Uint8Array(data));
      await stampTimes(this.getFullPath(normalizedPath), options);
    });
  }

  /** Reads, transforms and writes the file with no other adapter write to it in between. */
  process(
    normalizedPath: string,
    fn: (data: string) => string,
    options?: DataWriteOptions,
  ): Promise<string> {
    return this.locked(normalizedPath, async () => {
      const current = await fs.readFile(this.getFullPath(normalizedPath), 'utf8');
      const next = fn(current);
      await this.writeNow(normalizedPath, next, options);
      return next;
    });
  }

  /** Creates the folder and any missing parents; an existing folder is fine. */
  mkdir(normalizedPath: string): Promise<void> {
    return runtime.follow(
      fs.mkdir(this.getFullPath(normalizedPath), { recursive: true }).then(() => undefined),
    );
  }

  /** Moves the entry to the host's stand-in for the system trash; false when there is none. */
  trashSystem(normalizedPath: string): Promise<boolean> {
    return runtime.follow(this.trashSystemNow(normalizedPath));
  }

  /** Moves the entry into `.trash/` at the vault root, numbering the name if it is taken. */
  trashLocal(normalizedPath: string): Promise<void> {
    return runtime.follow(this.trashLocalNow(normalizedPath));
  }

  rmdir(normalizedPath: string, recursive: boolean): Promise<void> {
    const full = this.getFullPath(normalizedPath);
    return runtime.follow(recursive ? fs.rm(full, { recursive: true }) : fs.rmdir(full));
  }

  remove(normalizedPath: string): Promise<void> {
    return this.locked(normalizedPath, () => fs.unlink(this.getFullPath(normalizedPath)));
  }

  rename(normalizedPath: string, normalizedNewPath: string): Promise<void> {
    return runtime.follow(this.renameNow(normalizedPath, normalizedNewPath));
  }

  /** Copies a file. @throws Error when something already exists at the new path. */
  copy(normalizedPath: string, normalizedNewPath: string): Promise<void> {
    return runtime.follow(
      fs.copyFile(
        this.getFullPath(normalizedPath),
        this.getFullPath(normalizedNewPath),
        fs.constants.COPYFILE_EXCL,
      ),
    );
  }

  private locked<T>(normalizedPath: string, work: () => Promise<T>): Promise<T> {
    return runtime.follow(this.locks.run(normalizedPath, work));
  }

  private async writeNow(
    normalizedPath: string,
    data: string | Uint8Array,
    options?: DataWriteOptions,
  ): Promise<void> {
    const full = this.getFullPath(normalizedPath);
    await fs.writeFile(full, data);
    await stampTimes(full, options);
  }

  private async existsNow(normalizedPath: string, isCaseSensitive: boolean): Promise<boolean> {
    const full = this.getFullPath(normalizedPath);
    if ((await statOf(full)) === null) return false;
    if (!isCaseSensitive || normalizedPath === '/' || normalizedPath === '') return true;
    const names = await fs.readdir(nodePath.dirname(full));
    return names.includes(nodePath.basename(full));
  }

  private async listNow(normalizedPath: string): Promise<ListedFiles> {
    const folder = normalizedPath === '' ? '/' : normalizedPath;
    const entries = await fs.readdir(this.getFullPath(folder), { withFileTypes: true });
    const listed: ListedFiles = { files: [], folders: [] };
    for (const entry of entries) {
      const path = joinPath(folder, entry.name);
      if (entry.isDirectory()) listed.folders.push(path);
      else listed.files.push(path);
    }
    listed.files.sort();
    listed.folders.sort();
    return listed;
  }

  private async trashSystemNow(normalizedPath: string): Promise<boolean> {
    if (this.systemTrash.dir === null) return false;
    await fs.mkdir(this.systemTrash.dir, { recursive: true });
    const target = await freeName(this.systemTrash.dir, baseName(normalizedPath));
    await moveEntry(this.getFullPath(normalizedPath), target);
    return true;
  }

  private async trashLocalNow(normalizedPath: string): Promise<void> {
    const trash = this.getFullPath('.trash');
    await fs.mkdir(trash, { recursive: true });
    const target = await freeName(trash, baseName(normalizedPath));
    await moveEntry(this.getFullPath(normalizedPath), target);
  }

  private async renameNow(from: string, to: string): Promise<void> {
    const target = this.getFullPath(to);
    if ((await statOf(target)) !== null && from.toLowerCase() !== to.toLowerCase()) {
      throw new Error(`Destination file already exists! ${to}`);
    }
    // No parent is created: moving into a missing folder fails with ENOENT, as on desktop.
    await fs.rename(this.getFullPath(from), target);
  }
}

/** The stat of a disk path, or null when nothing is there. */
export async function statOf(fullPath: string): Promise<Stat | null> {
  try {
    const stats = await fs.stat(fullPath);
    return {
      type: stats.isDirectory() ? 'folder' : 'file',
      ctime: Math.round(stats.birthtimeMs || stats.ctimeMs),
      mtime: Math.round(stats.mtimeMs),
      size: stats.size,
    };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

export function toArrayBuffer(buffer: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return copy.buffer;
}

async function stampTimes(fullPath: string, options?: DataWriteOptions): Promise<void> {
  if (options?.mtime === undefined) return;
  const seconds = options.mtime / 1000;
  await fs.utimes(fullPath, seconds, seconds);
}

/** `dir/name`, or `dir/name 1.ext`, `dir/name 2.ext`, ... when the name is taken. */
async function freeName(dir: string, name: string): Promise<string> {
  const { basename, extension } = splitExtension(name);
  const suffix = extension === '' ? '' : `.${extension}`;
  let candidate = nodePath.join(dir, name);
  for (let n = 1; (await statOf(candidate)) !== null; n++) {
    candidate = nodePath.join(dir, `${basename} ${n}${suffix}`);
  }
  return candidate;
}

async function moveEntry(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    // The stand-in system trash may sit on another device, where rename cannot go.
    if ((error as { code?: unknown }).code !== 'EXDEV') throw error;
    await fs.cp(from, to, { recursive: true });
    await fs.rm(from, { recursive: true });
  }
}
