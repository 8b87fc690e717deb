import type { PlainObject } from '../plain-data';
import { type NormalizeResult, FieldReader, compact } from './fields';

export const VAULT_ACTIONS = ['create', 'modify', 'delete', 'rename'] as const;
export type VaultAction = (typeof VAULT_ACTIONS)[number];

/**
 * A vault event as the plugin reports it: what happened to which entity note.
 * `frontmatter_hash` is the codec's hash of the note's frontmatter (optional for a delete,
 * whose content may be gone); `old_path` is required for a rename and refused otherwise.
 * `seq` is the producer's running number, so two events in one second keep their order and
 * their own ids.
 */
export interface VaultInput {
  action: VaultAction;
  id: string;
  path: string;
  frontmatter_hash?: string;
  old_path?: string;
  /** Epoch milliseconds or a UTC instant; now when absent. */
  event_ts?: number | string;
  seq?: number;
}

/** The payload of a `vault.*` envelope. */
export interface VaultPayload extends PlainObject {
  action: VaultAction;
  id: string;
  path: string;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const BACKSLASH_OR_CONTROL = /[\\\u0000-\u001f\u007f]/;

// Hex, base64 or a prefixed digest: whatever the codec's hash is, it is a short token.
const HASH = /^[A-Za-z0-9:_+/=-]{8,128}$/;

/**
 * Normalizes a vault event. The event id covers the entity, the time and `seq`: a vault event
 * has no version of its own that survives an undo (A → B → A gives the same frontmatter
 * twice, and both must be seen), so only a redelivery of the same report is a duplicate.
 */
export function normalizeVault(record: PlainObject, nowMs: number): NormalizeResult {
  const fields = new FieldReader(record);
  const action = fields.choice('action', VAULT_ACTIONS);
  const id = fields.entityId('id');
  const path = notePath(fields, 'path');
  const hash = fields.text('frontmatter_hash', {
    required: action !== 'delete',
    pattern: HASH,
    hint: 'expected a hash token of 8 to 128 characters',
  });
  const oldPath = oldPathFor(fields, action);
  const eventTs = fields.eventTs('event_ts', nowMs);
  const seq = fields.integer('seq');

  if (fields.reasons.length > 0 || !action || !id || !path || !eventTs) {
    return { ok: false, reasons: fields.reasons };
  }

  const payload = compact({ action, id, path, frontmatter_hash: hash, old_path: oldPath });
  const event = {
    type: `vault.${action}`,
    external_id: `${id}@${eventTs}#${seq ?? '-'}`,
    event_ts: eventTs,
    payload,
    correlation_id: id,
  };
  return { ok: true, event: seq === undefined ? event : { ...event, seq } };
}

function oldPathFor(fields: FieldReader, action: VaultAction | undefined): string | undefined {
  if (action === 'rename') return notePath(fields, 'old_path');
  if (fields.has('old_path')) fields.refuse('old_path', 'only a rename has an old path');
  return undefined;
}

/** A vault-relative Markdown path: forward slashes, no leading slash, no `.` or `..` parts. */
function notePath(fields: FieldReader, key: string): string | undefined {
  const path = fields.text(key, { max: 1024 });
  if (path === undefined) return undefined;

  const parts = path.split('/');
  const hasOddParts = parts.some((part) => part === '' || part === '.' || part === '..');
  if (hasOddParts || BACKSLASH_OR_CONTROL.test(path)) {
    return fields.refuse(key, `"${path}" is not a vault-relative path`);
  }
  if (!path.toLowerCase().endsWith('.md')) {
    return fields.refuse(key, `"${path}" is not a Markdown note`);
  }
  return path;
}
