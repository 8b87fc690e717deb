import fc from 'fast-check';

import {
  computeEventId,
  createEnvelope,
  parseEnvelope,
  serializeEnvelope,
  validateEnvelope,
} from '../../src/events/envelope';
import { envelope, taskId } from './builders';

function reasonsOf(value: unknown): string {
  const result = validateEnvelope(value);
  if (result.ok) throw new Error('expected a refusal');
  return result.reasons.join('\n');
}

describe('creating an envelope', () => {
  it('computes a 64-hex event id and keeps every field', async () => {
    const made = await envelope({ seq: 3 });

    expect(made.event_id).toMatch(/^[0-9a-f]{64}$/);
    expect(made).toMatchObject({
      source: 'vault',
      type: 'vault.modify',
      seq: 3,
      correlation_id: taskId(),
    });
  });

  it('gives the same id whatever the key order of the payload', async () => {
    const a = await envelope({ payload: { x: 1, y: { b: 2, a: 1 } } });
    const b = await envelope({ payload: { y: { a: 1, b: 2 }, x: 1 } });
    expect(a.event_id).toBe(b.event_id);
  });

  it('gives another id for another external id, payload, source or type', async () => {
    const base = await envelope();
    const ids = await Promise.all([
      envelope({ external_id: 'x-2' }),
      envelope({ payload: { changed: true } }),
      envelope({ source: 'script', type: 'script.call' }),
      envelope({ type: 'vault.create' }),
    ]);
    for (const other of ids) expect(other.event_id).not.toBe(base.event_id);
  });

  it('leaves timing fields, the time and the correlation id out of the id', async () => {
    const base = await envelope();
    const retried = await envelope({
      payload: { ...base.payload, received_at: 1714555800000, retry_count: 3 },
      event_ts: '2024-05-01T10:00:00Z',
      correlation_id: 'other',
    });
    expect(retried.event_id).toBe(base.event_id);
  });

  it('matches the documented hash of [source, type, external id, payload]', async () => {
    const id = await computeEventId('command', 'command.invoke', 'inv-9', { command: 'x' });
    const again = await computeEventId('command', 'command.invoke', 'inv-9', { command: 'x' });
    expect(id).toBe(again);
    expect(id).not.toBe(await computeEventId('command', 'command.invoke', 'inv-9', {}));
  });

  it('refuses a draft with every reason at once', async () => {
    const result = await createEnvelope({
      source: 'vault',
      type: 'calendar.upsert',
      external_id: '',
      event_ts: '2024-05-01T11:30:00+02:00',
      seq: -1,
      payload: [] as unknown,
      correlation_id: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.reasons.join('\n');
    expect(text).toMatch(/external_id: expected a non-empty text/);
    expect(text).toMatch(/event_ts: expected a UTC time/);
    expect(text).toMatch(/seq: expected a whole number ≥ 0, got -1/);
    expect(text).toMatch(/type: expected "<source>.<name>" under source "vault"/);
    expect(text).toMatch(/payload: expected an object, got a list/);
    expect(text).toMatch(/correlation_id: expected a non-empty text/);
  });
});

describe('validating an envelope', () => {
  it('accepts an envelope and returns a copy', async () => {
    const made = await envelope();
    const result = validateEnvelope(made);
    expect(result).toEqual({ ok: true, envelope: made });
    if (result.ok) expect(result.envelope.payload).not.toBe(made.payload);
  });

  it('names each missing field', () => {
    const text = reasonsOf({});
    for (const field of ['event_id', 'event_ts', 'source', 'type', 'correlation_id']) {
      expect(text).toContain(`${field}:`);
    }
    expect(text).toMatch(/payload: expected an object, got nothing/);
  });

  it.each([
    ['an offset', '2024-05-01T11:30:00+02:00'],
    ['milliseconds', '2024-05-01T09:30:00.000Z'],
    ['no zone', '2024-05-01T09:30:00'],
    ['a date only', '2024-05-01'],
    ['an impossible date', '2024-02-30T09:30:00Z'],
  ])('refuses an event_ts with %s', async (_what, eventTs) => {
    const made = await envelope();
    expect(reasonsOf({ ...made, event_ts: eventTs })).toMatch(/event_ts: expected a UTC time/);
  });

  it.each([1.5, -1, '2', Number.MAX_SAFE_INTEGER + 2])('refuses seq %p', async (seq) => {
    const made = await envelope();
    expect(reasonsOf({ ...made, seq })).toMatch(/seq: expected a whole number/);
  });

  it('refuses an unknown field, an unknown source and a foreign type', async () => {
    const made = await envelope();
    expect(reasonsOf({ ...made, extra: 1 })).toMatch(/unknown field "extra"/);
    expect(reasonsOf({ ...made, source: 'email' })).toMatch(/source: expected one of/);
    expect(reasonsOf({ ...made, type: 'command.invoke' })).toMatch(/type: expected/);
  });

  it('refuses a polluting payload read back from JSON', async () => {
    const made = await envelope();
    const text = serializeEnvelope(made).replace('"payload":{', '"payload":{"__proto__":{"x":1},');
    const result = parseEnvelope(text);
    expect(result.ok).toBe(false);
    expect(Object.prototype).not.toHaveProperty('x');
  });
});

describe('serializing an envelope', () => {
  it('reads back unchanged', async () => {
    const made = await envelope({ seq: 0 });
    expect(parseEnvelope(serializeEnvelope(made))).toEqual({ ok: true, envelope: made });
  });

  it('keeps an absent seq absent', async () => {
    const made = await envelope();
    const back = parseEnvelope(serializeEnvelope(made));
    expect(back.ok && 'seq' in back.envelope).toBe(false);
  });

  it('refuses text that is not JSON', () => {
    expect(parseEnvelope('{"event_id":')).toEqual({
      ok: false,
      reasons: ['envelope: not valid JSON'],
    });
  });

  it('round-trips any plain payload (property)', async () => {
    const json = fc
      .jsonValue({ maxDepth: 4 })
      .filter((v) => !JSON.stringify(v).includes('__proto__'));
    const payload = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 6 });
    const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

    await fc.assert(
      fc.asyncProperty(payload, fc.option(fc.nat(), { nil: undefined }), async (body, seq) => {
        fc.pre(!Object.keys(body).some((key) => forbidden.has(key)));
        fc.pre(!JSON.stringify(body).match(/"(constructor|prototype)":/));
        const made = await envelope({ payload: body, seq });
        expect(parseEnvelope(serializeEnvelope(made))).toEqual({ ok: true, envelope: made });
      }),
      { numRuns: 100 },
    );
  });
});
