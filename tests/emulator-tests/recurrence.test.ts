import { failureOf, listAll, startHarness, type Harness } from './builders';

describe('recurring events', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.emulator.close();
  });

  function weeklyInBerlin(count: number): Record<string, unknown> {
    return {
      id: 'series0001',
      summary: 'weekly sync',
      start: { dateTime: '2024-03-18T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2024-03-18T09:30:00', timeZone: 'Europe/Berlin' },
      recurrence: [`RRULE:FREQ=WEEKLY;COUNT=${count}`],
    };
  }

  it('expands a weekly series into instances with documented ids, keeping the wall time across DST', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(3));

    const { items } = await listAll(h.calendar, { singleEvents: true, orderBy: 'startTime' });

    // Berlin moves to summer time on 31 March 2024: 08:00Z before, 07:00Z after.
    expect(items.map((e) => e.id)).toEqual([
      'series0001_20240318T080000Z',
      'series0001_20240325T080000Z',
      'series0001_20240401T070000Z',
    ]);
    expect(items.map((e) => e.start?.dateTime)).toEqual([
      '2024-03-18T09:00:00+01:00',
      '2024-03-25T09:00:00+01:00',
      '2024-04-01T09:00:00+02:00',
    ]);
    expect(
      items.every((e) => e.recurringEventId === 'series0001' && e.recurrence === undefined),
    ).toBe(true);
    expect(items[2]?.originalStartTime).toEqual({
      dateTime: '2024-04-01T09:00:00+02:00',
      timeZone: 'Europe/Berlin',
    });
  });

  it('answers the master itself when singleEvents is not set', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(3));

    const { items } = await listAll(h.calendar, {});

    expect(items.map((e) => [e.id, e.recurrence])).toEqual([
      ['series0001', ['RRULE:FREQ=WEEKLY;COUNT=3']],
    ]);
  });

  it('expands a daily all-day series with ids by date', async () => {
    h.emulator.remote.insert('primary', {
      id: 'focus0001',
      summary: 'focus',
      start: { date: '2024-03-04' },
      end: { date: '2024-03-05' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    });

    const { items } = await listAll(h.calendar, { singleEvents: true });

    expect(items.map((e) => [e.id, e.start?.date, e.end?.date])).toEqual([
      ['focus0001_20240304', '2024-03-04', '2024-03-05'],
      ['focus0001_20240305', '2024-03-05', '2024-03-06'],
      ['focus0001_20240306', '2024-03-06', '2024-03-07'],
    ]);
  });

  it('limits instances to the time window', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(10));

    const { items } = await listAll(h.calendar, {
      singleEvents: true,
      timeMin: '2024-03-24T00:00:00Z',
      timeMax: '2024-04-08T00:00:00Z',
    });

    expect(items.map((e) => e.id)).toEqual([
      'series0001_20240325T080000Z',
      'series0001_20240401T070000Z',
    ]);
  });

  it('keeps an edited instance as an exception and lists it in place of the generated one', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(3));

    await h.calendar.events.patch({
      calendarId: 'primary',
      eventId: 'series0001_20240325T080000Z',
      requestBody: { summary: 'moved room' },
    });
    const { items } = await listAll(h.calendar, { singleEvents: true, orderBy: 'startTime' });

    expect(items.map((e) => e.summary)).toEqual(['weekly sync', 'moved room', 'weekly sync']);
  });

  it('reports every instance of an edited series in the next incremental sync', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(3));
    const full = await listAll(h.calendar, { singleEvents: true });

    h.emulator.remote.patch('primary', 'series0001', { summary: 'renamed' });
    const delta = await listAll(h.calendar, { singleEvents: true, syncToken: full.nextSyncToken });

    expect(delta.items.map((e) => e.summary)).toEqual(['renamed', 'renamed', 'renamed']);
  });

  it('reports cancelled instances when a series is deleted', async () => {
    h.emulator.remote.insert('primary', weeklyInBerlin(2));
    const full = await listAll(h.calendar, { singleEvents: true });

    h.emulator.remote.delete('primary', 'series0001');
    const delta = await listAll(h.calendar, { singleEvents: true, syncToken: full.nextSyncToken });

    expect(delta.items.map((e) => [e.id, e.status])).toEqual([
      ['series0001_20240318T080000Z', 'cancelled'],
      ['series0001_20240325T080000Z', 'cancelled'],
    ]);
  });

  it('requires a time zone for a recurring event with a dateTime', async () => {
    const failure = await failureOf(
      h.calendar.events.insert({
        calendarId: 'primary',
        requestBody: {
          start: { dateTime: '2024-03-18T09:00:00Z' },
          end: { dateTime: '2024-03-18T10:00:00Z' },
          recurrence: ['RRULE:FREQ=DAILY;COUNT=2'],
        },
      }),
    );

    expect(failure).toMatchObject({ status: 400, reason: 'required' });
  });
});
