import fc from 'fast-check';

import type { Envelope } from '../../src/events/envelope';
import { EntityStates, entityKeyOf, reduceEntity } from '../../src/events/reducers';
import { envelope, taskId } from './builders';

function vaultEvent(action: string, second: number, extra: Record<string, unknown> = {}) {
  const ts = `2024-05-01T09:30:${String(second).padStart(2, '0')}Z`;
  return envelope({
    type: `vault.${action}`,
    external_id: `${taskId()}@${ts}`,
    event_ts: ts,
    payload: {
      action,
      id: taskId(),
      path: `Tasks/at-${second}.md`,
      frontmatter_hash: `hash-${second}-xxx`,
      ...extra,
    },
  });
}

function fold(events: Envelope[]): EntityStates {
  const states = new EntityStates();
  for (const event of events) states.apply(event);
  return states;
}

describe('reducing vault events', () => {
  it('takes path and hash from the newest event', async () => {
    const events = [
      await vaultEvent('create', 1),
      await vaultEvent('modify', 5),
      await vaultEvent('modify', 3),
    ];
    expect(fold(events).get(taskId())).toMatchObject({
      path: 'Tasks/at-5.md',
      hash: 'hash-5-xxx',
      exists: true,
    });
  });

  it('marks a deleted entity as gone and a later create brings it back', async () => {
    const deleted = fold([await vaultEvent('create', 1), await vaultEvent('delete', 2)]);
    expect(deleted.get(taskId())).toMatchObject({ exists: false });

    const restored = fold([await vaultEvent('delete', 2), await vaultEvent('create', 3)]);
    expect(restored.get(taskId())).toMatchObject({ exists: true, path: 'Tasks/at-3.md' });
  });

  it('ignores an older event that arrives after a newer one', async () => {
    const newer = fold([await vaultEvent('delete', 9)]);
    expect(newer.apply(await vaultEvent('modify', 4))).toBe(false);
    expect(newer.get(taskId())).toMatchObject({ exists: false });
  });

  it('changes nothing when the same event comes again', async () => {
    const event = await vaultEvent('modify', 4);
    const state = reduceEntity(undefined, event);
    expect(reduceEntity(state, event)).toBe(state);
  });

  it('leaves state alone for commands', async () => {
    const command = await envelope({
      source: 'command',
      type: 'command.invoke',
      payload: { command: 'set-status', entity_id: taskId() },
    });
    expect(reduceEntity(undefined, command)).toBeUndefined();
    expect(entityKeyOf(command)).toBe(taskId());
  });
});

describe('reducing calendar events', () => {
  it('replaces a cancelled event whole, keeping no detail of older versions', async () => {
    const upsert = await envelope({
      source: 'calendar',
      type: 'calendar.upsert',
      event_ts: '2024-05-01T08:00:00Z',
      payload: { id: 'e1', status: 'confirmed', title: 'Planning' },
    });
    const cancel = await envelope({
      source: 'calendar',
      type: 'calendar.cancel',
      event_ts: '2024-05-01T09:00:00Z',
      payload: { id: 'e1', status: 'cancelled' },
    });
    const states = fold([cancel, upsert]);
    expect(states.get('calendar:primary/e1')).toMatchObject({
      isCancelled: true,
      event: { id: 'e1', status: 'cancelled' },
    });
  });
});

describe('the reducer as a whole (property)', () => {
  it('reaches the same state for any order and any repeats of the same events', async () => {
    const actions = ['create', 'modify', 'rename', 'delete'];
    const pool = await Promise.all(
      Array.from({ length: 12 }, (_, i) => vaultEvent(actions[i % 4]!, (i * 7) % 10, { n: i })),
    );
    const reference = JSON.stringify(fold(pool).entries());

    fc.assert(
      fc.property(
        fc.shuffledSubarray(pool, { minLength: pool.length }),
        fc.array(fc.nat(11)),
        (order, repeats) => {
          const events = [...order, ...repeats.map((i) => pool[i]!)];
          expect(JSON.stringify(fold(events).entries())).toBe(reference);
        },
      ),
      { numRuns: 200 },
    );
  });
});
