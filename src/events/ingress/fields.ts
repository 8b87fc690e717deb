import { isValidId } from '../../entities/ids';
import { formatInstant, isStoredInstant } from '../../time/instant';
import { type PlainObject, type PlainValue, isPlainObjectLike, kindOf } from '../plain-data';

/** What a source's normalizer makes of its input: an envelope draft minus the source. */
export interface NormalizedEvent {
  type: string;
  external_id: string;
  event_ts: string;
  seq?: number;
  payload: PlainObject;
  correlation_id: string;
}

export type NormalizeResult =
  { ok: true; event: NormalizedEvent } | { ok: false; reasons: string[] };

const MAX_TEXT = 4096;

/**
 * Reads fields of one plain-data record, collecting a reason for every field that is missing
 * or of the wrong shape instead of stopping at the first, so a rejection lists them all.
 */
export class FieldReader {
  readonly reasons: string[] = [];

  constructor(
    private readonly record: PlainObject,
    private readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /** A text field: trimmed of nothing, at most `max` characters, matching `pattern` if given. */
  text(key: string, rule: TextRule = {}): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return this.missing(key, rule.required ?? true);
    if (typeof value !== 'string') return this.wrong(key, 'a text', value);

    const max = rule.max ?? MAX_TEXT;
    if (value.length > max) return this.refuse(key, `longer than ${max} characters`);
    if ((rule.required ?? true) && value.trim() === '') return this.refuse(key, 'is empty');
    if (rule.pattern && !rule.pattern.test(value))
      return this.refuse(key, rule.hint ?? 'has the wrong shape');
    return value;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(key: string, choices: readonly T[], required = true): T | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return this.missing(key, required);
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      return this.refuse(key, `expected one of ${choices.join(', ')}, got ${show(value)}`);
    }
    return value as T;
  }

  /** A Kira entity id (`task-20240501-0930-slug`). */
  entityId(key: string, required = true): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return this.missing(key, required);
    if (!isValidId(value)) return this.refuse(key, `${show(value)} is not a Kira id`);
    return value;
  }

  /** A whole number ≥ `min`, optional. */
  integer(key: string, min = 0): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      return this.refuse(key, `expected a whole number ≥ ${min}, got ${show(value)}`);
    }
    return value;
  }

  /** A nested plain object, optional unless `required`. */
  object(key: string, required = false): PlainObject | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return this.missing(key, required);
    if (!isPlainObjectLike(value)) return this.wrong(key, 'an object', value);
    return value;
  }

  /** A list, optional unless `required`. */
  list(key: string, required = false): PlainValue[] | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return this.missing(key, required);
    if (!Array.isArray(value)) return this.wrong(key, 'a list', value);
    return value;
  }

  /**
   * When the event happened: epoch milliseconds or a UTC instant in the storage format.
   * Offsets and local times are refused here; the producer converts at its edge. Absent, it
   * is `nowMs`.
   */
  eventTs(key: string, nowMs: number): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return formatInstant(nowMs);
    if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 8.64e15) {
      return formatInstant(value);
    }
    if (typeof value === 'string' && isStoredInstant(value)) return value;
    return this.refuse(key, `expected a UTC time like 2024-05-01T09:30:00Z, got ${show(value)}`);
  }

  refuse(key: string, why: string): undefined {
    this.reasons.push(`${this.prefix}${key}: ${why}`);
    return undefined;
  }

  private raw(key: string): PlainValue | undefined {
    return Object.hasOwn(this.record, key) ? this.record[key] : undefined;
  }

  private missing(key: string, required: boolean): undefined {
    return required ? this.refuse(key, 'is missing') : undefined;
  }

  private wrong(key: string, expected: string, value: unknown): undefined {
    return this.refuse(key, `expected ${expected}, got ${kindOf(value)}`);
  }
}

export interface TextRule {
  required?: boolean;
  max?: number;
  pattern?: RegExp;
  /** Said when `pattern` does not match. */
  hint?: string;
}

/** Drops keys whose value is undefined, so absent optional fields stay absent in payloads. */
export function compact(record: Record<string, PlainValue | undefined>): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

export function show(value: unknown): string {
  if (typeof value === 'string')
    return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kindOf(value);
}
