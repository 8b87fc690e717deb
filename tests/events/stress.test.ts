import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { clearTimeout, setTimeout } from 'node:timers';

import { EventBackbone, type SubmitOutcome } from '../../src/events/backbone';
import type { Envelope } from '../../src/events/envelope';
import { EntityStates, type VaultEntityState } from '../../src/events/reducers';
import { openKiraStore } from '../../src/store/open';
import { calendarResource, pinnedTime } from './builders';

const PRODUCERS = 10;
const SUBMISSIONS = 10_000;
const NOTES = 400;
const STEPS_PER_NOTE = 15; // a create, then edits and renames; every fifth note ends deleted
const CALENDAR_EVENTS = 100;
const VERSIONS_PER_EVENT = 10;
const HARD_TIMEOUT_MS = 18_000;

type Submission = { source: 'vault' | 'calendar'; input: Record<string, unknown> };

/** A small deterministic generator, so a failure can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function noteId(n: number): string {
  return `task-20240501-0930-stress-${n}`;
}

function noteHistory(n: number): Submission[] {
  const steps: Submission[] = [];
  for (let step = 0; step < STEPS_PER_NOTE; step += 1) {
    const isLast = step === STEPS_PER_NOTE - 1;
    const action =
      step === 0
        ? 'create'
        : isLast && n % 5 === 0
          ? 'delete'
          : step % 4 === 0
            ? 'rename'
            : 'modify';
    steps.push({
      source: 'vault',
      input: {
        action,
        id: noteId(n),
        path: `Tasks/${n}/v${step}.md`,
        frontmatter_hash: `hash-${n}-${step}-abcdef`,
        ...(action === 'rename' ? { old_path: `Tasks/${n}/v${step - 1}.md` } : {}),
        event_ts: Date.UTC(2024, 4, 1, 9, 0, 0) + step * 1000,
        seq: step,
      },
    });
  }
  return steps;
}

function calendarHistory(n: number): Submission[] {
  return Array.from({ length: VERSIONS_PER_EVENT }, (_, version) => ({
    source: 'calendar' as const,
    input: calendarResource({
      id: `remote${n}`,
      etag: `"${n}-${version}"`,
      summary: `Event ${n} v${version}`,
      updated: new Date(Date.UTC(2024, 4, 1, 8, 0, version)).toISOString(),
    }),
  }));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function withHardTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`deadlock: not settled in ${HARD_TIMEOUT_MS} ms`)),
      HARD_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe('the backbone under load', () => {
  it('processes 10,000 duplicated and reordered events from 10 producers exactly once each', async () => {
    const random = randomFrom(20240501);
    const logical: Submission[] = [];
    for (let n = 0; n < NOTES; n += 1) logical.push(...noteHistory(n));
    for (let n = 0; n < CALENDAR_EVENTS; n += 1) logical.push(...calendarHistory(n));
    const duplicates = Array.from(
      { length: SUBMISSIONS - logical.length },
      () => logical[Math.floor(random() * logical.length)]!,
    );
    const arrivals = shuffle([...logical, ...duplicates], random);

    const { clock, timers } = pinnedTime();
    const store = await openKiraStore('stress', { indexedDB: new IDBFactory() });
    const states = new EntityStates();
    const deliveries = new Map<string, number>();
    const backbone = new EventBackbone({
      clock,
      timers,
      store,
      consumer: async (envelope: Envelope) => {
        deliveries.set(envelope.event_id, (deliveries.get(envelope.event_id) ?? 0) + 1);
        states.apply(envelope);
        if (random() < 0.05) await Promise.resolve(); // a consumer that sometimes waits
      },
    });

    const produce = async (producer: number): Promise<SubmitOutcome[]> => {
      const outcomes: SubmitOutcome[] = [];
      for (let i = producer; i < arrivals.length; i += PRODUCERS) {
        const { source, input } = arrivals[i]!;
        outcomes.push(
          await (source === 'vault' ? backbone.submitVault(input) : backbone.submitCalendar(input)),
        );
        // Time passes while producers work, so grace periods end mid-run.
        if (producer === 0 && i % 50 === 0) timers.advance(700);
      }
      return outcomes;
    };

    const settled = await withHardTimeout(
      Promise.allSettled(Array.from({ length: PRODUCERS }, (_, p) => produce(p))).then(
        async (results) => {
          await backbone.close();
          return results;
        },
      ),
    );

    // Every producer's promise settled, and none of them failed.
    expect(settled.map((result) => result.status)).toEqual(Array(PRODUCERS).fill('fulfilled'));
    const outcomes = settled.flatMap((result) =>
      result.status === 'fulfilled' ? result.value : [],
    );
    expect(outcomes).toHaveLength(SUBMISSIONS);
    expect(outcomes.filter((o) => o.outcome === 'rejected')).toEqual([]);

    // Each logical event went to the consumer once; every repeat stopped at dedupe.
    expect(deliveries.size).toBe(logical.length);
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(duplicates.length);
    expect(await backbone.dedupe.stats()).toMatchObject({
      unique: logical.length,
      duplicates: duplicates.length,
    });

    // The final state is what the last event of each history says.
    for (let n = 0; n < NOTES; n += 1) {
      const state = states.get(noteId(n)) as VaultEntityState;
      const last = STEPS_PER_NOTE - 1;
      expect(state).toMatchObject({ path: `Tasks/${n}/v${last}.md`, exists: n % 5 !== 0 });
    }
    for (let n = 0; n < CALENDAR_EVENTS; n += 1) {
      expect(states.get(`calendar:primary/remote${n}`)).toMatchObject({
        event: { title: `Event ${n} v${VERSIONS_PER_EVENT - 1}` },
      });
    }
    expect(backbone.buffer.size).toBe(0);
    store.close();
  }, 25_000);
});
