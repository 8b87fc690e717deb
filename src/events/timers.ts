import type { FixedClock } from '../time/clock';

/** An opaque handle returned by `Timers.set`. */
export type TimerHandle = number;

/**
 * The source of delays, injected beside the clock so that code which waits (the grace buffer,
 * the log writer, a blocked database open) is driven by hand in tests instead of sleeping.
 */
export interface Timers {
  /** Calls `callback` once, `ms` milliseconds from now. */
  set(callback: () => void, ms: number): TimerHandle;
  /** Cancels a pending call; an unknown or spent handle is ignored. */
  clear(handle: TimerHandle): void;
}

/** The plugin's timers: `window` timers, as Obsidian asks for popout-window safety. */
export const windowTimers: Timers = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};

interface Pending {
  handle: TimerHandle;
  due: number;
  callback: () => void;
}

/**
 * Timers that fire only when `advance` moves the clock past them, in due order (ties in the
 * order they were set). For tests, the demo and benchmarks.
 */
export class ManualTimers implements Timers {
  private pending: Pending[] = [];
  private nextHandle = 1;

  constructor(private readonly clock: FixedClock) {}

  set(callback: () => void, ms: number): TimerHandle {
    const handle = this.nextHandle++;
    this.pending.push({ handle, due: this.clock.now() + Math.max(0, ms), callback });
    return handle;
  }

  clear(handle: TimerHandle): void {
    this.pending = this.pending.filter((timer) => timer.handle !== handle);
  }

  /** How many calls are waiting. */
  get size(): number {
    return this.pending.length;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.clock.now() + ms;
    for (let next = this.takeDue(target); next; next = this.takeDue(target)) {
      this.clock.set(Math.max(this.clock.now(), next.due));
      next.callback();
    }
    this.clock.set(target);
  }

  private takeDue(target: number): Pending | undefined {
    let best: Pending | undefined;
    for (const timer of this.pending) {
      if (timer.due <= target && (!best || timer.due < best.due)) best = timer;
    }
    if (best) this.clear(best.handle);
    return best;
  }
}
