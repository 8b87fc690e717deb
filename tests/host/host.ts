import { promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { runInThisContext } from 'node:vm';
import type * as Obsidian from 'obsidian';
import { FileSystemAdapter, type SystemTrash } from './adapter';
import { App } from './app';
import { onloadResultOf } from './component';
import type { HostSettings, NewFileLocation, TrashOption, VaultObserver } from './context';
import { FileManager } from './file-manager';
import { TFolder, type TAbstractFile } from './files';
import { MetadataCache } from './metadata-cache';
import { installGlobals } from './globals';
import type { Plugin } from './plugin';
import type { PluginManifest } from './plugin-types';
import { runtime, SettleTimeoutError } from './runtime';
import { listenForNotices, shellOf, type NoticeRecord, type Shell } from './shell';
import { Platform } from './utils';
import { Vault } from './vault';
import { Workspace, WorkspaceLeaf } from './workspace';
import * as obsidianModule from './obsidian';

installGlobals();

/** Choices for `HeadlessHost.open`; every one has a default. */
export interface HostOptions {
  /** The vault's name; the folder's name by default. */
  vaultName?: string;
  /** `DEFAULT_CONFIG_DIR` by default. */
  configDir?: string;
  /** Obsidian's "Deleted files" setting; 'system' by default. */
  trashOption?: TrashOption;
  /**
   * Where the stand-in system trash puts files: a folder path, or false when the system trash
   * refuses (the vault then falls back to `.trash/`). A fresh temporary folder by default.
   */
  systemTrash?: string | false;
  /** Fire 'create' for every file and folder during the load sequence, as Obsidian does. True by default. */
  emitCreateOnLoad?: boolean;
  newFileLocation?: NewFileLocation;
  newFileFolderPath?: string;
  /** Overrides of `Platform` while the host is open (desktop by default). */
  platform?: Partial<typeof Platform>;
  /** How long `settle` waits for quiet before it throws; 10 s by default. */
  settleTimeoutMs?: number;
}

/** An error a plugin callback threw or rejected with, caught by the host as Obsidian would. */
export interface CaughtError {
  error: unknown;
  origin: string;
}

/** A ribbon icon as the host shows it. */
export interface RibbonIcon {
  icon: string;
  title: string;
  el: HTMLElement;
  pluginId: string;
}

/** Raised by host controls that are used wrongly; tests branch on `code`. */
export type HostUsageCode =
  | 'HOST_UNKNOWN_COMMAND'
  | 'HOST_UNKNOWN_PLUGIN'
  | 'HOST_NO_SETTING_TAB'
  | 'HOST_NO_RIBBON_ICON'
  | 'HOST_PLUGIN_LOAD_FAILED';

export class HostUsageError extends Error {
  constructor(
    readonly code: HostUsageCode,
    message: string,
  ) {
    super(message);
  }
}

/** Obsidian's default config folder; a vault may use another (`Vault.configDir`). */
export const DEFAULT_CONFIG_DIR = '.obsidian';

type PluginClass<P> = new (app: Obsidian.App, manifest: Obsidian.PluginManifest) => P;

/**
 * Obsidian without a screen, over a real vault folder. `open` scans the folder and builds the
 * app; `loadPlugin` runs a plugin's load and, the first time, the rest of Obsidian's start-up:
 * 'create' for every file, 'resolved' from the metadata cache, then layout ready. Tests and the
 * demo then drive the app (vault, commands, modals, settings) and `settle()` before checking.
 */
export class HeadlessHost {
  /** The app, typed as Obsidian's so it can be passed to plugin code. */
  readonly app: Obsidian.App;
  /** Every notice shown while this host was open, oldest first. */
  readonly notices: NoticeRecord[] = [];
  /** Errors plugin callbacks threw or rejected with; Obsidian would log them to the console. */
  readonly errors: CaughtError[] = [];

  private readonly hostApp: App;
  private readonly shell: Shell;
  private readonly plugins = new Map<string, Plugin>();
  private readonly cleanups: Array<() => void> = [];
  private hasStarted = false;

  private constructor(
    app: App,
    readonly vaultDir: string,
    readonly settings: HostSettings,
    private readonly options: HostOptions,
  ) {
    this.hostApp = app;
    this.app = app as unknown as Obsidian.App;
    this.shell = shellOf(app);
  }

  /** Scans `vaultDir` (which must exist), indexes its notes and builds the app. No event fires. */
  static async open(vaultDir: string, options: HostOptions = {}): Promise<HeadlessHost> {
    const root = nodePath.resolve(vaultDir);
    if (!(await fs.stat(root)).isDirectory()) throw new Error(`Not a folder: ${root}`);
    const systemTrash: SystemTrash = { dir: await systemTrashDir(options.systemTrash) };
    const settings: HostSettings = {
      trashOption: options.trashOption ?? 'system',
      newFileLocation: options.newFileLocation ?? 'root',
      newFileFolderPath: options.newFileFolderPath ?? '',
    };

    const observers: VaultObserver[] = [];
    const adapter = new FileSystemAdapter(
      root,
      options.vaultName ?? nodePath.basename(root),
      systemTrash,
    );
    const vault = new Vault(adapter, options.configDir ?? DEFAULT_CONFIG_DIR, observers);
    await Vault.scanFromDisk(vault);
    const metadataCache = new MetadataCache(vault, observers);
    await MetadataCache.indexAll(metadataCache);
    const workspace = new Workspace(metadataCache);
    const fileManager = new FileManager(vault, metadataCache, settings);
    const app = new App({ vault, metadataCache, fileManager, workspace, appId: appIdOf(root) });
    Workspace.attachApp(workspace, app);

    const host = new HeadlessHost(app, root, settings, options);
    host.connect(systemTrash, options.systemTrash === undefined);
    return host;
  }

  get vault(): Obsidian.Vault {
    return this.app.vault;
  }

  get metadataCache(): Obsidian.MetadataCache {
    return this.app.metadataCache;
  }

  get fileManager(): Obsidian.FileManager {
    return this.app.fileManager;
  }

  get workspace(): Obsidian.Workspace {
    return this.app.workspace;
  }

  /** Whether the load sequence has reached layout ready. */
  get isLayoutReady(): boolean {
    return this.hostApp.workspace.layoutReady;
  }

  /**
   * Constructs the plugin, runs `load()` and awaits `onload`. The first time, it then fires
   * 'create' for every loaded file (unless `emitCreateOnLoad` is false) and 'resolved', and
   * makes the layout ready, running the `onLayoutReady` callbacks; it resolves once they ran.
   * The manifest's `dir` defaults to `<configDir>/plugins/<id>`.
   * @throws HostUsageError 'HOST_PLUGIN_LOAD_FAILED' when `onload` throws or rejects.
   */
  async loadPlugin<P extends Obsidian.Plugin>(
    PluginClass: PluginClass<P>,
    manifest: Obsidian.PluginManifest,
  ): Promise<P> {
    const withDir: PluginManifest = {
      ...manifest,
      dir: manifest.dir ?? `${this.hostApp.vault.configDir}/plugins/${manifest.id}`,
    };
    const plugin = new PluginClass(this.app, withDir);
    const hostPlugin = plugin as unknown as Plugin;
    this.plugins.set(manifest.id, hostPlugin);
    try {
      hostPlugin.load();
      await onloadResultOf(hostPlugin);
    } catch (error) {
      // Obsidian leaves a plugin that failed to load disabled, with what it registered removed.
      this.plugins.delete(manifest.id);
      hostPlugin.unload();
      throw new HostUsageError(
        'HOST_PLUGIN_LOAD_FAILED',
        `Plugin ${manifest.id} failed to load: ${String(error)}`,
      );
    }
    if (!this.hasStarted) await this.finishStartup();
    return plugin;
  }

  /** The `default` export of a CommonJS plugin bundle, or the export itself. */
  static pluginClassOf(moduleExports: unknown): PluginClass<Obsidian.Plugin> {
    const candidate = (moduleExports as { default?: unknown } | null)?.default ?? moduleExports;
    if (typeof candidate !== 'function') throw new Error('The module exports no plugin class.');
    return candidate as PluginClass<Obsidian.Plugin>;
  }

  /** Unloads a plugin: its commands, ribbon icons, status bar items and events go away. */
  unloadPlugin(id: string): void {
    const plugin = this.plugins.get(id);
    if (!plugin) throw new HostUsageError('HOST_UNKNOWN_PLUGIN', `No plugin loaded with id ${id}`);
    plugin.unload();
    this.plugins.delete(id);
  }

  /**
   * Resolves once every queued vault event and cache update has been delivered and no vault,
   * adapter, command, modal or debounced work is still running.
   * @throws SettleTimeoutError when activity goes on past `settleTimeoutMs`.
   */
  settle(): Promise<void> {
    return runtime.settle(this.options.settleTimeoutMs ?? 10_000);
  }

  /** The registered commands, as the command palette would list them. */
  commands(): Obsidian.Command[] {
    return [...this.shell.commands.values()].map(
      (entry) => entry.command as unknown as Obsidian.Command,
    );
  }

  /**
   * Whether the palette would offer the command now: `checkCallback(true)` for checked commands,
   * false for editor commands (the host has no editor), true otherwise.
   */
  isCommandAvailable(id: string): boolean {
    const command = this.commandById(id);
    if (command.editorCallback || command.editorCheckCallback) return false;
    if (command.checkCallback) return command.checkCallback(true) === true;
    return command.callback !== undefined;
  }

  /**
   * Runs a command as the palette does: a checked command runs (`checkCallback(false)`) only if
   * `checkCallback(true)` allows it. Returns whether it ran. A returned promise is awaited by
   * `settle`, and its rejection is recorded in `errors`.
   * @throws HostUsageError 'HOST_UNKNOWN_COMMAND' when no command has this id.
   */
  runCommand(id: string): boolean {
    const command = this.commandById(id);
    if (!this.isCommandAvailable(id)) return false;
    const run = command.checkCallback
      ? () => command.checkCallback?.(false)
      : () => command.callback?.();
    runtime.invoke(run, `command ${id}`);
    return true;
  }

  /** Open modals, oldest first. */
  get modals(): Obsidian.Modal[] {
    return this.shell.openModals as unknown as Obsidian.Modal[];
  }

  /** The modal on top, or null. */
  topModal(): Obsidian.Modal | null {
    return (
      (this.shell.openModals[this.shell.openModals.length - 1] as Obsidian.Modal | undefined) ??
      null
    );
  }

  get ribbonIcons(): readonly RibbonIcon[] {
    return this.shell.ribbon;
  }

  /** Clicks the ribbon icon with this title. @throws HostUsageError 'HOST_NO_RIBBON_ICON'. */
  clickRibbon(title: string): void {
    const item = this.shell.ribbon.find((candidate) => candidate.title === title);
    if (!item) throw new HostUsageError('HOST_NO_RIBBON_ICON', `No ribbon icon titled ${title}`);
    item.el.click();
  }

  /** The status bar elements, in the order they were added. */
  get statusBarItems(): HTMLElement[] {
    return this.shell.statusBar.map((item) => item.el);
  }

  /**
   * Opens the plugin's settings tab: empties it and calls `display()`. Returns the tab.
   * @throws HostUsageError 'HOST_NO_SETTING_TAB' when the plugin registered none.
   */
  openSettings(pluginId: string): Obsidian.PluginSettingTab {
    const entry = this.shell.settingTabs.find((candidate) => candidate.pluginId === pluginId);
    if (!entry)
      throw new HostUsageError('HOST_NO_SETTING_TAB', `Plugin ${pluginId} has no settings tab`);
    runtime.invoke(() => entry.tab.display(), 'settings display');
    return entry.tab as unknown as Obsidian.PluginSettingTab;
  }

  /** Closes a settings tab opened with `openSettings`, calling its `hide()`. */
  closeSettings(tab: Obsidian.PluginSettingTab): void {
    runtime.invoke(() => tab.hide(), 'settings hide');
  }

  /** Opens `file` in the active leaf (null closes it); fires 'active-leaf-change' and 'file-open'. */
  async setActiveFile(file: Obsidian.TFile | null): Promise<void> {
    const workspace = this.hostApp.workspace;
    if (file) {
      await workspace
        .getLeaf(false)
        .openFile(file as unknown as Parameters<WorkspaceLeaf['openFile']>[0]);
      return;
    }
    workspace.activeLeaf?.detach();
  }

  /** Text messages of the notices shown so far. */
  noticeMessages(): string[] {
    return this.notices.map((notice) => notice.message);
  }

  /** The absolute disk path of a vault path. */
  diskPath(vaultPath: string): string {
    return this.hostApp.vault.adapter.getFullPath(vaultPath);
  }

  /** Unloads every plugin, closes open modals, settles, and detaches from the process. */
  async close(): Promise<void> {
    for (const id of [...this.plugins.keys()].reverse()) this.unloadPlugin(id);
    for (const modal of [...this.shell.openModals].reverse()) modal.close();
    try {
      await this.settle();
    } finally {
      for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    }
  }

  private connect(systemTrash: SystemTrash, ownsSystemTrash: boolean): void {
    this.cleanups.push(listenForNotices((record) => this.notices.push(record)));
    this.cleanups.push(
      runtime.listen({ onHostError: (error, origin) => this.errors.push({ error, origin }) }),
    );

    const previousPlatform = { ...Platform };
    Object.assign(Platform, this.options.platform ?? {});
    this.cleanups.push(() => Object.assign(Platform, previousPlatform));

    if (ownsSystemTrash && systemTrash.dir !== null) {
      const dir = systemTrash.dir;
      this.cleanups.push(() => void fs.rm(dir, { recursive: true, force: true }));
    }
  }

  private async finishStartup(): Promise<void> {
    this.hasStarted = true;
    const vault = this.hostApp.vault;
    if (this.options.emitCreateOnLoad !== false) {
      const loaded: TAbstractFile[] = [];
      Vault.recurseChildren(vault.getRoot(), (file) => {
        if (!(file instanceof TFolder && file.isRoot())) loaded.push(file);
      });
      for (const file of loaded) runtime.deliver(() => vault.trigger('create', file));
    }
    const ready = new Promise<void>((resolve) =>
      runtime.deliver(() => {
        MetadataCache.announceInitialResolve(this.hostApp.metadataCache);
        Workspace.finishLayout(this.hostApp.workspace);
        resolve();
      }),
    );
    await ready;
  }

  private commandById(id: string): NonNullable<ReturnType<Shell['commands']['get']>>['command'] {
    const entry = this.shell.commands.get(id);
    if (!entry) throw new HostUsageError('HOST_UNKNOWN_COMMAND', `No command with id ${id}`);
    return entry.command;
  }
}

async function systemTrashDir(choice: string | false | undefined): Promise<string | null> {
  if (choice === false) return null;
  if (typeof choice === 'string') return nodePath.resolve(choice);
  return fs.mkdtemp(nodePath.join(os.tmpdir(), 'headless-host-trash-'));
}

/** A stable id per vault folder, like Obsidian's per-vault app id. */
function appIdOf(root: string): string {
  let hash = 0x811c9dc5;
  for (const char of root) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export { SettleTimeoutError };

/**
 * Evaluates a built plugin (CommonJS `main.js`, as esbuild emits it) the way Obsidian does:
 * in a function scope whose `require('obsidian')` returns this host's module, and whose other
 * requires resolve from the bundle's folder. Returns the plugin class (the default export).
 */
export function loadPluginBundle(mainJsPath: string): PluginClass<Obsidian.Plugin> {
  const filename = nodePath.resolve(mainJsPath);
  const code = readFileSync(filename, 'utf8');
  const requireNearBundle = createRequire(filename);
  const pluginModule: { exports: unknown } = { exports: {} };
  const pluginRequire = (id: string): unknown =>
    id === 'obsidian' ? obsidianModule : requireNearBundle(id);
  const wrapper = runInThisContext(`(function (module, exports, require) {${code}\n})`, {
    filename,
  }) as (module: { exports: unknown }, exports: unknown, require: (id: string) => unknown) => void;
  wrapper(pluginModule, pluginModule.exports, pluginRequire);
  return HeadlessHost.pluginClassOf(pluginModule.exports);
}
