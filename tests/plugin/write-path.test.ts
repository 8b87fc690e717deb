import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { parseNote } from '../../src/frontmatter';
import { modalText } from '../host';
import { answerPrompt, type KiraVaultUnderTest, openKira, taskNote, waitFor } from './support';

const PASSPORT = 'Tasks/Renew passport.md';
const PASSPORT_ID = 'task-20261201-0900-renew-passport';

function frontmatterOf(text: string): Record<string, unknown> {
  const parsed = parseNote(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.note.frontmatter ?? {};
}

function statusBar(kira: KiraVaultUnderTest): string {
  return kira.host.statusBarItems.map((el) => el.textContent).join(' | ');
}

describe('the task state machine on user edits', () => {
  let kira: KiraVaultUnderTest;

  beforeEach(async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport', { tags: '[admin] # mine' }) });
  });

  afterEach(async () => {
    await kira.close();
  });

  it('fills in what an allowed transition sets, in one write', async () => {
    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: done'));
    await kira.settle();

    const text = kira.read(PASSPORT);
    const frontmatter = frontmatterOf(text);
    expect(frontmatter.status).toBe('done');
    expect(frontmatter.done_ts).toMatch(/Z$/);
    expect(frontmatter.entered_done_at).toBe(frontmatter.done_ts);
    expect(frontmatter.transition_count).toBe(1);
    expect(text).toContain('tags: [admin] # mine');
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('restores the last valid status of a refused move, keeping the rest of the save', async () => {
    const edited = kira
      .read(PASSPORT)
      .replace('status: todo', 'status: review')
      .replace('priority: normal', 'priority: high')
      .replace('Some notes.', 'Some notes.\nCall the embassy.');
    await kira.write(PASSPORT, edited);
    await kira.settle();

    const text = kira.read(PASSPORT);
    expect(frontmatterOf(text)).toMatchObject({
      status: 'todo',
      priority: 'high',
      transition_count: 0,
    });
    expect(text).toContain('Call the embassy.');
    expect(text).toContain('tags: [admin] # mine');

    const [item] = kira.plugin.runtime.quarantine.list();
    expect(item).toMatchObject({ kind: 'rejected_transition', path: PASSPORT, original: edited });
    expect(kira.host.noticeMessages().join('\n')).toMatch(/review/i);
    expect(statusBar(kira)).toContain('1 in quarantine');
  });

  it('asks for the reason a move needs and writes it with the move', async () => {
    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: blocked'));
    const settling = kira.settle();
    const prompt = await waitFor(() => kira.host.topModal(), 'the reason prompt');
    expect(modalText(prompt)).toMatch(/block/i);
    answerPrompt(prompt, 'Waiting for photos');
    await settling;

    expect(frontmatterOf(kira.read(PASSPORT))).toMatchObject({
      status: 'blocked',
      blocked_reason: 'Waiting for photos',
      transition_count: 1,
    });
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('restores the last valid status when the user cancels the reason prompt', async () => {
    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: blocked'));
    const settling = kira.settle();
    const prompt = await waitFor(() => kira.host.topModal(), 'the reason prompt');
    prompt.close();
    await settling;

    expect(frontmatterOf(kira.read(PASSPORT)).status).toBe('todo');
    expect(kira.plugin.runtime.quarantine.list().map((item) => item.kind)).toEqual([
      'rejected_transition',
    ]);
  });

  it('keeps an invalid value as written, lists it in quarantine, and resolves it once fixed', async () => {
    const invalid = kira.read(PASSPORT).replace('priority: normal', 'priority: someday');
    await kira.write(PASSPORT, invalid);
    await kira.settle();

    expect(kira.read(PASSPORT)).toBe(invalid);
    expect(kira.plugin.runtime.quarantine.list().map((item) => item.kind)).toEqual(['invalid']);
    expect(statusBar(kira)).toContain('1 in quarantine');

    await kira.write(PASSPORT, invalid.replace('priority: someday', 'priority: low'));
    await kira.settle();

    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
    expect(statusBar(kira)).toContain('quarantine empty');
  });

  it('never rewrites a note whose YAML is broken mid-edit', async () => {
    const broken = kira.read(PASSPORT).replace('priority: normal', 'priority: [normal');
    await kira.write(PASSPORT, broken);
    await kira.settle();

    expect(kira.read(PASSPORT)).toBe(broken);
    expect(kira.plugin.runtime.quarantine.list()[0]).toMatchObject({
      kind: 'invalid',
      original: broken,
    });
  });

  it('judges a status typed letter by letter once, when the typing stops', async () => {
    // A long delay, so that no letter is judged on its own however slow the machine is;
    // settle() sends the last edit on at once.
    await kira.close();
    kira = await openKira(
      { [PASSPORT]: taskNote('Renew passport', { tags: '[admin] # mine' }) },
      { editDebounceMs: 10_000 },
    );
    let text = kira.read(PASSPORT);
    for (const typed of ['d', 'do', 'don', 'done']) {
      text = text.replace(/^status: .*$/m, `status: ${typed}`);
      await kira.write(PASSPORT, text);
    }
    await kira.settle();

    expect(frontmatterOf(kira.read(PASSPORT))).toMatchObject({
      status: 'done',
      transition_count: 1,
    });
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('takes a note put back by a sync tool as an edit: an illegal step back is restored and the old copy kept', async () => {
    const original = kira.read(PASSPORT);
    await kira.write(PASSPORT, original.replace('status: todo', 'status: done'));
    await kira.settle();

    await kira.write(PASSPORT, original);
    await kira.settle();

    expect(frontmatterOf(kira.read(PASSPORT)).status).toBe('done');
    const [item] = kira.plugin.runtime.quarantine.list();
    expect(item?.original).toBe(original);
  });

  it('keeps quarantine counts across a restart', async () => {
    await kira.write(
      PASSPORT,
      kira.read(PASSPORT).replace('priority: normal', 'priority: someday'),
    );
    await kira.settle();

    await kira.restart();

    expect(kira.plugin.runtime.quarantine.count()).toBe(1);
    expect(statusBar(kira)).toContain('1 in quarantine');
  });

  it('recreates a quarantine folder the user deleted', async () => {
    await kira.write(
      PASSPORT,
      kira.read(PASSPORT).replace('priority: normal', 'priority: someday'),
    );
    await kira.settle();
    rmSync(path.join(kira.dir, 'Kira/Quarantine'), { recursive: true, force: true });

    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: review'));
    await kira.settle();

    expect(existsSync(path.join(kira.dir, 'Kira/Quarantine'))).toBe(true);
    expect(kira.plugin.runtime.quarantine.count()).toBeGreaterThan(0);
  });
});

describe('the single writer in the vault', () => {
  let kira: KiraVaultUnderTest;

  afterEach(async () => {
    await kira.close();
  });

  it('loses no update when five producers write one note at once', async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    const { queue } = kira.plugin.runtime;

    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        queue.edit({
          target: { entityId: PASSPORT_ID },
          edit: (text) => ({ text: `${text}line ${n}\n`, kind: 'task' }),
          source: 'test',
        }),
      ),
    );
    await kira.settle();

    const text = kira.read(PASSPORT);
    for (const n of [1, 2, 3, 4, 5]) expect(text).toContain(`line ${n}\n`);
    expect(frontmatterOf(text).status).toBe('todo');
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('keeps a user edit that lands while a Kira write waits', async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    const file = kira.host.app.vault.getFileByPath(PASSPORT)!;

    const kiraWrite = kira.plugin.runtime.queue.edit({
      target: { entityId: PASSPORT_ID },
      edit: (text) => ({ text: text.replace('priority: normal', 'priority: high'), kind: 'task' }),
      source: 'test',
    });
    const userWrite = kira.host.app.vault.process(file, (text) => `${text}Typed by the user.\n`);
    await Promise.all([kiraWrite, userWrite]);
    await kira.settle();

    const text = kira.read(PASSPORT);
    expect(text).toContain('priority: high');
    expect(text).toContain('Typed by the user.');
  });

  it('addresses writes by id, so a renamed note still gets them', async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    const file = kira.host.app.vault.getFileByPath(PASSPORT)!;

    await kira.host.app.fileManager.renameFile(file, 'Tasks/Passport.md');
    await kira.host.settle();
    const write = kira.plugin.runtime.queue.edit({
      target: { entityId: PASSPORT_ID },
      edit: (text) => ({ text: text.replace('priority: normal', 'priority: low'), kind: 'task' }),
      source: 'test',
    });
    await write;
    await kira.settle();

    expect(kira.read('Tasks/Passport.md')).toContain('priority: low');
    expect(kira.plugin.runtime.index.pathOf(PASSPORT_ID)).toBe('Tasks/Passport.md');
  });

  it('refuses a write to a deleted note without stalling the next one', async () => {
    kira = await openKira({
      [PASSPORT]: taskNote('Renew passport'),
      'Tasks/Other.md': taskNote('Other'),
    });
    const file = kira.host.app.vault.getFileByPath(PASSPORT)!;
    await kira.host.app.fileManager.trashFile(file);
    await kira.settle();

    const lost = kira.plugin.runtime.queue.edit({
      target: { entityId: PASSPORT_ID },
      edit: (text) => ({ text, kind: 'task' }),
      source: 'test',
    });
    const next = kira.plugin.runtime.queue.edit({
      target: { entityId: 'task-20261201-0900-other' },
      edit: (text) => ({ text: text.replace('priority: normal', 'priority: low'), kind: 'task' }),
      source: 'test',
    });

    await expect(lost).rejects.toMatchObject({ code: 'not_found' });
    await next;
    expect(kira.read('Tasks/Other.md')).toContain('priority: low');
  });

  it('indexes 1,000 entities and still judges an edit among them', async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 1000; n += 1) files[`Tasks/Task ${n}.md`] = taskNote(`Task ${n}`);
    kira = await openKira(files);

    expect(kira.plugin.runtime.index.size).toBe(1000);

    await kira.write(
      'Tasks/Task 500.md',
      kira.read('Tasks/Task 500.md').replace('status: todo', 'status: doing'),
    );
    await kira.settle();
    expect(frontmatterOf(kira.read('Tasks/Task 500.md'))).toMatchObject({
      status: 'doing',
      transition_count: 1,
    });
  });

  it('reports two notes that claim the same id', async () => {
    kira = await openKira({
      [PASSPORT]: taskNote('Renew passport'),
      'Tasks/Copy of passport.md': taskNote('Renew passport'),
    });

    const report = await kira.plugin.runtime.validate(() => undefined, false);

    expect(report.duplicateIds).toEqual([
      { id: PASSPORT_ID, paths: ['Tasks/Copy of passport.md', PASSPORT] },
    ]);
  });

  it('stops writing a note that Kira writes too often, and says so', async () => {
    kira = await openKira(
      { [PASSPORT]: taskNote('Renew passport') },
      {
        editDebounceMs: 200,
        runaway: { maxWrites: 3, windowSeconds: 60 },
      },
    );
    const write = (n: number) =>
      kira.plugin.runtime.queue.edit({
        target: { entityId: PASSPORT_ID },
        edit: (text) => ({ text: `${text}${n}\n`, kind: 'task' }),
        source: 'test',
      });

    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(write));
    await kira.settle();

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(outcomes[4]).toMatchObject({ status: 'rejected', reason: { code: 'runaway' } });
    expect(kira.host.noticeMessages().join('\n')).toContain('written too often');
  });
});

describe('notes Kira cannot read safely', () => {
  it('never rewrites a note whose bytes are not valid UTF-8', async () => {
    const kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    const bytes = Buffer.concat([
      Buffer.from(kira.read(PASSPORT).replace('Some notes.', 'Caf')),
      Buffer.from([0xe9, 0x0a]),
    ]);
    writeFileSync(path.join(kira.dir, PASSPORT), bytes);
    const file = kira.host.app.vault.getFileByPath(PASSPORT)!;
    await kira.host.app.vault.modify(file, new TextDecoder().decode(bytes));
    writeFileSync(path.join(kira.dir, PASSPORT), bytes);
    await kira.host.settle();

    const write = kira.plugin.runtime.queue.edit({
      target: { entityId: PASSPORT_ID },
      edit: (text) => ({ text: text.replace('priority: normal', 'priority: low'), kind: 'task' }),
      source: 'test',
    });

    await expect(write).rejects.toMatchObject({ code: 'not_utf8' });
    expect(readFileSync(path.join(kira.dir, PASSPORT)).equals(bytes)).toBe(true);
    await kira.close();
  });
});

describe('an entity note the user makes by hand', () => {
  it('is judged from its first save: an invalid one goes to the quarantine', async () => {
    const kira = await openKira({});
    await kira.host.app.vault.createFolder('Tasks');
    await kira.host.app.vault.create('Tasks/By hand.md', taskNote('By hand', { status: 'done' }));
    await kira.settle();

    const [item] = kira.plugin.runtime.quarantine.list();
    expect(item).toMatchObject({ kind: 'invalid', path: 'Tasks/By hand.md' });
    expect(item?.errors.map((issue) => issue.field)).toContain('done_ts');
    await kira.close();
  });
});

describe('a user edit that Kira has not judged yet', () => {
  let kira: KiraVaultUnderTest;

  beforeEach(async () => {
    kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
  });

  afterEach(async () => {
    await kira.close();
  });

  it('is still judged when a Kira write to the same note lands first', async () => {
    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: review'));
    await kira.plugin.runtime.queue.edit({
      target: { entityId: PASSPORT_ID },
      edit: (text) => ({ text: text.replace('priority: normal', 'priority: high'), kind: 'task' }),
      source: 'sync',
    });
    await kira.settle();

    expect(frontmatterOf(kira.read(PASSPORT))).toMatchObject({ status: 'todo', priority: 'high' });
    expect(kira.plugin.runtime.quarantine.list().map((item) => item.kind)).toEqual([
      'rejected_transition',
    ]);
  });

  it('is still judged when the note is renamed while the edit waits', async () => {
    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: review'));
    const file = kira.host.app.vault.getFileByPath(PASSPORT)!;
    await kira.host.app.fileManager.renameFile(file, 'Tasks/Passport.md');
    await kira.settle();

    expect(frontmatterOf(kira.read('Tasks/Passport.md')).status).toBe('todo');
    expect(kira.plugin.runtime.quarantine.list()[0]).toMatchObject({
      kind: 'rejected_transition',
      path: 'Tasks/Passport.md',
    });
  });
});

describe('a reason prompt left open', () => {
  it('does not hold up the judgement of other notes', async () => {
    const other = 'Tasks/Other.md';
    const kira = await openKira({
      [PASSPORT]: taskNote('Renew passport'),
      [other]: taskNote('Other'),
    });

    await kira.write(PASSPORT, kira.read(PASSPORT).replace('status: todo', 'status: blocked'));
    const settling = kira.settle();
    const prompt = await waitFor(() => kira.host.topModal(), 'the reason prompt');

    await kira.write(other, kira.read(other).replace('status: todo', 'status: review'));
    await kira.plugin.runtime.flushEvents();
    await kira.plugin.runtime.queue.idle();
    await kira.host.settle();
    expect(frontmatterOf(kira.read(other)).status).toBe('todo');

    prompt.close();
    await settling;
    expect(frontmatterOf(kira.read(PASSPORT)).status).toBe('todo');
    await kira.close();
  });
});

describe('unloading with a reason prompt open', () => {
  it('does not wait for the answer and leaves the note as the user saved it', async () => {
    const kira = await openKira({ [PASSPORT]: taskNote('Renew passport') });
    const saved = kira.read(PASSPORT).replace('status: todo', 'status: blocked');
    await kira.write(PASSPORT, saved);
    void kira.plugin.runtime.flushEvents();
    await waitFor(() => kira.host.topModal(), 'the reason prompt');

    await kira.plugin.runtime.close();

    expect(kira.read(PASSPORT)).toBe(saved);
    kira.host.topModal()?.close();
    await kira.close();
  });
});
