/**
 * Signing in to Google Calendar with the user's own OAuth client ("Desktop app"), as an
 * installed app: PKCE (S256), a checked `state`, the consent page in the system browser and a
 * one-shot loopback server for the answer. Tokens are exchanged and refreshed by
 * google-auth-library and kept only in the {@link SecretStore}. See
 * docs/adr/0009-oauth-and-token-storage.md and docs/google-sign-in.md.
 */
import { auth as googleAuth } from '@googleapis/calendar';

import { systemClock, type Clock } from '../../time/clock';
import { AuthError, authErrorFrom, tokenRequestFailure } from './errors';
import { openLoopback, type HttpModule, type Loopback } from './loopback';
import { createPkcePair, createState } from './pkce';
import { TokenVault, type SecretStore } from './secrets';

/**
 * The OAuth client of the copy of google-auth-library that `@googleapis/calendar` bundles; only
 * this one type-checks as the calendar client's `auth`, and only one copy gets bundled.
 */
export type GoogleOAuthClient = InstanceType<typeof googleAuth.OAuth2>;
type AuthUrlOptions = NonNullable<Parameters<GoogleOAuthClient['generateAuthUrl']>[0]>;
type Credentials = GoogleOAuthClient['credentials'];

/** Events on every calendar the user can edit: read, create, change, delete (the sync). */
export const EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
/** The list of calendars the user subscribes to, read only (the calendar picker, the email). */
export const CALENDAR_LIST_SCOPE = 'https://www.googleapis.com/auth/calendar.calendarlist.readonly';
/** The least Kira asks for; see the ADR for why not `calendar` or `calendar.readonly`. */
export const KIRA_SCOPES: readonly string[] = [EVENTS_SCOPE, CALENDAR_LIST_SCOPE];

/** Where Google's OAuth and API live; tests point these at the emulator. */
export interface GoogleEndpoints {
  /** The consent page. */
  authUrl: string;
  /** Code exchange and refresh. */
  tokenUrl: string;
  /** Revocation of a refresh or access token. */
  revokeUrl: string;
  /** The API's root, for reading the signed-in account's primary calendar (its email). */
  apiRootUrl: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  apiRootUrl: 'https://www.googleapis.com/',
};

/** The user's OAuth client from Kira's settings; the secret is read from the secret store. */
export interface ClientConfig {
  clientId: string;
  clientSecret: string;
}

export interface GoogleAuthDeps {
  secrets: SecretStore;
  /** Read at each sign-in and whenever the OAuth client is built, so edits take effect. */
  clientConfig: () => ClientConfig;
  /** False on Obsidian mobile: signing in needs a loopback server, so Node. */
  isDesktop: boolean;
  /** Opens the consent page in the system browser (never in an embedded view). */
  openExternal: (url: string) => void | Promise<void>;
  /** Defaults to Google's ({@link GOOGLE_ENDPOINTS}); only the ones given are replaced. */
  endpoints?: Partial<GoogleEndpoints>;
  /** How long the loopback server waits for the browser; default 5 minutes. */
  timeoutMs?: number;
  /** Decides when a kept access token counts as expired; default the system clock. */
  clock?: Clock;
  /**
   * The fetch google-auth-library's requests go through: in Obsidian
   * `requestUrlFetch(requestUrl)` (the renderer's own fetch meets CORS, see the ADR); in tests
   * Node's `fetch`.
   */
  fetchImplementation: typeof fetch;
  /**
   * Loads `node:http`; called only when a sign-in starts and `isDesktop` is true. The wiring
   * passes a `require('node:http')` behind `Platform.isDesktop`, so mobile never loads it.
   */
  loadHttp: () => Promise<HttpModule>;
}

export interface SignedIn {
  /** The account's address (its primary calendar's id), when Google told it. */
  email?: string;
}

/** How a sign-out went: local tokens are cleared in every case. */
export interface SignOutOutcome {
  /** `done`: Google revoked the grant; `none`: nothing was signed in; `failed`: see message. */
  revoke: 'done' | 'none' | 'failed';
  /** One plain sentence for a notice. */
  message: string;
}

export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** A kept access token this close to its expiry is refreshed first. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The Google sign-in: starts it, keeps it fresh, ends it. One instance per plugin.
 *
 * Tokens go only to the {@link SecretStore}; rotated tokens are kept as google-auth-library
 * reports them (its `tokens` event). A dead refresh token surfaces as an {@link AuthError}
 * with code `sign_in_again`, never as a silent failure.
 */
export class GoogleAuth {
  private loopback: { close(): Promise<void> } | null = null;
  private readonly vault: TokenVault;
  private readonly endpoints: GoogleEndpoints;
  private readonly clock: Clock;
  private oauthClient: { client: GoogleOAuthClient; config: ClientConfig } | undefined;
  private pendingSignIn: Promise<SignedIn> | undefined;

  constructor(private readonly deps: GoogleAuthDeps) {
    this.vault = new TokenVault(deps.secrets);
    this.endpoints = { ...GOOGLE_ENDPOINTS, ...deps.endpoints };
    this.clock = deps.clock ?? systemClock;
  }

  /** True when a refresh token is kept; says nothing about whether Google still honours it. */
  isSignedIn(): boolean {
    return this.vault.refreshToken !== undefined;
  }

  /** The signed-in account's address, when known. */
  account(): string | undefined {
    return this.vault.account;
  }

  /**
   * Runs the whole sign-in: opens the consent page, waits for the loopback answer, exchanges
   * the code and keeps the tokens. A second call while one runs joins it.
   * @throws AuthError `desktop_only`, `not_configured`, `cancelled`, `state_mismatch`,
   *   `timeout`, `missing_scope`, `refused` or `network`.
   */
  signIn(): Promise<SignedIn> {
    this.pendingSignIn ??= this.runSignIn().finally(() => (this.pendingSignIn = undefined));
    return this.pendingSignIn;
  }

  /**
   * Revokes the grant at Google and forgets the tokens. The local tokens are forgotten even
   * when revoking fails (offline, say); the outcome says so.
   */
  async signOut(): Promise<SignOutOutcome> {
    const token = this.vault.refreshToken ?? this.vault.accessToken?.token;
    this.vault.clear();
    if (this.oauthClient !== undefined) this.oauthClient.client.setCredentials({});
    if (token === undefined)
      return { revoke: 'none', message: 'Kira was not signed in to Google.' };

    try {
      await this.buildClient(this.configOrThrow()).revokeToken(token);
      return { revoke: 'done', message: 'Signed out of Google; Kira’s access was revoked.' };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        revoke: 'failed',
        message: `Signed out on this device, but Google could not revoke Kira’s access (${detail}). Remove it under “Third-party apps” in your Google account.`,
      };
    }
  }

  /**
   * The authorized OAuth client for `@googleapis/calendar` (`calendar({ auth })`). It refreshes
   * its access token by itself and the new tokens are kept. The same object is returned until
   * the client id or secret changes or a new sign-in happens, so build the calendar client from
   * a fresh call at the start of each sync.
   * @throws AuthError `not_configured`, or `signed_out` when no sign-in is kept.
   */
  client(): GoogleOAuthClient {
    const config = this.configOrThrow();
    const refreshToken = this.vault.refreshToken;
    if (refreshToken === undefined) {
      throw new AuthError('signed_out', 'Kira is not signed in to Google. Sign in first.');
    }

    if (this.oauthClient === undefined || !isSameConfig(this.oauthClient.config, config)) {
      const client = this.buildClient(config);
      const kept = this.vault.accessToken;
      client.setCredentials({
        refresh_token: refreshToken,
        access_token: kept?.token ?? null,
        expiry_date: kept?.expiresAt ?? null,
      });
      this.oauthClient = { client, config };
    }
    return this.oauthClient.client;
  }

  /**
   * Makes sure the access token is good for at least a minute: refreshes it when it is
   * missing or about to expire, and keeps the new one. Call before a sync.
   * @throws AuthError `sign_in_again` when Google refuses the refresh token (the kept tokens
   *   are then forgotten), `signed_out`, `not_configured`, `refused` or `network`.
   */
  async ensureFresh(): Promise<GoogleOAuthClient> {
    const client = this.client();
    const { access_token: accessToken, expiry_date: expiresAt } = client.credentials;
    const isFresh =
      typeof accessToken === 'string' &&
      accessToken !== '' &&
      typeof expiresAt === 'number' &&
      expiresAt - EXPIRY_MARGIN_MS > this.clock.now();
    if (isFresh) return client;

    try {
      await client.refreshAccessToken();
    } catch (error) {
      throw this.failure(error);
    }
    return client;
  }

  /**
   * Reads an error from a calendar call: a sign-in problem becomes an {@link AuthError} (and a
   * dead refresh token is forgotten); anything else is returned unchanged.
   */
  explainFailure(error: unknown): unknown {
    const authError = authErrorFrom(error);
    if (authError === undefined) return error;

    if (authError.code === 'sign_in_again') this.forgetDeadSignIn();
    return authError;
  }

  private async runSignIn(): Promise<SignedIn> {
    if (!this.deps.isDesktop) {
      throw new AuthError(
        'desktop_only',
        'Signing in to Google needs Obsidian on a computer. Sign in there first.',
      );
    }
    const config = this.configOrThrow();

    const pkce = await createPkcePair();
    const state = createState();
    const loopback = await openLoopback(await this.deps.loadHttp(), {
      expectedState: state,
      timeoutMs: this.deps.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    });
    this.loopback = loopback;

    const client = this.buildClient(config);
    try {
      const consentUrl = client.generateAuthUrl(consentOptions(loopback, state, pkce.challenge));
      await this.deps.openExternal(consentUrl);
      const code = await loopback.code;
      const grant = await this.exchange(client, code, pkce.verifier, loopback.redirectUri);
      return await this.keep(client, config, grant);
    } finally {
      this.loopback = null;
      await loopback.close();
    }
  }

  /**
   * Stops a sign-in that waits for Google's answer: its loopback server closes and `signIn`
   * rejects with `cancelled`. For unload. Does nothing when no sign-in waits.
   */
  async cancelSignIn(): Promise<void> {
    await this.loopback?.close();
  }

  private async exchange(
    client: GoogleOAuthClient,
    code: string,
    codeVerifier: string,
    redirectUri: string,
  ): Promise<Credentials> {
    let grant: Credentials;
    try {
      ({ tokens: grant } = await client.getToken({
        code,
        codeVerifier,
        redirect_uri: redirectUri,
      }));
    } catch (error) {
      throw tokenRequestFailure(error);
    }

    if (typeof grant.refresh_token !== 'string' || grant.refresh_token === '') {
      throw new AuthError(
        'refused',
        'Google signed Kira in without a refresh token, so the sign-in would not last. Sign in again.',
      );
    }
    const missing = missingScopes(grant.scope);
    if (missing.length > 0) {
      // The user unticked a permission; the grant is of no use, so it is handed back.
      await client.revokeToken(grant.refresh_token).catch(() => undefined);
      throw new AuthError(
        'missing_scope',
        `Google did not grant ${missing.join(' and ')}. Sign in again and allow both calendar permissions.`,
      );
    }
    return grant;
  }

  /** Keeps the tokens, makes this client the one {@link client} answers, and finds the email. */
  private async keep(
    client: GoogleOAuthClient,
    config: ClientConfig,
    grant: Credentials,
  ): Promise<SignedIn> {
    this.vault.clear();
    this.vault.save(grant);
    client.setCredentials(grant);
    this.oauthClient = { client, config };

    const email = await this.primaryCalendarId(client);
    if (email !== undefined) this.vault.saveAccount(email);
    return email === undefined ? {} : { email };
  }

  /** The primary calendar's id is the account's address; a failure here only loses the email. */
  private async primaryCalendarId(client: GoogleOAuthClient): Promise<string | undefined> {
    try {
      const url = new URL('calendar/v3/users/me/calendarList/primary', this.endpoints.apiRootUrl);
      const { data } = await client.request<{ id?: unknown }>({ url: url.href });
      return typeof data.id === 'string' ? data.id : undefined;
    } catch {
      return undefined;
    }
  }

  private buildClient(config: ClientConfig): GoogleOAuthClient {
    const client = new googleAuth.OAuth2({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      endpoints: {
        oauth2AuthBaseUrl: this.endpoints.authUrl,
        oauth2TokenUrl: this.endpoints.tokenUrl,
        oauth2RevokeUrl: this.endpoints.revokeUrl,
      },
      // A 401 from the API refreshes once even when the kept expiry says the token is good.
      forceRefreshOnFailure: true,
      transporterOptions: { fetchImplementation: this.deps.fetchImplementation },
    });
    // Every grant the library gets (sign-in, refresh, a refresh on a 401) is kept at once.
    client.on('tokens', (tokens) => {
      if (this.oauthClient?.client === client) this.vault.save(tokens);
    });
    return client;
  }

  private configOrThrow(): ClientConfig {
    const { clientId, clientSecret } = this.deps.clientConfig();
    const config = { clientId: clientId.trim(), clientSecret: clientSecret.trim() };
    if (config.clientId === '' || config.clientSecret === '') {
      throw new AuthError(
        'not_configured',
        'Kira has no Google OAuth client yet. Paste the client id and secret of your Google Cloud “Desktop app” client in Kira’s settings.',
      );
    }
    return config;
  }

  private failure(error: unknown): unknown {
    const failure = tokenRequestFailure(error);
    if (failure instanceof AuthError && failure.code === 'sign_in_again') this.forgetDeadSignIn();
    return failure;
  }

  /** Google refused the refresh token: keeping it would only fail again, quietly. */
  private forgetDeadSignIn(): void {
    this.vault.clear();
    this.oauthClient?.client.setCredentials({});
  }
}

function consentOptions(loopback: Loopback, state: string, challenge: string): AuthUrlOptions {
  return {
    redirect_uri: loopback.redirectUri,
    scope: [...KIRA_SCOPES],
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256' as AuthUrlOptions['code_challenge_method'],
    // A refresh token, every time: without `prompt=consent` a second sign-in may get none.
    access_type: 'offline',
    prompt: 'consent',
  };
}

/** The scopes Kira needs that a grant's space-separated `scope` lacks. */
function missingScopes(granted: string | null | undefined): string[] {
  // No `scope` in the answer means the requested ones (RFC 6749 section 5.1).
  if (granted === undefined || granted === null) return [];

  const scopes = new Set(granted.split(' '));
  return KIRA_SCOPES.filter((scope) => !scopes.has(scope));
}

function isSameConfig(a: ClientConfig, b: ClientConfig): boolean {
  return a.clientId === b.clientId && a.clientSecret === b.clientSecret;
}
