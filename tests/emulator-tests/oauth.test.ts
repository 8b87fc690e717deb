import { CodeChallengeMethod } from 'google-auth-library';

import { emulatorClient } from '../emulator';
import { failureOf, startHarness, type Harness } from './builders';

describe('OAuth endpoints', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ auth: { mode: 'issued' } });
  });

  afterEach(async () => {
    await h.emulator.close();
  });

  /** Plays the browser: opens the consent URL and reads where it redirects to. */
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' });
    return new URL(response.headers.get('location') ?? '');
  }

  it('signs in with PKCE through google-auth-library, then the tokens work against the API', async () => {
    const { auth, calendar } = emulatorClient(h.emulator, { retry: false, credentials: {} });
    const { codeVerifier, codeChallenge } = await auth.generateCodeVerifierAsync();
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const url = auth.generateAuthUrl({
      redirect_uri: redirectUri,
      scope: ['https://www.googleapis.com/auth/calendar'],
      state: 'st4te',
      code_challenge: codeChallenge!,
      code_challenge_method: CodeChallengeMethod.S256 as never,
    });

    const redirect = await consent(url);
    const { tokens } = await auth.getToken({
      code: redirect.searchParams.get('code')!,
      codeVerifier,
      redirect_uri: redirectUri,
    });
    auth.setCredentials(tokens);
    const list = await calendar.events.list({ calendarId: 'primary' });

    expect(redirect.origin + redirect.pathname).toBe(redirectUri);
    expect(redirect.searchParams.get('state')).toBe('st4te');
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(list.status).toBe(200);
  });

  it('refuses a code exchanged with the wrong verifier, and a code used twice', async () => {
    const { auth } = emulatorClient(h.emulator, { retry: false, credentials: {} });
    const { codeChallenge } = await auth.generateCodeVerifierAsync();
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const url = auth.generateAuthUrl({
      redirect_uri: redirectUri,
      code_challenge: codeChallenge!,
      code_challenge_method: CodeChallengeMethod.S256 as never,
    });
    const code = (await consent(url)).searchParams.get('code')!;

    const wrong = await failureOf(
      auth.getToken({ code, codeVerifier: 'x'.repeat(64), redirect_uri: redirectUri }),
    );
    const reused = await failureOf(
      auth.getToken({ code, codeVerifier: 'x'.repeat(64), redirect_uri: redirectUri }),
    );

    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant' });
    expect(reused.status).toBe(400);
  });

  it('refreshes an access token the API rejects, and reports invalid_grant once the refresh token is revoked', async () => {
    const { auth: signIn } = emulatorClient(h.emulator, { credentials: {} });
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const code = (
      await consent(signIn.generateAuthUrl({ redirect_uri: redirectUri }))
    ).searchParams.get('code')!;
    const { tokens } = await signIn.getToken({ code, redirect_uri: redirectUri });
    const { calendar, auth } = emulatorClient(h.emulator, {
      retry: false,
      credentials: { access_token: 'stale-token', refresh_token: tokens.refresh_token! },
    });

    const refreshed = await calendar.events.list({ calendarId: 'primary' });
    h.emulator.oauth.revokeRefreshToken(tokens.refresh_token!);
    auth.setCredentials({ access_token: 'stale-token', refresh_token: tokens.refresh_token! });
    const failure = await failureOf(calendar.events.list({ calendarId: 'primary' }));

    expect(refreshed.status).toBe(200);
    expect(h.emulator.requests.map((r) => [r.path, r.status])).toContainEqual(['/token', 200]);
    expect(failure.status).toBe(400);
    expect(failure.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes tokens', async () => {
    const { auth } = emulatorClient(h.emulator, { credentials: {} });
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const code = (
      await consent(auth.generateAuthUrl({ redirect_uri: redirectUri }))
    ).searchParams.get('code')!;
    const { tokens } = await auth.getToken({ code, redirect_uri: redirectUri });
    auth.setCredentials(tokens);

    await auth.revokeCredentials();

    expect(h.emulator.oauth.isLiveAccessToken(tokens.access_token!)).toBe(false);
  });
});
