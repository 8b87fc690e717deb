import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestUrl } from 'obsidian';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
      });
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'application/json', 'X-Reason': 'gone' });
        res.end('{"error":"not found"}');
        return;
      }
      if (req.url === '/text') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('plain words');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' });
      res.end(JSON.stringify({ ok: true, echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

describe('requestUrl', () => {
  it('sends method, headers, content type and body, and returns status, headers, text and json', async () => {
    const response = await requestUrl({
      url: `${base}/events`,
      method: 'POST',
      contentType: 'application/json',
      headers: { Authorization: 'Bearer token-1' },
      body: JSON.stringify({ summary: 'Standup' }),
    });

    expect(received).toEqual([
      {
        method: 'POST',
        url: '/events',
        contentType: 'application/json',
        authorization: 'Bearer token-1',
        body: '{"summary":"Standup"}',
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"v1"');
    expect(response.json).toEqual({ ok: true, echo: '{"summary":"Standup"}' });
    expect(new TextDecoder().decode(response.arrayBuffer)).toBe(response.text);
  });

  it('accepts a bare URL and offers the body as promise properties', async () => {
    const text = await requestUrl(`${base}/text`).text;
    const json = (await requestUrl(`${base}/`).json) as { ok: boolean };

    expect(text).toBe('plain words');
    expect(json.ok).toBe(true);
  });

  it('throws for status 400 and above, carrying the status', async () => {
    await expect(requestUrl(`${base}/missing`)).rejects.toMatchObject({
      message: 'Request failed, status 404',
      status: 404,
      code: 'HOST_REQUEST_FAILED',
    });
  });

  it('returns the error response when throw is false', async () => {
    const response = await requestUrl({ url: `${base}/missing`, throw: false });

    expect(response.status).toBe(404);
    expect(response.headers['x-reason']).toBe('gone');
    expect(response.json).toEqual({ error: 'not found' });
  });

  it('fails only when asked for JSON that the body is not', async () => {
    const response = await requestUrl(`${base}/text`);

    expect(response.text).toBe('plain words');
    expect(() => response.json).toThrow(SyntaxError);
  });
});
