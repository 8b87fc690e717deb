import type { PlainObject } from '../plain-data';
import { type NormalizeResult, FieldReader, compact } from './fields';

/**
 * A call a user script made into Kira (through a capability it was granted). `call_id` names
 * this one call within the script's run.
 */
export interface ScriptInput {
  /** The script's vault path, e.g. `Kira/scripts/weekly.js`. */
  script: string;
  call_id: string;
  /** What the script asks for, e.g. `entity.update`. */
  action: string;
  entity_id?: string;
  args?: PlainObject;
  event_ts?: number | string;
  seq?: number;
}

const ACTION = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

/** Normalizes a script call into a `script.call` event. */
export function normalizeScript(record: PlainObject, nowMs: number): NormalizeResult {
  const fields = new FieldReader(record);
  const script = fields.text('script', { max: 1024 });
  const callId = fields.text('call_id', { max: 200 });
  const action = fields.text('action', {
    max: 100,
    pattern: ACTION,
    hint: 'expected a dotted lowercase name such as "entity.update"',
  });
  const entityId = fields.entityId('entity_id', false);
  const args = fields.object('args') ?? {};
  const eventTs = fields.eventTs('event_ts', nowMs);
  const seq = fields.integer('seq');

  if (fields.reasons.length > 0 || !script || !callId || !action || !eventTs) {
    return { ok: false, reasons: fields.reasons };
  }

  const event = {
    type: 'script.call',
    external_id: `${script}#${callId}`,
    event_ts: eventTs,
    payload: compact({ script, action, entity_id: entityId, args }),
    correlation_id: entityId ?? `script:${script}#${callId}`,
  };
  return { ok: true, event: seq === undefined ? event : { ...event, seq } };
}
