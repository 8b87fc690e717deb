import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DropdownComponent,
  Notice,
  Plugin,
  PluginSettingTab,
  Setting,
  TextComponent,
  ToggleComponent,
  type App,
  type TAbstractFile,
} from 'obsidian';
import {
  chooseOption,
  click,
  componentOf,
  DEFAULT_CONFIG_DIR,
  findSetting,
  settingNames,
  typeInto,
} from '../host';
import { manifest, openVault, writeDiskFile } from './support';

interface TasksSettings {
  folder: string;
  week: string;
  isVerbose: boolean;
}

/** A small plugin that uses the API the way Kira does. */
class TasksPlugin extends Plugin {
  declare settings: TasksSettings;
  readonly log: string[] = [];
  hasSelection = false;
  statusEl!: HTMLElement;

  override async onload(): Promise<void> {
    this.settings = {
      folder: 'Tasks',
      week: 'monday',
      isVerbose: false,
      ...((await this.loadData()) as object),
    };
    this.registerEvent(
      this.app.vault.on('create', (file: TAbstractFile) => this.log.push(`create ${file.path}`)),
    );
    this.app.workspace.onLayoutReady(() => {
      this.log.push('layout ready');
      this.registerEvent(
        this.app.vault.on('modify', (file: TAbstractFile) => this.log.push(`modify ${file.path}`)),
      );
    });
    this.addCommand({
      id: 'create-task',
      name: 'Create task',
      callback: async () => {
        await this.app.vault.create(`${this.settings.folder}/task.md`, 'new');
        new Notice('Task created');
      },
    });
    this.addCommand({
      id: 'archive-selection',
      name: 'Archive selection',
      checkCallback: (checking) => {
        if (!this.hasSelection) return false;
        if (!checking) this.log.push('archived');
        return true;
      },
    });
    this.addRibbonIcon('refresh-cw', 'Sync now', () => this.log.push('ribbon'));
    this.statusEl = this.addStatusBarItem();
    this.statusEl.setText('Nothing quarantined');
    this.addSettingTab(new TasksSettingTab(this.app, this));
  }

  override onunload(): void {
    this.log.push('unloaded');
  }
}

class TasksSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly sample: TasksPlugin,
  ) {
    super(app, sample);
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    new Setting(containerEl).setName('Folders').setHeading();
    const folder = new Setting(containerEl).setName('Task folder').setDesc('Where tasks go.');
    const error = folder.descEl.createDiv({ cls: 'tasks-setting-error' });
    folder.addText((text) =>
      text.setValue(this.sample.settings.folder).onChange(async (value) => {
        if (value.trim() === '') {
          error.setText('A folder name is required.');
          return;
        }
        error.setText('');
        this.sample.settings.folder = value;
        await this.sample.saveData(this.sample.settings);
      }),
    );
    new Setting(containerEl).setName('Week starts on').addDropdown((dropdown) =>
      dropdown
        .addOptions({ monday: 'Monday', sunday: 'Sunday' })
        .setValue(this.sample.settings.week)
        .onChange((value) => {
          this.sample.settings.week = value;
        }),
    );
    new Setting(containerEl).setName('Verbose log').addToggle((toggle) =>
      toggle.setValue(this.sample.settings.isVerbose).onChange((value) => {
        this.sample.settings.isVerbose = value;
      }),
    );
  }
}

const DATA_JSON = `${DEFAULT_CONFIG_DIR}/plugins/sample/data.json`;

async function loadSample(files: Record<string, string> = {}) {
  const opened = await openVault(files);
  const plugin = await opened.host.loadPlugin(TasksPlugin, manifest('sample', 'Sample'));
  return { ...opened, plugin };
}

describe('loading a plugin', () => {
  it('runs onload, replays create for existing files, then makes the layout ready', async () => {
    const { host, plugin, close } = await loadSample({ 'Tasks/a.md': '', 'b.md': '' });

    expect(host.isLayoutReady).toBe(true);
    expect(plugin.log.at(-1)).toBe('layout ready');
    expect(plugin.log.slice(0, -1).sort()).toEqual([
      'create Tasks',
      'create Tasks/a.md',
      'create b.md',
    ]);
    await close();
  });

  it('runs onLayoutReady callbacks at once once the layout is ready', async () => {
    const { host, close } = await loadSample();
    let hasRun = false;

    host.workspace.onLayoutReady(() => (hasRun = true));

    expect(hasRun).toBe(true);
    await close();
  });

  it('can skip the create replay', async () => {
    const opened = await openVault({ 'a.md': '' }, { emitCreateOnLoad: false });
    const plugin = await opened.host.loadPlugin(TasksPlugin, manifest());

    expect(plugin.log).toEqual(['layout ready']);
    await opened.close();
  });

  it('detaches registered events and removes commands, ribbon and status bar on unload', async () => {
    const { host, plugin, close } = await loadSample();

    host.unloadPlugin('sample');
    await host.vault.create('c.md', '');
    await host.settle();

    expect(plugin.log).toEqual(['layout ready', 'unloaded']);
    expect(host.commands()).toEqual([]);
    expect(host.ribbonIcons).toEqual([]);
    expect(host.statusBarItems).toEqual([]);
    await close();
  });
});

class BrokenPlugin extends Plugin {
  override async onload(): Promise<void> {
    this.addCommand({ id: 'never', name: 'Never', callback: () => undefined });
    await Promise.resolve();
    throw new Error('settings are corrupt');
  }
}

it('a plugin whose onload fails is reported and leaves nothing registered', async () => {
  const { host, close } = await openVault();

  await expect(host.loadPlugin(BrokenPlugin, manifest('broken'))).rejects.toMatchObject({
    code: 'HOST_PLUGIN_LOAD_FAILED',
    message: expect.stringContaining('settings are corrupt'),
  });

  expect(host.commands()).toEqual([]);
  await close();
});

describe('plugin data', () => {
  it('round-trips through data.json in the plugin folder on disk', async () => {
    const { host, dir, plugin, close } = await loadSample();

    await plugin.saveData({ folder: 'Work', week: 'sunday', isVerbose: true });

    const onDisk = readFileSync(path.join(dir, DATA_JSON), 'utf8');
    expect(JSON.parse(onDisk)).toEqual({ folder: 'Work', week: 'sunday', isVerbose: true });
    expect(await plugin.loadData()).toEqual({ folder: 'Work', week: 'sunday', isVerbose: true });
    expect(host.vault.getAbstractFileByPath(DATA_JSON)).toBeNull();
    await close();
  });

  it('is null when the plugin never saved any', async () => {
    const { plugin, close } = await loadSample();

    expect(await plugin.loadData()).toBeNull();
    await close();
  });

  it('is read by onload when it exists', async () => {
    const dirFiles = { [DATA_JSON]: JSON.stringify({ folder: 'Inbox' }) };
    const { plugin, close } = await loadSample(dirFiles);

    expect(plugin.settings.folder).toBe('Inbox');
    await close();
  });
});

describe('commands', () => {
  it('are registered under the plugin id and name', async () => {
    const { host, close } = await loadSample();

    expect(host.commands().map((c) => [c.id, c.name])).toEqual([
      ['sample:create-task', 'Sample: Create task'],
      ['sample:archive-selection', 'Sample: Archive selection'],
    ]);
    await close();
  });

  it('run their callback, and settle waits for the promise it returned', async () => {
    const { host, close } = await loadSample({ 'Tasks/keep.md': '' });

    expect(host.runCommand('sample:create-task')).toBe(true);
    await host.settle();

    expect(host.vault.getFileByPath('Tasks/task.md')).not.toBeNull();
    expect(host.noticeMessages()).toEqual(['Task created']);
    expect(host.errors).toEqual([]);
    await close();
  });

  it('with a checkCallback run only when the check allows it', async () => {
    const { host, plugin, close } = await loadSample();

    const ranWithout = host.runCommand('sample:archive-selection');
    plugin.hasSelection = true;
    const ranWith = host.runCommand('sample:archive-selection');

    expect([ranWithout, ranWith]).toEqual([false, true]);
    expect(plugin.log.filter((entry) => entry === 'archived')).toEqual(['archived']);
    await close();
  });

  it('record the error when their callback rejects', async () => {
    const { host, close } = await loadSample();

    host.runCommand('sample:create-task');
    await host.settle();

    expect(host.errors.map((e) => [e.origin, String(e.error)])).toEqual([
      ['command sample:create-task', expect.stringContaining('ENOENT')],
    ]);
    await close();
  });

  it('fail loudly for an unknown id', async () => {
    const { host, close } = await loadSample();

    expect(() => host.runCommand('sample:nope')).toThrow(
      expect.objectContaining({ code: 'HOST_UNKNOWN_COMMAND' }),
    );
    await close();
  });
});

describe('ribbon and status bar', () => {
  it('run the ribbon callback on click and show the status text', async () => {
    const { host, plugin, close } = await loadSample();

    host.clickRibbon('Sync now');
    plugin.statusEl.setText('Two quarantined');

    expect(plugin.log).toContain('ribbon');
    expect(host.statusBarItems.map((el) => el.getText())).toEqual(['Two quarantined']);
    await close();
  });
});

describe('the settings tab', () => {
  it('renders its rows and saves what is typed through onChange', async () => {
    const { host, dir, plugin, close } = await loadSample();
    const tab = host.openSettings('sample');

    expect(settingNames(tab.containerEl)).toEqual([
      'Folders',
      'Task folder',
      'Week starts on',
      'Verbose log',
    ]);
    typeInto(componentOf(findSetting(tab.containerEl, 'Task folder'), TextComponent), 'Projects');
    await host.settle();

    expect(plugin.settings.folder).toBe('Projects');
    const saved = JSON.parse(readFileSync(path.join(dir, DATA_JSON), 'utf8')) as TasksSettings;
    expect(saved.folder).toBe('Projects');
    await close();
  });

  it('shows a validation message and keeps the old value when the input is refused', async () => {
    const { host, plugin, close } = await loadSample();
    const tab = host.openSettings('sample');
    const row = findSetting(tab.containerEl, 'Task folder');

    typeInto(componentOf(row, TextComponent), '   ');
    await host.settle();

    expect(row.descEl.find('.tasks-setting-error')?.getText()).toBe('A folder name is required.');
    expect(plugin.settings.folder).toBe('Tasks');
    await close();
  });

  it('drives dropdowns and toggles', async () => {
    const { host, plugin, close } = await loadSample();
    const tab = host.openSettings('sample');

    chooseOption(
      componentOf(findSetting(tab.containerEl, 'Week starts on'), DropdownComponent),
      'sunday',
    );
    click(componentOf(findSetting(tab.containerEl, 'Verbose log'), ToggleComponent));

    expect(plugin.settings.week).toBe('sunday');
    expect(plugin.settings.isVerbose).toBe(true);
    expect(() =>
      chooseOption(
        componentOf(findSetting(tab.containerEl, 'Week starts on'), DropdownComponent),
        'friday',
      ),
    ).toThrow('No option friday');
    await close();
  });

  it('is emptied by hide', async () => {
    const { host, close } = await loadSample();
    const tab = host.openSettings('sample');

    host.closeSettings(tab);

    expect(settingNames(tab.containerEl)).toEqual([]);
    await close();
  });
});

it('a plugin sees edits made while it runs through the vault, as the editor makes them', async () => {
  const { host, dir, plugin, close } = await loadSample({ 'a.md': 'x' });
  writeDiskFile(dir, 'unrelated.txt', 'not seen by the vault');

  await host.vault.modify(host.vault.getFileByPath('a.md')!, 'edited by the user');
  await host.settle();

  expect(plugin.log).toContain('modify a.md');
  await close();
});
