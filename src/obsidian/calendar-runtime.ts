import { type App, Platform, requestUrl } from 'obsidian';

import { AuthError, authErrorFrom } from '../calendar/auth/errors';
import type { HttpModule } from '../calendar/auth/loopback';
import { requestUrlFetch } from '../calendar/auth/request-url-fetch';
import {
  SECRET_IDS,
  type SecretStore,
  secretStoreOver,
  TokenVault,
} from '../calendar/auth/secrets';
import type { SignedIn, SignOutOutcome } from '../calendar/auth/google-auth';
import {
  type CalendarSyncSettings,
  DEFAULT_SYNC_SETTINGS,
  type SyncReport,
} from '../calendar/context';
import type { CalendarSync, SyncStatus } from '../calendar/engine';
import { CalendarSyncError } from '../calendar/errors';
import type { Timers } from '../events/timers';
import type { Logger } from '../logs/logger';
import type { KiraSettings } from '../settings/settings';
import type { Clock } from '../time/clock';
import { displayInstant } from '../time/display';
import { parseInstantMs } from '../time/instant';
import { ObsidianEntityRepository } from './calendar-repository';
import type { CalendarChoice, GoogleConnection } from './google-calendar';
import type { KiraRuntime } from './runtime';

/** What started a sync: the user (ribbon, command, settings) or Kira itself. */
export type SyncTrigger = 'user' | 'start-up' | 'interval' | 'online' | 'calendar-chosen';

/**
 * - `desktop_only`: this is Obsidian mobile, where Google's client cannot load;
 * - `not_configured`: no OAuth client id or secret yet;
 * - `signed_out`, `no_calendar`: what the user must do next;
 * - `idle`, `running`, `failed`, `stopped`: as the engine's `SyncState`, where `failed` also
 *   covers a failure before the engine was reached (a dead sign-in, say).
 */
export type CalendarState =
  | 'desktop_only'
  | 'not_configured'
  | 'signed_out'
  | 'no_calendar'
  | 'idle'
  | 'running'
  | 'failed'
  | 'stopped';

export interface CalendarStatus {
  state: CalendarState;
  /** One sentence for the ribbon's tooltip and the status bar. */
  message: string;
  /** UTC, of the last sync that went well on this device since Kira started. */
  lastSyncAt: string | null;
  /** Local changes waiting to go out. */
  waiting: number;
  /** The signed-in account, when known. */
  account: string | undefined;
}

/** Tells the user how syncs went; the UI implements it with notices. */
export interface CalendarNotifier {
  synced(report: SyncReport, trigger: SyncTrigger): void;
  /** `error` is an `AuthError`, a `CalendarSyncError` or anything else thrown. */
  failed(error: unknown, trigger: SyncTrigger): void;
  /** A sync asked for by the user could not start; `state` says why. */
  blocked(status: CalendarStatus): void;
}

export interface CalendarRuntimeDeps {
  app: App;
  runtime: KiraRuntime;
  settings: () => KiraSettings;
  saveSettings: (next: KiraSettings) => Promise<void>;
  clock: Clock;
  timers: Timers;
  notifier: CalendarNotifier;
  /** Opens the consent page in the system browser. */
  openExternal: (url: string) => void;
}

/**
 * The Google Calendar sync inside Obsidian: the sign-in, the engine for the chosen calendar,
 * and the triggers (start-up, interval, back online, user edits, the user's commands).
 *
 * Google's client libraries are loaded on first use, on desktop only (see
 * `google-calendar.ts`); until then, and on mobile, nothing of them is evaluated. What the
 * settings tab and the status need before that (signed in? which account?) is read from the
 * secret store directly.
 */
export class CalendarRuntime {
  readonly secrets: SecretStore;
  private readonly tokens: TokenVault;
  private readonly repository: ObsidianEntityRepository;
  private readonly logger: Logger;
  private google: Promise<GoogleConnection> | null = null;
  private engine: CalendarSync | null = null;
  /** A failure outside the engine (the sign-in), or the last sync's; cleared by a good one. */
  private failure: unknown = null;
  private running = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private readonly work = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(status: CalendarStatus) => void>();
  private stopHearingEdits: (() => void) | null = null;

  constructor(private readonly deps: CalendarRuntimeDeps) {
    this.secrets = secretStoreOver(deps.app.secretStorage);
    this.tokens = new TokenVault(this.secrets);
    this.repository = new ObsidianEntityRepository(
      deps.app,
      deps.runtime.index,
      deps.runtime.queue,
      (kind) => deps.settings().folders[kind],
    );
    this.logger = deps.runtime.logs.logger('calendar');
  }

  // ---- state ----

  get status(): CalendarStatus {
    const engine = this.engine?.status;
    const base = {
      lastSyncAt: engine?.lastSyncAt ?? null,
      waiting: engine?.waiting ?? 0,
      account: this.tokens.account,
    };
    if (this.running > 0) {
      return { ...base, state: 'running', message: 'Syncing with Google Calendar…' };
    }

    const failure = this.failure ?? engine?.lastError ?? null;
    if (failure !== null) {
      const state = engine?.state === 'stopped' ? 'stopped' : 'failed';
      return { ...base, state, message: `The last sync failed: ${messageOf(failure)}` };
    }
    const blocked = this.blocked();
    if (blocked !== null) return { ...base, ...blocked };
    const message =
      base.lastSyncAt === null
        ? 'Not synced yet.'
        : `Last synced ${localTime(base.lastSyncAt, this.deps.runtime.zone)}.`;
    return { ...base, state: 'idle', message };
  }

  /** Hears every status change (for the ribbon and the status bar); returns an unsubscribe. */
  onStatus(listener: (status: CalendarStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** True on a platform where the sync can run at all (the desktop app). */
  get isAvailable(): boolean {
    return Platform.isDesktop;
  }

  isSignedIn(): boolean {
    return this.tokens.refreshToken !== undefined;
  }

  hasClientSecret(): boolean {
    const secret = this.secrets.get(SECRET_IDS.clientSecret);
    return secret !== null && secret !== '';
  }

  /** Keeps the OAuth client's secret in secret storage (never in `data.json`). */
  setClientSecret(secret: string): void {
    this.secrets.set(SECRET_IDS.clientSecret, secret.trim());
    this.emit();
  }

  // ---- life cycle ----

  /**
   * For layout ready, after `KiraRuntime.start`: hears user edits from now on, and when
   * everything is set up, queues the changes made while Kira was not running and syncs.
   */
  start(): void {
    this.stopHearingEdits = this.deps.runtime.onUserEdit((entityId) => this.noteChanged(entityId));
    this.emit();
    if (this.blocked() === null) void this.track(this.syncWithChanges('start-up'));
  }

  /** Stops hearing edits, cancels pending pushes, and lets work under way finish. */
  async close(): Promise<void> {
    this.stopHearingEdits?.();
    this.stopHearingEdits = null;
    this.engine?.dispose();
    this.listeners.clear();
    // A sign-in may wait minutes for the browser: stop it rather than wait.
    await this.google?.then((google) => google.auth.cancelSignIn()).catch(() => undefined);
    await this.settle();
  }

  /** Resolves when no sync, sign-in or change started so far is still running. */
  async settle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  // ---- syncing ----

  /**
   * Pushes waiting changes and pulls Google's (or, with `full`, lists the calendar again).
   * Tells the notifier how it went; resolves to the report, or null when it did not run.
   */
  sync(trigger: SyncTrigger, full = false): Promise<SyncReport | null> {
    return this.track(this.runSync(trigger, full));
  }

  /** For the plugin's minute ticker: syncs when the interval has passed since the last try. */
  onTick(): void {
    const minutes = this.deps.settings().syncIntervalMinutes;
    if (minutes <= 0 || this.running > 0 || this.blocked() !== null) return;
    if (this.deps.clock.now() - this.lastAttemptAt < minutes * 60_000) return;
    void this.sync('interval');
  }

  /** The network came back: changes that waited go out. */
  onOnline(): void {
    if (this.blocked() === null && this.running === 0) void this.sync('online');
  }

  // ---- the sign-in and the calendar ----

  /**
   * Runs the Google sign-in (consent page in the browser, loopback answer) and, when a
   * calendar is chosen, syncs.
   * @throws AuthError (see its codes), `desktop_only` on mobile.
   */
  async signIn(): Promise<SignedIn> {
    const work = (async () => {
      const google = await this.loadGoogle();
      const signedIn = await google.auth.signIn();
      this.failure = null;
      this.engine?.resume();
      this.emit();
      if (this.blocked() === null) void this.track(this.syncWithChanges('calendar-chosen'));
      return signedIn;
    })();
    return this.track(work);
  }

  /** Revokes the grant at Google and forgets the tokens on this device. */
  async signOut(): Promise<SignOutOutcome> {
    const work = (async (): Promise<SignOutOutcome> => {
      this.engine?.dispose();
      this.engine = null;
      this.failure = null;
      if (!this.isSignedIn()) {
        this.emit();
        return { revoke: 'none', message: 'Kira was not signed in to Google.' };
      }
      const google = await this.loadGoogle();
      const outcome = await google.auth.signOut();
      this.emit();
      return outcome;
    })();
    return this.track(work);
  }

  /**
   * The calendars the signed-in account can write to, for the picker.
   * @throws AuthError, or CalendarSyncError when Google could not answer.
   */
  async listCalendars(): Promise<CalendarChoice[]> {
    const google = await this.loadGoogle();
    try {
      return await google.auth.ensureFresh().then(() => google.listCalendars());
    } catch (error) {
      throw this.explain(google, error);
    }
  }

  /** Makes `calendarId` the synced calendar and syncs it (its changes first). */
  async chooseCalendar(calendarId: string): Promise<void> {
    await this.deps.saveSettings({ ...this.deps.settings(), calendarId });
    this.failure = null;
    this.emit();
    if (this.blocked() === null) void this.track(this.syncWithChanges('calendar-chosen'));
  }

  // ---- inside ----

  /** What keeps a sync from running, or null when nothing does. */
  private blocked(): { state: CalendarState; message: string } | null {
    if (!Platform.isDesktop) {
      return {
        state: 'desktop_only',
        message: 'Google Calendar sync needs Obsidian on a computer.',
      };
    }
    if (this.deps.settings().googleClientId === '' || !this.hasClientSecret()) {
      return {
        state: 'not_configured',
        message: 'Set up your Google client in Kira’s settings.',
      };
    }
    if (!this.isSignedIn()) return { state: 'signed_out', message: 'Not signed in to Google.' };
    if (this.deps.settings().calendarId === '') {
      return { state: 'no_calendar', message: 'Pick a calendar in Kira’s settings.' };
    }
    return null;
  }

  private async runSync(trigger: SyncTrigger, full: boolean): Promise<SyncReport | null> {
    const blocked = this.blocked();
    if (blocked !== null) {
      if (trigger === 'user') this.deps.notifier.blocked(this.status);
      return null;
    }

    this.lastAttemptAt = this.deps.clock.now();
    this.running += 1;
    this.emit();
    let google: GoogleConnection | undefined;
    try {
      google = await this.loadGoogle();
      await google.auth.ensureFresh();
      const engine = await this.engineFor(google);
      const report = full ? await engine.fullResync() : await engine.sync();
      this.failure = null;
      this.deps.notifier.synced(report, trigger);
      return report;
    } catch (error) {
      this.failure = google === undefined ? error : this.explain(google, error);
      this.deps.notifier.failed(this.failure, trigger);
      return null;
    } finally {
      this.running -= 1;
      this.emit();
    }
  }

  /** At start-up and after a sign-in or a new calendar: changes made meanwhile, then a sync. */
  private async syncWithChanges(trigger: SyncTrigger): Promise<void> {
    try {
      const engine = await this.engineFor(await this.loadGoogle());
      const queued = await engine.queueChangedNotes();
      if (queued > 0) this.logger.info('sync', `Queued ${queued} changes made while away.`);
    } catch (error) {
      this.logger.warn('sync_failed', `Could not look for changed notes: ${messageOf(error)}`);
    }
    await this.sync(trigger);
  }

  /** A user's edit of an entity note, after the edit guard judged it. */
  private noteChanged(entityId: string): void {
    if (this.blocked() !== null) return;
    void this.track(
      (async () => {
        const engine = await this.engineFor(await this.loadGoogle());
        await engine.noteChanged(entityId);
      })(),
    );
  }

  /** The engine of the chosen calendar, built on first use and when the calendar changes. */
  private async engineFor(google: GoogleConnection): Promise<CalendarSync> {
    const calendarId = this.deps.settings().calendarId;
    if (this.engine?.calendarId === calendarId) return this.engine;

    const { runtime, clock, timers } = this.deps;
    const store = runtime.kiraStore;
    if (store === null) throw new Error('Kira has not finished starting.');
    // Another call may have built it while this one waited.
    if (this.engine?.calendarId === calendarId) return this.engine;

    this.engine?.dispose();
    const engine = google.newSync(calendarId, {
      store,
      repository: this.repository,
      quarantine: runtime.quarantine,
      clock,
      timers,
      settings: () => this.syncSettings(),
      logger: this.logger,
    });
    engine.onStatus((status) => this.engineChanged(status));
    this.engine = engine;
    return engine;
  }

  private engineChanged(status: SyncStatus): void {
    // A debounced push that went well clears an older failure, as a sync does.
    if (status.state === 'idle') this.failure = null;
    this.emit();
  }

  private syncSettings(): CalendarSyncSettings {
    const settings = this.deps.settings();
    return {
      ...DEFAULT_SYNC_SETTINGS,
      direction: settings.syncDirection,
      onCancelled: settings.onCancelled,
      mapTasks: settings.syncTasks,
      zone: this.deps.runtime.zone,
      vaultName: this.deps.app.vault.getName(),
    };
  }

  /**
   * Loads Google's client libraries (once) and builds the sign-in over secret storage.
   * @throws AuthError `desktop_only` on mobile, where they cannot load.
   */
  private loadGoogle(): Promise<GoogleConnection> {
    if (!Platform.isDesktop) return Promise.reject(desktopOnly());

    this.google ??= import('./google-calendar').then(({ connectGoogle }) => {
      const endpoints = this.deps.settings().calendarEndpoints ?? {};
      return connectGoogle({
        secrets: this.secrets,
        clientConfig: () => ({
          clientId: this.deps.settings().googleClientId,
          clientSecret: this.secrets.get(SECRET_IDS.clientSecret) ?? '',
        }),
        isDesktop: Platform.isDesktop,
        openExternal: (url) => this.deps.openExternal(url),
        endpoints,
        ...(endpoints.apiRootUrl === undefined ? {} : { apiRootUrl: endpoints.apiRootUrl }),
        clock: this.deps.clock,
        fetchImplementation: requestUrlFetch(requestUrl),
        loadHttp: loadNodeHttp,
      });
    });
    // A failed load (a broken install) is tried again next time rather than kept.
    this.google.catch(() => (this.google = null));
    return this.google;
  }

  /** A sign-in problem hidden in a sync failure, as the `AuthError` it is. */
  private explain(google: GoogleConnection, error: unknown): unknown {
    const cause =
      error instanceof CalendarSyncError && error.cause !== undefined ? error.cause : error;
    const explained = google.auth.explainFailure(cause);
    return explained instanceof AuthError ? explained : (authErrorFrom(error) ?? error);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.work.delete(tracked));
    this.work.add(tracked);
    // Awaited by callers that care; the rest is logged, never an unhandled rejection.
    tracked.catch((error: unknown) => {
      this.logger.debug('sync_failed', `Calendar work failed: ${messageOf(error)}`);
    });
    return tracked;
  }

  private emit(): void {
    const status = this.status;
    for (const listener of this.listeners) listener(status);
  }
}

/**
 * `node:http` for the loopback server of the sign-in; desktop only. A `require`, not an
 * `import()`: esbuild leaves `import()` of an external module as a native dynamic import, which
 * a CommonJS plugin evaluated by Obsidian (or by the demo's loader) cannot resolve.
 */
function loadNodeHttp(): Promise<HttpModule> {
  if (!Platform.isDesktop) return Promise.reject(desktopOnly());
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return Promise.resolve(require('node:http') as HttpModule);
}

function desktopOnly(): AuthError {
  return new AuthError(
    'desktop_only',
    'Google Calendar sync needs Obsidian on a computer: Google’s sign-in and client run only there.',
  );
}

/** A stored UTC instant as the user's wall-clock time, for the tooltip. */
function localTime(instant: string, zone: string): string {
  const ms = parseInstantMs(instant);
  if (ms === null) return instant;
  try {
    return displayInstant(ms, zone);
  } catch {
    return instant;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
