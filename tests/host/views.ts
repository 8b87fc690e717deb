/**
 * Views, menus and Markdown rendering exist so that plugin code that names them loads and runs;
 * the host never opens a view on its own, shows no menu, and renders Markdown as plain text.
 */
import type { App } from './app';
import { Component } from './component';
import { newElement } from './dom';
import { runtime } from './runtime';
import { WorkspaceLeaf } from './workspace';

export abstract class View extends Component {
  app: App;
  icon = 'document';
  navigation = false;
  leaf: WorkspaceLeaf;
  containerEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super();
    this.leaf = leaf;
    const app = WorkspaceLeaf.appOf(leaf);
    if (!app) throw new Error('A view needs a leaf of the host workspace.');
    this.app = app;
    this.containerEl = newElement('div', { cls: 'view-content' });
  }

  protected onOpen(): Promise<void> {
    return Promise.resolve();
  }

  protected onClose(): Promise<void> {
    return Promise.resolve();
  }

  abstract getViewType(): string;
  abstract getDisplayText(): string;

  getState(): Record<string, unknown> {
    return {};
  }

  setState(_state: unknown, _result: unknown): Promise<void> {
    return Promise.resolve();
  }

  getIcon(): string {
    return this.icon;
  }

  onResize(): void {
    // Nothing is laid out.
  }
}

export abstract class ItemView extends View {
  contentEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }
}

/** Named so `getActiveViewOfType(MarkdownView)` type-checks and answers null. */
export abstract class MarkdownView extends ItemView {}

export class MenuItem {
  private title = '';
  private isDisabled = false;
  private callback: ((evt: MouseEvent | KeyboardEvent) => unknown) | null = null;

  setTitle(title: string | DocumentFragment): this {
    this.title = typeof title === 'string' ? title : (title.textContent ?? '');
    return this;
  }

  setIcon(_icon: string | null): this {
    return this;
  }

  setChecked(_checked: boolean | null): this {
    return this;
  }

  setDisabled(disabled: boolean): this {
    this.isDisabled = disabled;
    return this;
  }

  setWarning(_isWarning: boolean): this {
    return this;
  }

  setIsLabel(_isLabel: boolean): this {
    return this;
  }

  setSection(_section: string): this {
    return this;
  }

  onClick(callback: (evt: MouseEvent | KeyboardEvent) => unknown): this {
    this.callback = callback;
    return this;
  }

  /** The item's title, as the menu would show it. */
  static titleOf(item: MenuItem): string {
    return item.title;
  }

  /** Runs the item's click handler, as picking it from the menu would; disabled items do nothing. */
  static choose(item: MenuItem): void {
    const callback = item.callback;
    if (callback && !item.isDisabled)
      runtime.invoke(() => callback(new Event('click') as MouseEvent), 'menu item');
  }
}

/** A context menu that is built but never shown; `Menu.itemsOf` lists what it would offer. */
export class Menu extends Component {
  private readonly items: MenuItem[] = [];

  setNoIcon(): this {
    return this;
  }

  setUseNativeMenu(_useNativeMenu: boolean): this {
    return this;
  }

  addItem(cb: (item: MenuItem) => unknown): this {
    const item = new MenuItem();
    this.items.push(item);
    cb(item);
    return this;
  }

  addSeparator(): this {
    return this;
  }

  setParentElement(_el: HTMLElement): this {
    return this;
  }

  showAtMouseEvent(_evt: MouseEvent): this {
    return this;
  }

  showAtPosition(_position: { x: number; y: number }): this {
    return this;
  }

  hide(): this {
    return this;
  }

  close(): void {
    // Never shown.
  }

  onHide(_callback: () => unknown): void {
    // Never shown, so never hidden.
  }

  static forEvent(_evt: MouseEvent): Menu {
    return new Menu();
  }

  static itemsOf(menu: Menu): readonly MenuItem[] {
    return menu.items;
  }
}

export class MarkdownRenderChild extends Component {
  containerEl: HTMLElement;

  constructor(containerEl: HTMLElement) {
    super();
    this.containerEl = containerEl;
  }
}

export abstract class MarkdownRenderer extends MarkdownRenderChild {
  /** Puts the Markdown source in `el` as plain text: the host renders no Markdown. */
  static render(
    _app: App,
    markdown: string,
    el: HTMLElement,
    _sourcePath: string,
    _component: Component,
  ): Promise<void> {
    el.createDiv({ text: markdown });
    return Promise.resolve();
  }

  static renderMarkdown(
    markdown: string,
    el: HTMLElement,
    _sourcePath: string,
    _component: Component,
  ): Promise<void> {
    el.createDiv({ text: markdown });
    return Promise.resolve();
  }
}
