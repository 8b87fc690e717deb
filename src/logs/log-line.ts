/**
 * One structured log line, as written to the day's JSON-lines file. Field names are
 * snake_case, the same as in envelopes, so a line can be matched to its event by eye.
 */
export interface LogLine {
  /** UTC, storage format `YYYY-MM-DDTHH:mm:ssZ`; also decides the day file. */
  ts: string;
  level: LogLevel;
  /** The part of Kira that wrote it: `ingress`, `dedupe`, `store`, `sync`, ... */
  module: string;
  /** What happened, from a small vocabulary (see `LogEventName`). */
  event: LogEventName;
  message: string;
  correlation_id?: string;
  entity_id?: string;
  event_id?: string;
  source?: string;
  meta?: Record<string, unknown>;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The events Kira's own modules write; other modules may add names of their own. */
export type LogEventName =
  | 'ingress'
  | 'validation_failed'
  | 'duplicate'
  | 'released'
  | 'upsert'
  | 'conflict'
  | 'quarantine'
  | 'echo_skipped'
  | 'consumer_failed'
  | 'store_failed'
  | 'store_fallback'
  | 'store_recovered'
  | 'ledger_rebuilt'
  | (string & Record<never, never>);

const REQUIRED_TEXT = ['ts', 'level', 'module', 'event', 'message'] as const;
const OPTIONAL_TEXT = ['correlation_id', 'entity_id', 'event_id', 'source'] as const;

/**
 * One line of JSON. Never throws: metadata that JSON cannot hold (a cycle, a bigint) is
 * replaced by a note saying so, and the rest of the line is kept.
 */
export function serializeLogLine(line: LogLine): string {
  try {
    return JSON.stringify(line);
  } catch {
    return JSON.stringify({ ...line, meta: { unserializable: true } });
  }
}

/** Reads one line of a log file; null for a broken or foreign line. Never throws. */
export function parseLogLine(text: string): LogLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;

  const record = value as Record<string, unknown>;
  if (REQUIRED_TEXT.some((key) => typeof record[key] !== 'string')) return null;
  if (!LOG_LEVELS.includes(record.level as LogLevel)) return null;
  if (OPTIONAL_TEXT.some((key) => record[key] !== undefined && typeof record[key] !== 'string')) {
    return null;
  }
  const meta = record.meta;
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    return null;
  }
  return record as unknown as LogLine;
}
