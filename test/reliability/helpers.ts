/**
 * Shared pieces of the reliability suite (issue 9).
 *
 * Quick by default (CI); `SWITCHBOARD_RELIABILITY_LONG=1` (set by
 * `npm run reliability`) turns on the soak and the large fuzz counts. Tests
 * report their figures with `figure()`: when `SWITCHBOARD_RELIABILITY_FIGURES`
 * names a directory, each figure is appended there as one JSON line and
 * `scripts/reliability.ts` sums them into docs/reliability.md.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const LONG = process.env.SWITCHBOARD_RELIABILITY_LONG === '1';

/** Quick count in CI, long count under `npm run reliability`. */
export const scale = (quick: number, long: number): number => (LONG ? long : quick);

export type FigureName =
  | 'faults.injected'
  | 'faults.survived'
  | 'fuzz.inputs'
  | 'fuzz.crashes'
  | 'fuzz.malformed'
  | 'leak.scanned'
  | 'leak.hits'
  | 'kill9.kills'
  | 'kill9.completed'
  | 'kill9.lost'
  | 'kill9.integrity_failures'
  | 'kill9.recovered_from_journal'
  | 'client.slowReaderGrowthMb'
  | 'client.abortLatencyMs'
  | 'storage.faults'
  | 'storage.survived'
  | 'soak.requests'
  | 'soak.failures'
  | 'soak.heapGrowthMb';

/** Records a figure for the report (summed per name; `max` figures keep the largest). */
export function figure(name: FigureName, value: number, detail?: string): void {
  const dir = process.env.SWITCHBOARD_RELIABILITY_FIGURES;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, `${process.pid}.jsonl`), JSON.stringify({ name, value, detail, at: Date.now() }) + '\n');
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RawRequest {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Bind the client socket to this loopback address (the auth limiter counts per address). */
  localAddress?: string;
  timeoutMs?: number;
}

/**
 * A raw HTTP exchange: exact headers (Host included, which fetch can't set),
 * no retries, the body as bytes. Rejects only on transport failures (a reset,
 * no answer): for the fuzzers, that is a crash.
 */
export function rawRequest(r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...(r.headers ?? {}) };
    const hasHost = Object.keys(headers).some((k) => k.toLowerCase() === 'host');
    const req = http.request(
      {
        host: '127.0.0.1',
        port: r.port,
        method: r.method ?? 'POST',
        path: r.path,
        headers,
        setHost: !hasHost,
        localAddress: r.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.once('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${r.timeoutMs ?? 15_000} ms`)), r.timeoutMs ?? 15_000);
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(r.body);
  });
}

export type WireFormat = 'openai' | 'anthropic';

/** OpenAI: `{error:{message:string,type:string,...}}` and nothing else at the top (an Anthropic error has `type` there). */
export function isOpenAIError(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (Object.keys(v).some((k) => k !== 'error')) return false;
  const e = (v as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' && typeof (e as { type?: unknown }).type === 'string';
}

/** Anthropic: `{type:"error",error:{type:string,message:string}}`. */
export function isAnthropicError(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as { type?: unknown; error?: unknown };
  if (o.type !== 'error' || typeof o.error !== 'object' || o.error === null) return false;
  const e = o.error as { type?: unknown; message?: unknown };
  return typeof e.type === 'string' && typeof e.message === 'string';
}

export function isWireError(format: WireFormat, v: unknown): boolean {
  return format === 'openai' ? isOpenAIError(v) : isAnthropicError(v);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `data:` payloads of an SSE body, parsed where they are JSON. */
export function sseData(text: string): Array<{ raw: string; json: unknown }> {
  const out: Array<{ raw: string; json: unknown }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) out.push({ raw: data, json: data === '[DONE]' ? '[DONE]' : parseJson(data) });
  }
  return out;
}

/**
 * Whether a streamed body is well-formed for `format`: every data payload is
 * JSON (or `[DONE]`), and it either completes normally or ends with one error
 * event in the client's format. Returns what it ended with.
 */
export function streamShape(format: WireFormat, text: string): { wellFormed: boolean; ended: 'complete' | 'error' | 'open'; content: string } {
  const events = sseData(text);
  let content = '';
  let ended: 'complete' | 'error' | 'open' = 'open';
  let wellFormed = true;
  for (const e of events) {
    if (ended !== 'open') {
      wellFormed = false; // nothing may follow the end
      break;
    }
    if (e.json === undefined) {
      wellFormed = false;
      break;
    }
    if (e.json === '[DONE]') {
      ended = 'complete';
      continue;
    }
    const j = e.json as Record<string, any>;
    if (format === 'openai') {
      if (j.error !== undefined) {
        if (!isOpenAIError(j)) wellFormed = false;
        ended = 'error';
        continue;
      }
      content += j.choices?.[0]?.delta?.content ?? '';
    } else {
      if (j.type === 'error') {
        if (!isAnthropicError(j)) wellFormed = false;
        ended = 'error';
        continue;
      }
      if (j.type === 'message_stop') ended = 'complete';
      content += j.delta?.text ?? '';
    }
  }
  return { wellFormed, ended, content };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until truthy or `timeoutMs`. */
export async function until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 3_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Runs `tasks` with at most `n` in flight. */
export async function pool<T>(n: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}
