/**
 * The single writer's costs, each beside a baseline measured in the same process:
 *
 * - throughput: validated writes per second through the write queue (parse, validate, runaway
 *   guard, own-write ledger, and the echo recognized as the vault reports it), over an
 *   in-memory NoteWriter, beside the same edits as raw `writer.process` calls;
 * - memory per 10,000 entities: the EntityIndex and an own-write ledger holding one pending
 *   write per note, beside a plain Map of the same 10,000 ids to their paths.
 */
import { runInThisContext } from 'node:vm';

import { serializeCanonical, editNote, parseNote } from '../src/frontmatter';
import { newEntity } from '../src/entities/new-entity';
import { MemoryNoteWriter } from '../src/queue/note-writer';
import { OwnWriteLedger } from '../src/queue/own-writes';
import { WriteQueue } from '../src/queue/write-queue';
import { FixedClock, systemClock } from '../src/time/clock';
import { EntityIndex } from '../src/vault/entity-index';
import { type Measurement, compare, figure, measure } from './harness';

const ENTITIES = 100;
const WRITES_PER_CALL = 400;
const MEMORY_ENTITIES = 10_000;
const CREATED = Date.UTC(2024, 2, 1, 9, 30);

function taskText(n: number): string {
  const clock = new FixedClock(CREATED);
  const task = newEntity('task', `Prepare the quarterly review ${n}`, clock, {
    isTaken: () => false,
    fields: { tags: ['work', 'reports'], estimate: '1h30m', due: '2024-03-15' },
  });
  return serializeCanonical(task, `## Notes\n\nTask ${n}: gather the figures, draft, review.\n`);
}

/** Adds one to the note's `x-count`: a small edit of one line, as most of Kira's writes are. */
function bump(text: string): string {
  const parsed = parseNote(text);
  const count = parsed.ok ? ((parsed.note.frontmatter?.['x-count'] as number | undefined) ?? 0) : 0;
  return editNote(text, { 'x-count': count + 1 });
}

function aVault(): { writer: MemoryNoteWriter; index: EntityIndex; ids: string[] } {
  const writer = new MemoryNoteWriter();
  const index = new EntityIndex();
  const ids: string[] = [];
  for (let n = 0; n < ENTITIES; n += 1) {
    const text = taskText(n);
    const parsed = parseNote(text);
    const id = parsed.ok ? String(parsed.note.frontmatter?.id) : `missing-${n}`;
    writer.notes.set(`Tasks/${n}.md`, text);
    index.upsert({ id, kind: 'task', path: `Tasks/${n}.md` });
    ids.push(id);
  }
  return { writer, index, ids };
}

async function queueThroughput(): Promise<Measurement> {
  const { writer, index, ids } = aVault();
  const queue = new WriteQueue({
    writer,
    locator: index,
    clock: systemClock,
    zone: () => 'Europe/Brussels',
    // The bench writes each note thousands of times a second on purpose.
    runaway: { maxWrites: Number.MAX_SAFE_INTEGER },
  });
  writer.onChange((change) => queue.ledger.isOwnWrite(change.path, change.text));

  let next = 0;
  const batch = async (): Promise<void> => {
    const writes: Array<Promise<unknown>> = [];
    for (let n = 0; n < WRITES_PER_CALL; n += 1) {
      const entityId = ids[(next += 1) % ids.length]!;
      writes.push(
        queue.edit({
          target: { entityId },
          edit: (text) => ({ text: bump(text), kind: 'task' }),
          source: 'bench',
        }),
      );
    }
    await Promise.all(writes);
  };
  return measure('write queue (validated writes)', batch, { opsPerCall: WRITES_PER_CALL });
}

async function rawThroughput(): Promise<Measurement> {
  const { writer } = aVault();
  let next = 0;
  const batch = async (): Promise<void> => {
    const writes: Array<Promise<unknown>> = [];
    for (let n = 0; n < WRITES_PER_CALL; n += 1) {
      writes.push(writer.process(`Tasks/${(next += 1) % ENTITIES}.md`, bump));
    }
    await Promise.all(writes);
  };
  return measure('raw writer.process, same edit', batch, { opsPerCall: WRITES_PER_CALL });
}

// ---- memory ----

function heapUsed(): number {
  // Under --expose-gc, Node defines a global `gc`; read it by name from the script scope.
  const gc = runInThisContext('typeof gc === "function" ? gc : undefined') as
    (() => void) | undefined;
  if (!gc) throw new Error('Run with --expose-gc (npm run bench does).');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes per entity that `build` keeps alive, measured with a forced collection on each side. */
function bytesPerEntity(build: () => unknown): number {
  const before = heapUsed();
  const kept = build();
  const after = heapUsed();
  if (kept === null) throw new Error('unreachable: keeps `kept` alive until after the measure');
  return (after - before) / MEMORY_ENTITIES;
}

function idOf(n: number): string {
  return `task-20240301-0930-prepare-the-quarterly-review-${n}`;
}

function pathOf(n: number): string {
  return `Tasks/2024/Prepare the quarterly review ${n}.md`;
}

function anIndex(): EntityIndex {
  const index = new EntityIndex();
  for (let n = 0; n < MEMORY_ENTITIES; n += 1) {
    index.upsert({ id: idOf(n), kind: 'task', path: pathOf(n) });
  }
  return index;
}

/** One write awaiting its echo per note: the ledger's worst case, right after a bulk write. */
function aFullLedger(): OwnWriteLedger {
  const ledger = new OwnWriteLedger(new FixedClock(CREATED));
  const sample = taskText(0);
  for (let n = 0; n < MEMORY_ENTITIES; n += 1) ledger.record(pathOf(n), `${sample}${n}`);
  return ledger;
}

function indexAndLedger(): unknown {
  return [anIndex(), aFullLedger()];
}

function plainMap(): unknown {
  const map = new Map<string, string>();
  for (let n = 0; n < MEMORY_ENTITIES; n += 1) map.set(idOf(n), pathOf(n));
  return map;
}

function asMeasurement(name: string, value: number): Measurement {
  return { name, opsPerSecond: value, iterations: MEMORY_ENTITIES, elapsedMs: 0 };
}

async function main(): Promise<void> {
  const raw = await rawThroughput();
  const queued = await queueThroughput();
  compare(queued, raw, 'writes/s');
  figure('write queue throughput', queued.opsPerSecond, 'writes/s', '≥ 2,000/s');

  const baseline = bytesPerEntity(plainMap);
  const subject = bytesPerEntity(indexAndLedger);
  compare(
    asMeasurement('EntityIndex + own-write ledger', subject),
    asMeasurement('Map id → path', baseline),
    'B/entity',
  );
  const baselineName = 'Map id → path';
  compare(
    asMeasurement('  of which EntityIndex', bytesPerEntity(anIndex)),
    asMeasurement(baselineName, baseline),
    'B/entity',
  );
  compare(
    asMeasurement('  of which own-write ledger', bytesPerEntity(aFullLedger)),
    asMeasurement(baselineName, baseline),
    'B/entity',
  );
  figure(
    `heap for ${MEMORY_ENTITIES.toLocaleString('en-US')} entities`,
    (subject * MEMORY_ENTITIES) / 1024 / 1024,
    'MB',
  );
}

void main();
