/**
 * One Race column's call: a real streaming request to the local proxy's
 * `/v1/chat/completions` (OpenAI format, `stream_options.include_usage`),
 * with the app's internal client token (electron/compare/internal-token.ts,
 * shared with Compare) and `x-switchboard-source: race`, so the request log
 * attributes it and prices it. The response cache is bypassed: a race wants
 * live answers with their real speed.
 *
 * Aborting `signal` closes the HTTP connection; the proxy sees its client go
 * and aborts the upstream call (logged as `client_disconnected`).
 */
import type { Usage } from '../../shared/usage';
import { usageFrom } from '../compare/client';
import { parseSseEvent, SseSplitter } from '../proxy/sse';
import { LegClock } from './contest';

export interface StreamMessagePart {
  type: 'text' | 'image_url';
  text?: string;
  image_url?: { url: string };
}

export interface StreamMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | StreamMessagePart[];
}

export interface StreamCall {
  model: string;
  messages: StreamMessage[];
  /** Extra body fields (temperature, max_tokens, …). */
  params?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface StreamHandlers {
  /** The proxy answered 200: who serves it. */
  onHeaders?: (h: { provider: string | null; model: string | null; requestId: string | null }) => void;
  /** Generated text, as it arrives. `ttftMs` is set on the first one. */
  onDelta?: (text: string, clock: LegClock) => void;
}

export interface StreamResult {
  status: 'done' | 'error' | 'stopped';
  /** HTTP status (0: no response). */
  httpStatus: number;
  text: string;
  error: string | null;
  finishReason: string | null;
  usage: Usage | null;
  requestId: string | null;
  provider: string | null;
  servedModel: string | null;
  /** Content deltas received. */
  chunks: number;
  clock: LegClock;
}

export type StreamCaller = (call: StreamCall, handlers?: StreamHandlers) => Promise<StreamResult>;

export interface ProxyStreamOptions {
  /** The proxy's base URL, e.g. http://127.0.0.1:4141 */
  baseUrl: () => string;
  token: () => string | Promise<string>;
  /** Called once on a 401 (the internal token was revoked): returns a fresh token. */
  renewToken?: () => string | Promise<string>;
  /** No byte for this long → the column fails. Default 5 minutes. */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Parses the proxy's OpenAI-format event stream, feeding `onDelta`. */
export function proxyStreamCaller(opts: ProxyStreamOptions): StreamCaller {
  const doFetch = opts.fetch ?? fetch;
  const idleMs = opts.idleTimeoutMs ?? 300_000;

  async function once(call: StreamCall, token: string, handlers: StreamHandlers): Promise<StreamResult & { unauthorized?: boolean }> {
    const clock = new LegClock(opts.now);
    const out: StreamResult = {
      status: 'error',
      httpStatus: 0,
      text: '',
      error: null,
      finishReason: null,
      usage: null,
      requestId: null,
      provider: null,
      servedModel: null,
      chunks: 0,
      clock,
    };
    const idle = new AbortController();
    let idleTimer: NodeJS.Timeout | null = null;
    const touch = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), idleMs);
    };
    const signal = call.signal ? AbortSignal.any([call.signal, idle.signal]) : idle.signal;
    const stopped = () => call.signal?.aborted === true;
    const finish = (status: StreamResult['status'], error: string | null) => {
      if (idleTimer) clearTimeout(idleTimer);
      clock.end();
      out.status = status;
      out.error = error;
      return out;
    };
    touch();
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl().replace(/\/+$/, '')}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          'x-switchboard-source': 'race',
          'x-switchboard-cache': 'bypass',
        },
        body: JSON.stringify({ ...(call.params ?? {}), model: call.model, messages: call.messages, stream: true, stream_options: { include_usage: true } }),
        signal,
      });
    } catch (err) {
      if (stopped()) return finish('stopped', null);
      return finish('error', idle.signal.aborted ? `no answer within ${Math.round(idleMs / 1000)} s` : `network error: ${(err as Error).message}`);
    }
    out.httpStatus = res.status;
    out.requestId = res.headers.get('x-switchboard-request-id');
    out.provider = res.headers.get('x-switchboard-provider');
    out.servedModel = res.headers.get('x-switchboard-model');
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      try {
        const body = (await res.json()) as { error?: { message?: unknown } };
        if (typeof body?.error?.message === 'string') message = body.error.message;
      } catch {
        /* not JSON: the status says enough */
      }
      const r = finish(stopped() ? 'stopped' : 'error', stopped() ? null : message);
      return { ...r, unauthorized: res.status === 401 };
    }
    handlers.onHeaders?.({ provider: out.provider, model: out.servedModel, requestId: out.requestId });
    if (!res.body) return finish('error', 'the proxy sent no body');

    let sawDone = false;
    let streamError: string | null = null;
    const onData = (data: string) => {
      if (data === '[DONE]') {
        sawDone = true;
        return;
      }
      let j: {
        error?: { message?: unknown };
        model?: unknown;
        usage?: unknown;
        choices?: Array<{ delta?: { content?: unknown; reasoning_content?: unknown; refusal?: unknown }; finish_reason?: unknown }>;
      };
      try {
        j = JSON.parse(data);
      } catch {
        return;
      }
      if (j.error) {
        streamError = typeof j.error.message === 'string' ? j.error.message : 'the stream ended with an error';
        return;
      }
      if (typeof j.model === 'string' && !out.servedModel) out.servedModel = j.model;
      const u = usageFrom(j.usage);
      if (u) out.usage = u;
      const choice = j.choices?.[0];
      if (!choice) return;
      const d = choice.delta ?? {};
      const piece = (typeof d.content === 'string' ? d.content : '') + (typeof d.refusal === 'string' ? d.refusal : '');
      if (typeof d.reasoning_content === 'string' && d.reasoning_content) clock.firstToken(); // thinking counts as the first token
      if (piece) {
        clock.firstToken();
        out.text += piece;
        out.chunks++;
        handlers.onDelta?.(piece, clock);
      }
      if (typeof choice.finish_reason === 'string') out.finishReason = choice.finish_reason;
    };

    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const splitter = new SseSplitter();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        touch();
        for (const raw of splitter.push(value)) {
          const { data } = parseSseEvent(raw);
          if (data) onData(data);
        }
      }
    } catch (err) {
      if (stopped()) return finish('stopped', null);
      return finish('error', idle.signal.aborted ? `the stream stalled for ${Math.round(idleMs / 1000)} s` : `the stream broke: ${(err as Error).message}`);
    }
    if (stopped()) return finish('stopped', null);
    if (streamError) return finish('error', streamError);
    if (!sawDone && out.finishReason === null) return finish('error', 'the stream ended before the answer was complete');
    return finish('done', null);
  }

  return async (call, handlers = {}) => {
    const first = await once(call, await opts.token(), handlers);
    if (first.unauthorized && opts.renewToken && !call.signal?.aborted) {
      const { unauthorized: _u, ...rest } = await once(call, await opts.renewToken(), handlers);
      return rest;
    }
    const { unauthorized: _u, ...rest } = first;
    return rest;
  };
}
