import { newEntity } from '../../src/entities/new-entity';
import { CANONICAL_KEY_ORDER } from '../../src/entities/model';
import { validateEntity } from '../../src/entities/validate';
import { FixedClock } from '../../src/time/clock';

const NOW = Date.UTC(2024, 2, 1, 9, 30, 42);
const clock = new FixedClock(NOW);
const nothingTaken = (): boolean => false;
const zone = 'Europe/Brussels';

describe('newEntity', () => {
  it('makes a task that starts in To do, stamped now', () => {
    const task = newEntity('task', 'Write the report', clock, { isTaken: nothingTaken });

    expect(task).toEqual({
      id: 'task-20240301-0930-write-the-report',
      kind: 'task',
      title: 'Write the report',
      created: '2024-03-01T09:30:42Z',
      updated: '2024-03-01T09:30:42Z',
      tags: [],
      status: 'todo',
      priority: 'normal',
      entered_todo_at: '2024-03-01T09:30:42Z',
      transition_count: 0,
    });
  });

  it('makes valid entities of every kind', () => {
    for (const kind of ['task', 'note', 'event'] as const) {
      const entity = newEntity(kind, 'Something', clock, { isTaken: nothingTaken });
      expect(validateEntity(entity, kind, { zone, now: NOW })).toEqual([]);
    }
  });

  it('gives an event the hour from the current minute unless told otherwise', () => {
    const event = newEntity('event', 'Standup', clock, { isTaken: nothingTaken });
    expect(event).toMatchObject({ start: '2024-03-01T09:30:00Z', end: '2024-03-01T10:30:00Z' });

    const allDay = newEntity('event', 'Holiday', clock, {
      isTaken: nothingTaken,
      fields: { start: '2024-03-04', end: '2024-03-08' },
    });
    expect(allDay).toMatchObject({ start: '2024-03-04', end: '2024-03-08' });
  });

  it('uses an id it is given', () => {
    const note = newEntity('note', 'Ideas', clock, { id: 'note-20240101-0000-ideas-7' });
    expect(note.id).toBe('note-20240101-0000-ideas-7');
  });

  it('asks which ids are taken and takes the next free one', () => {
    const taken = new Set(['task-20240301-0930-ideas']);
    const task = newEntity('task', 'Ideas', clock, { isTaken: (id) => taken.has(id) });
    expect(task.id).toBe('task-20240301-0930-ideas-2');
  });

  it('trims the title', () => {
    const note = newEntity('note', '  Ideas  ', clock, { isTaken: nothingTaken });
    expect(note.title).toBe('Ideas');
  });

  it('takes extra fields, but not the ones Kira stamps itself', () => {
    const task = newEntity('task', 'Ship', clock, {
      isTaken: nothingTaken,
      fields: {
        priority: 'high',
        tags: ['work'],
        status: 'done',
        created: 'yesterday',
        mood: 'ok',
      },
    });
    expect(task).toMatchObject({
      priority: 'high',
      tags: ['work'],
      status: 'todo',
      created: '2024-03-01T09:30:42Z',
      mood: 'ok',
    });
  });

  it('writes known keys in canonical order and extra fields after them', () => {
    const task = newEntity('task', 'Ship', clock, {
      isTaken: nothingTaken,
      fields: { zebra: 1, due: '2024-03-10', apple: 2 },
    });
    const keys = Object.keys(task);
    const known = keys.filter((key) => CANONICAL_KEY_ORDER.includes(key));

    expect(known).toEqual(CANONICAL_KEY_ORDER.filter((key) => known.includes(key)));
    expect(keys.slice(-2)).toEqual(['zebra', 'apple']);
  });

  it('keeps a __proto__ field as a plain field, without touching the prototype', () => {
    const fields = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const note = newEntity('note', 'x', clock, { isTaken: nothingTaken, fields });

    expect(Object.getPrototypeOf(note)).toBe(Object.prototype);
    expect(Object.hasOwn(note, '__proto__')).toBe(true);
    expect((note as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
