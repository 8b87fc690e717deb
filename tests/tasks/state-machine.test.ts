import type { Frontmatter } from '../../src/entities/model';
import { validateEntity } from '../../src/entities/validate';
import {
  type TransitionResult,
  allowedTargets,
  canTransition,
  transition,
} from '../../src/tasks/state-machine';
import { FixedClock } from '../../src/time/clock';
import { aTask, aNote, without } from '../entities/builders';
import { aTaskIn } from './builders';

const NOW = '2024-03-02T08:00:00Z';
const clock = new FixedClock(Date.parse(NOW));
const FORCE = { by: 'migration', reason: 'normalize the vault' };

/** The task after a transition that must succeed. */
function moved(result: TransitionResult): Frontmatter {
  if (!result.ok) throw new Error(`expected the transition to happen: ${result.refusal.message}`);
  return result.task;
}

function refusalOf(result: TransitionResult) {
  if (result.ok) throw new Error('expected a refusal');
  return result.refusal;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('the lifecycle table', () => {
  it('lists where each status may go', () => {
    expect(allowedTargets('todo')).toEqual(['doing', 'blocked', 'done']);
    expect(allowedTargets('done')).toEqual(['doing']);
    expect(canTransition('blocked', 'todo')).toBe(true);
    expect(canTransition('todo', 'review')).toBe(false);
  });

  it('hands out a copy callers may change', () => {
    allowedTargets('todo').push('review');
    expect(allowedTargets('todo')).toEqual(['doing', 'blocked', 'done']);
  });

  it('knows no targets for a status it does not know', () => {
    expect(allowedTargets('started' as never)).toEqual([]);
    expect(canTransition('toString' as never, 'todo')).toBe(false);
  });
});

describe('transition', () => {
  describe('every transition', () => {
    it('stamps the entered time, the last transition and updated, and counts it', () => {
      const task = moved(transition(aTaskIn('doing'), 'review', clock));
      expect(task).toMatchObject({
        status: 'review',
        entered_review_at: NOW,
        last_transition_at: NOW,
        updated: NOW,
        transition_count: 3,
      });
    });

    it('counts from 0 when the count is missing or broken', () => {
      expect(
        moved(transition(without(aTask(), 'transition_count'), 'doing', clock)).transition_count,
      ).toBe(1);
      expect(
        moved(transition(aTask({ transition_count: 'x' }), 'doing', clock)).transition_count,
      ).toBe(1);
    });

    it('returns only the keys that change, so the write path edits just those lines', () => {
      const result = transition(aTaskIn('doing'), 'review', clock);
      expect(result.ok && result.changes).toEqual({
        status: 'review',
        entered_review_at: NOW,
        last_transition_at: NOW,
        updated: NOW,
        transition_count: 3,
      });
    });

    it('marks removed keys as undefined in the changes', () => {
      const result = transition(aTaskIn('blocked'), 'todo', clock);
      expect(result.ok && 'blocked_reason' in result.changes).toBe(true);
      expect(result.ok && result.changes.blocked_reason).toBeUndefined();
      expect(moved(result)).not.toHaveProperty('blocked_reason');
    });

    it('gives changes that turn the old task into the new one', () => {
      const before = aTaskIn('done');
      const result = transition(before, 'doing', clock, { reason: 'found a bug' });
      if (!result.ok) throw new Error(result.refusal.message);

      const rebuilt: Frontmatter = { ...before };
      for (const [key, value] of Object.entries(result.changes)) {
        if (value === undefined) delete rebuilt[key];
        else rebuilt[key] = value;
      }
      expect(rebuilt).toEqual(result.task);
    });
  });

  describe('entering done', () => {
    it('sets done_ts now and freezes the estimate', () => {
      const task = moved(transition(aTaskIn('doing', { estimate: '3h' }), 'done', clock));
      expect(task).toMatchObject({ done_ts: NOW, frozen_estimate: '3h', estimate: '3h' });
    });

    it('keeps a done_ts the task already has', () => {
      const task = moved(
        transition(aTaskIn('review', { done_ts: '2024-03-01T17:00:00Z' }), 'done', clock),
      );
      expect(task.done_ts).toBe('2024-03-01T17:00:00Z');
    });

    it('freezes nothing when there is no estimate, and drops a stale frozen one', () => {
      const task = moved(
        transition(without(aTaskIn('doing', { frozen_estimate: '1d' }), 'estimate'), 'done', clock),
      );
      expect(task).not.toHaveProperty('frozen_estimate');
    });
  });

  describe('entering doing', () => {
    it('sets start_ts the first time', () => {
      expect(moved(transition(aTaskIn('todo'), 'doing', clock)).start_ts).toBe(NOW);
    });

    it('keeps the start_ts the task already has', () => {
      const task = moved(transition(aTaskIn('review'), 'doing', clock));
      expect(task.start_ts).toBe(aTaskIn('review').start_ts);
    });
  });

  describe('entering blocked', () => {
    it('refuses without a reason, and says which field to ask for', () => {
      const refusal = refusalOf(transition(aTaskIn('doing'), 'blocked', clock));
      expect(refusal).toMatchObject({ code: 'needs_blocked_reason', needs: 'blocked_reason' });
    });

    it('counts a blank reason as none', () => {
      const refusal = refusalOf(transition(aTaskIn('doing'), 'blocked', clock, { reason: '   ' }));
      expect(refusal.code).toBe('needs_blocked_reason');
    });

    it('writes the reason given, trimmed', () => {
      const task = moved(
        transition(aTaskIn('doing'), 'blocked', clock, { reason: ' waiting on legal ' }),
      );
      expect(task.blocked_reason).toBe('waiting on legal');
    });

    it('accepts a reason the task already holds, unless a new one is given', () => {
      const ready = aTaskIn('todo', { blocked_reason: 'no laptop' });
      expect(moved(transition(ready, 'blocked', clock)).blocked_reason).toBe('no laptop');
      expect(moved(transition(ready, 'blocked', clock, { reason: 'no desk' })).blocked_reason).toBe(
        'no desk',
      );
    });
  });

  describe('leaving blocked', () => {
    it.each(['todo', 'doing'] as const)('clears blocked_reason on the way to %s', (to) => {
      expect(moved(transition(aTaskIn('blocked'), to, clock))).not.toHaveProperty('blocked_reason');
    });
  });

  describe('reopening a done task', () => {
    it('refuses without a reason, and says which field to ask for', () => {
      const refusal = refusalOf(transition(aTaskIn('done'), 'doing', clock));
      expect(refusal).toMatchObject({ code: 'needs_reopen_reason', needs: 'reopen_reason' });
    });

    it('does not reuse the reason of an earlier reopening', () => {
      const refusal = refusalOf(
        transition(aTaskIn('done', { reopen_reason: 'old bug' }), 'doing', clock),
      );
      expect(refusal.code).toBe('needs_reopen_reason');
    });

    it('records the reason and clears done_ts and the frozen estimate', () => {
      const task = moved(transition(aTaskIn('done'), 'doing', clock, { reason: 'found a bug' }));
      expect(task.reopen_reason).toBe('found a bug');
      expect(task).not.toHaveProperty('done_ts');
      expect(task).not.toHaveProperty('frozen_estimate');
    });
  });

  describe('refusals', () => {
    it('explains a transition the lifecycle does not allow, with the ways it can go', () => {
      expect(refusalOf(transition(aTaskIn('todo'), 'review', clock))).toEqual({
        code: 'not_allowed',
        message:
          "A task can't go from To do straight to Review. It can go to Doing, Blocked or Done.",
      });
      expect(refusalOf(transition(aTaskIn('done'), 'todo', clock)).message).toContain(
        'It can go to Doing.',
      );
    });

    it('refuses moving to the status the task is already in', () => {
      expect(refusalOf(transition(aTaskIn('doing'), 'doing', clock)).code).toBe('same_state');
    });

    it('refuses a status it does not know, or a missing one', () => {
      expect(refusalOf(transition(aTask({ status: 'started' }), 'doing', clock)).code).toBe(
        'unknown_status',
      );
      expect(refusalOf(transition(without(aTask(), 'status'), 'doing', clock)).code).toBe(
        'unknown_status',
      );
      expect(refusalOf(transition(aTask({ status: 'toString' }), 'doing', clock)).code).toBe(
        'unknown_status',
      );
    });

    it('refuses a target that is no status', () => {
      expect(refusalOf(transition(aTask(), 'finished' as never, clock)).code).toBe(
        'unknown_target',
      );
    });

    it('refuses anything that is not a task', () => {
      expect(refusalOf(transition(aNote({ status: 'todo' }), 'doing', clock)).code).toBe(
        'not_a_task',
      );
      expect(refusalOf(transition(null as never, 'doing', clock)).code).toBe('not_a_task');
      expect(refusalOf(transition(['todo'] as never, 'doing', clock)).code).toBe('not_a_task');
    });

    it('accepts a task whose kind comes from its folder', () => {
      expect(transition(without(aTask(), 'kind'), 'doing', clock).ok).toBe(true);
    });
  });

  describe('purity', () => {
    it('never changes the task it is given, whether it moves it or not', () => {
      const task = deepFreeze(aTaskIn('done', { tags: ['work'] }));
      const copy = structuredClone(task);

      transition(task, 'doing', clock, { reason: 'found a bug' });
      transition(task, 'doing', clock);
      transition(task, 'review', clock, { force: FORCE });
      expect(task).toEqual(copy);
    });

    it('gives the same result for the same task, target, clock and options', () => {
      const task = aTaskIn('review');
      expect(transition(task, 'done', clock)).toEqual(transition(task, 'done', clock));
    });

    it('keeps a __proto__ key as a plain key, without touching the prototype', () => {
      const task = {
        ...aTask(),
        ...(JSON.parse('{"__proto__": {"status": "done"}}') as Frontmatter),
      };
      const after = moved(transition(task, 'doing', clock));
      expect(Object.getPrototypeOf(after)).toBe(Object.prototype);
      expect(Object.hasOwn(after, '__proto__')).toBe(true);
      expect(after.status).toBe('doing');
    });
  });

  describe('forcing, for migration', () => {
    it('allows a transition the lifecycle does not, and records who and why', () => {
      const result = transition(aTaskIn('todo'), 'review', clock, { force: FORCE });
      expect(result.ok && result.forced).toBe(true);
      expect(moved(result).forced_transition).toEqual({
        from: 'todo',
        to: 'review',
        by: 'migration',
        reason: 'normalize the vault',
        at: NOW,
      });
    });

    it('moves a task out of a status Kira does not know', () => {
      const task = moved(
        transition(aTask({ status: 'in progress' }), 'doing', clock, { force: FORCE }),
      );
      expect(task).toMatchObject({ status: 'doing', start_ts: NOW });
      expect(task.forced_transition).toMatchObject({ from: 'in progress' });
    });

    it('fills what the target needs, taking a missing reason from the force', () => {
      const blocked = moved(transition(aTaskIn('todo'), 'blocked', clock, { force: FORCE }));
      expect(blocked.blocked_reason).toBe('normalize the vault');

      const reopened = moved(transition(aTaskIn('done'), 'review', clock, { force: FORCE }));
      expect(reopened).toMatchObject({ reopen_reason: 'normalize the vault' });
      expect(reopened).not.toHaveProperty('done_ts');
    });

    it('repairs a task in place when forced to the status it is in', () => {
      const broken = without(aTaskIn('done'), 'done_ts');
      const repaired = moved(transition(broken, 'done', clock, { force: FORCE }));
      expect(repaired.done_ts).toBe(NOW);
      expect(validateEntity(repaired, 'task', { zone: 'UTC' })).toEqual([]);
    });

    it('refuses a force that does not say who or why', () => {
      for (const force of [{ by: '', reason: 'x' }, { by: 'me', reason: ' ' }, {} as never]) {
        expect(refusalOf(transition(aTask(), 'done', clock, { force })).code).toBe('bad_force');
      }
    });

    it('still refuses to move what is not a task', () => {
      expect(refusalOf(transition(aNote(), 'done', clock, { force: FORCE })).code).toBe(
        'not_a_task',
      );
    });

    it('leaves a valid task for every forced pair', () => {
      for (const from of ['todo', 'doing', 'review', 'done', 'blocked'] as const) {
        for (const to of ['todo', 'doing', 'review', 'done', 'blocked'] as const) {
          const task = moved(transition(aTaskIn(from), to, clock, { force: FORCE }));
          expect([from, to, validateEntity(task, 'task', { zone: 'UTC' })]).toEqual([from, to, []]);
        }
      }
    });
  });
});
