/**
 * The headless host for tests and the demo. Import Obsidian's API from 'obsidian' (jest maps
 * it to ./obsidian) and the host's controls from here.
 */
export {
  DEFAULT_CONFIG_DIR,
  HeadlessHost,
  HostUsageError,
  loadPluginBundle,
  SettleTimeoutError,
} from './host';
/** The host's `obsidian` module itself, for a bundle that must hand it to `require('obsidian')`. */
export * as obsidianModule from './obsidian';
export type { CaughtError, HostOptions, HostUsageCode, RibbonIcon } from './host';
export type { HostSettings, NewFileLocation, TrashOption } from './context';
export type { NoticeRecord } from './shell';
export {
  chooseOption,
  chooseSuggestion,
  click,
  componentOf,
  findSetting,
  modalText,
  settingNames,
  settingsIn,
  suggest,
  typeInto,
} from './drive';
