/**
 * A minimal OAuth 2.0 server for installed apps, enough for google-auth-library to sign in
 * against: a consent endpoint that approves at once and redirects to the app's loopback
 * address with a code, a token endpoint for the `authorization_code` (with PKCE) and
 * `refresh_token` grants, and a revoke endpoint. Grants can be made to fail with
 * `invalid_grant`, as when a refresh token expired or was revoked.
 */
import { createHash } from 'node:crypto';

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface PendingCode {
  redirectUri: string;
  clientId: string;
  codeChallenge?: string;
  challengeMethod: string;
  scope: string;
}

export class OAuthServer {
  /** Access tokens handed out, with the epoch ms at which each expires. */
  readonly accessTokens = new Map<string, number>();
  readonly refreshTokens = new Set<string>();

  private readonly codes = new Map<string, PendingCode>();
  private issued = 0;
  private isFailingGrants = false;

  constructor(
    private readonly clock: () => number,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  /** From now on every grant answers 400 `invalid_grant` (until called with false). */
  failGrants(isFailing = true): void {
    this.isFailingGrants = isFailing;
  }

  /** The refresh token stops working, as when the user revokes access in their account. */
  revokeRefreshToken(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
  }

  /** GET of the consent page: approves and answers the redirect location, or an error. */
  authorize(query: URLSearchParams): { location: string } | OAuthAnswer {
    const redirectUri = query.get('redirect_uri');
    const clientId = query.get('client_id');
    if (redirectUri === null || clientId === null || query.get('response_type') !== 'code') {
      return invalidRequest('redirect_uri, client_id and response_type=code are required');
    }

    const code = `4/emu-code-${this.nextNumber()}`;
    const pending: PendingCode = {
      redirectUri,
      clientId,
      challengeMethod: query.get('code_challenge_method') ?? 'plain',
      scope: query.get('scope') ?? '',
    };
    const challenge = query.get('code_challenge');
    if (challenge !== null) pending.codeChallenge = challenge;
    this.codes.set(code, pending);

    const location = new URL(redirectUri);
    location.searchParams.set('code', code);
    location.searchParams.set('scope', pending.scope);
    const state = query.get('state');
    if (state !== null) location.searchParams.set('state', state);
    return { location: location.href };
  }

  /** POST of the token endpoint, with a form body. */
  token(form: URLSearchParams): OAuthAnswer {
    if (this.isFailingGrants) return invalidGrant('Token has been expired or revoked.');

    switch (form.get('grant_type')) {
      case 'authorization_code':
        return this.exchangeCode(form);
      case 'refresh_token':
        return this.refresh(form);
      default:
        return {
          status: 400,
          body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' },
        };
    }
  }

  /** POST of the revoke endpoint: forgets an access or refresh token. */
  revoke(token: string | null): OAuthAnswer {
    const isKnown =
      token !== null && (this.accessTokens.delete(token) || this.refreshTokens.delete(token));
    return isKnown
      ? { status: 200, body: {} }
      : { status: 400, body: { error: 'invalid_token', error_description: 'Bad Request' } };
  }

  /** True for a token this server handed out that has not expired or been revoked. */
  isLiveAccessToken(token: string): boolean {
    const expiresAt = this.accessTokens.get(token);
    return expiresAt !== undefined && expiresAt > this.clock();
  }

  private exchangeCode(form: URLSearchParams): OAuthAnswer {
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    // A code works once.
    this.codes.delete(code);
    if (pending === undefined || pending.redirectUri !== form.get('redirect_uri'))
      return invalidGrant('Bad Request');
    if (!isVerifierRight(pending, form.get('code_verifier')))
      return invalidGrant('Invalid code verifier.');

    const refreshToken = `1//emu-refresh-${this.nextNumber()}`;
    this.refreshTokens.add(refreshToken);
    return {
      status: 200,
      body: { ...this.newAccessToken(pending.scope), refresh_token: refreshToken },
    };
  }

  private refresh(form: URLSearchParams): OAuthAnswer {
    const refreshToken = form.get('refresh_token');
    if (refreshToken === null || !this.refreshTokens.has(refreshToken)) {
      return invalidGrant('Token has been expired or revoked.');
    }
    return { status: 200, body: this.newAccessToken('https://www.googleapis.com/auth/calendar') };
  }

  private newAccessToken(scope: string): Record<string, unknown> {
    const accessToken = `ya29.emu-access-${this.nextNumber()}`;
    this.accessTokens.set(accessToken, this.clock() + this.accessTokenTtlSeconds * 1000);
    return {
      access_token: accessToken,
      expires_in: this.accessTokenTtlSeconds,
      scope,
      token_type: 'Bearer',
    };
  }

  private nextNumber(): number {
    this.issued += 1;
    return this.issued;
  }
}

function isVerifierRight(pending: PendingCode, verifier: string | null): boolean {
  if (pending.codeChallenge === undefined) return true;
  if (verifier === null) return false;

  const expected =
    pending.challengeMethod === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  return expected === pending.codeChallenge;
}

function invalidGrant(description: string): OAuthAnswer {
  return { status: 400, body: { error: 'invalid_grant', error_description: description } };
}

function invalidRequest(description: string): OAuthAnswer {
  return { status: 400, body: { error: 'invalid_request', error_description: description } };
}
