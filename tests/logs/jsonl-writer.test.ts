import {
  mkdtemp,
  readFile,
  readdir,
  rm,
  appendFile,
  mkdir,
  stat,
  writeFile,
  unlink,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { LogAdapter } from '../../src/logs/adapter';
import { JsonlLogWriter } from '../../src/logs/jsonl-writer';
import type { LogLine } from '../../src/logs/log-line';
import { pinnedTime } from '../events/builders';
import { MemoryAdapter } from './memory-adapter';

function line(ts: string, message = 'm', overrides: Partial<LogLine> = {}): LogLine {
  return {
    ts,
    level: 'warn',
    module: 'ingress',
    event: 'validation_failed',
    message,
    ...overrides,
  };
}

function makeWriter(
  options: { maxBatch?: number; flushIntervalMs?: number; maxQueued?: number } = {},
) {
  const { clock, timers } = pinnedTime();
  const adapter = new MemoryAdapter();
  const errors: unknown[] = [];
  const writer = new JsonlLogWriter({
    adapter,
    timers,
    onError: (e) => errors.push(e),
    ...options,
  });
  return { writer, adapter, timers, errors, clock };
}

describe('the JSON-lines log writer', () => {
  it('writes nothing until a batch is due, and starts no timer while idle', () => {
    const { writer, adapter, timers } = makeWriter();
    expect(timers.size).toBe(0);
    writer.write(line('2024-05-01T09:30:00Z'));
    expect(adapter.calls).toEqual([]);
    expect(timers.size).toBe(1);
  });

  it('writes a batch when the interval has passed since the first waiting line', async () => {
    const { writer, adapter, timers } = makeWriter({ flushIntervalMs: 2000 });
    writer.write(line('2024-05-01T09:30:00Z', 'one'));
    writer.write(line('2024-05-01T09:30:01Z', 'two'));
    timers.advance(2000);
    await writer.flush();

    const text = adapter.files.get('.kira/logs/2024-05-01.jsonl')!;
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).message),
    ).toEqual(['one', 'two']);
    expect(timers.size).toBe(0);
  });

  it('writes a batch as soon as it is full', async () => {
    const { writer, adapter, timers } = makeWriter({ maxBatch: 3 });
    for (const n of [1, 2, 3]) writer.write(line('2024-05-01T09:30:00Z', `n${n}`));
    // The third line filled the batch: it went out at once, so no flush timer is waiting.
    expect(timers.size).toBe(0);
    await writer.flush();
    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')?.split('\n')).toHaveLength(4);
  });

  it('creates the folder, then writes the first line of a day and appends the rest', async () => {
    const { writer, adapter } = makeWriter();
    writer.write(line('2024-05-01T09:30:00Z'));
    await writer.flush();
    writer.write(line('2024-05-01T09:31:00Z'));
    await writer.flush();

    expect(adapter.calls).toEqual([
      'mkdir .kira',
      'mkdir .kira/logs',
      'write .kira/logs/2024-05-01.jsonl',
      'append .kira/logs/2024-05-01.jsonl',
    ]);
  });

  it('puts each line in the file of its UTC day', async () => {
    const { writer, adapter } = makeWriter();
    writer.write(line('2024-05-01T23:59:59Z', 'late'));
    writer.write(line('2024-05-02T00:00:00Z', 'early'));
    await writer.close();

    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')).toContain('"late"');
    expect(adapter.files.get('.kira/logs/2024-05-02.jsonl')).toContain('"early"');
  });

  it('keeps lines when a write fails, reports it, and writes them next time', async () => {
    const { writer, adapter, errors } = makeWriter();
    adapter.failNext = 1;
    writer.write(line('2024-05-01T09:30:00Z', 'kept'));
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(adapter.files.size).toBe(0);

    await writer.flush();
    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')).toContain('"kept"');
  });

  it('drops the oldest lines past its queue limit while the adapter keeps failing', async () => {
    const { writer, adapter } = makeWriter({ maxQueued: 2, maxBatch: 100 });
    adapter.failNext = 100;
    for (const n of [1, 2, 3]) writer.write(line('2024-05-01T09:30:00Z', `n${n}`));
    await writer.flush();
    expect(writer.dropped).toBe(1);

    adapter.failNext = 0;
    await writer.flush();
    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')).not.toContain('"n1"');
  });

  it('writes what waits on close and takes nothing after', async () => {
    const { writer, adapter } = makeWriter();
    writer.write(line('2024-05-01T09:30:00Z', 'last'));
    await writer.close();
    writer.write(line('2024-05-01T09:30:00Z', 'too late'));
    await writer.flush();
    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')).toContain('"last"');
    expect(adapter.files.get('.kira/logs/2024-05-01.jsonl')).not.toContain('too late');
  });

  it('keeps a line whose metadata JSON cannot hold', async () => {
    const { writer, adapter } = makeWriter();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    writer.write(line('2024-05-01T09:30:00Z', 'odd meta', { meta: cyclic }));
    await writer.flush();
    expect(JSON.parse(adapter.files.get('.kira/logs/2024-05-01.jsonl')!)).toMatchObject({
      message: 'odd meta',
      meta: { unserializable: true },
    });
  });
});

describe('the writer on a real folder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kira-logs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function folderAdapter(): LogAdapter {
    const at = (path: string) => join(root, path);
    return {
      exists: async (path) =>
        stat(at(path)).then(
          () => true,
          () => false,
        ),
      mkdir: async (path) => void (await mkdir(at(path))),
      append: (path, data) => appendFile(at(path), data),
      read: (path) => readFile(at(path), 'utf8'),
      write: (path, data) => writeFile(at(path), data),
      list: async (path) => {
        const entries = await readdir(at(path), { withFileTypes: true });
        const paths = (dirs: boolean) =>
          entries.filter((e) => e.isDirectory() === dirs).map((e) => `${path}/${e.name}`);
        return { files: paths(false), folders: paths(true) };
      },
      remove: (path) => unlink(at(path)),
    };
  }

  it('leaves one parseable JSON object per line on disk', async () => {
    const { timers } = pinnedTime();
    const writer = new JsonlLogWriter({ adapter: folderAdapter(), timers, folder: 'Kira/logs' });
    for (let n = 0; n < 250; n += 1) writer.write(line('2024-05-01T09:30:00Z', `line ${n}`));
    await writer.close();

    const text = await readFile(join(root, 'Kira/logs/2024-05-01.jsonl'), 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LogLine);
    expect(lines.map((l) => l.message)).toEqual(Array.from({ length: 250 }, (_, n) => `line ${n}`));
  });
});
