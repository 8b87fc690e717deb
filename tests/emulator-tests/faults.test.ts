import { CalendarEmulator, emulatorClient } from '../emulator';
import { failureOf, meeting, now, startHarness, type Harness } from './builders';

describe('fault injection', () => {
  let h: Harness;

  afterEach(async () => {
    await h.emulator.close();
  });

  it('answers 429 twice, and the client library retries a GET by itself until it succeeds', async () => {
    h = await startHarness({}, { retry: 3 });
    h.emulator.faults.next(2, { status: 429 });

    const { data } = await h.calendar.events.list({ calendarId: 'primary' });

    expect(data.kind).toBe('calendar#events');
    expect(h.emulator.requests.map((r) => [r.method, r.status, r.isFault])).toEqual([
      ['GET', 429, true],
      ['GET', 429, true],
      ['GET', 200, false],
    ]);
  });

  it('is not retried by the client library for POST and PATCH, nor for a 403 rate limit', async () => {
    h = await startHarness({}, { retry: 3 });
    const event = h.emulator.remote.insert('primary', meeting('x'));
    h.emulator.faults.next(1, { status: 503 });
    h.emulator.faults.next(1, { status: 500 });
    h.emulator.faults.next(1, { status: 403, reason: 'userRateLimitExceeded' });

    const insert = await failureOf(
      h.calendar.events.insert({ calendarId: 'primary', requestBody: meeting('y') }),
    );
    const patch = await failureOf(
      h.calendar.events.patch({
        calendarId: 'primary',
        eventId: event.id,
        requestBody: { summary: 'z' },
      }),
    );
    const get = await failureOf(
      h.calendar.events.get({ calendarId: 'primary', eventId: event.id }),
    );

    expect([insert.status, patch.status, get.status]).toEqual([503, 500, 403]);
    expect(get.reason).toBe('userRateLimitExceeded');
    expect(h.emulator.requests).toHaveLength(3);
  });

  it('sends Retry-After when asked, in Google error shape', async () => {
    h = await startHarness();
    h.emulator.faults.next(1, { status: 429, retryAfter: 7 });

    const response = await fetch(`${h.emulator.rootUrl}calendar/v3/calendars/primary/events`, {
      headers: { authorization: 'Bearer t' },
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({
      error: {
        code: 429,
        message: 'Rate Limit Exceeded',
        errors: [
          { domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
        ],
        status: 'RESOURCE_EXHAUSTED',
      },
    });
  });

  it('fails only matching paths and methods, as many times as told', async () => {
    h = await startHarness();
    h.emulator.faults.forPath(/\/events$/, { status: 500 }, { method: 'POST', times: 1 });

    const list = await h.calendar.events.list({ calendarId: 'primary' });
    const insert = await failureOf(
      h.calendar.events.insert({ calendarId: 'primary', requestBody: meeting('x') }),
    );
    const again = await h.calendar.events.insert({
      calendarId: 'primary',
      requestBody: meeting('x'),
    });

    expect([list.status, insert.status, again.status]).toEqual([200, 500, 200]);
  });

  it('can lose the answer after the write, so a retried insert meets 409 duplicate', async () => {
    h = await startHarness();
    h.emulator.faults.next(1, { status: 503, isAfterWrite: true });
    const body = { id: 'kira0003abc', ...meeting('x') };

    const lost = await failureOf(
      h.calendar.events.insert({ calendarId: 'primary', requestBody: body }),
    );
    const retried = await failureOf(
      h.calendar.events.insert({ calendarId: 'primary', requestBody: body }),
    );

    expect(lost.status).toBe(503);
    expect(retried).toMatchObject({ status: 409, reason: 'duplicate' });
    expect(h.emulator.events().map((e) => e.id)).toEqual(['kira0003abc']);
  });

  it('can cut the connection, which the client reports as a network error', async () => {
    h = await startHarness();
    h.emulator.faults.next(1, { drop: true });

    const failure = await failureOf(h.calendar.events.list({ calendarId: 'primary' }));

    expect(failure.status).toBeUndefined();
    expect(h.emulator.requests[0]).toMatchObject({ status: 0, isFault: true });
  });

  it('delays answers by the latency asked for', async () => {
    h = await startHarness();
    h.emulator.faults.latency(60);

    await h.calendar.events.list({ calendarId: 'primary' });

    expect(h.emulator.requests[0]!.ms).toBeGreaterThanOrEqual(55);
  });

  it('fails the same requests for the same seed in random mode', async () => {
    const runWithSeed = async (seed: number): Promise<number[]> => {
      const emulator = await CalendarEmulator.start({ clock: () => now });
      try {
        const { calendar } = emulatorClient(emulator, { retry: false });
        emulator.faults.random({ rate: 0.3, statuses: [429, 500, 503], seed });
        for (let i = 0; i < 40; i += 1)
          await calendar.events.list({ calendarId: 'primary' }).catch(() => undefined);
        return emulator.requests.map((r) => r.status);
      } finally {
        await emulator.close();
      }
    };
    h = await startHarness();

    const first = await runWithSeed(7);
    const second = await runWithSeed(7);
    const other = await runWithSeed(8);

    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    const failed = first.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(25);
  });

  it('answers 401 authError for a rejected token and 401 required without credentials', async () => {
    h = await startHarness({ auth: { rejectTokens: ['expired-token'] } });
    const { calendar } = emulatorClient(h.emulator, {
      retry: false,
      credentials: { access_token: 'expired-token' },
    });

    const rejected = await failureOf(calendar.events.list({ calendarId: 'primary' }));
    const anonymous = await fetch(`${h.emulator.rootUrl}calendar/v3/calendars/primary/events`);
    const accepted = await h.calendar.events.list({ calendarId: 'primary' });

    expect(rejected).toMatchObject({ status: 401, reason: 'authError' });
    expect(anonymous.status).toBe(401);
    expect(accepted.status).toBe(200);
  });
});
