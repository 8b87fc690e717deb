import { AuthError, GoogleAuth, SECRET_IDS } from '../../src/calendar/auth';
import { rejectionOf, startSignIn, type SignInHarness } from './builders';

const twoHours = 2 * 3_600_000;

function keptAccessToken(h: SignInHarness): string {
  const kept = JSON.parse(h.secrets.get(SECRET_IDS.accessToken) ?? '{}') as { token?: string };
  return kept.token ?? '';
}

describe('keeping the Google sign-in alive', () => {
  let h: SignInHarness;

  beforeEach(async () => {
    h = await startSignIn();
    await h.auth.signIn();
  });

  afterEach(async () => {
    await h.close();
  });

  it('refreshes an expired access token before a sync and keeps the new one', async () => {
    const before = keptAccessToken(h);
    h.clock.advance(twoHours);

    await h.auth.ensureFresh();
    const after = keptAccessToken(h);
    const list = await h.calendarApi().events.list({ calendarId: 'primary' });

    expect(h.emulator.oauth.isLiveAccessToken(before)).toBe(false);
    expect(after).not.toBe(before);
    expect(h.emulator.oauth.isLiveAccessToken(after)).toBe(true);
    expect(list.status).toBe(200);
  });

  it('leaves a fresh access token alone', async () => {
    const before = keptAccessToken(h);

    await h.auth.ensureFresh();

    expect(keptAccessToken(h)).toBe(before);
    expect(h.emulator.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('keeps the token the library fetched by itself when the API rejected the old one', async () => {
    const before = keptAccessToken(h);
    h.emulator.rejectAccessToken(before);

    const list = await h.calendarApi().events.list({ calendarId: 'primary' });

    expect(list.status).toBe(200);
    expect(keptAccessToken(h)).not.toBe(before);
    expect(h.emulator.oauth.isLiveAccessToken(keptAccessToken(h))).toBe(true);
  });

  it('reads the kept tokens back in a new session without a new sign-in', async () => {
    const restarted = new GoogleAuth({
      secrets: h.secrets,
      clientConfig: () => ({
        clientId: 'kira-emulator-client',
        clientSecret: 'kira-emulator-secret',
      }),
      isDesktop: true,
      openExternal: () => {
        throw new Error('A restart must not open the browser.');
      },
      endpoints: { tokenUrl: h.emulator.tokenUrl, revokeUrl: h.emulator.revokeUrl },
      clock: h.clock,
      fetchImplementation: fetch,
      loadHttp: () => Promise.reject(new Error('A restart must not load node:http.')),
    });

    const client = await restarted.ensureFresh();

    expect(restarted.isSignedIn()).toBe(true);
    expect(client.credentials.access_token).toBe(keptAccessToken(h));
    expect(h.emulator.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('says "sign in again" when the refresh token was revoked, and forgets it', async () => {
    h.emulator.oauth.revokeRefreshToken(h.secrets.get(SECRET_IDS.refreshToken)!);
    h.clock.advance(twoHours);

    const error = await rejectionOf(h.auth.ensureFresh());

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'sign_in_again', action: 'sign-in' });
    expect((error as Error).message).toMatch(/Sign in again/);
    expect(h.auth.isSignedIn()).toBe(false);
    expect(() => h.auth.client()).toThrow(expect.objectContaining({ code: 'signed_out' }));
  });

  it('reads invalid_grant from a calendar call that refreshed on the way as "sign in again"', async () => {
    h.emulator.rejectAccessToken(keptAccessToken(h));
    h.emulator.oauth.failGrants();

    const failure = await rejectionOf(h.calendarApi().events.list({ calendarId: 'primary' }));
    const explained = h.auth.explainFailure(failure);

    expect(explained).toMatchObject({ code: 'sign_in_again' });
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('passes calendar errors that are not about the sign-in through unchanged', async () => {
    const failure = await rejectionOf(
      h.calendarApi().events.get({ calendarId: 'primary', eventId: 'nosuchevent' }),
    );

    expect(h.auth.explainFailure(failure)).toBe(failure);
    expect(h.auth.isSignedIn()).toBe(true);
  });

  it('signs out: Google revokes the grant and the device forgets the tokens', async () => {
    const refreshToken = h.secrets.get(SECRET_IDS.refreshToken)!;

    const outcome = await h.auth.signOut();

    expect(outcome.revoke).toBe('done');
    expect(h.emulator.oauth.refreshTokens.has(refreshToken)).toBe(false);
    expect(h.secrets.liveIds()).toEqual([SECRET_IDS.clientSecret]);
    expect(h.auth.isSignedIn()).toBe(false);
  });

  it('signs out on the device even when Google cannot be reached, and says so', async () => {
    await h.emulator.close();

    const outcome = await h.auth.signOut();

    expect(outcome.revoke).toBe('failed');
    expect(outcome.message).toMatch(/Signed out on this device, but Google could not revoke/);
    expect(h.secrets.liveIds()).toEqual([SECRET_IDS.clientSecret]);
  });

  it('writes tokens nowhere but the secret store, under its own ids only', async () => {
    h.clock.advance(twoHours);
    await h.auth.ensureFresh();
    const tokens = [...h.emulator.oauth.refreshTokens, ...h.emulator.oauth.accessTokens.keys()];

    const data = JSON.stringify(h.pluginData);
    const idsWritten = new Set(h.secrets.writes.map((w) => w.id));

    expect(tokens.length).toBeGreaterThanOrEqual(3);
    for (const token of tokens) expect(data).not.toContain(token);
    expect([...idsWritten].sort()).toEqual(Object.values(SECRET_IDS).sort());
  });
});
