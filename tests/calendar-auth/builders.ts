/** Builders for the sign-in tests: an emulator, a secret store that keeps a log, a browser. */
import * as http from 'node:http';

import { calendar, type calendar_v3 } from '@googleapis/calendar';

import {
  GoogleAuth,
  SECRET_IDS,
  type GoogleAuthDeps,
  type HttpModule,
  type SecretStore,
} from '../../src/calendar/auth';
import { FixedClock } from '../../src/time/clock';
import { CalendarEmulator } from '../emulator';

/** A secret store in memory that remembers every write, as Obsidian's has no delete. */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  readonly writes: { id: string; value: string }[] = [];

  get(id: string): string | null {
    return this.values.get(id) ?? null;
  }

  set(id: string, value: string): void {
    this.values.set(id, value);
    this.writes.push({ id, value });
  }

  /** The ids that hold something other than ''. */
  liveIds(): string[] {
    return [...this.values].filter(([, value]) => value !== '').map(([id]) => id);
  }
}

/** Plays the system browser: what it does with the consent URL Kira opens. */
export type Browser = (consentUrl: URL) => Promise<void>;

/** Approves: follows the consent page's redirect to the loopback server, as a browser would. */
export const approvingBrowser: Browser = async (consentUrl) => {
  const response = await fetch(consentUrl, { redirect: 'follow' });
  await response.text();
};

/** The consent page's redirect target, without following it. */
export async function consentRedirect(consentUrl: URL): Promise<URL> {
  const response = await fetch(consentUrl, { redirect: 'manual' });
  await response.text();
  return new URL(response.headers.get('location') ?? '');
}

/** Opens a URL as the browser tab would, and reads the page. */
export async function visit(url: URL | string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

export interface SignInHarness {
  emulator: CalendarEmulator;
  clock: FixedClock;
  secrets: MemorySecrets;
  auth: GoogleAuth;
  /** Every consent URL Kira opened. */
  opened: URL[];
  /** How often `node:http` was asked for. */
  httpLoads: () => number;
  /** The plugin's `data.json` stand-in: what Kira keeps in plain settings. */
  pluginData: { clientId: string; calendarId: string };
  /** A calendar client over `auth.client()`, as the sync would build it. */
  calendarApi(): calendar_v3.Calendar;
  close(): Promise<void>;
}

export interface SignInOptions {
  browser?: Browser;
  deps?: Partial<GoogleAuthDeps>;
}

/**
 * An emulator that accepts only the tokens it issued, and a `GoogleAuth` pointed at it with a
 * browser that approves at once unless told otherwise.
 */
export async function startSignIn(options: SignInOptions = {}): Promise<SignInHarness> {
  // Pinned, but at the real time: google-auth-library stamps token expiry with `Date`, so a
  // clock in another year would make every token look fresh or stale to one side only.
  const clock = new FixedClock(Date.now());
  const emulator = await CalendarEmulator.start({
    clock: () => clock.now(),
    auth: { mode: 'issued' },
  });
  const secrets = new MemorySecrets();
  secrets.set(SECRET_IDS.clientSecret, 'kira-emulator-secret');
  const pluginData = { clientId: 'kira-emulator-client', calendarId: 'primary' };

  const opened: URL[] = [];
  const browser = options.browser ?? approvingBrowser;
  let loads = 0;
  const loadHttp = (): Promise<HttpModule> => {
    loads += 1;
    return Promise.resolve(http);
  };

  const auth = new GoogleAuth({
    secrets,
    clientConfig: () => ({
      clientId: pluginData.clientId,
      clientSecret: secrets.get(SECRET_IDS.clientSecret) ?? '',
    }),
    isDesktop: true,
    openExternal: async (url) => {
      opened.push(new URL(url));
      await browser(new URL(url));
    },
    endpoints: {
      authUrl: emulator.authUrl,
      tokenUrl: emulator.tokenUrl,
      revokeUrl: emulator.revokeUrl,
      apiRootUrl: emulator.rootUrl,
    },
    clock,
    fetchImplementation: fetch,
    loadHttp,
    ...options.deps,
  });

  return {
    emulator,
    clock,
    secrets,
    auth,
    opened,
    httpLoads: () => loads,
    pluginData,
    calendarApi: () =>
      calendar({
        version: 'v3',
        rootUrl: emulator.rootUrl,
        auth: auth.client(),
        fetchImplementation: fetch,
        retry: false,
      }),
    close: () => emulator.close(),
  };
}

/** The rejection of `work`, which must reject. */
export async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('Expected the call to fail, and it succeeded.');
}

/** True when nothing listens on the port any more. */
export async function isPortFree(port: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port: Number(port), path: '/callback' });
    request.on('response', (response) => {
      response.resume();
      resolve(false);
    });
    request.on('error', () => resolve(true));
  });
}
