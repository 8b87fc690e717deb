import { mulberry32 } from '../emulator';
import {
  type Engine,
  type Rig,
  addEventNote,
  contractOf,
  liveEvents,
  meeting,
  startRig,
} from './rig';

/** Two devices on one vault folder: every user edit reaches both engines. */
async function editLocally(rig: Rig, engines: Engine[], id: string, title: string) {
  rig.repository.userEdit(id, { title });
  for (const { engine } of engines) await engine.noteChanged(id);
}

/** Syncs every engine, in turn, until nothing changes. */
async function settle(engines: Engine[]) {
  for (let round = 0; round < 3; round += 1) {
    for (const { engine } of engines) await engine.sync();
  }
}

function expectConverged(rig: Rig) {
  const events = liveEvents(rig);
  const notes = [...rig.repository.notes.keys()];
  const remoteIds = notes.map((id) => contractOf(rig, id).remote_id);

  expect(new Set(remoteIds).size).toBe(notes.length);
  expect(events).toHaveLength(notes.length);
  for (const id of notes) {
    const event = events.find((candidate) => candidate.id === contractOf(rig, id).remote_id);
    expect(event?.summary).toBe(rig.repository.frontmatterOf(id)?.title);
    expect(contractOf(rig, id).pending).toBeUndefined();
  }
}

describe('two devices on one vault and one calendar', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.close());

  it('make no duplicates when both import and export at once, and converge', async () => {
    const devices = [rig as Engine, rig.addEngine()];
    for (let n = 0; n < 5; n += 1) rig.emulator.remote.insert('primary', meeting(`Remote ${n}`, n));
    for (let n = 0; n < 5; n += 1)
      addEventNote(rig, `event-20240304-0900-local-${n}`, `Local ${n}`);
    for (const id of rig.repository.notes.keys()) {
      for (const { engine } of devices) await engine.noteChanged(id);
    }

    await Promise.all(devices.map(({ engine }) => engine.sync()));
    await settle(devices);

    expect(rig.repository.notes.size).toBe(10);
    expectConverged(rig);
  });

  it('converge when both edit the same note concurrently', async () => {
    const devices = [rig as Engine, rig.addEngine()];
    const event = rig.emulator.remote.insert('primary', meeting('Planning'));
    await settle(devices);
    const [id] = [...rig.repository.notes.keys()];

    rig.clock.advance(2000);
    await editLocally(rig, devices, id!, 'Planning A');
    rig.clock.advance(2000);
    rig.emulator.remote.patch('primary', event.id, { summary: 'Planning G' });
    await Promise.all(devices.map(({ engine }) => engine.sync()));
    await settle(devices);

    expect(rig.repository.frontmatterOf(id!)?.title).toBe('Planning G');
    expectConverged(rig);
  });

  it('lose no edit and make no duplicate in 200 random edits on both sides, with faults', async () => {
    const devices = [rig as Engine, rig.addEngine()];
    const random = mulberry32(20240304);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let n = 0; n < 6; n += 1) rig.emulator.remote.insert('primary', meeting(`Remote ${n}`, n));
    for (let n = 0; n < 6; n += 1) {
      const id = `event-20240304-0900-local-${n}`;
      addEventNote(rig, id, `Local ${n}`);
      for (const { engine } of devices) await engine.noteChanged(id);
    }
    await settle(devices);
    rig.emulator.faults.random({ rate: 0.15, statuses: [429, 403, 500, 503], seed: 7 });

    const lastTitle = new Map<string, string>();
    for (let step = 0; step < 200; step += 1) {
      rig.clock.advance(1000 + Math.floor(random() * 2000));
      const id = pick([...rig.repository.notes.keys()]);
      const title = `Edit ${step}`;
      const remoteId = contractOf(rig, id).remote_id as string;
      const isOnGoogle = liveEvents(rig).some((event) => event.id === remoteId);

      if (random() < 0.5 || !isOnGoogle) await editLocally(rig, devices, id, title);
      else rig.emulator.remote.patch('primary', remoteId, { summary: title });
      lastTitle.set(id, title);

      if (random() < 0.3) {
        const syncing = random() < 0.3 ? devices : [pick(devices)];
        await Promise.all(syncing.map(({ engine }) => engine.sync().catch(() => undefined)));
      }
    }
    rig.emulator.faults.random(null);
    await settle(devices);

    expectConverged(rig);
    expect(rig.repository.notes.size).toBe(12);
    for (const [id, title] of lastTitle)
      expect(rig.repository.frontmatterOf(id)?.title).toBe(title);
    const faults = rig.emulator.requests.filter((request) => request.isFault).length;
    expect(faults).toBeGreaterThan(0);
  });
});
