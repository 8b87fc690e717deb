/** Small node:http helpers: read a bounded body, answer JSON, wait in a cancellable way. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

import { ApiError, badRequest } from './errors';

/** The largest request body accepted; larger ones answer 413. */
export const largestBody = 5 * 1024 * 1024;

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= largestBody) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > largestBody)
        reject(
          new ApiError(413, {
            domain: 'global',
            reason: 'uploadTooLarge',
            message: 'Request Entity Too Large',
          }),
        );
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Parses a JSON request body; an empty body is an empty object. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Parse Error', 'parseError');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('Parse Error', 'parseError');
  return parsed as Record<string, unknown>;
}

export function send(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }

  const payload = JSON.stringify(answer.body);
  headers['content-type'] = 'application/json; charset=UTF-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/** Timers that `cancelAll` clears, so closing the server leaves nothing waiting. */
export class Waits {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
