/**
 * Task transitions per second, over a realistic cycle (todo, doing, review, done, then
 * reopened to doing, ...), beside two baselines measured in the same process: a plain object
 * spread writing the same stamp fields (the floor any immutable update pays), and
 * validateEntity on the same task (the check the write path runs before every write).
 */
import { newEntity } from '../src/entities/new-entity';
import type { Frontmatter, TaskStatus } from '../src/entities/model';
import { validateEntity } from '../src/entities/validate';
import { type TransitionOptions, transition } from '../src/tasks/state-machine';
import { FixedClock } from '../src/time/clock';
import { formatInstant } from '../src/time/instant';
import { compare, measure } from './harness';

const MINUTE_MS = 60_000;
const NEXT: Record<TaskStatus, TaskStatus> = {
  todo: 'doing',
  doing: 'review',
  review: 'done',
  done: 'doing',
  blocked: 'doing',
};
const REOPEN: TransitionOptions = { reason: 'found a regression' };

function freshTask(clock: FixedClock): Frontmatter {
  return newEntity('task', 'Ship the quarterly report', clock, {
    isTaken: () => false,
    fields: { tags: ['work', 'reports'], estimate: '1h30m', due: '2024-03-15', priority: 'high' },
  });
}

/** A session that moves one task around the cycle, one transition per call. */
function transitionStep(): () => unknown {
  const clock = new FixedClock(Date.UTC(2024, 2, 1, 9, 0));
  let task = freshTask(clock);
  return () => {
    clock.advance(MINUTE_MS);
    const status = task.status as TaskStatus;
    const result = transition(task, NEXT[status], clock, status === 'done' ? REOPEN : {});
    if (!result.ok) throw new Error(result.refusal.message);
    task = result.task;
    return task;
  };
}

/** The same stamp fields written by hand with a spread: no guards, no change list. */
function spreadStep(): () => unknown {
  const clock = new FixedClock(Date.UTC(2024, 2, 1, 9, 0));
  let task = freshTask(clock);
  return () => {
    clock.advance(MINUTE_MS);
    const now = formatInstant(clock.now());
    const to = NEXT[task.status as TaskStatus];
    task = {
      ...task,
      status: to,
      [`entered_${to}_at`]: now,
      last_transition_at: now,
      updated: now,
      transition_count: (task.transition_count as number) + 1,
    };
    return task;
  };
}

function validateStep(): () => unknown {
  const task = freshTask(new FixedClock(Date.UTC(2024, 2, 1, 9, 0)));
  return () => validateEntity(task, 'task', { zone: 'Europe/Brussels' });
}

async function main(): Promise<void> {
  const transitions = await measure('transition (todo→doing→review→done→…)', transitionStep());
  const spread = await measure('object spread of the same fields', spreadStep());
  const validation = await measure('validateEntity on the same task', validateStep());

  compare(transitions, spread, 'ops/s');
  compare(transitions, validation, 'ops/s');
}

void main();
