import { type Frontmatter, type TaskStatus, isTaskStatus } from '../entities/model';
import type { Clock } from '../time/clock';
import { formatInstant } from '../time/instant';
import { STATUS_LABELS, listStatuses } from './labels';

/**
 * The task state machine: the lifecycle table and transitions as pure functions of (task, target status, clock, options). The guards run
 * first; only when they all pass is a new task built, so a refused transition changes nothing.
 * The input task is never mutated (nested values such as `tags` are shared with the result:
 * treat both as read-only).
 *
 * What a transition to `to` writes:
 * - always: `status`, `entered_<to>_at`, `last_transition_at` and `updated` (now), and
 *   `transition_count` plus one (a missing or broken count counts as 0);
 * - into `done`: `done_ts` now unless one is there already, and `frozen_estimate`, a copy of
 *   `estimate` as it stands (removed when there is no estimate);
 * - into `doing`: `start_ts` now unless one is there already;
 * - into `blocked`: `blocked_reason`, from `options.reason` or else the one already written;
 * - out of `blocked`: `blocked_reason` is removed, since it described a block that is over;
 * - out of `done` (reopening: `done` to `doing`, or any forced exit): `reopen_reason` from
 *   `options.reason` (an earlier reopening's reason does not count), and `done_ts` and
 *   `frozen_estimate` are removed.
 */

/**
 * The task lifecycle: which status a task may move to from each status. Anything not listed
 * needs a forced transition.
 */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  todo: ['doing', 'blocked', 'done'],
  doing: ['review', 'blocked', 'done'],
  review: ['done', 'doing', 'blocked'],
  done: ['doing'],
  blocked: ['todo', 'doing'],
};

/**
 * The statuses a task in `from` may move to, in the order a menu should offer them; a fresh
 * list the caller may keep or change. An unknown status has none.
 */
export function allowedTargets(from: TaskStatus): TaskStatus[] {
  return Object.hasOwn(TRANSITIONS, from) ? [...TRANSITIONS[from]] : [];
}

/** True when the lifecycle lets a task go from `from` to `to` without forcing. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return Object.hasOwn(TRANSITIONS, from) && TRANSITIONS[from].includes(to);
}

/** Who forces a transition and why; both must be non-empty. */
export interface ForceRecord {
  by: string;
  reason: string;
}

export interface TransitionOptions {
  /** Why: becomes `blocked_reason` entering `blocked` or `reopen_reason` when reopening. */
  reason?: string;
  /**
   * For migration and repair: any status (even an unknown or the same one) may go to any
   * status. What the target needs is still filled in; a missing reason is taken from the
   * force's reason. The task records it under `forced_transition` ({from, to, by, reason, at}).
   */
  force?: ForceRecord;
}

export type RefusalCode =
  | 'not_a_task'
  | 'unknown_target'
  | 'unknown_status'
  | 'same_state'
  | 'not_allowed'
  | 'needs_blocked_reason'
  | 'needs_reopen_reason'
  | 'bad_force';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** The reason field the caller should ask the user for before trying again. */
  needs?: 'blocked_reason' | 'reopen_reason';
}

export type TransitionResult =
  | {
      ok: true;
      task: Frontmatter;
      /** Only the keys whose value changes; `undefined` marks a key that is removed. */
      changes: Record<string, unknown>;
      forced: boolean;
    }
  | { ok: false; refusal: Refusal };

/** Moves `task` to status `to`, or says why it may not (see the module comment). */
export function transition(
  task: Frontmatter,
  to: TaskStatus,
  clock: Clock,
  options: TransitionOptions = {},
): TransitionResult {
  const refusal = guard(task, to, options);
  if (refusal) return { ok: false, refusal };

  const updates = plan(task, to, formatInstant(clock.now()), options);
  const changes = onlyChanged(task, updates);
  return { ok: true, task: applied(task, changes), changes, forced: options.force !== undefined };
}

// ---- guards ----

function guard(task: Frontmatter, to: TaskStatus, options: TransitionOptions): Refusal | null {
  const notATask = checkIsTask(task);
  if (notATask) return notATask;
  if (!isTaskStatus(to)) {
    return refuse(
      'unknown_target',
      `${quote(to)} is not a task status. A task can be ${listStatuses()}.`,
    );
  }
  if (options.force !== undefined) return checkForce(options.force);

  const from = read(task, 'status');
  if (!isTaskStatus(from)) return refuseUnknownStatus(from);
  if (from === to) return refuse('same_state', `The task is already ${STATUS_LABELS[to]}.`);
  if (!canTransition(from, to)) return refuseNotAllowed(from, to);

  return checkReasons(task, from, to, options);
}

function checkIsTask(task: Frontmatter): Refusal | null {
  if (typeof task !== 'object' || task === null || Array.isArray(task)) {
    return refuse(
      'not_a_task',
      'This is not a note with properties, so it has no status to change.',
    );
  }
  const kind = read(task, 'kind');
  if (kind === undefined || kind === null || kind === 'task') return null;
  return refuse('not_a_task', `Its kind is ${quote(kind)}, and only tasks have a status.`);
}

function checkForce(force: ForceRecord): Refusal | null {
  const isComplete = textOf(force?.by) !== null && textOf(force?.reason) !== null;
  return isComplete
    ? null
    : refuse('bad_force', 'A forced transition must say who forces it and why.');
}

function refuseUnknownStatus(status: unknown): Refusal {
  const what =
    status === undefined || status === null
      ? 'This task has no status'
      : `This task's status is ${quote(status)}, which Kira doesn't know`;
  return refuse(
    'unknown_status',
    `${what}, so it can't tell where the task may go. Set the status to ${listStatuses()}.`,
  );
}

function refuseNotAllowed(from: TaskStatus, to: TaskStatus): Refusal {
  const onward = listStatuses(allowedTargets(from));
  return refuse(
    'not_allowed',
    `A task can't go from ${STATUS_LABELS[from]} straight to ${STATUS_LABELS[to]}. It can go to ${onward}.`,
  );
}

function checkReasons(
  task: Frontmatter,
  from: TaskStatus,
  to: TaskStatus,
  options: TransitionOptions,
): Refusal | null {
  const reason = textOf(options.reason);
  if (to === 'blocked' && reason === null && textOf(read(task, 'blocked_reason')) === null) {
    return {
      code: 'needs_blocked_reason',
      message: 'Say what is blocking the task: a task goes to Blocked only with a reason.',
      needs: 'blocked_reason',
    };
  }
  if (isReopening(from, to) && reason === null) {
    return {
      code: 'needs_reopen_reason',
      message: 'Say why the task is reopened: a Done task goes back to Doing only with a reason.',
      needs: 'reopen_reason',
    };
  }
  return null;
}

// ---- what changes ----

/** Every key the transition writes, `undefined` for a key it removes. */
function plan(task: Frontmatter, to: TaskStatus, now: string, options: TransitionOptions) {
  const from = read(task, 'status');
  const forced = options.force
    ? { forced_transition: forcedRecord(from, to, options.force, now) }
    : {};

  // Leaving a status and entering another never touch the same key: each removes only what
  // its own status needed.
  return {
    status: to,
    ...leaving(from, to, options),
    ...entering(task, to, now, options),
    ...stamps(task, to, now),
    ...forced,
  };
}

function leaving(from: unknown, to: TaskStatus, options: TransitionOptions): Frontmatter {
  if (from === 'blocked' && to !== 'blocked') return { blocked_reason: undefined };
  if (!isReopening(from, to)) return {};

  const reason = textOf(options.reason) ?? textOf(options.force?.reason);
  return { reopen_reason: reason, done_ts: undefined, frozen_estimate: undefined };
}

function entering(task: Frontmatter, to: TaskStatus, now: string, options: TransitionOptions) {
  const has = (key: string): boolean => !isBlank(read(task, key));

  if (to === 'doing') return has('start_ts') ? {} : { start_ts: now };
  if (to === 'done') {
    return {
      done_ts: has('done_ts') ? read(task, 'done_ts') : now,
      frozen_estimate: has('estimate') ? read(task, 'estimate') : undefined,
    };
  }
  if (to === 'blocked') {
    const given = textOf(options.reason) ?? textOf(read(task, 'blocked_reason'));
    return { blocked_reason: given ?? textOf(options.force?.reason) };
  }
  return {};
}

function stamps(task: Frontmatter, to: TaskStatus, now: string): Frontmatter {
  return {
    [`entered_${to}_at`]: now,
    last_transition_at: now,
    updated: now,
    transition_count: countOf(read(task, 'transition_count')) + 1,
  };
}

function forcedRecord(from: unknown, to: TaskStatus, force: ForceRecord, at: string): Frontmatter {
  const before = typeof from === 'string' ? from : '';
  return { from: before, to, by: force.by.trim(), reason: force.reason.trim(), at };
}

function onlyChanged(task: Frontmatter, updates: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(updates)) {
    const isRemoval = value === undefined;
    const isSame = isRemoval ? !Object.hasOwn(task, key) : isEqual(read(task, key), value);
    if (!isSame) changes[key] = value;
  }
  return changes;
}

function applied(task: Frontmatter, changes: Record<string, unknown>): Frontmatter {
  // Spreading copies own keys as data properties, `__proto__` included, so nothing leaks.
  const next: Frontmatter = { ...task };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

// ---- small helpers ----

/** Leaving `done`; only `done` to `doing` is allowed unforced, but a forced exit is one too. */
function isReopening(from: unknown, to: TaskStatus): boolean {
  return from === 'done' && to !== 'done';
}

function refuse(code: RefusalCode, message: string): Refusal {
  return { code, message };
}

/** An own property only, so inherited names read as absent. */
function read(record: Frontmatter, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/** Trimmed non-empty text, or null for anything else. */
function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function isEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function quote(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}
