/**
 * The host's clock of work: one FIFO of deliveries (vault events, cache updates), a count of
 * async work still in flight, and the sink for errors thrown by plugin callbacks.
 *
 * Every delivery runs in its own macrotask, so a callback's microtasks (its awaits) run before
 * the next delivery, as in Obsidian where events arrive from the file system one at a time.
 * It runs on Node's own timers, so jest's fake timers cannot freeze the host.
 */

// Node's own timer functions: fake timers replace the globals, not these.
import { setImmediate as realSetImmediate } from 'node:timers';

const realNow: () => number = Date.now.bind(Date);

/** Resolves in a later macrotask than the caller's. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/** Something that wants to hear about errors the host caught on a plugin's behalf. */
export interface ErrorListener {
  onHostError(error: unknown, origin: string): void;
}

/** Raised by `settle` when the host does not become quiet in time. */
export class SettleTimeoutError extends Error {
  readonly code = 'HOST_SETTLE_TIMEOUT';
}

class Runtime {
  private readonly deliveries: Array<() => void> = [];
  private isPumping = false;
  private inFlight = 0;
  private activity = 0;
  private readonly listeners = new Set<ErrorListener>();

  /** Queues `deliver` to run in a macrotask after every delivery queued before it. */
  deliver(deliver: () => void): void {
    this.deliveries.push(deliver);
    this.activity++;
    if (this.isPumping) return;
    this.isPumping = true;
    void nextMacrotask().then(() => this.pump());
  }

  /** Counts `work` as pending until it settles; a rejection is reported, never thrown here. */
  track(work: PromiseLike<unknown>, origin: string): void {
    this.inFlight++;
    this.activity++;
    const done = (): void => {
      this.inFlight--;
      this.activity++;
    };
    Promise.resolve(work).then(done, (error: unknown) => {
      done();
      this.report(error, origin);
    });
  }

  /** Counts the promise as pending and hands it back unchanged (rejections stay the caller's). */
  follow<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    this.activity++;
    const done = (): void => {
      this.inFlight--;
      this.activity++;
    };
    work.then(done, done);
    return work;
  }

  /** Runs `callback`, reporting a throw and tracking a returned promise. */
  invoke(callback: () => unknown, origin: string): void {
    try {
      const result = callback();
      if (isThenable(result)) this.track(result, origin);
    } catch (error) {
      this.report(error, origin);
    }
  }

  report(error: unknown, origin: string): void {
    if (this.listeners.size === 0) {
      console.error(`[headless host] ${origin}:`, error);
      return;
    }
    for (const listener of this.listeners) listener.onHostError(error, origin);
  }

  listen(listener: ErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once no delivery is queued, no tracked work is in flight, and nothing new happened
   * for a few macrotasks in a row (a callback may start work after one quiet turn).
   * @throws SettleTimeoutError after `timeoutMs` of continuous activity.
   */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = realNow() + timeoutMs;
    let quietTurns = 0;
    while (quietTurns < 3) {
      const before = this.activity;
      await nextMacrotask();
      const isQuiet =
        !this.isPumping &&
        this.inFlight === 0 &&
        this.deliveries.length === 0 &&
        before === this.activity;
      quietTurns = isQuiet ? quietTurns + 1 : 0;
      if (realNow() > deadline) {
        throw new SettleTimeoutError(
          `host did not settle within ${timeoutMs} ms: ${this.deliveries.length} deliveries queued, ` +
            `${this.inFlight} operations in flight`,
        );
      }
    }
  }

  private pump(): void {
    const next = this.deliveries.shift();
    if (next) {
      try {
        next();
      } catch (error) {
        this.report(error, 'delivery');
      }
    }
    if (this.deliveries.length === 0) {
      this.isPumping = false;
      return;
    }
    void nextMacrotask().then(() => this.pump());
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The one runtime of this process: hosts share it, so `settle` waits for all of them. */
export const runtime = new Runtime();
