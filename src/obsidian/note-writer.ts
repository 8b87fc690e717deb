import type { App, TFile } from 'obsidian';

import type { NoteWriter } from '../queue/note-writer';

/**
 * The write queue's I/O in Obsidian: `Vault.process` (atomic per file, so a user edit that
 * lands meanwhile is edited rather than overwritten), `Vault.create`, and
 * `FileManager.trashFile`, which follows the user's "Deleted files" setting.
 */
export class ObsidianNoteWriter implements NoteWriter {
  constructor(private readonly app: App) {}

  async process(path: string, edit: (text: string) => string): Promise<string> {
    return this.app.vault.process(this.fileAt(path), edit);
  }

  async create(path: string, text: string): Promise<void> {
    await this.ensureParent(path);
    await this.app.vault.create(path, text);
  }

  async trash(path: string): Promise<void> {
    await this.app.fileManager.trashFile(this.fileAt(path));
  }

  private fileAt(path: string): TFile {
    const file = this.app.vault.getFileByPath(path);
    if (!file) throw new Error(`There is no note at ${path}.`);
    return file;
  }

  private async ensureParent(path: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    if (slash <= 0) return;
    const folder = path.slice(0, slash);
    if (this.app.vault.getFolderByPath(folder)) return;
    await this.app.vault.createFolder(folder);
  }
}
