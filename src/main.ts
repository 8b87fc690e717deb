import { Plugin } from 'obsidian';

import { KiraVault } from './obsidian/kira-vault';
import { type KiraSettings, upgradeSettings } from './settings/settings';
import { systemClock } from './time/clock';
import { registerCommands } from './ui/commands';
import { KiraSettingTab } from './ui/settings-tab';

/** Wires Kira's parts into Obsidian. Reads no note at load; indexing waits for the layout. */
export default class KiraPlugin extends Plugin {
  declare settings: KiraSettings;
  private vault!: KiraVault;

  override async onload(): Promise<void> {
    this.settings = upgradeSettings(await this.loadData());
    this.vault = new KiraVault(this.app, () => this.settings, systemClock);

    this.addSettingTab(new KiraSettingTab(this.app, this, this));
    registerCommands(this, this.vault);

    this.app.workspace.onLayoutReady(() => {
      this.vault.buildIndex();
      for (const ref of this.vault.watch()) this.registerEvent(ref);
    });
  }

  async saveSettings(next: KiraSettings): Promise<void> {
    this.settings = next;
    await this.saveData(next);
  }
}
