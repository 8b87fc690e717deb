import { isStoredInstant } from '../time/instant';
import type { KiraStore, LedgerEntry } from './types';

/** The `x-kira` sync contract a synced note carries in its frontmatter. */
export interface SyncContract {
  source: string;
  version: number;
  remote_id: string;
  last_write_ts: string;
  etag: string | null;
}

export type ContractResult =
  | { ok: true; contract: SyncContract }
  | { ok: false; reasons: string[] }
  /** The note has no `x-kira`: it is not synced. */
  | { ok: null };

/** Reads a note's `x-kira` value. Never throws. */
export function readSyncContract(xKira: unknown): ContractResult {
  if (xKira === undefined || xKira === null) return { ok: null };
  if (typeof xKira !== 'object' || Array.isArray(xKira)) {
    return { ok: false, reasons: ['x-kira: expected a map of sync fields'] };
  }

  const { source, version, remote_id, last_write_ts, etag } = xKira as Record<string, unknown>;
  const reasons: string[] = [];
  if (typeof source !== 'string' || source === '') reasons.push('x-kira.source: missing');
  if (!Number.isSafeInteger(version) || (version as number) < 0) {
    reasons.push('x-kira.version: expected a whole number ≥ 0');
  }
  if (typeof remote_id !== 'string' || remote_id === '') reasons.push('x-kira.remote_id: missing');
  if (typeof last_write_ts !== 'string' || !isStoredInstant(last_write_ts)) {
    reasons.push('x-kira.last_write_ts: expected a UTC time like 2024-05-01T09:30:00Z');
  }
  if (etag !== undefined && etag !== null && typeof etag !== 'string') {
    reasons.push('x-kira.etag: expected a text');
  }
  if (reasons.length > 0) return { ok: false, reasons };

  const contract = {
    source: source as string,
    version: version as number,
    remote_id: remote_id as string,
    last_write_ts: last_write_ts as string,
    etag: (etag as string | null | undefined) ?? null,
  };
  return { ok: true, contract };
}

/** An entity as the rebuild needs it: its id and its raw `x-kira` frontmatter value. */
export interface SyncedEntity {
  id: string;
  xKira: unknown;
}

export interface LedgerRebuild {
  rebuilt: number;
  /** Entities whose `x-kira` could not be used, with why. Unsynced notes are not listed. */
  skipped: { id: string; reasons: string[] }[];
}

/**
 * Rebuilds the sync ledger from the notes after the database was wiped: every note whose
 * `x-kira` is complete becomes one entry, and the ledger is replaced in one transaction.
 * When two notes claim one remote id, the one written last (`last_write_ts`, then `version`)
 * keeps it and the other is reported as skipped.
 */
export async function rebuildLedger(
  store: KiraStore,
  entities: Iterable<SyncedEntity>,
): Promise<LedgerRebuild> {
  const byRemote = new Map<string, LedgerEntry>();
  const skipped: LedgerRebuild['skipped'] = [];

  for (const { id, xKira } of entities) {
    const read = readSyncContract(xKira);
    if (read.ok === null) continue;
    if (!read.ok) {
      skipped.push({ id, reasons: read.reasons });
      continue;
    }

    const entry = toLedgerEntry(id, read.contract);
    const rival = byRemote.get(entry.remote_id);
    const [kept, lost] = rival && !isNewer(entry, rival) ? [rival, entry] : [entry, rival];
    byRemote.set(kept.remote_id, kept);
    if (lost) skipped.push({ id: lost.entity_id, reasons: [claimedBy(kept)] });
  }

  await store.replaceLedger([...byRemote.values()]);
  return { rebuilt: byRemote.size, skipped };
}

function toLedgerEntry(entityId: string, contract: SyncContract): LedgerEntry {
  return {
    remote_id: contract.remote_id,
    entity_id: entityId,
    source: contract.source,
    version_seen: contract.version,
    etag_seen: contract.etag,
    last_sync: contract.last_write_ts,
  };
}

function isNewer(a: LedgerEntry, b: LedgerEntry): boolean {
  if (a.last_sync !== b.last_sync) return a.last_sync > b.last_sync;
  if (a.version_seen !== b.version_seen) return a.version_seen > b.version_seen;
  return a.entity_id < b.entity_id;
}

function claimedBy(entry: LedgerEntry): string {
  return `x-kira.remote_id: ${entry.remote_id} is also claimed by ${entry.entity_id}, which keeps it`;
}
