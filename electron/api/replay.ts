/**
 * `requests.replay` (issue 7, Requests page): sends a logged request's stored
 * body through the local proxy again, as the app (internal client token,
 * `x-switchboard-source: replay`, response cache bypassed), so it is routed,
 * priced and logged like any call. Resolves once the response is complete.
 * Registered with `...replayHandlers(deps)` (methods.ts).
 */
import type { MethodName } from '../../shared/contract';
import type { SwitchboardApp } from '../app';
import { requestDetail } from '../analytics/requests';
import { ensureInternalToken, forgetInternalToken } from '../compare/internal-token';
import { READ_YOUR_WRITE_MS } from '../store/threaded-log';
import { ApiError } from './errors';
import type { MethodImpls } from './methods';
import type { ApiRuntime } from './runtime';

export interface ReplayDeps {
  app: SwitchboardApp;
  runtime: Pick<ApiRuntime, 'endpoint'>;
}

const PATHS: Record<string, string> = { chat: '/v1/chat/completions', messages: '/v1/messages', embeddings: '/v1/embeddings' };
/** Stored (already redacted) request headers worth sending again. */
const KEEP_HEADERS = ['anthropic-version', 'anthropic-beta', 'openai-beta'];
const TIMEOUT_MS = 10 * 60_000;

export function replayHandlers({ app, runtime }: ReplayDeps): Pick<MethodImpls, Extract<MethodName, 'requests.replay'>> {
  return {
    'requests.replay': async ({ id }) => {
      const d = requestDetail(app.db, id);
      if (!d) throw new ApiError(`No logged request with id ${id}.`, 'not_found', 404);
      if (!d.bodies || !d.bodies.requestBody) {
        throw new ApiError('This request’s body was not stored (body logging was off, or retention removed it), so it cannot be sent again.', 'no_body', 409);
      }
      if (d.bodiesTruncated) throw new ApiError('This request’s stored body was cut at the size limit, so it cannot be sent again as it was.', 'body_truncated', 409);
      const path = PATHS[d.endpoint];
      if (!path) throw new ApiError(`Requests to the ${d.endpoint} endpoint cannot be replayed.`, 'not_replayable', 409);

      const send = async (token: string) => {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-switchboard-source': 'replay',
          'x-switchboard-cache': 'bypass',
        };
        for (const h of KEEP_HEADERS) {
          const v = d.bodies!.requestHeaders[h];
          if (v && !v.includes('[redacted]')) headers[h] = v;
        }
        if (d.endpoint === 'messages' && !headers['anthropic-version']) headers['anthropic-version'] = '2023-06-01';
        return fetch(`${runtime.endpoint().replace(/\/+$/, '')}${path}`, { method: 'POST', headers, body: d.bodies!.requestBody, signal: AbortSignal.timeout(TIMEOUT_MS) });
      };

      const t0 = performance.now();
      let res: Response;
      try {
        res = await send(ensureInternalToken(app));
        if (res.status === 401) {
          await res.body?.cancel();
          forgetInternalToken(app);
          res = await send(ensureInternalToken(app));
        }
      } catch (err) {
        throw new ApiError(`Could not reach the proxy: ${(err as Error).message}`, 'network', 502);
      }
      const text = await res.text().catch(() => '');
      const latencyMs = Math.round(performance.now() - t0);
      let error: string | null = null;
      if (!res.ok) {
        try {
          const m = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
          error = typeof m === 'string' ? m : `HTTP ${res.status}`;
        } catch {
          error = text.slice(0, 300) || `HTTP ${res.status}`;
        }
      }
      // The caller opens the new request next: let the log's writer thread commit it first.
      await app.writer.whenIdle(READ_YOUR_WRITE_MS);
      return { id: res.headers.get('x-switchboard-request-id'), status: res.status, ok: res.ok, error, latencyMs };
    },
  };
}
