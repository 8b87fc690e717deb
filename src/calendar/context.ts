import type { Logger } from '../logs/logger';
import type { KiraStore, LedgerEntry } from '../store/types';
import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { type RetryPolicy, withRetry } from './backoff';
import type { CalendarApi } from './client';
import type { CalendarSyncError } from './errors';
import type { MappingSettings, SyncedFields } from './mapping';
import type { EntityRepository, SyncQuarantine, WriteOrigin } from './repository';

export type SyncDirection = 'two-way' | 'pull' | 'push';

/** The user's settings for calendar sync, read at the start of each step. */
export interface CalendarSyncSettings extends MappingSettings {
  direction: SyncDirection;
  /** What a cancelled event does to its note: move it to the trash, or tag it `cancelled`. */
  onCancelled: 'trash' | 'mark';
  /** The first full sync lists events from this many days back... */
  windowPastDays: number;
  /** ...to this many days ahead. */
  windowFutureDays: number;
  /** Local changes go out this long after the last one (debounce). */
  debounceMs: number;
  /** Events per page of a listing (Google allows up to 2500). */
  pageSize: number;
  /** The vault's name, for the link back to the note in a new event's description. */
  vaultName?: string;
}

export const DEFAULT_SYNC_SETTINGS: CalendarSyncSettings = {
  direction: 'two-way',
  onCancelled: 'trash',
  windowPastDays: 30,
  windowFutureDays: 365,
  debounceMs: 2000,
  pageSize: 250,
  zone: 'UTC',
  mapTasks: false,
};

/** What one sync did, for the status bar and the tests. */
export interface SyncReport {
  isFullSync: boolean;
  pages: number;
  /** Notes made from new events. */
  created: number;
  /** Notes changed by remote changes. */
  imported: number;
  /** Pulled events that only echoed what the note already holds. */
  echoes: number;
  cancelled: number;
  inserted: number;
  patched: number;
  conflicts: number;
  /** Items left out, each with its reason in the log. */
  skipped: number;
  /** Local changes still waiting in the outbox. */
  waiting: number;
}

export function emptyReport(): SyncReport {
  return {
    isFullSync: false,
    pages: 0,
    created: 0,
    imported: 0,
    echoes: 0,
    cancelled: 0,
    inserted: 0,
    patched: 0,
    conflicts: 0,
    skipped: 0,
    waiting: 0,
  };
}

/** Everything the steps of a sync share. */
export interface SyncContext {
  readonly api: CalendarApi;
  readonly store: KiraStore;
  readonly repository: EntityRepository;
  readonly quarantine: SyncQuarantine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  settings(): CalendarSyncSettings;
}

/** A call to Google under the retry policy, each retry logged. */
export function callGoogle<T>(context: SyncContext, call: () => Promise<T>): Promise<T> {
  return withRetry(call, context.retry, (error: CalendarSyncError, retry, delayMs) => {
    if (!context.logger.isEnabled('debug')) return;
    context.logger.debug('retry', `Retrying after ${error.code} in ${delayMs} ms.`, {
      meta: { retry, status: error.details.status, reason: error.details.reason },
    });
  });
}

export function originFor(entityId: string): WriteOrigin {
  return { source: 'sync', correlationId: entityId };
}

/** The ledger entry after the note and Google agree on version `etag`. */
export function ledgerEntry(
  context: SyncContext,
  link: { remoteId: string; entityId: string; version: number; etag: string },
  fields: SyncedFields,
): LedgerEntry {
  return {
    remote_id: link.remoteId,
    entity_id: link.entityId,
    source: 'gcal',
    version_seen: link.version,
    etag_seen: link.etag,
    last_sync: formatInstant(context.clock.now()),
    fields_seen: { ...fields },
  };
}

/** The fields a ledger entry says the remote version `etag` holds, when it knows. */
export function baseFields(
  entry: LedgerEntry | undefined,
  etag: string | null,
): SyncedFields | undefined {
  if (!entry || etag === null || entry.etag_seen !== etag || !entry.fields_seen) return undefined;
  return entry.fields_seen as unknown as SyncedFields;
}

/** A short description of an error for the logs. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
