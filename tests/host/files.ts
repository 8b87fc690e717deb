import { baseName, splitExtension } from './paths';
import type { Vault } from './vault';

/** Size and times of a file, as `TFile.stat` reports them. */
export interface FileStats {
  ctime: number;
  mtime: number;
  size: number;
}

/** A file or folder of the vault. The object stays the same across renames. */
export abstract class TAbstractFile {
  vault: Vault;
  path: string;
  name: string;
  parent: TFolder | null;

  protected constructor(vault: Vault, path: string, parent: TFolder | null) {
    this.vault = vault;
    this.path = path;
    this.name = path === '/' ? '' : baseName(path);
    this.parent = parent;
  }
}

export class TFile extends TAbstractFile {
  stat: FileStats;
  basename: string;
  extension: string;

  /** Built by the vault only; plugins receive TFiles, they do not construct them. */
  constructor(vault: Vault, path: string, parent: TFolder | null, stat: FileStats) {
    super(vault, path, parent);
    this.stat = stat;
    const parts = splitExtension(this.name);
    this.basename = parts.basename;
    this.extension = parts.extension;
  }
}

export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];

  /** Built by the vault only. */
  constructor(vault: Vault, path: string, parent: TFolder | null) {
    super(vault, path, parent);
  }

  isRoot(): boolean {
    return this.path === '/';
  }
}

/** Moves `file` to `path`, fixing its name fields; the caller re-links it into the tree. */
export function relocate(file: TAbstractFile, path: string): void {
  file.path = path;
  file.name = baseName(path);
  if (file instanceof TFile) {
    const parts = splitExtension(file.name);
    file.basename = parts.basename;
    file.extension = parts.extension;
  }
}
