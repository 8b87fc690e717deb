import { runtime } from './runtime';

export interface RequestUrlParam {
  url: string;
  method?: string;
  contentType?: string;
  body?: string | ArrayBuffer;
  headers?: Record<string, string>;
  /** Throw when the status is 400 or more; true unless set to false. */
  throw?: boolean;
}

export interface RequestUrlResponse {
  status: number;
  headers: Record<string, string>;
  arrayBuffer: ArrayBuffer;
  json: unknown;
  text: string;
}

export interface RequestUrlResponsePromise extends Promise<RequestUrlResponse> {
  arrayBuffer: Promise<ArrayBuffer>;
  json: Promise<unknown>;
  text: Promise<string>;
}

/** Raised for a response of status 400 or more when the request did not set `throw: false`. */
export class RequestUrlError extends Error {
  readonly code = 'HOST_REQUEST_FAILED';

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
  ) {
    super(`Request failed, status ${status}`);
  }
}

async function perform(request: RequestUrlParam): Promise<RequestUrlResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers,
    body: request.body,
  });

  const bytes = await response.arrayBuffer();
  const text = new TextDecoder().decode(bytes);
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name.toLowerCase()] = value));
  if (response.status >= 400 && request.throw !== false) {
    throw new RequestUrlError(response.status, responseHeaders, text);
  }
  return {
    status: response.status,
    headers: responseHeaders,
    arrayBuffer: bytes,
    text,
    // Parsed on first read, so a response that is not JSON only fails when asked for JSON.
    get json(): unknown {
      return JSON.parse(text) as unknown;
    },
  };
}

/**
 * An HTTP request through Node's fetch, without CORS, as Obsidian's `requestUrl` is. The
 * promise also offers `.text`, `.json` and `.arrayBuffer` promises.
 * @throws RequestUrlError for status 400 or more, unless `throw: false`.
 */
export function requestUrl(request: RequestUrlParam | string): RequestUrlResponsePromise {
  const param = typeof request === 'string' ? { url: request } : request;
  const response = runtime.follow(perform(param));
  const derived = response as RequestUrlResponsePromise;
  // Getters, so a failed request does not leave three unread rejected promises behind.
  void Object.defineProperties(derived, {
    arrayBuffer: { get: () => response.then((r) => r.arrayBuffer) },
    json: { get: () => response.then((r) => r.json) },
    text: { get: () => response.then((r) => r.text) },
  });
  return derived;
}

/** The body of a request as text. */
export async function request(param: RequestUrlParam | string): Promise<string> {
  return (await requestUrl(param)).text;
}
