import { failureOf, meeting, startHarness, type Harness } from './builders';

describe('calendars', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({
      calendars: [{ id: 'team@group.calendar.test', summary: 'Team', timeZone: 'Europe/Paris' }],
    });
  });

  afterEach(async () => {
    await h.emulator.close();
  });

  it('lists the primary calendar and the extra ones', async () => {
    const { data } = await h.calendar.calendarList.list();

    expect(data.items?.map((c) => [c.id, c.primary ?? false, c.timeZone])).toEqual([
      ['kira.tester@example.com', true, 'UTC'],
      ['team@group.calendar.test', false, 'Europe/Paris'],
    ]);
  });

  it('keeps events apart per calendar, with primary as an alias', async () => {
    await h.calendar.events.insert({
      calendarId: 'team@group.calendar.test',
      requestBody: meeting('team thing'),
    });
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: meeting('mine') });

    expect(h.emulator.events('team@group.calendar.test').map((e) => e.summary)).toEqual([
      'team thing',
    ]);
    expect(h.emulator.events('kira.tester@example.com').map((e) => e.summary)).toEqual(['mine']);
  });

  it('answers 404 notFound for every endpoint of a calendar deleted on Google', async () => {
    const event = h.emulator.remote.insert('team@group.calendar.test', meeting('lost'));
    h.emulator.deleteCalendar('team@group.calendar.test');

    const failures = await Promise.all([
      failureOf(h.calendar.events.list({ calendarId: 'team@group.calendar.test' })),
      failureOf(
        h.calendar.events.get({ calendarId: 'team@group.calendar.test', eventId: event.id }),
      ),
      failureOf(
        h.calendar.events.insert({
          calendarId: 'team@group.calendar.test',
          requestBody: meeting('x'),
        }),
      ),
      failureOf(h.calendar.calendarList.get({ calendarId: 'team@group.calendar.test' })),
    ]);
    const { data } = await h.calendar.calendarList.list();

    expect(failures.map((f) => [f.status, f.reason])).toEqual(Array(4).fill([404, 'notFound']));
    expect(data.items?.map((c) => c.id)).toEqual(['kira.tester@example.com']);
  });
});
