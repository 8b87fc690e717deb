import { type App, type Plugin, PluginSettingTab, Setting } from 'obsidian';

import type { Kind } from '../entities/model';
import {
  checkFolder,
  checkFoldersDistinct,
  checkLogLevel,
  checkLogModules,
  formatLogModules,
  checkQuarantineFolder,
  checkWholeNumber,
  EDIT_DEBOUNCE_RANGE,
  RUNAWAY_WINDOW_RANGE,
  RUNAWAY_WRITES_RANGE,
  checkTimezone,
  checkWeekStart,
  type FieldCheck,
  type KiraSettings,
} from '../settings/settings';
import { systemZone } from '../time/zone';

/** The settings the tab edits and the way to persist them. */
export interface SettingsHost {
  readonly settings: KiraSettings;
  saveSettings(next: KiraSettings): Promise<void>;
}

/** A part of the tab kept in its own file (the calendar's); `redisplay` renders the tab again. */
export interface SettingsSection {
  display(containerEl: HTMLElement, redisplay: () => void): void;
}

/** A text field that checks what is typed and saves it only when valid. */
export interface CheckedTextField<T> {
  value: string;
  placeholder: string;
  check: (text: string) => FieldCheck<T>;
  apply: (settings: KiraSettings, value: T) => KiraSettings;
}

/**
 * Adds a text setting: a valid value is saved at once, an invalid one is shown in red under
 * the field and not saved. Returns the setting, for a caller that adds more to it.
 */
export function addCheckedTextField<T>(
  containerEl: HTMLElement,
  host: SettingsHost,
  name: string,
  description: string,
  field: CheckedTextField<T>,
): Setting {
  const setting = new Setting(containerEl).setName(name).setDesc(description);
  const error = setting.descEl.createDiv({ cls: 'kira-setting-error' });

  setting.addText((text) =>
    text
      .setPlaceholder(field.placeholder)
      .setValue(field.value)
      .onChange(async (typed) => {
        const checked = field.check(typed);
        if (!checked.ok) {
          error.setText(checked.message);
          return;
        }
        error.setText('');
        await host.saveSettings(field.apply(host.settings, checked.value));
      }),
  );
  return setting;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const FOLDER_NAMES: Record<Kind, string> = { task: 'Tasks', note: 'Notes', event: 'Events' };

/**
 * Kira's settings. Each field checks what is typed: a valid value is saved at once, an invalid
 * one is shown in red under the field and not saved.
 */
export class KiraSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    plugin: Plugin,
    private readonly host: SettingsHost,
    private readonly sections: readonly SettingsSection[] = [],
  ) {
    super(app, plugin);
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();

    new Setting(containerEl).setName('Time').setHeading();
    this.addTextField('Time zone', `Leave empty for this device's zone (${systemZone()}).`, {
      value: this.host.settings.timezone,
      placeholder: 'Europe/Brussels',
      check: checkTimezone,
      apply: (settings, timezone) => ({ ...settings, timezone }),
    });
    this.addWeekStart();

    new Setting(containerEl).setName('Folders').setHeading();
    for (const kind of ['task', 'note', 'event'] as const) this.addFolderField(kind);

    new Setting(containerEl).setName('Edits and quarantine').setHeading();
    this.addTextField(
      'Quarantine folder',
      'Rejected and invalid versions of notes are kept here. Takes effect after reloading Kira.',
      {
        value: this.host.settings.quarantineFolder,
        placeholder: 'Kira/Quarantine',
        check: (text) => checkQuarantineFolder(text, this.host.settings.folders),
        apply: (settings, quarantineFolder) => ({ ...settings, quarantineFolder }),
      },
    );
    this.addTextField(
      'Edit delay',
      'Milliseconds Kira waits after your last keystroke before it checks an edit.',
      {
        value: String(this.host.settings.editDebounceMs),
        placeholder: '1500',
        check: (text) => checkWholeNumber(text, EDIT_DEBOUNCE_RANGE, 'The edit delay'),
        apply: (settings, editDebounceMs) => ({ ...settings, editDebounceMs }),
      },
    );
    this.addTextField(
      'Runaway guard: writes',
      'Kira stops writing a note it wrote this many times within the window.',
      {
        value: String(this.host.settings.runaway.maxWrites),
        placeholder: '10',
        check: (text) => checkWholeNumber(text, RUNAWAY_WRITES_RANGE, 'Writes per note'),
        apply: (settings, maxWrites) => ({
          ...settings,
          runaway: { ...settings.runaway, maxWrites },
        }),
      },
    );
    this.addTextField(
      'Runaway guard: window',
      'Seconds. Both runaway settings take effect after reloading Kira.',
      {
        value: String(this.host.settings.runaway.windowSeconds),
        placeholder: '10',
        check: (text) => checkWholeNumber(text, RUNAWAY_WINDOW_RANGE, 'The runaway window'),
        apply: (settings, windowSeconds) => ({
          ...settings,
          runaway: { ...settings.runaway, windowSeconds },
        }),
      },
    );

    for (const section of this.sections) section.display(containerEl, () => this.display());

    new Setting(containerEl).setName('Diagnostics').setHeading();
    new Setting(containerEl)
      .setName('Log level')
      .setDesc('How much Kira writes to its log. Warnings is right for most people.')
      .addDropdown((dropdown) =>
        dropdown
          .addOptions({ error: 'Errors', warn: 'Warnings', info: 'Info', debug: 'Debug' })
          .setValue(this.host.settings.logLevel)
          .onChange((value) => {
            const checked = checkLogLevel(value);
            if (checked.ok) void this.save({ ...this.host.settings, logLevel: checked.value });
          }),
      );
    this.addTextField(
      'Log levels per module',
      'For example edit-guard=debug, queue=info. Overrides the log level for those modules.',
      {
        value: formatLogModules(this.host.settings.logModules),
        placeholder: 'edit-guard=debug',
        check: checkLogModules,
        apply: (settings, logModules) => ({ ...settings, logModules }),
      },
    );
  }

  private addWeekStart(): void {
    new Setting(this.containerEl)
      .setName('Week starts on')
      .setDesc('Used for the weekly windows of rollups.')
      .addDropdown((dropdown) => {
        for (const [index, day] of WEEKDAYS.entries()) dropdown.addOption(String(index + 1), day);
        dropdown.setValue(String(this.host.settings.weekStart)).onChange((value) => {
          const checked = checkWeekStart(value);
          if (checked.ok) void this.save({ ...this.host.settings, weekStart: checked.value });
        });
      });
  }

  private addFolderField(kind: Kind): void {
    this.addTextField(`${FOLDER_NAMES[kind]} folder`, `New ${kind}s are created here.`, {
      value: this.host.settings.folders[kind],
      placeholder: FOLDER_NAMES[kind],
      check: (text) => {
        const folder = checkFolder(text);
        if (!folder.ok) return folder;
        const folders = { ...this.host.settings.folders, [kind]: folder.value };
        const distinct = checkFoldersDistinct(folders);
        return distinct.ok ? folder : { ok: false, message: distinct.message };
      },
      apply: (settings, folder) => ({
        ...settings,
        folders: { ...settings.folders, [kind]: folder },
      }),
    });
  }

  private addTextField<T>(name: string, description: string, field: CheckedTextField<T>): void {
    addCheckedTextField(this.containerEl, this.host, name, description, field);
  }

  private async save(next: KiraSettings): Promise<void> {
    await this.host.saveSettings(next);
  }
}
