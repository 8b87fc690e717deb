import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { calendar } from '@googleapis/calendar';
import { requestUrl } from 'obsidian';

import { requestUrlFetch, type RequestUrlFunction } from '../../src/calendar/auth';
import { rejectionOf, startSignIn, type SignInHarness } from './builders';

/** Every byte value once, to catch any text decoding on the way. */
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

/** A loopback server with a few fixed answers and an echo of what it received. */
async function startEchoServer(): Promise<{ server: Server; url: (path: string) => string }> {
  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: (path) => `http://127.0.0.1:${port}${path}` };
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);

  switch (req.url) {
    case '/binary':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from(allBytes));
      return;
    case '/missing':
      res.writeHead(404, { 'content-type': 'application/json', 'x-reason': 'not-here' });
      res.end(JSON.stringify({ error: { code: 404, message: 'Not Found' } }));
      return;
    case '/empty':
      res.writeHead(204, { etag: '"e1"' });
      res.end();
      return;
    default:
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v7"' });
      res.end(
        JSON.stringify({
          method: req.method,
          contentType: req.headers['content-type'] ?? null,
          ifMatch: req.headers['if-match'] ?? null,
          body: body.toString('base64'),
        }),
      );
  }
}

describe('requestUrlFetch, a fetch over Obsidian’s requestUrl', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  const viaRequestUrl = requestUrlFetch(requestUrl);

  beforeAll(async () => {
    echo = await startEchoServer();
  });

  afterAll(async () => {
    await new Promise((resolve) => echo.server.close(resolve));
  });

  it('answers JSON with its status and headers', async () => {
    const response = await viaRequestUrl(echo.url('/echo'), {
      method: 'PATCH',
      headers: { 'If-Match': '"v6"', 'Content-Type': 'application/json' },
      body: JSON.stringify({ summary: 'Standup' }),
    });
    const data = (await response.json()) as Record<string, string>;

    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('ETag')).toBe('"v7"');
    expect(data.method).toBe('PATCH');
    expect(data.ifMatch).toBe('"v6"');
    expect(data.contentType).toBe('application/json');
    expect(Buffer.from(data.body!, 'base64').toString()).toBe('{"summary":"Standup"}');
  });

  it('hands a 4xx back as an answer, with its body and headers, instead of throwing', async () => {
    const response = await viaRequestUrl(echo.url('/missing'));

    expect(response.status).toBe(404);
    expect(response.ok).toBe(false);
    expect(response.headers.get('x-reason')).toBe('not-here');
    expect(await response.json()).toEqual({ error: { code: 404, message: 'Not Found' } });
  });

  it('keeps binary bodies byte for byte, both ways', async () => {
    const download = await viaRequestUrl(echo.url('/binary'));
    const upload = await viaRequestUrl(echo.url('/echo'), { method: 'POST', body: allBytes });
    const echoed = (await upload.json()) as { body: string };

    expect(new Uint8Array(await download.arrayBuffer())).toEqual(allBytes);
    expect(new Uint8Array(Buffer.from(echoed.body, 'base64'))).toEqual(allBytes);
  });

  it('sends a form body with the form content type, as fetch would', async () => {
    const response = await viaRequestUrl(new URL(echo.url('/echo')), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: '1//x y' }),
    });
    const data = (await response.json()) as { contentType: string; body: string };

    expect(data.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Buffer.from(data.body, 'base64').toString()).toBe(
      'grant_type=refresh_token&refresh_token=1%2F%2Fx+y',
    );
  });

  it('answers 204 with no body', async () => {
    const response = await viaRequestUrl(echo.url('/empty'), { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe('"e1"');
    expect(await response.text()).toBe('');
  });

  it('rejects like fetch when nothing answers, and when aborted first', async () => {
    const closed = await startEchoServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const aborted = new AbortController();
    aborted.abort();

    const unreachable = await rejectionOf(viaRequestUrl(closed.url('/echo')));
    const cancelled = await rejectionOf(
      viaRequestUrl(echo.url('/echo'), { signal: aborted.signal }),
    );

    expect(unreachable).toBeInstanceOf(TypeError);
    expect(cancelled).toMatchObject({ name: 'AbortError' });
  });

  it('refuses a streamed body, which requestUrl cannot send', async () => {
    const stream = new ReadableStream({ start: (controller) => controller.close() });

    const error = await rejectionOf(
      viaRequestUrl(echo.url('/echo'), {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );

    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('google-auth-library and the calendar client over requestUrlFetch', () => {
  let h: SignInHarness;
  const urlsSent: string[] = [];
  const countingRequestUrl: RequestUrlFunction = (request) => {
    urlsSent.push(request.url);
    return requestUrl(request);
  };
  const viaRequestUrl = requestUrlFetch(countingRequestUrl);

  beforeEach(async () => {
    h = await startSignIn({ deps: { fetchImplementation: viaRequestUrl } });
  });

  afterEach(async () => {
    await h.close();
  });

  it('signs in, refreshes and calls the API with every request through requestUrl', async () => {
    await h.auth.signIn();
    h.clock.advance(2 * 3_600_000);
    const client = await h.auth.ensureFresh();
    const api = calendar({
      version: 'v3',
      rootUrl: h.emulator.rootUrl,
      auth: client,
      fetchImplementation: viaRequestUrl,
      retry: false,
    });

    const list = await api.events.list({ calendarId: 'primary' });
    const missing = await rejectionOf(
      api.events.get({ calendarId: 'primary', eventId: 'nosuchevent' }),
    );

    const tokenCalls = urlsSent.filter((url) => url === h.emulator.tokenUrl);
    const apiCalls = urlsSent.filter((url) => url.includes('/calendar/v3/'));

    expect(tokenCalls).toHaveLength(2);
    expect(apiCalls).toHaveLength(3);
    // Only the browser's visit to the consent page bypasses requestUrl.
    const byKira = h.emulator.requests.filter(
      (r) => r.path !== new URL(h.emulator.authUrl).pathname,
    );
    expect(urlsSent).toHaveLength(byKira.length);
    expect(list.status).toBe(200);
    expect(missing).toMatchObject({ status: 404 });
  });
});
