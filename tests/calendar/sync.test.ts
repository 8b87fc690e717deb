import { remoteIdFor } from '../../src/calendar/ids';
import {
  HOUR,
  type Rig,
  addEventNote,
  contractOf,
  liveEvents,
  meeting,
  noteFor,
  startRig,
} from './rig';

describe('calendar sync against the emulator', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it('imports an event as a note with source gcal, version 1 and the etag', async () => {
    const event = rig.emulator.remote.insert(
      'primary',
      meeting('Planning', 24, { location: 'Room 1' }),
    );

    const report = await rig.engine.sync();

    const id = noteFor(rig, event.id);
    const note = rig.repository.frontmatterOf(id)!;
    expect(report.created).toBe(1);
    expect(note).toMatchObject({ title: 'Planning', kind: 'event', location: 'Room 1' });
    expect(note.start).toBe(
      new Date(Date.parse(event.start.dateTime!)).toISOString().replace('.000Z', 'Z'),
    );
    expect(contractOf(rig, id)).toEqual({
      source: 'gcal',
      version: 1,
      remote_id: event.id,
      last_write_ts: event.updated.replace(/\.\d{3}Z$/, 'Z'),
      etag: event.etag,
    });
  });

  it('stamps a local edit with source kira and a higher version, and sends it with If-Match', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    rig.takeRequests();

    rig.clock.advance(60_000);
    rig.repository.userEdit(id, { title: 'Planning, moved' });
    await rig.engine.noteChanged(id);
    expect(contractOf(rig, id)).toMatchObject({ source: 'kira', version: 2, pending: true });

    const report = await rig.engine.sync();

    const [patch] = rig.takeRequests().filter((request) => request.method === 'PATCH');
    expect(report.patched).toBe(1);
    expect(patch?.status).toBe(200);
    expect(rig.emulator.events()[0]?.summary).toBe('Planning, moved');
    const contract = contractOf(rig, id);
    expect(contract).toMatchObject({
      source: 'kira',
      version: 3,
      etag: rig.emulator.events()[0]?.etag,
    });
    expect(contract.pending).toBeUndefined();
  });

  it('exports a new event note under an id derived from its Kira id, carrying the Kira id', async () => {
    addEventNote(rig, 'event-20240304-0900-review', 'Review', { location: 'Library' });

    await rig.engine.noteChanged('event-20240304-0900-review');
    const report = await rig.engine.sync();

    const [event] = liveEvents(rig);
    expect(report.inserted).toBe(1);
    expect(event?.id).toBe(await remoteIdFor('event-20240304-0900-review'));
    expect(event?.summary).toBe('Review');
    expect(event?.location).toBe('Library');
    expect(event?.extendedProperties?.private?.kiraId).toBe('event-20240304-0900-review');
    expect(event?.description).toContain('event-20240304-0900-review');
    expect(contractOf(rig, 'event-20240304-0900-review')).toMatchObject({
      source: 'kira',
      etag: event?.etag,
      remote_id: event?.id,
    });
  });

  it('takes the echo of its own export as an echo: one request, nothing written', async () => {
    addEventNote(rig, 'event-20240304-0900-review', 'Review');
    await rig.engine.noteChanged('event-20240304-0900-review');
    await rig.engine.sync();
    await rig.engine.sync();
    const writesBefore = rig.repository.writes.length;
    rig.takeRequests();

    const report = await rig.engine.sync();

    expect(rig.takeRequests()).toHaveLength(1);
    expect(rig.repository.writes).toHaveLength(writesBefore);
    expect(report.imported + report.created).toBe(0);
  });

  it('logs the echo of an export as echo_skipped and writes nothing for it', async () => {
    addEventNote(rig, 'event-20240304-0900-review', 'Review');
    await rig.engine.noteChanged('event-20240304-0900-review');
    await rig.engine.flush();
    const writesBefore = rig.repository.writes.length;

    const report = await rig.engine.sync();

    expect(report.echoes).toBe(1);
    expect(rig.repository.writes).toHaveLength(writesBefore);
    expect(rig.logs.lines.some((line) => line.event === 'echo_skipped')).toBe(true);
  });

  it('imports a real change made on Google after an echo', async () => {
    addEventNote(rig, 'event-20240304-0900-review', 'Review');
    await rig.engine.noteChanged('event-20240304-0900-review');
    await rig.engine.sync();
    await rig.engine.sync();
    const [event] = liveEvents(rig);

    rig.clock.advance(60_000);
    rig.emulator.remote.patch('primary', event!.id, { summary: 'Review, with the team' });
    const report = await rig.engine.sync();

    expect(report.imported).toBe(1);
    expect(rig.repository.frontmatterOf('event-20240304-0900-review')?.title).toBe(
      'Review, with the team',
    );
    expect(contractOf(rig, 'event-20240304-0900-review')).toMatchObject({
      source: 'gcal',
      version: 3,
    });
  });

  it('does not push back a note change that an import made', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning 2' });
    await rig.engine.sync();
    rig.takeRequests();

    await rig.engine.noteChanged(id);
    await rig.engine.sync();

    expect(rig.takeRequests().map((request) => request.method)).toEqual(['GET']);
  });

  it('needs exactly one request for an incremental sync when nothing changed', async () => {
    for (let n = 0; n < 5; n += 1) rig.emulator.remote.insert('primary', meeting(`Event ${n}`, n));
    await rig.engine.sync();
    rig.takeRequests();

    await rig.engine.sync();

    expect(rig.takeRequests()).toHaveLength(1);
  });

  it('maps all-day events: an inclusive end in the note, an exclusive one on Google', async () => {
    const event = rig.emulator.remote.insert('primary', {
      summary: 'Offsite',
      start: { date: '2024-03-11' },
      end: { date: '2024-03-13' },
    });
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    expect(rig.repository.frontmatterOf(id)).toMatchObject({
      start: '2024-03-11',
      end: '2024-03-12',
    });

    rig.repository.userEdit(id, { end: '2024-03-14' });
    await rig.engine.noteChanged(id);
    await rig.engine.sync();

    expect(rig.emulator.events()[0]?.end).toEqual({ date: '2024-03-15' });
  });

  it('moves the note of a cancelled event to the trash, never deleting it', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);

    rig.emulator.remote.delete('primary', event.id);
    const report = await rig.engine.sync();

    expect(report.cancelled).toBe(1);
    expect(rig.repository.notes.has(id)).toBe(false);
    expect(rig.repository.trashed.get(id)).toContain('title: Planning');
  });

  it('tags the note of a cancelled event instead, when set to mark', async () => {
    rig.settings.onCancelled = 'mark';
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);

    rig.emulator.remote.delete('primary', event.id);
    await rig.engine.sync();

    expect(rig.repository.frontmatterOf(id)?.tags).toEqual(['cancelled']);
  });

  it('imports the instances of a recurring event, each as its own note', async () => {
    rig.emulator.remote.insert('primary', {
      summary: 'Standup',
      start: { dateTime: '2024-03-05T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2024-03-05T09:15:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    });

    const report = await rig.engine.sync();

    expect(report.created).toBe(3);
    const starts = [...rig.repository.notes.keys()].map(
      (id) => rig.repository.frontmatterOf(id)?.start,
    );
    expect(starts.sort()).toEqual([
      '2024-03-05T08:00:00Z',
      '2024-03-06T08:00:00Z',
      '2024-03-07T08:00:00Z',
    ]);
  });

  it('resyncs in full after a 410 without duplicating anything', async () => {
    for (let n = 0; n < 4; n += 1) rig.emulator.remote.insert('primary', meeting(`Event ${n}`, n));
    await rig.engine.sync();
    rig.emulator.faults.expireSyncTokens();
    rig.emulator.remote.insert('primary', meeting('Event 4', 5));

    const report = await rig.engine.sync();

    expect(report.isFullSync).toBe(true);
    expect(report.created).toBe(1);
    expect(rig.repository.notes.size).toBe(5);
    expect(rig.repository.writes.filter((write) => write.action === 'create')).toHaveLength(5);
  });

  it('adopts the event when an insert whose answer was lost is retried (409)', async () => {
    addEventNote(rig, 'event-20240304-0900-review', 'Review');
    await rig.engine.noteChanged('event-20240304-0900-review');
    rig.emulator.faults.forPath(
      /\/events$/,
      { drop: true, isAfterWrite: true },
      { method: 'POST', times: 1 },
    );

    await rig.engine.sync();

    const statuses = rig
      .takeRequests()
      .filter((r) => r.method === 'POST')
      .map((r) => r.status);
    expect(statuses).toEqual([0, 409]);
    expect(liveEvents(rig)).toHaveLength(1);
    expect(contractOf(rig, 'event-20240304-0900-review')).toMatchObject({
      source: 'kira',
      etag: liveEvents(rig)[0]?.etag,
    });
    expect(contractOf(rig, 'event-20240304-0900-review').pending).toBeUndefined();
  });

  it('turns tasks with a due date into all-day events when the setting is on', async () => {
    rig.settings.mapTasks = true;
    const text = [
      '---',
      'id: task-20240304-0900-file-taxes',
      'kind: task',
      'title: File taxes',
      'created: 2024-03-04T09:00:00Z',
      'updated: 2024-03-04T09:00:00Z',
      'tags: []',
      'status: todo',
      'due: 2024-03-15',
      '---',
      '',
    ].join('\n');
    rig.repository.put('task-20240304-0900-file-taxes', text);

    await rig.engine.noteChanged('task-20240304-0900-file-taxes');
    await rig.engine.sync();

    const [event] = liveEvents(rig);
    expect(event?.start).toEqual({ date: '2024-03-15' });
    expect(event?.end).toEqual({ date: '2024-03-16' });
    expect(event?.summary).toBe('File taxes');
  });

  it('leaves tasks alone when task mapping is off', async () => {
    rig.repository.put(
      'task-20240304-0900-file-taxes',
      '---\nid: task-20240304-0900-file-taxes\nkind: task\ntitle: File taxes\ncreated: 2024-03-04T09:00:00Z\nupdated: 2024-03-04T09:00:00Z\ntags: []\nstatus: todo\ndue: 2024-03-15\n---\n',
    );

    await rig.engine.noteChanged('task-20240304-0900-file-taxes');
    await rig.engine.sync();

    expect(liveEvents(rig)).toHaveLength(0);
  });

  it('keeps the note start an instant in UTC whatever zone Google answers in', async () => {
    const event = rig.emulator.remote.insert(
      'primary',
      meeting('Call', 2, {
        start: { dateTime: '2024-03-04T12:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2024-03-04T13:00:00+01:00', timeZone: 'Europe/Berlin' },
      }),
    );
    await rig.engine.sync();

    expect(rig.repository.frontmatterOf(noteFor(rig, event.id))).toMatchObject({
      start: '2024-03-04T11:00:00Z',
      end: '2024-03-04T12:00:00Z',
    });
    expect(HOUR).toBe(3_600_000);
  });
});
