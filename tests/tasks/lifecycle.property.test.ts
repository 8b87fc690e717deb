import fc from 'fast-check';

import { newEntity } from '../../src/entities/new-entity';
import { isEstimate } from '../../src/entities/estimate';
import type { Frontmatter, TaskStatus } from '../../src/entities/model';
import { validateEntity } from '../../src/entities/validate';
import { allowedTargets, transition } from '../../src/tasks/state-machine';
import { FixedClock } from '../../src/time/clock';

const START = Date.UTC(2024, 2, 1, 9, 30);
const zone = 'America/New_York';

/** One step of a user's session: which allowed target to pick, after how long, and why. */
const step = fc.record({
  pick: fc.nat(),
  afterMs: fc.integer({ min: 0, max: 3 * 24 * 60 * 60 * 1000 }),
  reason: fc.option(
    fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''),
  ),
});

const estimate = fc.option(fc.constantFrom('2h', '30m', '1d', '1h30m', '1d 4h'));

describe('any sequence of allowed transitions', () => {
  it('keeps the task valid and counts every transition', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        estimate,
        fc.array(step, { maxLength: 40 }),
        (title, effort, steps) => {
          const clock = new FixedClock(START);
          const fields = effort === null ? {} : { estimate: effort };
          let task: Frontmatter = newEntity('task', `Task ${title}`, clock, {
            isTaken: () => false,
            fields,
          });

          steps.forEach(({ pick, afterMs, reason }, index) => {
            clock.advance(afterMs);
            const targets = allowedTargets(task.status as TaskStatus);
            const to = targets[pick % targets.length]!;
            const result = transition(task, to, clock, reason === null ? {} : { reason });

            if (!result.ok) {
              // Only a missing reason may stop an allowed transition; giving one must succeed.
              expect(reason).toBeNull();
              expect(result.refusal.needs).toBeDefined();
              const retried = transition(task, to, clock, { reason: 'because' });
              if (!retried.ok) throw new Error(retried.refusal.message);
              task = retried.task;
            } else {
              task = result.task;
            }

            expect(validateEntity(task, 'task', { zone, now: clock.now() })).toEqual([]);
            expect(task.transition_count).toBe(index + 1);
            expect(task.status).toBe(to);
            expect(task[`entered_${to}_at`]).toBe(task.last_transition_at);
          });

          if (task.status === 'done' && isEstimate(task.estimate)) {
            expect(task.frozen_estimate).toBe(task.estimate);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
