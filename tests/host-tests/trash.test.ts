import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openVault, readDiskFile, removeDir } from './support';

describe('FileManager.trashFile', () => {
  it("moves the file to the system trash when the option is 'system'", async () => {
    const systemTrash = mkdtempSync(path.join(os.tmpdir(), 'host-test-trash-'));
    const { host, dir, close } = await openVault(
      { 'a.md': 'bye' },
      { trashOption: 'system', systemTrash },
    );
    const deleted: string[] = [];
    host.vault.on('delete', (file) => deleted.push(file.path));

    await host.fileManager.trashFile(host.vault.getFileByPath('a.md')!);
    await host.settle();

    expect(existsSync(path.join(dir, 'a.md'))).toBe(false);
    expect(readDiskFile(systemTrash, 'a.md')).toBe('bye');
    expect(existsSync(path.join(dir, '.trash'))).toBe(false);
    expect(deleted).toEqual(['a.md']);
    await close();
    removeDir(systemTrash);
  });

  it('falls back to the vault trash when the system trash refuses', async () => {
    const { host, dir, close } = await openVault(
      { 'a.md': 'bye' },
      { trashOption: 'system', systemTrash: false },
    );

    await host.fileManager.trashFile(host.vault.getFileByPath('a.md')!);

    expect(readDiskFile(dir, '.trash/a.md')).toBe('bye');
    await close();
  });

  it("moves the file to .trash in the vault when the option is 'local', numbering clashes", async () => {
    const { host, dir, close } = await openVault(
      { 'a.md': 'first', 'Sub/a.md': 'second' },
      { trashOption: 'local' },
    );

    await host.fileManager.trashFile(host.vault.getFileByPath('a.md')!);
    await host.fileManager.trashFile(host.vault.getFileByPath('Sub/a.md')!);

    expect(readDiskFile(dir, '.trash/a.md')).toBe('first');
    expect(readDiskFile(dir, '.trash/a 1.md')).toBe('second');
    expect(host.vault.getAbstractFileByPath('.trash/a.md')).toBeNull();
    await close();
  });

  it("deletes the file for good when the option is 'none'", async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'bye' }, { trashOption: 'none' });

    await host.fileManager.trashFile(host.vault.getFileByPath('a.md')!);

    expect(existsSync(path.join(dir, 'a.md'))).toBe(false);
    expect(existsSync(path.join(dir, '.trash'))).toBe(false);
    await close();
  });

  it('follows a change of the option while the host is open', async () => {
    const { host, dir, close } = await openVault({ 'a.md': 'bye' }, { trashOption: 'none' });

    host.settings.trashOption = 'local';
    await host.fileManager.trashFile(host.vault.getFileByPath('a.md')!);

    expect(readDiskFile(dir, '.trash/a.md')).toBe('bye');
    await close();
  });
});
