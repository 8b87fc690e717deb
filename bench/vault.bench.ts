/**
 * The write path in the headless host over a real folder: the cold index of a 10,000-note
 * vault (from the metadata cache, no note read), validated writes through the queue beside
 * raw `Vault.process`, and the memory the index takes per 10,000 entities.
 */
import 'fake-indexeddb/auto';

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault } from 'obsidian';

import KiraPlugin from '../src/main';
import { DEFAULT_WRITE_CONCURRENCY } from '../src/queue/write-queue';
import { EntityIndex } from '../src/vault/entity-index';
import { HeadlessHost } from '../tests/host';
import { compare, figure, type Measurement } from './harness';

const NOTES = 10_000;
const WRITES = 2_000;

function taskNote(n: number): string {
  return [
    '---',
    `id: task-20261201-0900-task-${n}`,
    'kind: task',
    `title: Task ${n}`,
    'created: 2026-12-01T09:00:00Z',
    'updated: 2026-12-01T09:00:00Z',
    'tags:',
    '  - bench',
    'status: todo',
    'priority: normal',
    'entered_todo_at: 2026-12-01T09:00:00Z',
    'transition_count: 0',
    '---',
    `Body of task ${n}.`,
    '',
  ].join('\n');
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kira-bench-vault-'));
  mkdirSync(join(dir, 'Tasks'));
  mkdirSync(join(dir, '.obsidian/plugins/kira'), { recursive: true });
  writeFileSync(
    join(dir, '.obsidian/plugins/kira/data.json'),
    JSON.stringify({ editDebounceMs: 200, runaway: { maxWrites: 1000, windowSeconds: 1 } }),
  );
  for (let n = 0; n < NOTES; n += 1) writeFileSync(join(dir, `Tasks/Task ${n}.md`), taskNote(n));

  try {
    const host = await HeadlessHost.open(dir, { vaultName: `bench-${process.pid}` });
    let reads = 0;
    const read = Vault.prototype.read;
    const cachedRead = Vault.prototype.cachedRead;
    Vault.prototype.read = function (this: Vault, file) {
      reads += 1;
      return read.call(this, file);
    };
    Vault.prototype.cachedRead = function (this: Vault, file) {
      reads += 1;
      return cachedRead.call(this, file);
    };

    const loadStart = performance.now();
    const plugin = await host.loadPlugin(KiraPlugin, {
      id: 'kira',
      name: 'Kira',
      version: '0',
      minAppVersion: '1.11.4',
      description: '',
      author: '',
    });
    await plugin.runtime.settle();
    const loadMs = performance.now() - loadStart;
    Vault.prototype.read = read;
    Vault.prototype.cachedRead = cachedRead;

    figure('notes read while loading and indexing', reads, 'reads', '0');
    figure('load + start (index, snapshots) of 10,000', loadMs / 1000, 's');

    const indexStart = performance.now();
    plugin.runtime.vault.buildIndex();
    const indexMs = performance.now() - indexStart;
    const cacheStart = performance.now();
    let touched = 0;
    for (const file of host.app.vault.getMarkdownFiles()) {
      if (host.app.metadataCache.getFileCache(file)?.frontmatter) touched += 1;
    }
    const cacheMs = performance.now() - cacheStart;
    figure('cold index of 10,000 notes', indexMs / 1000, 's', 'at most 0.3 s');
    compare(
      rate('index from the cache', NOTES, indexMs),
      rate(`cache walk only (${touched})`, NOTES, cacheMs),
      'notes/s',
    );

    const files = host.app.vault.getMarkdownFiles().slice(0, 100);
    // Each round writes every one of the 100 notes once, with a value that differs from the
    // round before, so that every write really changes the note. The raw baseline runs once
    // with every call started at once and once as many at a time as the queue runs.
    const value = (n: number, values: [string, string]): string =>
      values[Math.floor(n / files.length) % 2]!;
    const rawStart = performance.now();
    await Promise.all(
      Array.from({ length: WRITES }, (_, n) =>
        host.app.vault.process(files[n % files.length]!, (text) =>
          text.replace(/^priority: .*$/m, `priority: ${value(n, ['low', 'high'])}`),
        ),
      ),
    );
    const rawMs = performance.now() - rawStart;
    await host.settle();

    const rawLanesStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: DEFAULT_WRITE_CONCURRENCY }, async () => {
        while (next < WRITES) {
          const n = next++;
          await host.app.vault.process(files[n % files.length]!, (text) =>
            text.replace(/^priority: .*$/m, `priority: ${value(n, ['low', 'high'])}`),
          );
        }
      }),
    );
    const rawLanesMs = performance.now() - rawLanesStart;
    await host.settle();

    const queueStart = performance.now();
    const writes: Promise<unknown>[] = [];
    for (let n = 0; n < WRITES; n += 1) {
      writes.push(
        plugin.runtime.queue.edit({
          target: { path: files[n % files.length]!.path },
          edit: (text) => ({
            text: text.replace(/^priority: .*$/m, `priority: ${value(n, ['normal', 'urgent'])}`),
            kind: 'task',
          }),
          source: 'bench',
        }),
      );
    }
    const settled = await Promise.allSettled(writes);
    const queueMs = performance.now() - queueStart;
    const refused = settled.filter((outcome) => outcome.status === 'rejected').length;
    compare(
      rate('validated writes through the queue', WRITES, queueMs),
      rate('raw Vault.process', WRITES, rawMs),
      'writes/s',
    );
    compare(
      rate('validated writes through the queue', WRITES, queueMs),
      rate(`raw Vault.process, ${DEFAULT_WRITE_CONCURRENCY} at a time`, WRITES, rawLanesMs),
      'writes/s',
    );
    if (refused > 0) throw new Error(`${refused} writes were refused`);

    await host.close();

    const before = heapUsed();
    const index = new EntityIndex();
    for (let n = 0; n < NOTES; n += 1)
      index.upsert({
        id: `task-20261201-0900-task-${n}`,
        kind: 'task',
        path: `Tasks/Task ${n}.md`,
      });
    const indexBytes = heapUsed() - before;
    const baselineStart = heapUsed();
    const baseline = new Map<string, string>();
    for (let n = 0; n < NOTES; n += 1)
      baseline.set(`task-20261201-0900-task-${n}`, `Tasks/Task ${n}.md`);
    const baselineBytes = heapUsed() - baselineStart;
    figure('EntityIndex heap per 10,000 entities', indexBytes / 1024 / 1024, 'MB');
    figure('baseline Map id → path per 10,000', baselineBytes / 1024 / 1024, 'MB');
    figure('ratio index / baseline', indexBytes / baselineBytes, 'x');
    if (index.size !== NOTES || baseline.size !== NOTES) throw new Error('lost entries');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rate(name: string, count: number, ms: number): Measurement {
  return { name, opsPerSecond: (count * 1000) / ms, iterations: count, elapsedMs: ms };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
