/** Builders for the calendar's plugin tests: Kira in the headless host, pointed at the emulator. */
import { ButtonComponent, DropdownComponent, TextComponent } from 'obsidian';

import { SECRET_IDS } from '../../src/calendar/auth/secrets';
import type { CalendarEmulator } from '../emulator';
import { chooseOption, click, componentOf, findSetting, typeInto } from '../host';
import { type KiraVaultUnderTest, waitFor } from './support';

export const CLIENT_ID = 'kira-emulator-client';
export const CLIENT_SECRET = 'kira-emulator-secret';
export const HOUR = 3_600_000;

/** The plugin data that points Kira at `emulator` (the developer field) and syncs on demand. */
export function emulatorSettings(
  emulator: CalendarEmulator,
  more: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    editDebounceMs: 200,
    syncIntervalMinutes: 0,
    calendarEndpoints: {
      apiRootUrl: emulator.rootUrl,
      authUrl: emulator.authUrl,
      tokenUrl: emulator.tokenUrl,
      revokeUrl: emulator.revokeUrl,
    },
    ...more,
  };
}

/**
 * Plays the system browser for `window.open`: fetches the consent page and follows its
 * redirect to Kira's loopback server, as a browser does after the user approves. Returns the
 * URLs opened and a function that removes it.
 */
export function installApprovingBrowser(): { opened: string[]; uninstall: () => void } {
  const opened: string[] = [];
  const world = window as unknown as { open?: unknown };
  const previous = world.open;
  world.open = (url: string) => {
    opened.push(url);
    void fetch(url, { redirect: 'follow' }).then((response) => response.text());
    return null;
  };
  return { opened, uninstall: () => (world.open = previous) };
}

/** Kira and all its calendar work, settled. */
export async function settleAll(kira: KiraVaultUnderTest): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await kira.plugin.calendar.settle();
    await kira.settle();
  }
}

/** The text field of the setting `name` in a freshly opened settings tab. */
export function settingField(kira: KiraVaultUnderTest, name: string) {
  const tab = kira.host.openSettings('kira');
  const setting = findSetting(tab.containerEl, name);
  return { setting, text: componentOf(setting, TextComponent) };
}

/** Types the OAuth client into the settings and clicks "Sign in", as a user does. */
export async function signInThroughSettings(kira: KiraVaultUnderTest): Promise<void> {
  typeInto(settingField(kira, 'Client ID').text, CLIENT_ID);
  await kira.settle();
  typeInto(settingField(kira, 'Client secret').text, CLIENT_SECRET);
  await kira.settle();

  const tab = kira.host.openSettings('kira');
  click(componentOf(findSetting(tab.containerEl, 'Google account'), ButtonComponent));
  await waitFor(() => kira.plugin.calendar.isSignedIn(), 'the sign-in');
  await settleAll(kira);
}

/** Opens the settings, waits for the calendar picker to list `calendarId`, and picks it. */
export async function pickCalendar(kira: KiraVaultUnderTest, calendarId: string): Promise<void> {
  const tab = kira.host.openSettings('kira');
  const picker = componentOf(findSetting(tab.containerEl, 'Calendar'), DropdownComponent);
  await waitFor(
    () =>
      Array.from(picker.selectEl.querySelectorAll('option')).some((o) => o.value === calendarId),
    'the calendar list',
  );
  chooseOption(picker, calendarId);
  await waitFor(() => kira.plugin.settings.calendarId === calendarId, 'the chosen calendar');
  await settleAll(kira);
}

/** Kira's secrets on this host, by id. */
export function secretOf(kira: KiraVaultUnderTest, id: keyof typeof SECRET_IDS): string | null {
  return kira.host.app.secretStorage.getSecret(SECRET_IDS[id]);
}

/** The event notes in the vault: path → text. */
export async function eventNotes(kira: KiraVaultUnderTest): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const file of kira.host.app.vault.getMarkdownFiles()) {
    if (file.path.startsWith('Events/')) notes.set(file.path, await kira.host.app.vault.read(file));
  }
  return notes;
}

/** A one-hour meeting `hoursFromNow` after the real now (the sync lists a window around it). */
export function meetingAt(summary: string, hoursFromNow: number, more: object = {}) {
  const start = Math.floor((Date.now() + hoursFromNow * HOUR) / HOUR) * HOUR;
  return {
    summary,
    start: { dateTime: new Date(start).toISOString() },
    end: { dateTime: new Date(start + HOUR).toISOString() },
    ...more,
  };
}

/** An event note as Kira's create command makes it, with a start and an end. */
export function eventNote(id: string, title: string, hoursFromNow: number): string {
  const start = Math.floor((Date.now() + hoursFromNow * HOUR) / HOUR) * HOUR;
  const stamp = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return [
    '---',
    `id: ${id}`,
    'kind: event',
    `title: ${title}`,
    `created: ${stamp(Date.now() - HOUR).slice(0, 17)}00Z`,
    `updated: ${stamp(Date.now() - HOUR).slice(0, 17)}00Z`,
    'tags: []',
    `start: ${stamp(start)}`,
    `end: ${stamp(start + HOUR)}`,
    '---',
    'Agenda.',
    '',
  ].join('\n');
}
