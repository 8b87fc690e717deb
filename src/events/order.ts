import type { Envelope } from './envelope';

/** The part of an envelope that decides its place: `(event_ts, seq, event_id)`. */
export interface OrderKey {
  event_ts: string;
  seq?: number;
  event_id: string;
}

/**
 * The one total order of events: by `event_ts` (the storage format sorts as text), then by
 * `seq` (an envelope without one comes first), then by `event_id`, which breaks every tie the
 * same way on every machine.
 */
export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.event_ts !== b.event_ts) return a.event_ts < b.event_ts ? -1 : 1;

  const seqA = a.seq ?? -1;
  const seqB = b.seq ?? -1;
  if (seqA !== seqB) return seqA - seqB;

  if (a.event_id === b.event_id) return 0;
  return a.event_id < b.event_id ? -1 : 1;
}

/** The order key of an envelope, copied so it can be kept after the envelope is gone. */
export function orderKeyOf(envelope: Envelope): OrderKey {
  const key: OrderKey = { event_ts: envelope.event_ts, event_id: envelope.event_id };
  if (envelope.seq !== undefined) key.seq = envelope.seq;
  return key;
}
