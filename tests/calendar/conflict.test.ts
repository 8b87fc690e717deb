import { type Rig, contractOf, liveEvents, meeting, noteFor, startRig } from './rig';

/** An imported event whose note and Google copy are then both edited, the later one `last`. */
async function conflicting(rig: Rig, last: 'kira' | 'gcal') {
  const event = rig.emulator.remote.insert('primary', meeting('Planning'));
  await rig.engine.sync();
  const id = noteFor(rig, event.id);
  const before = contractOf(rig, id);

  const editLocally = async () => {
    rig.repository.userEdit(id, { title: 'Planning (Kira)' });
    await rig.engine.noteChanged(id);
  };
  const editRemotely = () =>
    void rig.emulator.remote.patch('primary', event.id, { summary: 'Planning (Google)' });

  rig.clock.advance(60_000);
  if (last === 'kira') editRemotely();
  else await editLocally();
  rig.clock.advance(60_000);
  if (last === 'kira') await editLocally();
  else editRemotely();
  rig.clock.advance(60_000);

  const report = await rig.engine.sync();
  return { id, event, before, report };
}

describe('conflicts, latest wins', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it('keeps the later local edit, sends it, and quarantines Google’s version whole', async () => {
    const { id, report } = await conflicting(rig, 'kira');

    expect(report.conflicts).toBe(1);
    expect(rig.repository.frontmatterOf(id)?.title).toBe('Planning (Kira)');
    expect(rig.emulator.events()[0]?.summary).toBe('Planning (Kira)');
    const [loser] = rig.quarantine.items;
    expect(loser).toMatchObject({ kind: 'conflict', entity_id: id, correlation_id: id });
    expect(loser?.original).toContain('title: Planning (Google)');
  });

  it('keeps the later Google edit and quarantines the local version whole', async () => {
    const { id, report } = await conflicting(rig, 'gcal');

    expect(report.conflicts).toBe(1);
    expect(rig.repository.frontmatterOf(id)?.title).toBe('Planning (Google)');
    expect(rig.emulator.events()[0]?.summary).toBe('Planning (Google)');
    const [loser] = rig.quarantine.items;
    expect(loser).toMatchObject({ kind: 'conflict', entity_id: id });
    expect(loser?.original).toContain('title: Planning (Kira)');
  });

  it('logs both sides of a conflict under one correlation id', async () => {
    const { id } = await conflicting(rig, 'gcal');

    const sides = rig.logs.lines.filter((line) => line.event === 'conflict');
    expect(sides.map((line) => line.source).sort()).toEqual(['gcal', 'kira']);
    expect(new Set(sides.map((line) => line.correlation_id))).toEqual(new Set([id]));
  });

  it.each(['kira', 'gcal'] as const)(
    'raises the version and never moves last_write_ts back when %s wins',
    async (last) => {
      const { id, before } = await conflicting(rig, last);

      const after = contractOf(rig, id);
      expect(after.version as number).toBeGreaterThan(before.version as number);
      expect((after.last_write_ts as string) >= (before.last_write_ts as string)).toBe(true);
      expect(after.pending).toBeUndefined();
    },
  );

  it('sees no conflict when both sides made the same change', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);

    rig.clock.advance(60_000);
    rig.repository.userEdit(id, { title: 'Planning 2' });
    await rig.engine.noteChanged(id);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning 2' });
    const report = await rig.engine.sync();

    expect(report.conflicts).toBe(0);
    expect(rig.quarantine.items).toHaveLength(0);
    expect(contractOf(rig, id).etag).toBe(rig.emulator.events()[0]?.etag);
  });

  it('keeps an unsent change in the quarantine when the event is deleted on Google', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);
    rig.repository.userEdit(id, { title: 'Planning, edited' });
    await rig.engine.noteChanged(id);
    rig.emulator.remote.delete('primary', event.id);

    await rig.engine.sync();

    expect(rig.repository.trashed.has(id)).toBe(true);
    expect(rig.quarantine.items[0]?.original).toContain('Planning, edited');
  });
});

describe('a local change the sync finds before it is stamped', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it('is dated by the file’s time, so a later local edit beats an earlier Google one', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);

    rig.clock.advance(60_000);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning (Google)' });
    rig.clock.advance(60_000);
    rig.repository.userEdit(id, { title: 'Planning (Kira)' });
    const editedAt = rig.clock.now();
    const read = rig.repository.get.bind(rig.repository);
    jest.spyOn(rig.repository, 'get').mockImplementation(async (noteId) => {
      const note = await read(noteId);
      return note && { ...note, modifiedMs: editedAt };
    });
    rig.clock.advance(60_000);

    const report = await rig.engine.sync();

    expect(report.conflicts).toBe(1);
    expect(rig.repository.frontmatterOf(id)?.title).toBe('Planning (Kira)');
    expect(liveEvents(rig).map((live) => live.summary)).toEqual(['Planning (Kira)']);
  });
});

describe('after the sync ledger is lost', () => {
  let rig: Rig;

  beforeEach(async () => {
    rig = await startRig();
  });

  afterEach(async () => {
    await rig.close();
  });

  it('pushes nothing it cannot tell changed, and takes in what changed on Google meanwhile', async () => {
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await rig.engine.sync();
    const id = noteFor(rig, event.id);

    await rig.store.replaceLedger([]);
    rig.clock.advance(60_000);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning, moved' });
    rig.takeRequests();
    await rig.engine.queueChangedNotes();
    await rig.engine.fullResync();

    const writes = rig.takeRequests().filter((request) => request.method !== 'GET');
    expect(writes).toEqual([]);
    expect(rig.repository.frontmatterOf(id)?.title).toBe('Planning, moved');
    expect(liveEvents(rig).map((live) => live.summary)).toEqual(['Planning, moved']);
  });
});
