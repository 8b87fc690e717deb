import type { PlainObject } from '../plain-data';
import { type NormalizeResult, FieldReader, compact } from './fields';

/**
 * A command the user ran, e.g. from the palette. `invocation_id` names this one run (the
 * caller makes it once, so a retried run keeps it and is recognized as a duplicate).
 */
export interface CommandInput {
  command: string;
  invocation_id: string;
  entity_id?: string;
  args?: PlainObject;
  event_ts?: number | string;
  seq?: number;
}

const COMMAND_NAME = /^[a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)?$/;

/** Normalizes a command invocation into a `command.invoke` event. */
export function normalizeCommand(record: PlainObject, nowMs: number): NormalizeResult {
  const fields = new FieldReader(record);
  const command = fields.text('command', {
    max: 100,
    pattern: COMMAND_NAME,
    hint: 'expected a kebab-case command name such as "set-status"',
  });
  const invocationId = fields.text('invocation_id', { max: 200 });
  const entityId = fields.entityId('entity_id', false);
  const args = fields.object('args') ?? {};
  const eventTs = fields.eventTs('event_ts', nowMs);
  const seq = fields.integer('seq');

  if (fields.reasons.length > 0 || !command || !invocationId || !eventTs) {
    return { ok: false, reasons: fields.reasons };
  }

  const event = {
    type: 'command.invoke',
    external_id: invocationId,
    event_ts: eventTs,
    payload: compact({ command, entity_id: entityId, args }),
    correlation_id: entityId ?? `command:${invocationId}`,
  };
  return { ok: true, event: seq === undefined ? event : { ...event, seq } };
}
