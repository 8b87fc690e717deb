import { TASK_STATUSES } from '../../src/entities/model';
import { validateEntity } from '../../src/entities/validate';
import { editNote } from '../../src/frontmatter';
import {
  LIFECYCLE_KEYS,
  judgeEdit,
  resolveWithReason,
  revertEdit,
  writeFor,
} from '../../src/guard';
import { canTransition } from '../../src/tasks/state-machine';
import { aNote } from '../entities/builders';
import {
  BODY,
  NOW,
  PATH,
  ZONE,
  afterWrite,
  anEdit,
  expectOutcome,
  parsed,
  savedAs,
  snapshotIn,
} from './builders';

describe('an allowed status change', () => {
  it('is accepted with what the transition fills in, written in one edit', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { status: 'done', title: 'Write the final report' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'accept');

    expect(judgement.changes).toEqual({
      done_ts: NOW,
      entered_done_at: NOW,
      last_transition_at: NOW,
      transition_count: 3,
      updated: NOW,
      frozen_estimate: '2h',
    });
    const written = parsed(afterWrite(judgement, text));
    expect(written.frontmatter).toEqual(judgement.frontmatter);
    expect(written.frontmatter.title).toBe('Write the final report');
    expect(written.body).toBe(BODY);
    expect(validateEntity(written.frontmatter, 'task', { zone: ZONE })).toEqual([]);
  });

  it('records start_ts when a task goes from todo to doing', () => {
    const before = snapshotIn('todo');
    const text = savedAs(before, { status: 'doing' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'accept');

    expect(judgement.changes).toMatchObject({ start_ts: NOW, entered_doing_at: NOW });
  });

  it('takes a blocked_reason typed in the same save', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { status: 'blocked', blocked_reason: 'waiting for the data' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'accept');

    expect(parsed(afterWrite(judgement, text)).frontmatter.blocked_reason).toBe(
      'waiting for the data',
    );
  });

  it('takes a new reopen_reason typed in the same save, and clears done_ts', () => {
    const before = snapshotIn('done', { reopen_reason: 'an older reason' });
    const text = savedAs(before, { status: 'doing', reopen_reason: 'the figures were wrong' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'accept');

    const written = parsed(afterWrite(judgement, text)).frontmatter;
    expect(written.reopen_reason).toBe('the figures were wrong');
    expect(written.done_ts).toBeUndefined();
  });

  it('needs no write when the note already holds what Kira filled in (its own write, read back)', () => {
    const before = snapshotIn('doing');
    const first = expectOutcome(
      judgeEdit(anEdit(before, savedAs(before, { status: 'done' }))),
      'accept',
    );
    const kiraWrote = afterWrite(first, savedAs(before, { status: 'done' }));

    const again = expectOutcome(judgeEdit(anEdit(before, kiraWrote)), 'accept');

    expect(again.changes).toEqual({});
    expect(writeFor(again)).toBeNull();
  });
});

describe('a status change that needs a reason', () => {
  it.each([
    ['doing', 'blocked', 'blocked_reason'],
    ['done', 'doing', 'reopen_reason'],
  ] as const)('from %s to %s asks for the %s', (from, to, needs) => {
    const before = snapshotIn(from);
    const text = savedAs(before, { status: to });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'ask_reason');

    expect(judgement).toMatchObject({ from, to, needs });
    expect(writeFor(judgement)).toBeNull();
  });

  it('is accepted with the reason the user gave, in one write', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { status: 'blocked', priority: 'urgent' });

    const judgement = expectOutcome(
      resolveWithReason(anEdit(before, text), 'waiting on legal'),
      'accept',
    );

    const written = parsed(afterWrite(judgement, text)).frontmatter;
    expect(written).toMatchObject({
      status: 'blocked',
      blocked_reason: 'waiting on legal',
      entered_blocked_at: NOW,
      priority: 'urgent',
    });
  });

  it('asks again when the reason given is blank', () => {
    const before = snapshotIn('done');
    const text = savedAs(before, { status: 'doing' });

    expect(resolveWithReason(anEdit(before, text), '   ').outcome).toBe('ask_reason');
  });

  it('is reverted when the user cancels, keeping the rest of the save', () => {
    const before = snapshotIn('done');
    const text = savedAs(before, { status: 'doing', title: 'Report v2' }, 'New body.\n');

    const judgement = expectOutcome(revertEdit(anEdit(before, text)), 'revert');

    expect(judgement.refusal.code).toBe('cancelled');
    const written = parsed(afterWrite(judgement, text));
    expect(written.frontmatter).toEqual({ ...before, title: 'Report v2' });
    expect(written.body).toBe('New body.\n');
    expect(judgement.quarantine).toMatchObject({ kind: 'rejected_transition', original: text });
  });
});

describe('a status change the lifecycle does not allow', () => {
  it('is reverted: the status fields come back, every other change and the body stay', () => {
    const before = snapshotIn('todo');
    const text = savedAs(
      before,
      { status: 'review', title: 'Write the summary', priority: 'high', done_ts: NOW },
      'Rewritten body.\n',
    );

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'revert');

    expect(judgement.changes).toStrictEqual({ status: 'todo', done_ts: undefined });
    const written = parsed(afterWrite(judgement, text));
    expect(written.frontmatter).toEqual({
      ...before,
      title: 'Write the summary',
      priority: 'high',
    });
    expect(written.body).toBe('Rewritten body.\n');
  });

  it('puts the rejected version in the quarantine, whole, with the reason', () => {
    const before = snapshotIn('todo');
    const text = savedAs(before, { status: 'review' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'revert');

    expect(judgement.quarantine).toMatchObject({
      kind: 'rejected_transition',
      path: PATH,
      entity_id: before.id,
      original: text,
      source: 'vault',
      correlation_id: 'corr-1',
    });
    expect(judgement.quarantine.errors).toEqual([
      expect.objectContaining({ field: 'status', code: 'not_allowed' }),
    ]);
    expect(judgement.message).toContain('back to todo');
  });

  it('restores only lifecycle keys', () => {
    const before = snapshotIn('done');
    const text = savedAs(before, {
      status: 'todo',
      assignee: 'ana',
      start_ts: undefined,
      'my-key': 1,
    });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'revert');

    expect(Object.keys(judgement.changes).every((key) => LIFECYCLE_KEYS.includes(key))).toBe(true);
    expect(parsed(afterWrite(judgement, text)).frontmatter).toMatchObject({
      assignee: 'ana',
      'my-key': 1,
      start_ts: before.start_ts,
    });
  });
});

describe('the lifecycle table, judged from the note', () => {
  const pairs = TASK_STATUSES.flatMap((from) =>
    TASK_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
  );

  it.each(pairs)('%s → %s is judged as the table says', (from, to) => {
    const before = snapshotIn(from);
    const judgement = judgeEdit(anEdit(before, savedAs(before, { status: to })));

    const expected = canTransition(from, to) ? ['accept', 'ask_reason'] : ['revert'];
    expect(expected).toContain(judgement.outcome);
  });
});

describe('an invalid value that is not a transition', () => {
  it('is marked invalid, not written, and quarantined as invalid', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { priority: 'someday', due: '2024-02-30' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'mark_invalid');

    expect(judgement.issues.map((issue) => issue.field).sort()).toEqual(['due', 'priority']);
    expect(judgement.quarantine).toMatchObject({ kind: 'invalid', original: text });
    expect(writeFor(judgement)).toBeNull();
  });

  it('beside an allowed transition, lists only the other value: nothing is filled in yet', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { status: 'done', priority: 'someday' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'mark_invalid');

    expect(judgement.issues.map((issue) => issue.code)).toEqual(['unknown_value']);
  });

  it('beside a refused transition, lists both, and writes nothing', () => {
    const before = snapshotIn('todo');
    const text = savedAs(before, { status: 'review', priority: 'someday' });

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'mark_invalid');

    expect(judgement.issues.map((issue) => `${issue.field}:${issue.code}`)).toEqual([
      'status:not_allowed',
      'priority:unknown_value',
    ]);
  });

  it('in a note that is not a task is marked invalid too', () => {
    const before = aNote();
    const text = savedAs(before, { tags: 'meeting notes' });

    const judgement = judgeEdit(anEdit(before, text, { kind: 'note' }));

    expect(judgement.outcome).toBe('mark_invalid');
  });
});

describe('broken YAML typed mid-edit', () => {
  it('is unreadable: no write, quarantined as invalid with the codec’s code', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, {}).replace('priority: normal', 'priority: [normal');

    const judgement = expectOutcome(judgeEdit(anEdit(before, text)), 'unreadable');

    expect(judgement.error.code).toBe('invalid_yaml');
    expect(judgement.quarantine).toMatchObject({
      kind: 'invalid',
      original: text,
      errors: [expect.objectContaining({ code: 'invalid_yaml' })],
      entity_id: before.id,
    });
    expect(writeFor(judgement)).toBeNull();
  });
});

describe('a status typed letter by letter', () => {
  it('marks each unfinished word invalid, then judges the whole word as the transition', () => {
    const before = snapshotIn('doing');
    const outcomes = ['d', 'do', 'don', 'done'].map(
      (typed) => judgeEdit(anEdit(before, savedAs(before, { status: typed }))).outcome,
    );

    expect(outcomes).toEqual(['mark_invalid', 'mark_invalid', 'mark_invalid', 'accept']);
  });

  it('marks a cleared status invalid rather than reverting it', () => {
    const before = snapshotIn('doing');
    const judgement = expectOutcome(
      judgeEdit(anEdit(before, savedAs(before, { status: '' }))),
      'mark_invalid',
    );

    expect(judgement.issues).toEqual([
      expect.objectContaining({ field: 'status', code: 'required' }),
    ]);
  });
});

describe('a note marked invalid', () => {
  it('resolves when it is valid again without a status change', () => {
    const before = snapshotIn('doing');
    const fixed = savedAs(before, { priority: 'high' });

    const judgement = judgeEdit(anEdit(before, fixed, { isMarkedInvalid: true }));

    expect(judgement).toEqual({
      outcome: 'resolved',
      frontmatter: { ...before, priority: 'high' },
    });
  });

  it('resolves when the user put back exactly the snapshot', () => {
    const before = snapshotIn('doing');

    const judgement = judgeEdit(anEdit(before, savedAs(before, {}), { isMarkedInvalid: true }));

    expect(judgement.outcome).toBe('resolved');
  });

  it('is judged as a transition when the fix completes a status', () => {
    const before = snapshotIn('doing');
    const judgement = judgeEdit(
      anEdit(before, savedAs(before, { status: 'done' }), { isMarkedInvalid: true }),
    );

    expect(judgement.outcome).toBe('accept');
  });
});

describe('ordinary edits', () => {
  it('are unchanged when only the body changed', () => {
    const before = snapshotIn('review');

    expect(judgeEdit(anEdit(before, savedAs(before, {}, 'Other body.\n')))).toEqual({
      outcome: 'unchanged',
    });
  });

  it('are a new snapshot when other keys changed', () => {
    const before = snapshotIn('review');
    const judgement = judgeEdit(anEdit(before, savedAs(before, { assignee: 'ana' })));

    expect(judgement).toEqual({
      outcome: 'no_status_change',
      frontmatter: { ...before, assignee: 'ana' },
    });
  });

  it('are judged on values alone when Kira has no snapshot yet', () => {
    const task = snapshotIn('done');

    expect(judgeEdit(anEdit(null, savedAs(task, {}))).outcome).toBe('no_status_change');
    expect(judgeEdit(anEdit(null, savedAs(task, { done_ts: undefined }))).outcome).toBe(
      'mark_invalid',
    );
  });
});

describe('a note replaced by an older version', () => {
  const newer = snapshotIn('done', {
    updated: '2024-03-01T12:00:00Z',
    transition_count: 3,
    title: 'Write the report (final)',
  });
  const older = snapshotIn('review', { updated: '2024-03-01T11:00:00Z', transition_count: 2 });

  it('is judged as an edit: a refused transition is reverted and the old copy quarantined', () => {
    const text = savedAs(older, {}, 'Old body.\n');

    const judgement = expectOutcome(judgeEdit(anEdit(newer, text)), 'revert');

    expect(judgement.isOlderVersion).toBe(true);
    expect(judgement.quarantine.original).toBe(text);
    const written = parsed(afterWrite(judgement, text));
    expect(written.frontmatter.status).toBe('done');
    expect(written.frontmatter.title).toBe(older.title);
    expect(written.body).toBe('Old body.\n');
  });

  it('asks for a reason when the old copy reopens the task', () => {
    const text = savedAs(snapshotIn('doing', { updated: '2024-03-01T10:00:00Z' }), {});

    const judgement = expectOutcome(judgeEdit(anEdit(newer, text)), 'ask_reason');

    expect(judgement).toMatchObject({ needs: 'reopen_reason', isOlderVersion: true });
  });
});

describe('the write a judgement calls for', () => {
  it('writes nothing when the user changed the status again before it ran', () => {
    const before = snapshotIn('todo');
    const judgement = judgeEdit(anEdit(before, savedAs(before, { status: 'review' })));
    const later = savedAs(before, { status: 'doing' });

    expect(writeFor(judgement)!(later).text).toBe(later);
  });

  it('keeps keys the user changed after the judgement', () => {
    const before = snapshotIn('doing');
    const text = savedAs(before, { status: 'done' });
    const judgement = judgeEdit(anEdit(before, text));
    const later = editNote(text, { assignee: 'ana' });

    const written = parsed(writeFor(judgement)!(later).text).frontmatter;

    expect(written).toMatchObject({ assignee: 'ana', status: 'done', done_ts: NOW });
  });
});
