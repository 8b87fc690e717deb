import type { App } from './app';
import { Component } from './component';
import { newElement } from './dom';
import { setIcon } from './icons';
import { normalizePath } from './paths';
import type { Command, PluginManifest } from './plugin-types';
import { runtime } from './runtime';
import { shellOf, type SettingTabLike } from './shell';

/**
 * A plugin, loaded by the host with `load()` (which awaits `onload`). Everything it adds to the
 * app (commands, ribbon icons, status bar items, settings tabs, views) is removed on unload.
 */
export abstract class Plugin extends Component {
  app: App;
  manifest: PluginManifest;
  settings?: unknown;

  constructor(app: App, manifest: PluginManifest) {
    super();
    this.app = app;
    this.manifest = manifest;
  }

  override onload(): Promise<void> | void {
    // Overridden by the plugin.
  }

  /** A clickable ribbon element; a click runs `callback`. */
  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = newElement('div', {
      cls: 'side-dock-ribbon-action clickable-icon',
      attr: { 'aria-label': title },
    });
    setIcon(el, icon);
    el.addEventListener('click', (evt) => runtime.invoke(() => callback(evt), 'ribbon click'));
    const item = { icon, title, el, pluginId: this.manifest.id };
    const ribbon = shellOf(this.app).ribbon;
    ribbon.push(item);
    this.register(() => removeItem(ribbon, item));
    return el;
  }

  addStatusBarItem(): HTMLElement {
    const el = newElement('div', { cls: `status-bar-item plugin-${this.manifest.id}` });
    const item = { el, pluginId: this.manifest.id };
    const statusBar = shellOf(this.app).statusBar;
    statusBar.push(item);
    this.register(() => removeItem(statusBar, item));
    return el;
  }

  /** Registers the command under `<plugin id>:<id>`, named `<plugin name>: <name>`. */
  addCommand(command: Command): Command {
    command.id = `${this.manifest.id}:${command.id}`;
    command.name = `${this.manifest.name}: ${command.name}`;
    const commands = shellOf(this.app).commands;
    commands.set(command.id, { command, pluginId: this.manifest.id });
    this.register(() => commands.delete(command.id));
    return command;
  }

  removeCommand(commandId: string): void {
    shellOf(this.app).commands.delete(`${this.manifest.id}:${commandId}`);
  }

  addSettingTab(settingTab: SettingTabLike): void {
    const entry = { tab: settingTab, pluginId: this.manifest.id };
    const tabs = shellOf(this.app).settingTabs;
    tabs.push(entry);
    this.register(() => removeItem(tabs, entry));
  }

  registerView(type: string, viewCreator: unknown): void {
    const views = shellOf(this.app).views;
    views.set(type, viewCreator);
    this.register(() => views.delete(type));
  }

  registerHoverLinkSource(_id: string, _info: unknown): void {
    // No hover previews without a screen.
  }

  registerExtensions(_extensions: string[], _viewType: string): void {
    // Views are never opened headless.
  }

  registerMarkdownPostProcessor<T>(postProcessor: T, _sortOrder?: number): T {
    return postProcessor;
  }

  registerMarkdownCodeBlockProcessor(
    _language: string,
    handler: (...args: never[]) => unknown,
    _sortOrder?: number,
  ): (...args: never[]) => unknown {
    return handler;
  }

  registerBasesView(_viewId: string, _registration: unknown): boolean {
    return false;
  }

  registerEditorExtension(_extension: unknown): void {
    // There is no editor.
  }

  registerObsidianProtocolHandler(_action: string, _handler: unknown): void {
    // No obsidian:// URLs reach the host.
  }

  registerEditorSuggest(_editorSuggest: unknown): void {
    // There is no editor.
  }

  registerCliHandler(
    _command: string,
    _description: string,
    _flags: unknown,
    _handler: unknown,
  ): void {
    // The host has no command line.
  }

  /** The parsed `data.json` of the plugin folder, or null when there is none. */
  async loadData(): Promise<unknown> {
    const path = this.dataPath();
    if (!(await this.app.vault.adapter.exists(path))) return null;
    return JSON.parse(await this.app.vault.adapter.read(path)) as unknown;
  }

  /** Writes `data` as JSON to `data.json` in the plugin folder, creating the folder if needed. */
  async saveData(data: unknown): Promise<void> {
    const adapter = this.app.vault.adapter;
    await adapter.mkdir(this.folder());
    await adapter.write(this.dataPath(), JSON.stringify(data, null, 2));
  }

  onUserEnable(): void {
    // Overridden by the plugin.
  }

  private folder(): string {
    return normalizePath(
      this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`,
    );
  }

  private dataPath(): string {
    return `${this.folder()}/data.json`;
  }
}

function removeItem<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
