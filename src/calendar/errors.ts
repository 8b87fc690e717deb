/**
 * The one error the calendar sync throws. Callers branch on `code`; `message` is a sentence a
 * user can act on, fit for a notice as it is.
 */
export type CalendarSyncErrorCode =
  /** Google could not be reached (refused, cut, timed out): changes wait in the outbox. */
  | 'offline'
  /** 429 or 403 rate limits, still failing after every retry. */
  | 'rate_limited'
  /** 5xx from Google, still failing after every retry. */
  | 'server_error'
  /** 401: the sign-in expired or was revoked. */
  | 'unauthorized'
  /** 403 for another reason than a rate limit: no access to the calendar. */
  | 'forbidden'
  /** 404 on the calendar itself: it was deleted on Google's side, or never shared. */
  | 'calendar_not_found'
  /** 404 on one event. */
  | 'not_found'
  /** 409: the event id is taken (by a retried insert or another device). */
  | 'duplicate'
  /** 410 `deleted`: the event was deleted. */
  | 'deleted'
  /** 410 `fullSyncRequired`: the sync token expired. */
  | 'sync_token_expired'
  /** 412: the event changed since the etag Kira sent. */
  | 'precondition_failed'
  /** 400: Google refused what was sent. */
  | 'bad_request'
  | 'unexpected';

export class CalendarSyncError extends Error {
  override readonly name = 'CalendarSyncError';

  constructor(
    readonly code: CalendarSyncErrorCode,
    message: string,
    readonly details: { status?: number; reason?: string; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True for failures that may pass by themselves: retried with backoff, then kept queued. */
  get isTransient(): boolean {
    return this.code === 'offline' || this.code === 'rate_limited' || this.code === 'server_error';
  }

  /** True for failures that stop the whole sync of the calendar, not just one event. */
  get isFatal(): boolean {
    return (
      this.code === 'unauthorized' ||
      this.code === 'forbidden' ||
      this.code === 'calendar_not_found'
    );
  }
}

const MESSAGES: Record<CalendarSyncErrorCode, string> = {
  offline:
    'Google Calendar could not be reached. Your changes wait and go out when the connection is back.',
  rate_limited:
    'Google Calendar asked Kira to slow down. Kira tried again several times; it will try later.',
  server_error:
    'Google Calendar had a server error. Kira tried again several times; it will try later.',
  unauthorized: 'The Google sign-in expired or was revoked. Sign in again in Kira’s settings.',
  forbidden: 'Google refused access to this calendar. Check that your account may edit it.',
  calendar_not_found:
    'The calendar was not found on Google (deleted, or no longer shared). Sync for it has stopped; pick another calendar in the settings.',
  not_found: 'The event was not found on Google.',
  duplicate: 'An event with this id already exists on Google.',
  deleted: 'The event was deleted on Google.',
  sync_token_expired: 'Google asked for a full resync.',
  precondition_failed: 'The event changed on Google since Kira last saw it.',
  bad_request: 'Google refused the event Kira sent.',
  unexpected: 'Google Calendar answered in a way Kira did not expect.',
};

/** The plain message for a code, with Google's own words after it when they add something. */
export function messageFor(code: CalendarSyncErrorCode, detail?: string): string {
  const base = MESSAGES[code];
  return detail === undefined || detail === '' ? base : `${base} (${detail})`;
}
