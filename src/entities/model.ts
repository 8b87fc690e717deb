/**
 * The entity model shared by every part of Kira: the kinds of note, the task
 * lifecycle's states and the frontmatter keys each kind owns.
 *
 * This module is plain data and types; it imports nothing from `obsidian`.
 */

export const KINDS = ['task', 'note', 'event'] as const;
export type Kind = (typeof KINDS)[number];

export const TASK_STATUSES = ['todo', 'doing', 'review', 'done', 'blocked'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Keys every entity has, in canonical order. */
export const COMMON_KEYS = ['id', 'kind', 'title', 'created', 'updated', 'tags'] as const;

/** Task keys in canonical order, after the common ones. */
export const TASK_KEYS = [
  'status',
  'priority',
  'due',
  'start_ts',
  'done_ts',
  'blocked_reason',
  'reopen_reason',
  'assignee',
  'estimate',
  'depends_on',
  'entered_todo_at',
  'entered_doing_at',
  'entered_review_at',
  'entered_done_at',
  'entered_blocked_at',
  'last_transition_at',
  'transition_count',
  'frozen_estimate',
  'forced_transition',
] as const;

/**
 * The task keys the lifecycle owns: a transition sets them, a revert puts them back as they
 * were, and a new entity starts them itself.
 */
export const LIFECYCLE_KEYS: readonly string[] = [
  'status',
  'start_ts',
  'done_ts',
  'blocked_reason',
  'reopen_reason',
  ...TASK_STATUSES.map((status) => `entered_${status}_at`),
  'last_transition_at',
  'transition_count',
  'frozen_estimate',
  'forced_transition',
];

/** Event keys in canonical order, after the common ones. */
export const EVENT_KEYS = ['start', 'end', 'location', 'attendees'] as const;

/** Sync metadata; always the last known key. */
export const SYNC_KEY = 'x-kira';

/** The canonical order of every key Kira knows; unknown keys follow in a stable order. */
export const CANONICAL_KEY_ORDER: readonly string[] = [
  ...COMMON_KEYS,
  ...TASK_KEYS,
  ...EVENT_KEYS,
  SYNC_KEY,
];

/** Frontmatter as parsed: plain JSON-like values keyed by property name. */
export type Frontmatter = Record<string, unknown>;

/*
 * Typed views of an entity's fields. At run time Kira keeps entities as plain `Frontmatter`
 * records (a user's note may hold anything); these interfaces describe what a valid entity
 * holds once `validateEntity` has accepted it, and name the keys for readers of the code.
 * Instants are UTC text in the storage format (`YYYY-MM-DDTHH:mm:ssZ`), dates `YYYY-MM-DD`.
 */

/** Sync metadata kept under `x-kira`; every key is optional. */
export interface SyncFields {
  source?: 'kira' | 'gcal';
  /** A non-negative integer, raised on each write Kira makes. */
  version?: number;
  remote_id?: string;
  /** A UTC instant. */
  last_write_ts?: string;
  etag?: string;
}

/** Keys every entity has. `kind` may be absent when the entity's folder gives it. */
export interface EntityFields {
  id: string;
  kind?: Kind;
  title: string;
  created: string;
  updated: string;
  tags: string[];
  'x-kira'?: SyncFields;
}

/** The record a forced transition leaves on a task (see `src/tasks/transition.ts`). */
export interface ForcedTransitionFields {
  /** The status before the forced transition, as it was written (it may be unknown). */
  from: string;
  to: TaskStatus;
  by: string;
  reason: string;
  /** A UTC instant. */
  at: string;
}

export interface TaskFields extends EntityFields {
  kind?: 'task';
  status: TaskStatus;
  priority?: Priority;
  /** A date or a UTC instant. */
  due?: string;
  start_ts?: string;
  done_ts?: string;
  blocked_reason?: string;
  reopen_reason?: string;
  assignee?: string;
  /** Effort, like `2h`, `30m`, `1d`, `1h30m` (see `estimate.ts`). */
  estimate?: string;
  /** The estimate as it stood when the task last entered `done`. */
  frozen_estimate?: string;
  /** Ids of the tasks this one waits for. */
  depends_on?: string[];
  entered_todo_at?: string;
  entered_doing_at?: string;
  entered_review_at?: string;
  entered_done_at?: string;
  entered_blocked_at?: string;
  last_transition_at?: string;
  transition_count?: number;
  forced_transition?: ForcedTransitionFields;
}

export interface NoteFields extends EntityFields {
  kind?: 'note';
}

export interface EventFields extends EntityFields {
  kind?: 'event';
  /** A date (all-day) or a UTC instant; `end` is of the same sort. */
  start: string;
  end: string;
  location?: string;
  /** Email addresses. */
  attendees?: string[];
}

/** True when `value` is one of the entity kinds. */
export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** True when `value` is one of the task statuses. */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** True when `value` is one of the priorities. */
export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}
