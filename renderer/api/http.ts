import {
  contract,
  type Api,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StreamEvent,
  type StreamInput,
  type StreamName,
} from '../../shared/contract';
import { ApiError, fromErrorBody } from './errors';

export interface HttpApiOptions {
  /** Origin (and optional path prefix) of `switchboard serve`, e.g. `http://127.0.0.1:4141/`. */
  baseUrl: string;
  /** The per-launch admin token (read lazily so it can change). */
  getToken: () => string | null;
  fetch?: typeof fetch;
  /** Called when the server refuses the admin token (401). */
  onUnauthorized?: () => void;
  /** Reconnect backoff for event streams, in ms (first, max). */
  reconnectDelayMs?: [number, number];
}

const SSE_SEPARATOR = /\r\n\r\n|\n\n|\r\r/;

/** Parse one SSE block (`event:`/`data:` lines) into its data payload, or null (comments, keep-alives). */
export function parseSseBlock(block: string): { event: string; data: string } | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}

/**
 * The contract over HTTP: `POST /api/<method>` with JSON, `GET /api/stream/<name>`
 * as server-sent events read through fetch (EventSource can't send the
 * Authorization header), reconnecting with backoff until unsubscribed.
 */
export function createHttpApi(opts: HttpApiOptions): Api {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const [firstDelay, maxDelay] = opts.reconnectDelayMs ?? [1000, 15_000];
  const url = (path: string) => new URL(path, opts.baseUrl).toString();
  const headers = (extra: Record<string, string> = {}) => {
    const token = opts.getToken();
    return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
  };

  async function call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    let res: Response;
    try {
      res = await doFetch(url(`api/${name}`), {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
        body: JSON.stringify(input ?? {}),
      });
    } catch (err) {
      throw new ApiError(`Cannot reach Switchboard (${(err as Error).message || 'network error'}). Is \`switchboard serve\` still running?`, 'network', name);
    }
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: fall through to a generic message below
    }
    if (!res.ok) {
      if (res.status === 401) opts.onUnauthorized?.();
      throw fromErrorBody(body, name, res.status) ?? new ApiError(text.trim().slice(0, 300) || `${name} failed with HTTP ${res.status}`, `http_${res.status}`, name, res.status);
    }
    const parsed = contract[name].output.safeParse(body);
    if (!parsed.success) {
      throw new ApiError(`Unexpected answer from Switchboard for ${name}.`, 'bad_response', name, res.status, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
    }
    return parsed.data as MethodOutput<M>;
  }

  function subscribe<S extends StreamName>(name: S, input: StreamInput<S>, onEvent: (e: StreamEvent<S>) => void): () => void {
    const controller = new AbortController();
    let delay = firstDelay;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const query = input && Object.keys(input as object).length ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
    const schema = contract[name].event;

    const connect = async () => {
      try {
        const res = await doFetch(url(`api/stream/${name}${query}`), {
          headers: headers({ Accept: 'text/event-stream' }),
          signal: controller.signal,
          cache: 'no-store',
        });
        if (res.status === 401) {
          opts.onUnauthorized?.();
          return; // no point retrying with the same token
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        delay = firstDelay;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let m: RegExpExecArray | null;
          while ((m = SSE_SEPARATOR.exec(buffer))) {
            const block = buffer.slice(0, m.index);
            buffer = buffer.slice(m.index + m[0].length);
            const msg = parseSseBlock(block);
            if (!msg) continue;
            let json: unknown;
            try {
              json = JSON.parse(msg.data);
            } catch {
              continue;
            }
            const ev = schema.safeParse(json);
            if (ev.success) onEvent(ev.data as StreamEvent<S>);
          }
        }
      } catch {
        // network error or server went away: retry below unless unsubscribed
      }
      if (controller.signal.aborted) return;
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, maxDelay);
    };
    void connect();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }

  return { call, subscribe, transport: 'http' };
}
