import { isStoredInstant } from '../time/instant';
import {
  type PlainObject,
  type PlainOptions,
  canonicalJson,
  isPlainObjectLike,
  kindOf,
  sha256Hex,
  toPlainObject,
} from './plain-data';

/**
 * The envelope every input travels in, whatever its source. Field names are snake_case
 * because envelopes are stored and logged as they are.
 */
export interface Envelope {
  /** Hex SHA-256 of source, type, external id and payload; see `computeEventId`. */
  event_id: string;
  /** When it happened at the source, UTC in the storage format `YYYY-MM-DDTHH:mm:ssZ`. */
  event_ts: string;
  /** Orders events of one producer within the same second; an integer ≥ 0 when present. */
  seq?: number;
  source: Source;
  /** `<source>.<name>`, e.g. `vault.modify`, `calendar.upsert`. */
  type: string;
  payload: PlainObject;
  /** Ties every log line about this input together; for a note, the note's id. */
  correlation_id: string;
}

export const SOURCES = ['vault', 'calendar', 'command', 'script'] as const;
export type Source = (typeof SOURCES)[number];

/** What `createEnvelope` needs: the envelope without its id, plus the source's own id. */
export interface EnvelopeDraft {
  source: Source;
  type: string;
  /** The source's name for this occurrence (a calendar resource id, an invocation id, ...). */
  external_id: string;
  event_ts: string;
  seq?: number;
  payload: unknown;
  correlation_id: string;
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reasons: string[] };

/**
 * Delivery and retry bookkeeping that may ride along at a payload's top level. It says nothing
 * about what happened, so it never takes part in the event id.
 */
export const TIMING_FIELDS: readonly string[] = [
  'received_at',
  'receivedAt',
  'delivered_at',
  'retry_count',
  'retryCount',
  'attempt',
];

const ENVELOPE_KEYS = new Set([
  'event_id',
  'event_ts',
  'seq',
  'source',
  'type',
  'payload',
  'correlation_id',
]);
const EVENT_ID = /^[0-9a-f]{64}$/;
const TYPE = /^(vault|calendar|command|script)\.[a-z][a-z0-9_]*$/;
const MAX_ID_TEXT = 512;
const PLACEHOLDER_ID = '0'.repeat(64);

/**
 * The event id: hex SHA-256 of the canonical JSON of `[source, type, externalId, payload]`,
 * with top-level `TIMING_FIELDS` left out of the payload. Equal inputs give equal ids on every
 * platform, whatever the key order of the payload.
 */
export async function computeEventId(
  source: Source,
  type: string,
  externalId: string,
  payload: PlainObject,
): Promise<string> {
  const essential: PlainObject = {};
  for (const key of Object.keys(payload)) {
    if (!TIMING_FIELDS.includes(key)) essential[key] = payload[key]!;
  }
  return sha256Hex(canonicalJson([source, type, externalId, essential]));
}

/**
 * Builds an envelope and its id from a draft. The draft is checked as `validateEnvelope`
 * checks an envelope; nothing is thrown, a bad draft comes back with its reasons.
 */
export async function createEnvelope(
  draft: EnvelopeDraft,
  options: PlainOptions = {},
): Promise<EnvelopeResult> {
  const reasons = checkText(draft.external_id, 'external_id');
  // A placeholder id passes the shape check; the real one is computed from the checked copy.
  const candidate = { ...draft, event_id: PLACEHOLDER_ID };
  const checked = validateEnvelope(withoutExternalId(candidate), options);
  if (!checked.ok) reasons.push(...checked.reasons);
  if (reasons.length > 0 || !checked.ok) return { ok: false, reasons };

  const envelope = checked.envelope;
  envelope.event_id = await computeEventId(
    envelope.source,
    envelope.type,
    draft.external_id,
    envelope.payload,
  );
  return { ok: true, envelope };
}

/**
 * Checks that `value` is an envelope and returns a fresh copy of it: every required field,
 * no unknown field, a 64-hex `event_id`, a UTC `event_ts` in the storage format, an integer
 * `seq` ≥ 0 when present, a known `source`, a `type` under that source, a plain-data
 * `payload` object within the size cap, and a non-empty `correlation_id`.
 */
export function validateEnvelope(value: unknown, options: PlainOptions = {}): EnvelopeResult {
  if (!isPlainObjectLike(value)) {
    return { ok: false, reasons: [`envelope: expected an object, got ${kindOf(value)}`] };
  }

  const reasons: string[] = [];
  for (const key of Object.keys(value)) {
    if (!ENVELOPE_KEYS.has(key)) reasons.push(`envelope: unknown field "${clip(key)}"`);
  }

  const { event_id, event_ts, seq, source, type, correlation_id } = value;
  if (typeof event_id !== 'string' || !EVENT_ID.test(event_id)) {
    reasons.push('event_id: expected 64 lowercase hex digits (a SHA-256)');
  }
  if (typeof event_ts !== 'string' || !isStoredInstant(event_ts)) {
    reasons.push(`event_ts: expected a UTC time like 2024-05-01T09:30:00Z, got ${show(event_ts)}`);
  }
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) >= 0)) {
    reasons.push(`seq: expected a whole number ≥ 0, got ${show(seq)}`);
  }
  if (!SOURCES.includes(source as Source)) {
    reasons.push(`source: expected one of ${SOURCES.join(', ')}, got ${show(source)}`);
  }
  if (typeof type !== 'string' || !TYPE.test(type) || !type.startsWith(`${String(source)}.`)) {
    reasons.push(
      `type: expected "<source>.<name>" under source ${show(source)}, got ${show(type)}`,
    );
  }
  reasons.push(...checkText(correlation_id, 'correlation_id'));

  const payload = toPlainObject(value.payload, options);
  if (!payload.ok) reasons.push(...payload.reasons);
  if (reasons.length > 0 || !payload.ok) return { ok: false, reasons };

  const envelope: Envelope = {
    event_id: event_id as string,
    event_ts: event_ts as string,
    source: source as Source,
    type: type as string,
    payload: payload.value,
    correlation_id: correlation_id as string,
  };
  if (seq !== undefined) envelope.seq = seq as number;
  return { ok: true, envelope };
}

/** One line of canonical JSON; `parseEnvelope` reads it back to an equal envelope. */
export function serializeEnvelope(envelope: Envelope): string {
  return canonicalJson(envelope as unknown as PlainObject);
}

/** Reads a serialized envelope, validating it. Never throws. */
export function parseEnvelope(text: string, options: PlainOptions = {}): EnvelopeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reasons: ['envelope: not valid JSON'] };
  }
  return validateEnvelope(value, options);
}

function withoutExternalId(candidate: Record<string, unknown>): Record<string, unknown> {
  const { external_id: _externalId, ...rest } = candidate;
  if (rest.seq === undefined) delete rest.seq;
  return rest;
}

function checkText(value: unknown, field: string): string[] {
  if (typeof value !== 'string' || value.trim() === '') {
    return [`${field}: expected a non-empty text, got ${show(value)}`];
  }
  if (value.length > MAX_ID_TEXT) return [`${field}: longer than ${MAX_ID_TEXT} characters`];
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return [`${field}: contains control characters`];
  return [];
}

function show(value: unknown): string {
  if (typeof value === 'string') return `"${clip(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kindOf(value);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
