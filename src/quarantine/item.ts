import type { ValidationIssue } from '../entities/validate';
import { contentHash } from '../queue/content-hash';
import { formatInstant } from '../time/instant';

/**
 * Quarantine items: a version of a note Kira would not accept, kept whole with every reason,
 * so that nothing a user or a sync wrote is ever thrown away.
 *
 * - `rejected_transition`: a status change the lifecycle does not allow, or whose reason the
 *   user declined to give; the note got its last valid status back, this is what was there;
 * - `invalid`: a value that is not valid (an unknown priority, a malformed date, broken YAML);
 *   the note is kept as written and left out of sync and rollups until it is fixed, when the
 *   item resolves by itself;
 * - `refused_write`: a write of Kira's (a sync import, a script) that failed validation;
 * - `conflict`: the losing side of a sync conflict;
 * - `runaway`: the write that tripped the runaway guard.
 */
export const QUARANTINE_KINDS = [
  'rejected_transition',
  'invalid',
  'refused_write',
  'conflict',
  'runaway',
] as const;
export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];

/** `open` until the user restores or discards the item, or (for `invalid`) the note is fixed. */
export const QUARANTINE_STATUSES = ['open', 'restored', 'discarded', 'resolved'] as const;
export type QuarantineStatus = (typeof QUARANTINE_STATUSES)[number];

export interface QuarantineItem {
  id: string;
  /** UTC instants in the storage format. */
  created_at: string;
  updated_at: string;
  kind: QuarantineKind;
  entity_id?: string;
  /** The note's path when the item was made (kept current across renames while open). */
  path: string;
  /** One sentence a user can act on. */
  reason: string;
  /** Every problem found, not just the first. */
  errors: ValidationIssue[];
  /** The full text of the version kept. */
  original: string;
  /** Where the version came from: `vault`, `sync`, `command`, `script`... */
  source: string;
  correlation_id: string;
  status: QuarantineStatus;
}

/** What a producer hands to the quarantine; the store adds the id, times and status. */
export interface QuarantineDraft {
  kind: QuarantineKind;
  entity_id?: string;
  path: string;
  reason: string;
  errors: ValidationIssue[];
  original: string;
  source: string;
  /** The item's id is used when none is given. */
  correlation_id?: string;
}

/** The version of the item file format this code writes. */
export const ITEM_FORMAT = 1;

/**
 * A new item's id: the UTC second it was made and a fingerprint of its content, like
 * `20240301T093000Z-1a2b3c4d`, so that file names sort by age and stay short.
 */
export function itemIdFor(draft: QuarantineDraft, nowMs: number): string {
  const stamp = formatInstant(nowMs).replace(/[-:]/g, '');
  const fingerprint = contentHash(`${draft.kind}\n${draft.path}\n${draft.original}`);
  return `${stamp}-${fingerprint.slice(-8)}`;
}

/** The item as its file holds it: pretty JSON, so a user can read it in any editor. */
export function itemToJson(item: QuarantineItem): string {
  return `${JSON.stringify({ format: ITEM_FORMAT, ...item }, null, 2)}\n`;
}

export type ItemReading = { ok: true; item: QuarantineItem } | { ok: false; reason: string };

/** Reads an item file's text; says what is wrong instead of throwing. */
export function itemFromJson(text: string): ItemReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${errorText(error)})` };
  }
  if (!isRecord(value)) return { ok: false, reason: 'it is not a JSON object' };

  const format = value.format ?? ITEM_FORMAT;
  if (format !== ITEM_FORMAT) {
    return { ok: false, reason: `it has format ${JSON.stringify(format)}, from a newer Kira` };
  }
  const problem = problemOf(value);
  return problem === null
    ? { ok: true, item: toItem(value) }
    : { ok: false, reason: `its ${problem} is missing or wrong` };
}

/** The first field of `value` that an item cannot have as it is, or null. */
function problemOf(value: Record<string, unknown>): string | null {
  for (const field of ['id', 'created_at', 'updated_at', 'path', 'reason', 'original', 'source']) {
    if (typeof value[field] !== 'string') return field;
  }
  if (!(QUARANTINE_KINDS as readonly unknown[]).includes(value.kind)) return 'kind';
  if (!(QUARANTINE_STATUSES as readonly unknown[]).includes(value.status)) return 'status';
  if (value.entity_id !== undefined && typeof value.entity_id !== 'string') return 'entity_id';
  if (value.correlation_id !== undefined && typeof value.correlation_id !== 'string') {
    return 'correlation_id';
  }
  if (!Array.isArray(value.errors) || !value.errors.every(isIssue)) return 'errors';
  return null;
}

/** Builds the item from checked fields only, so stray keys of a hand-edited file are dropped. */
function toItem(value: Record<string, unknown>): QuarantineItem {
  const text = (key: string): string => value[key] as string;
  const item: QuarantineItem = {
    id: text('id'),
    created_at: text('created_at'),
    updated_at: text('updated_at'),
    kind: value.kind as QuarantineKind,
    path: text('path'),
    reason: text('reason'),
    errors: (value.errors as ValidationIssue[]).map(({ field, code, message }) => ({
      field,
      code,
      message,
    })),
    original: text('original'),
    source: text('source'),
    correlation_id: typeof value.correlation_id === 'string' ? value.correlation_id : text('id'),
    status: value.status as QuarantineStatus,
  };
  if (typeof value.entity_id === 'string') item.entity_id = value.entity_id;
  return item;
}

function isIssue(value: unknown): value is ValidationIssue {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
