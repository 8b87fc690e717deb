/** @jest-environment jsdom */
import {
  Modal,
  Notice,
  Plugin,
  PluginSettingTab,
  Setting,
  TextComponent,
  type App,
} from 'obsidian';
import { componentOf, findSetting, typeInto } from '../host';
import { manifest, openVault } from './support';

class NameTab extends PluginSettingTab {
  value = '';

  constructor(app: App, plugin: Plugin) {
    super(app, plugin);
  }

  override display(): void {
    this.containerEl.empty();
    new Setting(this.containerEl)
      .setName('Name')
      .addText((text) => text.onChange((value) => (this.value = value)));
  }
}

class TabPlugin extends Plugin {
  tab!: NameTab;

  override onload(): void {
    this.tab = new NameTab(this.app, this);
    this.addSettingTab(this.tab);
  }
}

describe('under jsdom', () => {
  it('puts the Obsidian helpers on real elements', () => {
    const el = document.body.createDiv({ cls: 'kira', text: 'hello' });
    el.createSpan({ text: ' world' });
    el.toggleClass('is-active', true);

    expect(el).toBeInstanceOf(HTMLDivElement);
    expect(el.getText()).toBe('hello world');
    expect(document.querySelector('.kira.is-active')).toBe(el);
    el.detach();
    expect(document.querySelector('.kira')).toBeNull();
  });

  it('attaches open modals to the document body', async () => {
    const { host, close } = await openVault();
    const modal = new Modal(host.app).setTitle('Quarantine');

    modal.open();
    const isAttached = document.body.contains(modal.containerEl);
    modal.close();

    expect(isAttached).toBe(true);
    expect(document.body.contains(modal.containerEl)).toBe(false);
    await close();
  });

  it('drives a settings field with real input events', async () => {
    const { host, close } = await openVault();
    const plugin = await host.loadPlugin(TabPlugin, manifest('tab'));
    const tab = host.openSettings('tab');

    const text = componentOf(findSetting(tab.containerEl, 'Name'), TextComponent);
    typeInto(text, 'Kira');

    expect(text.inputEl).toBeInstanceOf(HTMLInputElement);
    expect(plugin.tab.value).toBe('Kira');
    await close();
  });

  it('records notices', async () => {
    const { host, close } = await openVault();

    new Notice('Backup done');

    expect(host.noticeMessages()).toEqual(['Backup done']);
    await close();
  });
});
