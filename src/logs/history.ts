import { formatInstant } from '../time/instant';
import { type LogAdapter, dayOfLogFile, listDayFiles } from './adapter';
import { type LogLine, parseLogLine } from './log-line';

/**
 * One note's story: every log line whose `correlation_id` (or `entity_id`) is `correlationId`,
 * oldest first: day files in date order, lines in the order they were written. A broken or
 * foreign line is skipped, never fatal; so is a day file that cannot be read.
 */
export async function readHistory(
  adapter: LogAdapter,
  folder: string,
  correlationId: string,
): Promise<LogLine[]> {
  const history: LogLine[] = [];
  for (const path of await listDayFiles(adapter, folder)) {
    const text = await readOrEmpty(adapter, path);
    for (const raw of text.split('\n')) {
      // Cheap test first: most lines are about other notes.
      if (raw === '' || !raw.includes(correlationId)) continue;
      const line = parseLogLine(raw);
      if (line && (line.correlation_id === correlationId || line.entity_id === correlationId)) {
        history.push(line);
      }
    }
  }
  return history;
}

/** A history line as plain text: `2024-05-01 09:30:00Z  WARN  ingress/validation_failed  message`. */
export function formatHistoryLine(line: LogLine): string {
  const when = line.ts.replace('T', ' ');
  const where = `${line.module}/${line.event}`;
  const about = line.source ? ` [${line.source}]` : '';
  return `${when}  ${line.level.toUpperCase().padEnd(5)}  ${where}${about}  ${line.message}`;
}

/**
 * Removes the day files more than `keepDays` UTC days older than the day of `nowMs` and
 * returns how many were removed; with `keepDays` 0 only today's file stays. For the
 * maintenance job.
 *
 * @throws RangeError when `nowMs` is not a time.
 */
export async function pruneLogs(
  adapter: LogAdapter,
  folder: string,
  nowMs: number,
  keepDays: number,
): Promise<number> {
  const oldestKept = formatInstant(nowMs - keepDays * 86_400_000).slice(0, 10);

  let removed = 0;
  for (const path of await listDayFiles(adapter, folder)) {
    const day = dayOfLogFile(path);
    if (day === null || day >= oldestKept) continue;
    await adapter.remove(path);
    removed += 1;
  }
  return removed;
}

async function readOrEmpty(adapter: LogAdapter, path: string): Promise<string> {
  try {
    return await adapter.read(path);
  } catch {
    return '';
  }
}
