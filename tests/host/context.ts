import type { TAbstractFile, TFile } from './files';

/** How `FileManager.trashFile` disposes of files: Obsidian's "Deleted files" setting. */
export type TrashOption = 'system' | 'local' | 'none';

/** Where new notes go: Obsidian's "Default location for new notes" setting. */
export type NewFileLocation = 'root' | 'current' | 'folder';

/** The user's settings the host stands in for; the host may change them while open. */
export interface HostSettings {
  trashOption: TrashOption;
  newFileLocation: NewFileLocation;
  newFileFolderPath: string;
}

/** Told about every vault change after it reached the disk, in the order they happened. */
export interface VaultObserver {
  /** `content` is the text written, or null for folders and binary files. */
  created(file: TAbstractFile, content: string | null): void;
  modified(file: TFile, content: string | null): void;
  deleted(file: TAbstractFile): void;
  renamed(file: TAbstractFile, oldPath: string): void;
}
