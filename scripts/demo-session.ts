/**
 * The demo: the built `main.js` loaded into the headless host over a fresh copy of
 * `examples/demo-vault`, a short session played through Kira's own commands and a user's
 * edits, and a report of what happened. The copy is left behind with Kira installed in
 * `.obsidian/plugins/kira/`, so it can be opened in Obsidian.
 */
import 'fake-indexeddb/auto';

import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Modal, SuggestModal } from 'obsidian';

import { CalendarEmulator } from '../tests/emulator';
import {
  chooseOption,
  chooseSuggestion,
  click,
  findSetting,
  HeadlessHost,
  loadPluginBundle,
  modalText,
  suggest,
  typeInto,
} from '../tests/host';

interface KiraPluginShape {
  settings: Record<string, unknown>;
  saveSettings(next: Record<string, unknown>): Promise<void>;
  runtime: {
    settle(): Promise<void>;
    quarantine: { list(): { kind: string; path: string; reason: string }[] };
  };
  calendar: {
    settle(): Promise<void>;
    isSignedIn(): boolean;
    status: { state: string; message: string; account?: string };
  };
}

const repo = process.argv[2] ?? process.cwd();

async function main(): Promise<void> {
  const vault = copyVault();
  const host = await HeadlessHost.open(vault, { trashOption: 'local' });
  const PluginClass = loadPluginBundle(join(vault, '.obsidian/plugins/kira/main.js'));
  const manifest = JSON.parse(readFileSync(join(repo, 'manifest.json'), 'utf8'));
  const plugin = (await host.loadPlugin(PluginClass, manifest)) as unknown as KiraPluginShape;
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 3; round += 1) {
      await host.settle();
      await plugin.runtime.settle();
      await plugin.calendar.settle();
    }
  };
  await settle();

  heading('Kira demo');
  say(`Vault copy: ${vault}`);
  say(`Kira loaded from .obsidian/plugins/kira/main.js; commands: ${host.commands().length}.`);

  heading('1. Create a task');
  host.runCommand('kira:create-task');
  answer(await waitForModal(host), 'Write the quarterly report');
  await settle();
  const report = 'Tasks/Write the quarterly report.md';
  show(vault, report);

  heading('2. Move it through its lifecycle with "Set task status"');
  for (const [target, reason] of [
    ['Doing', null],
    ['Blocked', 'Waiting for the sales figures'],
    ['Doing', null],
    ['Review', null],
    ['Done', null],
  ] as const) {
    await host.setActiveFile(host.app.vault.getFileByPath(report));
    host.runCommand('kira:set-task-status');
    const picker = (await waitForModal(host)) as SuggestModal<string>;
    const offered = (await suggest(picker, '')).map((entry) => entry.text);
    chooseSuggestion(picker, target);
    if (reason) answer(await waitForModal(host, 'Why'), reason);
    await settle();
    say(`offered ${offered.join(' / ')} → chose ${target}${reason ? ` (reason: ${reason})` : ''}`);
  }
  show(vault, report, [
    'status',
    'start_ts',
    'done_ts',
    'frozen_estimate',
    'transition_count',
    'last_transition_at',
  ]);

  heading('3. A user edit Kira accepts: "Renew passport" set to done in the note');
  await userEdit(host, 'Tasks/Renew passport.md', (text) =>
    text.replace('status: doing', 'status: done'),
  );
  await settle();
  show(vault, 'Tasks/Renew passport.md', [
    'status',
    'done_ts',
    'entered_done_at',
    'transition_count',
  ]);

  heading('4. An illegal edit: "Plan team offsite" typed from todo straight to review');
  await userEdit(host, 'Tasks/Plan team offsite.md', (text) =>
    text.replace('status: todo', 'status: review').replace('- dates', '- dates\n- budget'),
  );
  await settle();
  say(`Notice: ${host.noticeMessages().at(-1) ?? '(none)'}`);
  show(vault, 'Tasks/Plan team offsite.md');

  heading('5. An invalid value: priority "someday"');
  await userEdit(host, 'Tasks/Renew passport.md', (text) =>
    text.replace('priority: high', 'priority: someday'),
  );
  await settle();
  say('The note is kept as written; it is listed in the quarantine until it is fixed.');

  heading('6. Validate vault');
  host.runCommand('kira:validate-vault');
  const validation = await waitForModal(host, 'vault check');
  await settle();
  say(validation.contentEl.querySelector('p')?.textContent ?? '');
  for (const item of Array.from(validation.contentEl.querySelectorAll('li'))) {
    say(`  - ${item.childNodes[0]?.textContent ?? item.textContent ?? ''}`);
  }

  heading('Quarantine');
  say(`Status bar: ${host.statusBarItems.map((el) => el.textContent).join(' | ')}`);
  for (const item of plugin.runtime.quarantine.list())
    say(`- [${item.kind}] ${item.path}: ${item.reason}`);

  await calendarSession(host, plugin, vault, settle);

  await host.close();
  heading('Done');
  say(`The vault copy stays at ${vault}, with Kira in .obsidian/plugins/kira/.`);
}

/**
 * Google Calendar against the emulator on loopback: sign in through the settings (the
 * emulator approves the consent page at once), pick the calendar, import an event made on the
 * "Google" side, push a local edit. Afterwards the calendar settings are reset, so the vault
 * copy opened in Obsidian does not point at the stopped emulator.
 */
async function calendarSession(
  host: HeadlessHost,
  plugin: KiraPluginShape,
  vault: string,
  settle: () => Promise<void>,
): Promise<void> {
  const emulator = await CalendarEmulator.start({ auth: { mode: 'issued' } });
  const opened: string[] = [];
  // The system browser: fetches the consent page and follows its redirect to Kira's loopback.
  (window as unknown as { open?: unknown }).open = (url: string) => {
    opened.push(url);
    void fetch(url).then((response) => response.text());
    return null;
  };
  try {
    heading('7. Google Calendar: sign in (against the emulator on loopback)');
    await plugin.saveSettings({
      ...plugin.settings,
      syncIntervalMinutes: 0,
      calendarEndpoints: {
        apiRootUrl: emulator.rootUrl,
        authUrl: emulator.authUrl,
        tokenUrl: emulator.tokenUrl,
        revokeUrl: emulator.revokeUrl,
      },
    });
    typeInto(settingText(host, 'Client ID'), 'kira-emulator-client');
    typeInto(settingText(host, 'Client secret'), 'kira-emulator-secret');
    await settle();
    const account = findSetting(host.openSettings('kira').containerEl, 'Google account');
    click(account.controlEl.querySelector('button')!);
    for (let tries = 0; tries < 300 && !plugin.calendar.isSignedIn(); tries += 1) await pause(10);
    await settle();
    say(`Consent page opened: ${new URL(opened[0] ?? 'about:blank').pathname} (PKCE S256)`);
    say(`Signed in as ${plugin.calendar.status.account ?? '?'}`);
    const keptIds = ['kira-google-refresh-token', 'kira-google-client-secret'];
    say(
      `Secret storage holds: ${keptIds.filter((id) => host.app.secretStorage.getSecret(id)).join(', ')}`,
    );
    const data = readFileSync(join(vault, '.obsidian/plugins/kira/data.json'), 'utf8');
    say(`data.json holds a token or the secret: ${/1\/\/|ya29|kira-emulator-secret/.test(data)}`);

    const picker = findSetting(
      host.openSettings('kira').containerEl,
      'Calendar',
    ).controlEl.querySelector('select')!;
    for (let tries = 0; tries < 300 && picker.querySelectorAll('option').length < 2; tries += 1)
      await pause(10);
    chooseOption(picker, emulator.primaryCalendarId);
    await settle();
    say(`Calendar picked: ${emulator.primaryCalendarId}; status bar: ${statusBar(host)}`);
    const sent = emulator.events('primary').map((candidate) => `"${candidate.summary ?? ''}"`);
    say(`The vault's event notes went to Google on the first sync: ${sent.join(', ')}`);

    heading('8. An event made on Google is imported by "Sync with Google Calendar now"');
    const start = Math.ceil(Date.now() / 3_600_000 + 24) * 3_600_000;
    const event = emulator.remote.insert('primary', {
      summary: 'Call with the bank',
      location: 'Main Street 4',
      start: { dateTime: new Date(start).toISOString() },
      end: { dateTime: new Date(start + 3_600_000).toISOString() },
    });
    host.runCommand('kira:sync-google-calendar');
    await settle();
    say(`Notice: ${host.noticeMessages().at(-1) ?? ''}`);
    const notePath = 'Events/Call with the bank.md';
    show(vault, notePath);

    heading('9. A local edit goes out as a patch with If-Match, and the next pull is an echo');
    await userEdit(host, notePath, (text) =>
      text.replace('location: Main Street 4', 'location: Main Street 6'),
    );
    await settle();
    host.runCommand('kira:sync-google-calendar');
    await settle();
    const patch = emulator.requests.filter((request) => request.method === 'PATCH').at(-1);
    const remote = emulator.events('primary').find((candidate) => candidate.id === event.id);
    say(`PATCH ${patch?.path ?? '(none)'} → ${patch?.status ?? ''}`);
    say(
      `On Google now: "${remote?.summary ?? ''}" at ${remote?.location ?? ''}, etag ${remote?.etag ?? ''}`,
    );
    show(vault, notePath, ['location', 'x-kira', '  etag', '  source', '  version']);
    const before = readFileSync(join(vault, notePath), 'utf8');
    host.runCommand('kira:sync-google-calendar');
    await settle();
    say(`Notice: ${host.noticeMessages().at(-1) ?? ''}`);
    say(`Note unchanged by the echo: ${readFileSync(join(vault, notePath), 'utf8') === before}`);
    say(`Requests the emulator answered: ${emulator.requests.length}`);
  } finally {
    await plugin.saveSettings({
      ...plugin.settings,
      googleClientId: '',
      calendarId: '',
      calendarEndpoints: null,
    });
    await emulator.close();
  }
}

function settingText(host: HeadlessHost, name: string): HTMLInputElement {
  const setting = findSetting(host.openSettings('kira').containerEl, name);
  const input = setting.controlEl.querySelector('input');
  if (!input) throw new Error(`The setting ${name} has no text field.`);
  return input;
}

function statusBar(host: HeadlessHost): string {
  return host.statusBarItems
    .map((el) => el.textContent)
    .filter(Boolean)
    .join(' | ');
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

function copyVault(): string {
  const vault = mkdtempSync(join(tmpdir(), 'kira-demo-vault-'));
  cpSync(join(repo, 'examples/demo-vault'), vault, { recursive: true });
  const pluginDir = join(vault, '.obsidian/plugins/kira');
  mkdirSync(pluginDir, { recursive: true });
  for (const file of ['main.js', 'manifest.json', 'styles.css']) {
    cpSync(join(repo, file), join(pluginDir, file));
  }
  return vault;
}

async function userEdit(
  host: HeadlessHost,
  path: string,
  change: (text: string) => string,
): Promise<void> {
  const file = host.app.vault.getFileByPath(path);
  if (!file) throw new Error(`No note at ${path}`);
  await host.app.vault.modify(file, change(await host.app.vault.read(file)));
  await host.settle();
}

async function waitForModal(host: HeadlessHost, containing = ''): Promise<Modal> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const modal = host.topModal();
    if (modal && modalText(modal).includes(containing)) return modal;
    await new Promise((resolve) => window.setTimeout(resolve, 10));
  }
  throw new Error(`No modal${containing ? ` containing "${containing}"` : ''} appeared.`);
}

function answer(modal: Modal, text: string): void {
  const input = modal.contentEl.querySelector('input');
  const ok = Array.from(modal.contentEl.querySelectorAll('button')).find(
    (b) => b.textContent === 'OK',
  );
  if (!input || !ok) throw new Error(`Unexpected modal: ${modalText(modal)}`);
  typeInto(input, text);
  click(ok);
}

function show(vault: string, path: string, keys?: string[]): void {
  const text = readFileSync(join(vault, path), 'utf8');
  const lines = keys
    ? text.split('\n').filter((line) => keys.some((key) => line.startsWith(`${key}:`)))
    : text.trimEnd().split('\n');
  say(`${path}:`);
  for (const line of lines) say(`  | ${line}`);
}

function heading(text: string): void {
  console.log(`\n== ${text} ==`);
}

function say(text: string): void {
  console.log(`  ${text}`);
}

main().catch((error: unknown) => {
  console.error('The demo failed:', error);
  process.exit(1);
});
