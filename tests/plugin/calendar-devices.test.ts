/**
 * Two devices: two hosts, each with Kira, its own database and its own sign-in, on ONE vault
 * folder and one calendar. The headless host does not watch the disk, so a host sees the other
 * one's files only after it is reopened: each round both devices edit and sync at the same
 * time, then both are reopened (as a synced vault would deliver the files).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { SyncReport } from '../../src/calendar/context';
import { parseNote } from '../../src/frontmatter';
import KiraPlugin from '../../src/main';
import { CalendarEmulator } from '../emulator';
import { HeadlessHost } from '../host';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  emulatorSettings,
  eventNote,
  installApprovingBrowser,
  meetingAt,
} from './calendar-support';
import { manifest, writeDisk } from './support';

interface Device {
  host: HeadlessHost;
  plugin: KiraPlugin;
}

describe('two devices syncing one vault folder with one calendar', () => {
  let emulator: CalendarEmulator;
  let root: string;
  let browser: ReturnType<typeof installApprovingBrowser>;
  const devices = new Map<string, Device>();

  beforeEach(async () => {
    emulator = await CalendarEmulator.start({ auth: { mode: 'issued' } });
    browser = installApprovingBrowser();
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    root = mkdtempSync(path.join(os.tmpdir(), 'kira-devices-'));
    const vault = path.join(root, 'vault');
    const settings = emulatorSettings(emulator, {
      googleClientId: CLIENT_ID,
      calendarId: emulator.primaryCalendarId,
    });
    writeDisk(vault, '.obsidian/plugins/kira/data.json', JSON.stringify(settings));
    writeDisk(vault, 'Events/Kickoff.md', eventNote('event-20240101-0900-kickoff', 'Kickoff', 30));
    // The second device reaches the same folder by another path, so its app id (and so its
    // database) differs, as another computer's would.
    symlinkSync(vault, path.join(root, 'second'));
  });

  afterEach(async () => {
    for (const device of devices.values()) {
      await device.plugin.calendar.settle();
      await device.host.close();
    }
    devices.clear();
    browser.uninstall();
    jest.restoreAllMocks();
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function open(name: 'vault' | 'second'): Promise<Device> {
    const previous = devices.get(name);
    const kept = previous ? secretsOf(previous.host) : new Map<string, string>();
    if (previous) {
      await settle(previous);
      await previous.host.close();
    }
    const host = await HeadlessHost.open(path.join(root, name), {
      vaultName: `${name}-${process.pid}-${emulator.rootUrl}`,
      trashOption: 'local',
    });
    // The host's secret storage lives as long as the host; Obsidian's outlives a restart.
    for (const [id, secret] of kept) host.app.secretStorage.setSecret(id, secret);
    const plugin = await host.loadPlugin(KiraPlugin, manifest);
    const device = { host, plugin };
    devices.set(name, device);
    await settle(device);
    return device;
  }

  function secretsOf(host: HeadlessHost): Map<string, string> {
    const storage = host.app.secretStorage as unknown as { listSecrets(): string[] };
    return new Map(
      storage.listSecrets().map((id) => [id, host.app.secretStorage.getSecret(id) ?? '']),
    );
  }

  async function signIn(device: Device): Promise<void> {
    device.plugin.calendar.setClientSecret(CLIENT_SECRET);
    device.host.runCommand('kira:google-sign-in');
    for (let tries = 0; tries < 200 && !device.plugin.calendar.isSignedIn(); tries += 1) {
      await new Promise((resolve) => window.setTimeout(resolve, 10));
    }
    await settle(device);
  }

  async function settle(device: Device): Promise<void> {
    for (let round = 0; round < 3; round += 1) {
      await device.plugin.calendar.settle();
      await device.host.settle();
      await device.plugin.runtime.settle();
    }
  }

  async function edit(device: Device, notePath: string, change: (text: string) => string) {
    const file = device.host.app.vault.getFileByPath(notePath);
    if (!file) throw new Error(`no ${notePath}`);
    await device.host.app.vault.modify(file, change(await device.host.app.vault.read(file)));
    await settle(device);
  }

  function notesOnDisk(): { path: string; frontmatter: Record<string, unknown> }[] {
    const folder = path.join(root, 'vault', 'Events');
    return readdirSync(folder).map((name) => {
      const parsed = parseNote(readFileSync(path.join(folder, name), 'utf8'));
      if (!parsed.ok) throw parsed.error;
      return { path: name, frontmatter: parsed.note.frontmatter ?? {} };
    });
  }

  function changed(report: SyncReport | null): number {
    if (!report) throw new Error('the sync did not run');
    return report.created + report.imported + report.inserted + report.patched + report.cancelled;
  }

  it('edits on both sides at once make no duplicate note or event, and both converge', async () => {
    let first = await open('vault');
    let second = await open('second');
    await signIn(first);
    await signIn(second);

    for (const round of [1, 2, 3]) {
      emulator.remote.insert('primary', meetingAt(`Remote ${round}`, 40 + round));
      writeDisk(
        path.join(root, 'vault'),
        `Events/Local ${round}.md`,
        eventNote(`event-20240101-090${round}-local-${round}`, `Local ${round}`, 60 + round),
      );
      first = await open('vault');
      second = await open('second');
      await edit(first, 'Events/Kickoff.md', (text) =>
        text.replace(/^title: .*$/m, `title: Kickoff ${round}`),
      );
      if (round > 1) {
        await edit(second, `Events/Remote ${round - 1}.md`, (text) =>
          text.replace(/^end: .*$/m, (line) => `${line}\nlocation: Room ${round}`),
        );
      }

      await Promise.all([first.plugin.calendar.sync('user'), second.plugin.calendar.sync('user')]);
      await Promise.all([settle(first), settle(second)]);
      first = await open('vault');
      second = await open('second');
    }
    const lastReports = [];
    for (const device of [first, second, first, second]) {
      lastReports.push(await device.plugin.calendar.sync('user'));
      await settle(device);
    }

    const notes = notesOnDisk();
    const remote = emulator.events('primary', { includeDeleted: false });
    const ids = notes.map((note) => note.frontmatter.id);
    const linked = notes.map(
      (note) => (note.frontmatter['x-kira'] as { remote_id?: string }).remote_id,
    );
    expect(notes).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(remote).toHaveLength(7);
    expect(new Set(linked)).toEqual(new Set(remote.map((event) => event.id)));
    for (const event of remote) {
      const note = notes.find(
        (candidate) =>
          (candidate.frontmatter['x-kira'] as { remote_id: string }).remote_id === event.id,
      );
      expect(note?.frontmatter.title).toBe(event.summary);
      expect(note?.frontmatter.location ?? null).toBe(event.location ?? null);
      expect(note?.frontmatter['x-kira']).not.toHaveProperty('pending');
    }
    expect(
      remote.find(
        (event) => event.extendedProperties?.private?.kiraId === 'event-20240101-0900-kickoff',
      )?.summary,
    ).toBe('Kickoff 3');
    expect(remote.find((event) => event.summary === 'Remote 2')?.location).toBe('Room 3');
    expect(lastReports.slice(2).map(changed)).toEqual([0, 0]);
  });
});
