import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors';
import type { WireFormat } from '../providers/types';
import { AuthFailureLimiter } from './auth-limiter';
import type { ProxyDeps, RequestContext } from './context';
import { holdEnd, type EndGate } from './durable-end';
import { checkHost, checkOrigin, presentedToken } from './guard';
import { handleEmbeddings } from './handlers/embeddings';
import { handleGenerate } from './handlers/generate';
import { handleModels } from './handlers/models';
import { sendError } from './respond';
import { toGatewayError } from './wire-errors';

export interface ProxyOptions {
  maxBodyBytes?: number;
  /** Extra `Host` names accepted (the bind address, when exposed on purpose). */
  extraHosts?: readonly string[];
  /**
   * Other HTTP surfaces on the same port (the admin API and UI of
   * `switchboard serve`). Return true when the request was handled.
   */
  mount?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Route names listed by /v1/models beside provider models. */
  virtualModels?: () => readonly string[];
}

export interface ProxyServer {
  server: http.Server;
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
  readonly inflight: number;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

export function createProxyServer(deps: ProxyDeps, opts: ProxyOptions = {}): ProxyServer {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const extraHosts = new Set(opts.extraHosts ?? []);
  const limiter = new AuthFailureLimiter();
  let inflight = 0;
  let drained: (() => void) | null = null;
  // Durable before done: a logged response ends only once its row is committed (see durable-end.ts).
  const gates = new Map<string, EndGate>();
  const durable = deps.logDurable?.bind(deps);
  const handlerDeps: ProxyDeps = durable
    ? {
        ...deps,
        log: (record) => {
          const gate = gates.get(record.id);
          if (!gate) return deps.log(record);
          gate.expect();
          durable(record, gate.release);
        },
      }
    : deps;

  // One listener shared by every response, rather than a closure per request.
  const onResponseClose = (): void => {
    if (--inflight === 0 && drained) drained();
  };
  const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
    inflight++;
    res.once('close', onResponseClose);
    if (opts.mount?.(req, res)) return;
    void handle(req, res);
  });
  // A client that opens a socket and never speaks must not hold resources forever.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const format = errorFormat(path, req);
    const ctx: RequestContext = {
      req,
      res,
      id: `req_${randomUUID().replaceAll('-', '')}`,
      t0: performance.now(),
      ts: Date.now(),
      tokenName: '',
      source: sourceOf(req),
    };
    let gate: EndGate | null = null;
    try {
      checkHost(req, extraHosts);
      const origin = checkOrigin(req, deps.allowedOrigins());
      if (origin) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('vary', 'origin');
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, x-api-key, content-type, anthropic-version, anthropic-beta, x-switchboard-cache',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      if (path === '/health' || path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      ctx.tokenName = authenticate(req);
      if (durable) gates.set(ctx.id, (gate = holdEnd(res)));
      await dispatch(ctx, req.method ?? 'GET', path, format);
    } catch (err) {
      const e = toGatewayError(err);
      if (e.status >= 500 && !(err instanceof GatewayError)) console.error(`[switchboard] ${ctx.id}:`, err);
      sendError(ctx, format, e);
    } finally {
      if (gate) {
        gates.delete(ctx.id);
        gate.settle();
      }
    }
  }

  function authenticate(req: IncomingMessage): string {
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.blockedFor(address);
    if (wait > 0) {
      throw new GatewayError(429, 'rate_limit', `Too many requests with a bad token; wait ${wait} s.`, { retryAfter: String(wait) });
    }
    const token = presentedToken(req);
    const who = token === undefined ? null : deps.verifyToken(token);
    if (who) return who.name;
    limiter.recordFailure(address);
    throw new GatewayError(
      401,
      'authentication',
      token === undefined
        ? 'Missing Switchboard client token: send it as `Authorization: Bearer <token>` or `x-api-key`. Create one with `switchboard token create NAME`.'
        : 'Invalid or revoked Switchboard client token.',
      { code: 'invalid_api_key' },
    );
  }

  async function dispatch(ctx: RequestContext, method: string, path: string, format: WireFormat): Promise<void> {
    const p = path.startsWith('/v1/') ? path.slice(3) : path;
    if (deps.isPaused?.() && method === 'POST' && (p === '/chat/completions' || p === '/messages' || p === '/embeddings')) {
      throw new GatewayError(503, 'overloaded', 'Switchboard is paused: resume the proxy from the tray or the Connect page.', { code: 'proxy_paused', retryAfter: '30' });
    }
    if (method === 'POST' && p === '/chat/completions') return handleGenerate(ctx, handlerDeps, 'openai', { maxBodyBytes });
    if (method === 'POST' && p === '/messages') return handleGenerate(ctx, handlerDeps, 'anthropic', { maxBodyBytes });
    if (method === 'POST' && p === '/embeddings') return handleEmbeddings(ctx, handlerDeps, maxBodyBytes);
    if (method === 'GET' && p === '/models') return handleModels(ctx, deps, opts.virtualModels?.() ?? []);
    const known = ['/chat/completions', '/messages', '/embeddings', '/models'].includes(p);
    throw new GatewayError(known ? 405 : 404, known ? 'invalid_request' : 'not_found', known ? `${method} is not supported on ${path}.` : `No such endpoint: ${method} ${path}.`, {
      code: known ? 'method_not_allowed' : 'unknown_endpoint',
    });
    void format;
  }

  return {
    server,
    get inflight() {
      return inflight;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const addr = server.address();
          resolve({ port: typeof addr === 'object' && addr ? addr.port : port, host });
        });
      });
    },
    close(graceMs = 30_000) {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        if (inflight === 0) return;
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        drained = () => {
          clearTimeout(timer);
          server.closeIdleConnections();
        };
      });
    },
  };
}

/**
 * The wire format errors are answered in: the endpoint's own for the three
 * generation endpoints (a stray `anthropic-version` header on
 * /v1/chat/completions must not turn its errors into Anthropic ones: the
 * OpenAI SDK couldn't read them); elsewhere (/v1/models, unknown paths) the
 * SDK's, told by its `anthropic-version` header.
 */
function errorFormat(path: string, req: IncomingMessage): WireFormat {
  const p = path.startsWith('/v1/') ? path.slice(3) : path;
  if (p === '/messages') return 'anthropic';
  if (p === '/chat/completions' || p === '/embeddings') return 'openai';
  return path.endsWith('/messages') || req.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

const SOURCES = new Set(['race', 'compare', 'judge', 'replay']);

/** The app's own pages tag their calls so the log can attribute them. */
function sourceOf(req: IncomingMessage): string {
  const s = req.headers['x-switchboard-source'];
  return typeof s === 'string' && SOURCES.has(s) ? s : 'proxy';
}
