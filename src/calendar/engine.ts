import type { Timers, TimerHandle } from '../events/timers';
import { type Logger, silentLogger } from '../logs/logger';
import type { KiraStore } from '../store/types';
import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sleepWith } from './backoff';
import type { CalendarApi } from './client';
import {
  type CalendarSyncSettings,
  type SyncContext,
  type SyncReport,
  describeError,
  emptyReport,
} from './context';
import { CalendarSyncError, messageFor } from './errors';
import { pull } from './pull';
import { noteChanged, pushOutbox } from './push';
import type { EntityRepository, SyncQuarantine } from './repository';
import { fieldsOfNote } from './mapping';

export interface CalendarSyncOptions {
  api: CalendarApi;
  store: KiraStore;
  repository: EntityRepository;
  quarantine: SyncQuarantine;
  clock: Clock;
  /** Read at the start of every step, so a changed setting applies to the next one. */
  settings: () => CalendarSyncSettings;
  logger?: Logger;
  /**
   * For the debounce of local changes and the waits between retries; without them, changes
   * wait for the next sync and retries do not wait (unless `retry.sleep` is given).
   */
  timers?: Timers;
  retry?: Partial<RetryPolicy>;
}

/**
 * - `idle`: the last sync went well (or none ran yet);
 * - `running`;
 * - `failed`: the last sync failed; the next one tries again;
 * - `stopped`: the calendar is gone or the sign-in is: no sync runs until `resume`.
 */
export type SyncState = 'idle' | 'running' | 'failed' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  /** UTC, of the last sync that went well. */
  lastSyncAt: string | null;
  lastError: CalendarSyncError | null;
  /** Local changes waiting to go out. */
  waiting: number;
}

/**
 * Two-way sync of the notes with one Google calendar. See docs/adr/0008-calendar-sync.md.
 *
 * One step at a time: `sync` pushes what waits in the outbox, then pulls what changed on
 * Google; a call while a step runs waits for it and then runs its own. `noteChanged` stamps
 * and queues a local change and, with timers, sends it after `debounceMs` of quiet.
 */
export class CalendarSync {
  private readonly context: SyncContext;
  private chain: Promise<unknown> = Promise.resolve();
  private debounce: TimerHandle | null = null;
  private current: SyncStatus = { state: 'idle', lastSyncAt: null, lastError: null, waiting: 0 };
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly options: CalendarSyncOptions) {
    this.context = {
      api: options.api,
      store: options.store,
      repository: options.repository,
      quarantine: options.quarantine,
      clock: options.clock,
      logger: options.logger ?? silentLogger,
      retry: { ...DEFAULT_RETRY_POLICY, sleep: sleepWith(options.timers), ...options.retry },
      settings: options.settings,
    };
  }

  get calendarId(): string {
    return this.options.api.calendarId;
  }

  get status(): SyncStatus {
    return { ...this.current };
  }

  /** Hears every status change (for the ribbon and the status bar); returns an unsubscribe. */
  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Pushes the outbox, then pulls. Resolves to what it did.
   * @throws CalendarSyncError with a message fit for a notice; `stopped` syncs throw the error
   *   that stopped them without a request.
   */
  sync(): Promise<SyncReport> {
    return this.serialized(() =>
      this.run(async (report) => {
        const direction = this.context.settings().direction;
        if (direction !== 'pull') await pushOutbox(this.context, report);
        if (direction !== 'push') await pull(this.context, report);
      }),
    );
  }

  /** Forgets the sync token and lists the calendar in full; nothing is duplicated. */
  fullResync(): Promise<SyncReport> {
    return this.serialized(() =>
      this.run(async (report) => {
        await this.context.store.setSyncToken(this.calendarId, null);
        const direction = this.context.settings().direction;
        if (direction !== 'pull') {
          await this.queueChangedNotes();
          await pushOutbox(this.context, report);
        }
        if (direction !== 'push') await pull(this.context, report);
      }),
    );
  }

  /** Sends what waits in the outbox, without pulling. */
  flush(): Promise<SyncReport> {
    return this.serialized(() => this.run((report) => pushOutbox(this.context, report)));
  }

  /**
   * A note changed in the vault (not by Kira's own write). Stamps and queues it when its
   * synced fields changed, and schedules a flush. Never rejects: problems are logged.
   */
  async noteChanged(entityId: string): Promise<void> {
    if (this.context.settings().direction === 'pull') return;
    try {
      const isQueued = await noteChanged(this.context, entityId);
      if (isQueued) this.scheduleFlush();
    } catch (error) {
      this.context.logger.error(
        'sync_failed',
        `Could not record a change of ${entityId}: ${describeError(error)}`,
        {
          correlation_id: entityId,
          entity_id: entityId,
        },
      );
    }
  }

  /** Finds notes with changes not yet queued (at start-up, or before a full resync). */
  async queueChangedNotes(): Promise<number> {
    const kinds = this.context.settings().mapTasks
      ? (['event', 'task'] as const)
      : (['event'] as const);
    const notes = await this.context.repository.list(kinds);
    let queued = 0;
    for (const note of notes) {
      const local = fieldsOfNote(note.kind, note.frontmatter, this.context.settings());
      if (local.state !== 'synced') continue;
      if (await noteChanged(this.context, note.id)) queued += 1;
    }
    return queued;
  }

  /** After a `stopped` sync: the user signed in again or picked the calendar again. */
  resume(): void {
    if (this.current.state === 'stopped') this.setStatus({ state: 'idle', lastError: null });
  }

  /** Cancels a pending flush. Steps already running finish. */
  dispose(): void {
    if (this.debounce !== null) this.options.timers?.clear(this.debounce);
    this.debounce = null;
    this.listeners.clear();
  }

  private scheduleFlush(): void {
    const timers = this.options.timers;
    if (!timers) return;
    if (this.debounce !== null) timers.clear(this.debounce);
    this.debounce = timers.set(() => {
      this.debounce = null;
      this.flush().catch(() => undefined);
    }, this.context.settings().debounceMs);
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async run(step: (report: SyncReport) => Promise<void>): Promise<SyncReport> {
    if (this.current.state === 'stopped' && this.current.lastError) throw this.current.lastError;

    const report = emptyReport();
    this.setStatus({ state: 'running' });
    try {
      await step(report);
      report.waiting = (await this.context.store.listOutbox(this.calendarId)).length;
      this.setStatus({
        state: 'idle',
        lastSyncAt: formatInstant(this.context.clock.now()),
        lastError: null,
        waiting: report.waiting,
      });
      return report;
    } catch (error) {
      const failure = asSyncError(error);
      const waiting = await this.context.store.listOutbox(this.calendarId).then(
        (entries) => entries.length,
        () => this.current.waiting,
      );
      this.setStatus({
        state: failure.isFatal ? 'stopped' : 'failed',
        lastError: failure,
        waiting,
      });
      this.context.logger.error('sync_failed', failure.message, {
        meta: { code: failure.code, calendar: this.calendarId, waiting },
      });
      throw failure;
    }
  }

  private setStatus(change: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...change };
    const status = this.status;
    for (const listener of this.listeners) listener(status);
  }
}

function asSyncError(error: unknown): CalendarSyncError {
  if (error instanceof CalendarSyncError) return error;
  return new CalendarSyncError(
    'unexpected',
    messageFor('unexpected', describeError(error)),
    {},
    { cause: error },
  );
}
