import { editNote } from '../../src/frontmatter';
import type { NoteChange } from '../../src/queue/note-writer';
import { OwnWriteLedger } from '../../src/queue/own-writes';
import { FixedClock } from '../../src/time/clock';
import { NOW, aQueue, aVault, incrementing, setting, taskNote } from './builders';

const SECOND = 1000;

describe('Kira recognizes its own writes when the vault reports them', () => {
  it('recognizes every write the queue made, and no user save', async () => {
    const vault = aVault(3);
    const queue = aQueue(vault);
    const verdicts: Array<{ type: string; isOwn: boolean }> = [];
    vault.writer.onChange((change: NoteChange) => {
      verdicts.push({
        type: change.type,
        isOwn: queue.ledger.isOwnWrite(change.path, change.text),
      });
    });

    await Promise.all(
      vault.ids.map((id) =>
        queue.edit({ target: { entityId: id }, edit: incrementing, source: 't' }),
      ),
    );
    const path = 'Tasks/Task 0.md';
    vault.writer.userSave(path, editNote(vault.writer.notes.get(path)!, { assignee: 'ana' }));

    expect(verdicts).toEqual([
      { type: 'modify', isOwn: true },
      { type: 'modify', isOwn: true },
      { type: 'modify', isOwn: true },
      { type: 'modify', isOwn: false },
    ]);
  });

  it('recognizes a write reported before its promise settles', async () => {
    const vault = aVault(1);
    const queue = aQueue(vault);
    let isOwnWhenReported: boolean | null = null;
    vault.writer.onChange((change) => {
      isOwnWhenReported = queue.ledger.isOwnWrite(change.path, change.text);
    });

    const write = queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: incrementing,
      source: 't',
    });
    await write;

    expect(isOwnWhenReported).toBe(true);
  });

  it('recognizes a created note', async () => {
    const vault = aVault(0);
    const queue = aQueue(vault);
    const text = taskNote('Pay rent');
    let isOwn = false;
    vault.writer.onChange((change) => (isOwn = queue.ledger.isOwnWrite(change.path, change.text)));

    await queue.upsert({
      entityId: 'task-20240301-0930-pay-rent',
      newPath: () => 'Tasks/Pay rent.md',
      edit: () => ({ text, kind: 'task' }),
      source: 'command',
    });

    expect(isOwn).toBe(true);
  });
});

describe('the own-write ledger', () => {
  it('recognizes a write once: the same text reported again is a user edit', () => {
    const ledger = new OwnWriteLedger(new FixedClock(NOW));
    ledger.record('a.md', 'text one');

    expect(ledger.isOwnWrite('a.md', 'text one')).toBe(true);
    expect(ledger.isOwnWrite('a.md', 'text one')).toBe(false);
  });

  it('matches the exact text at the exact path only', () => {
    const ledger = new OwnWriteLedger(new FixedClock(NOW));
    ledger.record('a.md', 'text one');

    expect(ledger.isOwnWrite('a.md', 'text one ')).toBe(false);
    expect(ledger.isOwnWrite('b.md', 'text one')).toBe(false);
    expect(ledger.isOwnWrite('a.md', 'text one')).toBe(true);
  });

  it('recognizes several writes to one note reported out of order', () => {
    const ledger = new OwnWriteLedger(new FixedClock(NOW));
    ledger.record('a.md', 'first');
    ledger.record('a.md', 'second');

    expect(ledger.isOwnWrite('a.md', 'second')).toBe(true);
    expect(ledger.isOwnWrite('a.md', 'first')).toBe(true);
    expect(ledger.size).toBe(0);
  });

  it('forgets a write after its TTL', () => {
    const clock = new FixedClock(NOW);
    const ledger = new OwnWriteLedger(clock, { ttlMs: 5 * SECOND });
    ledger.record('a.md', 'early');
    ledger.record('b.md', 'early');

    clock.advance(5 * SECOND - 1);
    expect(ledger.isOwnWrite('a.md', 'early')).toBe(true);
    clock.advance(1);
    expect(ledger.isOwnWrite('b.md', 'early')).toBe(false);
  });

  it('sweeps expired writes so that memory stays bounded', () => {
    const clock = new FixedClock(NOW);
    const ledger = new OwnWriteLedger(clock, { ttlMs: SECOND });
    for (let n = 0; n < 200; n += 1) ledger.record(`note ${n}.md`, 'text');

    clock.advance(SECOND);
    expect(ledger.sweep()).toBe(200);
    expect(ledger.size).toBe(0);
  });

  it('survives a rename: a write then a rename is still recognized at the new path', async () => {
    const vault = aVault(1);
    const queue = aQueue(vault);
    const reports: NoteChange[] = [];
    vault.writer.onChange((change) => reports.push(change));

    await queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: setting({ priority: 'high' }),
      source: 't',
    });
    vault.writer.rename('Tasks/Task 0.md', 'Done/Task 0.md');
    queue.ledger.rename('Tasks/Task 0.md', 'Done/Task 0.md');

    // The modify report of the write reaches the plugin after the rename, under the new path.
    const written = reports.find((change) => change.type === 'modify')!;
    expect(queue.ledger.isOwnWrite('Done/Task 0.md', written.text)).toBe(true);
    expect(queue.ledger.isOwnWrite('Tasks/Task 0.md', written.text)).toBe(false);
  });

  it('forgets a deleted note’s writes', () => {
    const ledger = new OwnWriteLedger(new FixedClock(NOW));
    ledger.record('a.md', 'text');
    ledger.forget('a.md');

    expect(ledger.isOwnWrite('a.md', 'text')).toBe(false);
  });
});
