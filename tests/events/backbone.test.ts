import { EventBackbone } from '../../src/events/backbone';
import type { Envelope } from '../../src/events/envelope';
import { EntityStates } from '../../src/events/reducers';
import { JsonlLogWriter } from '../../src/logs/jsonl-writer';
import { readHistory } from '../../src/logs/history';
import { LogHub, MemoryLogSink } from '../../src/logs/logger';
import { MemoryKiraStore } from '../../src/store/memory-store';
import { MemoryAdapter } from '../logs/memory-adapter';
import { calendarResource, commandInput, pinnedTime, taskId, vaultInput } from './builders';

function makeBackbone(consume: (envelope: Envelope) => void | Promise<void> = () => undefined) {
  const { clock, timers } = pinnedTime();
  const sink = new MemoryLogSink();
  const logs = new LogHub(clock, sink, { default: 'debug', modules: {} });
  const consumed: Envelope[] = [];
  const store = new MemoryKiraStore();
  const backbone = new EventBackbone({
    clock,
    timers,
    store,
    logs,
    consumer: async (envelope) => {
      await consume(envelope);
      consumed.push(envelope);
    },
  });
  return { backbone, consumed, timers, clock, sink, store };
}

describe('the event backbone', () => {
  it('delivers an accepted event after the grace period', async () => {
    const { backbone, consumed, timers } = makeBackbone();
    const outcome = await backbone.submitVault(vaultInput());
    expect(outcome.outcome).toBe('accepted');
    expect(consumed).toEqual([]);

    timers.advance(5000);
    await backbone.idle();
    expect(consumed).toHaveLength(1);
  });

  it('makes a repeated event a no-op end to end', async () => {
    const { backbone, consumed } = makeBackbone();
    const first = await backbone.submitVault(vaultInput());
    const again = await backbone.submitVault(vaultInput());
    await backbone.flush();

    expect(again.outcome).toBe('duplicate');
    expect(
      first.outcome === 'accepted' && again.outcome === 'duplicate' && again.envelope.event_id,
    ).toBe(first.outcome === 'accepted' && first.envelope.event_id);
    expect(consumed).toHaveLength(1);
    expect(backbone.stats()).toMatchObject({ accepted: 1, duplicates: 1, consumed: 1 });
  });

  it('never lets a refused input reach the consumer', async () => {
    const { backbone, consumed } = makeBackbone();
    const outcome = await backbone.submitVault(vaultInput({ id: 'bad' }));
    await backbone.flush();

    expect(outcome).toEqual({ outcome: 'rejected', reasons: ['id: "bad" is not a Kira id'] });
    expect(consumed).toEqual([]);
    expect(backbone.stats().ingress.vault).toEqual({ accepted: 0, rejected: 1 });
  });

  it('hands an edit that arrived before its create to the consumer after it', async () => {
    const { backbone, consumed } = makeBackbone();
    await backbone.submitVault(
      vaultInput({ action: 'modify', event_ts: '2024-05-01T09:30:05Z', seq: 2 }),
    );
    await backbone.submitVault(
      vaultInput({ action: 'create', event_ts: '2024-05-01T09:30:01Z', seq: 1 }),
    );
    await backbone.idle();

    expect(consumed.map((e) => e.type)).toEqual(['vault.create', 'vault.modify']);
  });

  it('orders commands on an entity together with its vault events', async () => {
    const { backbone, consumed } = makeBackbone();
    await backbone.submitCommand(commandInput({ event_ts: '2024-05-01T09:30:09Z' }));
    await backbone.submitVault(vaultInput({ event_ts: '2024-05-01T09:30:02Z' }));
    await backbone.flush();
    expect(consumed.map((e) => e.source)).toEqual(['vault', 'command']);
  });

  it('forgets an event whose consumer failed, so its redelivery is processed', async () => {
    let failures = 1;
    const { backbone, consumed, sink } = makeBackbone(() => {
      if (failures-- > 0) throw new Error('write queue full');
    });
    await backbone.submitVault(vaultInput());
    await backbone.flush();
    expect(consumed).toEqual([]);
    expect(sink.lines.find((l) => l.event === 'consumer_failed')).toMatchObject({
      level: 'error',
      correlation_id: taskId(),
      message: 'Could not process vault.modify: write queue full',
    });

    expect((await backbone.submitVault(vaultInput())).outcome).toBe('accepted');
    await backbone.flush();
    expect(consumed).toHaveLength(1);
    expect(backbone.stats()).toMatchObject({ consumed: 1, failed: 1 });
  });

  it('delivers anyway when the dedupe store fails, and logs it', async () => {
    const { backbone, consumed, store, sink } = makeBackbone();
    store.markSeen = () => Promise.reject(new Error('quota exceeded'));
    await backbone.submitCalendar(calendarResource());
    await backbone.flush();

    expect(consumed).toHaveLength(1);
    expect(
      sink.lines.some((l) => l.event === 'store_failed' && l.message.includes('quota exceeded')),
    ).toBe(true);
  });

  it('releases what waits on close and refuses input after', async () => {
    const { backbone, consumed } = makeBackbone();
    await backbone.submitVault(vaultInput());
    await backbone.close();
    expect(consumed).toHaveLength(1);
    expect(await backbone.submitVault(vaultInput({ seq: 9 }))).toEqual({
      outcome: 'rejected',
      reasons: ['Kira is shutting down'],
    });
  });

  it('lets a submission under way at close reach the consumer before close resolves', async () => {
    const { backbone, consumed } = makeBackbone();
    const underway = backbone.submitVault(vaultInput());
    await backbone.close();
    expect((await underway).outcome).toBe('accepted');
    expect(consumed).toHaveLength(1);
  });

  it("tells a note's story from ingress to upsert through the logs", async () => {
    const { clock, timers } = pinnedTime();
    const adapter = new MemoryAdapter();
    const writer = new JsonlLogWriter({ adapter, timers });
    const logs = new LogHub(clock, writer, {
      default: 'warn',
      modules: { ingress: 'debug', vault: 'info' },
    });
    const states = new EntityStates();
    const vaultLog = logs.logger('vault');
    const backbone = new EventBackbone({
      clock,
      timers,
      store: new MemoryKiraStore(),
      logs,
      consumer: (envelope) => {
        if (states.apply(envelope)) {
          vaultLog.info('upsert', `Indexed ${envelope.payload.path as string}`, {
            correlation_id: envelope.correlation_id,
            entity_id: envelope.correlation_id,
            event_id: envelope.event_id,
          });
        }
      },
    });

    await backbone.submitVault(vaultInput({ path: 'Tasks/Report.md' }));
    await backbone.submitVault(vaultInput({ id: taskId(2) }));
    await backbone.submitVault(vaultInput({ id: taskId(), frontmatter_hash: 'x' }));
    await backbone.close();
    await writer.close();

    const story = await readHistory(adapter, '.kira/logs', taskId());
    expect(story.map((l) => `${l.module}/${l.event}`)).toEqual([
      'ingress/ingress',
      'ingress/validation_failed',
      'vault/upsert',
    ]);
    expect(story[2]?.message).toBe('Indexed Tasks/Report.md');
  });
});
