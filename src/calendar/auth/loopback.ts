/**
 * The one-shot loopback server that receives Google's answer to the consent page
 * (`http://127.0.0.1:<port>/callback?code=…&state=…`). It listens on a free port of 127.0.0.1
 * only, takes exactly one answer on the callback path, or gives up after a timeout, and then
 * closes. `node:http` is handed in by the caller, who loads it only on desktop.
 */
import { AuthError } from './errors';

/**
 * The part of `node:http` the loopback needs, written out so that this module never names a
 * Node module: the wiring hands in the real one, loaded only on desktop.
 */
export interface HttpModule {
  createServer(listener: (req: CallbackRequest, res: CallbackResponse) => void): LoopbackServer;
}

/** What the server reads of a request. */
export interface CallbackRequest {
  method?: string | undefined;
  url?: string | undefined;
}

/** What the server does with a response. */
export interface CallbackResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/** What the loopback does with its server. */
export interface LoopbackServer {
  listen(port: number, host: string, onListening: () => void): unknown;
  address(): { port: number } | string | null;
  once(event: 'close' | 'error', listener: (error?: Error) => void): unknown;
  close(): unknown;
  closeIdleConnections(): void;
}

export interface LoopbackOptions {
  /** The `state` sent with the consent URL; any other answer is refused. */
  expectedState: string;
  /** How long to wait for the browser before giving up, in ms. */
  timeoutMs: number;
}

/** A listening loopback server, waiting for one answer. */
export interface Loopback {
  /** `http://127.0.0.1:<port>/callback`, the redirect URI for this sign-in. */
  readonly redirectUri: string;
  /**
   * The authorization code; rejects with an {@link AuthError}: `cancelled` (the user denied
   * access, or `close` came first), `state_mismatch`, `timeout`, or `refused` (another OAuth
   * error, or no code). The server is closing by the time it settles.
   */
  readonly code: Promise<string>;
  /** Resolves once the server has closed and its port is free again. */
  readonly closed: Promise<void>;
  /** Stops waiting and closes the server; the code then rejects as `cancelled`. Idempotent. */
  close(): Promise<void>;
}

export const CALLBACK_PATH = '/callback';

/** Starts the loopback server on 127.0.0.1, on a port the system picks. */
export async function openLoopback(http: HttpModule, options: LoopbackOptions): Promise<Loopback> {
  let answer: ((outcome: CallbackOutcome) => void) | undefined;
  const server = http.createServer((req, res) => answer?.(readCallback(req, res, options)));
  const port = await listen(server);

  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  const session = new LoopbackSession(server, redirectUri, options.timeoutMs);
  answer = (outcome) => session.settle(outcome);
  return session;
}

/** What one request to the server meant: nothing yet (another path), a code, or an error. */
type CallbackOutcome = { kind: 'ignored' } | { kind: 'code'; code: string } | AuthError;

class LoopbackSession implements Loopback {
  readonly code: Promise<string>;
  readonly closed: Promise<void>;

  private resolveCode!: (code: string) => void;
  private rejectCode!: (error: AuthError) => void;
  private isSettled = false;
  /** Held here so the timeout lives as long as the session. */
  private readonly deadline: AbortSignal;

  constructor(
    private readonly server: LoopbackServer,
    readonly redirectUri: string,
    timeoutMs: number,
  ) {
    this.code = new Promise<string>((resolve, reject) => {
      this.resolveCode = resolve;
      this.rejectCode = reject;
    });
    // A caller that closes early never reads the code; that rejection is expected.
    this.code.catch(() => undefined);
    this.closed = new Promise((resolve) => server.once('close', () => resolve()));

    // A timeout signal rather than a window timer: this server is not tied to any window.
    this.deadline = AbortSignal.timeout(timeoutMs);
    this.deadline.addEventListener('abort', () => this.timeOut(timeoutMs), { once: true });
  }

  settle(outcome: CallbackOutcome): void {
    if (this.isSettled || (!(outcome instanceof AuthError) && outcome.kind === 'ignored')) return;
    this.isSettled = true;

    if (outcome instanceof AuthError) this.rejectCode(outcome);
    else this.resolveCode(outcome.code);
    this.shutDown();
  }

  async close(): Promise<void> {
    this.settle(new AuthError('cancelled', 'The sign-in was stopped before Google answered.'));
    await this.closed;
  }

  private timeOut(timeoutMs: number): void {
    const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
    this.settle(
      new AuthError(
        'timeout',
        `Nobody came back from Google’s sign-in page within ${minutes} minute(s). Sign in again.`,
      ),
    );
  }

  private shutDown(): void {
    this.server.close();
    // The browser may hold a keep-alive connection open; a one-shot server must not wait for it.
    this.server.closeIdleConnections();
  }
}

function listen(server: LoopbackServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('The loopback server has no port.'));
        return;
      }
      resolve(address.port);
    });
  });
}

/** Answers one request and says what it meant for the sign-in. */
function readCallback(
  req: CallbackRequest,
  res: CallbackResponse,
  options: LoopbackOptions,
): CallbackOutcome {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
    // A favicon request or a stray visit: not the answer this server waits for.
    sendPage(res, 404, 'Not found.');
    return { kind: 'ignored' };
  }

  const outcome = outcomeOf(url.searchParams, options.expectedState);
  sendPage(res, outcome instanceof AuthError ? 400 : 200, pageText(outcome));
  return outcome;
}

function outcomeOf(query: URLSearchParams, expectedState: string): CallbackOutcome {
  // The state is checked first: an answer to another sign-in says nothing about this one.
  if (query.get('state') !== expectedState) {
    return new AuthError(
      'state_mismatch',
      'The answer from Google did not belong to this sign-in (its state did not match), so Kira refused it. Sign in again.',
    );
  }

  const error = query.get('error');
  if (error === 'access_denied') {
    return new AuthError('cancelled', 'Sign-in was cancelled on Google’s consent page.');
  }
  if (error !== null) {
    return new AuthError(
      'refused',
      `Google answered the sign-in with the error "${error}". Check the OAuth client in Kira’s settings.`,
    );
  }

  const code = query.get('code');
  if (code === null || code === '') {
    return new AuthError('refused', 'Google answered the sign-in without a code.');
  }
  return { kind: 'code', code };
}

function pageText(outcome: CallbackOutcome): string {
  if (!(outcome instanceof AuthError))
    return 'Kira is signed in to Google. You can close this tab.';
  if (outcome.code === 'cancelled') return 'Sign-in was cancelled. You can close this tab.';
  return `Kira could not sign in: ${outcome.message} You can close this tab.`;
}

/** A small page without scripts or outside resources; the text is escaped. */
function sendPage(res: CallbackResponse, status: number, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>Kira</title><p>${escapeHtml(text)}</p>\n`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(new TextEncoder().encode(body).length),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
