import { parseNote } from '../../src/frontmatter';
import { RESTORE_ACTOR, restoredText } from '../../src/guard/restore';
import { FixedClock } from '../../src/time/clock';

const NOW = Date.parse('2026-12-03T10:00:00Z');

function task(status: string, extra = ''): string {
  return [
    '---',
    'id: task-20261201-0900-renew-passport',
    'kind: task',
    'title: Renew passport',
    'created: 2026-12-01T09:00:00Z',
    'updated: 2026-12-01T09:00:00Z',
    'tags: []',
    `status: ${status}`,
    'priority: high',
    'entered_todo_at: 2026-12-01T09:00:00Z',
    'transition_count: 0',
    extra,
    '---',
    'Call the embassy.',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function frontmatterOf(text: string): Record<string, unknown> {
  const parsed = parseNote(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.note.frontmatter ?? {};
}

describe('restoring a kept version', () => {
  const clock = new FixedClock(NOW);

  it('writes a kept invalid version back as it was', () => {
    const original = task('todo').replace('priority: high', 'priority: someday');

    expect(
      restoredText({ kind: 'invalid', original, reason: 'bad priority' }, task('todo'), clock),
    ).toBe(original);
  });

  it('records a refused status change as a forced transition from the current status', () => {
    const original = task('review');
    const restored = restoredText(
      {
        kind: 'rejected_transition',
        original,
        reason: "A task can't go from To do straight to Review.",
      },
      task('todo'),
      clock,
    );

    const frontmatter = frontmatterOf(restored);
    expect(frontmatter.status).toBe('review');
    expect(frontmatter.transition_count).toBe(1);
    expect(frontmatter.entered_review_at).toBe('2026-12-03T10:00:00Z');
    expect(frontmatter.forced_transition).toEqual({
      from: 'todo',
      to: 'review',
      by: RESTORE_ACTOR,
      reason: "A task can't go from To do straight to Review.",
      at: '2026-12-03T10:00:00Z',
    });
    expect(restored.endsWith('---\nCall the embassy.')).toBe(true);
  });
});

describe('restoring the losing side of a sync conflict', () => {
  const clock = new FixedClock(NOW);
  it('keeps the note’s current sync state, so the calendar does not take it for an old copy', () => {
    const loser = task('todo', 'x-kira:\n  source: kira\n  version: 3\n  etag: "old"');
    const current = task('todo', 'x-kira:\n  source: gcal\n  version: 5\n  etag: "new"').replace(
      'Renew passport',
      'Renew the passport',
    );

    const restored = restoredText(
      { kind: 'conflict', original: loser, reason: 'lost' },
      current,
      clock,
    );

    expect(frontmatterOf(restored)).toMatchObject({
      title: 'Renew passport',
      'x-kira': { source: 'gcal', version: 5, etag: 'new' },
    });
  });
});
