/**
 * The scheduling half of the write queue, apart from what a write does: jobs run in order per
 * key (one at a time for each key), at most `concurrency` keys at once, keys taking turns in
 * the order they became ready. A job that fails is settled like one that succeeds, and the
 * next one runs.
 */

interface Job<T> {
  run: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export class Lanes<T> {
  /** Each key's jobs, oldest first; the head is running when the key is active. */
  private readonly lanes = new Map<string, Array<Job<T>>>();
  private readonly ready = new KeyQueue();
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;

  constructor(private readonly concurrency: number) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`The write concurrency must be a whole number, 1 or more.`);
    }
  }

  /** Jobs queued or running. */
  get size(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.length;
    return count;
  }

  /** Queues `run` behind the other jobs of `key`; settles as `run` does. */
  push(key: string, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lane = this.lanes.get(key);
      if (lane) lane.push({ run, resolve, reject });
      else {
        this.lanes.set(key, [{ run, resolve, reject }]);
        this.ready.push(key);
      }
      this.pump();
    });
  }

  /** Resolves once no job is queued or running. */
  idle(): Promise<void> {
    if (this.lanes.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Rejects every job that has not started with `reason`; running ones go on. */
  cancelQueued(reason: () => unknown): void {
    for (const [key, lane] of this.lanes) {
      const isRunning = !this.ready.has(key);
      const cancelled = lane.splice(isRunning ? 1 : 0);
      for (const job of cancelled) job.reject(reason());
      if (lane.length === 0) this.lanes.delete(key);
    }
    this.ready.retain((key) => this.lanes.has(key));
    this.settleIdle();
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const key = this.ready.shift();
      if (key === undefined) return;
      this.start(key);
    }
  }

  private start(key: string): void {
    const job = this.lanes.get(key)?.[0];
    if (!job) return;

    this.running += 1;
    // Wrapped so that a job that throws synchronously settles like one that rejects.
    void Promise.resolve()
      .then(job.run)
      .then(job.resolve, job.reject)
      .finally(() => this.finish(key));
  }

  private finish(key: string): void {
    this.running -= 1;
    const lane = this.lanes.get(key);
    lane?.shift();

    if (lane && lane.length > 0) this.ready.push(key);
    else this.lanes.delete(key);

    this.pump();
    this.settleIdle();
  }

  private settleIdle(): void {
    if (this.lanes.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** A FIFO of keys with O(1) push and shift, that remembers which keys it holds. */
class KeyQueue {
  private items: string[] = [];
  private head = 0;
  private readonly members = new Set<string>();

  push(key: string): void {
    this.items.push(key);
    this.members.add(key);
  }

  shift(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head];
    this.head += 1;
    if (key !== undefined) this.members.delete(key);

    // Drop the consumed front now and then, so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  retain(keep: (key: string) => boolean): void {
    this.items = this.items.slice(this.head).filter(keep);
    this.head = 0;
    this.members.clear();
    for (const key of this.items) this.members.add(key);
  }
}
