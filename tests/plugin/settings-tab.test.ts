import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { chooseOption, componentOf, findSetting, typeInto } from '../host';
import { DropdownComponent, TextComponent } from 'obsidian';
import { type KiraVaultUnderTest, openKira } from './support';

describe("Kira's settings tab", () => {
  let kira: KiraVaultUnderTest;

  beforeEach(async () => {
    kira = await openKira();
  });

  afterEach(async () => {
    await kira.close();
  });

  function saved(): Record<string, unknown> {
    const file = path.join(kira.dir, '.obsidian/plugins/kira/data.json');
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }

  function field(name: string) {
    const tab = kira.host.openSettings('kira');
    const setting = findSetting(tab.containerEl, name);
    return { setting, text: componentOf(setting, TextComponent) };
  }

  it('says what is wrong with a time zone and does not save it', async () => {
    const { setting, text } = field('Time zone');

    typeInto(text, 'Europe/Brusels');
    await kira.settle();

    expect(setting.descEl.textContent).toContain('"Europe/Brusels" is not a time zone');
    expect(kira.plugin.settings.timezone).toBe('');
  });

  it('saves a valid time zone to the plugin data at once', async () => {
    const { text } = field('Time zone');

    typeInto(text, 'europe/brussels');
    await kira.settle();

    expect(kira.plugin.settings.timezone).toBe('Europe/Brussels');
    expect(saved().timezone).toBe('Europe/Brussels');
  });

  it('refuses a task folder that nests inside the note folder', async () => {
    const { setting, text } = field('Tasks folder');

    typeInto(text, 'Notes/Tasks');
    await kira.settle();

    expect(setting.descEl.textContent).toContain('inside');
    expect(kira.plugin.settings.folders.task).toBe('Tasks');
  });

  it('refuses an edit delay out of bounds and saves one within them', async () => {
    const { setting, text } = field('Edit delay');

    typeInto(text, '5');
    await kira.settle();
    expect(setting.descEl.textContent).toContain('from 200 to 10000');

    typeInto(text, '800');
    await kira.settle();
    expect(saved().editDebounceMs).toBe(800);
  });

  it('saves the week start picked from the list', async () => {
    const tab = kira.host.openSettings('kira');
    const dropdown = componentOf(findSetting(tab.containerEl, 'Week starts on'), DropdownComponent);

    chooseOption(dropdown, '7');
    await kira.settle();

    expect(kira.plugin.settings.weekStart).toBe(7);
    expect(saved().weekStart).toBe(7);
  });
});
