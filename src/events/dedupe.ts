import type { Clock } from '../time/clock';
import type { KiraStore, MarkResult, SeenStats } from '../store/types';
import type { Envelope } from './envelope';

/** How long a seen mark is kept after the event was last seen: 30 days. */
export const DEFAULT_DEDUPE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Makes a repeated envelope a no-op: the first arrival of an `event_id` is `new`, every later
 * one `duplicate`. The check and the mark happen in one store transaction, so two concurrent
 * arrivals of one event can never both be `new`.
 */
export class Dedupe {
  constructor(
    private readonly store: KiraStore,
    private readonly clock: Clock,
    private readonly ttlMs = DEFAULT_DEDUPE_TTL_MS,
  ) {}

  markSeen(envelope: Envelope): Promise<MarkResult> {
    return this.store.markSeen(envelope.event_id, envelope.source, this.clock.now());
  }

  /**
   * Forgets an event, for a consumer that failed on it: its redelivery is then processed
   * instead of being skipped as a duplicate.
   */
  forget(eventId: string): Promise<void> {
    return this.store.unmarkSeen(eventId);
  }

  /** Removes marks last seen more than `ttlMs` ago; returns how many. */
  cleanup(ttlMs = this.ttlMs): Promise<number> {
    return this.store.deleteSeenBefore(this.clock.now() - ttlMs);
  }

  /** Unique events, duplicates and both per source, over the marks currently kept. */
  stats(): Promise<SeenStats> {
    return this.store.seenStats();
  }
}
