/**
 * Shared machinery for the upstream provider emulators (test/fakes/openai.ts,
 * test/fakes/anthropic.ts): the scripted `Behaviour` that decides each reply,
 * request recording with abort tracking, pacing, fault injection and the
 * node:http server lifecycle.
 *
 * These fakes are the only upstream fakes in the project; they aim to be
 * faithful to the providers' published API references (see each provider file).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, createHash } from 'node:crypto';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface FakeToolCall {
  name: string;
  /** Tool arguments / input; serialised with JSON.stringify and streamed in fragments. */
  arguments: unknown;
  /** Optional fixed id (otherwise `call_…` for OpenAI, `toolu_01…` for Anthropic). */
  id?: string;
}

export interface UsageOverride {
  /**
   * Reported verbatim in the provider's own input field: OpenAI `prompt_tokens`
   * (which by OpenAI's definition INCLUDES cached tokens), Anthropic
   * `input_tokens` (which by Anthropic's definition EXCLUDES cache reads/writes).
   */
  input?: number;
  /** Reported verbatim: OpenAI `completion_tokens` (includes reasoning), Anthropic `output_tokens`. */
  output?: number;
  /** OpenAI `prompt_tokens_details.cached_tokens`; Anthropic `cache_read_input_tokens`. */
  cacheRead?: number;
  /** Anthropic `cache_creation_input_tokens` (OpenAI has no such field; ignored there). */
  cacheWrite?: number;
  /** OpenAI `completion_tokens_details.reasoning_tokens` (Anthropic folds thinking into output_tokens). */
  reasoning?: number;
}

/** Decides one response. Every field is optional; `{}` is a normal, fast, successful reply. */
export interface Behaviour {
  /** Reply text. Default: `"Echo: <last user text>"` (user text truncated to 200 chars). */
  text?: string;
  /** Number of chunks to split the text into, or explicit chunks (their join becomes the text). Default: split before whitespace. */
  tokens?: number | string[];
  toolCalls?: FakeToolCall[];
  /** Thinking text. Anthropic: emitted as a thinking block when the request enables `thinking`. OpenAI: counted as reasoning tokens (and streamed as `reasoning_content` when the fake was started with `reasoningContent: true`). */
  thinking?: string;
  /** Stream: delay after headers before the first body byte. Non-stream: extra delay before headers. */
  ttftMs?: number;
  /** Pacing between content chunks (non-stream: total generation time is simulated). */
  tokensPerSec?: number;
  /** HTTP error status; the body is the provider's real error shape. */
  status?: number;
  errorType?: string;
  errorMessage?: string;
  /** OpenAI only: `error.code` (default derived from the status). */
  errorCode?: string | null;
  /** `retry-after` header value; default "1" on 429 (set null to omit). Sent on other statuses only when given. */
  retryAfter?: string | null;
  /** Extra response headers (merged last). */
  headers?: Record<string, string>;
  /** Delay before the status line/headers are written. */
  headerDelayMs?: number;
  /** Destroy the socket without sending any response. */
  resetBeforeHeaders?: boolean;
  /** Send 200 headers, then destroy the socket before the first body byte. */
  resetAfterHeaders?: boolean;
  /** Destroy the socket mid-stream after n content chunks (no terminal event). Non-stream: half the body then destroy. */
  cutAfterChunks?: number;
  /** Stall after headers before the first body byte (for timeout tests). */
  stallBeforeFirstByteMs?: number;
  /** Stall after `after` content chunks for `ms`. */
  stallAfterChunks?: { after: number; ms: number };
  /** Non-stream: 200 with content-type JSON but an invalid JSON body. */
  malformedJson?: boolean;
  /** Stream: a garbage `data:` line right after the first content chunk (then the stream continues). */
  malformedSse?: boolean;
  /** Stream: end the HTTP response cleanly after the content, without the terminal events (OpenAI: finish chunk, usage chunk, [DONE]; Anthropic: message_delta, message_stop). */
  truncatedSse?: boolean;
  /** Stream: after n content chunks send the provider's in-stream error event (Anthropic `event: error`; OpenAI `data: {"error":…}`) and end. Uses errorType/errorMessage. */
  streamErrorAfterChunks?: number;
  usage?: UsageOverride;
  /** Don't report usage at all. */
  omitUsage?: boolean;
  /** finish_reason (OpenAI) / stop_reason (Anthropic), verbatim. */
  stopReason?: string;
  /** Model name reported in the response (default: the requested model). */
  responseModel?: string;
}

export interface FakeOptions {
  /** Accepted key(s). When unset, any (or no) key is accepted. */
  apiKey?: string | string[];
  /** Default behaviour for every chat request. */
  behaviour?: Behaviour;
  /** Per-model override of the default behaviour. */
  byModel?: Record<string, Behaviour>;
  /** Models listed by GET /v1/models (default: a realistic set). */
  models?: string[];
  /** 404 (provider shape) for chat requests naming a model not in `models`. */
  rejectUnknownModels?: boolean;
  /** Send x-ratelimit-* / anthropic-ratelimit-* headers (default true). */
  rateLimitHeaders?: boolean;
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** OpenAI: default embedding dimensionality (default 16; request `dimensions` wins). */
  embeddingDims?: number;
  /** OpenAI: stream `thinking` as `reasoning_content` deltas / message field (DeepSeek-style). */
  reasoningContent?: boolean;
  /** Keep only the most recent N recorded requests (long benchmark runs). Default: unlimited. */
  recordLimit?: number;
}

export interface RecordedRequest {
  /** 0-based order of arrival. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; the raw string when it did not parse; undefined when empty. */
  body: any;
  rawBody: string;
  model?: string;
  stream: boolean;
  /** The behaviour that decided this response (chat requests only). */
  behaviour?: Behaviour;
  /** Request id sent back in `x-request-id` / `request-id`. */
  requestId: string;
  status?: number;
  /** True when the client closed the connection before the fake finished its response. */
  aborted: boolean;
  abortedAt?: number;
  /** True when the fake itself destroyed the socket (reset/cut behaviours). */
  serverReset: boolean;
  /** Content chunks written (stream) so far. */
  chunksSent: number;
  startedAt: number;
  firstByteAt?: number;
  endedAt?: number;
}

export interface FakeServer {
  /** What the official SDK takes as baseURL (OpenAI: …/v1; Anthropic: origin). */
  url: string;
  /** The origin without any path, e.g. http://127.0.0.1:PORT */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue behaviours consumed one per chat request (before byModel / default). */
  enqueue(...b: Behaviour[]): void;
  /** Set the default behaviour, or (with `model`) the behaviour for one model. */
  setBehaviour(b: Behaviour, model?: string): void;
  /** Streaming responses currently open. */
  readonly activeStreams: number;
  /** Requests currently in flight (any kind). */
  readonly inFlight: number;
  /** Chat requests only (POST chat/completions or messages). */
  chatRequests(): RecordedRequest[];
  /** Resolve once `pred` holds (polled every 5 ms); reject after timeoutMs. */
  waitFor(pred: (s: FakeServer) => boolean, timeoutMs?: number): Promise<void>;
  /** Forget recorded requests and queued behaviours. */
  reset(): void;
  /** Stop listening and destroy every open socket. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Helpers shared by both providers
// ---------------------------------------------------------------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(len: number, alphabet = ALNUM): string {
  const bytes = randomBytes(len);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Text of an OpenAI- or Anthropic-style `content` (string or parts/blocks). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const out: string[] = [];
  for (const part of content) {
    if (!part || typeof part !== 'object') continue;
    const p = part as Record<string, unknown>;
    if (typeof p.text === 'string') out.push(p.text);
    else if (p.type === 'tool_result') out.push(contentText(p.content));
    else if (p.type === 'tool_use' && p.input !== undefined) out.push(JSON.stringify(p.input));
  }
  return out.join('\n');
}

/** Deterministic input-token estimate: ceil(chars / 4) over all message (and system) text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function defaultReplyText(lastUserText: string): string {
  const t = lastUserText.replace(/\s+/g, ' ').trim();
  return `Echo: ${t.length > 200 ? t.slice(0, 200) : t}`;
}

/** Split text into token-ish chunks: `n` near-equal pieces, or before each whitespace run by default. */
export function splitTokens(text: string, n?: number): string[] {
  if (!text) return [];
  if (n === undefined) {
    const parts = text.match(/\s*\S+|\s+$/g);
    return parts && parts.length ? parts : [text];
  }
  const count = Math.max(1, Math.min(Math.floor(n), text.length));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(text.slice(Math.floor((i * text.length) / count), Math.floor(((i + 1) * text.length) / count)));
  }
  return out;
}

/** Split a serialized JSON argument string into small fragments like the providers do. */
export function splitJson(json: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out.length ? out : [''];
}

export interface PlannedReply {
  text: string;
  textChunks: string[];
  thinking?: string;
  thinkingChunks: string[];
  toolCalls: Array<{ id?: string; name: string; json: string; fragments: string[] }>;
  truncatedByMaxTokens: boolean;
}

/** Resolve text/thinking/tool chunks for a behaviour. `maxTokens` truncates text chunks. */
export function planReply(b: Behaviour, lastUserText: string, opts: { thinking: boolean; maxTokens?: number | null }): PlannedReply {
  let textChunks: string[];
  let text: string;
  if (Array.isArray(b.tokens)) {
    textChunks = b.tokens.filter((c) => c.length > 0);
    text = b.tokens.join('');
  } else {
    text = b.text ?? (b.toolCalls?.length ? '' : defaultReplyText(lastUserText));
    textChunks = splitTokens(text, b.tokens);
  }
  let toolCalls = (b.toolCalls ?? []).map((tc) => {
    const json = JSON.stringify(tc.arguments ?? {});
    return { id: tc.id, name: tc.name, json, fragments: splitJson(json) };
  });
  let truncatedByMaxTokens = false;
  if (typeof opts.maxTokens === 'number' && opts.maxTokens > 0 && textChunks.length > opts.maxTokens && b.stopReason === undefined) {
    textChunks = textChunks.slice(0, opts.maxTokens);
    text = textChunks.join('');
    toolCalls = [];
    truncatedByMaxTokens = true;
  }
  const thinking = opts.thinking ? (b.thinking ?? `Considering: ${lastUserText.slice(0, 80)}`) : undefined;
  return {
    text,
    textChunks,
    thinking,
    thinkingChunks: thinking ? splitTokens(thinking) : [],
    toolCalls,
    truncatedByMaxTokens,
  };
}

/** Deterministic unit-length embedding for a string. */
export function fakeEmbedding(input: string, dims: number): number[] {
  const out: number[] = [];
  let block = Buffer.alloc(0);
  let counter = 0;
  while (out.length < dims) {
    if (block.length < 4) {
      block = createHash('sha256').update(`${counter++}:${input}`).digest();
    }
    out.push(block.readInt32LE(0) / 2 ** 31);
    block = block.subarray(4);
  }
  const norm = Math.sqrt(out.reduce((a, v) => a + v * v, 0)) || 1;
  return out.map((v) => v / norm);
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    if (!(ms > 0)) return resolve(true);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// ---------------------------------------------------------------------------
// Exchange: one request/response with abort tracking
// ---------------------------------------------------------------------------

/** A unit of a streamed response. */
export interface Step {
  /** Raw bytes to write (already SSE-framed). */
  data?: string;
  /** Counts as a content chunk (pacing, cutAfterChunks, stallAfterChunks…). */
  content?: boolean;
  /** First step of the terminal sequence (omitted by truncatedSse). */
  tail?: boolean;
  /** Pure delay (e.g. hidden reasoning time). */
  delayMs?: number;
}

export class Exchange {
  readonly ac = new AbortController();
  private streaming = false;

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly rec: RecordedRequest,
    private readonly core: FakeCore,
  ) {
    res.on('close', () => {
      if (!res.writableFinished && !rec.serverReset && !rec.aborted) {
        rec.aborted = true;
        rec.abortedAt = Date.now();
      }
      rec.endedAt ??= Date.now();
      if (this.streaming) {
        this.streaming = false;
        core.activeStreams--;
      }
      core.inFlight--;
      this.ac.abort();
    });
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }
  get alive(): boolean {
    return !this.ac.signal.aborted && !this.res.destroyed;
  }
  sleep(ms: number): Promise<boolean> {
    return sleep(ms, this.ac.signal);
  }

  /** Destroy the connection from the server side (fault injection). */
  reset(): void {
    this.rec.serverReset = true;
    this.rec.endedAt = Date.now();
    (this.res.socket ?? this.req.socket)?.destroy();
  }

  writeHead(status: number, headers: Record<string, string>): void {
    this.rec.status = status;
    this.res.writeHead(status, headers);
  }

  /** Send headers now (stream start). */
  startStream(headers: Record<string, string>): void {
    this.writeHead(200, headers);
    this.res.flushHeaders();
    this.streaming = true;
    this.core.activeStreams++;
  }

  /** Write raw bytes; resolves once handed to the kernel (false if the client is gone). */
  write(data: string): Promise<boolean> {
    if (!this.alive) return Promise.resolve(false);
    this.rec.firstByteAt ??= Date.now();
    return new Promise((resolve) => {
      this.res.write(data, (err) => resolve(!err));
    });
  }

  end(data?: string): void {
    if (!this.alive) return;
    if (data !== undefined) this.rec.firstByteAt ??= Date.now();
    this.rec.endedAt = Date.now();
    this.res.end(data);
  }

  sendJson(status: number, body: unknown, headers: Record<string, string>): void {
    if (!this.alive) return;
    const text = JSON.stringify(body);
    this.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    this.end(text);
  }

  /**
   * Run a streamed response with the behaviour's pacing and fault injection.
   * `errorEvent` is the provider's in-stream error frame (for streamErrorAfterChunks).
   */
  async runStream(
    b: Behaviour,
    headers: Record<string, string>,
    steps: Step[],
    frames: { garbage: string; error: string },
  ): Promise<void> {
    if (!this.alive) return;
    this.startStream(headers);
    if (b.resetAfterHeaders || b.cutAfterChunks === 0) {
      await this.sleep(5);
      return this.reset();
    }
    if (!(await this.sleep((b.stallBeforeFirstByteMs ?? 0) + (b.ttftMs ?? 0)))) return;
    const interval = b.tokensPerSec && b.tokensPerSec > 0 ? 1000 / b.tokensPerSec : 0;
    let chunks = 0;
    // Pacing against a clock, not per-chunk sleeps: a late timer on a busy machine doesn't slow the
    // stream below `tokensPerSec` (a provider's rate doesn't depend on our event loop); a late chunk is
    // followed by the ones already due.
    let due = 0;
    for (const step of steps) {
      if (!this.alive) return;
      if (step.tail && b.truncatedSse) {
        this.end();
        return;
      }
      if (step.delayMs) {
        if (!(await this.sleep(step.delayMs))) return;
        due = performance.now();
      }
      if (step.content && chunks > 0 && interval) {
        due += interval;
        const wait = due - performance.now();
        if (wait > 0 && !(await this.sleep(wait))) return;
      }
      if (step.data !== undefined && !(await this.write(step.data))) return;
      if (!step.content) continue;
      chunks++;
      if (chunks === 1) due = performance.now();
      this.rec.chunksSent = chunks;
      if (b.cutAfterChunks !== undefined && chunks >= b.cutAfterChunks) return this.reset();
      if (b.streamErrorAfterChunks !== undefined && chunks >= b.streamErrorAfterChunks) {
        await this.write(frames.error);
        this.end();
        return;
      }
      if (b.malformedSse && chunks === 1 && !(await this.write(frames.garbage))) return;
      if (b.stallAfterChunks && chunks === b.stallAfterChunks.after) {
        if (!(await this.sleep(b.stallAfterChunks.ms))) return;
        due = performance.now();
      }
    }
    this.end();
  }

  /** Non-stream reply with the behaviour's delays and faults. */
  async runJson(b: Behaviour, headers: Record<string, string>, body: unknown, chunkCount: number): Promise<void> {
    const interval = b.tokensPerSec && b.tokensPerSec > 0 ? 1000 / b.tokensPerSec : 0;
    const wait = (b.ttftMs ?? 0) + (b.stallBeforeFirstByteMs ?? 0) + interval * Math.max(0, chunkCount - 1);
    if (!(await this.sleep(wait))) return;
    if (b.resetAfterHeaders) {
      this.writeHead(200, { ...headers, 'content-type': 'application/json' });
      this.res.flushHeaders();
      await this.sleep(5);
      return this.reset();
    }
    const text = JSON.stringify(body);
    if (b.malformedJson) {
      this.writeHead(200, { ...headers, 'content-type': 'application/json' });
      this.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))) + '<<not json');
      return;
    }
    if (b.cutAfterChunks !== undefined) {
      this.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      await this.write(text.slice(0, Math.floor(text.length / 2)));
      return this.reset();
    }
    this.sendJson(200, body, headers);
  }
}

// ---------------------------------------------------------------------------
// FakeCore: server lifecycle, routing hook, behaviour selection
// ---------------------------------------------------------------------------

export type Handler = (x: Exchange) => Promise<void>;

export class FakeCore {
  readonly requests: RecordedRequest[] = [];
  private queue: Behaviour[] = [];
  private defaultBehaviour: Behaviour;
  private byModel: Record<string, Behaviour>;
  private sockets = new Set<Socket>();
  private server: http.Server;
  activeStreams = 0;
  inFlight = 0;
  private seq = 0;

  constructor(
    readonly opts: FakeOptions,
    private readonly handler: Handler,
    private readonly newRequestId: () => string,
    private readonly isChat: (method: string, path: string) => boolean,
    private readonly onCrash: (x: Exchange, err: unknown) => void,
  ) {
    this.defaultBehaviour = opts.behaviour ?? {};
    this.byModel = { ...(opts.byModel ?? {}) };
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Behaviour for a chat request: queue first, then byModel, then default. */
  pickBehaviour(model: string | undefined): Behaviour {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (model !== undefined && this.byModel[model]) return this.byModel[model]!;
    return this.defaultBehaviour;
  }
  /** Behaviour for non-chat endpoints (embeddings): byModel then default, never the queue. */
  peekBehaviour(model: string | undefined): Behaviour {
    if (model !== undefined && this.byModel[model]) return this.byModel[model]!;
    return this.defaultBehaviour;
  }

  acceptsKey(key: string | undefined): boolean {
    const want = this.opts.apiKey;
    if (want === undefined) return true;
    if (key === undefined) return false;
    return Array.isArray(want) ? want.includes(key) : want === key;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const [path = '/', query = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const rec: RecordedRequest = {
      seq: this.seq++,
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headers,
      body: undefined,
      rawBody: '',
      stream: false,
      requestId: this.newRequestId(),
      aborted: false,
      serverReset: false,
      chunksSent: 0,
      startedAt,
    };
    this.requests.push(rec);
    if (this.opts.recordLimit && this.requests.length > this.opts.recordLimit) this.requests.splice(0, this.requests.length - this.opts.recordLimit);
    this.inFlight++;
    const x = new Exchange(req, res, rec, this);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      rec.rawBody = Buffer.concat(chunks).toString('utf8');
      if (rec.rawBody.length) {
        try {
          rec.body = JSON.parse(rec.rawBody);
        } catch {
          rec.body = rec.rawBody;
        }
      }
      if (rec.body && typeof rec.body === 'object' && !Array.isArray(rec.body)) {
        if (typeof rec.body.model === 'string') rec.model = rec.body.model;
        rec.stream = rec.body.stream === true && this.isChat(rec.method, path);
      }
      await this.handler(x);
    } catch (err) {
      if (x.alive && !res.headersSent) this.onCrash(x, err);
      else if (x.alive) x.reset();
    }
  }

  api(url: string, origin: string, port: number): FakeServer {
    const core = this;
    return {
      url,
      origin,
      port,
      requests: this.requests,
      enqueue: (...b: Behaviour[]) => void this.queue.push(...b),
      setBehaviour: (b: Behaviour, model?: string) => {
        if (model === undefined) this.defaultBehaviour = b;
        else this.byModel[model] = b;
      },
      get activeStreams() {
        return core.activeStreams;
      },
      get inFlight() {
        return core.inFlight;
      },
      chatRequests: () => this.requests.filter((r) => this.isChat(r.method, r.path)),
      waitFor(pred, timeoutMs = 2_000) {
        return new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + timeoutMs;
          const tick = (): void => {
            if (pred(this)) return resolve();
            if (Date.now() > deadline) return reject(new Error(`waitFor: condition not met within ${timeoutMs}ms`));
            setTimeout(tick, 5);
          };
          tick();
        });
      },
      reset: () => {
        this.requests.length = 0;
        this.queue.length = 0;
      },
      close: () => this.close(),
    };
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      this.server.closeAllConnections?.();
    });
  }
}

export function hostForUrl(host: string | undefined): string {
  const h = host ?? '127.0.0.1';
  if (h === '0.0.0.0') return '127.0.0.1';
  if (h === '::') return '[::1]';
  return h.includes(':') ? `[${h}]` : h;
}
