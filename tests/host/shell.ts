/**
 * What the host shows around the plugins: the command palette, ribbon, status bar, settings
 * tabs and open modals of one App, plus the notices of the whole process. Plugins fill it
 * through the Obsidian API; the host reads and drives it.
 */
import type { Command } from './plugin-types';

export interface RibbonItem {
  icon: string;
  title: string;
  el: HTMLElement;
  pluginId: string;
}

export interface StatusBarItem {
  el: HTMLElement;
  pluginId: string;
}

export interface RegisteredCommand {
  command: Command;
  pluginId: string;
}

/** A settings tab a plugin registered; `display()` and `hide()` are its rendering. */
export interface SettingTabLike {
  containerEl: HTMLElement;
  display(): void;
  hide(): void;
}

export interface RegisteredSettingTab {
  tab: SettingTabLike;
  pluginId: string;
}

/** A modal's open and close, as the shell needs to see them. */
export interface ModalLike {
  close(): void;
}

export class Shell {
  readonly commands = new Map<string, RegisteredCommand>();
  readonly ribbon: RibbonItem[] = [];
  readonly statusBar: StatusBarItem[] = [];
  readonly settingTabs: RegisteredSettingTab[] = [];
  readonly openModals: ModalLike[] = [];
  readonly views = new Map<string, unknown>();
  readonly localStorage = new Map<string, string>();
}

const shells = new WeakMap<object, Shell>();

/** The shell of an App; created on first use. */
export function shellOf(app: object): Shell {
  let shell = shells.get(app);
  if (!shell) {
    shell = new Shell();
    shells.set(app, shell);
  }
  return shell;
}

/** One notice as the user saw it: the latest text, every text it showed, and whether it was hidden. */
export interface NoticeRecord {
  message: string;
  history: string[];
  duration: number | undefined;
  isHidden: boolean;
}

type NoticeListener = (record: NoticeRecord) => void;

const noticeListeners = new Set<NoticeListener>();

/** Tells every open host about a new notice. */
export function announceNotice(record: NoticeRecord): void {
  for (const listener of noticeListeners) listener(record);
}

export function listenForNotices(listener: NoticeListener): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}
