/**
 * Where the Google sign-in is kept: Obsidian's secret storage, behind {@link SecretStore}.
 * Nothing here ever reaches `data.json`; see docs/adr/0009-oauth-and-token-storage.md.
 */

/**
 * A place for secrets, one string per id. Ids are lowercase letters and digits with dashes,
 * as Obsidian's `SecretStorage` requires. `get` answers `null` for an id never set.
 */
export interface SecretStore {
  get(id: string): string | null;
  set(id: string, value: string): void;
  /** Optional: Obsidian's secret storage cannot delete; {@link TokenVault} then writes ''. */
  delete?(id: string): void;
}

/** The ids Kira keeps under. The client secret's id is the one the settings field writes. */
export const SECRET_IDS = {
  refreshToken: 'kira-google-refresh-token',
  accessToken: 'kira-google-access-token',
  account: 'kira-google-account',
  clientSecret: 'kira-google-client-secret',
} as const;

/** The part of Obsidian's `App.secretStorage` (1.11.4+) a {@link SecretStore} needs. */
export interface SecretStorageLike {
  getSecret(id: string): string | null;
  setSecret(id: string, secret: string): void;
}

/** A {@link SecretStore} over Obsidian's `app.secretStorage`, for the plugin's wiring. */
export function secretStoreOver(storage: SecretStorageLike): SecretStore {
  return {
    get: (id) => storage.getSecret(id),
    set: (id, value) => storage.setSecret(id, value),
  };
}

/** An access token as kept between sessions; `expiresAt` in epoch ms. */
export interface StoredAccessToken {
  token: string;
  expiresAt?: number;
  scope?: string;
}

/** The tokens a Google token endpoint hands out, as google-auth-library reports them. */
export interface TokenGrant {
  access_token?: string | null;
  refresh_token?: string | null;
  expiry_date?: number | null;
  scope?: string | null;
}

/**
 * The sign-in's secrets, read and written as a whole. An empty string counts as absent, because
 * Obsidian's secret storage has no delete and clearing writes ''.
 */
export class TokenVault {
  constructor(private readonly secrets: SecretStore) {}

  get refreshToken(): string | undefined {
    return this.read(SECRET_IDS.refreshToken);
  }

  get account(): string | undefined {
    return this.read(SECRET_IDS.account);
  }

  /** The kept access token; `undefined` when there is none or it is unreadable. */
  get accessToken(): StoredAccessToken | undefined {
    const text = this.read(SECRET_IDS.accessToken);
    if (text === undefined) return undefined;

    try {
      const value = JSON.parse(text) as Partial<StoredAccessToken>;
      if (typeof value.token !== 'string' || value.token === '') return undefined;
      return {
        token: value.token,
        ...(typeof value.expiresAt === 'number' ? { expiresAt: value.expiresAt } : {}),
        ...(typeof value.scope === 'string' ? { scope: value.scope } : {}),
      };
    } catch {
      // A hand-edited or truncated secret: the refresh token gets a new one.
      return undefined;
    }
  }

  /**
   * Keeps what a grant carries. A refresh grant usually has no refresh token; the kept one
   * then stays. A grant without an access token leaves the kept access token alone.
   */
  save(grant: TokenGrant): void {
    if (typeof grant.refresh_token === 'string' && grant.refresh_token !== '') {
      this.secrets.set(SECRET_IDS.refreshToken, grant.refresh_token);
    }
    if (typeof grant.access_token !== 'string' || grant.access_token === '') return;

    const stored: StoredAccessToken = { token: grant.access_token };
    if (typeof grant.expiry_date === 'number') stored.expiresAt = grant.expiry_date;
    if (typeof grant.scope === 'string') stored.scope = grant.scope;
    this.secrets.set(SECRET_IDS.accessToken, JSON.stringify(stored));
  }

  saveAccount(email: string): void {
    this.secrets.set(SECRET_IDS.account, email);
  }

  /** Forgets the sign-in (tokens and account); the client secret stays, it is configuration. */
  clear(): void {
    for (const id of [SECRET_IDS.refreshToken, SECRET_IDS.accessToken, SECRET_IDS.account]) {
      if (this.secrets.delete !== undefined) this.secrets.delete(id);
      else this.secrets.set(id, '');
    }
  }

  private read(id: string): string | undefined {
    const value = this.secrets.get(id);
    return value === null || value === '' ? undefined : value;
  }
}
