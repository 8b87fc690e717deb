import { allDay, failureOf, meeting, now, startHarness, type Harness } from './builders';

describe('event writes', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.emulator.close();
  });

  describe('insert', () => {
    it('keeps a client-chosen id and answers 409 duplicate when it is reused', async () => {
      const { data } = await h.calendar.events.insert({
        calendarId: 'primary',
        requestBody: { id: 'kira0001abc', ...meeting('a') },
      });

      const failure = await failureOf(
        h.calendar.events.insert({
          calendarId: 'primary',
          requestBody: { id: 'kira0001abc', ...meeting('b') },
        }),
      );

      expect(data.id).toBe('kira0001abc');
      expect(failure).toMatchObject({ status: 409, reason: 'duplicate' });
      expect(h.emulator.events()).toHaveLength(1);
    });

    it('answers 409 for the id of a deleted event too', async () => {
      await h.calendar.events.insert({
        calendarId: 'primary',
        requestBody: { id: 'kira0002abc', ...meeting('a') },
      });
      await h.calendar.events.delete({ calendarId: 'primary', eventId: 'kira0002abc' });

      const failure = await failureOf(
        h.calendar.events.insert({
          calendarId: 'primary',
          requestBody: { id: 'kira0002abc', ...meeting('a') },
        }),
      );

      expect(failure.status).toBe(409);
    });

    it.each(['abcd', 'UPPERCASE1', 'has-dash-1', 'wxyz12345', 'under_score', 'a'.repeat(1025)])(
      'refuses the id %p with 400 (base32hex a-v0-9, 5 to 1024 long)',
      async (id) => {
        const failure = await failureOf(
          h.calendar.events.insert({ calendarId: 'primary', requestBody: { id, ...meeting('x') } }),
        );

        expect(failure.status).toBe(400);
      },
    );

    it('generates an id when none is given, and fills the server fields', async () => {
      const { data } = await h.calendar.events.insert({
        calendarId: 'primary',
        requestBody: {
          ...meeting('standup'),
          attendees: [{ email: 'ana@example.com' }],
          location: 'Room 1',
        },
      });

      expect(data).toMatchObject({
        kind: 'calendar#event',
        status: 'confirmed',
        sequence: 0,
        summary: 'standup',
        location: 'Room 1',
        attendees: [{ email: 'ana@example.com' }],
        created: data.updated,
      });
      expect(data.id).toMatch(/^[a-v0-9]{5,}$/);
      expect(data.etag).toMatch(/^"\d+"$/);
      expect(data.updated).toBe(new Date(now).toISOString());
      expect(typeof data.htmlLink).toBe('string');
      expect(typeof data.iCalUID).toBe('string');
    });

    it('answers times in the event zone, so clients must compare instants', async () => {
      const { data } = await h.calendar.events.insert({
        calendarId: 'primary',
        requestBody: {
          summary: 'in Berlin',
          start: { dateTime: '2024-03-05T09:00:00Z', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2024-03-05T10:00:00Z', timeZone: 'Europe/Berlin' },
        },
      });

      expect(data.start).toEqual({
        dateTime: '2024-03-05T10:00:00+01:00',
        timeZone: 'Europe/Berlin',
      });
      expect(Date.parse(data.start!.dateTime!)).toBe(Date.parse('2024-03-05T09:00:00Z'));
    });

    it.each([
      ['no end', { summary: 'x', start: { dateTime: '2024-03-05T09:00:00Z' } }, 'required'],
      ['no start', { summary: 'x', end: { dateTime: '2024-03-05T09:00:00Z' } }, 'required'],
      [
        'end before start',
        { start: { dateTime: '2024-03-05T09:00:00Z' }, end: { dateTime: '2024-03-05T08:00:00Z' } },
        'timeRangeEmpty',
      ],
      ['an all-day end on its start', allDay('x', '2024-03-05', '2024-03-05'), 'timeRangeEmpty'],
      [
        'an unknown time zone',
        {
          start: { dateTime: '2024-03-05T09:00:00', timeZone: 'Mars/Olympus' },
          end: { dateTime: '2024-03-05T10:00:00', timeZone: 'Mars/Olympus' },
        },
        'invalid',
      ],
      [
        'a local time without zone',
        { start: { dateTime: '2024-03-05T09:00:00' }, end: { dateTime: '2024-03-05T10:00:00' } },
        'required',
      ],
      ['an impossible date', allDay('x', '2024-02-30', '2024-03-01'), 'invalid'],
      [
        'a date on one end and a dateTime on the other',
        { start: { date: '2024-03-05' }, end: { dateTime: '2024-03-05T10:00:00Z' } },
        'invalid',
      ],
      [
        'an attendee without email',
        { ...meeting('x'), attendees: [{ displayName: 'Ana' }] },
        'required',
      ],
    ])('refuses an event with %s with 400', async (_case, requestBody, reason) => {
      const failure = await failureOf(
        h.calendar.events.insert({ calendarId: 'primary', requestBody }),
      );

      expect(failure).toMatchObject({ status: 400, reason });
    });
  });

  describe('get', () => {
    it('answers 404 notFound for an unknown event', async () => {
      const failure = await failureOf(
        h.calendar.events.get({ calendarId: 'primary', eventId: 'nosuchevent' }),
      );

      expect(failure).toMatchObject({ status: 404, reason: 'notFound' });
    });

    it('still answers a deleted event, with status cancelled', async () => {
      const event = h.emulator.remote.insert('primary', meeting('gone'));
      h.emulator.remote.delete('primary', event.id);

      const { data } = await h.calendar.events.get({ calendarId: 'primary', eventId: event.id });

      expect(data).toMatchObject({ id: event.id, status: 'cancelled', summary: 'gone' });
    });

    it('answers 304 to If-None-Match with the current etag', async () => {
      const event = h.emulator.remote.insert('primary', meeting('same'));

      const response = await h.calendar.events.get(
        { calendarId: 'primary', eventId: event.id },
        { headers: { 'If-None-Match': event.etag } },
      );

      expect(response.status).toBe(304);
    });
  });

  describe('patch and update', () => {
    it('patch merges fields and extended properties; update replaces the event', async () => {
      const event = h.emulator.remote.insert(
        'primary',
        meeting('orig', 24, {
          location: 'Room 1',
          extendedProperties: { private: { kiraId: 'k1' } },
        }),
      );

      const patched = await h.calendar.events.patch({
        calendarId: 'primary',
        eventId: event.id,
        requestBody: { summary: 'patched', extendedProperties: { private: { version: '2' } } },
      });
      const updated = await h.calendar.events.update({
        calendarId: 'primary',
        eventId: event.id,
        requestBody: meeting('replaced'),
      });

      expect(patched.data).toMatchObject({
        summary: 'patched',
        location: 'Room 1',
        extendedProperties: { private: { kiraId: 'k1', version: '2' } },
      });
      expect(updated.data.summary).toBe('replaced');
      expect(updated.data.location).toBeUndefined();
      expect(updated.data.extendedProperties).toBeUndefined();
      expect(updated.data.created).toBe(event.created);
    });

    it('gives every change a new etag and a strictly later updated stamp', async () => {
      const event = h.emulator.remote.insert('primary', meeting('v0'));
      const versions = [event];
      for (let i = 1; i <= 5; i += 1) {
        versions.push(
          (
            await h.calendar.events.patch({
              calendarId: 'primary',
              eventId: event.id,
              requestBody: { summary: `v${i}` },
            })
          ).data as typeof event,
        );
      }

      const stamps = versions.map((v) => Date.parse(v.updated));
      expect(new Set(versions.map((v) => v.etag)).size).toBe(6);
      expect(stamps.every((stamp, i) => i === 0 || stamp > stamps[i - 1]!)).toBe(true);
      expect(
        versions.every((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v.updated)),
      ).toBe(true);
    });

    it('answers 412 conditionNotMet to a patch with a stale If-Match, with a numeric status on the error', async () => {
      const event = h.emulator.remote.insert('primary', meeting('base'));
      h.emulator.remote.patch('primary', event.id, { summary: 'changed on Google' });

      const failure = await failureOf(
        h.calendar.events.patch(
          { calendarId: 'primary', eventId: event.id, requestBody: { summary: 'mine' } },
          { headers: { 'If-Match': event.etag } },
        ),
      );

      expect(failure).toMatchObject({ status: 412, reason: 'conditionNotMet' });
      expect(h.emulator.events()[0]?.summary).toBe('changed on Google');
    });

    it('accepts a patch and an update whose If-Match is current', async () => {
      const event = h.emulator.remote.insert('primary', meeting('base'));

      const patched = await h.calendar.events.patch(
        { calendarId: 'primary', eventId: event.id, requestBody: { summary: 'p' } },
        { headers: { 'If-Match': event.etag } },
      );
      const updated = await h.calendar.events.update(
        { calendarId: 'primary', eventId: event.id, requestBody: meeting('u') },
        { headers: { 'If-Match': patched.data.etag! } },
      );

      expect(updated.data.summary).toBe('u');
    });

    it('bumps sequence when the time moves, not when the title changes', async () => {
      const event = h.emulator.remote.insert('primary', meeting('base'));

      const retitled = h.emulator.remote.patch('primary', event.id, { summary: 'renamed' });
      const moved = h.emulator.remote.patch('primary', event.id, {
        start: meeting('x', 30).start,
        end: meeting('x', 30).end,
      });

      expect([event.sequence, retitled.sequence, moved.sequence]).toEqual([0, 0, 1]);
    });

    it('refuses a patch that empties the time range', async () => {
      const event = h.emulator.remote.insert('primary', meeting('base', 24));

      const failure = await failureOf(
        h.calendar.events.patch({
          calendarId: 'primary',
          eventId: event.id,
          requestBody: { end: meeting('x', 10).end },
        }),
      );

      expect(failure).toMatchObject({ status: 400, reason: 'timeRangeEmpty' });
    });
  });

  describe('delete', () => {
    it('answers 204, then 410 deleted the second time, and 404 for an unknown event', async () => {
      const event = h.emulator.remote.insert('primary', meeting('doomed'));

      const first = await h.calendar.events.delete({ calendarId: 'primary', eventId: event.id });
      const second = await failureOf(
        h.calendar.events.delete({ calendarId: 'primary', eventId: event.id }),
      );
      const unknown = await failureOf(
        h.calendar.events.delete({ calendarId: 'primary', eventId: 'nosuchevent' }),
      );

      expect(first.status).toBe(204);
      expect(second).toMatchObject({ status: 410, reason: 'deleted' });
      expect(unknown).toMatchObject({ status: 404, reason: 'notFound' });
    });

    it('honours If-Match', async () => {
      const event = h.emulator.remote.insert('primary', meeting('guarded'));
      h.emulator.remote.patch('primary', event.id, { summary: 'moved on' });

      const failure = await failureOf(
        h.calendar.events.delete(
          { calendarId: 'primary', eventId: event.id },
          { headers: { 'If-Match': event.etag } },
        ),
      );

      expect(failure.status).toBe(412);
      expect(h.emulator.events()[0]?.status).toBe('confirmed');
    });

    it('lets a deleted event be restored by setting its status back', async () => {
      const event = h.emulator.remote.insert('primary', meeting('back'));
      h.emulator.remote.delete('primary', event.id);

      const { data } = await h.calendar.events.patch({
        calendarId: 'primary',
        eventId: event.id,
        requestBody: { status: 'confirmed' },
      });

      expect(data.status).toBe('confirmed');
    });
  });
});
