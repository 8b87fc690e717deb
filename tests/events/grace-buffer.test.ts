import type { Envelope } from '../../src/events/envelope';
import {
  GraceBuffer,
  GraceSettingsError,
  validateGraceSettings,
} from '../../src/events/grace-buffer';
import { entityKeyOf } from '../../src/events/reducers';
import { envelope, pinnedTime, taskId } from './builders';

function vaultEvent(action: string, second: number, id = taskId(), seq?: number) {
  const ts = `2024-05-01T09:30:${String(second).padStart(2, '0')}Z`;
  return envelope({
    type: `vault.${action}`,
    external_id: `${id}@${ts}#${seq ?? '-'}`,
    event_ts: ts,
    seq,
    payload: { action, id, path: `Tasks/${id}.md`, frontmatter_hash: `hash${second}xxxx` },
    correlation_id: id,
  });
}

function makeBuffer(settings: { graceMs?: number; maxPerEntity?: number } = {}) {
  const { clock, timers } = pinnedTime();
  const released: Envelope[][] = [];
  const buffer = new GraceBuffer({
    ...settings,
    clock,
    timers,
    keyOf: entityKeyOf,
    onRelease: (batch) => released.push(batch),
  });
  const seconds = () => released.flat().map((e) => Number(e.event_ts.slice(17, 19)));
  return { buffer, timers, released, seconds };
}

describe('the grace buffer', () => {
  it('holds an entity’s events for the grace period from the first of them', async () => {
    const { buffer, timers, released } = makeBuffer();
    buffer.offer(await vaultEvent('modify', 5));
    timers.advance(3000);
    buffer.offer(await vaultEvent('modify', 6));

    timers.advance(1999);
    expect(released).toEqual([]);
    expect(buffer.size).toBe(2);

    timers.advance(1);
    expect(released).toHaveLength(1);
    expect(buffer.size).toBe(0);
  });

  it('releases them ordered by event_ts, then seq, then event_id', async () => {
    const { buffer, timers, released } = makeBuffer();
    const late = await vaultEvent('modify', 9);
    const sameSecondSeq2 = await vaultEvent('modify', 7, taskId(), 2);
    const sameSecondSeq1 = await vaultEvent('modify', 7, taskId(), 1);
    const early = await vaultEvent('modify', 3);
    for (const event of [late, sameSecondSeq2, early, sameSecondSeq1]) buffer.offer(event);

    timers.advance(5000);
    expect(released[0]).toEqual([early, sameSecondSeq1, sameSecondSeq2, late]);
  });

  it('keeps entities apart, each with its own period', async () => {
    const { buffer, timers, released } = makeBuffer({ graceMs: 3000 });
    buffer.offer(await vaultEvent('modify', 1, taskId(1)));
    timers.advance(2000);
    buffer.offer(await vaultEvent('modify', 2, taskId(2)));

    timers.advance(1000);
    expect(released.map((batch) => batch[0]!.payload.id)).toEqual([taskId(1)]);
    timers.advance(2000);
    expect(released.map((batch) => batch[0]!.payload.id)).toEqual([taskId(1), taskId(2)]);
  });

  it('lets edits that came before the create go out with it, create first', async () => {
    const { buffer, released, seconds } = makeBuffer();
    buffer.offer(await vaultEvent('modify', 8));
    buffer.offer(await vaultEvent('rename', 9));
    expect(released).toEqual([]);

    buffer.offer(await vaultEvent('create', 2));
    expect(seconds()).toEqual([2, 8, 9]);
    expect(buffer.size).toBe(0);
  });

  it('releases edits whose create never comes when the period ends', async () => {
    const { buffer, timers, seconds } = makeBuffer();
    buffer.offer(await vaultEvent('modify', 8));
    timers.advance(4999);
    expect(seconds()).toEqual([]);
    timers.advance(1);
    expect(seconds()).toEqual([8]);
  });

  it('ignores an event id that is already waiting', async () => {
    const { buffer, timers, released } = makeBuffer();
    const event = await vaultEvent('modify', 4);
    buffer.offer(event);
    buffer.offer({ ...event });
    timers.advance(5000);
    expect(released.flat()).toHaveLength(1);
  });

  it('sends the oldest out at once when an entity holds more than the cap', async () => {
    const { buffer, released, seconds } = makeBuffer({ maxPerEntity: 2 });
    buffer.offer(await vaultEvent('modify', 5));
    buffer.offer(await vaultEvent('modify', 3));
    expect(released).toEqual([]);

    buffer.offer(await vaultEvent('modify', 4));
    expect(seconds()).toEqual([3]);
    expect(buffer.size).toBe(2);
  });

  it('flushes everything on demand, entity by entity', async () => {
    const { buffer, timers, released } = makeBuffer();
    buffer.offer(await vaultEvent('modify', 1, taskId(2)));
    buffer.offer(await vaultEvent('modify', 2, taskId(1)));
    buffer.flushAll();

    expect(released.map((batch) => batch[0]!.payload.id)).toEqual([taskId(1), taskId(2)]);
    expect(timers.size).toBe(0);
  });

  it('carries on when the receiver throws', async () => {
    const { clock, timers } = pinnedTime();
    const errors: unknown[] = [];
    const buffer = new GraceBuffer({
      clock,
      timers,
      keyOf: entityKeyOf,
      onRelease: () => {
        throw new Error('consumer broke');
      },
      onError: (error) => errors.push(error),
    });
    buffer.offer(await vaultEvent('modify', 1));
    timers.advance(5000);
    expect(errors).toHaveLength(1);
    expect(buffer.size).toBe(0);
  });
});

describe('grace settings', () => {
  it('default to 5 s and 64 events per entity', () => {
    expect(validateGraceSettings({})).toEqual({
      ok: true,
      value: { graceMs: 5000, maxPerEntity: 64 },
    });
  });

  it.each([2999, 10_001, 4000.5, '5000', Number.NaN])('refuse a grace period of %p', (graceMs) => {
    const result = validateGraceSettings({ graceMs });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons[0]).toMatch(/grace period: .* from 3000 to 10000/);
  });

  it.each([3000, 10_000])('accept the bounds (%p ms)', (graceMs) => {
    expect(validateGraceSettings({ graceMs }).ok).toBe(true);
  });

  it('refuse a cap below one', () => {
    expect(validateGraceSettings({ maxPerEntity: 0 }).ok).toBe(false);
  });

  it('make the buffer refuse to start with a stable code', () => {
    const { clock, timers } = pinnedTime();
    const start = () =>
      new GraceBuffer({
        graceMs: 100,
        clock,
        timers,
        keyOf: entityKeyOf,
        onRelease: () => undefined,
      });
    expect(start).toThrow(GraceSettingsError);
    expect(start).toThrow(expect.objectContaining({ code: 'bad_grace_settings' }));
  });
});
