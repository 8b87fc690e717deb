import type { SyncDirection } from '../calendar/context';
import type { WeekStart } from '../time/window';
import { canonicalZone, isValidZone, suggestZone } from '../time/zone';

/**
 * Kira's settings as plain data: their shape, their defaults, a check for every field the
 * settings tab shows, and the upgrade of whatever `loadData()` returns into valid settings.
 *
 * Adding a field: add it to `KiraSettings` and `DEFAULT_SETTINGS`, give it a reader in
 * `FIELD_READERS` (the type requires one), and when older data needs translating, bump
 * `SETTINGS_VERSION` and append a step to `UPGRADES`.
 */

export const SETTINGS_VERSION = 1;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type ModuleLogLevel = LogLevel | 'off';

/** Vault-relative folders where Kira creates each kind of entity. */
export interface EntityFolders {
  task: string;
  note: string;
  event: string;
}

export interface KiraSettings {
  settingsVersion: number;
  /** An IANA zone name; empty means the system zone. */
  timezone: string;
  weekStart: WeekStart;
  folders: EntityFolders;
  logLevel: LogLevel;
  /** Levels for single modules, overriding `logLevel`: `{ 'edit-guard': 'debug' }`. */
  logModules: Record<string, ModuleLogLevel>;
  /** Where rejected and invalid versions of notes are kept, one JSON file each. */
  quarantineFolder: string;
  /** How long Kira waits after the last keystroke before it judges an edit. */
  editDebounceMs: number;
  /** The runaway guard: more than `maxWrites` writes to one note within `windowSeconds` stop it. */
  runaway: RunawaySettings;
  /**
   * The client id of the user's Google Cloud "Desktop app" OAuth client; empty until set. Its
   * secret is kept in Obsidian's secret storage, never here.
   */
  googleClientId: string;
  /** The Google calendar synced with the event notes; empty until one is picked. */
  calendarId: string;
  /** Minutes between automatic syncs; 0 syncs only when asked (and at start-up). */
  syncIntervalMinutes: number;
  syncDirection: SyncDirection;
  /** Whether tasks with a due date sync as all-day events. */
  syncTasks: boolean;
  /** What an event cancelled on Google does to its note: trash it, or tag it `cancelled`. */
  onCancelled: 'trash' | 'mark';
  /**
   * For tests and the demo only, never shown: where the Google API and sign-in live instead of
   * Google's own servers. Loopback addresses only, so that a synced or shared `data.json`
   * cannot send the sign-in anywhere else. Null for Google.
   */
  calendarEndpoints: CalendarEndpoints | null;
}

/** Replacements for Google's endpoints; see `KiraSettings.calendarEndpoints`. */
export interface CalendarEndpoints {
  apiRootUrl?: string;
  authUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
}

export interface RunawaySettings {
  maxWrites: number;
  windowSeconds: number;
}

/** Bounds of the numeric fields, shown in their error messages. */
export const EDIT_DEBOUNCE_RANGE = { min: 200, max: 10_000 } as const;
export const RUNAWAY_WRITES_RANGE = { min: 2, max: 1000 } as const;
export const RUNAWAY_WINDOW_RANGE = { min: 1, max: 3600 } as const;
export const SYNC_INTERVAL_RANGE = { min: 0, max: 1440 } as const;

export const SYNC_DIRECTIONS: readonly SyncDirection[] = ['two-way', 'pull', 'push'];

export const DEFAULT_SETTINGS: KiraSettings = deepFreeze({
  settingsVersion: SETTINGS_VERSION,
  timezone: '',
  weekStart: 1,
  folders: { task: 'Tasks', note: 'Notes', event: 'Events' },
  logLevel: 'warn',
  logModules: {},
  quarantineFolder: 'Kira/Quarantine',
  editDebounceMs: 1500,
  runaway: { maxWrites: 10, windowSeconds: 10 },
  googleClientId: '',
  calendarId: '',
  syncIntervalMinutes: 5,
  syncDirection: 'two-way',
  syncTasks: false,
  onCancelled: 'trash',
  calendarEndpoints: null,
});

/** A fresh, mutable copy of the defaults. */
export function defaultSettings(): KiraSettings {
  return structuredClone(DEFAULT_SETTINGS);
}

/** The result of checking one field: the normalized value, or a message for the user. */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** A saved value that was unusable and replaced by its default. */
export interface SettingsRepair {
  field: keyof KiraSettings;
  message: string;
}

/**
 * Valid settings from anything `loadData()` may return: nothing, an older shape, a newer
 * one, or garbage. Fields Kira does not know are dropped; unusable values become defaults.
 */
export function upgradeSettings(saved: unknown): KiraSettings {
  return readSettings(saved).settings;
}

/**
 * As `upgradeSettings`, and says which saved fields were replaced by their defaults, so that
 * the plugin can log them. A bad folder among good ones is replaced without a repair entry.
 */
export function readSettings(saved: unknown): {
  settings: KiraSettings;
  repairs: SettingsRepair[];
} {
  if (!isRecord(saved)) return { settings: defaultSettings(), repairs: [] };

  const current = upgradeShape(saved);
  const settings = defaultSettings();
  const repairs: SettingsRepair[] = [];
  for (const field of Object.keys(FIELD_READERS) as (keyof KiraSettings)[]) {
    if (!Object.hasOwn(current, field)) continue;
    const read = FIELD_READERS[field](current[field]);
    if (read.ok) assign(settings, field, read.value);
    else repairs.push({ field, message: read.message });
  }
  return { settings, repairs };
}

// --- Field checks, one per field of the settings tab -----------------------------------------

/** An IANA zone name, or empty for the system zone. Case is corrected to the zone's own. */
export function checkTimezone(text: string): FieldCheck<string> {
  const typed = text.trim();
  if (typed === '' || isValidZone(typed)) return { ok: true, value: canonicalZone(typed) };

  const suggestion = suggestZone(typed);
  const hint = suggestion ? `Did you mean ${suggestion}? ` : '';
  return fail(
    `"${typed}" is not a time zone. ${hint}Use a name like Europe/Brussels, ` +
      'or leave empty for the system zone.',
  );
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** An ISO weekday: 1 (Monday) to 7 (Sunday), as a number, its text, or an English day name. */
export function checkWeekStart(text: string | number): FieldCheck<WeekStart> {
  const typed = String(text).trim().toLowerCase();
  const byName = WEEKDAYS.findIndex((day) => typed.length >= 3 && day.startsWith(typed)) + 1;
  const day = /^[1-7]$/.test(typed) ? Number(typed) : byName;
  if (day >= 1 && day <= 7) return { ok: true, value: day as WeekStart };

  return fail(`"${String(text)}" is not a day. Use 1 (Monday) to 7 (Sunday).`);
}

// Characters Obsidian refuses in file and folder names.
const FORBIDDEN_IN_NAMES = /[\\:*?"<>|]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * A folder inside the vault, written as Obsidian writes paths: `Work/Tasks`. Surrounding
 * spaces and slashes are trimmed (a leading `/` means the vault root, as in Obsidian),
 * repeated slashes collapse, `.` segments go. Refused: empty, `..`, paths of the computer
 * rather than the vault (`C:\`, `~/`, `\\server`), hidden folders (`.name`, which Obsidian does
 * not index) and characters Obsidian forbids in names.
 */
export function checkFolder(text: string): FieldCheck<string> {
  const typed = text.trim();
  if (/^([a-z]:|~(\/|$)|\\\\)/i.test(typed)) {
    return fail(`"${typed}" is a path on the computer. Use a folder inside the vault, like Tasks.`);
  }
  const forbidden = FORBIDDEN_IN_NAMES.exec(typed);
  if (forbidden) {
    return fail(`Folder names cannot contain ${forbidden[0]}. Use letters, digits, - or spaces.`);
  }
  if (CONTROL_CHARACTERS.test(typed))
    return fail('Folder names cannot contain control characters.');

  const segments = typed
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) return fail('Enter a folder inside the vault, like Tasks.');
  if (segments.includes('..')) {
    return fail(`"${typed}" leaves the vault (".."). Use a folder inside the vault, like Tasks.`);
  }
  const hidden = segments.find((segment) => segment.startsWith('.'));
  if (hidden !== undefined) {
    return fail(`"${hidden}" starts with a dot, so Obsidian hides it. Use a visible folder.`);
  }
  return { ok: true, value: segments.join('/') };
}

const KIND_NAMES: Record<keyof EntityFolders, string> = {
  task: 'task',
  note: 'note',
  event: 'event',
};

/**
 * The three entity folders differ and none lies inside another, since a note's kind can be
 * inferred from its folder. Compared without regard to case, as the file systems of macOS and
 * Windows do. Expects folders already normalized by `checkFolder`.
 */
export function checkFoldersDistinct(folders: EntityFolders): FieldCheck<EntityFolders> {
  const kinds = Object.keys(KIND_NAMES) as (keyof EntityFolders)[];
  for (const [index, outer] of kinds.entries()) {
    for (const inner of kinds.slice(index + 1)) {
      const clash = clashBetween(outer, folders[outer], inner, folders[inner]);
      if (clash !== null) return fail(clash);
    }
  }
  return { ok: true, value: { ...folders } };
}

/** One of `error`, `warn`, `info`, `debug`, in any case. */
export function checkLogLevel(text: string): FieldCheck<LogLevel> {
  const typed = text.trim().toLowerCase();
  const level = LOG_LEVELS.find((candidate) => candidate === typed);
  if (level !== undefined) return { ok: true, value: level };

  return fail(`"${text.trim()}" is not a log level. Use one of ${LOG_LEVELS.join(', ')}.`);
}

const MODULE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Per-module log levels as typed: `edit-guard=debug, queue=info` (commas or new lines between
 * entries; `off` silences a module). Empty text means none.
 */
export function checkLogModules(text: string): FieldCheck<Record<string, ModuleLogLevel>> {
  const levels: Record<string, ModuleLogLevel> = {};
  for (const entry of text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name = '', level = ''] = entry.split('=').map((part) => part.trim().toLowerCase());
    if (!MODULE_NAME.test(name)) {
      return fail(`"${entry}" does not start with a module name such as edit-guard.`);
    }
    const checked =
      level === 'off' ? { ok: true as const, value: 'off' as const } : checkLogLevel(level);
    if (!checked.ok) return fail(`In "${entry}": use one of ${LOG_LEVELS.join(', ')} or off.`);
    levels[name] = checked.value;
  }
  return { ok: true, value: levels };
}

/** The text form of per-module levels, as the settings field shows it. */
export function formatLogModules(levels: Record<string, ModuleLogLevel>): string {
  return Object.entries(levels)
    .map(([name, level]) => `${name}=${level}`)
    .join(', ');
}

/** A whole number within `range`, typed in a text field. */
export function checkWholeNumber(
  text: string | number,
  range: { min: number; max: number },
  what: string,
): FieldCheck<number> {
  const typed = String(text).trim();
  const value = Number(typed);
  if (typed !== '' && Number.isInteger(value) && value >= range.min && value <= range.max) {
    return { ok: true, value };
  }
  return fail(`${what} must be a whole number from ${range.min} to ${range.max}.`);
}

/** The quarantine folder: a vault folder that is not inside an entity folder. */
export function checkQuarantineFolder(text: string, folders: EntityFolders): FieldCheck<string> {
  const folder = checkFolder(text);
  if (!folder.ok) return folder;

  const lower = folder.value.toLowerCase();
  for (const kind of Object.keys(KIND_NAMES) as (keyof EntityFolders)[]) {
    const entityFolder = folders[kind].toLowerCase();
    if (lower === entityFolder || lower.startsWith(`${entityFolder}/`)) {
      return fail(`The quarantine cannot be inside the ${kind} folder "${folders[kind]}".`);
    }
  }
  return folder;
}

const CLIENT_ID = /^[A-Za-z0-9._-]+$/;

/**
 * The client id of a Google OAuth client as pasted: surrounding spaces go; empty means none
 * yet. Google's look like `1234-abc.apps.googleusercontent.com`; other ids are accepted (a
 * test server's), but not spaces, quotes or a pasted secret.
 */
export function checkClientId(text: string): FieldCheck<string> {
  const typed = text.trim();
  if (typed === '') return { ok: true, value: '' };
  if (typed.startsWith('GOCSPX-')) {
    return fail('This looks like the client secret. Paste it in the client secret field.');
  }
  if (typed.length > 200 || !CLIENT_ID.test(typed)) {
    return fail(
      'A client id has letters, digits, dots and dashes, like 1234-abc.apps.googleusercontent.com.',
    );
  }
  return { ok: true, value: typed };
}

/** A client secret as pasted: surrounding spaces go; empty keeps the saved one. */
export function checkClientSecret(text: string): FieldCheck<string> {
  const typed = text.trim();
  if (/\s/.test(typed)) return fail('A client secret has no spaces.');
  if (typed.endsWith('.apps.googleusercontent.com')) {
    return fail('This looks like the client ID. Paste it in the client ID field.');
  }
  return { ok: true, value: typed };
}

/** One of `two-way`, `pull` or `push`. */
export function checkSyncDirection(text: string): FieldCheck<SyncDirection> {
  const direction = SYNC_DIRECTIONS.find((candidate) => candidate === text.trim());
  if (direction !== undefined) return { ok: true, value: direction };
  return fail(`"${text}" is not a sync direction. Use two-way, pull or push.`);
}

/** The developer override of Google's endpoints: each one a loopback http(s) URL. */
export function checkCalendarEndpoints(saved: unknown): FieldCheck<CalendarEndpoints | null> {
  if (saved === null) return { ok: true, value: null };
  if (!isRecord(saved)) return wrongType(saved, 'loopback URLs of a test server');

  const endpoints: CalendarEndpoints = {};
  for (const key of ['apiRootUrl', 'authUrl', 'tokenUrl', 'revokeUrl'] as const) {
    const value = saved[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isLoopbackUrl(value)) {
      return fail(`calendarEndpoints.${key} must be an http URL on 127.0.0.1 or localhost.`);
    }
    endpoints[key] = value;
  }
  return { ok: true, value: endpoints };
}

function isLoopbackUrl(text: string): boolean {
  try {
    const url = new URL(text);
    const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
    return isHttp && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

// --- Upgrade ---------------------------------------------------------------------------------

type SavedRecord = Record<string, unknown>;

/**
 * `UPGRADES[v]` turns data saved at version `v` into version `v + 1`. Each step only renames
 * and reshapes; values are checked afterwards by the field readers.
 */
const UPGRADES: readonly ((saved: SavedRecord) => SavedRecord)[] = [
  // 0 to 1: the flat shape of early builds, which also had no `settingsVersion`:
  // { taskFolder, noteFolder, eventFolder, tz, weekStartsOnSunday: boolean, logLevel }.
  // Data without a version may also be a hand-edited current shape, so current names win.
  ({ taskFolder, noteFolder, eventFolder, tz, weekStartsOnSunday, ...rest }) => ({
    ...rest,
    timezone: rest['timezone'] ?? tz,
    weekStart: rest['weekStart'] ?? weekStartFromSundayFlag(weekStartsOnSunday),
    folders: rest['folders'] ?? { task: taskFolder, note: noteFolder, event: eventFolder },
  }),
];

function upgradeShape(saved: SavedRecord): SavedRecord {
  let version = savedVersion(saved);
  let current = saved;
  while (version < UPGRADES.length) {
    const step = UPGRADES[version];
    if (step) current = withoutUndefined(step(current));
    version++;
  }
  // Data from a newer Kira is read field by field as if it were current: the fields this
  // version knows are kept, the rest dropped. Open question: should a downgrade keep the newer
  // fields in plugin data so that upgrading again loses nothing?
  return current;
}

function savedVersion(saved: SavedRecord): number {
  const version = saved['settingsVersion'];
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

function weekStartFromSundayFlag(flag: unknown): WeekStart | undefined {
  if (typeof flag !== 'boolean') return undefined;
  return flag ? 7 : 1;
}

// --- Field readers ---------------------------------------------------------------------------

type FieldReaders = { [K in keyof KiraSettings]: (saved: unknown) => FieldCheck<KiraSettings[K]> };

const FIELD_READERS: FieldReaders = {
  settingsVersion: () => ({ ok: true, value: SETTINGS_VERSION }),
  timezone: (saved) =>
    typeof saved === 'string' ? checkTimezone(saved) : wrongType(saved, 'a zone name'),
  weekStart: (saved) =>
    typeof saved === 'string' || typeof saved === 'number'
      ? checkWeekStart(saved)
      : wrongType(saved, 'a day from 1 to 7'),
  folders: readFolders,
  logLevel: (saved) =>
    typeof saved === 'string' ? checkLogLevel(saved) : wrongType(saved, 'a log level'),
  logModules: (saved) =>
    isRecord(saved)
      ? checkLogModules(formatLogModules(saved as Record<string, ModuleLogLevel>))
      : wrongType(saved, 'module levels'),
  quarantineFolder: (saved) =>
    typeof saved === 'string' ? checkFolder(saved) : wrongType(saved, 'a folder'),
  editDebounceMs: (saved) =>
    typeof saved === 'number' || typeof saved === 'string'
      ? checkWholeNumber(saved, EDIT_DEBOUNCE_RANGE, 'The edit delay')
      : wrongType(saved, 'a number of milliseconds'),
  runaway: readRunaway,
  googleClientId: (saved) =>
    typeof saved === 'string' ? checkClientId(saved) : wrongType(saved, 'a client id'),
  calendarId: (saved) =>
    typeof saved === 'string' ? { ok: true, value: saved.trim() } : wrongType(saved, 'an id'),
  syncIntervalMinutes: (saved) =>
    typeof saved === 'number' || typeof saved === 'string'
      ? checkWholeNumber(saved, SYNC_INTERVAL_RANGE, 'The sync interval')
      : wrongType(saved, 'a number of minutes'),
  syncDirection: (saved) =>
    typeof saved === 'string' ? checkSyncDirection(saved) : wrongType(saved, 'a direction'),
  syncTasks: (saved) =>
    typeof saved === 'boolean' ? { ok: true, value: saved } : wrongType(saved, 'true or false'),
  onCancelled: (saved) =>
    saved === 'trash' || saved === 'mark'
      ? { ok: true, value: saved }
      : fail(`expected trash or mark, found ${String(saved)}`),
  calendarEndpoints: checkCalendarEndpoints,
};

function readRunaway(saved: unknown): FieldCheck<RunawaySettings> {
  if (!isRecord(saved)) return wrongType(saved, 'the runaway guard settings');
  const maxWrites = checkWholeNumber(
    String(saved['maxWrites']),
    RUNAWAY_WRITES_RANGE,
    'Writes per note',
  );
  const windowSeconds = checkWholeNumber(
    String(saved['windowSeconds']),
    RUNAWAY_WINDOW_RANGE,
    'The runaway window',
  );
  if (!maxWrites.ok) return maxWrites;
  if (!windowSeconds.ok) return windowSeconds;
  return { ok: true, value: { maxWrites: maxWrites.value, windowSeconds: windowSeconds.value } };
}

/** Each saved folder that passes `checkFolder` is kept; if the result clashes, all reset. */
function readFolders(saved: unknown): FieldCheck<EntityFolders> {
  if (!isRecord(saved)) return wrongType(saved, 'a folder for each kind');

  const folders = { ...DEFAULT_SETTINGS.folders };
  for (const kind of Object.keys(KIND_NAMES) as (keyof EntityFolders)[]) {
    const value = Object.hasOwn(saved, kind) ? saved[kind] : undefined;
    const read = typeof value === 'string' ? checkFolder(value) : null;
    if (read?.ok) folders[kind] = read.value;
  }
  return checkFoldersDistinct(folders);
}

// --- Helpers ---------------------------------------------------------------------------------

function clashBetween(
  kindA: keyof EntityFolders,
  folderA: string,
  kindB: keyof EntityFolders,
  folderB: string,
): string | null {
  const a = folderA.toLowerCase();
  const b = folderB.toLowerCase();
  if (a === b) {
    return `The ${kindA} and ${kindB} folders are both "${folderA}". Give each kind its own folder.`;
  }
  if (b.startsWith(`${a}/`)) return nestedMessage(kindB, folderB, kindA, folderA);
  if (a.startsWith(`${b}/`)) return nestedMessage(kindA, folderA, kindB, folderB);
  return null;
}

function nestedMessage(innerKind: string, inner: string, outerKind: string, outer: string): string {
  return (
    `The ${innerKind} folder "${inner}" is inside the ${outerKind} folder "${outer}". ` +
    'Use folders that do not contain each other.'
  );
}

function assign<K extends keyof KiraSettings>(
  settings: KiraSettings,
  field: K,
  value: KiraSettings[K],
): void {
  settings[field] = value;
}

function wrongType(saved: unknown, expected: string): { ok: false; message: string } {
  const found = saved === null ? 'nothing' : Array.isArray(saved) ? 'a list' : `a ${typeof saved}`;
  return fail(`expected ${expected}, found ${found}`);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

function isRecord(value: unknown): value is SavedRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutUndefined(record: SavedRecord): SavedRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
