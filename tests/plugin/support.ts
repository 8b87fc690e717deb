import 'fake-indexeddb/auto';

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Modal, PluginManifest } from 'obsidian';

import KiraPlugin from '../../src/main';
import { click, HeadlessHost, modalText, typeInto } from '../host';

export const manifest: PluginManifest = {
  id: 'kira',
  name: 'Kira',
  version: '0.1.0',
  minAppVersion: '1.11.4',
  description: 'test',
  author: 'test',
};

export interface KiraVaultUnderTest {
  host: HeadlessHost;
  plugin: KiraPlugin;
  dir: string;
  read(vaultPath: string): string;
  write(vaultPath: string, text: string): Promise<void>;
  /** Lets the host and Kira finish everything under way. */
  settle(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

let vaultCount = 0;

/** A host over a fresh vault folder holding `files`, with Kira loaded and started. */
export async function openKira(
  files: Record<string, string> = {},
  settings: Record<string, unknown> = { editDebounceMs: 200 },
): Promise<KiraVaultUnderTest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kira-plugin-test-'));
  for (const [vaultPath, text] of Object.entries(files)) writeDisk(dir, vaultPath, text);
  writeDisk(dir, '.obsidian/plugins/kira/data.json', JSON.stringify(settings));
  // Each test gets its own database: names come from the vault's name.
  const vaultName = `test-vault-${process.pid}-${++vaultCount}`;

  let host = await HeadlessHost.open(dir, { vaultName, trashOption: 'local' });
  let plugin = await host.loadPlugin(KiraPlugin, manifest);
  await host.settle();
  await plugin.runtime.settle();

  const subject: KiraVaultUnderTest = {
    get host() {
      return host;
    },
    get plugin() {
      return plugin;
    },
    dir,
    read: (vaultPath) => readFileSync(path.join(dir, vaultPath), 'utf8'),
    async write(vaultPath, text) {
      const file = host.app.vault.getFileByPath(vaultPath);
      if (!file) throw new Error(`no file ${vaultPath}`);
      await host.app.vault.modify(file, text);
      await host.settle();
    },
    async settle() {
      for (let round = 0; round < 5; round += 1) {
        await host.settle();
        await plugin.runtime.settle();
      }
      await host.settle();
    },
    async restart() {
      await subject.settle();
      await host.close();
      host = await HeadlessHost.open(dir, { vaultName, trashOption: 'local' });
      plugin = await host.loadPlugin(KiraPlugin, manifest);
      await host.settle();
      await plugin.runtime.settle();
    },
    async close() {
      await subject.settle();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return subject;
}

export function writeDisk(dir: string, vaultPath: string, text: string): void {
  const full = path.join(dir, vaultPath);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/** Waits (on real time, briefly) until `find` returns something. */
export async function waitFor<T>(find: () => T | null | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => window.setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Answers the text prompt on top: types `text` and presses OK. */
export function answerPrompt(modal: Modal, text: string): void {
  const field = modal.contentEl.querySelector('input');
  if (!field) throw new Error(`The modal has no text field: ${modalText(modal)}`);
  typeInto(field, text);
  const ok = Array.from(modal.contentEl.querySelectorAll('button')).find(
    (button) => button.textContent === 'OK',
  );
  if (!ok) throw new Error('The modal has no OK button');
  click(ok);
}

/** A task note in canonical form, with `overrides` replacing or adding keys. */
export function taskNote(
  title: string,
  overrides: Record<string, string> = {},
  body = 'Some notes.\n',
): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const fields: Record<string, string> = {
    id: `task-20261201-0900-${slug}`,
    kind: 'task',
    title,
    created: '2026-12-01T09:00:00Z',
    updated: '2026-12-01T09:00:00Z',
    tags: '[]',
    status: 'todo',
    priority: 'normal',
    entered_todo_at: '2026-12-01T09:00:00Z',
    transition_count: '0',
    ...overrides,
  };
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}
