import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { QuarantineAdapter } from '../../src/quarantine/store';

/**
 * A `QuarantineAdapter` over a real temporary folder, behaving as Obsidian's desktop adapter
 * does: vault-relative paths, `write` fails when the parent folder is missing, `list` returns
 * vault-relative paths of one level.
 */
export class FolderAdapter implements QuarantineAdapter {
  /** Writes that fail with this error, for testing recovery; none unless set. */
  failWrites: Error | null = null;

  constructor(readonly root: string) {}

  static async temporary(): Promise<FolderAdapter> {
    return new FolderAdapter(await mkdtemp(join(tmpdir(), 'kira-quarantine-')));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(this.real(path));
      return true;
    } catch {
      return false;
    }
  }

  async mkdir(path: string): Promise<void> {
    await mkdir(this.real(path));
  }

  async read(path: string): Promise<string> {
    return readFile(this.real(path), 'utf8');
  }

  async write(path: string, data: string): Promise<void> {
    if (this.failWrites) throw this.failWrites;
    await writeFile(this.real(path), data, 'utf8');
  }

  async list(path: string): Promise<{ files: string[]; folders: string[] }> {
    const entries = await readdir(this.real(path), { withFileTypes: true });
    const inside = (name: string): string => `${path}/${name}`;
    return {
      files: entries.filter((entry) => entry.isFile()).map((entry) => inside(entry.name)),
      folders: entries.filter((entry) => entry.isDirectory()).map((entry) => inside(entry.name)),
    };
  }

  async remove(path: string): Promise<void> {
    await rm(this.real(path));
  }

  /** Deletes a folder and everything in it, as a user would in the file explorer. */
  async removeFolder(path: string): Promise<void> {
    await rm(this.real(path), { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private real(path: string): string {
    return join(this.root, ...path.split('/'));
  }
}
