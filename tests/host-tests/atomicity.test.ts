import { note, openVault, readDiskFile } from './support';

describe('Vault.process', () => {
  it('loses no update when fifty increments run at once', async () => {
    const { host, dir, close } = await openVault({ 'counter.md': '0' });
    const file = host.vault.getFileByPath('counter.md')!;

    await Promise.all(
      Array.from({ length: 50 }, () =>
        host.vault.process(file, (data) => String(Number(data) + 1)),
      ),
    );

    expect(readDiskFile(dir, 'counter.md')).toBe('50');
    await close();
  });

  it('makes a plain modify wait for a running read-modify-write', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'start' });
    const file = host.vault.getFileByPath('a.md')!;

    const processing = host.vault.process(file, (data) => `${data}+process`);
    const overwriting = host.vault.modify(file, 'overwritten');
    await Promise.all([processing, overwriting]);

    expect(readDiskFile(dir, 'a.md')).toBe('overwritten');
    expect(await processing).toBe('start+process');
    await close();
  });

  it('writes nothing and fires nothing when the callback throws', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'keep me' });
    const file = host.vault.getFileByPath('a.md')!;
    const modified: string[] = [];
    host.vault.on('modify', (f) => modified.push(f.path));

    await expect(
      host.vault.process(file, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await host.settle();

    expect(readDiskFile(dir, 'a.md')).toBe('keep me');
    expect(modified).toEqual([]);
    await close();
  });
});

describe('FileManager.processFrontMatter', () => {
  it('loses no update when twenty run at once', async () => {
    const { host, close } = await openVault({ 'a.md': note('count: 0\n') });
    const file = host.vault.getFileByPath('a.md')!;

    await Promise.all(
      Array.from({ length: 20 }, () =>
        host.fileManager.processFrontMatter(file, (fm: { count: number }) => {
          fm.count += 1;
        }),
      ),
    );
    await host.settle();

    expect(host.metadataCache.getFileCache(file)?.frontmatter).toEqual({ count: 20 });
    await close();
  });

  it('is atomic with Vault.process on the same file', async () => {
    const { host, dir, close } = await openVault({ 'a.md': note('count: 0\n', 'lines\n') });
    const file = host.vault.getFileByPath('a.md')!;

    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? host.fileManager.processFrontMatter(file, (fm: { count: number }) => {
              fm.count += 1;
            })
          : host.vault.process(file, (data) => `${data}x\n`),
      ),
    );

    expect(readDiskFile(dir, 'a.md')).toBe(note('count: 5\n', 'lines\nx\nx\nx\nx\nx\n'));
    await close();
  });

  it('throws on invalid YAML and leaves the file byte for byte as it was', async () => {
    const original = '---\ntitle: [unclosed\nstatus: todo\n---\r\nBody with CRLF\r\n';
    const { host, dir, close } = await openVault({ 'a.md': original });
    const file = host.vault.getFileByPath('a.md')!;
    const modified: string[] = [];
    host.vault.on('modify', (f) => modified.push(f.path));
    let wasCalled = false;

    await expect(
      host.fileManager.processFrontMatter(file, () => {
        wasCalled = true;
      }),
    ).rejects.toMatchObject({ name: 'YAMLParseError' });
    await host.settle();

    expect(wasCalled).toBe(false);
    expect(readDiskFile(dir, 'a.md')).toBe(original);
    expect(modified).toEqual([]);
    await close();
  });

  it('rewrites only the frontmatter block and keeps the body byte for byte', async () => {
    const body = '\n# Heading\n\n---\nnot frontmatter\n---\n  trailing spaces  \n';
    const { host, dir, close } = await openVault({
      'a.md': note('status: todo\ntags:\n- a\n', body),
    });
    const file = host.vault.getFileByPath('a.md')!;

    await host.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
      fm.status = 'done';
      fm.done_ts = '2024-05-01T10:00:00Z';
    });

    expect(readDiskFile(dir, 'a.md')).toBe(
      `---\nstatus: done\ntags:\n  - a\ndone_ts: 2024-05-01T10:00:00Z\n---\n${body}`,
    );
    await close();
  });

  it('adds a frontmatter block to a note that has none', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'Just text.\n' });
    const file = host.vault.getFileByPath('a.md')!;

    await host.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
      fm.id = 'note-1';
    });

    expect(readDiskFile(dir, 'a.md')).toBe('---\nid: note-1\n---\nJust text.\n');
    await close();
  });
});
