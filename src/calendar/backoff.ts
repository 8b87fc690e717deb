import type { Timers } from '../events/timers';
import { CalendarSyncError } from './errors';

/**
 * Capped exponential backoff with full jitter: before retry `n` (0-based) Kira waits a random
 * time in `[0, min(maxDelayMs, baseDelayMs * 2^n))`, but at least what a `Retry-After` header
 * asked for (itself capped). Only transient failures are retried (see
 * `CalendarSyncError.isTransient`); the last failure is thrown as it is.
 */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits `ms`; injected so that tests do not wait. */
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1); injected so that tests are repeatable. */
  random: () => number;
}

/** The policy without its waiting, which comes from the injected timers (see `sleepWith`). */
export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'sleep'> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  random: Math.random,
};

/** A `sleep` on `Timers` (in Obsidian, `windowTimers`); without timers, no wait at all. */
export function sleepWith(timers: Timers | undefined): (ms: number) => Promise<void> {
  if (!timers) return () => Promise.resolve();
  return (ms) => new Promise((resolve) => void timers.set(resolve, ms));
}

/** The wait before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(policy.random() * ceiling);
  const asked = Math.min(policy.maxDelayMs, retryAfterMs ?? 0);
  return Math.max(jittered, asked);
}

/**
 * Runs `call`, retrying transient `CalendarSyncError`s by the policy. Anything else is thrown
 * at once. `onRetry` hears of each retry before its wait.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: CalendarSyncError, retry: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const isRetryable = error instanceof CalendarSyncError && error.isTransient;
      if (!isRetryable || attempt >= policy.maxAttempts) throw error;

      const delay = backoffDelay(attempt - 1, policy, error.details.retryAfterMs);
      onRetry?.(error, attempt - 1, delay);
      await policy.sleep(delay);
    }
  }
}
