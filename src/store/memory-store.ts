import {
  type EntitySnapshot,
  type KiraStore,
  type LedgerEntry,
  type MarkResult,
  type OutboxEntry,
  type SeenEvent,
  type SeenStats,
  SCHEMA_VERSION,
  StoreError,
} from './types';
import { summarizeSeen } from './seen-stats';

/**
 * The store Kira falls back to when IndexedDB cannot be used, and the one tests use when
 * they are not about IndexedDB. Its contents last as long as the plugin runs. Values are
 * copied in and out, as IndexedDB's structured clone would.
 */
export class MemoryKiraStore implements KiraStore {
  readonly kind = 'memory' as const;

  private readonly seen = new Map<string, SeenEvent>();
  private ledger = new Map<string, LedgerEntry>();
  private readonly snapshots = new Map<string, EntitySnapshot>();
  private readonly syncTokens = new Map<string, string>();
  private readonly outbox = new Map<string, OutboxEntry>();
  private isClosed = false;

  markSeen(eventId: string, source: string, nowMs: number): Promise<MarkResult> {
    return this.run(() => {
      // No await between the look-up and the write: the check and the mark are one step.
      const known = this.seen.get(eventId);
      if (known) {
        known.count += 1;
        known.last_seen = Math.max(known.last_seen, nowMs);
        return 'duplicate';
      }
      this.seen.set(eventId, {
        event_id: eventId,
        source,
        first_seen: nowMs,
        last_seen: nowMs,
        count: 1,
      });
      return 'new';
    });
  }

  unmarkSeen(eventId: string): Promise<void> {
    return this.run(() => void this.seen.delete(eventId));
  }

  getSeen(eventId: string): Promise<SeenEvent | undefined> {
    return this.run(() => copy(this.seen.get(eventId)));
  }

  deleteSeenBefore(cutoffMs: number): Promise<number> {
    return this.run(() => {
      let removed = 0;
      for (const [id, record] of this.seen) {
        if (record.last_seen < cutoffMs) {
          this.seen.delete(id);
          removed += 1;
        }
      }
      return removed;
    });
  }

  seenStats(): Promise<SeenStats> {
    return this.run(() => summarizeSeen(this.seen.values()));
  }

  getLedger(remoteId: string): Promise<LedgerEntry | undefined> {
    return this.run(() => copy(this.ledger.get(remoteId)));
  }

  ledgerForEntity(entityId: string): Promise<LedgerEntry[]> {
    return this.run(() =>
      [...this.ledger.values()].filter((entry) => entry.entity_id === entityId).map(clone),
    );
  }

  putLedger(entry: LedgerEntry): Promise<void> {
    return this.run(() => void this.ledger.set(entry.remote_id, clone(entry)));
  }

  deleteLedger(remoteId: string): Promise<void> {
    return this.run(() => void this.ledger.delete(remoteId));
  }

  replaceLedger(entries: readonly LedgerEntry[]): Promise<void> {
    return this.run(() => {
      this.ledger = new Map(entries.map((entry) => [entry.remote_id, clone(entry)]));
    });
  }

  getSnapshot(entityId: string): Promise<EntitySnapshot | undefined> {
    return this.run(() => copy(this.snapshots.get(entityId)));
  }

  putSnapshot(snapshot: EntitySnapshot): Promise<void> {
    return this.run(() => void this.snapshots.set(snapshot.entity_id, clone(snapshot)));
  }

  deleteSnapshot(entityId: string): Promise<void> {
    return this.run(() => void this.snapshots.delete(entityId));
  }

  putOutbox(entry: OutboxEntry): Promise<void> {
    return this.run(
      () => void this.outbox.set(outboxKey(entry.calendar_id, entry.entity_id), clone(entry)),
    );
  }

  listOutbox(calendarId: string): Promise<OutboxEntry[]> {
    return this.run(() =>
      [...this.outbox.values()]
        .filter((entry) => entry.calendar_id === calendarId)
        .sort((a, b) => a.changed_at - b.changed_at)
        .map(clone),
    );
  }

  deleteOutbox(calendarId: string, entityId: string, changedAt?: number): Promise<boolean> {
    return this.run(() => {
      const key = outboxKey(calendarId, entityId);
      const known = this.outbox.get(key);
      const isRemoved =
        known !== undefined && (changedAt === undefined || known.changed_at === changedAt);
      if (isRemoved) this.outbox.delete(key);
      return isRemoved;
    });
  }

  getSyncToken(calendarId: string): Promise<string | null> {
    return this.run(() => this.syncTokens.get(calendarId) ?? null);
  }

  setSyncToken(calendarId: string, token: string | null): Promise<void> {
    return this.run(() => {
      if (token === null) this.syncTokens.delete(calendarId);
      else this.syncTokens.set(calendarId, token);
    });
  }

  schemaVersion(): Promise<number> {
    return this.run(() => SCHEMA_VERSION);
  }

  close(): void {
    this.isClosed = true;
  }

  private run<T>(operation: () => T): Promise<T> {
    if (this.isClosed)
      return Promise.reject(new StoreError('store_closed', 'The store is closed.'));
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function outboxKey(calendarId: string, entityId: string): string {
  // NUL cannot occur in a calendar id, so the pair maps to one key only.
  return `${calendarId}\u0000${entityId}`;
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : clone(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
