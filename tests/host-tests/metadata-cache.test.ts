import type { CachedMetadata, TFile } from 'obsidian';
import { note, openVault } from './support';

describe('the metadata cache', () => {
  it('updates after the vault announced the write, then fires changed with the written text', async () => {
    const { host, close } = await openVault({ 'a.md': note('status: todo\n') });
    const file = host.vault.getFileByPath('a.md')!;
    const timeline: string[] = [];
    host.vault.on('modify', () => {
      timeline.push(
        `modify sees status ${String(host.metadataCache.getFileCache(file)?.frontmatter?.status)}`,
      );
    });
    host.metadataCache.on('changed', (changed: TFile, data: string, cache: CachedMetadata) => {
      timeline.push(`changed ${changed.path} with ${String(cache.frontmatter?.status)}`);
      timeline.push(
        `getFileCache says ${String(host.metadataCache.getFileCache(changed)?.frontmatter?.status)}`,
      );
      timeline.push(`data ends with ${JSON.stringify(data.slice(-11))}`);
    });

    await host.vault.modify(file, note('status: doing\n'));
    timeline.push(
      `after await the cache says ${String(host.metadataCache.getFileCache(file)?.frontmatter?.status)}`,
    );
    await host.settle();

    expect(timeline).toEqual([
      'after await the cache says todo',
      'modify sees status todo',
      'changed a.md with doing',
      'getFileCache says doing',
      'data ends with "Body text.\\n"',
    ]);
    await close();
  });

  it('is built from the disk when the host opens, with no event', async () => {
    const content = note('id: task-1\ntags:\n  - work\n');
    const { host, close } = await openVault({ 'a.md': content });

    const cache = host.metadataCache.getCache('a.md');

    const closingDelimiterEnd = content.indexOf('\n---\n', 3) + '\n---'.length;
    expect(cache?.frontmatter).toEqual({ id: 'task-1', tags: ['work'] });
    expect(cache?.frontmatterPosition).toEqual({
      start: { line: 0, col: 0, offset: 0 },
      end: { line: 4, col: 3, offset: closingDelimiterEnd },
    });
    await close();
  });

  it('reads YAML with the core schema: dates stay strings', async () => {
    const { host, close } = await openVault({
      'a.md': note('due: 2024-05-01\nestimate: 2h\ncount: 3\nflag: true\n'),
    });

    expect(host.metadataCache.getCache('a.md')?.frontmatter).toEqual({
      due: '2024-05-01',
      estimate: '2h',
      count: 3,
      flag: true,
    });
    await close();
  });

  it('keeps the position but drops the frontmatter when the YAML is invalid', async () => {
    const { host, close } = await openVault({ 'a.md': note('title: [unclosed\n') });

    const cache = host.metadataCache.getCache('a.md');

    expect(cache?.frontmatter).toBeUndefined();
    expect(cache?.frontmatterPosition?.start.offset).toBe(0);
    await close();
  });

  it('finds headings, inline tags and links in the body, outside code', async () => {
    const body =
      '# Plan\nSome #work and [[Other note|the other]].\n```\n#not-a-tag [[not a link]]\n```\n## Next #2024\n';
    const { host, close } = await openVault({ 'a.md': note('id: x\n', body), 'Other note.md': '' });

    const cache = host.metadataCache.getCache('a.md')!;

    expect(cache.headings?.map((h) => [h.level, h.heading])).toEqual([
      [1, 'Plan'],
      [2, 'Next #2024'],
    ]);
    expect(cache.tags?.map((t) => t.tag)).toEqual(['#work']);
    expect(cache.links?.map((l) => [l.link, l.displayText])).toEqual([['Other note', 'the other']]);
    expect(host.metadataCache.resolvedLinks['a.md']).toEqual({ 'Other note.md': 1 });
    await close();
  });

  it('follows a renamed file without firing changed', async () => {
    const { host, close } = await openVault({ 'a.md': note('id: x\n') });
    const file = host.vault.getFileByPath('a.md')!;
    const changed: string[] = [];
    host.metadataCache.on('changed', (f: TFile) => changed.push(f.path));

    await host.vault.rename(file, 'b.md');
    await host.settle();

    expect(changed).toEqual([]);
    expect(host.metadataCache.getFileCache(file)?.frontmatter).toEqual({ id: 'x' });
    expect(host.metadataCache.getCache('b.md')?.frontmatter).toEqual({ id: 'x' });
    await close();
  });

  it('fires deleted with the previous cache after the vault delete event', async () => {
    const { host, close } = await openVault({ 'a.md': note('id: x\n') }, { trashOption: 'none' });
    const file = host.vault.getFileByPath('a.md')!;
    const order: string[] = [];
    host.vault.on('delete', () => order.push('vault delete'));
    host.metadataCache.on('deleted', (_f: TFile, previous: CachedMetadata | null) =>
      order.push(`cache deleted, had id ${String(previous?.frontmatter?.id)}`),
    );

    await host.fileManager.trashFile(file);
    await host.settle();

    expect(order).toEqual(['vault delete', 'cache deleted, had id x']);
    expect(host.metadataCache.getFileCache(file)).toBeNull();
    await close();
  });

  it('indexes a created note, then fires resolved', async () => {
    const { host, close } = await openVault();
    const events: string[] = [];
    host.metadataCache.on('changed', (f: TFile) => events.push(`changed ${f.path}`));
    host.metadataCache.on('resolved', () => events.push('resolved'));

    const file = await host.vault.create('a.md', note('n: 1\n'));
    await host.settle();

    expect(events).toEqual(['changed a.md', 'resolved']);
    expect(host.metadataCache.getFileCache(file)?.frontmatter).toEqual({ n: 1 });
    await close();
  });

  it('fires resolved after the last of several updates', async () => {
    const { host, close } = await openVault({ 'a.md': '', 'b.md': '', 'c.md': '' });
    const events: string[] = [];
    host.metadataCache.on('changed', (f: TFile) => events.push(`changed ${f.path}`));
    host.metadataCache.on('resolved', () => events.push('resolved'));

    const files = ['a.md', 'b.md', 'c.md'].map((path) => host.vault.getFileByPath(path)!);
    await Promise.all(files.map((file) => host.vault.modify(file, note('n: 1\n'))));
    await host.settle();

    expect(events.at(-1)).toBe('resolved');
    expect(events.filter((e) => e.startsWith('changed')).sort()).toEqual([
      'changed a.md',
      'changed b.md',
      'changed c.md',
    ]);
    await close();
  });

  it('resolves link paths: exact path, then by name nearest the source', async () => {
    const { host, close } = await openVault({
      'Projects/Plan.md': '',
      'Archive/Plan.md': '',
      'Projects/Sub/x.md': '',
    });

    expect(host.metadataCache.getFirstLinkpathDest('Archive/Plan', 'Projects/Sub/x.md')?.path).toBe(
      'Archive/Plan.md',
    );
    expect(host.metadataCache.getFirstLinkpathDest('Plan#Heading', 'Archive/y.md')?.path).toBe(
      'Archive/Plan.md',
    );
    expect(host.metadataCache.getFirstLinkpathDest('Missing', 'x.md')).toBeNull();
    await close();
  });
});
