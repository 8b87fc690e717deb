import { FixedClock } from '../../src/time/clock';
import { ManualTimers } from '../../src/events/timers';
import type { CalendarContext } from '../../src/events/ingress';
import { type EnvelopeDraft, type Envelope, createEnvelope } from '../../src/events/envelope';

/** 2024-05-01T09:30:00Z, the "now" of every test that does not say otherwise. */
export const NOW = Date.UTC(2024, 4, 1, 9, 30, 0);

export function pinnedTime(ms = NOW): { clock: FixedClock; timers: ManualTimers } {
  const clock = new FixedClock(ms);
  return { clock, timers: new ManualTimers(clock) };
}

/** A valid Kira id for the n-th test task. */
export function taskId(n = 1): string {
  return `task-20240501-0930-task-${n}`;
}

export function vaultInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: 'modify',
    id: taskId(),
    path: 'Tasks/Write report.md',
    frontmatter_hash: 'a1b2c3d4e5f60718',
    event_ts: '2024-05-01T09:30:00Z',
    seq: 1,
    ...overrides,
  };
}

export function calendarResource(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'calendar#event',
    id: 'evt123',
    etag: '"3181161784712000"',
    status: 'confirmed',
    summary: 'Planning',
    updated: '2024-05-01T08:00:00.512Z',
    start: { dateTime: '2024-05-02T10:00:00+02:00' },
    end: { dateTime: '2024-05-02T11:00:00+02:00' },
    ...overrides,
  };
}

export function commandInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    command: 'set-status',
    invocation_id: 'inv-1',
    entity_id: taskId(),
    args: { status: 'doing' },
    ...overrides,
  };
}

export function scriptInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    script: 'Kira/scripts/weekly.js',
    call_id: 'call-1',
    action: 'entity.update',
    entity_id: taskId(),
    args: { priority: 'high' },
    ...overrides,
  };
}

/** An envelope made straight from a draft, failing the test if the draft is refused. */
export async function envelope(overrides: Partial<EnvelopeDraft> = {}): Promise<Envelope> {
  const result = await createEnvelope({
    source: 'vault',
    type: 'vault.modify',
    external_id: 'x-1',
    event_ts: '2024-05-01T09:30:00Z',
    payload: { action: 'modify', id: taskId(), path: 'Tasks/a.md', frontmatter_hash: 'hash0001' },
    correlation_id: taskId(),
    ...overrides,
  });
  if (!result.ok) throw new Error(`test envelope refused: ${result.reasons.join('; ')}`);
  return result.envelope;
}

export type { CalendarContext };
