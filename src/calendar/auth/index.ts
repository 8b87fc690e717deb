/** Google sign-in for the calendar sync; see docs/adr/0009-oauth-and-token-storage.md. */
export {
  CALENDAR_LIST_SCOPE,
  DEFAULT_SIGN_IN_TIMEOUT_MS,
  EVENTS_SCOPE,
  GOOGLE_ENDPOINTS,
  GoogleAuth,
  KIRA_SCOPES,
} from './google-auth';
export type {
  ClientConfig,
  GoogleAuthDeps,
  GoogleEndpoints,
  GoogleOAuthClient,
  SignedIn,
  SignOutOutcome,
} from './google-auth';
export { AuthError, authErrorFrom, isAuthError } from './errors';
export type { AuthAction, AuthErrorCode } from './errors';
export type { HttpModule } from './loopback';
export { SECRET_IDS, secretStoreOver } from './secrets';
export type { SecretStorageLike, SecretStore } from './secrets';
export { requestUrlFetch } from './request-url-fetch';
export type { RequestUrlAnswer, RequestUrlFunction, RequestUrlRequest } from './request-url-fetch';
