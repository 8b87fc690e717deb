import { type SuggestModal, Vault } from 'obsidian';

import { parseNote } from '../../src/frontmatter';
import { chooseSuggestion, modalText, suggest } from '../host';
import { answerPrompt, type KiraVaultUnderTest, openKira, taskNote, waitFor } from './support';

const COMMENTED_TASK = taskNote('Renew passport', {
  tags: '[admin] # keep this comment',
});

describe('the Kira commands in the headless host', () => {
  let kira: KiraVaultUnderTest;

  beforeEach(async () => {
    kira = await openKira({
      'Tasks/Renew passport.md': COMMENTED_TASK,
      'Welcome.md': '# Welcome\n',
    });
  });

  afterEach(async () => {
    await kira.close();
  });

  it('indexes existing entities from the metadata cache when the layout is ready', () => {
    expect(kira.plugin.runtime.index.pathOf('task-20261201-0900-renew-passport')).toBe(
      'Tasks/Renew passport.md',
    );
    expect(kira.plugin.runtime.index.size).toBe(1);
  });

  it('creates a task in the task folder with canonical frontmatter after asking its title', async () => {
    kira.host.runCommand('kira:create-task');
    const prompt = await waitFor(() => kira.host.topModal(), 'the title prompt');
    answerPrompt(prompt, 'Write the report');
    await kira.settle();

    const text = kira.read('Tasks/Write the report.md');
    const parsed = parseNote(text);
    if (!parsed.ok) throw parsed.error;
    const frontmatter = parsed.note.frontmatter ?? {};
    expect(frontmatter.id).toMatch(/^task-\d{8}-\d{4}-write-the-report$/);
    expect(frontmatter).toMatchObject({ kind: 'task', title: 'Write the report', status: 'todo' });
    expect(text.split('\n').slice(1, 4)).toEqual([
      `id: ${String(frontmatter.id)}`,
      'kind: task',
      'title: Write the report',
    ]);
    expect(kira.plugin.runtime.index.pathOf(String(frontmatter.id))).toBe(
      'Tasks/Write the report.md',
    );
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('gives a second task with the same title a new file name and a new id', async () => {
    for (let round = 0; round < 2; round += 1) {
      kira.host.runCommand('kira:create-task');
      answerPrompt(await waitFor(() => kira.host.topModal(), 'the title prompt'), 'Same title');
      await kira.settle();
    }

    const first = parseNote(kira.read('Tasks/Same title.md'));
    const second = parseNote(kira.read('Tasks/Same title 2.md'));
    if (!first.ok || !second.ok) throw new Error('unreadable');
    expect(first.note.frontmatter?.id).not.toEqual(second.note.frontmatter?.id);
  });

  it('offers only the allowed next states and fills in what the move sets', async () => {
    await kira.host.setActiveFile(kira.host.app.vault.getFileByPath('Tasks/Renew passport.md'));
    kira.host.runCommand('kira:set-task-status');
    const picker = (await waitFor(
      () => kira.host.topModal(),
      'the status picker',
    )) as SuggestModal<string>;

    const shown = await suggest(picker, '');
    expect(shown.map((entry) => entry.value)).toEqual(['doing', 'blocked', 'done']);

    chooseSuggestion(picker, 'Doing');
    await kira.settle();

    const text = kira.read('Tasks/Renew passport.md');
    expect(text).toContain('tags: [admin] # keep this comment');
    expect(text).toMatch(/^status: doing$/m);
    expect(text).toMatch(/^start_ts: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/m);
    expect(text).toMatch(/^transition_count: 1$/m);
    expect(text.endsWith('---\nSome notes.\n')).toBe(true);
    expect(kira.plugin.runtime.quarantine.count()).toBe(0);
  });

  it('asks why before moving a task to blocked', async () => {
    await kira.host.setActiveFile(kira.host.app.vault.getFileByPath('Tasks/Renew passport.md'));
    kira.host.runCommand('kira:set-task-status');
    const picker = (await waitFor(
      () => kira.host.topModal(),
      'the status picker',
    )) as SuggestModal<string>;
    await suggest(picker, 'bl');
    chooseSuggestion(picker, 'Blocked');

    const why = await waitFor(
      () =>
        kira.host.topModal() && modalText(kira.host.topModal()!).includes('Why')
          ? kira.host.topModal()
          : null,
      'the reason prompt',
    );
    answerPrompt(why, 'Waiting for photos');
    await kira.settle();

    const text = kira.read('Tasks/Renew passport.md');
    expect(text).toMatch(/^status: blocked$/m);
    expect(text).toMatch(/^blocked_reason: Waiting for photos$/m);
  });

  it('lists each invalid note and its errors when validating the vault', async () => {
    await kira.write(
      'Tasks/Renew passport.md',
      COMMENTED_TASK.replace('priority: normal', 'priority: someday'),
    );
    kira.host.runCommand('kira:validate-vault');
    const report = await waitFor(
      () => kira.host.modals.find((modal) => modalText(modal).includes('vault check')),
      'the report',
    );
    await kira.settle();

    const text = modalText(report);
    expect(text).toContain('1 of 1 Kira note have problems');
    expect(text).toContain('Tasks/Renew passport.md');
    expect(text).toMatch(/priority: .*someday/);
  });

  it('reads no note while loading: the index comes from the metadata cache', async () => {
    const reads = (['read', 'cachedRead', 'readBinary'] as const).map((method) =>
      jest.spyOn(Vault.prototype, method),
    );

    await kira.restart();
    const calls = reads.map((spy) => spy.mock.calls.length);
    for (const spy of reads) spy.mockRestore();

    expect(calls).toEqual([0, 0, 0]);
    expect(kira.plugin.runtime.index.size).toBe(1);
  });
});

describe('unloading Kira', () => {
  it('while it is still starting leaves nothing registered and nothing open', async () => {
    const kira = await openKira({ 'Tasks/Renew passport.md': COMMENTED_TASK });
    const { plugin } = kira;
    const starting = plugin.runtime.start('unload-during-start');
    await plugin.runtime.close();
    const refs = await starting;

    expect(refs).toEqual([]);
    expect(plugin.runtime.isStopped).toBe(true);
    await kira.close();
  });
});
