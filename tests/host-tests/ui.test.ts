import { FuzzySuggestModal, Modal, Notice, SuggestModal, type App } from 'obsidian';
import { chooseSuggestion, modalText, suggest } from '../host';
import { openVault } from './support';

class TitleModal extends Modal {
  readonly events: string[] = [];

  override onOpen(): void {
    this.setTitle('New task');
    this.contentEl.createEl('p', { text: 'What is the title?' });
    this.events.push('open');
  }

  override onClose(): void {
    this.events.push('close');
  }
}

class StatusSuggest extends SuggestModal<string> {
  readonly events: string[] = [];

  constructor(
    app: App,
    private readonly statuses: string[],
  ) {
    super(app);
  }

  getSuggestions(query: string): Promise<string[]> {
    return Promise.resolve(this.statuses.filter((status) => status.includes(query)));
  }

  renderSuggestion(value: string, el: HTMLElement): void {
    el.createDiv({ text: value.toUpperCase() });
  }

  onChooseSuggestion(item: string): void {
    this.events.push(`chose ${item}`);
  }

  override onClose(): void {
    this.events.push('closed');
  }
}

class FolderSuggest extends FuzzySuggestModal<string> {
  chosen: string | null = null;

  getItems(): string[] {
    return ['Tasks', 'Notes', 'Events/2024'];
  }

  getItemText(item: string): string {
    return item;
  }

  onChooseItem(item: string): void {
    this.chosen = item;
  }
}

describe('notices', () => {
  it('are recorded with every text they showed, and whether they were hidden', async () => {
    const { host, close } = await openVault();

    const notice = new Notice('Syncing…', 0);
    notice.setMessage('Sync failed: offline');
    notice.hide();
    new Notice(createFragment((fragment) => fragment.createSpan({ text: '3 items quarantined' })));

    expect(host.notices).toEqual([
      {
        message: 'Sync failed: offline',
        history: ['Syncing…', 'Sync failed: offline'],
        duration: 0,
        isHidden: true,
      },
      {
        message: '3 items quarantined',
        history: ['3 items quarantined'],
        duration: undefined,
        isHidden: false,
      },
    ]);
    await close();
  });
});

describe('modals', () => {
  it('are listed while open, and call onOpen then onClose', async () => {
    const { host, close } = await openVault();
    const modal = new TitleModal(host.app);

    modal.open();
    const whileOpen = [...host.modals];
    modal.close();

    expect(whileOpen).toEqual([modal]);
    expect(host.modals).toEqual([]);
    expect(modal.events).toEqual(['open', 'close']);
    expect(modalText(modal)).toBe('New task\nWhat is the title?');
    await close();
  });

  it('run the close callback after onClose', async () => {
    const { host, close } = await openVault();
    const modal = new TitleModal(host.app);
    modal.setCloseCallback(() => modal.events.push('callback'));

    modal.open();
    modal.close();

    expect(modal.events).toEqual(['open', 'close', 'callback']);
    await close();
  });
});

describe('suggest modals', () => {
  it('show the suggestions for what is typed, as rendered', async () => {
    const { host, close } = await openVault();
    const modal = new StatusSuggest(host.app, ['todo', 'doing', 'done']);
    modal.open();

    const all = await suggest(modal, '');
    const filtered = await suggest(modal, 'in');
    const none = await suggest(modal, 'zzz');

    expect(all.map((s) => s.text)).toEqual(['TODO', 'DOING', 'DONE']);
    expect(filtered.map((s) => s.value)).toEqual(['doing']);
    expect(none).toEqual([]);
    expect(modal.resultContainerEl.getText()).toBe('No results found.');
    await close();
  });

  it('close before calling onChooseSuggestion, as Obsidian does', async () => {
    const { host, close } = await openVault();
    const modal = new StatusSuggest(host.app, ['todo', 'doing']);
    modal.open();
    await suggest(modal, '');

    chooseSuggestion(modal, 'DOING');

    expect(modal.events).toEqual(['closed', 'chose doing']);
    expect(host.modals).toEqual([]);
    await close();
  });

  it('match fuzzily on the item text', async () => {
    const { host, close } = await openVault();
    const modal = new FolderSuggest(host.app);
    modal.open();

    const shown = await suggest(modal, 'ev24');
    chooseSuggestion(modal, 0);

    expect(shown.map((s) => s.text)).toEqual(['Events/2024']);
    expect(modal.chosen).toBe('Events/2024');
    await close();
  });
});

describe('the DOM without a browser', () => {
  it('builds elements with the Obsidian helpers', () => {
    const root = createDiv({ cls: 'kira-report' });

    const heading = root.createEl('h3', { text: 'Invalid notes', attr: { 'data-count': 2 } });
    const list = root.createEl('ul');
    list.createEl('li', { text: 'Note a: status is unknown' });
    list.createEl('li', { text: 'Note b: title is empty', cls: ['bad', 'second'] });
    heading.toggleClass('is-empty', false);
    root.addClass('is-ready');

    expect(root.getText()).toBe('Invalid notesNote a: status is unknownNote b: title is empty');
    expect(heading.getAttr('data-count')).toBe('2');
    expect(root.findAll('li').map((li) => li.getText())).toEqual([
      'Note a: status is unknown',
      'Note b: title is empty',
    ]);
    expect(root.find('li.bad')?.hasClass('second')).toBe(true);
    expect(root.hasClass('is-ready')).toBe(true);
    list.empty();
    expect(root.findAll('li')).toEqual([]);
  });

  it('dispatches clicks to listeners and hides elements', () => {
    const button = createEl('button', { text: 'Restore' });
    let clicks = 0;
    button.addEventListener('click', () => clicks++);

    button.click();
    button.hide();

    expect(clicks).toBe(1);
    expect(button.isShown()).toBe(false);
  });

  it('offers window timers and events to plugin code', async () => {
    let fired = false;
    await new Promise<void>((resolve) => {
      window.setTimeout(() => {
        fired = true;
        resolve();
      }, 1);
    });
    const listener = jest.fn();
    window.addEventListener('kira-test', listener);
    window.dispatchEvent(new Event('kira-test'));

    expect(fired).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
