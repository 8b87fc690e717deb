import type { Frontmatter } from '../entities/model';
import { formatInstant, parseInstantMs } from '../time/instant';
import { readSyncContract } from '../store/ledger';

/**
 * The `x-kira` sync contract as the engine writes it. Beside the five fields of the contract,
 * `pending: true` marks a local change that is not on Google yet; `etag` then still names
 * the remote version the change was made on, which is what `If-Match` must send. Every
 * device reads the same note, so this flag, not a device's own ledger, says what is unsent.
 */
export interface SyncContract {
  source: 'kira' | 'gcal';
  /** Raised by every write Kira makes to the note. */
  version: number;
  remote_id: string;
  /** UTC; never goes back. */
  last_write_ts: string;
  /** The remote version the note's fields match (or were edited from, when pending). */
  etag: string | null;
  pending?: true;
}

export type ContractReading =
  | { state: 'none' }
  | { state: 'valid'; contract: SyncContract }
  | { state: 'invalid'; reasons: string[] };

/** Reads a note's `x-kira`. Never throws. */
export function readContract(frontmatter: Frontmatter): ContractReading {
  const value = frontmatter['x-kira'];
  const read = readSyncContract(value);
  if (read.ok === null) return { state: 'none' };
  if (!read.ok) return { state: 'invalid', reasons: read.reasons };

  const { source, version, remote_id, last_write_ts, etag } = read.contract;
  const reasons: string[] = [];
  if (source !== 'kira' && source !== 'gcal') reasons.push('x-kira.source: expected kira or gcal');
  const pending = (value as Record<string, unknown>).pending;
  if (pending !== undefined && pending !== null && typeof pending !== 'boolean') {
    reasons.push('x-kira.pending: expected true or nothing');
  }
  if (reasons.length > 0) return { state: 'invalid', reasons };

  const contract: SyncContract = {
    source: source as 'kira' | 'gcal',
    version,
    remote_id,
    last_write_ts,
    etag,
  };
  if (pending === true) contract.pending = true;
  return { state: 'valid', contract };
}

/** A local change seen at `nowMs`: source kira, version up, pending until pushed. */
export function stampLocalChange(
  previous: SyncContract | undefined,
  remoteId: string,
  nowMs: number,
): SyncContract {
  return {
    source: 'kira',
    version: (previous?.version ?? 0) + 1,
    remote_id: remoteId,
    last_write_ts: latest(previous?.last_write_ts, nowMs),
    etag: previous?.etag ?? null,
    pending: true,
  };
}

/** The pending change reached Google as version `etag`: no longer pending. */
export function stampPushed(previous: SyncContract, etag: string): SyncContract {
  return {
    source: 'kira',
    version: previous.version + 1,
    remote_id: previous.remote_id,
    last_write_ts: previous.last_write_ts,
    etag,
  };
}

/** The note now holds the remote version `etag`, written on Google at `updatedMs`. */
export function stampImport(
  previous: SyncContract | undefined,
  remoteId: string,
  etag: string,
  updatedMs: number,
  floorVersion = 0,
): SyncContract {
  return {
    source: 'gcal',
    version: Math.max(previous?.version ?? 0, floorVersion) + 1,
    remote_id: remoteId,
    last_write_ts: latest(previous?.last_write_ts, updatedMs),
    etag,
  };
}

/** The contract as frontmatter: `pending` only while true. */
export function contractValue(contract: SyncContract): Frontmatter {
  const value: Frontmatter = {
    source: contract.source,
    version: contract.version,
    remote_id: contract.remote_id,
    last_write_ts: contract.last_write_ts,
    etag: contract.etag,
  };
  if (contract.pending) value.pending = true;
  return value;
}

/** Epoch milliseconds of the contract's `last_write_ts`. */
export function lastWriteMs(contract: SyncContract): number {
  return parseInstantMs(contract.last_write_ts) ?? 0;
}

/** The later of a stored instant and `ms`, stored: a timestamp that never goes back. */
function latest(previous: string | undefined, ms: number): string {
  const previousMs = previous === undefined ? null : parseInstantMs(previous);
  return formatInstant(previousMs === null ? ms : Math.max(previousMs, ms));
}
