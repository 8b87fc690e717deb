import type { Timers, TimerHandle } from '../events/timers';
import { type LogAdapter, DEFAULT_LOG_FOLDER, dayFilePath, ensureFolder } from './adapter';
import { type LogLine, serializeLogLine } from './log-line';
import type { LogSink } from './logger';

export interface JsonlWriterOptions {
  adapter: LogAdapter;
  timers: Timers;
  /** Vault-relative folder; `.kira/logs` by default. */
  folder?: string;
  /** A batch is written when this many lines wait (default 200)... */
  maxBatch?: number;
  /** ...or this long after the first of them arrived (default 2 s). */
  flushIntervalMs?: number;
  /** Lines kept while the adapter fails; beyond it the oldest are dropped (default 5,000). */
  maxQueued?: number;
  /** Told about a failed write; the lines stay queued for the next attempt. */
  onError?: (error: unknown) => void;
}

/**
 * A log sink that appends JSON lines to one file per UTC day, in batches. `write` only queues;
 * a batch goes out when `maxBatch` lines wait, `flushIntervalMs` after the first waiting line,
 * or on `flush` / `close` (call `close` from the plugin's unload). Batches are written one at a
 * time, in order. No timer runs while nothing waits.
 */
export class JsonlLogWriter implements LogSink {
  private queue: LogLine[] = [];
  private timer: TimerHandle | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly knownFiles = new Set<string>();
  private folderReady = false;
  private isClosed = false;
  private droppedLines = 0;

  private readonly folder: string;
  private readonly maxBatch: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueued: number;

  constructor(private readonly options: JsonlWriterOptions) {
    this.folder = options.folder ?? DEFAULT_LOG_FOLDER;
    this.maxBatch = options.maxBatch ?? 200;
    this.flushIntervalMs = options.flushIntervalMs ?? 2000;
    this.maxQueued = options.maxQueued ?? 5000;
  }

  /** Lines lost because the adapter kept failing and the queue was full. */
  get dropped(): number {
    return this.droppedLines;
  }

  write(line: LogLine): void {
    if (this.isClosed) return;
    this.queue.push(line);
    this.trimQueue();

    if (this.queue.length >= this.maxBatch) void this.flush();
    else if (this.timer === null) {
      this.timer = this.options.timers.set(() => void this.flush(), this.flushIntervalMs);
    }
  }

  /** Writes everything queued so far; resolves when it is on disk (or the write failed). */
  flush(): Promise<void> {
    this.cancelTimer();
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.writing;

    this.writing = this.writing.then(() => this.writeBatch(batch));
    return this.writing;
  }

  /** Flushes and stops taking lines. */
  async close(): Promise<void> {
    await this.flush();
    this.isClosed = true;
  }

  private async writeBatch(batch: LogLine[]): Promise<void> {
    try {
      await this.prepareFolder();
      for (const [path, text] of groupByDay(this.folder, batch)) await this.appendTo(path, text);
    } catch (error) {
      // Lines written before the failure may be written again; a duplicate line is harmless,
      // a lost one is not.
      this.queue = batch.concat(this.queue);
      this.trimQueue();
      this.options.onError?.(error);
    }
  }

  private async prepareFolder(): Promise<void> {
    if (this.folderReady) return;
    await ensureFolder(this.options.adapter, this.folder);
    this.folderReady = true;
  }

  private async appendTo(path: string, text: string): Promise<void> {
    const { adapter } = this.options;
    // Not every adapter creates a missing file on append, so the first write of a day writes.
    if (this.knownFiles.has(path) || (await adapter.exists(path))) await adapter.append(path, text);
    else await adapter.write(path, text);
    this.knownFiles.add(path);
  }

  private trimQueue(): void {
    const excess = this.queue.length - this.maxQueued;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.droppedLines += excess;
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.options.timers.clear(this.timer);
    this.timer = null;
  }
}

function groupByDay(folder: string, batch: LogLine[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const line of batch) {
    const path = dayFilePath(folder, line.ts);
    files.set(path, (files.get(path) ?? '') + serializeLogLine(line) + '\n');
  }
  return files;
}
