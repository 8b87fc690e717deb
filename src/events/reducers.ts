import type { Envelope } from './envelope';
import { type OrderKey, compareOrder, orderKeyOf } from './order';
import { type PlainObject, type PlainValue, canonicalJson } from './plain-data';

/** What the vault's events say about one entity note. */
export interface VaultEntityState {
  source: 'vault';
  id: string;
  path: string;
  /** The frontmatter hash last reported; null once deleted without one. */
  hash: string | null;
  exists: boolean;
  /** The event this state comes from. */
  version: OrderKey;
}

/** What the calendar's events say about one remote event. */
export interface CalendarEntityState {
  source: 'calendar';
  remote_id: string;
  isCancelled: boolean;
  /** The normalized resource (`CalendarPayload`) this state comes from. */
  event: PlainObject;
  version: OrderKey;
}

export type EntityState = VaultEntityState | CalendarEntityState;

/**
 * The entity an envelope is about, as a key: the note's id for vault events, commands and
 * script calls on an entity (so they are ordered together), `calendar:<calendar>/<id>` for a
 * remote event, and the event itself for anything about no entity.
 */
export function entityKeyOf(envelope: Envelope): string {
  const { payload } = envelope;
  switch (envelope.source) {
    case 'vault':
      return text(payload.id);
    case 'calendar':
      return `calendar:${text(payload.calendar_id ?? 'primary')}/${text(payload.id)}`;
    default:
      return typeof payload.entity_id === 'string'
        ? payload.entity_id
        : `${envelope.source}:${envelope.event_id}`;
  }
}

/**
 * The state after `envelope`, given the state before. Each state is the whole of what one
 * event reports (every vault event carries path and hash; every calendar event the whole
 * resource), so the newest event by `(event_ts, seq, event_id)` wins and older or repeated
 * ones change nothing. That makes the reducer idempotent, commutative and associative: any
 * order and any number of repeats of the same events give the same state.
 *
 * Commands and script calls change no state here; their effects come back as vault events.
 */
export function reduceEntity(
  state: EntityState | undefined,
  envelope: Envelope,
): EntityState | undefined {
  if (envelope.source !== 'vault' && envelope.source !== 'calendar') return state;
  const version = orderKeyOf(envelope);
  if (state && compareOrder(state.version, version) >= 0) return state;

  return envelope.source === 'vault'
    ? vaultState(envelope, version)
    : calendarState(envelope, version);
}

function vaultState(envelope: Envelope, version: OrderKey): VaultEntityState {
  const { payload } = envelope;
  const isDelete = envelope.type === 'vault.delete';
  const hash = payload.frontmatter_hash;
  return {
    source: 'vault',
    id: text(payload.id),
    path: text(payload.path),
    hash: typeof hash === 'string' ? hash : null,
    exists: !isDelete,
    version,
  };
}

function calendarState(envelope: Envelope, version: OrderKey): CalendarEntityState {
  return {
    source: 'calendar',
    remote_id: text(envelope.payload.id),
    isCancelled: envelope.type === 'calendar.cancel',
    event: envelope.payload,
    version,
  };
}

/** Entity states kept by key, folded with `reduceEntity`. */
export class EntityStates {
  private readonly states = new Map<string, EntityState>();

  get size(): number {
    return this.states.size;
  }

  /** Folds one event in; true when it changed a state. */
  apply(envelope: Envelope): boolean {
    const key = entityKeyOf(envelope);
    const before = this.states.get(key);
    const after = reduceEntity(before, envelope);
    if (after === before || after === undefined) return false;

    this.states.set(key, after);
    return true;
  }

  get(key: string): EntityState | undefined {
    return this.states.get(key);
  }

  /** Every state, by key in sorted order, for comparing two runs. */
  entries(): [string, EntityState][] {
    return [...this.states.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

// Ingress makes these fields texts; anything else (a hand-made envelope) still gets a stable key.
function text(value: PlainValue | undefined): string {
  return typeof value === 'string' ? value : canonicalJson(value ?? null);
}
