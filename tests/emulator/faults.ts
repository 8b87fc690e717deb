/**
 * Fault injection, programmed by tests: the next requests fail, requests to matching paths
 * fail, answers are slow, or a seeded share of requests fails at random (the same seed gives
 * the same failures for the same sequence of requests).
 */
import type { FaultStatus, RateLimitReason } from './errors';

export interface ErrorFault {
  status: FaultStatus;
  /** For 403: which rate limit; `rateLimitExceeded` unless told. */
  reason?: RateLimitReason;
  /** Seconds, sent as a `Retry-After` header. */
  retryAfter?: number;
  /** Apply the request first, then answer with the fault: the answer is lost, not the write. */
  isAfterWrite?: boolean;
}

export interface DropFault {
  /** The connection is cut without an answer, as when the network goes away. */
  drop: true;
  isAfterWrite?: boolean;
}

export type Fault = ErrorFault | DropFault;

export interface RandomFaultOptions {
  /** Share of requests that fail, from 0 to 1. */
  rate: number;
  statuses: FaultStatus[];
  seed: number;
}

interface PathRule {
  pattern: RegExp;
  method?: string;
  fault: Fault;
  remaining: number;
}

interface RandomMode {
  rate: number;
  statuses: FaultStatus[];
  nextRandom: () => number;
}

export class FaultPlan {
  private queue: { fault: Fault; remaining: number }[] = [];
  private rules: PathRule[] = [];
  private randomMode: RandomMode | undefined;
  private delayMs = 0;

  constructor(private readonly onExpireSyncTokens: () => void) {}

  /** The next `count` API requests answer with `fault` (queued after earlier `next` calls). */
  next(count: number, fault: Fault): void {
    this.queue.push({ fault, remaining: count });
  }

  /**
   * Requests whose path matches `pattern` (and `method`, when given) answer with `fault`,
   * `times` times (forever when not given). Path rules win over `next` and random faults.
   */
  forPath(pattern: RegExp, fault: Fault, options: { times?: number; method?: string } = {}): void {
    const rule: PathRule = { pattern, fault, remaining: options.times ?? Number.POSITIVE_INFINITY };
    if (options.method !== undefined) rule.method = options.method.toUpperCase();
    this.rules.push(rule);
  }

  /** Every answer waits `ms` milliseconds first; 0 turns it off. */
  latency(ms: number): void {
    this.delayMs = ms;
  }

  get latencyMs(): number {
    return this.delayMs;
  }

  /** Every sync token handed out so far answers 410 `fullSyncRequired`. */
  expireSyncTokens(): void {
    this.onExpireSyncTokens();
  }

  /** A seeded share of API requests fails with one of `statuses`; `null` turns it off. */
  random(options: RandomFaultOptions | null): void {
    if (options === null) {
      this.randomMode = undefined;
      return;
    }
    if (options.statuses.length === 0 || options.rate < 0 || options.rate > 1) {
      throw new RangeError('random faults need a rate in [0, 1] and at least one status');
    }
    this.randomMode = {
      rate: options.rate,
      statuses: [...options.statuses],
      nextRandom: mulberry32(options.seed),
    };
  }

  /** Forgets every programmed fault and the latency. */
  clear(): void {
    this.queue = [];
    this.rules = [];
    this.randomMode = undefined;
    this.delayMs = 0;
  }

  /** The fault a request meets, if any; consumes it. */
  take(method: string, path: string, isApiRequest: boolean): Fault | undefined {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && r.pattern.test(path) && (r.method ?? method) === method,
    );
    if (rule !== undefined) {
      rule.remaining -= 1;
      return rule.fault;
    }
    if (!isApiRequest) return undefined;

    return this.takeQueued() ?? this.takeRandom();
  }

  private takeQueued(): Fault | undefined {
    const head = this.queue[0];
    if (head === undefined) return undefined;

    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head.fault;
  }

  private takeRandom(): Fault | undefined {
    const mode = this.randomMode;
    if (mode === undefined || mode.nextRandom() >= mode.rate) return undefined;

    const index = Math.floor(mode.nextRandom() * mode.statuses.length);
    return { status: mode.statuses[index]! };
  }
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
