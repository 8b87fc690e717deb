/**
 * A `fetch` over Obsidian's `requestUrl`, for gaxios (`fetchImplementation`), so that
 * google-auth-library and `@googleapis/calendar` send their requests without CORS: the
 * renderer's own `fetch` runs under the app's origin (`app://obsidian.md` on desktop,
 * `capacitor://localhost` or `http://localhost` on mobile), and Google's token endpoint answers
 * such origins without CORS headers. See docs/adr/0009-oauth-and-token-storage.md.
 *
 * The function is injected, so this module imports nothing from `obsidian`.
 */

/** What this adapter hands to `requestUrl`; a subset of Obsidian's `RequestUrlParam`. */
export interface RequestUrlRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | ArrayBuffer;
  contentType?: string;
  /** Always false: a 4xx or 5xx is an answer for gaxios to read, not an exception. */
  throw: false;
}

/** What it reads back; Obsidian's `RequestUrlResponse` has these and more. */
export interface RequestUrlAnswer {
  status: number;
  headers: Record<string, string>;
  arrayBuffer: ArrayBuffer;
}

/** Obsidian's `requestUrl`, or anything with its shape. */
export type RequestUrlFunction = (request: RequestUrlRequest) => Promise<RequestUrlAnswer>;

/** Statuses whose response must not have a body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A fetch-compatible function that sends every request through `requestUrl`.
 *
 * Differences from `fetch`, by the nature of `requestUrl`: bodies are buffered both ways (no
 * streamed uploads: a `ReadableStream` or `FormData` body is refused with a TypeError);
 * redirects are followed by `requestUrl` whatever `redirect` says; an abort signal rejects the
 * call with the signal's reason, but the request itself may still reach the server. A request
 * that gets no answer rejects with a TypeError, as `fetch` does, with the cause attached.
 */
export function requestUrlFetch(requestUrl: RequestUrlFunction): typeof fetch {
  return async (input, init) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    signal?.throwIfAborted();

    const request = await toRequestUrlRequest(input, init);
    const answer = await untilAborted(send(requestUrl, request), signal ?? undefined);
    return toResponse(answer, request.url);
  };
}

async function send(
  requestUrl: RequestUrlFunction,
  request: RequestUrlRequest,
): Promise<RequestUrlAnswer> {
  try {
    return await requestUrl(request);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new TypeError(`The request to ${request.url} failed: ${detail}`, { cause: error });
  }
}

async function toRequestUrlRequest(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<RequestUrlRequest> {
  const base = input instanceof Request ? input : undefined;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init?.method ?? base?.method ?? 'GET').toUpperCase();
  const headers = headerRecord(init?.headers ?? base?.headers);

  const request: RequestUrlRequest = { url, method, headers, throw: false };
  const body = await bodyOf(init, base, headers);
  if (body !== undefined) request.body = body;

  // Obsidian sets the content type from its own field; a header beside it could be dropped.
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    request.contentType = contentType;
    delete headers['content-type'];
  }
  return request;
}

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (record[name] = value));
  return record;
}

/** The body as a string or bytes; sets the content type a `fetch` would infer, if none. */
async function bodyOf(
  init: RequestInit | undefined,
  base: Request | undefined,
  headers: Record<string, string>,
): Promise<string | ArrayBuffer | undefined> {
  const body = init?.body ?? undefined;
  if (body === undefined || body === null) {
    return base?.body === null || base === undefined ? undefined : base.arrayBuffer();
  }

  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return body;
  }
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body)) {
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  }
  if (body instanceof Blob) {
    if (body.type !== '') headers['content-type'] ??= body.type;
    return body.arrayBuffer();
  }
  throw new TypeError('requestUrlFetch cannot send a streamed or multipart body.');
}

function toResponse(answer: RequestUrlAnswer, url: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) headers.append(name, value);

  const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.arrayBuffer;
  const response = new Response(body, { status: answer.status, headers });
  // `Response.url` is read-only and empty for a constructed response; callers log it.
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
