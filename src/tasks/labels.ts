import { TASK_STATUSES, type TaskStatus } from '../entities/model';

/** How each status is named to the user. */
export const STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  todo: 'To do',
  doing: 'Doing',
  review: 'Review',
  done: 'Done',
  blocked: 'Blocked',
};

/** The user-facing name of `status`. */
export function statusLabel(status: TaskStatus): string {
  return STATUS_LABELS[status];
}

/** Statuses in words, for messages: "Doing, Blocked or Done". */
export function listStatuses(statuses: readonly TaskStatus[] = TASK_STATUSES): string {
  const labels = statuses.map(statusLabel);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}
