import fc from 'fast-check';

import { type Rejection, Ingress } from '../../src/events/ingress';
import { LogHub, MemoryLogSink } from '../../src/logs/logger';
import {
  NOW,
  calendarResource,
  commandInput,
  pinnedTime,
  scriptInput,
  taskId,
  vaultInput,
} from './builders';

function makeIngress() {
  const { clock } = pinnedTime();
  const sink = new MemoryLogSink();
  const rejections: Rejection[] = [];
  const logs = new LogHub(clock, sink, { default: 'debug', modules: {} });
  const ingress = new Ingress({
    clock,
    logger: logs.logger('ingress'),
    onRejected: (rejection) => rejections.push(rejection),
  });
  return { ingress, sink, rejections };
}

async function accepted(promise: ReturnType<Ingress['vault']>) {
  const result = await promise;
  if (!result.ok) throw new Error(`refused: ${result.reasons.join('; ')}`);
  return result.envelope;
}

async function refused(promise: ReturnType<Ingress['vault']>): Promise<string> {
  const result = await promise;
  if (result.ok) throw new Error('expected a refusal');
  return result.reasons.join('\n');
}

describe('vault ingress', () => {
  it.each(['create', 'modify', 'delete'])('accepts a %s with path, id and hash', async (action) => {
    const { ingress } = makeIngress();
    const made = await accepted(ingress.vault(vaultInput({ action })));

    expect(made).toMatchObject({
      source: 'vault',
      type: `vault.${action}`,
      event_ts: '2024-05-01T09:30:00Z',
      seq: 1,
      correlation_id: taskId(),
      payload: {
        action,
        id: taskId(),
        path: 'Tasks/Write report.md',
        frontmatter_hash: 'a1b2c3d4e5f60718',
      },
    });
  });

  it('accepts a rename with its old path', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.vault(vaultInput({ action: 'rename', old_path: 'Inbox/Write report.md' })),
    );
    expect(made.payload).toMatchObject({
      old_path: 'Inbox/Write report.md',
      path: 'Tasks/Write report.md',
    });
  });

  it('accepts a delete without a hash and stamps an absent time with now', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.vault(
        vaultInput({ action: 'delete', frontmatter_hash: undefined, event_ts: undefined }),
      ),
    );
    expect(made.payload).not.toHaveProperty('frontmatter_hash');
    expect(made.event_ts).toBe('2024-05-01T09:30:00Z');
  });

  it('takes epoch milliseconds as the event time', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(ingress.vault(vaultInput({ event_ts: NOW + 61_500 })));
    expect(made.event_ts).toBe('2024-05-01T09:31:01Z');
  });

  it('drops fields the vault event does not define, such as delivery timing', async () => {
    const { ingress } = makeIngress();
    const plain = await accepted(ingress.vault(vaultInput()));
    const retried = await accepted(ingress.vault(vaultInput({ received_at: NOW, retry_count: 2 })));
    expect(retried.payload).not.toHaveProperty('received_at');
    expect(retried.event_id).toBe(plain.event_id);
  });

  it('gives the same report twice the same id, and a new seq a new id', async () => {
    const { ingress } = makeIngress();
    const first = await accepted(ingress.vault(vaultInput()));
    const again = await accepted(ingress.vault(vaultInput()));
    const next = await accepted(ingress.vault(vaultInput({ seq: 2 })));
    expect(again.event_id).toBe(first.event_id);
    expect(next.event_id).not.toBe(first.event_id);
  });

  it.each([
    [{ action: 'touch' }, /action: expected one of create, modify, delete, rename, got "touch"/],
    [{ id: undefined }, /id: is missing/],
    [{ id: 'not an id' }, /id: "not an id" is not a Kira id/],
    [{ id: 42 }, /id: 42 is not a Kira id/],
    [{ path: '/abs/note.md' }, /path: "\/abs\/note.md" is not a vault-relative path/],
    [{ path: 'a/../b.md' }, /is not a vault-relative path/],
    [{ path: 'Tasks/picture.png' }, /is not a Markdown note/],
    [{ frontmatter_hash: undefined }, /frontmatter_hash: is missing/],
    [{ frontmatter_hash: 'short' }, /frontmatter_hash: expected a hash token/],
    [{ action: 'rename' }, /old_path: is missing/],
    [{ old_path: 'Inbox/a.md' }, /old_path: only a rename has an old path/],
    [{ event_ts: '2024-05-01T11:30:00+02:00' }, /event_ts: expected a UTC time/],
    [{ event_ts: '2024-05-01 09:30' }, /event_ts: expected a UTC time/],
    [{ event_ts: Number.POSITIVE_INFINITY }, /not a finite number/],
    [{ seq: -3 }, /seq: expected a whole number ≥ 0, got -3/],
    [{ seq: '1' }, /seq: expected a whole number/],
  ])('refuses %p', async (overrides, reason) => {
    const { ingress } = makeIngress();
    expect(await refused(ingress.vault(vaultInput(overrides)))).toMatch(reason);
  });

  it('lists every problem of one input, not only the first', async () => {
    const { ingress } = makeIngress();
    const text = await refused(ingress.vault({ action: 'modify', path: 7 }));
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'id: is missing',
        'path: expected a text, got a number',
        'frontmatter_hash: is missing',
      ]),
    );
  });
});

describe('calendar ingress', () => {
  it('normalizes a timed event to UTC instants and keeps what Kira needs', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.calendar(
        calendarResource({
          location: 'Room 4',
          attendees: [
            { email: 'Bob@Example.com' },
            { email: 'ann@example.com' },
            { email: 'bob@example.com' },
          ],
          recurringEventId: 'series9',
          description: 'not kept',
        }),
      ),
    );

    expect(made.type).toBe('calendar.upsert');
    expect(made.event_ts).toBe('2024-05-01T08:00:00Z');
    expect(made.correlation_id).toBe('calendar:evt123');
    expect(made.payload).toEqual({
      id: 'evt123',
      status: 'confirmed',
      etag: '"3181161784712000"',
      updated: '2024-05-01T08:00:00Z',
      title: 'Planning',
      start: '2024-05-02T08:00:00Z',
      end: '2024-05-02T09:00:00Z',
      all_day: false,
      location: 'Room 4',
      attendees: ['ann@example.com', 'bob@example.com'],
      recurring_event_id: 'series9',
    });
  });

  it('reads a dateTime without offset in its timeZone, across a DST change', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.calendar(
        calendarResource({
          start: { dateTime: '2024-03-30T12:00:00', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2024-03-31T12:00:00', timeZone: 'Europe/Berlin' },
        }),
      ),
    );
    expect(made.payload).toMatchObject({
      start: '2024-03-30T11:00:00Z',
      end: '2024-03-31T10:00:00Z',
    });
  });

  it('keeps all-day dates as dates', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.calendar(
        calendarResource({ start: { date: '2024-05-02' }, end: { date: '2024-05-03' } }),
      ),
    );
    expect(made.payload).toMatchObject({ start: '2024-05-02', end: '2024-05-03', all_day: true });
  });

  it('accepts a cancelled event that carries only its id', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(ingress.calendar({ id: 'evt123', status: 'cancelled' }));
    expect(made.type).toBe('calendar.cancel');
    expect(made.payload).toEqual({ id: 'evt123', status: 'cancelled' });
    expect(made.event_ts).toBe('2024-05-01T09:30:00Z');
  });

  it('uses the linked entity as correlation id and the calendar in the external id', async () => {
    const { ingress } = makeIngress();
    const work = await accepted(
      ingress.calendar(calendarResource(), { calendarId: 'work', entityId: taskId(7) }),
    );
    const home = await accepted(ingress.calendar(calendarResource(), { calendarId: 'home' }));
    expect(work.correlation_id).toBe(taskId(7));
    expect(work.payload.calendar_id).toBe('work');
    expect(work.event_id).not.toBe(home.event_id);
  });

  it('gives a re-pulled, unchanged resource the same id and a new etag a new one', async () => {
    const { ingress } = makeIngress();
    const first = await accepted(ingress.calendar(calendarResource()));
    const again = await accepted(ingress.calendar(calendarResource({ kind: 'calendar#event' })));
    const edited = await accepted(
      ingress.calendar(calendarResource({ etag: '"2"', summary: 'Moved' })),
    );
    expect(again.event_id).toBe(first.event_id);
    expect(edited.event_id).not.toBe(first.event_id);
  });

  it.each([
    [{ id: undefined }, /id: is missing/],
    [{ status: 'maybe' }, /status: expected one of confirmed, tentative, cancelled/],
    [{ etag: undefined }, /etag: is missing/],
    [{ updated: '2024-05-01T08:00:00' }, /updated: .* is not a time with a zone/],
    [{ start: undefined }, /start: is missing/],
    [{ start: '2024-05-02' }, /start: expected an object, got a string/],
    [
      { start: { dateTime: '2024-05-02T10:00:00' } },
      /start.dateTime: .* has no offset and no timeZone/,
    ],
    [
      { start: { dateTime: '2024-05-02T10:00:00', timeZone: 'Mars/Base' } },
      /not a known time zone/,
    ],
    [{ start: { date: '2024-02-30' } }, /start.date: "2024-02-30" is not a date/],
    [
      { start: { date: '2024-05-02', dateTime: '2024-05-02T10:00:00Z' } },
      /exactly one of date and dateTime/,
    ],
    [{ end: { date: '2024-05-03' } }, /end: mixes an all-day date with a time/],
    [{ end: { dateTime: '2024-05-02T09:59:00+02:00' } }, /end: .* is before the start/],
    [{ summary: 12 }, /summary: expected a text, got a number/],
    [{ attendees: 'bob@example.com' }, /attendees: expected a list/],
    [
      { attendees: [{ email: 'not-an-email' }] },
      /attendees\[0\].email: "not-an-email" is not an email/,
    ],
    [{ attendees: ['bob@example.com'] }, /attendees\[0\]: expected an object, got a string/],
  ])('refuses %p', async (overrides, reason) => {
    const { ingress } = makeIngress();
    expect(await refused(ingress.calendar(calendarResource(overrides)))).toMatch(reason);
  });
});

describe('command and script ingress', () => {
  it('wraps a command in a command.invoke event correlated with its entity', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(ingress.command(commandInput()));
    expect(made).toMatchObject({
      type: 'command.invoke',
      correlation_id: taskId(),
      payload: { command: 'set-status', entity_id: taskId(), args: { status: 'doing' } },
    });
  });

  it('correlates a command on no entity by its invocation', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(
      ingress.command(commandInput({ entity_id: undefined, args: undefined })),
    );
    expect(made.correlation_id).toBe('command:inv-1');
    expect(made.payload.args).toEqual({});
  });

  it('refuses a command with a bad name, no invocation id or args that are not a map', async () => {
    const { ingress } = makeIngress();
    const text = await refused(
      ingress.command({ command: 'Set Status', args: [1], entity_id: 'nope' }),
    );
    expect(text).toMatch(/command: expected a kebab-case command name/);
    expect(text).toMatch(/invocation_id: is missing/);
    expect(text).toMatch(/entity_id: "nope" is not a Kira id/);
    expect(text).toMatch(/args: expected an object, got a list/);
  });

  it('wraps a script call in a script.call event', async () => {
    const { ingress } = makeIngress();
    const made = await accepted(ingress.script(scriptInput()));
    expect(made).toMatchObject({
      type: 'script.call',
      correlation_id: taskId(),
      payload: { script: 'Kira/scripts/weekly.js', action: 'entity.update' },
    });
  });

  it('refuses a script call without script, call id or a well-formed action', async () => {
    const { ingress } = makeIngress();
    const text = await refused(ingress.script({ action: 'Update!' }));
    expect(text).toMatch(/script: is missing/);
    expect(text).toMatch(/call_id: is missing/);
    expect(text).toMatch(/action: expected a dotted lowercase name/);
  });
});

describe('what ingress does with bad input', () => {
  it('counts accepted and rejected inputs per source', async () => {
    const { ingress } = makeIngress();
    await ingress.vault(vaultInput());
    await ingress.vault({});
    await ingress.vault(null);
    await ingress.calendar(calendarResource());
    await ingress.script({});

    expect(ingress.counts()).toEqual({
      vault: { accepted: 1, rejected: 2 },
      calendar: { accepted: 1, rejected: 0 },
      command: { accepted: 0, rejected: 0 },
      script: { accepted: 0, rejected: 1 },
    });
  });

  it('logs a refusal with its reasons and hands the whole input to the quarantine', async () => {
    const { ingress, sink, rejections } = makeIngress();
    const input = vaultInput({ id: 'bad' });
    await ingress.vault(input);

    const line = sink.lines.find((l) => l.event === 'validation_failed');
    expect(line).toMatchObject({ level: 'warn', module: 'ingress', source: 'vault' });
    expect(line?.meta?.reasons).toEqual(['id: "bad" is not a Kira id']);
    expect(rejections).toEqual([
      { source: 'vault', input, reasons: ['id: "bad" is not a Kira id'], at: NOW },
    ]);
  });

  it("files a refusal under the note it names, so it shows in the note's history", async () => {
    const { ingress, sink } = makeIngress();
    await ingress.vault(vaultInput({ path: 'Tasks/picture.png' }));
    expect(sink.lines[0]).toMatchObject({ event: 'validation_failed', correlation_id: taskId() });
  });

  it('logs an accepted event at debug only', async () => {
    const { clock } = pinnedTime();
    const sink = new MemoryLogSink();
    const ingress = new Ingress({ clock, logger: new LogHub(clock, sink).logger('ingress') });
    await ingress.vault(vaultInput());
    expect(sink.lines).toEqual([]);
  });

  it('refuses a one-megabyte payload, a cycle and prototype keys from every source', async () => {
    const { ingress } = makeIngress();
    const huge = vaultInput({ padding: 'x'.repeat(1024 * 1024) });
    const cyclic: Record<string, unknown> = calendarResource();
    cyclic.self = cyclic;
    const polluting = JSON.parse('{"command":"x","invocation_id":"i","__proto__":{"hacked":1}}');

    expect(await refused(ingress.vault(huge))).toMatch(/over the limit of 256 KB/);
    expect(await refused(ingress.calendar(cyclic))).toMatch(/refers back to itself/);
    expect(await refused(ingress.command(polluting))).toMatch(/the key "__proto__" is not allowed/);
    expect(Object.prototype).not.toHaveProperty('hacked');
  });

  it('survives a quarantine that throws', async () => {
    const { clock } = pinnedTime();
    const ingress = new Ingress({
      clock,
      onRejected: () => {
        throw new Error('disk full');
      },
    });
    await expect(ingress.vault({})).resolves.toMatchObject({ ok: false });
  });

  it('never throws, whatever it is given (property)', async () => {
    const { ingress } = makeIngress();
    const sources = ['vault', 'calendar', 'command', 'script'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sources), fc.anything(), async (source, input) => {
        const result = await ingress[source](input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
