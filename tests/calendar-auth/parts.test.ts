import { createHash } from 'node:crypto';

import { SecretStorage } from 'obsidian';

import {
  AuthError,
  SECRET_IDS,
  authErrorFrom,
  isAuthError,
  secretStoreOver,
} from '../../src/calendar/auth';
import { tokenRequestFailure } from '../../src/calendar/auth/errors';
import { challengeFor, createPkcePair, createState } from '../../src/calendar/auth/pkce';
import { TokenVault } from '../../src/calendar/auth/secrets';
import { MemorySecrets } from './builders';

/** A gaxios-shaped failure with an OAuth error body. */
function oauthFailure(status: number, error: string, description = ''): Error {
  return Object.assign(new Error(error), {
    status,
    response: { status, data: { error, error_description: description } },
  });
}

describe('PKCE and state', () => {
  it('makes a verifier of 43 to 128 unreserved characters whose S256 challenge is its SHA-256', async () => {
    const pair = await createPkcePair();

    expect(pair.verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
  });

  it('matches the example of RFC 7636 appendix B', async () => {
    const challenge = await challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');

    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('never repeats a verifier or a state', async () => {
    const verifiers = new Set<string>();
    const states = new Set<string>();
    for (let i = 0; i < 50; i++) {
      verifiers.add((await createPkcePair()).verifier);
      states.add(createState());
    }

    expect(verifiers.size).toBe(50);
    expect(states.size).toBe(50);
  });
});

describe('the token vault', () => {
  it('uses ids Obsidian’s secret storage accepts', () => {
    const store = secretStoreOver(new SecretStorage());

    for (const id of Object.values(SECRET_IDS)) store.set(id, 'x');

    expect(Object.values(SECRET_IDS).map((id) => store.get(id))).toEqual(['x', 'x', 'x', 'x']);
  });

  it('keeps the refresh token when a refresh grant carries none', () => {
    const vault = new TokenVault(new MemorySecrets());
    vault.save({ refresh_token: '1//first', access_token: 'ya29.a', expiry_date: 1000 });

    vault.save({ access_token: 'ya29.b', expiry_date: 2000, scope: 's' });

    expect(vault.refreshToken).toBe('1//first');
    expect(vault.accessToken).toEqual({ token: 'ya29.b', expiresAt: 2000, scope: 's' });
  });

  it('clears with delete when the store has it, and by writing "" when it has not', () => {
    const deleting = new MemorySecrets();
    const deletable = Object.assign(deleting, {
      delete: (id: string) => deleting.values.delete(id),
    });
    const plain = new MemorySecrets();
    for (const secrets of [deletable, plain]) {
      const vault = new TokenVault(secrets);
      vault.save({ refresh_token: '1//r', access_token: 'ya29.a' });
      vault.saveAccount('me@example.com');
      vault.clear();
    }

    expect([...deletable.values.keys()]).toEqual([]);
    expect([...plain.values.values()]).toEqual(['', '', '']);
    expect(new TokenVault(plain).refreshToken).toBeUndefined();
  });

  it('reads a hand-edited access token as none, so the refresh token gets a new one', () => {
    const secrets = new MemorySecrets();
    secrets.set(SECRET_IDS.accessToken, '{not json');

    expect(new TokenVault(secrets).accessToken).toBeUndefined();
  });
});

describe('reading failures as sign-in errors', () => {
  it.each([
    ['invalid_grant', 400, 'sign_in_again', 'sign-in'],
    ['invalid_client', 401, 'refused', 'settings'],
    ['unauthorized_client', 400, 'refused', 'settings'],
  ])('reads %s as %s', (error, status, code, action) => {
    const read = authErrorFrom(oauthFailure(status, error, 'why'));

    expect(read).toBeInstanceOf(AuthError);
    expect(read).toMatchObject({ code, action });
  });

  it('leaves API errors alone, and reads a token request without an answer as network', () => {
    const apiError = Object.assign(new Error('Not Found'), {
      response: { status: 404, data: { error: { code: 404, message: 'Not Found' } } },
    });
    const offline = new TypeError('fetch failed');
    const busy = Object.assign(new Error('busy'), { response: { status: 503, data: 'busy' } });

    expect(authErrorFrom(apiError)).toBeUndefined();
    expect(tokenRequestFailure(apiError)).toBe(apiError);
    expect(tokenRequestFailure(offline)).toMatchObject({ code: 'network', action: 'retry' });
    expect(tokenRequestFailure(busy)).toMatchObject({ code: 'network' });
    expect(isAuthError(tokenRequestFailure(offline), 'network', 'timeout')).toBe(true);
    expect(isAuthError(offline)).toBe(false);
  });
});
