/**
 * Compare's calls: real HTTP requests to the local proxy's
 * `/v1/chat/completions`, with the app's internal client token and an
 * `x-switchboard-source` tag (`compare` for candidates, `judge` for the judge)
 * so the request log attributes them. The response cache is bypassed: an A/B
 * test wants fresh answers with their real cost and latency.
 */
import type { Usage } from '../../shared/usage';
import type { OpenAIUsage } from '../../shared/wire/openai';
import { usageFromOpenAI } from '../translate/usage';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatCall {
  model: string;
  messages: ChatMessage[];
  /** Extra body fields (generation parameters, response_format). */
  params?: Record<string, unknown>;
  source: 'compare' | 'judge';
  signal?: AbortSignal;
}

export interface ChatSuccess {
  ok: true;
  text: string;
  status: number;
  requestId: string | null;
  provider: string | null;
  servedModel: string | null;
  usage: Usage | null;
  latencyMs: number;
}

export interface ChatFailure {
  ok: false;
  /** HTTP status; 0 for a network failure. */
  status: number;
  error: string;
  requestId: string | null;
  latencyMs: number;
  /** Aborted by us (cancel): not an outcome, the call will be made again. */
  aborted: boolean;
}

export type ChatResult = ChatSuccess | ChatFailure;
export type ChatCaller = (call: ChatCall) => Promise<ChatResult>;

export interface ProxyCallerOptions {
  /** The proxy's base URL, e.g. http://127.0.0.1:4141 */
  baseUrl: () => string;
  token: () => string | Promise<string>;
  /** Called once on a 401 (the token was revoked): returns a fresh token. */
  renewToken?: () => string | Promise<string>;
  /** Per-call timeout. Default 10 minutes. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The proxy's OpenAI-format `usage`, normalised (translate/usage.ts); null when the response carried none. */
export function usageFrom(u: unknown): Usage | null {
  if (!u || typeof u !== 'object') return null;
  const x = u as OpenAIUsage;
  if (typeof x.prompt_tokens !== 'number' && typeof x.completion_tokens !== 'number') return null;
  return usageFromOpenAI(x);
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

export function proxyCaller(opts: ProxyCallerOptions): ChatCaller {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 600_000;

  async function once(call: ChatCall, token: string): Promise<ChatResult & { unauthorized?: boolean }> {
    const t0 = performance.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl().replace(/\/+$/, '')}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-switchboard-source': call.source,
          'x-switchboard-cache': 'bypass',
        },
        body: JSON.stringify({ ...(call.params ?? {}), model: call.model, messages: call.messages, stream: false }),
        signal,
      });
    } catch (err) {
      const aborted = call.signal?.aborted === true;
      const why = timeout.aborted ? `timed out after ${Math.round(timeoutMs / 1000)} s` : (err as Error).message;
      return { ok: false, status: 0, error: aborted ? 'cancelled' : `network error: ${why}`, requestId: null, latencyMs: performance.now() - t0, aborted };
    }
    const requestId = res.headers.get('x-switchboard-request-id');
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const aborted = call.signal?.aborted === true;
      return { ok: false, status: res.status, error: aborted ? 'cancelled' : `reading the response failed: ${(err as Error).message}`, requestId, latencyMs: performance.now() - t0, aborted };
    }
    const latencyMs = performance.now() - t0;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, status: res.status, error: `HTTP ${res.status}: the proxy's response is not JSON`, requestId, latencyMs, aborted: false };
    }
    if (!res.ok) {
      const e = (json as { error?: { message?: unknown } })?.error;
      const message = typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`;
      return { ok: false, status: res.status, error: message, requestId, latencyMs, aborted: false, unauthorized: res.status === 401 };
    }
    const choice = (json as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }> }).choices?.[0];
    const content = messageText(choice?.message?.content);
    const refusal = typeof choice?.message?.refusal === 'string' ? choice.message.refusal : '';
    return {
      ok: true,
      text: content || refusal,
      status: res.status,
      requestId,
      provider: res.headers.get('x-switchboard-provider'),
      servedModel: res.headers.get('x-switchboard-model') ?? (typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : null),
      usage: usageFrom((json as { usage?: unknown }).usage),
      latencyMs,
    };
  }

  return async (call) => {
    const first = await once(call, await opts.token());
    if (!first.ok && first.unauthorized && opts.renewToken && !call.signal?.aborted) {
      const { unauthorized: _u, ...rest } = await once(call, await opts.renewToken());
      return rest;
    }
    const { unauthorized: _u, ...rest } = first as ChatResult & { unauthorized?: boolean };
    return rest;
  };
}
