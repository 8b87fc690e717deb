import type { App, TFile } from 'obsidian';

import { decodeNote } from '../frontmatter';
import type { NoteWriter } from '../queue/note-writer';

const REPLACEMENT_CHARACTER = '\uFFFD';

/** Thrown inside `Vault.process` to leave the note untouched until its bytes are checked. */
class NeedsByteCheck extends Error {}

/**
 * The write queue's I/O in Obsidian: `Vault.process` (atomic per file, so a user edit that
 * lands meanwhile is edited rather than overwritten), `Vault.create`, and
 * `FileManager.trashFile`, which follows the user's "Deleted files" setting.
 */
export class ObsidianNoteWriter implements NoteWriter {
  constructor(private readonly app: App) {}

  /**
   * @throws CodecError `not_utf8` when the note's bytes are not valid UTF-8: Obsidian shows
   * such a note with replacement characters, and writing that text back would destroy the
   * bytes it could not read.
   */
  async process(path: string, edit: (text: string) => string): Promise<string> {
    const file = this.fileAt(path);
    try {
      return await this.app.vault.process(file, (text) => {
        if (text.includes(REPLACEMENT_CHARACTER)) throw new NeedsByteCheck();
        return edit(text);
      });
    } catch (error) {
      if (!(error instanceof NeedsByteCheck)) throw error;
    }

    // The text holds U+FFFD: either the note really contains it, or Obsidian put it where it
    // could not decode the bytes. Only the bytes tell; `decodeNote` throws on the second case.
    decodeNote(new Uint8Array(await this.app.vault.readBinary(file)));
    return this.app.vault.process(file, edit);
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
