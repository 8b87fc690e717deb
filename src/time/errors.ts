import type { TimeErrorCode } from './instant';

/**
 * A time value or zone that Kira refuses. Functions that return a value rather than a result
 * (windows, display, zone resolution) throw this; callers branch on `code`.
 */
export class TimeError extends Error {
  override readonly name = 'TimeError';

  constructor(
    readonly code: TimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
