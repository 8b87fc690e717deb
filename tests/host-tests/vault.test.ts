import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TFile, TFolder, type TAbstractFile } from 'obsidian';
import { DEFAULT_CONFIG_DIR } from '../host';
import { openVault, readDiskFile, recordVaultEvents, writeDiskFile } from './support';

describe('vault events', () => {
  it('fire modify only after the awaited write resolved, with the new bytes already on disk', async () => {
    const { host, dir, close } = await openVault({ 'Tasks/a.md': 'old\n' });
    const file = host.vault.getFileByPath('Tasks/a.md')!;
    const seenOnDisk: string[] = [];
    host.vault.on('modify', (modified) => seenOnDisk.push(readDiskFile(dir, modified.path)));

    await host.vault.modify(file, 'new\n');
    const deliveredBeforeResolve = seenOnDisk.length;
    await host.settle();

    expect(deliveredBeforeResolve).toBe(0);
    expect(seenOnDisk).toEqual(['new\n']);
    await close();
  });

  it('fire create with the TFile after the file exists on disk', async () => {
    const { host, dir, close } = await openVault();
    await host.vault.createFolder('Tasks');
    await host.settle();
    const created: Array<{ path: string; isOnDisk: boolean; isFile: boolean }> = [];
    host.vault.on('create', (file) =>
      created.push({
        path: file.path,
        isOnDisk: existsSync(path.join(dir, file.path)),
        isFile: file instanceof TFile,
      }),
    );

    const file = await host.vault.create('Tasks/new.md', 'hello');
    await host.settle();

    expect(created).toEqual([{ path: 'Tasks/new.md', isOnDisk: true, isFile: true }]);
    expect(host.vault.getAbstractFileByPath('Tasks/new.md')).toBe(file);
    expect(file.parent?.path).toBe('Tasks');
    await close();
  });

  it('fire delete after the file is gone from disk and from the tree', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'x' }, { trashOption: 'none' });
    const file = host.vault.getFileByPath('a.md')!;
    const deleted: Array<{ path: string; isOnDisk: boolean; isListed: boolean }> = [];
    host.vault.on('delete', (gone) =>
      deleted.push({
        path: gone.path,
        isOnDisk: existsSync(path.join(dir, gone.path)),
        isListed: host.vault.getAbstractFileByPath(gone.path) !== null,
      }),
    );

    await host.fileManager.trashFile(file);
    await host.settle();

    expect(deleted).toEqual([{ path: 'a.md', isOnDisk: false, isListed: false }]);
    await close();
  });

  it('keep the TFile object across a rename and pass the old path', async () => {
    const { host, dir, close } = await openVault({ 'Inbox/a.md': 'x', 'Done/keep.md': '' });
    const file = host.vault.getFileByPath('Inbox/a.md')!;
    const renames: Array<{ file: TAbstractFile; oldPath: string }> = [];
    host.vault.on('rename', (renamed, oldPath) => renames.push({ file: renamed, oldPath }));

    await host.fileManager.renameFile(file, 'Done/b.md');
    await host.settle();

    expect(renames).toEqual([{ file, oldPath: 'Inbox/a.md' }]);
    expect(file.path).toBe('Done/b.md');
    expect(file.basename).toBe('b');
    expect(file.parent).toBe(host.vault.getFolderByPath('Done'));
    expect(host.vault.getFileByPath('Done/b.md')).toBe(file);
    expect(host.vault.getFileByPath('Inbox/a.md')).toBeNull();
    expect(readDiskFile(dir, 'Done/b.md')).toBe('x');
    await close();
  });

  it('fire rename for a folder and for everything inside it', async () => {
    const { host, close } = await openVault({ 'Old/a.md': '', 'Old/Sub/b.md': '' });
    const renames: string[] = [];
    host.vault.on('rename', (file, oldPath) => renames.push(`${oldPath} -> ${file.path}`));

    await host.vault.rename(host.vault.getFolderByPath('Old')!, 'New');
    await host.settle();

    expect(renames.sort()).toEqual([
      'Old -> New',
      'Old/Sub -> New/Sub',
      'Old/Sub/b.md -> New/Sub/b.md',
      'Old/a.md -> New/a.md',
    ]);
    expect(host.vault.getFileByPath('New/Sub/b.md')?.parent?.path).toBe('New/Sub');
    await close();
  });

  it('are delivered in the order the writes reached the disk', async () => {
    const { host, close } = await openVault({ 'a.md': '' }, { trashOption: 'none' });
    const order = recordVaultEvents(host);

    const file = await host.vault.create('b.md', '1');
    await host.vault.modify(file, '2');
    await host.vault.rename(file, 'c.md');
    await host.fileManager.trashFile(file);
    await host.settle();

    expect(order).toEqual(['create b.md', 'modify b.md', 'rename c.md', 'delete c.md']);
    await close();
  });
});

describe('vault writes', () => {
  it('refuse to create a file that exists, and fire nothing', async () => {
    const { host, close } = await openVault({ 'a.md': 'mine' });
    const created: string[] = [];
    host.vault.on('create', (file) => created.push(file.path));

    await expect(host.vault.create('a.md', 'theirs')).rejects.toThrow('File already exists.');
    await host.settle();

    expect(created).toEqual([]);
    expect(await host.vault.read(host.vault.getFileByPath('a.md')!)).toBe('mine');
    await close();
  });

  it('refuse to create a file in a missing folder, as the desktop app does', async () => {
    const { host, close } = await openVault();

    await expect(host.vault.create('Nowhere/a.md', 'x')).rejects.toMatchObject({ code: 'ENOENT' });

    expect(host.vault.getAbstractFileByPath('Nowhere/a.md')).toBeNull();
    await close();
  });

  it('create folders with their missing parents, one create event each', async () => {
    const { host, close } = await openVault();
    const created: string[] = [];
    host.vault.on('create', (file) => created.push(file.path));

    const folder = await host.vault.createFolder('A/B');
    await host.settle();

    expect(folder).toBeInstanceOf(TFolder);
    expect(created).toEqual(['A', 'A/B']);
    await expect(host.vault.createFolder('A/B')).rejects.toThrow('Folder already exists.');
    await close();
  });

  it('update the stat of a file after each write', async () => {
    const { host, close } = await openVault({ 'a.md': 'x' });
    const file = host.vault.getFileByPath('a.md')!;

    await host.vault.append(file, 'yz');

    expect(file.stat.size).toBe(3);
    expect(await host.vault.read(file)).toBe('xyz');
    await host.vault.modify(file, 'a', { mtime: Date.UTC(2024, 0, 2) });
    expect(file.stat.mtime).toBe(Date.UTC(2024, 0, 2));
    await close();
  });

  it('copy a file to a free path and refuse a taken one', async () => {
    const { host, close } = await openVault({ 'a.md': 'body', 'b.md': '' });
    const source = host.vault.getFileByPath('a.md')!;

    const copy = await host.vault.copy(source, 'c.md');

    expect(await host.vault.read(copy)).toBe('body');
    await expect(host.vault.copy(source, 'b.md')).rejects.toThrow('File already exists.');
    await close();
  });

  it('reject writes to a file that was deleted', async () => {
    const { host, close } = await openVault({ 'a.md': 'x' }, { trashOption: 'none' });
    const file = host.vault.getFileByPath('a.md')!;
    await host.fileManager.trashFile(file);

    await expect(host.vault.modify(file, 'y')).rejects.toMatchObject({ code: 'HOST_STALE_FILE' });
    await close();
  });
});

describe('the file tree', () => {
  it('lists the folder on disk, leaving out the config dir and other hidden entries', async () => {
    const { host, close } = await openVault({
      'Tasks/a.md': '',
      'b.md': '',
      'image.png': '',
      [`${DEFAULT_CONFIG_DIR}/app.json`]: '{}',
      '.trash/old.md': '',
      'Tasks/.hidden.md': '',
    });

    expect(
      host.vault
        .getFiles()
        .map((file) => file.path)
        .sort(),
    ).toEqual(['Tasks/a.md', 'b.md', 'image.png']);
    expect(
      host.vault
        .getMarkdownFiles()
        .map((file) => file.path)
        .sort(),
    ).toEqual(['Tasks/a.md', 'b.md']);
    expect(host.vault.getRoot().isRoot()).toBe(true);
    expect(
      host.vault
        .getRoot()
        .children.map((child) => child.name)
        .sort(),
    ).toEqual(['Tasks', 'b.md', 'image.png']);
    expect(host.vault.getAbstractFileByPath(`${DEFAULT_CONFIG_DIR}/app.json`)).toBeNull();
    await close();
  });

  it('describes files as Obsidian does', async () => {
    const { host, close } = await openVault({ 'Notes/Weekly review.md': 'four' });
    const file = host.vault.getFileByPath('Notes/Weekly review.md')!;

    expect({
      name: file.name,
      basename: file.basename,
      extension: file.extension,
      size: file.stat.size,
    }).toEqual({
      name: 'Weekly review.md',
      basename: 'Weekly review',
      extension: 'md',
      size: 4,
    });
    expect(file.vault).toBe(host.vault);
    await close();
  });
});

describe('the data adapter', () => {
  it('writes, reads and lists any path, hidden ones included, and fires no vault event', async () => {
    const { host, dir, close } = await openVault({ 'a.md': '' });
    const events = recordVaultEvents(host);
    const adapter = host.vault.adapter;
    const pluginDir = `${host.vault.configDir}/plugins/kira`;
    const log = `${pluginDir}/log.jsonl`;

    await adapter.mkdir(pluginDir);
    await adapter.write(log, 'one\n');
    await adapter.append(log, 'two\n');
    await adapter.write('a.md', 'changed behind the vault');
    await host.settle();

    expect(events).toEqual([]);
    expect(readFileSync(path.join(dir, log), 'utf8')).toBe('one\ntwo\n');
    expect(await adapter.exists(log)).toBe(true);
    expect(await adapter.list(pluginDir)).toEqual({
      files: [log],
      folders: [],
    });
    expect((await adapter.stat(pluginDir))?.type).toBe('folder');
    expect(host.vault.getAbstractFileByPath(log)).toBeNull();
    await close();
  });

  it('refuses paths that leave the vault', async () => {
    const { host, close } = await openVault();

    expect(() => host.vault.adapter.read('../outside.md')).toThrow(
      expect.objectContaining({ code: 'HOST_PATH_OUTSIDE_VAULT' }),
    );
    await close();
  });

  it('leaves the vault tree alone when a file appears on disk behind its back', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'x' });

    writeDiskFile(dir, 'b.md', 'y');

    expect(await host.vault.adapter.exists('b.md')).toBe(true);
    expect(host.vault.getFileByPath('b.md')).toBeNull();
    await close();
  });
});
