import { isValidId } from '../../entities/ids';
import type { Clock } from '../../time/clock';
import { type Logger, silentLogger } from '../../logs/logger';
import { type Envelope, type Source, SOURCES, createEnvelope } from '../envelope';
import {
  type PlainObject,
  MAX_PAYLOAD_BYTES,
  isPlainObjectLike,
  toPlainObject,
} from '../plain-data';
import { type CalendarContext, normalizeCalendar } from './calendar';
import { normalizeCommand } from './command';
import type { NormalizeResult } from './fields';
import { normalizeScript } from './script';
import { normalizeVault } from './vault';

export type IngressResult = { ok: true; envelope: Envelope } | { ok: false; reasons: string[] };

/** An input ingress refused, whole, for the quarantine. */
export interface Rejection {
  source: Source;
  /** Exactly what arrived; it may be anything, including cyclic. */
  input: unknown;
  reasons: string[];
  /** Epoch milliseconds. */
  at: number;
}

export interface IngressCounts {
  accepted: number;
  rejected: number;
}

export interface IngressOptions {
  clock: Clock;
  logger?: Logger;
  /** Payload cap in UTF-8 bytes of canonical JSON; 256 KB by default. */
  maxPayloadBytes?: number;
  /** Receives every refused input (for the quarantine). Must not throw. */
  onRejected?: (rejection: Rejection) => void;
}

/**
 * The one door into the backbone. Each source's input is copied into plain data (refusing
 * cycles, prototype keys and oversized input), checked field by field, normalized and
 * wrapped in an envelope. Nothing here throws on bad input: a refusal comes back with every
 * reason, is logged as `validation_failed` and counted, and never reaches a consumer.
 */
export class Ingress {
  private readonly tally = new Map<Source, IngressCounts>(
    SOURCES.map((source) => [source, { accepted: 0, rejected: 0 }]),
  );
  private readonly logger: Logger;
  private readonly maxBytes: number;

  constructor(private readonly options: IngressOptions) {
    this.logger = options.logger ?? silentLogger;
    this.maxBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  }

  /** A vault event; see `VaultInput`. */
  vault(input: unknown): Promise<IngressResult> {
    return this.admit('vault', input, (record, now) => normalizeVault(record, now));
  }

  /** A Google Calendar v3 event resource; see `CalendarPayload`. */
  calendar(resource: unknown, context: CalendarContext = {}): Promise<IngressResult> {
    return this.admit('calendar', resource, (record, now) =>
      normalizeCalendar(record, context, now),
    );
  }

  /** A command invocation; see `CommandInput`. */
  command(input: unknown): Promise<IngressResult> {
    return this.admit('command', input, (record, now) => normalizeCommand(record, now));
  }

  /** A user script's call; see `ScriptInput`. */
  script(input: unknown): Promise<IngressResult> {
    return this.admit('script', input, (record, now) => normalizeScript(record, now));
  }

  /** Accepted and rejected inputs per source since this ingress was made. */
  counts(): Record<Source, IngressCounts> {
    const counts = {} as Record<Source, IngressCounts>;
    for (const [source, tally] of this.tally) counts[source] = { ...tally };
    return counts;
  }

  private async admit(
    source: Source,
    input: unknown,
    normalize: (record: PlainObject, nowMs: number) => NormalizeResult,
  ): Promise<IngressResult> {
    const now = this.options.clock.now();
    const result = await this.envelopeOf(source, input, normalize, now);

    if (result.ok) this.accepted(result.envelope);
    else this.rejected(source, input, result.reasons, now);
    return result;
  }

  private async envelopeOf(
    source: Source,
    input: unknown,
    normalize: (record: PlainObject, nowMs: number) => NormalizeResult,
    now: number,
  ): Promise<IngressResult> {
    const plain = toPlainObject(input, { maxBytes: this.maxBytes });
    if (!plain.ok) return plain;

    const normalized = normalize(plain.value, now);
    if (!normalized.ok) return normalized;

    return createEnvelope({ source, ...normalized.event }, { maxBytes: this.maxBytes });
  }

  private accepted(envelope: Envelope): void {
    this.bump(envelope.source, 'accepted');
    if (!this.logger.isEnabled('debug')) return;

    this.logger.debug('ingress', `Accepted ${envelope.type}`, {
      correlation_id: envelope.correlation_id,
      event_id: envelope.event_id,
      source: envelope.source,
    });
  }

  private rejected(source: Source, input: unknown, reasons: string[], at: number): void {
    this.bump(source, 'rejected');
    this.logger.warn('validation_failed', `Refused a ${source} event: ${reasons.join('; ')}`, {
      source,
      correlation_id: correlationHint(input),
      meta: { reasons },
    });

    try {
      this.options.onRejected?.({ source, input, reasons, at });
    } catch {
      // The quarantine's own failure must not turn a refusal into a crash of the producer.
    }
  }

  private bump(source: Source, outcome: keyof IngressCounts): void {
    const tally = this.tally.get(source);
    if (tally) tally[outcome] += 1;
  }
}

/**
 * The entity a refused input names, if it names one plainly, so that the refusal shows up in
 * that note's history. Reads only own text properties, and never throws.
 */
function correlationHint(input: unknown): string | undefined {
  if (!isPlainObjectLike(input)) return undefined;
  try {
    for (const key of ['id', 'entity_id']) {
      const value = Object.getOwnPropertyDescriptor(input, key)?.value as unknown;
      if (isValidId(value)) return value;
    }
  } catch {
    // A proxy that throws on inspection names nothing.
  }
  return undefined;
}
