import { editNote } from '../../src/frontmatter';
import { isWriteError } from '../../src/queue/errors';
import { MemoryNoteWriter } from '../../src/queue/note-writer';
import { DEFAULT_WRITE_CONCURRENCY, type RefusedWrite } from '../../src/queue/write-queue';
import { validateEntity } from '../../src/entities/validate';
import {
  ZONE,
  aQueue,
  aVault,
  appending,
  bodyOf,
  frontmatterOf,
  incrementing,
  randomPauses,
  setting,
  sleep,
  taskNote,
} from './builders';

describe('the write queue keeps order per entity', () => {
  it('applies each entity’s writes in the order they were queued, whatever the delays', async () => {
    const vault = aVault(12, { pause: randomPauses(7, 3) });
    const queue = aQueue(vault);

    const writes = vault.ids.flatMap((id) =>
      Array.from({ length: 8 }, (_, mark) =>
        queue.edit({ target: { entityId: id }, edit: appending(mark), source: 'test' }),
      ),
    );
    await Promise.all(writes);

    for (const text of vault.writer.notes.values()) {
      expect(frontmatterOf(text)['x-log']).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('settles one entity’s writes in the order they were queued', async () => {
    const vault = aVault(3, { pause: randomPauses(11, 4) });
    const queue = aQueue(vault);
    const settled: string[] = [];

    const writes = [0, 1, 2, 3, 4, 5].map((mark) =>
      queue
        .edit({ target: { entityId: vault.ids[mark % 3]! }, edit: appending(mark), source: 'test' })
        .then(() => settled.push(`${mark % 3}:${mark}`)),
    );
    await Promise.all(writes);

    for (const entity of ['0', '1', '2']) {
      const own = settled.filter((entry) => entry.startsWith(`${entity}:`));
      expect(own).toEqual([...own].sort());
    }
  });
});

describe('the write queue bounds concurrency across entities', () => {
  it.each([1, 4])('never runs more than %i writes at once', async (concurrency) => {
    const vault = aVault(20, { pause: randomPauses(3, 2) });
    const queue = aQueue(vault, { concurrency });

    await Promise.all(
      vault.ids.map((id) =>
        queue.edit({ target: { entityId: id }, edit: incrementing, source: 'test' }),
      ),
    );

    expect(vault.writer.maxInFlight).toBe(concurrency);
  });

  it('refuses a concurrency that is not a whole number of at least one', () => {
    expect(() => aQueue(aVault(1), { concurrency: 0 })).toThrow(RangeError);
    expect(() => aQueue(aVault(1), { concurrency: 2.5 })).toThrow(RangeError);
  });
});

describe('a failing write never stalls the rest', () => {
  it('rejects the write whose edit throws and runs the next write of that entity', async () => {
    const vault = aVault(1);
    const queue = aQueue(vault);
    const target = { entityId: vault.ids[0]! };

    const failing = queue.edit({
      target,
      edit: () => {
        throw new Error('the script crashed');
      },
      source: 'script',
    });
    const next = queue.edit({ target, edit: setting({ priority: 'high' }), source: 'test' });

    await expect(failing).rejects.toThrow('the script crashed');
    await expect(next).resolves.toMatchObject({ outcome: 'written' });
    expect(frontmatterOf(vault.writer.notes.get('Tasks/Task 0.md')!).priority).toBe('high');
  });

  it('rejects a write whose note has gone and runs the writes behind it', async () => {
    const vault = aVault(2);
    const queue = aQueue(vault);
    vault.writer.notes.delete('Tasks/Task 0.md');

    const lost = queue.edit({
      target: { path: 'Tasks/Task 0.md' },
      edit: incrementing,
      source: 't',
    });
    const other = queue.edit({
      target: { entityId: vault.ids[1]! },
      edit: incrementing,
      source: 't',
    });

    await expect(lost).rejects.toThrow('No note at Tasks/Task 0.md');
    await expect(other).resolves.toMatchObject({ outcome: 'written' });
  });

  it('rejects a write for an id no note holds, with the code not_found', async () => {
    const queue = aQueue(aVault(1));
    const write = queue.edit({
      target: { entityId: 'task-20240301-0930-nowhere' },
      edit: incrementing,
      source: 't',
    });

    await expect(write).rejects.toMatchObject({ name: 'WriteError', code: 'not_found' });
  });
});

describe('validation before every write', () => {
  it('refuses an invalid result, writes nothing and hands it to onRefused', async () => {
    const vault = aVault(1);
    const refused: RefusedWrite[] = [];
    const queue = aQueue(vault, { onRefused: (refusal) => refused.push(refusal) });
    const before = vault.writer.notes.get('Tasks/Task 0.md');

    const write = queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: setting({ priority: 'someday', due: '31/02/2024' }),
      source: 'sync',
      correlationId: 'c-1',
    });

    await expect(write).rejects.toMatchObject({ code: 'invalid' });
    expect(vault.writer.notes.get('Tasks/Task 0.md')).toBe(before);
    expect(vault.writer.saves).toBe(0);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'invalid', source: 'sync', correlationId: 'c-1' });
    expect(refused[0]!.issues.map((issue) => issue.field).sort()).toEqual(['due', 'priority']);
    expect(frontmatterOf(refused[0]!.text).priority).toBe('someday');
  });

  it('refuses a result whose frontmatter cannot be read, with the codec’s code', async () => {
    const vault = aVault(1);
    const queue = aQueue(vault);

    const write = queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: (text) => ({ text: text.replace('title:', 'title: [unclosed'), kind: 'task' }),
      source: 'script',
    });

    const error: unknown = await write.catch((caught: unknown) => caught);
    expect(isWriteError(error, 'unparsable')).toBe(true);
    expect(isWriteError(error) && error.issues[0]?.code).toBe('invalid_yaml');
    expect(vault.writer.saves).toBe(0);
  });

  it('refuses a write that would change the id of the note it was addressed to', async () => {
    const vault = aVault(2);
    const queue = aQueue(vault);

    const write = queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: setting({ id: vault.ids[1] }),
      source: 'script',
    });

    await expect(write).rejects.toMatchObject({ code: 'invalid' });
    expect(vault.writer.saves).toBe(0);
  });

  it('writes nothing, and validates nothing, when the edit gives the text back', async () => {
    const vault = aVault(1);
    const broken = taskNote('Task 0', { priority: 'someday' });
    vault.writer.notes.set('Tasks/Task 0.md', broken);
    const queue = aQueue(vault);

    const receipt = await queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: (text) => ({ text, kind: 'task' }),
      source: 'guard',
    });

    expect(receipt.outcome).toBe('unchanged');
    expect(vault.writer.saves).toBe(0);
  });
});

describe('five producers writing one note at once', () => {
  it('lose no update through the queue, even over a writer that races', async () => {
    const vault = aVault(1, { pause: randomPauses(5, 2), isAtomic: false });
    const queue = aQueue(vault, { runaway: { maxWrites: 1000 } });
    const target = { entityId: vault.ids[0]! };

    const producers = Array.from({ length: 5 }, async (_, producer) => {
      for (let n = 0; n < 20; n += 1) {
        await sleep(producer % 2);
        await queue.edit({ target, edit: incrementing, source: `producer-${producer}` });
      }
    });
    await Promise.all(producers);

    const text = vault.writer.notes.get('Tasks/Task 0.md')!;
    expect(frontmatterOf(text)['x-count']).toBe(100);
    expect(validateEntity(frontmatterOf(text), 'task', { zone: ZONE })).toEqual([]);
    expect(bodyOf(text)).toBe('Notes.\n');
  });

  it('do lose updates when they call that writer directly (the race the queue prevents)', async () => {
    const writer = new MemoryNoteWriter({ pause: () => sleep(1), isAtomic: false });
    writer.notes.set('n.md', taskNote('Task 0'));

    await Promise.all(
      Array.from({ length: 5 }, () => writer.process('n.md', (text) => incrementing(text).text)),
    );

    expect(frontmatterOf(writer.notes.get('n.md')!)['x-count']).toBeLessThan(5);
  });
});

describe('a thousand entities', () => {
  it('are all written, validly, within the concurrency bound', async () => {
    const vault = aVault(1000, { pause: randomPauses(13, 1) });
    const queue = aQueue(vault);

    const writes = vault.ids.flatMap((id) => [
      queue.edit({ target: { entityId: id }, edit: setting({ priority: 'high' }), source: 't' }),
      queue.edit({ target: { entityId: id }, edit: incrementing, source: 't' }),
    ]);
    await queue.idle();

    expect(queue.pending).toBe(0);
    const receipts = await Promise.all(writes);
    expect(receipts.every((receipt) => receipt.outcome === 'written')).toBe(true);
    expect(vault.writer.maxInFlight).toBeLessThanOrEqual(DEFAULT_WRITE_CONCURRENCY);
    for (const text of vault.writer.notes.values()) {
      const frontmatter = frontmatterOf(text);
      expect([frontmatter.priority, frontmatter['x-count']]).toEqual(['high', 1]);
    }
  });
});

describe('upsert by id', () => {
  it('creates the note once and edits it afterwards, never a duplicate', async () => {
    const vault = aVault(0);
    const queue = aQueue(vault);
    const text = taskNote('Call the bank');
    const id = frontmatterOf(text).id as string;
    const upsert = () =>
      queue.upsert({
        entityId: id,
        newPath: () => 'Tasks/Call the bank.md',
        edit: (current) => (current === null ? { text, kind: 'task' } : incrementing(current)),
        source: 'sync',
      });

    const [first, second] = await Promise.all([upsert(), upsert()]);

    expect([first.outcome, second.outcome]).toEqual(['created', 'written']);
    expect([...vault.writer.notes.keys()]).toEqual(['Tasks/Call the bank.md']);
    expect(vault.index.pathOf(id)).toBe('Tasks/Call the bank.md');
  });

  it('gives new notes created at once distinct paths', async () => {
    const vault = aVault(0);
    const queue = aQueue(vault);
    const newPath = (isReserved: (path: string) => boolean): string => {
      let path = 'Tasks/Standup.md';
      for (let n = 2; isReserved(path) || vault.writer.notes.has(path); n += 1) {
        path = `Tasks/Standup ${n}.md`;
      }
      return path;
    };

    const texts = ['Standup', 'Standup ', ' Standup'].map((title, n) =>
      taskNote(title, { id: `task-20240301-0930-standup${n === 0 ? '' : `-${n + 1}`}` }),
    );
    await Promise.all(
      texts.map((text) =>
        queue.upsert({
          entityId: frontmatterOf(text).id as string,
          newPath,
          edit: () => ({ text, kind: 'task' }),
          source: 'command',
        }),
      ),
    );

    expect([...vault.writer.notes.keys()].sort()).toEqual([
      'Tasks/Standup 2.md',
      'Tasks/Standup 3.md',
      'Tasks/Standup.md',
    ]);
  });
});

describe('renames and deletes while writes wait', () => {
  it('follows a rename that happens while a write is queued', async () => {
    const vault = aVault(2, { pause: () => sleep(2) });
    const queue = aQueue(vault, { concurrency: 1 });
    const [busy, moved] = vault.ids as [string, string];

    const first = queue.edit({ target: { entityId: busy }, edit: incrementing, source: 't' });
    const second = queue.edit({ target: { entityId: moved }, edit: incrementing, source: 't' });
    vault.writer.rename('Tasks/Task 1.md', 'Archive/Task 1.md');
    vault.index.rename('Tasks/Task 1.md', 'Archive/Task 1.md');
    await Promise.all([first, second]);

    expect(frontmatterOf(vault.writer.notes.get('Archive/Task 1.md')!)['x-count']).toBe(1);
    expect(vault.writer.notes.has('Tasks/Task 1.md')).toBe(false);
  });

  it('trashes a note, forgets it in the index, and refuses later writes to it', async () => {
    const vault = aVault(1);
    const queue = aQueue(vault);
    const target = { entityId: vault.ids[0]! };

    const trashed = await queue.trash({ target, source: 'command' });
    const later = queue.edit({ target, edit: incrementing, source: 't' });

    expect(trashed).toMatchObject({ outcome: 'trashed', path: 'Tasks/Task 0.md' });
    expect(vault.writer.trashed.has('Tasks/Task 0.md')).toBe(true);
    expect(vault.index.has(vault.ids[0]!)).toBe(false);
    await expect(later).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('closing the queue', () => {
  it('refuses new writes and lets the accepted ones finish', async () => {
    const vault = aVault(2, { pause: () => sleep(1) });
    const queue = aQueue(vault);
    const accepted = vault.ids.map((id) =>
      queue.edit({ target: { entityId: id }, edit: incrementing, source: 't' }),
    );

    const closing = queue.close();
    const refused = queue.edit({
      target: { entityId: vault.ids[0]! },
      edit: incrementing,
      source: 't',
    });

    await expect(refused).rejects.toMatchObject({ code: 'closed' });
    await closing;
    await expect(Promise.all(accepted)).resolves.toHaveLength(2);
    expect(vault.writer.saves).toBe(2);
  });

  it('rejects the writes that had not started when asked to cancel them', async () => {
    const vault = aVault(1, { pause: () => sleep(1) });
    const queue = aQueue(vault);
    const target = { entityId: vault.ids[0]! };
    const running = queue.edit({ target, edit: incrementing, source: 't' });
    const waiting = queue.edit({ target, edit: incrementing, source: 't' });

    const cancelled = expect(waiting).rejects.toMatchObject({ code: 'closed' });
    await queue.close({ cancelQueued: true });

    await expect(running).resolves.toMatchObject({ outcome: 'written' });
    await cancelled;
    expect(frontmatterOf(vault.writer.notes.get('Tasks/Task 0.md')!)['x-count']).toBe(1);
  });
});

describe('an edit runs on the note as it is when the write starts', () => {
  it('keeps a user edit that landed while the write waited', async () => {
    const vault = aVault(1, { pause: () => sleep(2) });
    const queue = aQueue(vault);
    const target = { entityId: vault.ids[0]! };
    const path = 'Tasks/Task 0.md';

    const blocker = queue.edit({ target, edit: incrementing, source: 't' });
    const kiraWrite = queue.edit({ target, edit: setting({ priority: 'urgent' }), source: 'sync' });
    await sleep(1);
    vault.writer.userSave(path, editNote(vault.writer.notes.get(path)!, { assignee: 'ana' }));
    await Promise.all([blocker, kiraWrite]);

    const frontmatter = frontmatterOf(vault.writer.notes.get(path)!);
    expect([frontmatter.assignee, frontmatter.priority]).toEqual(['ana', 'urgent']);
  });
});
