import type { Clock } from '../time/clock';
import type { Envelope } from './envelope';
import { compareOrder } from './order';
import type { TimerHandle, Timers } from './timers';

/** How long events wait for late company, and how many may wait per entity. */
export interface GraceSettings {
  /** 3,000 to 10,000 ms; 5,000 by default. */
  graceMs: number;
  /** 1 to 10,000; 64 by default. Past it, the oldest waiting event goes out at once. */
  maxPerEntity: number;
}

export const DEFAULT_GRACE_SETTINGS: GraceSettings = { graceMs: 5000, maxPerEntity: 64 };
export const GRACE_MS_RANGE = { min: 3000, max: 10_000 } as const;
const MAX_PER_ENTITY_RANGE = { min: 1, max: 10_000 } as const;

export type GraceSettingsResult =
  { ok: true; value: GraceSettings } | { ok: false; reasons: string[] };

/** Checks grace settings as typed in the settings tab; absent fields take their defaults. */
export function validateGraceSettings(input: unknown): GraceSettingsResult {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const graceMs = record.graceMs ?? DEFAULT_GRACE_SETTINGS.graceMs;
  const maxPerEntity = record.maxPerEntity ?? DEFAULT_GRACE_SETTINGS.maxPerEntity;

  const reasons: string[] = [];
  if (!isWholeIn(graceMs, GRACE_MS_RANGE)) {
    reasons.push(`grace period: expected a whole number of milliseconds from 3000 to 10000`);
  }
  if (!isWholeIn(maxPerEntity, MAX_PER_ENTITY_RANGE)) {
    reasons.push(`events held per entity: expected a whole number from 1 to 10000`);
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, value: { graceMs: graceMs as number, maxPerEntity: maxPerEntity as number } };
}

/** Thrown by the `GraceBuffer` constructor for settings `validateGraceSettings` refuses. */
export class GraceSettingsError extends Error {
  override readonly name = 'GraceSettingsError';
  readonly code = 'bad_grace_settings';

  constructor(readonly reasons: string[]) {
    super(reasons.join('; '));
  }
}

export interface GraceBufferOptions extends Partial<GraceSettings> {
  clock: Clock;
  timers: Timers;
  /** The entity an envelope is about; events of one entity are ordered together. */
  keyOf: (envelope: Envelope) => string;
  /** Receives released events of one entity, in `(event_ts, seq, event_id)` order. */
  onRelease: (batch: Envelope[]) => void;
  /** Whether an envelope brings its entity into being; by default a `*.create` type. */
  isCreate?: (envelope: Envelope) => boolean;
  /** Told when `onRelease` throws; the buffer carries on. */
  onError?: (error: unknown) => void;
}

interface Slot {
  events: Envelope[];
  ids: Set<string>;
  timer: TimerHandle;
}

/**
 * Holds each entity's events for a short grace period from the first of them, then releases
 * them sorted by `(event_ts, seq, event_id)`, so events that arrive out of order within the
 * period come out in order. An edit that arrives before its entity's create waits until the
 * create arrives (both go out at once) or the period ends. Past `maxPerEntity` waiting events,
 * the oldest goes out at once, so memory stays bounded.
 *
 * Whatever is released late (after its period) the reducers still place correctly: they
 * order by the same key. The buffer only spares consumers needless churn.
 */
export class GraceBuffer {
  private readonly slots = new Map<string, Slot>();
  private readonly settings: GraceSettings;
  private readonly isCreate: (envelope: Envelope) => boolean;
  private heldCount = 0;

  /** @throws GraceSettingsError for a grace period or cap out of range. */
  constructor(private readonly options: GraceBufferOptions) {
    const checked = validateGraceSettings(options);
    if (!checked.ok) throw new GraceSettingsError(checked.reasons);
    this.settings = checked.value;
    this.isCreate = options.isCreate ?? ((envelope) => envelope.type.endsWith('.create'));
  }

  /** Events waiting, over all entities. */
  get size(): number {
    return this.heldCount;
  }

  /** Entities with events waiting. */
  get entityCount(): number {
    return this.slots.size;
  }

  /** Takes an event in. An event id already waiting is ignored. */
  offer(envelope: Envelope): void {
    const key = this.options.keyOf(envelope);
    const slot = this.slots.get(key) ?? this.openSlot(key);
    if (slot.ids.has(envelope.event_id)) return;

    insertSorted(slot.events, envelope);
    slot.ids.add(envelope.event_id);
    this.heldCount += 1;

    if (this.isCreate(envelope) && slot.events.length > 1) this.flush(key);
    else if (slot.events.length > this.settings.maxPerEntity) this.releaseOldest(key, slot);
  }

  /** Releases one entity's waiting events now. */
  flush(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;

    this.slots.delete(key);
    this.options.timers.clear(slot.timer);
    this.heldCount -= slot.events.length;
    this.release(slot.events);
  }

  /** Releases every waiting event now, entity by entity in key order (on unload, on demand). */
  flushAll(): void {
    for (const key of [...this.slots.keys()].sort()) this.flush(key);
  }

  private openSlot(key: string): Slot {
    const timer = this.options.timers.set(() => this.flush(key), this.settings.graceMs);
    const slot: Slot = { events: [], ids: new Set(), timer };
    this.slots.set(key, slot);
    return slot;
  }

  private releaseOldest(key: string, slot: Slot): void {
    const excess = slot.events.length - this.settings.maxPerEntity;
    const oldest = slot.events.splice(0, excess);
    for (const envelope of oldest) slot.ids.delete(envelope.event_id);
    this.heldCount -= oldest.length;
    this.release(oldest);
    if (slot.events.length === 0) this.flush(key);
  }

  private release(batch: Envelope[]): void {
    if (batch.length === 0) return;
    try {
      this.options.onRelease(batch);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

function insertSorted(events: Envelope[], envelope: Envelope): void {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareOrder(events[middle]!, envelope) <= 0) low = middle + 1;
    else high = middle;
  }
  events.splice(low, 0, envelope);
}

function isWholeIn(value: unknown, range: { min: number; max: number }): boolean {
  return (
    Number.isSafeInteger(value) && (value as number) >= range.min && (value as number) <= range.max
  );
}
