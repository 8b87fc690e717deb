/**
 * The `obsidian` module of the headless host: jest maps `obsidian` here, and the demo bundles
 * it in place of the real app. Names and signatures follow Obsidian's type definitions
 * (obsidian 1.13.1); behaviour follows its documentation, over a real folder on disk.
 * Importing it installs Obsidian's globals (`createEl`, `activeWindow`, DOM helpers, ...).
 * Host-only controls live in ./host (HeadlessHost), never here.
 */
import { installGlobals } from './globals';

installGlobals();

export { FileSystemAdapter } from './adapter';
export type { DataWriteOptions, ListedFiles, Stat } from './adapter';
export { App, Keymap, Scope, SecretStorage } from './app';
export type { KeymapEventHandler, Modifier } from './app';
export { Component } from './component';
export { Events } from './events';
export type { EventRef } from './events';
export { FileManager } from './file-manager';
export { TAbstractFile, TFile, TFolder } from './files';
export type { FileStats } from './files';
export { addIcon, getIcon, getIconIds, removeIcon, setIcon, setTooltip } from './icons';
export {
  getAllTags,
  getFrontMatterInfo,
  getLinkpath,
  parseFrontMatterAliases,
  parseFrontMatterEntry,
  parseFrontMatterStringArray,
  parseFrontMatterTags,
  parseLinktext,
  parseYaml,
  stringifyYaml,
} from './markdown';
export type {
  CachedMetadata,
  CacheItem,
  EmbedCache,
  FrontMatterCache,
  FrontMatterInfo,
  HeadingCache,
  LinkCache,
  Loc,
  Pos,
  ReferenceCache,
  TagCache,
} from './markdown';
export { MetadataCache } from './metadata-cache';
export { FuzzySuggestModal, Modal, Notice, SuggestModal } from './modal';
export type { FuzzyMatch, Instruction } from './modal';
export { normalizePath } from './paths';
export { Plugin } from './plugin';
export type { Command, Hotkey, PluginManifest } from './plugin-types';
export { request, requestUrl } from './request';
export type { RequestUrlParam, RequestUrlResponse, RequestUrlResponsePromise } from './request';
export {
  AbstractTextComponent,
  BaseComponent,
  ButtonComponent,
  DropdownComponent,
  ExtraButtonComponent,
  PluginSettingTab,
  SearchComponent,
  Setting,
  SettingTab,
  SliderComponent,
  TextAreaComponent,
  TextComponent,
  ToggleComponent,
  ValueComponent,
} from './setting';
export {
  apiVersion,
  arrayBufferToBase64,
  arrayBufferToHex,
  base64ToArrayBuffer,
  debounce,
  getLanguage,
  hexToArrayBuffer,
  Platform,
  prepareFuzzySearch,
  prepareSimpleSearch,
  requireApiVersion,
} from './utils';
export type { Debouncer, SearchMatches, SearchResult } from './utils';
export { Vault } from './vault';
export {
  ItemView,
  MarkdownRenderChild,
  MarkdownRenderer,
  MarkdownView,
  Menu,
  MenuItem,
  View,
} from './views';
export { Workspace, WorkspaceLeaf } from './workspace';
