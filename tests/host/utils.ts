import { runtime } from './runtime';

/** A call postponed until `timeout` ms after the last (or first) request. */
export interface Debouncer<T extends unknown[], V> {
  (...args: [...T]): this;
  cancel(): this;
  run(): V | void;
}

/**
 * Obsidian's debounce: the last arguments win; with `resetTimer` every call restarts the wait.
 * A pending call counts as work in flight, so `host.settle()` waits for it.
 */
export function debounce<T extends unknown[], V>(
  cb: (...args: [...T]) => V,
  timeout = 0,
  resetTimer = false,
): Debouncer<T, V> {
  let timer: number | null = null;
  let pendingArgs: [...T] | null = null;
  let finish: (() => void) | null = null;

  const settle = (): void => {
    timer = null;
    finish?.();
    finish = null;
  };
  const fire = (): V | void => {
    const args = pendingArgs;
    pendingArgs = null;
    if (timer !== null) window.clearTimeout(timer);
    settle();
    if (args) return cb(...args);
  };
  const debounced = function (this: unknown, ...args: [...T]) {
    pendingArgs = args;
    if (timer !== null && !resetTimer) return debounced;
    if (timer !== null) window.clearTimeout(timer);
    if (!finish) runtime.track(new Promise<void>((resolve) => (finish = resolve)), 'debounce');
    timer = window.setTimeout(() => runtime.invoke(fire, 'debounced callback'), timeout);
    return debounced;
  } as Debouncer<T, V>;
  debounced.cancel = () => {
    pendingArgs = null;
    if (timer !== null) window.clearTimeout(timer);
    settle();
    return debounced;
  };
  debounced.run = () => (pendingArgs ? fire() : undefined);
  return debounced;
}

/** Which platform the plugin believes it runs on; the host can change it. */
export const Platform = {
  isDesktop: true,
  isMobile: false,
  isDesktopApp: true,
  isMobileApp: false,
  isIosApp: false,
  isAndroidApp: false,
  isPhone: false,
  isTablet: false,
  isMacOS: process.platform === 'darwin',
  isWin: process.platform === 'win32',
  isLinux: process.platform === 'linux',
  isSafari: false,
  resourcePathPrefix: 'app://local/',
};

/** The Obsidian API version the host stands in for (the installed type definitions). */
export const apiVersion = '1.13.1';

/** True when `version` is at most the host's API version. */
export function requireApiVersion(version: string): boolean {
  const wanted = version.split('.').map(Number);
  const have = apiVersion.split('.').map(Number);
  for (let i = 0; i < Math.max(wanted.length, have.length); i++) {
    const difference = (have[i] ?? 0) - (wanted[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

export function getLanguage(): string {
  return 'en';
}

export function arrayBufferToBase64(buffer: ArrayBuffer): string {
  return Buffer.from(buffer).toString('base64');
}

export function base64ToArrayBuffer(base64: string): ArrayBuffer {
  const bytes = Buffer.from(base64, 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export function arrayBufferToHex(data: ArrayBuffer): string {
  return Buffer.from(data).toString('hex');
}

export function hexToArrayBuffer(hex: string): ArrayBuffer {
  const bytes = Buffer.from(hex, 'hex');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export type SearchMatches = Array<[number, number]>;

export interface SearchResult {
  score: number;
  matches: SearchMatches;
}

/**
 * Fuzzy search: the query's characters must appear in order. Contiguous runs score higher;
 * the exact ranking differs from Obsidian's.
 */
export function prepareFuzzySearch(query: string): (text: string) => SearchResult | null {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  return (text) => {
    const haystack = text.toLowerCase();
    const matches: SearchMatches = [];
    let from = 0;
    for (const char of needle) {
      const at = haystack.indexOf(char, from);
      if (at < 0) return null;
      const last = matches[matches.length - 1];
      if (last && last[1] === at) last[1] = at + 1;
      else matches.push([at, at + 1]);
      from = at + 1;
    }
    const gaps = matches.length - 1;
    const start = matches[0]?.[0] ?? 0;
    return { score: -(gaps * 10 + start) / Math.max(1, text.length), matches };
  };
}

/** Simple search: every word of the query appears in the text, in any order. */
export function prepareSimpleSearch(query: string): (text: string) => SearchResult | null {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return (text) => {
    const haystack = text.toLowerCase();
    const matches: SearchMatches = [];
    for (const word of words) {
      const at = haystack.indexOf(word);
      if (at < 0) return null;
      matches.push([at, at + word.length]);
    }
    return { score: 0, matches: matches.sort((a, b) => a[0] - b[0]) };
  };
}
