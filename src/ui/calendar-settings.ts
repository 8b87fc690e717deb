import { type DropdownComponent, Setting } from 'obsidian';

import type { CalendarRuntime } from '../obsidian/calendar-runtime';
import {
  checkClientId,
  checkClientSecret,
  checkSyncDirection,
  checkWholeNumber,
  SYNC_INTERVAL_RANGE,
} from '../settings/settings';
import { type CalendarActions, reportCalendarError } from './calendar-notices';
import { signIn, signOut } from './calendar-commands';
import { addCheckedTextField, type SettingsHost, type SettingsSection } from './settings-tab';

const SIGN_IN_GUIDE = 'docs/google-sign-in.md in Kira’s repository';

/**
 * The "Google Calendar" part of Kira's settings: the OAuth client (id in plugin data, secret in
 * secret storage), sign in and out, the calendar picker, and how the sync behaves.
 */
export class CalendarSettingsSection implements SettingsSection {
  constructor(
    private readonly host: SettingsHost,
    private readonly calendar: CalendarRuntime,
    private readonly actions: CalendarActions,
  ) {}

  display(containerEl: HTMLElement, redisplay: () => void): void {
    new Setting(containerEl).setName('Google Calendar').setHeading();
    if (!this.calendar.isAvailable) {
      new Setting(containerEl)
        .setName('Desktop only')
        .setDesc('Signing in to Google and syncing work only in the desktop app.');
      return;
    }

    this.addClient(containerEl);
    this.addAccount(containerEl, redisplay);
    if (this.calendar.isSignedIn()) this.addCalendarPicker(containerEl);
    this.addBehaviour(containerEl);
  }

  private addClient(containerEl: HTMLElement): void {
    addCheckedTextField(
      containerEl,
      this.host,
      'Client ID',
      `The client ID of your Google Cloud "Desktop app" OAuth client. See ${SIGN_IN_GUIDE}.`,
      {
        value: this.host.settings.googleClientId,
        placeholder: '1234-abc.apps.googleusercontent.com',
        check: checkClientId,
        apply: (settings, googleClientId) => ({ ...settings, googleClientId }),
      },
    );

    const secret = new Setting(containerEl)
      .setName('Client secret')
      .setDesc('Kept in the app’s secret storage on this device, never in the plugin’s data.');
    const error = secret.descEl.createDiv({ cls: 'kira-setting-error' });
    secret.addText((text) => {
      text.inputEl.type = 'password';
      text
        .setPlaceholder(this.calendar.hasClientSecret() ? 'Saved' : 'Paste the client secret')
        .onChange((typed) => {
          const checked = checkClientSecret(typed);
          if (!checked.ok) {
            error.setText(checked.message);
            return;
          }
          error.setText('');
          if (checked.value !== '') this.calendar.setClientSecret(checked.value);
        });
    });
  }

  private addAccount(containerEl: HTMLElement, redisplay: () => void): void {
    const account = this.calendar.status.account;
    const isSignedIn = this.calendar.isSignedIn();
    const description = isSignedIn
      ? `Signed in as ${account ?? 'an unknown account'}.`
      : 'Not signed in. Your browser opens Google’s consent page; come back when it says so.';
    const setting = new Setting(containerEl).setName('Google account').setDesc(description);

    if (isSignedIn) {
      setting.addButton((button) =>
        button.setButtonText('Sign out').onClick(async () => {
          await signOut(this.calendar);
          redisplay();
        }),
      );
      return;
    }
    setting.addButton((button) =>
      button
        .setButtonText('Sign in')
        .setCta()
        .onClick(async () => {
          button.setDisabled(true);
          await signIn(this.calendar, this.actions);
          redisplay();
        }),
    );
  }

  private addCalendarPicker(containerEl: HTMLElement): void {
    const chosen = this.host.settings.calendarId;
    new Setting(containerEl)
      .setName('Calendar')
      .setDesc('The calendar your event notes sync with.')
      .addDropdown((dropdown) => {
        dropdown.addOption('', chosen === '' ? 'Loading calendars…' : 'Choose a calendar');
        if (chosen !== '') dropdown.addOption(chosen, chosen);
        dropdown.setValue(chosen).onChange(async (calendarId) => {
          if (calendarId !== '' && calendarId !== this.host.settings.calendarId) {
            await this.calendar.chooseCalendar(calendarId);
          }
        });
        void this.fillCalendars(dropdown, chosen);
      });
  }

  /** Replaces the picker's options with the account's calendars once Google answers. */
  private async fillCalendars(dropdown: DropdownComponent, chosen: string): Promise<void> {
    try {
      const calendars = await this.calendar.listCalendars();
      dropdown.selectEl.empty();
      dropdown.addOption('', 'Choose a calendar');
      for (const calendar of calendars) {
        dropdown.addOption(
          calendar.id,
          calendar.isPrimary ? `${calendar.summary} (primary)` : calendar.summary,
        );
      }
      if (chosen !== '' && !calendars.some((calendar) => calendar.id === chosen)) {
        dropdown.addOption(chosen, `${chosen} (not found)`);
      }
      dropdown.setValue(chosen);
    } catch (error) {
      reportCalendarError(error, this.actions, 'Could not list your Google calendars');
    }
  }

  private addBehaviour(containerEl: HTMLElement): void {
    addCheckedTextField(
      containerEl,
      this.host,
      'Sync interval',
      'Minutes between automatic syncs; 0 syncs only at start-up and when you ask.',
      {
        value: String(this.host.settings.syncIntervalMinutes),
        placeholder: '5',
        check: (text) => checkWholeNumber(text, SYNC_INTERVAL_RANGE, 'The sync interval'),
        apply: (settings, syncIntervalMinutes) => ({ ...settings, syncIntervalMinutes }),
      },
    );

    new Setting(containerEl)
      .setName('Direction')
      .setDesc('Two-way sends your note edits to Google and takes Google’s edits into your notes.')
      .addDropdown((dropdown) =>
        dropdown
          .addOptions({ 'two-way': 'Two-way', pull: 'Only from Google', push: 'Only to Google' })
          .setValue(this.host.settings.syncDirection)
          .onChange(async (value) => {
            const checked = checkSyncDirection(value);
            if (checked.ok) {
              await this.host.saveSettings({ ...this.host.settings, syncDirection: checked.value });
            }
          }),
      );

    new Setting(containerEl)
      .setName('Sync tasks with a due date')
      .setDesc('Each such task becomes an all-day event on its due date.')
      .addToggle((toggle) =>
        toggle.setValue(this.host.settings.syncTasks).onChange(async (syncTasks) => {
          await this.host.saveSettings({ ...this.host.settings, syncTasks });
        }),
      );

    new Setting(containerEl)
      .setName('Events cancelled on Google')
      .setDesc('What happens to the note of an event cancelled or deleted on Google.')
      .addDropdown((dropdown) =>
        dropdown
          .addOptions({ trash: 'Move the note to the trash', mark: 'Tag the note cancelled' })
          .setValue(this.host.settings.onCancelled)
          .onChange(async (value) => {
            const onCancelled = value === 'mark' ? 'mark' : 'trash';
            await this.host.saveSettings({ ...this.host.settings, onCancelled });
          }),
      );
  }
}
