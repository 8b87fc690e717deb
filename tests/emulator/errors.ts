/**
 * Errors in the shape the Calendar API answers them: an HTTP status and a JSON body
 * `{ error: { code, message, errors: [{ domain, reason, message, ... }], status } }`.
 * The reasons are the documented ones (errors guide of Calendar API v3); the `status`
 * strings follow the canonical mapping from HTTP codes and are best effort.
 */

export interface ErrorDetail {
  domain: string;
  reason: string;
  message: string;
  locationType?: 'parameter' | 'header';
  location?: string;
}

export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: ErrorDetail[];
    status: string;
  };
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'FAILED_PRECONDITION',
  412: 'FAILED_PRECONDITION',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An answer that is not a success; thrown by the emulator's logic, rendered by the server. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly detail: ErrorDetail,
  ) {
    super(detail.message);
    this.name = 'ApiError';
  }

  /** The stable code callers branch on: the documented `reason`. */
  get code(): string {
    return this.detail.reason;
  }

  toBody(): GoogleErrorBody {
    return {
      error: {
        code: this.httpStatus,
        message: this.detail.message,
        errors: [this.detail],
        status: statusNames[this.httpStatus] ?? 'UNKNOWN',
      },
    };
  }
}

export function badRequest(message: string, reason = 'invalid', location?: string): ApiError {
  return new ApiError(400, {
    domain: 'global',
    reason,
    message,
    ...(location === undefined ? {} : { locationType: 'parameter' as const, location }),
  });
}

export function required(message: string): ApiError {
  return new ApiError(400, { domain: 'global', reason: 'required', message });
}

export function timeRangeEmpty(location: string): ApiError {
  return new ApiError(400, {
    domain: 'calendar',
    reason: 'timeRangeEmpty',
    message: 'The specified time range is empty.',
    locationType: 'parameter',
    location,
  });
}

export function authError(): ApiError {
  return new ApiError(401, {
    domain: 'global',
    reason: 'authError',
    message: 'Invalid Credentials',
    locationType: 'header',
    location: 'Authorization',
  });
}

export function loginRequired(): ApiError {
  return new ApiError(401, {
    domain: 'global',
    reason: 'required',
    message: 'Login Required.',
    locationType: 'header',
    location: 'Authorization',
  });
}

export function notFound(): ApiError {
  return new ApiError(404, { domain: 'global', reason: 'notFound', message: 'Not Found' });
}

export function duplicate(): ApiError {
  return new ApiError(409, {
    domain: 'global',
    reason: 'duplicate',
    message: 'The requested identifier already exists.',
  });
}

export function alreadyDeleted(): ApiError {
  return new ApiError(410, {
    domain: 'global',
    reason: 'deleted',
    message: 'Resource has been deleted',
  });
}

export function fullSyncRequired(): ApiError {
  return new ApiError(410, {
    domain: 'calendar',
    reason: 'fullSyncRequired',
    message: 'Sync token is no longer valid, a full sync is required.',
  });
}

export function conditionNotMet(): ApiError {
  return new ApiError(412, {
    domain: 'global',
    reason: 'conditionNotMet',
    message: 'Precondition Failed',
    locationType: 'header',
    location: 'If-Match',
  });
}

/** The statuses fault injection can answer with, each with its documented reason. */
export type FaultStatus = 401 | 403 | 429 | 500 | 503;

export type RateLimitReason = 'rateLimitExceeded' | 'userRateLimitExceeded';

export function injectedError(status: FaultStatus, reason?: RateLimitReason): ApiError {
  switch (status) {
    case 401:
      return authError();
    case 403:
      return rateLimit(403, reason ?? 'rateLimitExceeded');
    case 429:
      return rateLimit(429, 'rateLimitExceeded');
    case 500:
      return new ApiError(500, {
        domain: 'global',
        reason: 'backendError',
        message: 'Backend Error',
      });
    case 503:
      return new ApiError(503, {
        domain: 'global',
        reason: 'backendError',
        message: 'The service is currently unavailable.',
      });
  }
}

function rateLimit(status: 403 | 429, reason: RateLimitReason): ApiError {
  const message =
    reason === 'userRateLimitExceeded' ? 'User Rate Limit Exceeded' : 'Rate Limit Exceeded';
  return new ApiError(status, { domain: 'usageLimits', reason, message });
}
