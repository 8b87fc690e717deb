import type { App } from './app';
import { Scope } from './app';
import { hostBody, newElement } from './dom';
import { runtime } from './runtime';
import { announceNotice, shellOf, type NoticeRecord } from './shell';
import { prepareFuzzySearch, type SearchResult } from './utils';

function textOf(message: string | DocumentFragment): string {
  return typeof message === 'string' ? message : (message.textContent ?? '');
}

/**
 * A notice. Every one is recorded, with each text it showed, in the notices of the open hosts.
 * It stays until `hide()`: the host keeps no timers, so `duration` is recorded, not waited for.
 */
export class Notice {
  noticeEl: HTMLElement;
  containerEl: HTMLElement;
  messageEl: HTMLElement;
  private readonly record: NoticeRecord;

  constructor(message: string | DocumentFragment, duration?: number) {
    this.containerEl = newElement('div', { cls: 'notice-container' });
    this.noticeEl = this.containerEl.createDiv({ cls: 'notice' });
    this.messageEl = this.noticeEl.createDiv({ cls: 'notice-message' });
    // Read the text first: showing a fragment moves its nodes out of it.
    const text = textOf(message);
    this.messageEl.setText(message);
    this.record = { message: text, history: [text], duration, isHidden: false };
    announceNotice(this.record);
  }

  setMessage(message: string | DocumentFragment): this {
    this.record.message = textOf(message);
    this.messageEl.setText(message);
    this.record.history.push(this.record.message);
    return this;
  }

  hide(): void {
    this.record.isHidden = true;
    this.containerEl.detach();
  }
}

const openModals = new WeakSet<Modal>();

/**
 * A modal dialog. `open()` attaches it and calls `onOpen`; `close()` detaches it, calls
 * `onClose`, then the close callback. The app's shell lists the open modals, oldest first.
 */
export class Modal {
  app: App;
  scope: Scope;
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  shouldRestoreSelection = true;
  private closeCallback: (() => unknown) | null = null;

  constructor(app: App) {
    this.app = app;
    this.scope = new Scope();
    this.containerEl = newElement('div', { cls: 'modal-container mod-dim' });
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    const closeButton = this.modalEl.createDiv({ cls: 'modal-close-button' });
    closeButton.addEventListener('click', () => this.close());
    this.titleEl = this.modalEl.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }

  open(): void {
    if (openModals.has(this)) return;
    openModals.add(this);
    shellOf(this.app).openModals.push(this);
    hostBody().appendChild(this.containerEl);
    runtime.invoke(() => this.onOpen(), 'Modal.onOpen');
  }

  close(): void {
    if (!openModals.has(this)) return;
    openModals.delete(this);
    const modals = shellOf(this.app).openModals;
    const at = modals.indexOf(this);
    if (at >= 0) modals.splice(at, 1);
    this.containerEl.detach();
    runtime.invoke(() => this.onClose(), 'Modal.onClose');
    const callback = this.closeCallback;
    if (callback) runtime.invoke(callback, 'Modal close callback');
  }

  onOpen(): Promise<void> | void {
    // Overridden by subclasses.
  }

  onClose(): void {
    // Overridden by subclasses.
  }

  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }

  setContent(content: string | DocumentFragment): this {
    this.contentEl.setText(content);
    return this;
  }

  setCloseCallback(callback: () => unknown): this {
    this.closeCallback = callback;
    return this;
  }
}

export interface Instruction {
  command: string;
  purpose: string;
}

const shownSuggestions = new WeakMap<object, unknown[]>();

/** The suggestions a suggest modal shows right now, in order. */
export function suggestionsShownBy(modal: object): unknown[] {
  return shownSuggestions.get(modal) ?? [];
}

/**
 * A modal with a query field and a list of suggestions. Typing (an 'input' event on `inputEl`)
 * refreshes the list; clicking an item, or `selectSuggestion`, closes the modal and then calls
 * `onChooseSuggestion`, in that order, as Obsidian does.
 */
export abstract class SuggestModal<T> extends Modal {
  limit = 100;
  emptyStateText = 'No results found.';
  inputEl: HTMLInputElement;
  resultContainerEl: HTMLElement;
  private readonly instructionsEl: HTMLElement;
  private selectedIndex = 0;
  private generation = 0;

  constructor(app: App) {
    super(app);
    this.modalEl.addClass('prompt');
    const inputContainer = this.modalEl.createDiv({ cls: 'prompt-input-container' });
    this.inputEl = inputContainer.createEl('input', { cls: 'prompt-input', type: 'text' });
    this.resultContainerEl = this.modalEl.createDiv({ cls: 'prompt-results' });
    this.instructionsEl = this.modalEl.createDiv({ cls: 'prompt-instructions' });
    this.inputEl.addEventListener('input', () => this.refresh());
  }

  override open(): void {
    super.open();
    this.refresh();
  }

  setPlaceholder(placeholder: string): void {
    this.inputEl.placeholder = placeholder;
  }

  setInstructions(instructions: Instruction[]): void {
    this.instructionsEl.empty();
    for (const { command, purpose } of instructions) {
      const item = this.instructionsEl.createDiv({ cls: 'prompt-instruction' });
      item.createSpan({ cls: 'prompt-instruction-command', text: command });
      item.createSpan({ text: purpose });
    }
  }

  onNoSuggestion(): void {
    this.resultContainerEl.empty();
    this.resultContainerEl.createDiv({ cls: 'suggestion-empty', text: this.emptyStateText });
  }

  selectSuggestion(value: T, evt: MouseEvent | KeyboardEvent): void {
    this.close();
    this.onChooseSuggestion(value, evt);
  }

  selectActiveSuggestion(evt: MouseEvent | KeyboardEvent): void {
    const shown = suggestionsShownBy(this) as T[];
    const value = shown[this.selectedIndex];
    if (value !== undefined) this.selectSuggestion(value, evt);
  }

  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;

  private refresh(): void {
    const generation = ++this.generation;
    const result = this.getSuggestions(this.inputEl.value);
    if (Array.isArray(result)) {
      this.render(result);
      return;
    }
    runtime.track(
      Promise.resolve(result).then((items) => {
        if (generation === this.generation) this.render(items);
      }),
      'SuggestModal.getSuggestions',
    );
  }

  private render(items: T[]): void {
    const shown = items.slice(0, this.limit);
    shownSuggestions.set(this, shown);
    this.selectedIndex = 0;
    this.resultContainerEl.empty();
    if (shown.length === 0) {
      this.onNoSuggestion();
      return;
    }
    for (const value of shown) {
      const el = this.resultContainerEl.createDiv({ cls: 'suggestion-item' });
      this.renderSuggestion(value, el);
      el.addEventListener('click', (evt) => this.selectSuggestion(value, evt as MouseEvent));
    }
  }
}

export interface FuzzyMatch<T> {
  item: T;
  match: SearchResult;
}

/** A suggest modal over `getItems()`, matched fuzzily on `getItemText`. */
export abstract class FuzzySuggestModal<T> extends SuggestModal<FuzzyMatch<T>> {
  getSuggestions(query: string): FuzzyMatch<T>[] {
    const items = this.getItems();
    if (query.trim() === '')
      return items.map((item) => ({ item, match: { score: 0, matches: [] } }));
    const search = prepareFuzzySearch(query);
    const matches: FuzzyMatch<T>[] = [];
    for (const item of items) {
      const match = search(this.getItemText(item));
      if (match) matches.push({ item, match });
    }
    return matches.sort((a, b) => b.match.score - a.match.score);
  }

  renderSuggestion(item: FuzzyMatch<T>, el: HTMLElement): void {
    el.setText(this.getItemText(item.item));
  }

  onChooseSuggestion(item: FuzzyMatch<T>, evt: MouseEvent | KeyboardEvent): void {
    this.onChooseItem(item.item, evt);
  }

  abstract getItems(): T[];
  abstract getItemText(item: T): string;
  abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
}
