import type { App, TFile } from 'obsidian';

import type { Kind } from '../entities/model';
import type { Envelope } from '../events/envelope';
import type { EventBackbone } from '../events/backbone';
import type { Timers, TimerHandle } from '../events/timers';
import { frontmatterHash, parseNote } from '../frontmatter';
import {
  type EditUnderJudgement,
  type Judgement,
  judgeEdit,
  resolveWithReason,
  revertEdit,
} from '../guard/judge';
import { writeFor } from '../guard/write-plan';
import type { Logger } from '../logs/logger';
import type { QuarantineStore } from '../quarantine/store';
import type { WriteQueue } from '../queue/write-queue';
import type { KiraStore } from '../store/types';
import type { Clock } from '../time/clock';

/** Asks the user for the reason a transition needs; resolves to null when they cancel. */
export type ReasonPrompt = (question: {
  path: string;
  needs: 'blocked_reason' | 'reopen_reason';
  message: string;
}) => Promise<string | null>;

export interface EditGuardDeps {
  app: App;
  clock: Clock;
  timers: Timers;
  zone: () => string;
  debounceMs: () => number;
  queue: WriteQueue;
  quarantine: QuarantineStore;
  store: KiraStore;
  backbone: EventBackbone;
  logger: Logger;
  askReason: ReasonPrompt;
  tell: (message: string) => void;
  /**
   * Told after a user's edit of an entity note was judged and acted on (never for Kira's own
   * writes), with the note as the guard left it: the calendar sync hears local changes here.
   */
  onUserEdit?: (entityId: string) => void;
}

interface KnownNote {
  id: string;
  kind: Kind;
}

/**
 * The task state machine on the user's own edits (DESIGN part 3).
 *
 * A change of an entity note is first checked against Kira's own writes (those are never
 * judged), then debounced so that typing does not trigger anything, then sent through the
 * event backbone as a vault envelope. Its consumer judges the note's text of that moment
 * against the entity's last valid snapshot and acts: fill in what an allowed transition sets,
 * ask for a missing reason, restore the last valid lifecycle keys (keeping the rest of the
 * save), or mark the note invalid. Every write goes through the write queue.
 */
export class EditGuard {
  /** Entity notes by path, as last seen. */
  private readonly known = new Map<string, KnownNote>();
  /** The current path of each entity id in `known`. */
  private readonly pathById = new Map<string, string>();
  /** Debounce timers, by entity id, so that a rename while one waits does not lose it. */
  private readonly pending = new Map<string, TimerHandle>();
  /**
   * Entities with a user edit that has not been judged yet. While one is, Kira's own writes to
   * the note (a sync, a command) must not become its snapshot: the text they come back with
   * holds the unjudged edit too, which would then pass as valid without a judgement.
   */
  private readonly unjudged = new Set<string>();
  private readonly judging = new Set<Promise<void>>();
  /** Entities whose reason prompt is open; their edits wait for the answer. */
  private readonly asking = new Set<string>();
  private readonly rejudge = new Set<string>();
  private isStopping = false;
  private stopAsking: () => void = () => undefined;
  /** Resolves when the guard stops: an open reason prompt is then no longer waited for. */
  private readonly stopped = new Promise<null>((resolve) => {
    this.stopAsking = () => resolve(null);
  });
  private seq = 0;

  constructor(private readonly deps: EditGuardDeps) {}

  /** Called for every change the metadata cache reports, with the entity it was before. */
  noteChanged(file: TFile, text: string, entity: KnownNote | undefined): void {
    if (file.extension !== 'md') return;
    const known = entity ?? this.known.get(file.path);
    if (!known) return;
    this.remember(file.path, known);

    if (this.deps.queue.ledger.isOwnWrite(file.path, text)) {
      if (!this.unjudged.has(known.id))
        void this.track(this.snapshotOwnWrite(known, file.path, text));
      return;
    }
    this.unjudged.add(known.id);
    this.debounce(known.id);
  }

  noteRenamed(oldPath: string, newPath: string): void {
    const known = this.known.get(oldPath);
    this.known.delete(oldPath);
    if (known) this.remember(newPath, known);
    this.deps.queue.ledger.rename(oldPath, newPath);
    void this.track(this.deps.quarantine.followRename(oldPath, newPath));
  }

  noteDeleted(path: string): void {
    const known = this.known.get(path);
    this.known.delete(path);
    if (known) {
      this.cancel(known.id);
      this.unjudged.delete(known.id);
      if (this.pathById.get(known.id) === path) this.pathById.delete(known.id);
    }
    this.deps.queue.ledger.forget(path);
  }

  /** The backbone's consumer for vault envelopes. */
  async consume(envelope: Envelope): Promise<void> {
    if (envelope.source !== 'vault') return;
    const { action, id } = envelope.payload as { action: string; id: string };
    if (action !== 'modify' && action !== 'create') return;

    // The note may have moved since the envelope was made: follow the id.
    const path = this.pathById.get(id);
    const known = path === undefined ? undefined : this.known.get(path);
    if (!path || !known || known.id !== id) return;
    await this.judge(path, known, envelope.correlation_id);
  }

  /** Sends every debounced edit on at once; for unload, tests and the demo. */
  async flushDebounced(): Promise<void> {
    const submissions = [...this.pending.keys()].map((id) => {
      this.cancel(id);
      return this.track(this.submit(id));
    });
    await Promise.all(submissions);
  }

  /** Stops waiting for open reason prompts and writes nothing more for them. For unload. */
  stop(): void {
    this.isStopping = true;
    this.stopAsking();
  }

  /** Resolves when no judgement or snapshot update started so far is still running. */
  async idle(): Promise<void> {
    while (this.judging.size > 0) await Promise.allSettled([...this.judging]);
  }

  get hasPending(): boolean {
    return this.pending.size > 0 || this.judging.size > 0;
  }

  private remember(path: string, known: KnownNote): void {
    this.known.set(path, known);
    this.pathById.set(known.id, path);
  }

  private debounce(id: string): void {
    this.cancel(id);
    const handle = this.deps.timers.set(() => {
      this.pending.delete(id);
      void this.track(this.submit(id));
    }, this.deps.debounceMs());
    this.pending.set(id, handle);
  }

  private cancel(id: string): void {
    const handle = this.pending.get(id);
    if (handle === undefined) return;
    this.deps.timers.clear(handle);
    this.pending.delete(id);
  }

  private async submit(id: string): Promise<void> {
    const path = this.pathById.get(id);
    const known = path === undefined ? undefined : this.known.get(path);
    const file = path === undefined ? null : this.deps.app.vault.getFileByPath(path);
    if (!path || !known || !file) return;

    const cache = this.deps.app.metadataCache.getFileCache(file);
    const outcome = await this.deps.backbone.submitVault({
      action: 'modify',
      id: known.id,
      path,
      frontmatter_hash: frontmatterHash(cache?.frontmatter ?? null),
      seq: ++this.seq,
    });
    if (outcome.outcome === 'rejected') {
      this.deps.logger.warn('validation_failed', `Could not take the edit of ${path}.`, {
        entity_id: known.id,
        meta: { reasons: outcome.reasons },
      });
    }
  }

  private async judge(path: string, known: KnownNote, correlationId: string): Promise<void> {
    const file = this.deps.app.vault.getFileByPath(path);
    if (!file) return;
    if (this.asking.has(known.id)) {
      this.rejudge.add(known.id);
      return;
    }

    // From here on the judgement reads the note as it is; an edit after this is judged anew.
    this.unjudged.delete(known.id);
    const judgement = judgeEdit(await this.inputFor(file, known, correlationId));
    if (judgement.outcome !== 'ask_reason') {
      await this.act(judgement, path, known, correlationId);
      this.deps.onUserEdit?.(known.id);
      return;
    }

    // The answer may take the user a while: ask beside the event stream, not in it, so that
    // other notes' edits are judged meanwhile. The answer is judged on the note as it is then.
    this.asking.add(known.id);
    void this.track(
      this.askThenAct(file, known, correlationId, judgement).finally(() => {
        this.asking.delete(known.id);
        // An edit that came while the prompt was open gets its own judgement now.
        if (this.rejudge.delete(known.id))
          void this.track(this.judge(file.path, known, correlationId));
      }),
    );
  }

  private async askThenAct(
    file: TFile,
    known: KnownNote,
    correlationId: string,
    question: Extract<Judgement, { outcome: 'ask_reason' }>,
  ): Promise<void> {
    const reason = await Promise.race([
      this.deps.askReason({ path: file.path, needs: question.needs, message: question.message }),
      this.stopped,
    ]);
    // Unloading: leave the note as the user saved it; it is judged again on its next change.
    if (this.isStopping) return;
    this.unjudged.delete(known.id);
    const fresh = await this.inputFor(file, known, correlationId);
    const judgement = reason === null ? revertEdit(fresh) : resolveWithReason(fresh, reason);
    await this.act(judgement, file.path, known, correlationId);
    this.deps.onUserEdit?.(known.id);
  }

  private async inputFor(
    file: TFile,
    known: KnownNote,
    correlationId: string,
  ): Promise<EditUnderJudgement> {
    const text = await this.deps.app.vault.read(file);
    const snapshot = await this.deps.store.getSnapshot(known.id);
    return {
      before: snapshot?.frontmatter ?? null,
      text,
      path: file.path,
      kind: known.kind,
      clock: this.deps.clock,
      zone: this.deps.zone(),
      isMarkedInvalid: this.deps.quarantine.openInvalid(file.path) !== undefined,
      source: 'vault',
      correlationId,
    };
  }

  private async act(
    judgement: Judgement,
    path: string,
    known: KnownNote,
    correlationId: string,
  ): Promise<void> {
    const { logger, quarantine } = this.deps;
    const fields = { entity_id: known.id, correlation_id: correlationId, source: 'vault' };

    switch (judgement.outcome) {
      case 'unchanged':
        return;
      case 'no_status_change':
        await this.saveSnapshot(known.id, path, judgement.frontmatter);
        return;
      case 'resolved':
        await this.saveSnapshot(known.id, path, judgement.frontmatter);
        await quarantine.resolveFor({ path, entityId: known.id });
        logger.info('resolved', `${path} is valid again.`, fields);
        return;
      case 'accept':
        if (!(await this.write(judgement, known, correlationId))) return;
        await this.saveSnapshot(known.id, path, judgement.frontmatter);
        await quarantine.resolveFor({ path, entityId: known.id });
        logger.info('upsert', `${path}: ${judgement.from} → ${judgement.to}.`, fields);
        return;
      case 'revert':
        await quarantine.add(judgement.quarantine);
        if (await this.write(judgement, known, correlationId)) {
          await this.saveSnapshot(known.id, path, judgement.frontmatter);
        }
        logger.warn('quarantine', judgement.message, fields);
        this.deps.tell(judgement.message);
        return;
      case 'mark_invalid':
      case 'unreadable':
        await quarantine.add(judgement.quarantine);
        logger.warn('quarantine', judgement.message, fields);
        return;
      case 'ask_reason':
        // judge() always answers a question before acting.
        return;
    }
  }

  /**
   * Writes what a judgement calls for. False when it found the note changed again before the
   * write (the user moved on): then the judgement's state never reached the note, must not
   * become the snapshot, and the newer edit gets a judgement of its own.
   */
  private async write(
    judgement: Judgement,
    known: KnownNote,
    correlationId: string,
  ): Promise<boolean> {
    const edit = writeFor(judgement);
    if (!edit) return true;
    const receipt = await this.deps.queue.edit({
      target: { entityId: known.id },
      edit,
      source: 'guard',
      correlationId,
    });
    return receipt.outcome !== 'unchanged';
  }

  /** Kira's own write came back: it is the entity's new last valid state. */
  private async snapshotOwnWrite(known: KnownNote, path: string, text: string): Promise<void> {
    const parsed = parseNote(text);
    if (!parsed.ok || !parsed.note.frontmatter) return;
    await this.saveSnapshot(known.id, path, parsed.note.frontmatter);
  }

  private async saveSnapshot(id: string, path: string, frontmatter: object): Promise<void> {
    await this.deps.store.putSnapshot({
      entity_id: id,
      path,
      hash: frontmatterHash(frontmatter as Record<string, unknown>),
      frontmatter: frontmatter as Record<string, unknown>,
      saved_at: this.deps.clock.now(),
    });
  }

  /** Keeps `work` in `judging` until it settles; the returned promise never rejects. */
  private track(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work
      .catch((error: unknown) => {
        this.deps.logger.error('consumer_failed', `The edit guard failed: ${String(error)}`, {
          meta: { stack: error instanceof Error ? error.stack : undefined },
        });
      })
      .finally(() => this.judging.delete(tracked));
    this.judging.add(tracked);
    return tracked;
  }
}
