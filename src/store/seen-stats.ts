import type { SeenCounts, SeenEvent, SeenStats } from './types';

/** Dedupe statistics over some seen-event records. */
export function summarizeSeen(records: Iterable<SeenEvent>): SeenStats {
  let unique = 0;
  let duplicates = 0;
  // A Map, not an object: a source name never reaches a prototype.
  const bySource = new Map<string, SeenCounts>();

  for (const record of records) {
    const extra = Math.max(0, record.count - 1);
    unique += 1;
    duplicates += extra;

    const counts = bySource.get(record.source) ?? { unique: 0, duplicates: 0 };
    counts.unique += 1;
    counts.duplicates += extra;
    bySource.set(record.source, counts);
  }
  return { unique, duplicates, bySource: Object.fromEntries(bySource) };
}
