import fc from 'fast-check';

import { EventBackbone } from '../../src/events/backbone';
import { EntityStates } from '../../src/events/reducers';
import { MemoryKiraStore } from '../../src/store/memory-store';
import { calendarResource, pinnedTime, taskId } from './builders';

type Submission = { source: 'vault' | 'calendar'; input: Record<string, unknown> };

/** The logical events of a small history: three notes and one calendar event. */
function history(): Submission[] {
  const vault = (
    n: number,
    second: number,
    action: string,
    extra: Record<string, unknown> = {},
  ) => ({
    source: 'vault' as const,
    input: {
      action,
      id: taskId(n),
      path: `Tasks/${n}-${second}.md`,
      frontmatter_hash: `hash-${n}-${second}-x`,
      event_ts: `2024-05-01T09:30:${String(second).padStart(2, '0')}Z`,
      seq: second,
      ...extra,
    },
  });
  const calendar = (minute: number, summary: string) => ({
    source: 'calendar' as const,
    input: calendarResource({
      summary,
      etag: `"${minute}"`,
      updated: `2024-05-01T08:${minute}:00.000Z`,
    }),
  });

  return [
    vault(1, 1, 'create'),
    vault(1, 4, 'modify'),
    vault(1, 9, 'rename', { old_path: 'Tasks/1-4.md' }),
    vault(2, 2, 'create'),
    vault(2, 3, 'modify'),
    vault(2, 8, 'delete'),
    vault(3, 5, 'modify'), // an edit whose create never arrives
    calendar(10, 'Draft'),
    calendar(20, 'Final'),
  ];
}

async function run(submissions: Submission[], pauses: number[]): Promise<string> {
  const { clock, timers } = pinnedTime();
  const states = new EntityStates();
  const backbone = new EventBackbone({
    clock,
    timers,
    store: new MemoryKiraStore(),
    consumer: (envelope) => void states.apply(envelope),
  });

  for (const [index, { source, input }] of submissions.entries()) {
    if (source === 'vault') await backbone.submitVault(input);
    else await backbone.submitCalendar(input);
    timers.advance(pauses[index % pauses.length] ?? 0);
  }
  await backbone.close();
  return JSON.stringify(states.entries());
}

describe('ordering tolerance (property)', () => {
  it('reaches the same state for any arrival order, repeats and pauses', async () => {
    const events = history();
    const reference = await run(events, [0]);
    const expected = JSON.parse(reference) as [string, { path?: string; exists?: boolean }][];
    expect(Object.fromEntries(expected)).toMatchObject({
      [taskId(1)]: { path: 'Tasks/1-9.md', exists: true },
      [taskId(2)]: { exists: false },
      [taskId(3)]: { path: 'Tasks/3-5.md', exists: true },
      'calendar:primary/evt123': { event: { title: 'Final' } },
    });

    const arrivals = fc
      .tuple(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.array(fc.nat(events.length - 1), { maxLength: 12 }),
      )
      .chain(([order, repeats]) =>
        fc.shuffledSubarray([...order, ...repeats.map((i) => events[i]!)], {
          minLength: order.length + repeats.length,
        }),
      );
    const pauses = fc.array(fc.integer({ min: 0, max: 7000 }), { minLength: 1, maxLength: 5 });

    await fc.assert(
      fc.asyncProperty(arrivals, pauses, async (order, gaps) => {
        expect(await run(order, gaps)).toBe(reference);
      }),
      { numRuns: 150 },
    );
  });
});
