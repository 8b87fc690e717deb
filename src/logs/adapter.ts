/**
 * The file operations the log writer and the history reader need, shaped like Obsidian's
 * `DataAdapter` so that `app.vault.adapter` fits as it is. Writing through the adapter rather
 * than the `Vault` API means log writes are never reported back as vault events; the default
 * folder also starts with a dot, which Obsidian leaves out of its file list and index.
 *
 * Paths are vault-relative with forward slashes; `list` returns vault-relative paths.
 */
export interface LogAdapter {
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  append(path: string, data: string): Promise<void>;
  read(path: string): Promise<string>;
  write(path: string, data: string): Promise<void>;
  list(path: string): Promise<{ files: string[]; folders: string[] }>;
  remove(path: string): Promise<void>;
}

/** Where logs go unless the settings say otherwise. */
export const DEFAULT_LOG_FOLDER = '.kira/logs';

const DAY_FILE = /(?:^|\/)(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The day file for a line stamped `ts` (storage format): `<folder>/YYYY-MM-DD.jsonl`, UTC. */
export function dayFilePath(folder: string, ts: string): string {
  return `${trimFolder(folder)}/${ts.slice(0, 10)}.jsonl`;
}

/** The day (`YYYY-MM-DD`) a log file path names, or null for any other file. */
export function dayOfLogFile(path: string): string | null {
  return DAY_FILE.exec(path)?.[1] ?? null;
}

/** The day files in `folder`, oldest first; an absent folder has none. */
export async function listDayFiles(adapter: LogAdapter, folder: string): Promise<string[]> {
  const root = trimFolder(folder);
  if (!(await adapter.exists(root))) return [];

  const { files } = await adapter.list(root);
  return files.filter((path) => dayOfLogFile(path) !== null).sort(byDay);
}

/** Creates `folder` and its parents as needed. */
export async function ensureFolder(adapter: LogAdapter, folder: string): Promise<void> {
  let path = '';
  for (const part of trimFolder(folder).split('/')) {
    path = path === '' ? part : `${path}/${part}`;
    if (!(await adapter.exists(path))) await adapter.mkdir(path);
  }
}

function trimFolder(folder: string): string {
  return folder.replace(/^\/+|\/+$/g, '');
}

function byDay(a: string, b: string): number {
  const dayA = dayOfLogFile(a) ?? '';
  const dayB = dayOfLogFile(b) ?? '';
  return dayA < dayB ? -1 : dayA > dayB ? 1 : 0;
}
