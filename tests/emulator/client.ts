/**
 * The real `@googleapis/calendar` client, wired to an emulator the way the sync tests need it.
 * Node's own `fetch` is passed in because gaxios otherwise imports the ESM-only node-fetch,
 * which jest's CommonJS runtime cannot load (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG).
 */
import { auth as googleAuth, calendar, type calendar_v3 } from '@googleapis/calendar';

// googleapis-common pins its own copy of google-auth-library (10.5.0 beside the top-level
// 10.9.1); only an OAuth2 client of that copy type-checks as the calendar's `auth`.
type OAuth2Client = InstanceType<typeof googleAuth.OAuth2>;
type Credentials = OAuth2Client['credentials'];

export interface EmulatorClientOptions {
  /** Credentials of the OAuth client; default `{ access_token: 'emulator-token' }`. */
  credentials?: Credentials;
  /**
   * `false` turns gaxios' own retries off, so a test sees the raw error. A number keeps them
   * on with that many retries and short delays (10 ms, then 0) so tests stay fast.
   * Left out: gaxios' defaults (3 retries after 100, 500, 1500 ms).
   */
  retry?: false | number;
}

export interface EmulatorClient {
  calendar: calendar_v3.Calendar;
  auth: OAuth2Client;
}

/** Builds a calendar client and its OAuth client, both pointed at the emulator's `rootUrl`. */
export function emulatorClient(
  emulator: { rootUrl: string; tokenUrl: string; authUrl: string; revokeUrl: string },
  options: EmulatorClientOptions = {},
): EmulatorClient {
  const auth = new googleAuth.OAuth2({
    clientId: 'kira-emulator-client',
    clientSecret: 'kira-emulator-secret',
    endpoints: {
      oauth2TokenUrl: emulator.tokenUrl,
      oauth2AuthBaseUrl: emulator.authUrl,
      oauth2RevokeUrl: emulator.revokeUrl,
    },
    transporterOptions: { fetchImplementation: fetch },
  });
  auth.setCredentials(options.credentials ?? { access_token: 'emulator-token' });

  const client = calendar({
    version: 'v3',
    rootUrl: emulator.rootUrl,
    auth,
    fetchImplementation: fetch,
    ...retryOptions(options.retry),
  });
  return { calendar: client, auth };
}

function retryOptions(retry: false | number | undefined): Record<string, unknown> {
  if (retry === undefined) return {};
  if (retry === false) return { retry: false };

  return { retryConfig: { retry, retryDelay: 10, retryDelayMultiplier: 1 } };
}
