import { backoffDelay } from '../../src/calendar/backoff';
import { CalendarSyncError } from '../../src/calendar/errors';
import { type Rig, addEventNote, contractOf, liveEvents, meeting, noteFor, startRig } from './rig';

describe('faults and bad input', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it.each([
    ['429', { status: 429 as const }],
    ['403 rateLimitExceeded', { status: 403 as const, reason: 'rateLimitExceeded' as const }],
    [
      '403 userRateLimitExceeded',
      { status: 403 as const, reason: 'userRateLimitExceeded' as const },
    ],
    ['500', { status: 500 as const }],
    ['503', { status: 503 as const }],
  ])('retries a %s with backoff and then succeeds', async (_name, fault) => {
    rig.emulator.remote.insert('primary', meeting('Planning'));
    rig.emulator.faults.next(2, fault);

    const report = await rig.engine.sync();

    expect(report.created).toBe(1);
    expect(rig.sleeps).toEqual([250, 500]);
  });

  it('retries a patch (which gaxios never retries) after a rate limit', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    rig.repository.userEdit(id, { title: 'Planning 2' });
    await rig.engine.noteChanged(id);
    rig.emulator.faults.forPath(
      /\/events\/.+/,
      { status: 403, reason: 'userRateLimitExceeded' },
      { method: 'PATCH', times: 1 },
    );

    await rig.engine.sync();

    expect(rig.emulator.events()[0]?.summary).toBe('Planning 2');
  });

  it('gives up after the last attempt with a typed error and a plain message', async () => {
    rig.emulator.faults.next(10, { status: 429 });

    const failure = await rig.engine.sync().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CalendarSyncError);
    expect((failure as CalendarSyncError).code).toBe('rate_limited');
    expect((failure as CalendarSyncError).message).toMatch(/slow down/);
    expect(rig.sleeps).toHaveLength(4);
    expect(rig.engine.status.state).toBe('failed');
  });

  it('caps the backoff and honours Retry-After up to the cap', () => {
    const policy = {
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 4000,
      sleep: () => Promise.resolve(),
      random: () => 0.999,
    };

    expect(backoffDelay(0, policy)).toBe(499);
    expect(backoffDelay(10, policy)).toBe(3996);
    expect(backoffDelay(0, { ...policy, random: () => 0 }, 3000)).toBe(3000);
    expect(backoffDelay(0, { ...policy, random: () => 0 }, 60_000)).toBe(4000);
  });

  it('keeps changes in the outbox while offline and sends them when the network is back', async () => {
    addEventNote(rig, 'event-20240304-0900-one', 'One');
    addEventNote(rig, 'event-20240304-0900-two', 'Two');
    await rig.engine.noteChanged('event-20240304-0900-one');
    await rig.engine.noteChanged('event-20240304-0900-two');
    rig.emulator.faults.forPath(/./, { drop: true }, { times: 50 });

    const failure = await rig.engine.sync().catch((error: unknown) => error);

    expect((failure as CalendarSyncError).code).toBe('offline');
    expect(await rig.store.listOutbox('primary')).toHaveLength(2);
    expect(rig.engine.status).toMatchObject({ state: 'failed', waiting: 2 });

    rig.emulator.faults.clear();
    const report = await rig.engine.sync();

    expect(report.inserted).toBe(2);
    expect(await rig.store.listOutbox('primary')).toHaveLength(0);
    expect(
      liveEvents(rig)
        .map((event) => event.summary)
        .sort(),
    ).toEqual(['One', 'Two']);
  });

  it('never lets one failing item lose the others', async () => {
    await rig.close();
    rig = await startRig({}, (api) => ({
      ...api,
      insert: (body) =>
        body.summary === 'Bad'
          ? Promise.reject(new CalendarSyncError('bad_request', 'Google refused the event.'))
          : api.insert(body),
    }));
    addEventNote(rig, 'event-20240304-0900-bad', 'Bad');
    addEventNote(rig, 'event-20240304-0900-good', 'Good');
    await rig.engine.noteChanged('event-20240304-0900-bad');
    await rig.engine.noteChanged('event-20240304-0900-good');

    const report = await rig.engine.sync();

    expect(liveEvents(rig).map((event) => event.summary)).toEqual(['Good']);
    expect(report).toMatchObject({ inserted: 1, skipped: 1 });
    const failure = rig.logs.lines.find((line) => line.event === 'sync_failed');
    expect(failure?.entity_id).toBe('event-20240304-0900-bad');
  });

  it('lists an event again when its note could not be written, instead of moving past it', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    const busy = jest
      .spyOn(rig.repository, 'createOrUpdate')
      .mockRejectedValueOnce(new Error('EBUSY: the file is locked'));

    await rig.engine.sync();
    expect(() => noteFor(rig, event.id)).toThrow();

    await rig.engine.sync();
    busy.mockRestore();

    expect(rig.repository.frontmatterOf(noteFor(rig, event.id))?.title).toBe('Planning');
  });

  it('refuses to stamp a note that Kira’s validation would refuse, and says why', async () => {
    addEventNote(rig, 'event-20240304-0900-bad', 'Bad', { attendees: ['not an email'] });

    await rig.engine.noteChanged('event-20240304-0900-bad');

    expect(await rig.store.listOutbox('primary')).toHaveLength(0);
    const failure = rig.logs.lines.find((line) => line.event === 'sync_failed');
    expect(failure?.message).toMatch(/not an email/);
  });

  it('stops with a clear error when the calendar was deleted on Google', async () => {
    await rig.engine.sync();
    rig.emulator.deleteCalendar('primary');
    rig.takeRequests();

    const failure = (await rig.engine.sync().catch((error: unknown) => error)) as CalendarSyncError;
    const again = (await rig.engine.sync().catch((error: unknown) => error)) as CalendarSyncError;

    expect(failure.code).toBe('calendar_not_found');
    expect(failure.message).toMatch(/Sync for it has stopped/);
    expect(again).toBe(failure);
    expect(rig.takeRequests()).toHaveLength(1);
    expect(rig.engine.status.state).toBe('stopped');
  });

  it('skips malformed events with a reason and takes in the rest', async () => {
    await rig.close();
    rig = await startRig({}, (api) => ({
      ...api,
      list: async (request) => {
        const page = await api.list(request);
        page.items.push(
          {
            id: 'nostart1',
            etag: '"1"',
            updated: '2024-03-04T09:00:00.000Z',
            summary: 'No end',
            start: { dateTime: '2024-03-05T09:00:00Z' },
          },
          {
            id: 'baddate1',
            etag: '"1"',
            updated: '2024-03-04T09:00:00.000Z',
            start: { date: '2024-02-30' },
            end: { date: '2024-03-01' },
          },
          {
            id: 'badzone1',
            etag: '"1"',
            updated: '2024-03-04T09:00:00.000Z',
            start: { dateTime: '2024-03-05T09:00:00', timeZone: 'Nowhere/Land' },
            end: { dateTime: '2024-03-05T10:00:00Z' },
          },
          'not an event',
        );
        return page;
      },
    }));
    rig.emulator.remote.insert('primary', meeting('Good'));

    const report = await rig.engine.sync();

    expect(report.created).toBe(1);
    expect(report.skipped).toBe(4);
    const reasons = rig.logs.lines
      .filter((line) => line.event === 'validation_failed')
      .map((line) => line.message);
    expect(reasons.join('\n')).toMatch(/end/);
    expect(reasons.join('\n')).toMatch(/2024-02-30/);
  });

  it('cuts a huge description to fit the note body and says so', async () => {
    const event = rig.emulator.remote.insert(
      'primary',
      meeting('Long', 24, { description: 'x'.repeat(200_000) }),
    );

    await rig.engine.sync();

    const text = rig.repository.notes.get(noteFor(rig, event.id))?.text ?? '';
    expect(text.length).toBeLessThan(11_000);
    expect(text).toMatch(/description on Google Calendar is longer/);
  });

  it('quarantines a note whose x-kira was hand-edited into nonsense and repairs it from Google', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    rig.repository.userEdit(id, {
      'x-kira': { source: 'me', version: 'lots', remote_id: event.id },
    });
    await rig.engine.noteChanged(id);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning 2' });

    await rig.engine.sync();

    expect(rig.quarantine.items[0]).toMatchObject({ kind: 'invalid', entity_id: id });
    expect(rig.quarantine.items[0]?.original).toContain('version: lots');
    expect(contractOf(rig, id)).toMatchObject({ source: 'gcal', version: 2, remote_id: event.id });
    expect(rig.repository.frontmatterOf(id)?.title).toBe('Planning 2');
  });
});
