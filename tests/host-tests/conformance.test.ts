/**
 * The host's `obsidian` module may only offer what Obsidian's type definitions declare: no
 * export and no public member that the real API lacks (apart from `App.appId`, a private API
 * plugins rely on). Checked by the type checker; the test below checks the same at run time.
 */
import type * as Real from 'obsidian';
import * as Host from '../host/obsidian';

type Extra<Mine, Theirs> = Exclude<keyof Mine, keyof Theirs>;
type None<T extends never> = T;

export type ConformanceChecks = [
  None<Extra<typeof Host, typeof Real>>,
  None<Extra<Host.Vault, Real.Vault>>,
  None<Extra<Host.FileSystemAdapter, Real.FileSystemAdapter>>,
  None<Extra<Host.TFile, Real.TFile>>,
  None<Extra<Host.TFolder, Real.TFolder>>,
  None<Extra<Host.MetadataCache, Real.MetadataCache>>,
  None<Extra<Host.FileManager, Real.FileManager>>,
  None<Extra<Host.Workspace, Real.Workspace>>,
  None<Extra<Host.WorkspaceLeaf, Real.WorkspaceLeaf>>,
  None<Exclude<Extra<Host.App, Real.App>, 'appId'>>,
  None<Extra<Host.SecretStorage, Real.SecretStorage>>,
  None<Extra<Host.Component, Real.Component>>,
  None<Extra<Host.Plugin, Real.Plugin>>,
  None<Extra<Host.Notice, Real.Notice>>,
  None<Extra<Host.Modal, Real.Modal>>,
  None<Extra<Host.SuggestModal<string>, Real.SuggestModal<string>>>,
  None<Extra<Host.FuzzySuggestModal<string>, Real.FuzzySuggestModal<string>>>,
  None<Extra<Host.Setting, Real.Setting>>,
  None<Extra<Host.TextComponent, Real.TextComponent>>,
  None<Extra<Host.DropdownComponent, Real.DropdownComponent>>,
  None<Extra<Host.ToggleComponent, Real.ToggleComponent>>,
  None<Extra<Host.ButtonComponent, Real.ButtonComponent>>,
  None<Extra<Host.ExtraButtonComponent, Real.ExtraButtonComponent>>,
  None<Extra<Host.SliderComponent, Real.SliderComponent>>,
  None<Extra<Host.PluginSettingTab, Real.PluginSettingTab>>,
  None<Extra<Host.Menu, Real.Menu>>,
  None<Extra<Host.MenuItem, Real.MenuItem>>,
  None<Extra<Host.ItemView, Real.ItemView>>,
  None<Extra<Host.Events, Real.Events>>,
  None<Extra<Host.Scope, Real.Scope>>,
  None<Extra<Host.Keymap, Real.Keymap>>,
  None<Extra<typeof Host.Platform, typeof Real.Platform>>,
];

describe('the host module', () => {
  it('exports classes and functions under the names Obsidian uses', () => {
    const exported = Object.keys(Host).sort();
    expect(exported).toEqual(
      expect.arrayContaining(['App', 'Plugin', 'Vault', 'TFile', 'Notice', 'requestUrl']),
    );
    for (const name of exported) {
      expect(['function', 'object', 'string']).toContain(
        typeof (Host as Record<string, unknown>)[name],
      );
    }
  });
});
