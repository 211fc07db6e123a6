import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ClientRequest } from 'node:http';
import type { Usage } from '../../shared/usage';
import type { AnthropicRequest } from '../../shared/wire/anthropic';
import { GatewayError } from '../core/errors';
import type { Secret } from '../core/secret';
import { authHeaders, upstreamUrl } from '../providers/endpoints';
import type { ResolvedModel } from '../providers/resolve';
import type { WireFormat } from '../providers/types';
import { anthropicErrorToOpenAI, openaiErrorToAnthropic } from '../translate';
import { bodyAdapter, streamAdapter, type StreamAdapter } from './adapters';
import { buildUpstreamBody } from './request-body';
import { SseSplitter } from './sse';
import { KeyScrubber } from './scrub';
import { readBody, sendUpstream } from './upstream';
import { errorBody, errorEvent, kindFromStatus } from './wire-errors';

export interface AttemptSpec {
  clientFormat: WireFormat;
  target: ResolvedModel;
  key: Secret | null;
  /** The client's parsed body and its raw bytes (forwarded as is when possible). */
  body: Record<string, unknown>;
  raw: Buffer;
  clientHeaders: IncomingHttpHeaders;
  /** Time allowed until the first content (stream) or the whole answer (non-stream). */
  firstByteTimeoutMs?: number;
  /** Longest silence allowed between stream chunks once it has started. */
  idleTimeoutMs?: number;
  /** Rewrites the upstream body when the provider speaks Anthropic (route-level prompt caching). */
  anthropicBody?: (body: AnthropicRequest) => AnthropicRequest;
}

export interface AttemptFailure {
  ok: false;
  error: GatewayError;
  /** The error body in the client's wire format (the upstream's own when formats match). */
  clientBody: string;
  retryAfter: string | undefined;
  /** 429, 5xx, timeouts, resets, malformed answers: another try may succeed. */
  retryable: boolean;
  /** 401/403: the key is wrong; not a reason to move traffic elsewhere unless a route says so. */
  keyFailure: boolean;
  contextExceeded: boolean;
  latencyMs: number;
}

export interface AttemptReady {
  ok: true;
}

export interface AttemptOutcome {
  status: number;
  usage: Usage | null;
  finishReason: string | null;
  /** The stream was cut after bytes reached the client. */
  partial: boolean;
  /** The client went away; the upstream call was aborted. */
  clientAborted: boolean;
  errorMessage: string | null;
  /** performance.now() when the first byte reached the client. */
  firstByteAt: number | null;
  endedAt: number;
  /** What the client received (for body logging and usage estimation), capped. */
  output: string;
}

const DEFAULT_FIRST_BYTE_MS = 300_000;
const DEFAULT_IDLE_MS = 120_000;
/**
 * The client-format terminal event of a stream: OpenAI's `data: [DONE]`,
 * Anthropic's `message_stop` (a translator may produce it before the upstream
 * has finished). At a line start, so text inside a JSON payload never matches.
 */
const TERMINAL = /(?:^|\n)(?:data: ?\[DONE\]|event: ?message_stop)\r?\n/;
/** How long the upstream may keep its response open after the stream's terminal event. */
const END_GRACE_MS = 1_000;
const OUTPUT_CAP = 1024 * 1024;
const CONTEXT_EXCEEDED = /context_length_exceeded|context window|prompt is too long|maximum context length|exceed(?:s)? (?:the )?context/i;

/**
 * One upstream call, in two phases so routing can choose before anything
 * reaches the client:
 *  1. `ready` settles once the call is committable (the whole body for
 *     non-stream, the first content event for streams) or has failed. Output
 *     produced until then is held back.
 *  2. `commit(res)` sends the held output and streams the rest live, with
 *     backpressure, idle timeouts and a well-formed error event if the upstream
 *     dies mid-way.
 * Until committed, an attempt can be dropped with `abort()` and nothing has
 * been sent, which is what makes fallback and racing safe.
 */
export class Attempt {
  readonly startedAt = performance.now();
  readonly stream: boolean;
  readonly ready: Promise<AttemptReady | AttemptFailure>;
  readonly target: ResolvedModel;
  /** Where the upstream answer ended up: set once the attempt is over. */
  upstreamStatus = 0;

  private request: ClientRequest | null = null;
  private upstream: IncomingMessage | null = null;
  private adapter: StreamAdapter | null = null;
  private splitter = new SseSplitter();
  private held: string[] = [];
  private nonStreamOut: Buffer | string | null = null;
  private usage: Usage | null = null;
  private finishReason: string | null = null;
  private output = '';
  private sink: ServerResponse | null = null;
  private settleReady!: (r: AttemptReady | AttemptFailure) => void;
  private readySettled = false;
  private finished: ((o: AttemptOutcome) => void) | null = null;
  private outcome: AttemptOutcome | null = null;
  private firstByteAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private aborted = false;
  private readonly key: Secret | null;
  /** Removes the key, in any spelling, from whatever goes to the client or the log. */
  private readonly scrubber: KeyScrubber;

  constructor(private readonly spec: AttemptSpec) {
    this.target = spec.target;
    this.key = spec.key;
    this.scrubber = new KeyScrubber(spec.key);
    this.stream = spec.body.stream === true;
    this.ready = new Promise((resolve) => (this.settleReady = resolve));
    try {
      this.start();
    } catch (err) {
      // Translation refused the request (a field that can't be carried across),
      // or choked on a field of a shape it didn't expect: the client's request,
      // told without the translator's internals (a TypeError is no answer).
      const e =
        err instanceof GatewayError
          ? err
          : new GatewayError(
              400,
              'invalid_request',
              `The request could not be translated for ${spec.target.provider.spec.id}: a field has a type or shape the ${spec.clientFormat === 'openai' ? 'OpenAI' : 'Anthropic'} API doesn't allow.`,
              { code: 'untranslatable_field' },
            );
      this.fail(e, { retryable: false, clientBody: JSON.stringify(errorBody(spec.clientFormat, e)) });
    }
  }

  private get providerFormat(): WireFormat {
    return this.target.provider.spec.format;
  }

  private start(): void {
    const { clientFormat, body, raw, target } = this.spec;
    let upstreamBody = buildUpstreamBody(clientFormat, body, raw, target);
    if (this.spec.anthropicBody && this.providerFormat === 'anthropic') {
      const b = upstreamBody.body;
      const parsed = JSON.parse(typeof b === 'string' ? b : b.toString('utf8')) as AnthropicRequest;
      upstreamBody = { ...upstreamBody, body: JSON.stringify(this.spec.anthropicBody(parsed)) };
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: this.stream ? 'text/event-stream' : 'application/json',
      'user-agent': 'switchboard/0.1',
      ...authHeaders(target.provider, this.key),
    };
    if (clientFormat === 'anthropic' && this.providerFormat === 'anthropic') {
      // Same-format Anthropic calls keep the client's API version and betas.
      const version = this.spec.clientHeaders['anthropic-version'];
      const beta = this.spec.clientHeaders['anthropic-beta'];
      if (typeof version === 'string') headers['anthropic-version'] = version;
      if (typeof beta === 'string') headers['anthropic-beta'] = beta;
    }
    const choice = {
      client: clientFormat,
      provider: this.providerFormat,
      requestedModel: String(body.model),
      clientWantsUsage: (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true,
      injectedUsage: upstreamBody.injectedUsage,
    };
    const { request, response } = sendUpstream({
      url: upstreamUrl(target.provider, 'generate'),
      method: 'POST',
      headers,
      body: upstreamBody.body,
    });
    this.request = request;
    this.arm(this.spec.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_MS, 'first byte');
    response.then(
      (res) => this.onResponse(res, choice),
      (err: Error) => this.onTransportError(err),
    );
    if (this.stream) this.adapter = streamAdapter(choice);
    else this.bodyAdapter = bodyAdapter(choice);
  }

  private bodyAdapter: ReturnType<typeof bodyAdapter> | null = null;

  private onResponse(res: IncomingMessage, _choice: unknown): void {
    if (this.aborted) {
      res.destroy();
      return;
    }
    this.upstream = res;
    const status = res.statusCode ?? 502;
    this.upstreamStatus = status;
    if (status >= 400) {
      void this.onUpstreamError(res, status);
      return;
    }
    const isSse = String(res.headers['content-type'] ?? '').includes('text/event-stream');
    if (this.stream && isSse) this.pumpStream(res);
    else if (this.stream) this.failMalformed(`expected an event stream, got ${res.headers['content-type'] ?? 'no content-type'}`);
    else void this.readWhole(res);
  }

  private async onUpstreamError(res: IncomingMessage, status: number): Promise<void> {
    let text = '';
    try {
      text = (await readBody(res, 1024 * 1024)).toString('utf8');
    } catch {
      /* the status alone still says enough */
    }
    text = this.scrub(text);
    const retryAfter = headerString(res.headers['retry-after']);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const message = upstreamMessage(parsed) ?? (text.slice(0, 300) || `HTTP ${status}`);
    const error = new GatewayError(status, kindFromStatus(status), message, { retryAfter });
    let clientBody: string;
    if (parsed !== undefined && this.spec.clientFormat === this.providerFormat && isErrorShape(parsed, this.providerFormat)) {
      clientBody = text;
    } else if (parsed !== undefined && this.spec.clientFormat !== this.providerFormat) {
      clientBody = JSON.stringify(
        this.spec.clientFormat === 'openai' ? anthropicErrorToOpenAI(parsed, status) : openaiErrorToAnthropic(parsed, status),
      );
    } else {
      clientBody = JSON.stringify(errorBody(this.spec.clientFormat, error));
    }
    this.fail(error, {
      clientBody,
      retryable: status === 408 || status === 409 || status === 429 || status >= 500,
      keyFailure: status === 401 || status === 403,
      contextExceeded: (status === 400 || status === 413) && CONTEXT_EXCEEDED.test(text),
    });
  }

  private async readWhole(res: IncomingMessage): Promise<void> {
    let buf: Buffer;
    try {
      buf = await readBody(res);
    } catch (err) {
      this.onTransportError(err as Error);
      return;
    }
    try {
      const result = this.bodyAdapter!(buf);
      this.nonStreamOut = this.scrubBody(result.out);
      this.usage = result.usage;
      this.finishReason = result.finishReason;
    } catch (err) {
      if (err instanceof GatewayError) {
        this.fail(err, { retryable: false, clientBody: JSON.stringify(errorBody(this.spec.clientFormat, err)) });
      } else {
        this.failMalformed('the provider returned a body that is not valid JSON');
      }
      return;
    }
    this.disarm();
    this.markReady();
  }

  private pumpStream(res: IncomingMessage): void {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.onChunk(chunk));
    res.once('end', () => this.onStreamEnd());
    res.once('aborted', () => this.onTransportError(new Error('upstream connection reset mid-stream')));
    res.once('error', (err) => this.onTransportError(err));
  }

  private onChunk(chunk: string): void {
    if (this.aborted || this.outcome || this.upstreamDropped) return;
    const adapter = this.adapter!;
    const events = this.splitter.push(chunk);
    let out = '';
    try {
      for (const raw of events) out += adapter.event(raw);
    } catch {
      this.failMalformed('the provider sent a malformed event stream');
      return;
    }
    if (adapter.streamError && !adapter.sawContent && !this.sink) {
      this.abortUpstream();
      const e = new GatewayError(502, 'bad_gateway', `upstream stream error: ${this.scrub(adapter.streamError)}`);
      this.fail(e, { retryable: true, clientBody: JSON.stringify(errorBody(this.spec.clientFormat, e)) });
      return;
    }
    if (out) this.emit(out);
    if (adapter.complete) {
      // The terminal event is in. Its bytes go out with the response's end (see
      // `emit`), which waits for the upstream's end: don't wait long for it.
      this.armEndGrace();
      this.markReady();
    } else if (this.readySettled) this.arm(this.spec.idleTimeoutMs ?? DEFAULT_IDLE_MS, 'idle');
    else if (adapter.sawContent) {
      this.arm(this.spec.idleTimeoutMs ?? DEFAULT_IDLE_MS, 'idle');
      this.markReady();
    }
  }

  /** After the terminal event, an upstream that keeps its response open is ended here. */
  private armEndGrace(): void {
    if (this.timerPhase === 'end') return;
    if (this.timer) clearTimeout(this.timer);
    this.timerPhase = 'end';
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerPhase = null;
      this.onStreamEnd();
      this.abortUpstream();
    }, END_GRACE_MS);
  }

  private onStreamEnd(): void {
    if (this.aborted || this.outcome) return;
    const adapter = this.adapter!;
    if (!adapter.complete) {
      this.onTransportError(new Error('upstream stream ended without its terminal event'));
      return;
    }
    let tail = '';
    try {
      tail = adapter.end();
    } catch {
      /* a translator that cannot close cleanly still ends the stream below */
    }
    if (tail) this.emit(tail);
    this.usage = adapter.usage;
    this.finishReason = adapter.finishReason;
    this.disarm();
    // An in-stream error event after content: the client got it (scrubbed) as
    // the stream's last event; the log records a partial answer.
    if (adapter.streamError) this.partialError = `${this.target.provider.spec.id}: upstream stream error: ${this.scrub(adapter.streamError)}`;
    if (!this.readySettled) this.markReady();
    if (this.sink) this.finish(200, this.partialError);
    else this.endPending = true;
  }

  private endPending = false;
  /** Output from the client-format terminal event on, sent with `end()`. */
  private tail = '';
  private terminal = false;

  /** Output for the client: held until commit, then written live. */
  private emit(raw: string): void {
    // Every byte bound for the client (and the log) passes here: a provider
    // echoing the key inside an event must not pass it on.
    const text = this.scrub(raw);
    if (this.output.length < OUTPUT_CAP) this.output += text;
    if (!this.sink) {
      this.held.push(text);
      return;
    }
    if (this.firstByteAt === null) this.firstByteAt = performance.now();
    if (!this.terminal && (this.adapter?.complete || TERMINAL.test(text))) this.terminal = true;
    if (this.terminal) {
      // The terminal event (and anything after it) goes out with the
      // response's end, which waits for the log row (durable-end.ts): a client
      // that saw the stream complete always has its row.
      this.tail += text;
      return;
    }
    if (!this.sink.write(text) && this.upstream) {
      // Slow reader: stop reading upstream until the client catches up, so
      // memory stays bounded by the socket buffers.
      const up = this.upstream;
      up.pause();
      this.sink.once('drain', () => up.resume());
    }
  }

  private onTransportError(err: Error): void {
    // `upstreamDropped`: the reset/abort events our own abortUpstream() causes
    // must not be reported over the failure that made us drop the upstream.
    if (this.aborted || this.outcome || this.upstreamDropped) return;
    if (this.adapter?.complete) {
      // The terminal event already came: a reset after it cuts nothing.
      this.onStreamEnd();
      this.abortUpstream();
      return;
    }
    this.disarm();
    const timedOut = err.name === 'TimeoutError';
    const e = new GatewayError(timedOut ? 504 : 502, timedOut ? 'timeout' : 'bad_gateway', `${this.target.provider.spec.id}: ${err.message}`);
    if (!this.readySettled) {
      this.abortUpstream();
      this.fail(e, { retryable: true, clientBody: JSON.stringify(errorBody(this.spec.clientFormat, e)) });
      return;
    }
    // Bytes may already be with the client (or held for it): never switch
    // silently; end the stream with a well-formed error event.
    this.abortUpstream();
    this.emit(errorEvent(this.spec.clientFormat, e));
    this.partialError = e.message;
    if (this.sink) this.finish(200, e.message);
    else this.endPending = true;
  }

  private partialError: string | null = null;

  private failMalformed(why: string): void {
    this.abortUpstream();
    const e = new GatewayError(502, 'bad_gateway', `${this.target.provider.spec.id}: ${why}`);
    if (this.readySettled) {
      this.emit(errorEvent(this.spec.clientFormat, e));
      this.partialError = e.message;
      if (this.sink) this.finish(200, e.message);
      else this.endPending = true;
      return;
    }
    this.fail(e, { retryable: true, clientBody: JSON.stringify(errorBody(this.spec.clientFormat, e)) });
  }

  private fail(
    error: GatewayError,
    f: { clientBody: string; retryable: boolean; keyFailure?: boolean; contextExceeded?: boolean },
  ): void {
    this.disarm();
    if (this.readySettled) return;
    this.readySettled = true;
    this.failure = {
      ok: false,
      error,
      clientBody: f.clientBody,
      retryAfter: error.retryAfter,
      retryable: f.retryable,
      keyFailure: f.keyFailure ?? false,
      contextExceeded: f.contextExceeded ?? false,
      latencyMs: performance.now() - this.startedAt,
    };
    this.settleReady(this.failure);
  }

  failure: AttemptFailure | null = null;

  private markReady(): void {
    if (this.readySettled) return;
    this.readySettled = true;
    this.settleReady({ ok: true });
  }

  /** Time-to-first-byte and idle-between-chunks timeouts share one timer. */
  private arm(ms: number, what: 'first byte' | 'idle'): void {
    // Same phase: restart the clock. New phase (first content arrived): the
    // idle limit replaces the first-byte one.
    if (this.timer && this.timerPhase === what) this.timer.refresh();
    else {
      if (this.timer) clearTimeout(this.timer);
      this.timerPhase = what;
      this.timer = setTimeout(() => {
        const err = new Error(
          what === 'idle' ? `stream stalled: no data for ${ms} ms` : `no answer within ${ms} ms`,
        );
        err.name = 'TimeoutError';
        this.onTransportError(err);
      }, ms);
    }
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerPhase = null;
  }

  private timerPhase: 'first byte' | 'idle' | 'end' | null = null;

  /**
   * Sends this attempt's answer to the client. Call only after `ready`
   * resolved ok. Resolves when the exchange is over. `headers` is the
   * caller's fresh object: the content headers are added to it in place.
   */
  commit(res: ServerResponse, headers: Record<string, string>): Promise<AttemptOutcome> {
    if (this.outcome) return Promise.resolve(this.outcome);
    this.sink = res;
    const done = new Promise<AttemptOutcome>((resolve) => (this.finished = resolve));
    res.once('close', () => {
      if (!res.writableFinished && !this.outcome) {
        this.abortUpstream();
        this.finish(499, 'client disconnected', true);
      }
    });
    if (!this.stream) {
      headers['content-type'] = 'application/json';
      res.writeHead(200, headers);
      this.firstByteAt = performance.now();
      // Scrubbed when it was read (readWhole).
      const out = this.nonStreamOut ?? '';
      this.output = typeof out === 'string' ? out : out.toString('utf8', 0, Math.min(out.length, OUTPUT_CAP));
      res.end(out);
      this.finish(200, null);
      return done;
    }
    headers['content-type'] = 'text/event-stream; charset=utf-8';
    headers['cache-control'] = 'no-cache';
    headers.connection = 'keep-alive';
    res.writeHead(200, headers);
    const held = this.held.join('');
    this.held = [];
    if (held) this.firstByteAt = performance.now();
    if (this.endPending || this.adapter?.complete || TERMINAL.test(held)) {
      this.terminal = true;
      // The terminal event is already in: everything goes with the end (see `emit`).
      this.tail = held + this.tail;
      if (this.endPending) this.finish(200, this.partialError);
    } else if (held) {
      res.write(held);
    }
    return done;
  }

  private finish(status: number, errorMessage: string | null, clientAborted = false): void {
    if (this.outcome) return;
    this.disarm();
    const adapter = this.adapter;
    if (adapter) {
      this.usage ??= adapter.usage;
      this.finishReason ??= adapter.finishReason;
    }
    this.outcome = {
      status,
      usage: this.usage,
      finishReason: this.finishReason,
      partial: errorMessage !== null && !clientAborted,
      clientAborted,
      errorMessage,
      firstByteAt: this.firstByteAt,
      endedAt: performance.now(),
      output: this.output,
    };
    if (this.sink && !this.sink.writableEnded && !clientAborted) {
      const tail = this.tail;
      this.tail = '';
      if (tail) this.sink.end(tail);
      else this.sink.end();
    }
    this.finished?.(this.outcome);
  }

  /** Drops this attempt (a race loser, or the client left before commit). */
  abort(): void {
    if (this.aborted) return;
    this.abortUpstream();
    this.aborted = true;
    this.disarm();
    if (!this.readySettled) {
      const e = new GatewayError(499, 'api_error', 'aborted');
      this.fail(e, { retryable: false, clientBody: '' });
    }
  }

  get wasAborted(): boolean {
    return this.aborted;
  }

  /** Usage and output so far, for logging an aborted or partial attempt. */
  get partialUsage(): Usage | null {
    return this.usage ?? this.adapter?.usage ?? null;
  }

  get outputSoFar(): string {
    return this.output;
  }

  private upstreamDropped = false;

  private abortUpstream(): void {
    this.upstreamDropped = true;
    this.request?.destroy();
    this.upstream?.destroy();
  }

  /** A provider echoing the key back (in an error, an event or a body) must not pass it on. */
  private scrub(text: string): string {
    return this.scrubber.text(text);
  }

  private scrubBody(out: Buffer | string): Buffer | string {
    return this.scrubber.body(out);
  }
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function upstreamMessage(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const err = (parsed as { error?: unknown }).error;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return undefined;
}

function isErrorShape(parsed: unknown, format: WireFormat): boolean {
  if (typeof parsed !== 'object' || parsed === null) return false;
  const p = parsed as { type?: unknown; error?: unknown };
  return format === 'anthropic' ? p.type === 'error' && typeof p.error === 'object' : typeof p.error === 'object';
}
