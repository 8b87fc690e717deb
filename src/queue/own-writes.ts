import type { Clock } from '../time/clock';
import { contentHash } from './content-hash';

/** How long Kira remembers a write it made, waiting for the vault to report it back. */
export const DEFAULT_OWN_WRITE_TTL_MS = 10_000;

/** More writes than this to one note awaiting their echo and the oldest are forgotten. */
const MAX_PENDING_PER_NOTE = 32;

/** A sweep of every note's entries runs after this many records. */
const SWEEP_EVERY = 256;

export interface OwnWriteLedgerOptions {
  /** How long a write is remembered; 10 s unless set. */
  ttlMs?: number;
}

interface PendingWrite {
  hash: string;
  expiresAt: number;
}

/**
 * The ledger of Kira's own writes: for each note, the fingerprints of the texts Kira wrote in
 * the last few seconds. When the vault reports a change whose text is one of them, it is Kira
 * hearing itself, and the change is not processed again.
 *
 * An entry is consumed by the report that matches it, so a later user edit that happens to
 * restore the same text is processed. Entries expire after the TTL whether matched or not,
 * which keeps memory bounded by the writes of the last few seconds. A rename moves a note's
 * entries to its new path.
 */
export class OwnWriteLedger {
  private readonly byPath = new Map<string, PendingWrite[]>();
  private readonly ttlMs: number;
  private recordsSinceSweep = 0;

  constructor(
    private readonly clock: Clock,
    options: OwnWriteLedgerOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_OWN_WRITE_TTL_MS;
  }

  /** The number of writes remembered, expired ones included until the next sweep. */
  get size(): number {
    let count = 0;
    for (const pending of this.byPath.values()) count += pending.length;
    return count;
  }

  /**
   * Remembers that Kira is writing `text` to `path`. Call it before the write completes: the
   * vault may report the change before the write's promise settles.
   */
  record(path: string, text: string): void {
    const pending = this.byPath.get(path) ?? [];
    pending.push({ hash: contentHash(text), expiresAt: this.clock.now() + this.ttlMs });
    if (pending.length > MAX_PENDING_PER_NOTE) pending.shift();
    this.byPath.set(path, pending);

    this.recordsSinceSweep += 1;
    if (this.recordsSinceSweep >= SWEEP_EVERY) this.sweep();
  }

  /**
   * True when `text` at `path` is a write Kira made within the TTL; the matching entry is
   * consumed, so each write is recognized once.
   */
  isOwnWrite(path: string, text: string): boolean {
    const pending = this.live(path);
    if (pending.length === 0) return false;

    const hash = contentHash(text);
    const index = pending.findIndex((write) => write.hash === hash);
    if (index === -1) return false;

    pending.splice(index, 1);
    if (pending.length === 0) this.byPath.delete(path);
    return true;
  }

  /** Moves the writes remembered for `oldPath` to `newPath`, after the note was renamed. */
  rename(oldPath: string, newPath: string): void {
    const moved = this.byPath.get(oldPath);
    if (!moved || oldPath === newPath) return;

    this.byPath.delete(oldPath);
    const already = this.byPath.get(newPath) ?? [];
    this.byPath.set(newPath, [...already, ...moved].slice(-MAX_PENDING_PER_NOTE));
  }

  /** Forgets every write remembered for `path` (the note was deleted). */
  forget(path: string): void {
    this.byPath.delete(path);
  }

  /** Drops every expired entry; returns how many were dropped. */
  sweep(): number {
    this.recordsSinceSweep = 0;
    const now = this.clock.now();
    let dropped = 0;

    for (const [path, pending] of this.byPath) {
      const live = pending.filter((write) => write.expiresAt > now);
      dropped += pending.length - live.length;
      if (live.length === 0) this.byPath.delete(path);
      else if (live.length < pending.length) this.byPath.set(path, live);
    }
    return dropped;
  }

  /** The unexpired entries of `path`; the expired ones are dropped on the way. */
  private live(path: string): PendingWrite[] {
    const pending = this.byPath.get(path);
    if (!pending) return [];

    const now = this.clock.now();
    const live = pending.filter((write) => write.expiresAt > now);
    // The caller consumes from the list it gets, so that list must be the one kept.
    if (live.length === 0) this.byPath.delete(path);
    else this.byPath.set(path, live);
    return live;
  }
}
