import { failureOf, listAll, meeting, startHarness, type Harness } from './builders';

describe('events.list and incremental sync', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.emulator.close();
  });

  it('returns only the changes since a sync token, deletions included as cancelled', async () => {
    const kept = h.emulator.remote.insert('primary', meeting('kept'));
    const edited = h.emulator.remote.insert('primary', meeting('edited'));
    const removed = h.emulator.remote.insert('primary', meeting('removed'));
    const full = await listAll(h.calendar, {});

    h.emulator.remote.patch('primary', edited.id, { summary: 'edited again' });
    h.emulator.remote.delete('primary', removed.id);
    const added = h.emulator.remote.insert('primary', meeting('added'));
    const delta = await listAll(h.calendar, { syncToken: full.nextSyncToken });

    expect(full.items.map((e) => e.id).sort()).toEqual([kept.id, edited.id, removed.id].sort());
    expect(delta.items.map((e) => [e.id, e.status]).sort()).toEqual(
      [
        [edited.id, 'confirmed'],
        [removed.id, 'cancelled'],
        [added.id, 'confirmed'],
      ].sort(),
    );
    expect(delta.items.find((e) => e.id === edited.id)?.summary).toBe('edited again');
  });

  it('answers an incremental sync with nothing changed with no items and a usable token', async () => {
    h.emulator.remote.insert('primary', meeting('only'));
    const full = await listAll(h.calendar, {});

    const first = await listAll(h.calendar, { syncToken: full.nextSyncToken });
    const second = await listAll(h.calendar, { syncToken: first.nextSyncToken });

    expect(first.items).toEqual([]);
    expect(second.items).toEqual([]);
    expect(first.pages).toBe(1);
  });

  it('answers 410 fullSyncRequired once tokens are expired, and a full sync recovers', async () => {
    h.emulator.remote.insert('primary', meeting('one'));
    const full = await listAll(h.calendar, {});

    h.emulator.faults.expireSyncTokens();
    const failure = await failureOf(
      h.calendar.events.list({ calendarId: 'primary', syncToken: full.nextSyncToken }),
    );
    const again = await listAll(h.calendar, {});

    expect(failure.status).toBe(410);
    expect(failure.reason).toBe('fullSyncRequired');
    expect(failure.body).toMatchObject({ error: { code: 410, errors: [{ domain: 'calendar' }] } });
    expect(again.items).toHaveLength(1);
    await expect(listAll(h.calendar, { syncToken: again.nextSyncToken })).resolves.toMatchObject({
      items: [],
    });
  });

  it('answers 410 for a token it never handed out', async () => {
    const failure = await failureOf(
      h.calendar.events.list({ calendarId: 'primary', syncToken: 'not-a-token' }),
    );

    expect(failure).toMatchObject({ status: 410, reason: 'fullSyncRequired' });
  });

  it.each([
    ['timeMin', { timeMin: '2024-01-01T00:00:00Z' }],
    ['timeMax', { timeMax: '2024-01-01T00:00:00Z' }],
    ['q', { q: 'x' }],
    ['updatedMin', { updatedMin: '2024-01-01T00:00:00Z' }],
    ['privateExtendedProperty', { privateExtendedProperty: ['kira=1'] }],
    ['showDeleted=false', { showDeleted: false }],
  ])('refuses a sync token combined with %s with 400', async (_name, params) => {
    const { nextSyncToken } = await listAll(h.calendar, {});

    const failure = await failureOf(
      h.calendar.events.list({ calendarId: 'primary', syncToken: nextSyncToken, ...params }),
    );

    expect(failure).toMatchObject({ status: 400, reason: 'invalid' });
  });

  it('pages with maxResults: nextPageToken on all pages but the last, nextSyncToken only on the last', async () => {
    for (let i = 0; i < 7; i += 1) h.emulator.remote.insert('primary', meeting(`m${i}`, i));

    const first = await h.calendar.events.list({ calendarId: 'primary', maxResults: 3 });
    const second = await h.calendar.events.list({
      calendarId: 'primary',
      maxResults: 3,
      pageToken: first.data.nextPageToken!,
    });
    const third = await h.calendar.events.list({
      calendarId: 'primary',
      maxResults: 3,
      pageToken: second.data.nextPageToken!,
    });

    expect([first, second, third].map((r) => r.data.items?.length)).toEqual([3, 3, 1]);
    expect([first, second].map((r) => [typeof r.data.nextPageToken, r.data.nextSyncToken])).toEqual(
      [
        ['string', undefined],
        ['string', undefined],
      ],
    );
    expect(third.data.nextPageToken).toBeUndefined();
    expect(typeof third.data.nextSyncToken).toBe('string');
    const ids = [first, second, third].flatMap((r) => r.data.items!.map((e) => e.id));
    expect(new Set(ids).size).toBe(7);
  });

  it('keeps a listing consistent while events change between pages, and the token catches up', async () => {
    const events = Array.from({ length: 6 }, (_, i) =>
      h.emulator.remote.insert('primary', meeting(`m${i}`, i)),
    );
    const first = await h.calendar.events.list({ calendarId: 'primary', maxResults: 3 });

    h.emulator.remote.delete('primary', events[0]!.id);
    h.emulator.remote.patch('primary', events[5]!.id, { summary: 'changed while paging' });
    const rest = await h.calendar.events.list({
      calendarId: 'primary',
      maxResults: 3,
      pageToken: first.data.nextPageToken!,
    });
    const delta = await listAll(h.calendar, { syncToken: rest.data.nextSyncToken! });

    const listed = [...first.data.items!, ...rest.data.items!].map((e) => e.id);
    expect(listed.sort()).toEqual(events.map((e) => e.id).sort());
    expect(delta.items.map((e) => e.id).sort()).toEqual([events[0]!.id, events[5]!.id].sort());
  });

  it('defaults to pages of 250 and caps maxResults at 2500', async () => {
    for (let i = 0; i < 260; i += 1) h.emulator.remote.insert('primary', meeting(`m${i}`, i));

    const byDefault = await h.calendar.events.list({ calendarId: 'primary' });
    const capped = await h.calendar.events.list({ calendarId: 'primary', maxResults: 10_000 });

    expect(byDefault.data.items).toHaveLength(250);
    expect(capped.data.items).toHaveLength(260);
  });

  it('hides deleted events from a full listing unless showDeleted is set', async () => {
    const gone = h.emulator.remote.insert('primary', meeting('gone'));
    h.emulator.remote.delete('primary', gone.id);

    const hidden = await listAll(h.calendar, {});
    const shown = await listAll(h.calendar, { showDeleted: true });

    expect(hidden.items).toEqual([]);
    expect(shown.items).toEqual([expect.objectContaining({ id: gone.id, status: 'cancelled' })]);
  });

  it('filters by timeMin (exclusive end) and timeMax (exclusive start)', async () => {
    const early = h.emulator.remote.insert('primary', meeting('early', 1));
    const late = h.emulator.remote.insert('primary', meeting('late', 48));

    // early runs 10:00-11:00 on the 4th; late starts 09:00 on the 6th.
    const between = await listAll(h.calendar, {
      timeMin: '2024-03-04T11:00:00Z',
      timeMax: '2024-03-06T09:00:00Z',
    });
    const widened = await listAll(h.calendar, {
      timeMin: '2024-03-04T10:59:59Z',
      timeMax: '2024-03-06T09:00:01Z',
    });

    expect(between.items).toEqual([]);
    expect(widened.items.map((e) => e.id).sort()).toEqual([early.id, late.id].sort());
  });

  it('answers 400 timeRangeEmpty when timeMax is not after timeMin', async () => {
    const failure = await failureOf(
      h.calendar.events.list({
        calendarId: 'primary',
        timeMin: '2024-03-05T00:00:00Z',
        timeMax: '2024-03-05T00:00:00Z',
      }),
    );

    expect(failure).toMatchObject({ status: 400, reason: 'timeRangeEmpty' });
  });

  it('filters by updatedMin and then includes deleted events', async () => {
    let clock = Date.UTC(2024, 0, 1);
    await h.emulator.close();
    h = await startHarness({ clock: () => clock });
    const old = h.emulator.remote.insert('primary', meeting('old'));
    const doomed = h.emulator.remote.insert('primary', meeting('doomed'));
    clock = Date.UTC(2024, 1, 1);
    const recent = h.emulator.remote.insert('primary', meeting('recent'));
    h.emulator.remote.delete('primary', doomed.id);

    const changed = await listAll(h.calendar, { updatedMin: '2024-01-15T00:00:00Z' });

    expect(changed.items.map((e) => e.id).sort()).toEqual([recent.id, doomed.id].sort());
    expect(changed.items.map((e) => e.id)).not.toContain(old.id);
  });

  it('finds events by their private extended property', async () => {
    h.emulator.remote.insert(
      'primary',
      meeting('mine', 1, { extendedProperties: { private: { kiraId: 'k1' } } }),
    );
    h.emulator.remote.insert(
      'primary',
      meeting('other', 2, { extendedProperties: { private: { kiraId: 'k2' } } }),
    );

    const found = await listAll(h.calendar, { privateExtendedProperty: ['kiraId=k1'] });

    expect(found.items.map((e) => e.summary)).toEqual(['mine']);
  });

  it('requires singleEvents for orderBy=startTime', async () => {
    const failure = await failureOf(
      h.calendar.events.list({ calendarId: 'primary', orderBy: 'startTime' }),
    );

    expect(failure.status).toBe(400);
  });
});
