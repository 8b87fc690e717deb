import { Platform, type TFile } from 'obsidian';
import { openVault } from './support';

describe('the workspace', () => {
  it('fires file-open and reports the active file', async () => {
    const { host, close } = await openVault({ 'a.md': '' });
    const file = host.vault.getFileByPath('a.md')!;
    const opened: Array<string | null> = [];
    host.workspace.on('file-open', (f: TFile | null) => opened.push(f?.path ?? null));

    await host.setActiveFile(file);
    const active = host.workspace.getActiveFile();
    await host.setActiveFile(null);

    expect(active).toBe(file);
    expect(opened).toEqual(['a.md', null]);
    expect(host.workspace.getActiveFile()).toBeNull();
    await close();
  });

  it('opens link text in a leaf', async () => {
    const { host, close } = await openVault({ 'Notes/Plan.md': '' });

    await host.workspace.openLinkText('Plan', '');

    expect(host.workspace.getActiveFile()?.path).toBe('Notes/Plan.md');
    await close();
  });
});

describe('the file manager', () => {
  it('picks the folder for new notes by the setting', async () => {
    const { host, close } = await openVault(
      { 'Inbox/a.md': '', 'Projects/x.md': '' },
      { newFileLocation: 'folder', newFileFolderPath: 'Inbox' },
    );

    const byFolder = host.fileManager.getNewFileParent('Projects/x.md').path;
    host.settings.newFileLocation = 'current';
    const byCurrent = host.fileManager.getNewFileParent('Projects/x.md').path;
    host.settings.newFileLocation = 'root';
    const byRoot = host.fileManager.getNewFileParent('Projects/x.md').path;

    expect([byFolder, byCurrent, byRoot]).toEqual(['Inbox', 'Projects', '/']);
    await close();
  });

  it('generates wikilinks that find the file', async () => {
    const { host, close } = await openVault({ 'A/Plan.md': '', 'B/Plan.md': '', 'Unique.md': '' });
    const unique = host.vault.getFileByPath('Unique.md')!;
    const ambiguous = host.vault.getFileByPath('A/Plan.md')!;

    expect(host.fileManager.generateMarkdownLink(unique, 'x.md')).toBe('[[Unique]]');
    expect(host.fileManager.generateMarkdownLink(ambiguous, 'x.md', '#Goals', 'the plan')).toBe(
      '[[A/Plan#Goals|the plan]]',
    );
    await close();
  });
});

describe('the app', () => {
  it('keeps secrets in memory and refuses malformed ids', async () => {
    const { host, close } = await openVault();
    const secrets = host.app.secretStorage;

    secrets.setSecret('google-refresh-token', 's3cret');

    expect(secrets.getSecret('google-refresh-token')).toBe('s3cret');
    expect(secrets.getSecret('missing')).toBeNull();
    expect(secrets.listSecrets()).toEqual(['google-refresh-token']);
    expect(() => secrets.setSecret('Bad Id', 'x')).toThrow('Invalid secret id');
    await close();
  });

  it('round-trips local storage per vault and clears it with null', async () => {
    const first = await openVault();
    const second = await openVault();

    first.host.app.saveLocalStorage('kira-last-sync', { at: 5 });

    expect(first.host.app.loadLocalStorage('kira-last-sync')).toEqual({ at: 5 });
    expect(second.host.app.loadLocalStorage('kira-last-sync')).toBeNull();
    first.host.app.saveLocalStorage('kira-last-sync', null);
    expect(first.host.app.loadLocalStorage('kira-last-sync')).toBeNull();
    await first.close();
    await second.close();
  });

  it('can pretend to be mobile while open, and restores the platform on close', async () => {
    const { close } = await openVault({}, { platform: { isMobile: true, isDesktop: false } });

    const whileOpen = { isMobile: Platform.isMobile, isDesktop: Platform.isDesktop };
    await close();

    expect(whileOpen).toEqual({ isMobile: true, isDesktop: false });
    expect({ isMobile: Platform.isMobile, isDesktop: Platform.isDesktop }).toEqual({
      isMobile: false,
      isDesktop: true,
    });
  });
});
