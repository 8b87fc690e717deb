import type { App } from './app';
import { newElement } from './dom';
import { Events } from './events';
import { TFile } from './files';
import type { MetadataCache } from './metadata-cache';
import { runtime } from './runtime';
import { debounce, type Debouncer } from './utils';

/** What a leaf shows: the host has no editor, so a leaf only knows its file. */
export interface HeadlessView {
  file: TFile | null;
  getViewType(): string;
  getDisplayText(): string;
}

/** A pane that can show one file. */
export class WorkspaceLeaf extends Events {
  view: HeadlessView;
  private readonly workspace: Workspace;

  /** Built by the workspace. */
  constructor(workspace: Workspace) {
    super();
    this.workspace = workspace;
    this.view = {
      file: null,
      getViewType: () => (this.view.file ? 'markdown' : 'empty'),
      getDisplayText: () => this.view.file?.basename ?? 'New tab',
    };
  }

  /** Shows the file here, makes this leaf active and fires 'file-open'. */
  openFile(file: TFile): Promise<void> {
    this.view.file = file;
    Workspace.activate(this.workspace, this);
    return Promise.resolve();
  }

  getViewState(): { type: string; state: Record<string, unknown> } {
    return {
      type: this.view.getViewType(),
      state: this.view.file ? { file: this.view.file.path } : {},
    };
  }

  getDisplayText(): string {
    return this.view.getDisplayText();
  }

  getIcon(): string {
    return 'document';
  }

  detach(): void {
    Workspace.detach(this.workspace, this);
  }

  /** The app of the workspace this leaf belongs to. */
  static appOf(leaf: WorkspaceLeaf): App | null {
    return Workspace.appOf(leaf.workspace);
  }
}

/**
 * The workspace without a screen: leaves that hold a file, the active file, 'file-open' and
 * 'active-leaf-change', and the layout-ready moment the host reaches at the end of its load.
 */
export class Workspace extends Events {
  activeLeaf: WorkspaceLeaf | null = null;
  containerEl: HTMLElement = newElement('div', { cls: 'workspace' });
  layoutReady = false;
  activeEditor: null = null;
  requestSaveLayout: Debouncer<[], Promise<void>> = debounce(() => Promise.resolve(), 0);

  private readonly leaves: WorkspaceLeaf[] = [];
  private readonly readyCallbacks: Array<() => unknown> = [];
  private readonly recentFiles: string[] = [];
  private app: App | null = null;

  /** Built by the host. */
  constructor(private readonly metadataCache: MetadataCache) {
    super();
  }

  /** Runs `callback` once the layout is ready; at once when it already is. */
  onLayoutReady(callback: () => unknown): void {
    if (this.layoutReady) runtime.invoke(callback, 'onLayoutReady callback');
    else this.readyCallbacks.push(callback);
  }

  getActiveFile(): TFile | null {
    return this.activeLeaf?.view.file ?? null;
  }

  /** The active leaf, or a new one when `newLeaf` asks for it or none exists. */
  getLeaf(newLeaf?: boolean | 'tab' | 'split' | 'window'): WorkspaceLeaf {
    if (newLeaf === undefined || newLeaf === false) {
      if (this.activeLeaf) return this.activeLeaf;
    }
    const leaf = new WorkspaceLeaf(this);
    this.leaves.push(leaf);
    return leaf;
  }

  getMostRecentLeaf(): WorkspaceLeaf | null {
    return this.activeLeaf;
  }

  getActiveViewOfType(_type: unknown): null {
    return null;
  }

  getLeavesOfType(viewType: string): WorkspaceLeaf[] {
    return this.leaves.filter((leaf) => leaf.view.getViewType() === viewType);
  }

  detachLeavesOfType(viewType: string): void {
    for (const leaf of this.getLeavesOfType(viewType)) leaf.detach();
  }

  iterateAllLeaves(callback: (leaf: WorkspaceLeaf) => unknown): void {
    for (const leaf of [...this.leaves]) callback(leaf);
  }

  iterateRootLeaves(callback: (leaf: WorkspaceLeaf) => unknown): void {
    this.iterateAllLeaves(callback);
  }

  revealLeaf(_leaf: WorkspaceLeaf): Promise<void> {
    return Promise.resolve();
  }

  getLastOpenFiles(): string[] {
    return [...this.recentFiles];
  }

  /** Opens the note a link text points to, as seen from `sourcePath`. */
  async openLinkText(
    linktext: string,
    sourcePath: string,
    newLeaf?: boolean | 'tab' | 'split' | 'window',
  ): Promise<void> {
    const file = this.metadataCache.getFirstLinkpathDest(linktext, sourcePath);
    if (file) await this.getLeaf(newLeaf).openFile(file);
  }

  static attachApp(workspace: Workspace, app: App): void {
    workspace.app = app;
  }

  static appOf(workspace: Workspace): App | null {
    return workspace.app;
  }

  /** Makes `leaf` active; fires 'active-leaf-change' and 'file-open'. */
  static activate(workspace: Workspace, leaf: WorkspaceLeaf): void {
    if (!workspace.leaves.includes(leaf)) workspace.leaves.push(leaf);
    workspace.activeLeaf = leaf;
    const file = leaf.view.file;
    if (file) {
      workspace.recentFiles.splice(
        0,
        workspace.recentFiles.length,
        file.path,
        ...workspace.recentFiles.filter((p) => p !== file.path),
      );
    }
    workspace.trigger('active-leaf-change', leaf);
    workspace.trigger('file-open', file);
  }

  static detach(workspace: Workspace, leaf: WorkspaceLeaf): void {
    const at = workspace.leaves.indexOf(leaf);
    if (at >= 0) workspace.leaves.splice(at, 1);
    if (workspace.activeLeaf !== leaf) return;
    workspace.activeLeaf = workspace.leaves[workspace.leaves.length - 1] ?? null;
    workspace.trigger('active-leaf-change', workspace.activeLeaf);
    workspace.trigger('file-open', workspace.getActiveFile());
  }

  /** Marks the layout ready and runs the callbacks waiting for it, in order. */
  static finishLayout(workspace: Workspace): void {
    if (workspace.layoutReady) return;
    workspace.layoutReady = true;
    for (const callback of workspace.readyCallbacks.splice(0))
      runtime.invoke(callback, 'onLayoutReady callback');
    workspace.trigger('layout-change');
  }
}
