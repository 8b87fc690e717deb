import { newEntity } from '../../src/entities/new-entity';
import type { Frontmatter } from '../../src/entities/model';
import { FixedClock } from '../../src/time/clock';

/** 2024-03-01T09:30:00Z: the moment every builder creates its entity at. */
export const CREATED_MS = Date.UTC(2024, 2, 1, 9, 30);

export const nothingTaken = (): boolean => false;

/** A valid fresh task, with `fields` written over it as they are (no checks). */
export function aTask(fields: Frontmatter = {}, title = 'Write the report'): Frontmatter {
  const task = newEntity('task', title, new FixedClock(CREATED_MS), { isTaken: nothingTaken });
  return { ...task, ...fields };
}

export function aNote(fields: Frontmatter = {}, title = 'Meeting notes'): Frontmatter {
  const note = newEntity('note', title, new FixedClock(CREATED_MS), { isTaken: nothingTaken });
  return { ...note, ...fields };
}

export function anEvent(fields: Frontmatter = {}, title = 'Planning'): Frontmatter {
  const event = newEntity('event', title, new FixedClock(CREATED_MS), { isTaken: nothingTaken });
  return { ...event, ...fields };
}

/** A copy of `record` without `key`. */
export function without(record: Frontmatter, ...keys: string[]): Frontmatter {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}
