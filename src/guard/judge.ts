import {
  type Frontmatter,
  type Kind,
  LIFECYCLE_KEYS,
  type TaskStatus,
  isTaskStatus,
} from '../entities/model';
import { type ValidationIssue, validateEntity } from '../entities/validate';
import { type CodecError, frontmatterHash, parseNote } from '../frontmatter';
import type { QuarantineDraft } from '../quarantine/item';
import { canTransition, transition } from '../tasks/state-machine';
import type { Clock } from '../time/clock';
import { parseInstantMs } from '../time/instant';

/**
 * The judgement of a user's edit of an entity note against the entity's last valid snapshot.
 * Pure: it reads the text, the snapshot and the clock, and says what Kira should do; the
 * wiring writes (through the write queue), asks, quarantines and updates the snapshot.
 *
 * A status typed letter by letter (`d`, `do`, `don`, `done`) is debounced by the wiring, and
 * whatever still reaches the judge as a status that is not one of the five is judged an
 * invalid value (`mark_invalid`), never a transition to revert: reverting a half-typed word
 * would fight the user mid-keystroke, while marking it costs nothing and resolves by itself
 * once the word is complete. The snapshot keeps the last valid status meanwhile, so `done`
 * is then judged as the transition from that status.
 */

/** The keys a transition owns; a revert puts them back as the snapshot had them. */
export { LIFECYCLE_KEYS };

export interface EditUnderJudgement {
  /** The entity's last valid frontmatter (its snapshot); null when Kira has none yet. */
  before: Frontmatter | null;
  /** The note's whole text now. */
  text: string;
  path: string;
  /** The kind the note is (from its `kind` or its folder). */
  kind: Kind;
  clock: Clock;
  /** The user's zone, for validation messages. */
  zone: string;
  /** True while the note has an open `invalid` quarantine item. */
  isMarkedInvalid?: boolean;
  /** For the quarantine; `vault` unless set. */
  source?: string;
  correlationId?: string;
}

/** Which reason the user is asked for. */
export type ReasonField = 'blocked_reason' | 'reopen_reason';

export type Judgement =
  /** The frontmatter is the snapshot's: nothing to do. */
  | { outcome: 'unchanged' }
  /** A valid edit that is not a status change: take it as the new snapshot. */
  | { outcome: 'no_status_change'; frontmatter: Frontmatter }
  /** The note was marked invalid and is valid now: resolve its item, take the snapshot. */
  | { outcome: 'resolved'; frontmatter: Frontmatter }
  /**
   * An allowed status change: write `changes` (what the transition fills in) in one edit;
   * empty when the note already holds them. `frontmatter` is the new snapshot.
   */
  | (StatusChange & { outcome: 'accept'; changes: Frontmatter; frontmatter: Frontmatter })
  /** A change that needs a reason: ask for `needs`, then `resolveWithReason` or `revertEdit`. */
  | (StatusChange & { outcome: 'ask_reason'; needs: ReasonField; message: string })
  /**
   * A change Kira refuses: write `changes` (the snapshot's lifecycle keys; every other key and
   * the body stay as the user left them), quarantine `quarantine`, tell the user `message`.
   * `frontmatter` is the note's frontmatter once reverted, the new snapshot.
   */
  | (StatusChange & {
      outcome: 'revert';
      changes: Frontmatter;
      frontmatter: Frontmatter;
      refusal: { code: string; message: string };
      message: string;
      quarantine: QuarantineDraft;
    })
  /** An invalid value: write nothing, quarantine it, leave the note out until it is fixed. */
  | {
      outcome: 'mark_invalid';
      issues: ValidationIssue[];
      message: string;
      quarantine: QuarantineDraft;
    }
  /** The frontmatter cannot be read (broken YAML): write nothing, quarantine it. */
  | {
      outcome: 'unreadable';
      error: { code: CodecError['code']; message: string; line?: number };
      message: string;
      quarantine: QuarantineDraft;
    };

export interface StatusChange {
  from: TaskStatus;
  to: TaskStatus;
  /** True when the note looks older than the snapshot (a sync tool put back an old copy). */
  isOlderVersion: boolean;
}

/** Judges the note's text against its snapshot (see the module comment and `Judgement`). */
export function judgeEdit(input: EditUnderJudgement): Judgement {
  return judge(input, {});
}

/**
 * Judges again once the user gave the reason an `ask_reason` asked for. Pass the note's text
 * as it is now: if the status changed meanwhile, that is what gets judged.
 */
export function resolveWithReason(input: EditUnderJudgement, reason: string): Judgement {
  return judge(input, { reason });
}

/**
 * The revert of the status change in the note, when the user cancelled the reason prompt. If
 * the note no longer holds a status change by then, it is judged as any edit.
 */
export function revertEdit(input: EditUnderJudgement): Judgement {
  return judge(input, { isCancelled: true });
}

interface JudgeOptions {
  reason?: string;
  isCancelled?: boolean;
}

interface Context {
  input: EditUnderJudgement;
  current: Frontmatter;
}

function judge(input: EditUnderJudgement, options: JudgeOptions): Judgement {
  const parsed = parseNote(input.text);
  if (!parsed.ok) return unreadable(input, parsed.error);

  const context = { input, current: parsed.note.frontmatter ?? {} };
  if (isSnapshot(input.before, context.current)) {
    return input.isMarkedInvalid
      ? { outcome: 'resolved', frontmatter: context.current }
      : { outcome: 'unchanged' };
  }

  const change = statusChange(context);
  if (change) return judgeStatusChange(context, change, options);
  return judgeValues(context);
}

function isSnapshot(before: Frontmatter | null, current: Frontmatter): boolean {
  return before !== null && frontmatterHash(before) === frontmatterHash(current);
}

/**
 * The status change the note holds: a task whose snapshot has a known status, and whose note
 * now has another known status. An unknown or missing status is no change (see above).
 */
function statusChange({ input, current }: Context): StatusChange | null {
  const from = input.before?.status;
  const to = current.status;
  if (input.kind !== 'task' || !isTaskStatus(from) || !isTaskStatus(to) || from === to) {
    return null;
  }
  return { from, to, isOlderVersion: isOlder(current, input.before ?? {}) };
}

// ---- status changes ----

function judgeStatusChange(
  context: Context,
  change: StatusChange,
  options: JudgeOptions,
): Judgement {
  const { from, to } = change;
  if (options.isCancelled) {
    const message = `the reason for moving the task to ${to} was not given`;
    return revert(context, change, { code: 'cancelled', message });
  }
  if (!canTransition(from, to)) {
    return revert(context, change, refusalOf(context, change));
  }

  const base = { ...context.current, status: from };
  const reason = options.reason ?? typedReason(context, change);
  const result = transition(base, to, context.input.clock, reason === null ? {} : { reason });
  if (!result.ok) {
    const { needs, code, message } = result.refusal;
    if (needs) return { outcome: 'ask_reason', ...change, needs, message };
    return revert(context, change, { code, message });
  }

  const settled = isSettled(context, change);
  const next = settled ? context.current : result.task;
  const issues = validate(context, next);
  if (issues.length > 0) return markInvalid(context, issues);

  const changes = settled ? {} : withoutStatus(result.changes);
  return { outcome: 'accept', ...change, changes, frontmatter: next };
}

/** The refusal the state machine gives for a change it does not allow. */
function refusalOf(context: Context, change: StatusChange): { code: string; message: string } {
  const base = { ...context.current, status: change.from };
  const result = transition(base, change.to, context.input.clock);
  return result.ok ? { code: 'not_allowed', message: 'not allowed' } : result.refusal;
}

/**
 * A reason the user typed in the same save as the status: a `reopen_reason` that is new when
 * reopening (an earlier reopening's reason does not count). A `blocked_reason` in the note is
 * read by the state machine itself.
 */
function typedReason({ input, current }: Context, change: StatusChange): string | null {
  if (change.from !== 'done') return null;
  const typed = textOf(current.reopen_reason);
  return typed !== null && typed !== textOf(input.before?.reopen_reason) ? typed : null;
}

/**
 * True when the note already holds what the transition fills in: one more transition than
 * the snapshot, entered at its last transition. Kira's own accepted write, read back against
 * a snapshot not yet updated, is settled, so it is never filled in twice.
 */
function isSettled({ input, current }: Context, change: StatusChange): boolean {
  const entered = current[`entered_${change.to}_at`];
  return (
    countOf(current.transition_count) === countOf(input.before?.transition_count) + 1 &&
    textOf(entered) !== null &&
    entered === current.last_transition_at &&
    current.last_transition_at !== input.before?.last_transition_at
  );
}

function revert(
  context: Context,
  change: StatusChange,
  refusal: { code: string; message: string },
): Judgement {
  const { input, current } = context;
  const changes = restoringChanges(input.before ?? {}, current);
  const restored = applied(current, changes);

  const transitionIssue = {
    field: 'status',
    code: refusal.code,
    message: sentence(refusal.message),
  };
  const issues = validate(context, restored);
  // Restoring the status cannot make the note valid: some other value is wrong too. Writing
  // would be refused, so nothing is written; once that value is fixed, this is judged again.
  if (issues.length > 0) return markInvalid(context, [transitionIssue, ...issues]);

  const message =
    `Kira set the status of ${input.path} back to ${change.from}: ${lowerFirst(refusal.message)} ` +
    'The version you saved is in the quarantine, where you can restore it.';
  const quarantine = draft(context, 'rejected_transition', sentence(refusal.message), [
    transitionIssue,
  ]);
  return {
    outcome: 'revert',
    ...change,
    changes,
    frontmatter: restored,
    refusal,
    message,
    quarantine,
  };
}

/** The lifecycle keys as the snapshot had them, for those the note now has otherwise. */
function restoringChanges(before: Frontmatter, current: Frontmatter): Frontmatter {
  const changes: Frontmatter = {};
  for (const key of LIFECYCLE_KEYS) {
    const wasThere = Object.hasOwn(before, key);
    const isThere = Object.hasOwn(current, key);
    if (!wasThere && isThere) changes[key] = undefined;
    else if (wasThere && (!isThere || !isSame(before[key], current[key])))
      changes[key] = before[key];
  }
  return changes;
}

// ---- values ----

function judgeValues(context: Context): Judgement {
  const issues = validate(context, context.current);
  if (issues.length > 0) return markInvalid(context, issues);

  const outcome = context.input.isMarkedInvalid ? 'resolved' : 'no_status_change';
  return { outcome, frontmatter: context.current };
}

function markInvalid(context: Context, issues: ValidationIssue[]): Judgement {
  const count = issues.length === 1 ? 'a value Kira cannot accept' : `${issues.length} problems`;
  const first = issues[0]?.message ?? '';
  const message =
    `${context.input.path} has ${count} (${first}); it is kept as you wrote it and left ` +
    'out of sync and rollups until it is fixed.';
  return {
    outcome: 'mark_invalid',
    issues,
    message,
    quarantine: draft(context, 'invalid', sentence(first), issues),
  };
}

function unreadable(input: EditUnderJudgement, error: CodecError): Judgement {
  const { code, message: why, line } = error;
  const reason = `The properties cannot be read: ${why}`;
  const quarantine = draft({ input, current: {} }, 'invalid', reason, [
    { field: '', code, message: why },
  ]);
  return {
    outcome: 'unreadable',
    error: line === undefined ? { code, message: why } : { code, message: why, line },
    message: `The properties of ${input.path} cannot be read (${why}); Kira leaves the note alone.`,
    quarantine,
  };
}

function validate({ input }: Context, frontmatter: Frontmatter): ValidationIssue[] {
  return validateEntity(frontmatter, input.kind, { zone: input.zone });
}

function draft(
  { input, current }: Context,
  kind: QuarantineDraft['kind'],
  reason: string,
  errors: ValidationIssue[],
): QuarantineDraft {
  const entityId = textOf(current.id) ?? textOf(input.before?.id);
  const item: QuarantineDraft = {
    kind,
    path: input.path,
    reason,
    errors,
    original: input.text,
    source: input.source ?? 'vault',
  };
  if (entityId !== null) item.entity_id = entityId;
  if (input.correlationId !== undefined) item.correlation_id = input.correlationId;
  return item;
}

// ---- small helpers ----

/** True when the note says it was updated before the snapshot, or moved through fewer states. */
function isOlder(current: Frontmatter, before: Frontmatter): boolean {
  const now = typeof current.updated === 'string' ? parseInstantMs(current.updated) : null;
  const then = typeof before.updated === 'string' ? parseInstantMs(before.updated) : null;
  if (now !== null && then !== null && now < then) return true;
  return countOf(current.transition_count) < countOf(before.transition_count);
}

function withoutStatus(changes: Frontmatter): Frontmatter {
  const rest = { ...changes };
  delete rest.status;
  return rest;
}

function applied(frontmatter: Frontmatter, changes: Frontmatter): Frontmatter {
  const next = { ...frontmatter };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

function isSame(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || frontmatterHash({ value: a }) === frontmatterHash({ value: b });
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lowerFirst(text: string): string {
  return sentence(text.charAt(0).toLowerCase() + text.slice(1));
}
