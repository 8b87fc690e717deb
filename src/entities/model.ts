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
] as const;

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
