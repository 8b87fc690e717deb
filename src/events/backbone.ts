import type { Clock } from '../time/clock';
import { type Logger, silentLogger } from '../logs/logger';
import type { KiraStore, MarkResult } from '../store/types';
import { Dedupe, DEFAULT_DEDUPE_TTL_MS } from './dedupe';
import type { Envelope, Source } from './envelope';
import { type GraceSettings, GraceBuffer } from './grace-buffer';
import {
  type CalendarContext,
  type IngressCounts,
  type IngressResult,
  type Rejection,
  Ingress,
} from './ingress';
import { entityKeyOf } from './reducers';
import type { Timers } from './timers';

/** Called once for every logical event, in order per entity. May be async. */
export type Consumer = (envelope: Envelope) => void | Promise<void>;

export interface BackboneOptions {
  clock: Clock;
  timers: Timers;
  store: KiraStore;
  consumer: Consumer;
  /** Loggers by module (a `LogHub`); nothing is logged without it. */
  logs?: { logger(module: string): Logger };
  grace?: Partial<GraceSettings>;
  dedupeTtlMs?: number;
  maxPayloadBytes?: number;
  /** Receives every input ingress refused, whole (for the quarantine). */
  onRejected?: (rejection: Rejection) => void;
}

export type SubmitOutcome =
  | { outcome: 'accepted'; envelope: Envelope }
  | { outcome: 'duplicate'; envelope: Envelope }
  | { outcome: 'rejected'; reasons: string[] };

export interface BackboneStats {
  ingress: Record<Source, IngressCounts>;
  accepted: number;
  duplicates: number;
  consumed: number;
  failed: number;
  waiting: number;
}

/**
 * The road every input travels: ingress (validate, normalize, envelope) → dedupe (a repeated
 * event stops here) → grace buffer (ordered per entity) → the consumer, one event at a time.
 *
 * Delivery is at least once: when the consumer throws, the event's mark is forgotten so a
 * redelivery is processed; when the dedupe store fails, the event goes on (consumers are
 * idempotent). Nothing here throws on bad input.
 */
export class EventBackbone {
  readonly ingress: Ingress;
  readonly dedupe: Dedupe;
  readonly buffer: GraceBuffer;

  private readonly logger: Logger;
  private delivery: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<SubmitOutcome>>();
  private isClosed = false;
  private readonly tally = { accepted: 0, duplicates: 0, consumed: 0, failed: 0 };

  /** @throws GraceSettingsError for grace settings out of range. */
  constructor(private readonly options: BackboneOptions) {
    const { clock, timers, logs } = options;
    this.logger = logs?.logger('backbone') ?? silentLogger;
    this.ingress = new Ingress({
      clock,
      logger: logs?.logger('ingress'),
      maxPayloadBytes: options.maxPayloadBytes,
      onRejected: options.onRejected,
    });
    this.dedupe = new Dedupe(options.store, clock, options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS);
    this.buffer = new GraceBuffer({
      ...options.grace,
      clock,
      timers,
      keyOf: entityKeyOf,
      onRelease: (batch) => this.deliver(batch),
    });
  }

  /** A vault event (`VaultInput`). */
  submitVault(input: unknown): Promise<SubmitOutcome> {
    return this.submit(() => this.ingress.vault(input));
  }

  /** A Google Calendar event resource, with what the sync engine knows of it. */
  submitCalendar(resource: unknown, context?: CalendarContext): Promise<SubmitOutcome> {
    return this.submit(() => this.ingress.calendar(resource, context));
  }

  /** A command invocation (`CommandInput`). */
  submitCommand(input: unknown): Promise<SubmitOutcome> {
    return this.submit(() => this.ingress.command(input));
  }

  /** A user script's call (`ScriptInput`). */
  submitScript(input: unknown): Promise<SubmitOutcome> {
    return this.submit(() => this.ingress.script(input));
  }

  /** Releases everything waiting and resolves when the consumer has seen all of it. */
  async flush(): Promise<void> {
    this.buffer.flushAll();
    await this.idle();
  }

  /** Resolves when every event released so far has been consumed. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.delivery) {
      seen = this.delivery;
      await seen;
    }
  }

  /**
   * Stops taking input, lets submissions already under way finish, releases what waits and
   * waits for the consumer. For unload.
   */
  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.flush();
  }

  stats(): BackboneStats {
    return { ingress: this.ingress.counts(), ...this.tally, waiting: this.buffer.size };
  }

  private submit(admit: () => Promise<IngressResult>): Promise<SubmitOutcome> {
    if (this.isClosed) {
      return Promise.resolve({ outcome: 'rejected', reasons: ['Kira is shutting down'] });
    }

    const submission = this.admitAndMark(admit);
    this.inFlight.add(submission);
    void submission.finally(() => this.inFlight.delete(submission));
    return submission;
  }

  private async admitAndMark(admit: () => Promise<IngressResult>): Promise<SubmitOutcome> {
    const admitted = await admit();
    if (!admitted.ok) return { outcome: 'rejected', reasons: admitted.reasons };

    const { envelope } = admitted;
    const mark = await this.mark(envelope);
    if (mark === 'duplicate') {
      this.tally.duplicates += 1;
      return { outcome: 'duplicate', envelope };
    }

    this.tally.accepted += 1;
    this.buffer.offer(envelope);
    return { outcome: 'accepted', envelope };
  }

  private async mark(envelope: Envelope): Promise<MarkResult> {
    try {
      const mark = await this.dedupe.markSeen(envelope);
      if (mark === 'duplicate' && this.logger.isEnabled('debug')) {
        this.logger.debug('duplicate', `Skipped a repeated ${envelope.type}`, fieldsOf(envelope));
      }
      return mark;
    } catch (error) {
      // Without the store, processing twice beats losing the event: consumers are idempotent.
      this.logger.error(
        'store_failed',
        `Dedupe unavailable: ${describe(error)}`,
        fieldsOf(envelope),
      );
      return 'new';
    }
  }

  private deliver(batch: Envelope[]): void {
    for (const envelope of batch) {
      this.delivery = this.delivery.then(() => this.consume(envelope));
    }
  }

  private async consume(envelope: Envelope): Promise<void> {
    try {
      await this.options.consumer(envelope);
      this.tally.consumed += 1;
    } catch (error) {
      this.tally.failed += 1;
      this.logger.error(
        'consumer_failed',
        `Could not process ${envelope.type}: ${describe(error)}`,
        {
          ...fieldsOf(envelope),
          meta: { stack: error instanceof Error ? error.stack : undefined },
        },
      );
      await this.dedupe.forget(envelope.event_id).catch(() => undefined);
    }
  }
}

function fieldsOf(envelope: Envelope) {
  return {
    correlation_id: envelope.correlation_id,
    event_id: envelope.event_id,
    source: envelope.source,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
