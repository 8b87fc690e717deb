import type { QuarantineDraft } from '../../src/quarantine/item';
import { QuarantineStore } from '../../src/quarantine/store';
import { FixedClock } from '../../src/time/clock';
import { FolderAdapter } from './folder-adapter';

const NOW = Date.UTC(2024, 3, 1, 9, 0);
const DAY = 24 * 60 * 60 * 1000;
const FOLDER = 'Kira/Quarantine';

/** A quarantine draft of `kind` for the note at `path`. */
function aDraft(fields: Partial<QuarantineDraft> = {}): QuarantineDraft {
  return {
    kind: 'rejected_transition',
    path: 'Tasks/Write the report.md',
    entity_id: 'task-20240301-0930-write-the-report',
    reason: 'A task can’t go from To do straight to Review.',
    errors: [{ field: 'status', code: 'not_allowed', message: 'Not allowed.' }],
    original: '---\nstatus: review\n---\nBody.\n',
    source: 'vault',
    correlation_id: 'corr-1',
    ...fields,
  };
}

let adapter: FolderAdapter;
let clock: FixedClock;
const warnings: string[] = [];
const log = { warn: (_event: string, message: string) => warnings.push(message) };

function aStore(): QuarantineStore {
  return new QuarantineStore(adapter, clock, { folder: FOLDER, log });
}

beforeEach(async () => {
  adapter = await FolderAdapter.temporary();
  clock = new FixedClock(NOW);
  warnings.length = 0;
});

afterEach(async () => {
  await adapter.dispose();
});

describe('adding to the quarantine', () => {
  it('writes one readable JSON file per item, with everything kept', async () => {
    const store = aStore();

    const item = await store.add(aDraft());

    const file = JSON.parse(await adapter.read(store.pathOf(item.id)));
    expect(file).toMatchObject({
      id: item.id,
      created_at: '2024-04-01T09:00:00Z',
      kind: 'rejected_transition',
      original: '---\nstatus: review\n---\nBody.\n',
      errors: [{ field: 'status', code: 'not_allowed', message: 'Not allowed.' }],
      status: 'open',
      correlation_id: 'corr-1',
    });
    expect(store.count()).toBe(1);
  });

  it('gives items made in the same second distinct ids', async () => {
    const store = aStore();

    const first = await store.add(aDraft());
    const second = await store.add(aDraft());

    expect(first.id).not.toBe(second.id);
    expect(store.count()).toBe(2);
  });

  it('keeps one open invalid item per note, updated by each newer invalid version', async () => {
    const store = aStore();
    const first = await store.add(aDraft({ kind: 'invalid', original: 'status: d' }));
    clock.advance(2000);

    const second = await store.add(aDraft({ kind: 'invalid', original: 'status: do' }));

    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ original: 'status: do', updated_at: '2024-04-01T09:00:02Z' });
    expect(store.count()).toBe(1);
  });

  it('uses the item id as correlation id when the draft has none', async () => {
    const store = aStore();

    const item = await store.add(aDraft({ correlation_id: undefined }));

    expect(item.correlation_id).toBe(item.id);
  });

  it('puts nothing in memory when the file cannot be written', async () => {
    const store = aStore();
    adapter.failWrites = new Error('disk full');

    await expect(store.add(aDraft())).rejects.toThrow('disk full');
    expect(store.count()).toBe(0);
  });
});

describe('after a restart', () => {
  it('counts the open items right, from the folder', async () => {
    const before = aStore();
    const kept = await before.add(aDraft());
    const discarded = await before.add(aDraft({ kind: 'refused_write' }));
    await before.add(aDraft({ kind: 'invalid', path: 'Tasks/Other.md' }));
    await before.discard(discarded.id);

    const after = aStore();
    const report = await after.load();

    expect(report).toEqual({ loaded: 3, skipped: [] });
    expect(after.count()).toBe(2);
    expect(after.get(kept.id)).toEqual(kept);
    expect(after.get(discarded.id)?.status).toBe('discarded');
  });

  it('holds nothing when the folder does not exist', async () => {
    const store = aStore();

    await expect(store.load()).resolves.toEqual({ loaded: 0, skipped: [] });
    expect(store.count()).toBe(0);
  });

  it('skips a corrupt item file with its reason, and loads the rest', async () => {
    const before = aStore();
    const good = await before.add(aDraft());
    await adapter.write(`${FOLDER}/broken.json`, '{"id": "x", "kind": ');
    await adapter.write(`${FOLDER}/partial.json`, JSON.stringify({ id: 'y', kind: 'invalid' }));
    await adapter.write(`${FOLDER}/newer.json`, JSON.stringify({ ...good, format: 9 }));
    await adapter.write(`${FOLDER}/readme.md`, 'Not an item.');

    const after = aStore();
    const report = await after.load();

    expect(report.loaded).toBe(1);
    expect(report.skipped).toEqual([
      { path: `${FOLDER}/broken.json`, reason: expect.stringContaining('not JSON') },
      { path: `${FOLDER}/newer.json`, reason: expect.stringContaining('newer Kira') },
      { path: `${FOLDER}/partial.json`, reason: expect.stringContaining('created_at') },
    ]);
    expect(warnings).toHaveLength(3);
    expect(after.list().map((item) => item.id)).toEqual([good.id]);
  });
});

describe('a quarantine folder deleted by the user', () => {
  it('is made again on the next add, with the open items written back', async () => {
    const store = aStore();
    await store.add(aDraft());
    await adapter.removeFolder('Kira');

    await store.add(aDraft({ kind: 'conflict' }));

    const restarted = aStore();
    await restarted.load();
    expect(restarted.count()).toBe(2);
    expect(warnings).toEqual([expect.stringContaining('was missing')]);
  });
});

describe('closing items', () => {
  it('resolves the open invalid items of a note that is valid again', async () => {
    const store = aStore();
    await store.add(aDraft({ kind: 'invalid' }));
    const rejected = await store.add(aDraft());

    const resolved = await store.resolveFor({ path: 'Tasks/Write the report.md' });

    expect(resolved.map((item) => item.status)).toEqual(['resolved']);
    expect(store.list().map((item) => item.id)).toEqual([rejected.id]);
    expect(store.openInvalid('Tasks/Write the report.md')).toBeUndefined();
  });

  it('resolves by entity id after the note was renamed', async () => {
    const store = aStore();
    await store.add(aDraft({ kind: 'invalid' }));

    await store.resolveFor({ entityId: 'task-20240301-0930-write-the-report' });

    expect(store.count()).toBe(0);
  });

  it('moves open items with a renamed note', async () => {
    const store = aStore();
    await store.add(aDraft({ kind: 'invalid' }));

    await store.followRename('Tasks/Write the report.md', 'Archive/Report.md');

    expect(store.openInvalid('Archive/Report.md')).toBeDefined();
  });

  it('discards and marks restored, and refuses to close an item twice', async () => {
    const store = aStore();
    const a = await store.add(aDraft());
    const b = await store.add(aDraft({ kind: 'conflict' }));

    await store.discard(a.id);
    await store.markRestored(b.id);

    expect([store.get(a.id)?.status, store.get(b.id)?.status]).toEqual(['discarded', 'restored']);
    await expect(store.discard(a.id)).rejects.toMatchObject({ code: 'not_open' });
    await expect(store.markRestored('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('tells listeners the open count after every change, until they stop', async () => {
    const store = aStore();
    const counts: number[] = [];
    const stop = store.onChange((count) => counts.push(count));

    const item = await store.add(aDraft());
    await store.add(aDraft({ kind: 'conflict' }));
    await store.discard(item.id);
    stop();
    await store.add(aDraft({ kind: 'runaway' }));

    expect(counts).toEqual([1, 2, 1]);
  });
});

describe('cleanup of closed items', () => {
  it('removes closed items older than the retention, and only those', async () => {
    const store = aStore();
    const old = await store.add(aDraft());
    await store.discard(old.id);
    const openOld = await store.add(aDraft({ kind: 'conflict' }));
    clock.advance(20 * DAY);
    const recent = await store.add(aDraft({ kind: 'refused_write' }));
    await store.markRestored(recent.id);
    clock.advance(11 * DAY);

    const removed = await store.cleanup(30 * DAY);

    expect(removed).toBe(1);
    expect(await adapter.exists(store.pathOf(old.id))).toBe(false);
    expect(store.get(old.id)).toBeUndefined();
    expect(
      store
        .list({ status: 'all' })
        .map((item) => item.id)
        .sort(),
    ).toEqual([openOld.id, recent.id].sort());
  });
});
