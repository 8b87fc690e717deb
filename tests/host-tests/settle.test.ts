import { debounce, type TAbstractFile, TFile } from 'obsidian';
import { openVault, readDiskFile } from './support';

describe('settle', () => {
  it('waits for chains of handlers that react to events with more writes', async () => {
    const { host, dir, close } = await openVault({ 'a.md': '0' });
    host.vault.on('modify', async (file: TAbstractFile) => {
      if (!(file instanceof TFile) || file.path !== 'a.md') return;
      const count = Number(await host.vault.read(file));
      if (count < 5) await host.vault.modify(file, String(count + 1));
    });

    await host.vault.modify(host.vault.getFileByPath('a.md')!, '1');
    await host.settle();

    expect(readDiskFile(dir, 'a.md')).toBe('5');
    await close();
  });

  it('waits for a pending debounced call', async () => {
    const { host, close } = await openVault();
    const calls: number[] = [];
    const record = debounce((value: number) => calls.push(value), 20, true);

    record(1);
    record(2);
    await host.settle();

    expect(calls).toEqual([2]);
    await close();
  });

  it('records an error thrown by a handler, and the other handlers still run', async () => {
    const { host, close } = await openVault();
    const seen: string[] = [];
    host.vault.on('create', () => {
      throw new Error('handler broke');
    });
    host.vault.on('create', (file: TAbstractFile) => seen.push(file.path));

    await host.vault.create('a.md', '');
    await host.settle();

    expect(seen).toEqual(['a.md']);
    expect(host.errors).toEqual([
      { error: new Error('handler broke'), origin: "event 'create' handler" },
    ]);
    await close();
  });

  it('gives up with a clear error when activity never stops', async () => {
    const { host, close } = await openVault({ 'a.md': '0' }, { settleTimeoutMs: 200 });
    const file = host.vault.getFileByPath('a.md')!;
    let isRunning = true;
    host.vault.on('modify', () => {
      if (isRunning) void host.vault.modify(file, 'again');
    });

    await host.vault.modify(file, 'start');

    await expect(host.settle()).rejects.toMatchObject({ code: 'HOST_SETTLE_TIMEOUT' });
    isRunning = false;
    await close();
  });
});

describe('event timing', () => {
  it('never delivers an event in the same task as the write call, even unawaited', async () => {
    const { host, close } = await openVault({ 'a.md': '' });
    const file = host.vault.getFileByPath('a.md')!;
    const order: string[] = [];
    host.vault.on('modify', () => order.push('event'));

    const writing = host.vault.modify(file, 'x');
    order.push('call returned');
    await writing;
    order.push('write resolved');
    await host.settle();

    expect(order).toEqual(['call returned', 'write resolved', 'event']);
    await close();
  });
});
