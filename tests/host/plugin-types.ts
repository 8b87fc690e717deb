/** Shapes from Obsidian's type definitions that the host reads but does not implement. */

export interface Hotkey {
  modifiers: string[];
  key: string;
}

/** A command as a plugin registers it; the editor callbacks need an editor the host lacks. */
export interface Command {
  id: string;
  name: string;
  icon?: string;
  mobileOnly?: boolean;
  repeatable?: boolean;
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
  editorCallback?: (...args: never[]) => unknown;
  editorCheckCallback?: (checking: boolean, ...args: never[]) => boolean | void;
  hotkeys?: Hotkey[];
}

export interface PluginManifest {
  dir?: string;
  id: string;
  name: string;
  author: string;
  version: string;
  minAppVersion: string;
  description: string;
  authorUrl?: string;
  isDesktopOnly?: boolean;
}
