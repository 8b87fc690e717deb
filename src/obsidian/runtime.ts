import type { App, EventRef, TAbstractFile } from 'obsidian';
import { TFile } from 'obsidian';

import { validateEntity } from '../entities/validate';
import { EventBackbone } from '../events/backbone';
import { frontmatterHash } from '../frontmatter';
import type { Timers } from '../events/timers';
import { JsonlLogWriter } from '../logs/jsonl-writer';
import { LogHub, type LogSettings } from '../logs/logger';
import { readHistory } from '../logs/history';
import type { LogLine } from '../logs/log-line';
import { QuarantineStore } from '../quarantine/store';
import { WriteQueue } from '../queue/write-queue';
import type { KiraSettings } from '../settings/settings';
import { openKiraStore } from '../store/open';
import { rebuildLedger } from '../store/ledger';
import type { KiraStore } from '../store/types';
import type { Clock } from '../time/clock';
import { resolveZone } from '../time/zone';
import { EntityIndex } from '../vault/entity-index';
import { restoredText } from '../guard/restore';
import { EditGuard, type ReasonPrompt } from './edit-guard';
import { type CheckedNote, KiraVault, type VaultReport } from './kira-vault';
import { ObsidianNoteWriter } from './note-writer';

export interface RuntimeDeps {
  app: App;
  settings: () => KiraSettings;
  clock: Clock;
  timers: Timers;
  /** Shows the user a short message. */
  tell: (message: string) => void;
  /** Asks the user for a transition's reason (a modal in Obsidian). */
  askReason: ReasonPrompt;
}

const LOG_FOLDER = '.kira/logs';
const SEED_BATCH = 200;

/**
 * Kira's parts, put together: the id index, the write queue, the quarantine, the logs, and
 * (once the layout is ready) the IndexedDB store, the event backbone and the edit guard.
 * Constructing it reads nothing; `start` builds the index from the metadata cache.
 */
export class KiraRuntime {
  readonly index = new EntityIndex();
  readonly logWriter: JsonlLogWriter;
  readonly logs: LogHub;
  readonly queue: WriteQueue;
  readonly vault: KiraVault;
  readonly quarantine: QuarantineStore;
  private store: KiraStore | null = null;
  private backbone: EventBackbone | null = null;
  private guard: EditGuard | null = null;
  private started: Promise<unknown> = Promise.resolve();
  private ledgerRebuild: Promise<void> = Promise.resolve();
  private isClosed = false;
  private readonly userEditListeners = new Set<(entityId: string) => void>();

  constructor(private readonly deps: RuntimeDeps) {
    const { app, clock, timers } = deps;
    this.logWriter = new JsonlLogWriter({ adapter: app.vault.adapter, timers, folder: LOG_FOLDER });
    this.logs = new LogHub(clock, this.logWriter, logSettingsOf(deps.settings()));

    const writePath = this.logs.logger('write-path');
    this.queue = new WriteQueue({
      writer: new ObsidianNoteWriter(app),
      locator: this.index,
      clock,
      zone: () => this.zone,
      runaway: runawayOf(deps.settings()),
      onRefused: (refusal) =>
        void this.quarantine
          .add({
            kind: 'refused_write',
            entity_id: refusal.entityId,
            path: refusal.path,
            reason: refusal.message,
            errors: refusal.issues,
            original: refusal.text,
            source: refusal.source,
            correlation_id: refusal.correlationId,
          })
          .catch((error: unknown) =>
            writePath.error(
              'quarantine_failed',
              `Could not keep a refused write: ${String(error)}`,
              {
                entity_id: refusal.entityId,
              },
            ),
          ),
      onRunaway: (report) => {
        writePath.warn('runaway', `Stopped writing ${report.path}: written too often.`, {
          entity_id: report.entityId,
        });
        deps.tell(`stopped writing ${report.path}: it was written too often. See the quarantine.`);
      },
    });

    this.vault = new KiraVault(app, deps.settings, clock, this.index, this.queue);
    this.quarantine = new QuarantineStore(app.vault.adapter, clock, {
      folder: deps.settings().quarantineFolder,
      log: this.logs.logger('quarantine'),
    });
  }

  get zone(): string {
    return resolveZone(this.deps.settings().timezone);
  }

  /** True once `close` was called: Kira is unloading. */
  get isStopped(): boolean {
    return this.isClosed;
  }

  /** The IndexedDB store (or its in-memory fallback) once `start` has opened it. */
  get kiraStore(): KiraStore | null {
    return this.store;
  }

  /**
   * Hears every user edit of an entity note once the edit guard has judged it (Kira's own
   * writes never); returns an unsubscribe.
   */
  onUserEdit(listener: (entityId: string) => void): () => void {
    this.userEditListeners.add(listener);
    return () => this.userEditListeners.delete(listener);
  }

  /**
   * Builds the index from the metadata cache, loads the quarantine, opens the store and the
   * backbone. Returns the event refs for the plugin to register. For layout ready.
   */
  start(vaultKey: string): Promise<EventRef[]> {
    const starting = this.startUp(vaultKey);
    this.started = starting.catch(() => undefined);
    return starting;
  }

  /**
   * Unloading may come while this still awaits: after each step it checks, and then closes
   * what it opened and registers nothing.
   */
  private async startUp(vaultKey: string): Promise<EventRef[]> {
    this.vault.buildIndex();
    await this.quarantine.load();
    if (this.isClosed) return [];
    const store = await openKiraStore(vaultKey, {
      timers: this.deps.timers,
      onFallback: (reason) =>
        this.deps.tell(
          `the local database is unavailable (${reason}); Kira keeps its state in memory.`,
        ),
      onBlocking: () =>
        this.deps.tell("another window is updating Kira's database; reload this one."),
      onEmpty: (empty) => {
        this.ledgerRebuild = this.rebuildLedger(empty);
      },
    });
    if (this.isClosed) {
      store.close();
      return [];
    }
    this.store = store;
    // The calendar starts after this resolves; it must find the rebuilt ledger.
    await this.ledgerRebuild;
    await this.seedSnapshots(store);
    if (this.isClosed) return [];
    this.guard = this.makeGuard(store);
    this.vault.onNoteChanged((file, text, before) => this.guard?.noteChanged(file, text, before));
    return [...this.vault.watch(), ...this.watchFiles()];
  }

  /** Applies saved settings to the parts that read them once. */
  settingsChanged(): void {
    this.logs.configure(logSettingsOf(this.deps.settings()));
  }

  /**
   * Checks every entity note; with `updateQuarantine`, an invalid note gets (or keeps) an open
   * `invalid` item and a valid one resolves its item.
   */
  async validate(
    onProgress: (done: number, total: number) => void,
    updateQuarantine: boolean,
  ): Promise<VaultReport> {
    const onChecked = updateQuarantine ? (note: CheckedNote) => this.requarantine(note) : undefined;
    return this.vault.validateVault(onProgress, onChecked);
  }

  /** The log lines of one entity, oldest first. */
  async history(entityId: string): Promise<LogLine[]> {
    await this.logWriter.flush();
    return readHistory(this.deps.app.vault.adapter, LOG_FOLDER, entityId);
  }

  /**
   * Restores a kept version through the write queue, then marks the item restored. A refused
   * status change goes back as a recorded forced transition (see `restoredText`).
   */
  async restore(itemId: string): Promise<void> {
    const item = this.quarantine.get(itemId);
    if (!item) return;
    const entity = this.index.at(item.path);
    await this.queue.edit({
      target: { path: item.path },
      edit: (current) => ({
        text: restoredText(item, current, this.deps.clock),
        kind: entity?.kind ?? 'note',
      }),
      source: 'restore',
      correlationId: item.correlation_id,
    });
    await this.quarantine.markRestored(itemId);
    // A restore is the user's choice of content: the calendar hears of it like an edit.
    if (entity) for (const listener of this.userEditListeners) listener(entity.id);
  }

  /**
   * Resolves when everything already under way has finished: debounced edits are sent at
   * once, the backbone's grace buffer is flushed, the queue is idle. For tests and the demo.
   */
  async settle(): Promise<void> {
    await this.started;
    for (let round = 0; round < 20; round += 1) {
      await this.flushEvents();
      await this.guard?.idle();
      await this.queue.idle();
      if (!this.guard?.hasPending && this.queue.pending === 0) return;
    }
  }

  /**
   * Sends debounced edits on at once and lets the backbone deliver what waits in its grace
   * buffer, without waiting for open reason prompts. For tests and the demo.
   */
  async flushEvents(): Promise<void> {
    await this.guard?.flushDebounced();
    await this.backbone?.flush();
  }

  /** Lets work under way finish and closes the store and the logs. For unload. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.guard?.stop();
    await this.guard?.flushDebounced();
    await this.backbone?.close();
    await this.guard?.idle();
    await this.queue.close();
    await this.logWriter.close();
    this.store?.close();
  }

  private makeGuard(store: KiraStore): EditGuard {
    const { app, clock, timers, settings } = this.deps;
    let guard: EditGuard | null = null;
    this.backbone = new EventBackbone({
      clock,
      timers,
      store,
      logs: this.logs,
      consumer: (envelope) => guard?.consume(envelope),
    });
    guard = new EditGuard({
      app,
      clock,
      timers,
      zone: () => this.zone,
      debounceMs: () => settings().editDebounceMs,
      queue: this.queue,
      quarantine: this.quarantine,
      store,
      backbone: this.backbone,
      logger: this.logs.logger('edit-guard'),
      askReason: this.deps.askReason,
      tell: this.deps.tell,
      onUserEdit: (entityId) => {
        for (const listener of this.userEditListeners) listener(entityId);
      },
    });
    return guard;
  }

  private watchFiles(): EventRef[] {
    const { vault } = this.deps.app;
    return [
      vault.on('rename', (file: TAbstractFile, oldPath: string) => {
        if (file instanceof TFile) this.guard?.noteRenamed(oldPath, file.path);
      }),
      vault.on('delete', (file: TAbstractFile) => this.guard?.noteDeleted(file.path)),
    ];
  }

  /**
   * Gives every valid entity that has no snapshot yet (a first start, or a wiped database)
   * one from the metadata cache, so that its next edit is judged as a transition. Reads no
   * note; yields to the interface between batches.
   */
  private async seedSnapshots(store: KiraStore): Promise<void> {
    const { app, clock } = this.deps;
    let seen = 0;
    for (const entity of [...this.index.entities()]) {
      if (++seen % SEED_BATCH === 0)
        await new Promise((resolve) => this.deps.timers.set(() => resolve(undefined), 0));
      if (await store.getSnapshot(entity.id)) continue;

      const file = app.vault.getFileByPath(entity.path);
      const frontmatter = file ? app.metadataCache.getFileCache(file)?.frontmatter : undefined;
      if (!frontmatter) continue;
      if (validateEntity(frontmatter, entity.kind, { zone: this.zone }).length > 0) continue;
      await store.putSnapshot({
        entity_id: entity.id,
        path: entity.path,
        hash: frontmatterHash(frontmatter),
        frontmatter,
        saved_at: clock.now(),
      });
    }
  }

  private async requarantine(note: CheckedNote): Promise<void> {
    if (note.issues.length === 0) {
      await this.quarantine.resolveFor({ path: note.path, entityId: note.id });
      return;
    }
    await this.quarantine.add({
      kind: 'invalid',
      entity_id: note.id,
      path: note.path,
      reason: `${note.path} does not match the schema.`,
      errors: note.issues,
      original: note.text,
      source: 'command',
    });
  }

  private async rebuildLedger(store: KiraStore): Promise<void> {
    const entities = [...this.index.entities()].map((entity) => {
      const file = this.deps.app.vault.getFileByPath(entity.path);
      const frontmatter = file ? this.deps.app.metadataCache.getFileCache(file)?.frontmatter : null;
      return { id: entity.id, xKira: (frontmatter as Record<string, unknown> | null)?.['x-kira'] };
    });
    try {
      await rebuildLedger(store, entities);
    } catch (error) {
      this.logs
        .logger('store')
        .error('ledger_rebuild_failed', `Could not rebuild the sync ledger: ${String(error)}`);
    }
  }
}

function logSettingsOf(settings: KiraSettings): LogSettings {
  return { default: settings.logLevel, modules: { ...settings.logModules } };
}

function runawayOf(settings: KiraSettings): { maxWrites: number; windowMs: number } {
  return {
    maxWrites: settings.runaway.maxWrites,
    windowMs: settings.runaway.windowSeconds * 1000,
  };
}
