import type { Frontmatter, TaskStatus } from '../../src/entities/model';
import { aTask } from '../entities/builders';

const EARLIER = '2024-03-01T10:00:00Z';
const LATER = '2024-03-01T11:00:00Z';

/** A valid task that has lived in `status` the way Kira would have left it there. */
export function aTaskIn(status: TaskStatus, fields: Frontmatter = {}): Frontmatter {
  const lived: Record<TaskStatus, Frontmatter> = {
    todo: {},
    doing: { start_ts: EARLIER, entered_doing_at: EARLIER },
    review: { start_ts: EARLIER, entered_doing_at: EARLIER, entered_review_at: LATER },
    done: { start_ts: EARLIER, done_ts: LATER, frozen_estimate: '2h', entered_done_at: LATER },
    blocked: { blocked_reason: 'waiting on legal', entered_blocked_at: EARLIER },
  };
  const history = status === 'todo' ? {} : { last_transition_at: LATER, transition_count: 2 };
  return aTask({ estimate: '2h', status, ...lived[status], ...history, ...fields });
}
