import { Events } from './events';
import type { FileManager } from './file-manager';
import type { MetadataCache } from './metadata-cache';
import { shellOf } from './shell';
import type { Vault } from './vault';
import type { Workspace } from './workspace';

export type Modifier = 'Mod' | 'Ctrl' | 'Meta' | 'Shift' | 'Alt';

export interface KeymapEventHandler {
  scope: Scope;
  modifiers: string | null;
  key: string | null;
}

type KeymapEventListener = (evt: KeyboardEvent, ctx: unknown) => unknown;

/** A set of key bindings; the host records them and never presses keys on its own. */
export class Scope {
  private readonly handlers: Array<KeymapEventHandler & { func: KeymapEventListener }> = [];

  constructor(private readonly parent?: Scope) {}

  register(
    modifiers: Modifier[] | null,
    key: string | null,
    func: KeymapEventListener,
  ): KeymapEventHandler {
    const handler = { scope: this, modifiers: modifiers ? modifiers.join(',') : null, key, func };
    this.handlers.push(handler);
    return handler;
  }

  unregister(handler: KeymapEventHandler): void {
    const at = this.handlers.findIndex((candidate) => candidate === handler);
    if (at >= 0) this.handlers.splice(at, 1);
  }
}

export class Keymap {
  private readonly scopes: Scope[] = [];

  pushScope(scope: Scope): void {
    this.scopes.push(scope);
  }

  popScope(scope: Scope): void {
    const at = this.scopes.lastIndexOf(scope);
    if (at >= 0) this.scopes.splice(at, 1);
  }

  static isModifier(evt: MouseEvent | TouchEvent | KeyboardEvent, modifier: Modifier): boolean {
    const keys = evt as Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>;
    const byModifier: Record<Modifier, boolean | undefined> = {
      Mod: keys.ctrlKey,
      Ctrl: keys.ctrlKey,
      Meta: keys.metaKey,
      Shift: keys.shiftKey,
      Alt: keys.altKey,
    };
    return byModifier[modifier] === true;
  }

  static isModEvent(evt?: MouseEvent | KeyboardEvent | null): 'tab' | 'split' | 'window' | boolean {
    if (!evt) return false;
    const isMod = Keymap.isModifier(evt, 'Mod');
    if (!isMod) return false;
    if (Keymap.isModifier(evt, 'Alt')) return Keymap.isModifier(evt, 'Shift') ? 'window' : 'split';
    return 'tab';
  }
}

const SECRET_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Secrets kept in memory for the life of the host; nothing reaches the disk. */
export class SecretStorage extends Events {
  private readonly secrets = new Map<string, string>();

  /** @throws Error when `id` is not lowercase letters and digits with single dashes. */
  setSecret(id: string, secret: string): void {
    if (!SECRET_ID.test(id)) throw new Error(`Invalid secret id: ${id}`);
    this.secrets.set(id, secret);
  }

  getSecret(id: string): string | null {
    return this.secrets.get(id) ?? null;
  }

  listSecrets(): string[] {
    return [...this.secrets.keys()].sort();
  }
}

/** The app a plugin receives. Built by the host. */
export class App {
  keymap = new Keymap();
  scope = new Scope();
  workspace: Workspace;
  vault: Vault;
  metadataCache: MetadataCache;
  fileManager: FileManager;
  lastEvent: MouseEvent | KeyboardEvent | null = null;
  secretStorage = new SecretStorage();
  /** Not in the public API, but plugins use it to name per-vault storage (IndexedDB). */
  appId: string;

  constructor(parts: {
    vault: Vault;
    metadataCache: MetadataCache;
    fileManager: FileManager;
    workspace: Workspace;
    appId: string;
  }) {
    this.vault = parts.vault;
    this.metadataCache = parts.metadataCache;
    this.fileManager = parts.fileManager;
    this.workspace = parts.workspace;
    this.appId = parts.appId;
  }

  isDarkMode(): boolean {
    return false;
  }

  /** Reads a value saved for this vault, or null. */
  loadLocalStorage(key: string): unknown {
    const stored = shellOf(this).localStorage.get(key);
    return stored === undefined ? null : (JSON.parse(stored) as unknown);
  }

  /** Saves a JSON-serializable value for this vault; null clears it. */
  saveLocalStorage(key: string, data: unknown): void {
    const storage = shellOf(this).localStorage;
    if (data === null || data === undefined) storage.delete(key);
    else storage.set(key, JSON.stringify(data));
  }
}
