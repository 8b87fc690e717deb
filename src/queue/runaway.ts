import type { Clock } from '../time/clock';

export interface RunawayOptions {
  /** The most writes to one note allowed within `windowMs`; 10 unless set. */
  maxWrites?: number;
  /** The sliding window the writes are counted in; 10 s unless set. */
  windowMs?: number;
  /** How long a stopped note stays stopped, unless reset sooner; 60 s unless set. */
  coolDownMs?: number;
}

export const DEFAULT_RUNAWAY: Required<RunawayOptions> = {
  maxWrites: 10,
  windowMs: 10_000,
  coolDownMs: 60_000,
};

/** A note the guard stopped writing. Times are epoch milliseconds. */
export interface RunawayTrip {
  key: string;
  /** Writes counted in the window when the guard tripped. */
  writes: number;
  windowMs: number;
  trippedAt: number;
  resumesAt: number;
}

export type RunawayVerdict =
  | { isAllowed: true }
  /** `isFirstRefusal` is true once per trip: the moment to tell the user. */
  | { isAllowed: false; trip: RunawayTrip; isFirstRefusal: boolean };

/** After this many admissions, keys whose writes all left the window are forgotten. */
const SWEEP_EVERY = 256;

/**
 * The runaway guard: a circuit breaker per note. Kira reacting to its own writes (a bug, or two
 * plugins fighting over a note) would write one note over and over; the guard lets at most
 * `maxWrites` writes to a note through within any `windowMs`, then stops writing that note
 * until `coolDownMs` has passed or `reset` is called.
 */
export class RunawayGuard {
  private readonly settings: Required<RunawayOptions>;
  private readonly recent = new Map<string, number[]>();
  private readonly trips = new Map<string, RunawayTrip>();
  private admissionsSinceSweep = 0;

  constructor(
    private readonly clock: Clock,
    options: RunawayOptions = {},
  ) {
    this.settings = { ...DEFAULT_RUNAWAY, ...options };
  }

  /**
   * Asks whether a write to `key` may go ahead now. An allowed write is counted at once, so
   * call this only for a write that is about to happen.
   */
  admit(key: string): RunawayVerdict {
    const now = this.clock.now();
    this.sweepNow(now);

    const trip = this.activeTrip(key, now);
    if (trip) return { isAllowed: false, trip, isFirstRefusal: false };

    const writes = this.inWindow(key, now);
    if (writes.length >= this.settings.maxWrites) {
      return { isAllowed: false, trip: this.trip(key, writes.length, now), isFirstRefusal: true };
    }

    writes.push(now);
    this.recent.set(key, writes);
    return { isAllowed: true };
  }

  /** True while `key` is stopped. */
  isStopped(key: string): boolean {
    return this.activeTrip(key, this.clock.now()) !== null;
  }

  /** The notes stopped now. */
  stopped(): RunawayTrip[] {
    const now = this.clock.now();
    return [...this.trips.keys()]
      .map((key) => this.activeTrip(key, now))
      .filter((trip): trip is RunawayTrip => trip !== null);
  }

  /** Lets writes to `key` (every key when omitted) through again, with a fresh count. */
  reset(key?: string): void {
    if (key === undefined) {
      this.trips.clear();
      this.recent.clear();
      return;
    }
    this.trips.delete(key);
    this.recent.delete(key);
  }

  private activeTrip(key: string, now: number): RunawayTrip | null {
    const trip = this.trips.get(key);
    if (!trip) return null;
    if (now < trip.resumesAt) return trip;

    // The cool-down is over: the note starts again from a clean count.
    this.reset(key);
    return null;
  }

  private trip(key: string, writes: number, now: number): RunawayTrip {
    const { windowMs, coolDownMs } = this.settings;
    const trip = { key, writes, windowMs, trippedAt: now, resumesAt: now + coolDownMs };
    this.trips.set(key, trip);
    return trip;
  }

  private inWindow(key: string, now: number): number[] {
    const since = now - this.settings.windowMs;
    return (this.recent.get(key) ?? []).filter((at) => at > since);
  }

  private sweepNow(now: number): void {
    this.admissionsSinceSweep += 1;
    if (this.admissionsSinceSweep < SWEEP_EVERY) return;

    this.admissionsSinceSweep = 0;
    const since = now - this.settings.windowMs;
    for (const [key, writes] of this.recent) {
      const newest = writes[writes.length - 1];
      if (newest === undefined || newest <= since) this.recent.delete(key);
    }
  }
}
