import { type App, Plugin } from 'obsidian';

import { windowTimers } from './events/timers';
import { KiraRuntime } from './obsidian/runtime';
import { type KiraSettings, upgradeSettings } from './settings/settings';
import { systemClock } from './time/clock';
import { openQuarantine, reasonPrompt, registerCommands } from './ui/commands';
import { inform, reportError } from './ui/notify';
import { showQuarantineCount } from './ui/quarantine-view';
import { KiraSettingTab } from './ui/settings-tab';

/** Wires Kira's parts into Obsidian. Reads no note at load; indexing waits for the layout. */
export default class KiraPlugin extends Plugin {
  declare settings: KiraSettings;
  runtime!: KiraRuntime;

  override async onload(): Promise<void> {
    this.settings = upgradeSettings(await this.loadData());
    this.runtime = new KiraRuntime({
      app: this.app,
      settings: () => this.settings,
      clock: systemClock,
      timers: windowTimers,
      tell: inform,
      askReason: reasonPrompt(this.app),
    });

    this.addSettingTab(new KiraSettingTab(this.app, this, this));
    registerCommands(this, this.runtime);
    this.register(
      showQuarantineCount(this.addStatusBarItem(), this.runtime.quarantine, () =>
        openQuarantine(this.app, this.runtime),
      ),
    );

    this.app.workspace.onLayoutReady(() => void this.start());
  }

  override onunload(): void {
    void this.runtime.close();
  }

  async saveSettings(next: KiraSettings): Promise<void> {
    this.settings = next;
    await this.saveData(next);
    this.runtime.settingsChanged();
  }

  private async start(): Promise<void> {
    try {
      const refs = await this.runtime.start(vaultKeyOf(this.app));
      for (const ref of refs) this.registerEvent(ref);
    } catch (error) {
      reportError(
        error,
        'Kira could not start',
        'Reload Obsidian; if it happens again, check the console.',
      );
    }
  }
}

/**
 * What tells this vault's database apart from another's: Obsidian's app id (not in the public
 * typings, but stable per vault), else the vault's name, which two vaults may share.
 */
function vaultKeyOf(app: App): string {
  const appId = (app as App & { appId?: unknown }).appId;
  return typeof appId === 'string' && appId !== '' ? appId : app.vault.getName();
}
