import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { parseNote } from '../../src/frontmatter';
import { CalendarEmulator } from '../emulator';
import {
  CLIENT_SECRET,
  emulatorSettings,
  eventNote,
  eventNotes,
  installApprovingBrowser,
  meetingAt,
  pickCalendar,
  secretOf,
  settleAll,
  signInThroughSettings,
} from './calendar-support';
import { type KiraVaultUnderTest, openKira } from './support';

const RIBBON = 'Sync with Google Calendar';

describe('Google Calendar sync in the plugin', () => {
  let emulator: CalendarEmulator;
  let kira: KiraVaultUnderTest;
  let browser: ReturnType<typeof installApprovingBrowser>;

  beforeEach(async () => {
    emulator = await CalendarEmulator.start({ auth: { mode: 'issued' } });
    browser = installApprovingBrowser();
    // The error funnel logs every failure to the console; the notices are what is checked.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await kira.plugin.calendar.settle();
    await kira.close();
    browser.uninstall();
    jest.restoreAllMocks();
    await emulator.close();
  });

  async function openSignedIn(files: Record<string, string> = {}): Promise<void> {
    kira = await openKira(files, emulatorSettings(emulator));
    await signInThroughSettings(kira);
    await pickCalendar(kira, emulator.primaryCalendarId);
  }

  function dataJson(): string {
    return readFileSync(path.join(kira.dir, '.obsidian/plugins/kira/data.json'), 'utf8');
  }

  function frontmatterOf(text: string): Record<string, unknown> {
    const parsed = parseNote(text);
    if (!parsed.ok) throw parsed.error;
    return parsed.note.frontmatter ?? {};
  }

  async function onlyEventNote(): Promise<[string, string]> {
    const notes = [...(await eventNotes(kira)).entries()];
    expect(notes).toHaveLength(1);
    return notes[0]!;
  }

  function ribbonEl(): HTMLElement {
    const item = kira.host.ribbonIcons.find((icon) => icon.title === RIBBON);
    if (!item) throw new Error('no calendar ribbon button');
    return item.el;
  }

  it('signs in through the settings button, keeping every secret out of data.json', async () => {
    kira = await openKira({}, emulatorSettings(emulator));

    await signInThroughSettings(kira);

    const refreshToken = secretOf(kira, 'refreshToken');
    expect(browser.opened[0]).toContain('code_challenge_method=S256');
    expect(refreshToken).toMatch(/^1\/\/emu-refresh-/);
    expect(emulator.oauth.refreshTokens.has(refreshToken!)).toBe(true);
    expect(secretOf(kira, 'clientSecret')).toBe(CLIENT_SECRET);
    expect(kira.plugin.calendar.status.account).toBe(emulator.primaryCalendarId);
    expect(dataJson()).not.toContain(refreshToken!);
    expect(dataJson()).not.toContain(CLIENT_SECRET);
    expect(dataJson()).not.toContain('ya29.');
    expect(JSON.parse(dataJson())).toMatchObject({ googleClientId: 'kira-emulator-client' });
  });

  it('lists the calendars after sign-in and keeps the one picked', async () => {
    emulator.addCalendar({ id: 'team@example.com', summary: 'Team', timeZone: 'UTC' });

    await openSignedIn();

    expect(kira.plugin.settings.calendarId).toBe(emulator.primaryCalendarId);
    expect(JSON.parse(dataJson())).toMatchObject({ calendarId: emulator.primaryCalendarId });
    expect(kira.host.statusBarItems.map((el) => el.textContent)).toContainEqual(
      expect.stringMatching(/^Calendar: synced/),
    );
  });

  it('imports an event created on Google as an event note on "sync now"', async () => {
    await openSignedIn();
    const event = emulator.remote.insert(
      'primary',
      meetingAt('Dentist', 26, { location: 'Main St' }),
    );

    kira.host.runCommand('kira:sync-google-calendar');
    await settleAll(kira);

    const [notePath, text] = await onlyEventNote();
    const frontmatter = frontmatterOf(text);
    expect(notePath).toBe('Events/Dentist.md');
    expect(frontmatter).toMatchObject({ kind: 'event', title: 'Dentist', location: 'Main St' });
    expect(frontmatter['x-kira']).toMatchObject({
      source: 'gcal',
      remote_id: event.id,
      etag: event.etag,
    });
  });

  it('pushes a local edit with the etag it was made on, and the next pull is an echo', async () => {
    await openSignedIn();
    emulator.remote.insert('primary', meetingAt('Review', 30));
    await kira.plugin.calendar.sync('user');
    await settleAll(kira);
    const [notePath, imported] = await onlyEventNote();

    await kira.write(notePath, imported.replace('title: Review', 'title: Design review'));
    await settleAll(kira);
    const pushed = await kira.plugin.calendar.sync('user');
    await settleAll(kira);
    const afterPush = kira.read(notePath);
    const echo = await kira.plugin.calendar.sync('user');
    await settleAll(kira);

    const remote = emulator.events('primary', { includeDeleted: false });
    const contract = frontmatterOf(afterPush)['x-kira'] as Record<string, unknown>;
    expect(pushed).toMatchObject({ patched: 1, inserted: 0 });
    expect(remote.map((event) => event.summary)).toEqual(['Design review']);
    expect(contract).toMatchObject({ source: 'kira', etag: remote[0]!.etag });
    expect(contract.pending).toBeUndefined();
    expect(echo).toMatchObject({ created: 0, imported: 0, patched: 0 });
    expect(kira.read(notePath)).toBe(afterPush);
  });

  it('sends If-Match: an edit made on a version Google has since changed is a conflict', async () => {
    await openSignedIn();
    const event = emulator.remote.insert('primary', meetingAt('Standup', 40));
    await kira.plugin.calendar.sync('user');
    await settleAll(kira);
    const [notePath, imported] = await onlyEventNote();

    emulator.remote.patch('primary', event.id, { location: 'Room 2' });
    await kira.write(notePath, imported.replace('title: Standup', 'title: Daily standup'));
    await settleAll(kira);
    const report = await kira.plugin.calendar.sync('user');
    await settleAll(kira);

    const patches = emulator.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.status)).toContain(412);
    expect(report?.conflicts).toBe(1);
    expect(kira.plugin.runtime.quarantine.list().map((item) => item.kind)).toContain('conflict');
  });

  it('sends a new event note to Google once, with the Kira id, and never twice', async () => {
    await openSignedIn({
      'Events/Launch.md': eventNote('event-20240101-0900-launch', 'Launch', 50),
    });

    await kira.plugin.calendar.sync('user');
    await kira.plugin.calendar.sync('user');
    await settleAll(kira);

    const remote = emulator.events('primary', { includeDeleted: false });
    expect(remote).toHaveLength(1);
    expect(remote[0]!.extendedProperties?.private?.kiraId).toBe('event-20240101-0900-launch');
    expect(await eventNotes(kira)).toHaveProperty('size', 1);
  });

  it('shows on the ribbon that a sync runs, then that it is done', async () => {
    await openSignedIn();
    const el = ribbonEl();

    kira.host.clickRibbon(RIBBON);
    const whileRunning = {
      isRunning: el.hasClass('kira-sync-running'),
      label: el.getAttribute('aria-label'),
    };
    await settleAll(kira);

    expect(whileRunning).toEqual({
      isRunning: true,
      label: `${RIBBON}. Syncing with Google Calendar…`,
    });
    expect(el.hasClass('kira-sync-running')).toBe(false);
    expect(el.hasClass('kira-sync-failed')).toBe(false);
    expect(el.getAttribute('aria-label')).toMatch(/Last synced/);
  });

  it('shows on the ribbon that the last sync failed when a fault outlasts the retries', async () => {
    await openSignedIn();
    emulator.faults.forPath(/\/events$/, { status: 503 });

    kira.host.clickRibbon(RIBBON);
    await settleAll(kira);

    const listings = emulator.requests.filter((r) => r.path.endsWith('/events') && r.isFault);
    expect(listings).toHaveLength(5);
    expect(ribbonEl().hasClass('kira-sync-failed')).toBe(true);
    expect(ribbonEl().getAttribute('aria-label')).toContain('server error');
    expect(kira.host.noticeMessages().at(-1)).toContain('Google Calendar sync failed');
    expect(kira.host.statusBarItems.map((el) => el.textContent)).toContain('Calendar: sync failed');
  });

  it('says to sign in again when Google no longer accepts the refresh token', async () => {
    await openSignedIn();
    const access = JSON.parse(secretOf(kira, 'accessToken')!) as { token: string };
    emulator.oauth.revokeRefreshToken(secretOf(kira, 'refreshToken')!);
    emulator.rejectAccessToken(access.token);

    kira.host.runCommand('kira:sync-google-calendar');
    await settleAll(kira);

    const notice = kira.host.noticeMessages().at(-1) ?? '';
    expect(notice).toMatch(/expired or was revoked\. Sign in again\./);
    expect(notice).toMatch(/Sign in again$/);
    expect(kira.plugin.calendar.isSignedIn()).toBe(false);
    expect(ribbonEl().hasClass('kira-sync-failed')).toBe(true);
  });

  it('signs in again after a dead sign-in and syncs at once', async () => {
    await openSignedIn();
    emulator.oauth.revokeRefreshToken(secretOf(kira, 'refreshToken')!);
    emulator.rejectAccessToken(
      (JSON.parse(secretOf(kira, 'accessToken')!) as { token: string }).token,
    );
    await kira.plugin.calendar.sync('user');
    emulator.remote.insert('primary', meetingAt('Retro', 60));

    kira.host.runCommand('kira:google-sign-in');
    await waitForSignIn();

    expect(await eventNotes(kira)).toHaveProperty('size', 1);
    expect(ribbonEl().hasClass('kira-sync-failed')).toBe(false);
  });

  it('signs out from the settings: Google revokes the grant and the secrets are cleared', async () => {
    await openSignedIn();
    const refreshToken = secretOf(kira, 'refreshToken')!;

    kira.host.runCommand('kira:google-sign-out');
    await settleAll(kira);

    expect(emulator.oauth.refreshTokens.has(refreshToken)).toBe(false);
    expect(secretOf(kira, 'refreshToken')).toBe('');
    expect(secretOf(kira, 'accessToken')).toBe('');
    expect(kira.host.noticeMessages().at(-1)).toContain('access was revoked');
    expect(kira.host.statusBarItems.map((el) => el.textContent)).toContain('Calendar: signed out');
  });

  async function waitForSignIn(): Promise<void> {
    for (let attempt = 0; attempt < 200 && !kira.plugin.calendar.isSignedIn(); attempt += 1) {
      await new Promise((resolve) => window.setTimeout(resolve, 10));
    }
    await settleAll(kira);
  }
});
