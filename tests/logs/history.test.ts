import { formatHistoryLine, pruneLogs, readHistory } from '../../src/logs/history';
import type { LogLine } from '../../src/logs/log-line';
import { NOW } from '../events/builders';
import { MemoryAdapter } from './memory-adapter';

const NOTE = 'task-20240501-0930-write-report';

function line(ts: string, message: string, overrides: Partial<LogLine> = {}): string {
  return JSON.stringify({
    ts,
    level: 'info',
    module: 'sync',
    event: 'upsert',
    message,
    correlation_id: NOTE,
    ...overrides,
  });
}

function adapterWith(files: Record<string, string[]>): MemoryAdapter {
  const adapter = new MemoryAdapter();
  adapter.folders.add('.kira').add('.kira/logs');
  for (const [name, lines] of Object.entries(files))
    adapter.files.set(`.kira/logs/${name}`, `${lines.join('\n')}\n`);
  return adapter;
}

describe("reading a note's history", () => {
  it('returns its lines in order across day files', async () => {
    const adapter = adapterWith({
      '2024-05-02.jsonl': [line('2024-05-02T08:00:00Z', 'third')],
      '2024-04-30.jsonl': [
        line('2024-04-30T10:00:00Z', 'first'),
        line('2024-04-30T11:00:00Z', 'second'),
      ],
    });
    const history = await readHistory(adapter, '.kira/logs', NOTE);
    expect(history.map((l) => l.message)).toEqual(['first', 'second', 'third']);
  });

  it('keeps lines about the note by entity id, and leaves other notes out', async () => {
    const adapter = adapterWith({
      '2024-05-01.jsonl': [
        line('2024-05-01T08:00:00Z', 'by correlation'),
        line('2024-05-01T08:01:00Z', 'by entity', {
          correlation_id: 'calendar:evt1',
          entity_id: NOTE,
        }),
        line('2024-05-01T08:02:00Z', 'other note', { correlation_id: `${NOTE}-2` }),
        line('2024-05-01T08:03:00Z', 'mentions it only', {
          correlation_id: 'x',
          meta: { about: NOTE },
        }),
      ],
    });
    const history = await readHistory(adapter, '.kira/logs', NOTE);
    expect(history.map((l) => l.message)).toEqual(['by correlation', 'by entity']);
  });

  it('skips broken and foreign lines and files that are not day files', async () => {
    const adapter = adapterWith({
      '2024-05-01.jsonl': [
        line('2024-05-01T08:00:00Z', 'before'),
        `{"ts":"2024-05-01T08:01:00Z","message":"cut off ${NOTE}`,
        JSON.stringify({
          ts: 1,
          level: 'info',
          module: 'm',
          event: 'e',
          message: NOTE,
          correlation_id: NOTE,
        }),
        line('2024-05-01T08:02:00Z', 'after'),
      ],
      'notes.jsonl': [line('2024-05-01T08:00:00Z', 'not a day file')],
    });
    const history = await readHistory(adapter, '.kira/logs', NOTE);
    expect(history.map((l) => l.message)).toEqual(['before', 'after']);
  });

  it('finds nothing in a folder that does not exist', async () => {
    await expect(readHistory(new MemoryAdapter(), '.kira/logs', NOTE)).resolves.toEqual([]);
  });

  it('formats a line as plain text', () => {
    const text = formatHistoryLine(
      JSON.parse(line('2024-05-01T08:00:00Z', 'Pulled from calendar', { source: 'calendar' })),
    );
    expect(text).toBe('2024-05-01 08:00:00Z  INFO   sync/upsert [calendar]  Pulled from calendar');
  });
});

describe('pruning old logs', () => {
  it('removes day files older than the retention and keeps the rest', async () => {
    const adapter = adapterWith({
      '2024-04-20.jsonl': ['x'],
      '2024-04-21.jsonl': ['x'],
      '2024-05-01.jsonl': ['x'],
      'README.jsonl': ['x'],
    });
    expect(await pruneLogs(adapter, '.kira/logs', NOW, 10)).toBe(1);
    expect([...adapter.files.keys()].sort()).toEqual([
      '.kira/logs/2024-04-21.jsonl',
      '.kira/logs/2024-05-01.jsonl',
      '.kira/logs/README.jsonl',
    ]);
  });
});
