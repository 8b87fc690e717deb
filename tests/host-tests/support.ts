import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PluginManifest, TAbstractFile } from 'obsidian';
import { HeadlessHost, type HostOptions } from '../host';

/** A vault folder in the temp dir holding `files` (vault path → text). */
export function makeVaultDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'host-test-vault-'));
  for (const [vaultPath, text] of Object.entries(files)) writeDiskFile(dir, vaultPath, text);
  return dir;
}

export function writeDiskFile(dir: string, vaultPath: string, text: string): void {
  const full = path.join(dir, vaultPath);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

export function readDiskFile(dir: string, vaultPath: string): string {
  return readFileSync(path.join(dir, vaultPath), 'utf8');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Opens a host over a fresh vault; `close` closes it and deletes the folder. */
export async function openVault(
  files: Record<string, string> = {},
  options: HostOptions = {},
): Promise<{ host: HeadlessHost; dir: string; close: () => Promise<void> }> {
  const dir = makeVaultDir(files);
  const host = await HeadlessHost.open(dir, options);
  return {
    host,
    dir,
    close: async () => {
      await host.close();
      removeDir(dir);
    },
  };
}

/** Every vault event, as `<name> <path>`, in delivery order. */
export function recordVaultEvents(host: HeadlessHost): string[] {
  const events: string[] = [];
  const record = (name: string) => (file: TAbstractFile) => events.push(`${name} ${file.path}`);
  host.vault.on('create', record('create'));
  host.vault.on('modify', record('modify'));
  host.vault.on('rename', record('rename'));
  host.vault.on('delete', record('delete'));
  return events;
}

export function manifest(id = 'sample', name = 'Sample'): PluginManifest {
  return {
    id,
    name,
    author: 'Tests',
    version: '0.0.1',
    minAppVersion: '1.11.4',
    description: 'A test plugin.',
  };
}

export function note(frontmatter: string, body = 'Body text.\n'): string {
  return `---\n${frontmatter}---\n${body}`;
}
