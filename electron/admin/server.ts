import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiService } from '../api/service';
import { GatewayError } from '../core/errors';
import { checkHost } from '../proxy/guard';
import { BROWSER_CONTENT_SECURITY_POLICY } from '../shell/security';
import { mimeType, resolveStaticFile } from './static';

/** Admin tokens look nothing like client tokens (`sb-…`), so neither is mistaken for the other. */
export const ADMIN_TOKEN_PREFIX = 'sba_';

export function generateAdminToken(): string {
  return ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

const MAX_BODY = 1024 * 1024;
const PING_MS = 15_000;
const NO_HOSTS: ReadonlySet<string> = new Set();

/** Paths the proxy owns: never claimed by the UI, whatever files exist. */
const PROXY_PATHS = new Set(['/health', '/healthz', '/chat/completions', '/messages', '/embeddings', '/models']);

export type { UiStateLike as UiState } from './ui-build';
import type { UiStateLike as UiState } from './ui-build';

export interface AdminOptions {
  service: ApiService;
  /** The per-launch admin token. */
  token: string;
  /** Where the UI comes from; a function so a background build can swap it in. */
  ui: () => UiState;
}

export interface AdminMount {
  /** For `createProxy({ mount })`: true when the request was the admin API's or the UI's. */
  mount(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends open event streams (so the proxy's graceful close isn't held up by them). */
  close(): void;
  readonly openStreams: number;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(addr);
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(text);
}

const apiError = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}) =>
  sendJson(res, status, { error: { message, code } }, extra);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop keeping it, but drain the rest so the 413 reaches the client.
        req.off('data', onData);
        req.resume();
        reject(new GatewayError(413, 'request_too_large', `Request body over ${MAX_BODY} bytes.`, { code: 'too_large' }));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The contract over HTTP, on the proxy's own port:
 *  - `POST /api/<method>` — JSON in, JSON out (`{error:{message,code,issues?}}` on failure);
 *  - `GET /api/stream/<name>[?input=<json>]` — server-sent events, one `data:` JSON per event;
 *  - the built UI at `/`, with a strict CSP.
 * The API needs `Authorization: Bearer <admin token>` (per launch; client
 * tokens are refused), a loopback peer and `Host`, and an `Origin` that is
 * absent or the proxy's own.
 */
export function createAdminMount(opts: AdminOptions): AdminMount {
  const tokenDigest = createHash('sha256').update(opts.token).digest();
  const streams = new Set<ServerResponse>();

  function authorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || auth.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    const digest = createHash('sha256').update(auth.slice(7).trim()).digest();
    return timingSafeEqual(digest, tokenDigest);
  }

  /** Host, peer and Origin checks shared by the API and the UI. Returns false after answering. */
  function guard(req: IncomingMessage, res: ServerResponse): boolean {
    try {
      checkHost(req, NO_HOSTS);
    } catch (err) {
      apiError(res, 403, 'host_not_allowed', (err as Error).message);
      return false;
    }
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      apiError(res, 403, 'not_loopback', 'The admin API and UI answer on loopback only.');
      return false;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      apiError(res, 403, 'origin_not_allowed', `Origin '${origin}' may not use the Switchboard admin API.`);
      return false;
    }
    return true;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
    if (!guard(req, res)) return;
    if (!authorized(req)) {
      apiError(res, 401, 'unauthorized', 'Missing or wrong admin token: open the UI link printed by `switchboard serve` (it carries the token).', {
        'www-authenticate': 'Bearer realm="switchboard-admin"',
      });
      return;
    }
    const name = path.slice('/api/'.length);
    if (name.startsWith('stream/')) {
      if (req.method !== 'GET') return apiError(res, 405, 'method_not_allowed', 'Event streams are GET.', { allow: 'GET' });
      return handleStream(req, res, name.slice('stream/'.length), query);
    }
    if (req.method !== 'POST') return apiError(res, 405, 'method_not_allowed', 'API methods are POST with a JSON body.', { allow: 'POST' });
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return apiError(res, 415, 'unsupported_media_type', 'Send the input as Content-Type: application/json.');
    let raw: unknown;
    try {
      const text = await readBody(req);
      raw = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      if (err instanceof GatewayError) return apiError(res, err.status, err.code ?? 'invalid_request', err.message, { connection: 'close' });
      return apiError(res, 400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const result = await opts.service.dispatch(decodeURIComponent(name), raw, { transport: 'http' });
    if (result.ok) sendJson(res, 200, result.value);
    else sendJson(res, result.status, { error: result.error });
  }

  function handleStream(req: IncomingMessage, res: ServerResponse, name: string, query: string): void {
    let raw: unknown = {};
    const input = new URLSearchParams(query).get('input');
    if (input) {
      try {
        raw = JSON.parse(input);
      } catch {
        return apiError(res, 400, 'invalid_json', 'The `input` query parameter is not valid JSON.');
      }
    }
    // The first status arrives during subscribe(), before the headers: hold events until they're out.
    let pending: string[] | null = [];
    const sub = opts.service.subscribe(decodeURIComponent(name), raw, { transport: 'http' }, (e) => {
      const frame = `data: ${JSON.stringify(e)}\n\n`;
      if (pending) pending.push(frame);
      else if (!res.writableEnded) res.write(frame);
    });
    if (!sub.ok) return sendJson(res, sub.status, { error: sub.error });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...SECURITY_HEADERS,
    });
    res.flushHeaders();
    res.write(': connected\n\n');
    for (const frame of pending) res.write(frame);
    pending = null;
    streams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    ping.unref();
    const done = () => {
      clearInterval(ping);
      sub.unsubscribe();
      streams.delete(res);
    };
    res.once('close', done);
    req.once('close', done);
  }

  function handleUi(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path.startsWith('/v1/') || path === '/v1' || PROXY_PATHS.has(path) || path.startsWith('/api')) return false;
    const ui = opts.ui();
    const isIndex = path === '/' || path === '/index.html';
    const file = ui.dir ? resolveStaticFile(ui.dir, path) : null;
    if (!file && !isIndex) return false;
    if (!guard(req, res)) return true;
    const headers: Record<string, string> = {
      'content-security-policy': BROWSER_CONTENT_SECURITY_POLICY,
      ...SECURITY_HEADERS,
    };
    if (!file) {
      const html = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Switchboard</title><body style="font-family:system-ui;margin:3rem"><h1>Switchboard</h1><p>${escapeHtml(ui.note)}</p><p>The proxy is running; this page reloads every few seconds.</p></body>`;
      res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return true;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return false;
    }
    const hashed = /\/assets\//.test(path) && /[-.][A-Za-z0-9_-]{8,}\.\w+$/.test(path);
    res.writeHead(200, {
      ...headers,
      'content-type': mimeType(file),
      'content-length': String(stat.size),
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  }

  return {
    mount(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      const query = q === -1 ? '' : url.slice(q + 1);
      if (path === '/api' || path.startsWith('/api/')) {
        handleApi(req, res, path, query).catch((err) => {
          console.error('[switchboard] admin api:', err);
          apiError(res, 500, 'internal', 'Internal error in Switchboard.');
        });
        return true;
      }
      return handleUi(req, res, path);
    },
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
    get openStreams() {
      return streams.size;
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
