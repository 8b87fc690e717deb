import { RunawayGuard } from '../../src/queue/runaway';
import type { RunawayReport } from '../../src/queue/write-queue';
import { FixedClock } from '../../src/time/clock';
import { NOW, aQueue, aVault, incrementing } from './builders';

const SECOND = 1000;

/** A queue over `notes` task notes whose runaway guard reports to `reports`. */
function aGuardedQueue(notes: number) {
  const clock = new FixedClock(NOW);
  const vault = aVault(notes);
  const reports: RunawayReport[] = [];
  const queue = aQueue(vault, { clock, onRunaway: (report) => reports.push(report) });
  const write = (n = 0) =>
    queue.edit({ target: { entityId: vault.ids[n]! }, edit: incrementing, source: 'loop' });
  return { clock, vault, queue, reports, write };
}

async function writeTimes(write: () => Promise<unknown>, times: number): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (let n = 0; n < times; n += 1) outcomes.push(await write().catch((error: unknown) => error));
  return outcomes;
}

describe('the runaway guard in the write queue', () => {
  it('lets ten writes to one note through in ten seconds, and stops the eleventh', async () => {
    const { vault, write } = aGuardedQueue(1);

    const outcomes = await writeTimes(write, 11);

    expect(outcomes.slice(0, 10).every((outcome) => !(outcome instanceof Error))).toBe(true);
    expect(outcomes[10]).toMatchObject({ name: 'WriteError', code: 'runaway' });
    expect(vault.writer.saves).toBe(10);
  });

  it('reports a stopped note once, however many writes it refuses', async () => {
    const { reports, write } = aGuardedQueue(1);

    await writeTimes(write, 15);

    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ path: 'Tasks/Task 0.md', writes: 10, source: 'loop' });
    expect(reports[0]!.resumesAt).toBe(NOW + 60 * SECOND);
  });

  it('keeps writing the other notes', async () => {
    const { vault, write } = aGuardedQueue(2);
    await writeTimes(write, 11);

    await expect(write(1)).resolves.toMatchObject({ outcome: 'written' });
    expect(vault.writer.saves).toBe(11);
  });

  it('resumes after the cool-down, and reports a new stop again', async () => {
    const { clock, reports, write } = aGuardedQueue(1);
    await writeTimes(write, 11);

    clock.advance(59 * SECOND);
    await expect(write()).rejects.toMatchObject({ code: 'runaway' });
    clock.advance(SECOND);
    await expect(write()).resolves.toMatchObject({ outcome: 'written' });
    await writeTimes(write, 10);
    expect(reports).toHaveLength(2);
  });

  it('resumes at once after a reset', async () => {
    const { queue, write } = aGuardedQueue(1);
    await writeTimes(write, 11);

    queue.runaway.reset();

    await expect(write()).resolves.toMatchObject({ outcome: 'written' });
  });

  it('does not count edits that wrote nothing', async () => {
    const { vault, queue } = aGuardedQueue(1);
    const unchanged = () =>
      queue.edit({
        target: { entityId: vault.ids[0]! },
        edit: (text) => ({ text, kind: 'task' }),
        source: 'guard',
      });

    await writeTimes(unchanged, 30);

    expect(queue.runaway.isStopped(`id:${vault.ids[0]!}`)).toBe(false);
  });
});

describe('the runaway guard counts in a sliding window', () => {
  it('allows steady writes spaced wider than the window allows', () => {
    const clock = new FixedClock(NOW);
    const guard = new RunawayGuard(clock, { maxWrites: 3, windowMs: 10 * SECOND });
    const verdicts: boolean[] = [];

    for (let n = 0; n < 12; n += 1) {
      verdicts.push(guard.admit('a').isAllowed);
      clock.advance(3400);
    }

    expect(verdicts.every(Boolean)).toBe(true);
  });

  it('stops a burst once it exceeds the limit within the window', () => {
    const clock = new FixedClock(NOW);
    const guard = new RunawayGuard(clock, { maxWrites: 3, windowMs: 10 * SECOND });
    const verdicts: boolean[] = [];

    for (let n = 0; n < 5; n += 1) {
      verdicts.push(guard.admit('a').isAllowed);
      clock.advance(3 * SECOND);
    }

    expect(verdicts).toEqual([true, true, true, false, false]);
    expect(guard.stopped().map((trip) => trip.key)).toEqual(['a']);
  });

  it('counts each note apart', () => {
    const guard = new RunawayGuard(new FixedClock(NOW), { maxWrites: 1 });

    expect([guard.admit('a'), guard.admit('b'), guard.admit('a')].map((v) => v.isAllowed)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
