import { createHash } from 'node:crypto';

import { AuthError, KIRA_SCOPES, SECRET_IDS } from '../../src/calendar/auth';
import {
  approvingBrowser,
  consentRedirect,
  isPortFree,
  rejectionOf,
  startSignIn,
  visit,
  type SignInHarness,
} from './builders';

describe('signing in to Google', () => {
  let h: SignInHarness;

  afterEach(async () => {
    await h.close();
  });

  it('opens the consent page with PKCE S256, a state and a loopback redirect, then keeps the tokens', async () => {
    h = await startSignIn();

    const signedIn = await h.auth.signIn();
    const consent = h.opened[0]!.searchParams;
    const exchange = h.emulator.requests.find((r) => r.path === '/token');

    expect(consent.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(consent.get('code_challenge_method')).toBe('S256');
    expect(consent.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(consent.get('state')!.length).toBeGreaterThanOrEqual(43);
    expect(consent.get('scope')!.split(' ')).toEqual([...KIRA_SCOPES]);
    expect(consent.get('access_type')).toBe('offline');
    expect(exchange?.status).toBe(200);
    expect(h.secrets.get(SECRET_IDS.refreshToken)).toMatch(/^1\/\//);
    expect(signedIn.email).toBe(h.emulator.primaryCalendarId);
    expect(h.auth.isSignedIn()).toBe(true);
    expect(h.auth.account()).toBe(h.emulator.primaryCalendarId);
  });

  it('gives a client the calendar API accepts, and closes the loopback port afterwards', async () => {
    h = await startSignIn();

    await h.auth.signIn();
    const port = new URL(h.opened[0]!.searchParams.get('redirect_uri')!).port;
    const list = await h.calendarApi().events.list({ calendarId: 'primary' });

    expect(list.status).toBe(200);
    expect(await isPortFree(port)).toBe(true);
  });

  it('answers the browser with a small page saying the tab can be closed', async () => {
    let page: { status: number; text: string } | undefined;
    h = await startSignIn({
      browser: async (url) => {
        page = await visit(await consentRedirect(url));
      },
    });

    await h.auth.signIn();

    expect(page?.status).toBe(200);
    expect(page?.text).toContain('You can close this tab');
    expect(page?.text).not.toContain('<script');
  });

  it('refuses an answer whose state does not match, and keeps nothing', async () => {
    h = await startSignIn({
      browser: async (url) => {
        const redirect = await consentRedirect(url);
        redirect.searchParams.set('state', 'forged-state');
        await visit(redirect);
      },
    });

    const error = await rejectionOf(h.auth.signIn());

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'state_mismatch', action: 'sign-in' });
    expect((error as Error).message).toMatch(/did not match/);
    expect(h.emulator.requests.some((r) => r.path === '/token')).toBe(false);
    expect(h.secrets.liveIds()).toEqual([SECRET_IDS.clientSecret]);
  });

  it('treats access_denied as the user cancelling', async () => {
    h = await startSignIn({
      browser: async (url) => {
        const callback = new URL(url.searchParams.get('redirect_uri')!);
        callback.searchParams.set('error', 'access_denied');
        callback.searchParams.set('state', url.searchParams.get('state')!);
        await visit(callback);
      },
    });

    const error = await rejectionOf(h.auth.signIn());

    expect(error).toMatchObject({ code: 'cancelled', isUserCancel: true, action: undefined });
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('gives up after the timeout and frees the port', async () => {
    h = await startSignIn({ browser: async () => {}, deps: { timeoutMs: 150 } });

    const error = await rejectionOf(h.auth.signIn());
    const port = new URL(h.opened[0]!.searchParams.get('redirect_uri')!).port;

    expect(error).toMatchObject({ code: 'timeout', action: 'sign-in' });
    expect(await isPortFree(port)).toBe(true);
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('stops a sign-in that waits for the browser when asked to, and frees the port', async () => {
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    h = await startSignIn({ browser: async () => opened() });

    const signingIn = rejectionOf(h.auth.signIn());
    await isOpen;
    await h.auth.cancelSignIn();
    const error = await signingIn;
    const port = new URL(h.opened[0]!.searchParams.get('redirect_uri')!).port;

    expect(error).toMatchObject({ code: 'cancelled' });
    expect(await isPortFree(port)).toBe(true);
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('ignores stray requests to the loopback server and still takes the real answer', async () => {
    let stray: { status: number } | undefined;
    h = await startSignIn({
      browser: async (url) => {
        const callback = new URL(url.searchParams.get('redirect_uri')!);
        stray = await visit(new URL('/favicon.ico', callback));
        await approvingBrowser(url);
      },
    });

    const signedIn = await h.auth.signIn();

    expect(stray?.status).toBe(404);
    expect(signedIn.email).toBe(h.emulator.primaryCalendarId);
  });

  it('refuses a grant without both calendar permissions and hands it back', async () => {
    h = await startSignIn({
      browser: async (url) => {
        // The user unticked the calendar list on Google's granular consent page.
        const narrowed = new URL(url);
        narrowed.searchParams.set('scope', KIRA_SCOPES[0]!);
        await approvingBrowser(narrowed);
      },
    });

    const error = await rejectionOf(h.auth.signIn());

    expect(error).toMatchObject({ code: 'missing_scope', action: 'sign-in' });
    expect(h.emulator.oauth.refreshTokens.size).toBe(0);
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('joins a second sign-in to the one already running', async () => {
    h = await startSignIn();

    const [first, second] = await Promise.all([h.auth.signIn(), h.auth.signIn()]);

    expect(second).toEqual(first);
    expect(h.opened).toHaveLength(1);
  });

  it('says the client is not configured, before opening anything', async () => {
    h = await startSignIn();
    h.pluginData.clientId = '  ';

    const error = await rejectionOf(h.auth.signIn());

    expect(error).toMatchObject({ code: 'not_configured', action: 'settings' });
    expect(h.httpLoads()).toBe(0);
    expect(h.opened).toHaveLength(0);
  });

  it('refuses on mobile without loading node:http or opening the browser', async () => {
    h = await startSignIn({ deps: { isDesktop: false } });

    const error = await rejectionOf(h.auth.signIn());

    expect(error).toMatchObject({ code: 'desktop_only' });
    expect(h.httpLoads()).toBe(0);
    expect(h.opened).toHaveLength(0);
  });

  it('sends the verifier whose SHA-256 is the challenge it sent before', async () => {
    const bodies: string[] = [];
    h = await startSignIn({
      deps: {
        fetchImplementation: async (input, init) => {
          // google-auth-library sends a URL object and a URLSearchParams body.
          const url = input instanceof URL ? input.href : '';
          if (url.endsWith('/token') && init?.body instanceof URLSearchParams) {
            bodies.push(init.body.toString());
          }
          return fetch(input, init);
        },
      },
    });

    await h.auth.signIn();
    const verifier = new URLSearchParams(bodies[0]).get('code_verifier')!;
    const challenge = h.opened[0]!.searchParams.get('code_challenge');

    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(verifier.length).toBeLessThanOrEqual(128);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
  });
});
