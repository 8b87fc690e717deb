import { type App, Plugin } from 'obsidian';

import { windowTimers } from './events/timers';
import { CalendarRuntime } from './obsidian/calendar-runtime';
import { KiraRuntime } from './obsidian/runtime';
import { type KiraSettings, upgradeSettings } from './settings/settings';
import { systemClock } from './time/clock';
import { signIn, registerCalendarCommands } from './ui/calendar-commands';
import { type CalendarActions, calendarNotifier, openPluginSettings } from './ui/calendar-notices';
import { CalendarSettingsSection } from './ui/calendar-settings';
import { addCalendarRibbon, showCalendarStatus } from './ui/calendar-status';
import { openQuarantine, reasonPrompt, registerCommands } from './ui/commands';
import { inform, reportError } from './ui/notify';
import { showQuarantineCount } from './ui/quarantine-view';
import { KiraSettingTab } from './ui/settings-tab';

/** How often the calendar checks whether its sync interval has passed. */
const CALENDAR_TICK_MS = 60_000;

/** Wires Kira's parts into Obsidian. Reads no note at load; indexing waits for the layout. */
export default class KiraPlugin extends Plugin {
  declare settings: KiraSettings;
  runtime!: KiraRuntime;
  calendar!: CalendarRuntime;

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
    const actions: CalendarActions = {
      signIn: () => signIn(this.calendar, actions),
      openSettings: () => openPluginSettings(this.app, this.manifest.id),
    };
    this.calendar = new CalendarRuntime({
      app: this.app,
      runtime: this.runtime,
      settings: () => this.settings,
      saveSettings: (next) => this.saveSettings(next),
      clock: systemClock,
      timers: windowTimers,
      notifier: calendarNotifier(actions),
      // Obsidian's desktop app opens external URLs in the system browser.
      openExternal: (url) => void window.open(url),
    });

    const calendarSection = new CalendarSettingsSection(this, this.calendar, actions);
    this.addSettingTab(new KiraSettingTab(this.app, this, this, [calendarSection]));
    registerCommands(this, this.runtime);
    registerCalendarCommands(this, this.calendar, actions);
    addCalendarRibbon(this, this.calendar);
    this.register(
      showQuarantineCount(this.addStatusBarItem(), this.runtime.quarantine, () =>
        openQuarantine(this.app, this.runtime),
      ),
    );
    showCalendarStatus(this, this.addStatusBarItem(), this.calendar, () => this.runtime.zone);
    this.registerInterval(window.setInterval(() => this.calendar.onTick(), CALENDAR_TICK_MS));
    this.registerDomEvent(window, 'online', () => this.calendar.onOnline());

    this.app.workspace.onLayoutReady(() => void this.start());
  }

  override onunload(): void {
    // The calendar first: its engine stops before the write queue refuses its writes.
    void this.calendar
      .close()
      .finally(() => this.runtime.close())
      .catch((error: unknown) => console.error('[kira] unload', error));
  }

  async saveSettings(next: KiraSettings): Promise<void> {
    this.settings = next;
    await this.saveData(next);
    this.runtime.settingsChanged();
  }

  private async start(): Promise<void> {
    try {
      const refs = await this.runtime.start(vaultKeyOf(this.app));
      if (this.runtime.isStopped) return;
      for (const ref of refs) this.registerEvent(ref);
      this.calendar.start();
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
