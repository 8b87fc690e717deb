import fc from 'fast-check';

import type { Frontmatter, Kind } from '../../src/entities/model';
import { type ValidationIssue, isValid, validateEntity } from '../../src/entities/validate';
import { aNote, aTask, anEvent, without } from './builders';

const zone = 'Europe/Brussels';
const NOW = Date.UTC(2024, 2, 2);

function issuesOf(entity: Frontmatter, kind: Kind = 'task'): ValidationIssue[] {
  return validateEntity(entity, kind, { zone });
}

function codesOf(entity: Frontmatter, kind: Kind = 'task'): Record<string, string> {
  return Object.fromEntries(issuesOf(entity, kind).map((issue) => [issue.field, issue.code]));
}

describe('validateEntity', () => {
  describe('a fresh entity', () => {
    it('is valid for every kind', () => {
      expect(issuesOf(aTask())).toEqual([]);
      expect(issuesOf(aNote(), 'note')).toEqual([]);
      expect(issuesOf(anEvent(), 'event')).toEqual([]);
      expect(isValid(aTask(), 'task', { zone })).toBe(true);
    });

    it('may carry keys Kira does not know', () => {
      expect(issuesOf(aTask({ mood: ['happy'], 'my-field': { a: 1 } }))).toEqual([]);
    });
  });

  describe('all problems at once', () => {
    it('reports every broken field with its own code and a message', () => {
      const broken = aTask({
        id: 'nope',
        title: '',
        created: 'yesterday',
        tags: 'work, home',
        status: 'started',
        priority: 'very',
        estimate: 2,
      });
      const issues = issuesOf(without(broken, 'updated'));

      expect(codesOf(without(broken, 'updated'))).toEqual({
        id: 'invalid_id',
        title: 'empty',
        created: 'bad_time',
        updated: 'required',
        tags: 'not_a_list',
        status: 'unknown_value',
        priority: 'unknown_value',
        estimate: 'bad_estimate',
      });
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(10);
    });

    it('says so when the frontmatter is not a set of properties', () => {
      for (const value of [null, [], 'text', 42]) {
        expect(validateEntity(value as unknown as Frontmatter, 'note', { zone })).toEqual([
          expect.objectContaining({ field: '', code: 'not_an_object' }),
        ]);
      }
    });
  });

  describe('required fields', () => {
    it.each(['id', 'title', 'created', 'updated', 'tags'])('needs %s', (field) => {
      expect(codesOf(without(aNote(), field), 'note')).toEqual({ [field]: 'required' });
    });

    it('needs a task status', () => {
      expect(codesOf(without(aTask(), 'status'))).toEqual({ status: 'required' });
    });

    it('needs an event start and end', () => {
      expect(codesOf(without(anEvent(), 'start', 'end'), 'event')).toEqual({
        start: 'required',
        end: 'required',
      });
    });

    it('treats a field left empty in the property editor as missing', () => {
      expect(codesOf(aNote({ created: null, updated: '  ' }), 'note')).toEqual({
        created: 'required',
        updated: 'required',
      });
    });
  });

  describe('id and kind', () => {
    it('needs the id to start with the entity kind', () => {
      expect(codesOf(aNote({ id: 'task-20240301-0930-x' }), 'note')).toEqual({
        id: 'id_kind_mismatch',
      });
    });

    it('needs a kind field, when there is one, to be this kind', () => {
      expect(codesOf(aTask({ kind: 'note' }))).toEqual({ kind: 'kind_mismatch' });
      expect(codesOf(aTask({ kind: 'project' }))).toEqual({ kind: 'unknown_value' });
      expect(issuesOf(without(aTask(), 'kind'))).toEqual([]);
    });
  });

  describe('title', () => {
    it('may hold 200 characters, counting an emoji as one', () => {
      expect(issuesOf(aTask({ title: '🙂'.repeat(200) }))).toEqual([]);
    });

    it('may not hold more than 200', () => {
      expect(codesOf(aTask({ title: 'a'.repeat(201) }))).toEqual({ title: 'too_long' });
    });

    it('may not be blank or something other than text', () => {
      expect(codesOf(aTask({ title: '   ' }))).toEqual({ title: 'empty' });
      expect(codesOf(aTask({ title: 42 }))).toEqual({ title: 'wrong_type' });
    });
  });

  describe('tags', () => {
    it('tells the user to write a list when tags is a text', () => {
      const [issue] = issuesOf(aTask({ tags: 'work' }));
      expect(issue).toMatchObject({ field: 'tags', code: 'not_a_list' });
      expect(issue?.message).toMatch(/list/);
    });

    it('checks each tag', () => {
      expect(codesOf(aTask({ tags: ['ok', 3, '', 'two words'] }))).toEqual({
        'tags[1]': 'wrong_type',
        'tags[2]': 'empty',
        'tags[3]': 'bad_tag',
      });
    });

    it('refuses tags that are neither text nor a list', () => {
      expect(codesOf(aTask({ tags: { work: true } }))).toEqual({ tags: 'wrong_type' });
    });
  });

  describe('instants', () => {
    const fields = ['created', 'updated', 'start_ts', 'done_ts', 'last_transition_at'];
    const stamps = ['todo', 'doing', 'review', 'done', 'blocked'].map((s) => `entered_${s}_at`);

    it.each([...fields, ...stamps])('accepts %s in the storage format', (field) => {
      expect(issuesOf(aTask({ [field]: '2024-03-01T10:00:00Z' }))).toEqual([]);
    });

    it.each([...fields, ...stamps])(
      'says %s with an offset is not in UTC, and gives UTC',
      (field) => {
        const [issue] = issuesOf(aTask({ [field]: '2024-03-01T10:00:00+01:00' }));
        expect(issue).toMatchObject({ field, code: 'not_utc' });
        expect(issue?.message).toContain('2024-03-01T09:00:00Z');
      },
    );

    it('reads a time without a zone in the user zone to suggest the UTC value', () => {
      const [issue] = issuesOf(aTask({ created: '2024-07-01T10:00' }));
      expect(issue).toMatchObject({ field: 'created', code: 'not_utc' });
      expect(issue?.message).toContain('2024-07-01T08:00:00Z');
    });

    it('wants seconds and a final Z even when the time is UTC', () => {
      expect(codesOf(aTask({ created: '2024-03-01T09:00:00.000Z' }))).toEqual({
        created: 'not_storage_format',
      });
      expect(codesOf(aTask({ created: '2024-03-01T09:00:00+00:00' }))).toEqual({
        created: 'not_storage_format',
      });
    });

    it('refuses a date where a time is needed, and impossible dates', () => {
      expect(codesOf(aTask({ created: '2024-03-01' }))).toEqual({ created: 'bad_time' });
      expect(codesOf(aTask({ created: '2024-02-30T09:00:00Z' }))).toEqual({ created: 'bad_time' });
      expect(codesOf(aTask({ created: '2024-13-01T09:00:00Z' }))).toEqual({ created: 'bad_time' });
    });

    it('refuses numbers and date objects for times', () => {
      expect(codesOf(aTask({ created: 1709285400000, updated: new Date(NOW) }))).toEqual({
        created: 'wrong_type',
        updated: 'wrong_type',
      });
    });

    it('refuses stamps more than a day ahead of now, when now is given', () => {
      const task = aTask({ updated: '2024-03-05T00:00:00Z' });
      expect(validateEntity(task, 'task', { zone, now: NOW })).toEqual([
        expect.objectContaining({ field: 'updated', code: 'in_future' }),
      ]);
      expect(validateEntity(task, 'task', { zone })).toEqual([]);
    });
  });

  describe('status and priority', () => {
    it('needs a blocked task to say why', () => {
      expect(codesOf(aTask({ status: 'blocked' }))).toEqual({
        blocked_reason: 'needs_blocked_reason',
      });
      expect(codesOf(aTask({ status: 'blocked', blocked_reason: ' ' }))).toEqual({
        blocked_reason: 'needs_blocked_reason',
      });
      expect(issuesOf(aTask({ status: 'blocked', blocked_reason: 'waiting on legal' }))).toEqual(
        [],
      );
    });

    it('needs a done task to have done_ts', () => {
      expect(codesOf(aTask({ status: 'done' }))).toEqual({ done_ts: 'needs_done_ts' });
      expect(issuesOf(aTask({ status: 'done', done_ts: '2024-03-01T12:00:00Z' }))).toEqual([]);
    });

    it('accepts every known priority', () => {
      for (const priority of ['low', 'normal', 'high', 'urgent']) {
        expect(issuesOf(aTask({ priority }))).toEqual([]);
      }
    });

    it('lists the allowed statuses in its message', () => {
      const [issue] = issuesOf(aTask({ status: 'Done' }));
      expect(issue?.message).toContain('todo, doing, review, done, blocked');
    });
  });

  describe('estimates', () => {
    it.each(['2h', '30m', '1d', '1h30m'])('accepts %s', (estimate) => {
      expect(issuesOf(aTask({ estimate }))).toEqual([]);
    });

    it('tells the user a number needs a unit', () => {
      const [issue] = issuesOf(aTask({ estimate: 3 }));
      expect(issue).toMatchObject({ field: 'estimate', code: 'bad_estimate' });
      expect(issue?.message).toContain('3h');
    });

    it('checks the frozen estimate too', () => {
      expect(codesOf(aTask({ frozen_estimate: 'a while' }))).toEqual({
        frozen_estimate: 'bad_estimate',
      });
    });
  });

  describe('due', () => {
    it('accepts a date or a UTC instant', () => {
      expect(issuesOf(aTask({ due: '2024-03-10' }))).toEqual([]);
      expect(issuesOf(aTask({ due: '2024-03-10T17:00:00Z' }))).toEqual([]);
    });

    it('refuses dates before 1900 or after 2200', () => {
      expect(codesOf(aTask({ due: '1899-12-31' }))).toEqual({ due: 'out_of_range' });
      expect(codesOf(aTask({ due: '2201-01-01T00:00:00Z' }))).toEqual({ due: 'out_of_range' });
      expect(issuesOf(aTask({ due: '2200-12-31' }))).toEqual([]);
    });

    it('refuses text that is no date', () => {
      expect(codesOf(aTask({ due: 'next friday' }))).toEqual({ due: 'bad_time' });
    });
  });

  describe('links', () => {
    const other = 'task-20240301-0800-other';

    it('accepts a list of ids', () => {
      expect(issuesOf(aTask({ depends_on: [other, 'event-20240301-0800-kickoff'] }))).toEqual([]);
    });

    it('checks every entry', () => {
      const task = aTask();
      expect(codesOf({ ...task, depends_on: [other, 'Other task', task.id, other, 7] })).toEqual({
        'depends_on[1]': 'invalid_id',
        'depends_on[2]': 'self_link',
        'depends_on[3]': 'duplicate',
        'depends_on[4]': 'invalid_id',
      });
    });

    it('needs a list, not a single id', () => {
      expect(codesOf(aTask({ depends_on: other }))).toEqual({ depends_on: 'not_a_list' });
    });
  });

  describe('transition count', () => {
    it.each([[-1], [1.5], ['3'], [Number.NaN], [Infinity]])('refuses %p', (count) => {
      expect(codesOf(aTask({ transition_count: count }))).toEqual({
        transition_count: 'bad_number',
      });
    });
  });

  describe('events', () => {
    it('needs the end after the start', () => {
      const at = '2024-03-01T10:00:00Z';
      expect(codesOf(anEvent({ start: at, end: at }), 'event')).toEqual({
        end: 'end_before_start',
      });
      expect(codesOf(anEvent({ start: at, end: '2024-03-01T09:00:00Z' }), 'event')).toEqual({
        end: 'end_before_start',
      });
    });

    it('lets an all-day event end on the day it starts', () => {
      expect(issuesOf(anEvent({ start: '2024-03-01', end: '2024-03-01' }), 'event')).toEqual([]);
      expect(codesOf(anEvent({ start: '2024-03-02', end: '2024-03-01' }), 'event')).toEqual({
        end: 'end_before_start',
      });
    });

    it('refuses a start and an end of different sorts', () => {
      expect(
        codesOf(anEvent({ start: '2024-03-01', end: '2024-03-01T10:00:00Z' }), 'event'),
      ).toEqual({ end: 'mixed_all_day' });
    });

    it('needs attendees to be a list of email addresses', () => {
      const event = anEvent({ attendees: ['ana@example.org', 'Bob', 'bob@localhost', 5] });
      expect(codesOf(event, 'event')).toEqual({
        'attendees[1]': 'bad_email',
        'attendees[2]': 'bad_email',
        'attendees[3]': 'bad_email',
      });
      expect(codesOf(anEvent({ attendees: 'ana@example.org' }), 'event')).toEqual({
        attendees: 'not_a_list',
      });
    });

    it('needs the location to be text', () => {
      expect(codesOf(anEvent({ location: ['Room 1'] }), 'event')).toEqual({
        location: 'wrong_type',
      });
    });
  });

  describe('x-kira', () => {
    it('accepts the whole sync contract', () => {
      const sync = {
        source: 'gcal',
        version: 3,
        remote_id: 'abc123',
        last_write_ts: '2024-03-01T10:00:00Z',
        etag: '"3181161784712000"',
      };
      expect(issuesOf(anEvent({ 'x-kira': sync }), 'event')).toEqual([]);
      expect(issuesOf(anEvent({ 'x-kira': {} }), 'event')).toEqual([]);
    });

    it('checks each part of it', () => {
      const sync = { source: 'outlook', version: -1, remote_id: 5, last_write_ts: 'now', etag: [] };
      expect(codesOf(anEvent({ 'x-kira': sync }), 'event')).toEqual({
        'x-kira.source': 'unknown_value',
        'x-kira.version': 'bad_number',
        'x-kira.remote_id': 'wrong_type',
        'x-kira.last_write_ts': 'bad_time',
        'x-kira.etag': 'wrong_type',
      });
    });

    it('needs it to be a set of properties', () => {
      expect(codesOf(aNote({ 'x-kira': 'gcal' }), 'note')).toEqual({ 'x-kira': 'wrong_type' });
    });
  });

  describe('bad input', () => {
    it('reads a million-character title and says it is too long, with a short message', () => {
      const [issue] = issuesOf(aTask({ title: 'x'.repeat(1_000_000) }));
      expect(issue?.code).toBe('too_long');
      expect(issue?.message.length).toBeLessThan(200);
    });

    it('keeps messages short for a million-character value', () => {
      const huge = `2024-${'9'.repeat(1_000_000)}`;
      const issues = issuesOf(aTask({ created: huge, status: huge, id: huge, tags: huge }));
      expect(issues.map((issue) => issue.field)).toEqual(
        expect.arrayContaining(['created', 'status', 'id', 'tags']),
      );
      for (const issue of issues) {
        expect(issue.message.length).toBeLessThan(300);
      }
    });

    it('ignores inherited keys such as __proto__ and constructor', () => {
      const polluted = JSON.parse(
        '{"__proto__": {"status": "done"}, "constructor": 1}',
      ) as Frontmatter;
      const task = { ...aTask(), ...polluted };
      expect(issuesOf(task)).toEqual([]);
      expect(codesOf(without(task, 'status'))).toEqual({ status: 'required' });
    });

    it('never throws, whatever the values (property)', () => {
      const anyValue = fc.oneof(
        fc.anything(),
        fc.date({ noInvalidDate: false }),
        fc.constantFrom('2024-03-01', '2024-03-01T10:00:00Z', '2024-03-01T10:00', 'x'),
      );
      const keys = fc.constantFrom(
        'id',
        'kind',
        'title',
        'created',
        'updated',
        'tags',
        'status',
        'priority',
        'due',
        'start_ts',
        'done_ts',
        'estimate',
        'depends_on',
        'transition_count',
        'start',
        'end',
        'attendees',
        'x-kira',
        'forced_transition',
        '__proto__',
        'constructor',
      );
      fc.assert(
        fc.property(
          fc.dictionary(keys, anyValue),
          fc.constantFrom<Kind>('task', 'note', 'event'),
          (frontmatter, kind) => {
            const issues = validateEntity(frontmatter, kind, { zone, now: NOW });
            for (const issue of issues) {
              expect(typeof issue.field).toBe('string');
              expect(typeof issue.code).toBe('string');
              expect(typeof issue.message).toBe('string');
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
