import { setTimeout as delay } from 'node:timers/promises';

import type { Frontmatter } from '../../src/entities/model';
import { editNote, parseNote, serializeCanonical } from '../../src/frontmatter';
import { MemoryNoteWriter, type MemoryNoteWriterOptions } from '../../src/queue/note-writer';
import { type Revision, WriteQueue, type WriteQueueOptions } from '../../src/queue/write-queue';
import { FixedClock } from '../../src/time/clock';
import { EntityIndex } from '../../src/vault/entity-index';
import { aTask } from '../entities/builders';

/** 2024-03-01T12:00:00Z: "now" for every queue test. */
export const NOW = Date.UTC(2024, 2, 1, 12, 0);
export const ZONE = 'Europe/Brussels';

/** The text of a valid task note titled `title`, with `fields` over it. */
export function taskNote(title: string, fields: Frontmatter = {}, body = 'Notes.\n'): string {
  return serializeCanonical(aTask(fields, title), body);
}

/** The frontmatter of a note's text; throws when it cannot be read. */
export function frontmatterOf(text: string): Frontmatter {
  const parsed = parseNote(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.note.frontmatter ?? {};
}

export function bodyOf(text: string): string {
  const parsed = parseNote(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.note.body;
}

/** A vault of `count` valid task notes at `Tasks/Task <n>.md`, indexed by id. */
export function aVault(count: number, options: MemoryNoteWriterOptions = {}) {
  const writer = new MemoryNoteWriter(options);
  const index = new EntityIndex();
  const ids: string[] = [];

  for (let n = 0; n < count; n += 1) {
    const text = taskNote(`Task ${n}`);
    const id = frontmatterOf(text).id as string;
    const path = `Tasks/Task ${n}.md`;
    writer.notes.set(path, text);
    index.upsert({ id, kind: 'task', path });
    ids.push(id);
  }
  return { writer, index, ids };
}

export function aQueue(
  vault: { writer: MemoryNoteWriter; index: EntityIndex },
  options: Partial<WriteQueueOptions> = {},
) {
  const clock = options.clock instanceof FixedClock ? options.clock : new FixedClock(NOW);
  return new WriteQueue({
    writer: vault.writer,
    locator: vault.index,
    clock,
    zone: () => ZONE,
    ...options,
  });
}

/** An edit that sets frontmatter keys, leaving the rest of the note alone. */
export function setting(changes: Frontmatter): (text: string) => Revision {
  return (text) => ({ text: editNote(text, changes), kind: 'task' });
}

/** An edit that appends `mark` to the note's `x-log` list. */
export function appending(mark: number): (text: string) => Revision {
  return (text) => {
    const log = (frontmatterOf(text)['x-log'] as number[] | undefined) ?? [];
    return { text: editNote(text, { 'x-log': [...log, mark] }), kind: 'task' };
  };
}

/** An edit that adds one to the note's `x-count`. */
export function incrementing(text: string): Revision {
  const count = (frontmatterOf(text)['x-count'] as number | undefined) ?? 0;
  return { text: editNote(text, { 'x-count': count + 1 }), kind: 'task' };
}

export function sleep(ms: number): Promise<void> {
  return delay(ms);
}

/** A pause of 0 to `maxMs` milliseconds, drawn from a seeded generator so runs repeat. */
export function randomPauses(seed: number, maxMs: number): () => Promise<void> {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return sleep(state % (maxMs + 1));
  };
}
