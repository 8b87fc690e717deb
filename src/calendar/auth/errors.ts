/**
 * Why signing in to Google, or keeping the sign-in alive, did not work. Callers branch on
 * `code`; `action` names the one thing the user can do about it, for the notice's button.
 *
 * | code             | when                                                        | action     |
 * | ---------------- | ----------------------------------------------------------- | ---------- |
 * | `sign_in_again`  | the refresh token expired or was revoked (`invalid_grant`)  | `sign-in`  |
 * | `signed_out`     | a token is needed but nobody signed in                      | `sign-in`  |
 * | `cancelled`      | the user denied consent in the browser (`access_denied`)    | none       |
 * | `state_mismatch` | the browser came back with another sign-in's `state`        | `sign-in`  |
 * | `timeout`        | nobody came back from the browser in time                   | `sign-in`  |
 * | `missing_scope`  | the user unticked calendar access on the consent page       | `sign-in`  |
 * | `not_configured` | no client id or secret in the settings                      | `settings` |
 * | `refused`        | Google refused the client or the request (`invalid_client`) | `settings` |
 * | `desktop_only`   | signing in was asked for on mobile                          | none       |
 * | `network`        | Google's sign-in service could not be reached or failed     | `retry`    |
 */
export type AuthErrorCode =
  | 'sign_in_again'
  | 'signed_out'
  | 'cancelled'
  | 'state_mismatch'
  | 'timeout'
  | 'missing_scope'
  | 'not_configured'
  | 'refused'
  | 'desktop_only'
  | 'network';

/** What the user can do next: sign in, open Kira's settings, or try again later. */
export type AuthAction = 'sign-in' | 'settings' | 'retry';

const ACTIONS: Record<AuthErrorCode, AuthAction | undefined> = {
  sign_in_again: 'sign-in',
  signed_out: 'sign-in',
  cancelled: undefined,
  state_mismatch: 'sign-in',
  timeout: 'sign-in',
  missing_scope: 'sign-in',
  not_configured: 'settings',
  refused: 'settings',
  desktop_only: undefined,
  network: 'retry',
};

/** A sign-in problem with a stable `code`, a plain message and the action that fixes it. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly action: AuthAction | undefined;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.action = ACTIONS[code];
  }

  /** True for a cancel the user chose; the error funnel stays quiet about it. */
  get isUserCancel(): boolean {
    return this.code === 'cancelled';
  }
}

/** True when `error` is an {@link AuthError} with one of `codes` (any code if none). */
export function isAuthError(error: unknown, ...codes: AuthErrorCode[]): error is AuthError {
  return error instanceof AuthError && (codes.length === 0 || codes.includes(error.code));
}

/** The parts of a gaxios error this module reads; both bundled gaxios copies have them. */
interface HttpFailure {
  status?: number;
  response?: { status?: number; data?: unknown };
}

/** The OAuth error of a token or revoke answer: `{ error, error_description }`. */
function oauthErrorOf(failure: HttpFailure): { error: string; description: string } | undefined {
  const data = failure.response?.data;
  if (typeof data !== 'object' || data === null) return undefined;

  const { error, error_description: description } = data as Record<string, unknown>;
  if (typeof error !== 'string') return undefined;
  return { error, description: typeof description === 'string' ? description : '' };
}

/**
 * Reads a failure of an API call that refreshed its token on the way as an {@link AuthError}:
 * `invalid_grant` becomes `sign_in_again`, `invalid_client` and `unauthorized_client` become
 * `refused`. Anything else gives `undefined`, so the caller handles it as the API error it is.
 */
export function authErrorFrom(error: unknown): AuthError | undefined {
  if (error instanceof AuthError) return error;
  if (typeof error !== 'object' || error === null) return undefined;

  const oauthError = oauthErrorOf(error);
  if (oauthError?.error === 'invalid_grant') {
    return new AuthError(
      'sign_in_again',
      'Google no longer accepts Kira’s sign-in: it expired or was revoked. Sign in again.',
      { cause: error },
    );
  }
  if (oauthError?.error === 'invalid_client' || oauthError?.error === 'unauthorized_client') {
    return refused(oauthError, error);
  }
  return undefined;
}

/**
 * Reads a failure of Kira's own request to the token endpoint (code exchange, refresh).
 * Beyond {@link authErrorFrom}: no answer at all, or a 5xx, is `network`; any other OAuth
 * error is `refused`; anything else is passed on unchanged.
 */
export function tokenRequestFailure(error: unknown): unknown {
  const known = authErrorFrom(error);
  if (known !== undefined) return known;
  if (typeof error !== 'object' || error === null) return error;

  const failure = error as HttpFailure;
  const oauthError = oauthErrorOf(failure);
  if (oauthError !== undefined) return refused(oauthError, error);

  const status = failure.response?.status ?? failure.status;
  if (failure.response === undefined && error instanceof Error) {
    return new AuthError(
      'network',
      `Could not reach Google’s sign-in service (${error.message}). Try again when online.`,
      { cause: error },
    );
  }
  if (typeof status === 'number' && status >= 500) {
    return new AuthError(
      'network',
      `Google’s sign-in service failed (status ${status}). Try again later.`,
      {
        cause: error,
      },
    );
  }
  return error;
}

function refused(oauthError: { error: string; description: string }, cause: unknown): AuthError {
  const detail =
    oauthError.description === ''
      ? oauthError.error
      : `${oauthError.error}: ${oauthError.description}`;
  return new AuthError(
    'refused',
    `Google refused the sign-in (${detail}). Check the client id and secret in Kira’s settings.`,
    { cause },
  );
}
