/**
 * Anthropic-compatible upstream emulator (node:http only).
 *
 * Faithful to the Anthropic API reference for Messages (non-stream and SSE:
 * message_start → content_block_start → ping → content_block_delta… →
 * content_block_stop → message_delta → message_stop), tool_use blocks,
 * extended thinking (thinking_delta + signature_delta), Models (paginated
 * list), count_tokens, error bodies (`{"type":"error","error":{type,message},
 * "request_id"}`) and headers (`request-id`, `anthropic-ratelimit-*`,
 * `retry-after`).
 *
 * Auth: `x-api-key` (SDK 0.x, anthropic-version 2023-06-01) or
 * `Authorization: Bearer` (SDK 1.x, anthropic-version 2026-10-21).
 *
 *   const fake = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
 *   new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-test' });
 */
import { createHash } from 'node:crypto';
import type { AnthropicErrorBody, AnthropicMessage, AnthropicRequest } from '../../shared/wire/anthropic';
import {
  type Behaviour,
  Exchange,
  FakeCore,
  type FakeOptions,
  type FakeServer,
  type Step,
  contentText,
  estimateTokens,
  hostForUrl,
  planReply,
  randomId,
} from './script';

export type { Behaviour, FakeOptions, FakeServer, RecordedRequest, FakeToolCall, UsageOverride } from './script';

export const ANTHROPIC_DEFAULT_MODELS: Array<{ id: string; display_name: string; created_at: string }> = [
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-10-14T00:00:00Z' },
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-10-14T00:00:00Z' },
  { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-10-14T00:00:00Z' },
  { id: 'claude-opus-4-8', display_name: 'Claude Opus 4.8', created_at: '2026-05-20T00:00:00Z' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];

const ORG_ID = '8f2c1a34-6b7e-4c1d-9a0e-5f3b2d1c0e9a';

export function anthropicError(type: string, message: string, requestId?: string): AnthropicErrorBody & { request_id?: string } {
  const body: AnthropicErrorBody & { request_id?: string } = { type: 'error', error: { type, message } };
  if (requestId) body.request_id = requestId;
  return body;
}

const DEFAULTS: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: [
    'rate_limit_error',
    'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
  ],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
};

/** The error (type, message) Anthropic returns for a status, overridable by the behaviour. */
export function anthropicErrorFor(status: number, b: Behaviour): [string, string] {
  const d = DEFAULTS[status] ?? (status >= 500 ? ['api_error', 'Internal server error'] : ['invalid_request_error', 'Invalid request']);
  return [b.errorType ?? d[0], b.errorMessage ?? d[1]];
}

function lastUserText(messages: AnthropicMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user') return contentText(m.content);
  }
  return '';
}

export function estimateAnthropicInput(body: Pick<AnthropicRequest, 'messages' | 'system'>): number {
  const sys = body.system === undefined ? '' : contentText(body.system);
  return estimateTokens(sys + (body.messages ?? []).map((m) => contentText(m.content)).join(''));
}

function signatureFor(thinking: string): string {
  const h = createHash('sha256').update(thinking).digest();
  return 'Eq' + Buffer.concat([h, h, h]).toString('base64');
}

export async function startFakeAnthropic(opts: FakeOptions = {}): Promise<FakeServer> {
  const models = opts.models
    ? opts.models.map((id) => ANTHROPIC_DEFAULT_MODELS.find((m) => m.id === id) ?? { id, display_name: id, created_at: '2025-01-01T00:00:00Z' })
    : ANTHROPIC_DEFAULT_MODELS;
  const rateLimit = opts.rateLimitHeaders ?? true;
  let served = 0;

  const headersFor = (x: Exchange, b?: Behaviour): Record<string, string> => {
    served++;
    const h: Record<string, string> = {
      'request-id': x.rec.requestId,
      'anthropic-organization-id': ORG_ID,
    };
    if (rateLimit) {
      const reset = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      Object.assign(h, {
        'anthropic-ratelimit-requests-limit': '4000',
        'anthropic-ratelimit-requests-remaining': String(Math.max(0, 4000 - (served % 4000))),
        'anthropic-ratelimit-requests-reset': reset,
        'anthropic-ratelimit-input-tokens-limit': '2000000',
        'anthropic-ratelimit-input-tokens-remaining': '1999000',
        'anthropic-ratelimit-input-tokens-reset': reset,
        'anthropic-ratelimit-output-tokens-limit': '400000',
        'anthropic-ratelimit-output-tokens-remaining': '400000',
        'anthropic-ratelimit-output-tokens-reset': reset,
        'anthropic-ratelimit-tokens-limit': '2400000',
        'anthropic-ratelimit-tokens-remaining': '2399000',
        'anthropic-ratelimit-tokens-reset': reset,
      });
    }
    if (b) {
      const status = b.status ?? 200;
      if (b.retryAfter !== null && (b.retryAfter !== undefined || status === 429)) h['retry-after'] = b.retryAfter ?? '1';
      if (b.headers) Object.assign(h, b.headers);
    }
    return h;
  };

  const fail = (x: Exchange, status: number, type: string, message: string, b?: Behaviour): void =>
    x.sendJson(status, anthropicError(type, message, x.rec.requestId), headersFor(x, b));

  const modelObject = (m: (typeof models)[number]) => ({ type: 'model', id: m.id, display_name: m.display_name, created_at: m.created_at });

  const handler = async (x: Exchange): Promise<void> => {
    const { rec, req } = x;
    // --- auth: x-api-key (SDK 0.x) or Authorization: Bearer (SDK 1.x) ----
    const xKey = req.headers['x-api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
    const key = (Array.isArray(xKey) ? xKey[0] : xKey) ?? bearer;
    if (!core.acceptsKey(key)) {
      return fail(x, 401, 'authentication_error', key === undefined ? 'x-api-key header is required' : 'invalid x-api-key');
    }
    if (!req.headers['anthropic-version']) {
      return fail(x, 400, 'invalid_request_error', 'anthropic-version: header is required');
    }
    const path = rec.path.replace(/\/+$/, '');
    const route = `${rec.method} ${path}`;
    if (route === 'GET /v1/models') return listModels(x);
    if (rec.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const m = models.find((mm) => mm.id === id);
      if (!m) return fail(x, 404, 'not_found_error', `model: ${id}`);
      return x.sendJson(200, modelObject(m), headersFor(x));
    }
    if (route === 'POST /v1/messages') return messages(x);
    if (route === 'POST /v1/messages/count_tokens') {
      const body = validate(x, false);
      if (!body) return;
      return x.sendJson(200, { input_tokens: estimateAnthropicInput(body) }, headersFor(x));
    }
    return fail(x, 404, 'not_found_error', 'Not Found');
  };

  function listModels(x: Exchange): void {
    const q = new URLSearchParams(x.rec.query);
    const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 20) || 20));
    let list = models;
    const after = q.get('after_id');
    const before = q.get('before_id');
    let start = 0;
    let end = list.length;
    if (after) start = list.findIndex((m) => m.id === after) + 1;
    if (before) end = Math.max(0, list.findIndex((m) => m.id === before));
    list = list.slice(start, end);
    const hasMore = list.length > limit;
    list = before && !after ? list.slice(Math.max(0, list.length - limit)) : list.slice(0, limit);
    x.sendJson(
      200,
      { data: list.map(modelObject), has_more: hasMore, first_id: list[0]?.id ?? null, last_id: list.at(-1)?.id ?? null },
      headersFor(x),
    );
  }

  function validate(x: Exchange, needMaxTokens: boolean): AnthropicRequest | undefined {
    const body = x.rec.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      fail(x, 400, 'invalid_request_error', x.rec.rawBody ? 'There was an issue with the formatting of your request body: invalid JSON' : 'messages: Field required');
      return undefined;
    }
    for (const field of ['model', 'messages', ...(needMaxTokens ? ['max_tokens'] : [])]) {
      if (body[field] === undefined) {
        fail(x, 400, 'invalid_request_error', `${field}: Field required`);
        return undefined;
      }
    }
    if (!Array.isArray(body.messages)) {
      fail(x, 400, 'invalid_request_error', 'messages: Input should be a valid list');
      return undefined;
    }
    if (needMaxTokens && (typeof body.max_tokens !== 'number' || body.max_tokens < 1)) {
      fail(x, 400, 'invalid_request_error', 'max_tokens: Input should be greater than or equal to 1');
      return undefined;
    }
    return body as AnthropicRequest;
  }

  async function messages(x: Exchange): Promise<void> {
    const body = validate(x, true);
    if (!body) return;
    if (body.messages.length === 0) {
      return fail(x, 400, 'invalid_request_error', 'messages: at least one message is required');
    }
    const th = body.thinking as { type?: string; budget_tokens?: number; display?: string | null } | undefined;
    const thinkingOn = th?.type === 'enabled' || th?.type === 'adaptive' || th?.type === 'between_tools';
    const thinkingOmitted = th?.display === 'omitted';
    if (th?.type === 'enabled' && typeof th.budget_tokens === 'number' && th.budget_tokens >= body.max_tokens) {
      return fail(
        x,
        400,
        'invalid_request_error',
        '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
      );
    }
    if (opts.rejectUnknownModels && !models.some((m) => m.id === body.model)) {
      return fail(x, 404, 'not_found_error', `model: ${body.model}`);
    }
    const b = core.pickBehaviour(body.model);
    x.rec.behaviour = b;
    if (b.resetBeforeHeaders) return x.reset();
    if (!(await x.sleep(b.headerDelayMs ?? 0))) return;
    if (b.status && b.status >= 400) {
      const [type, message] = anthropicErrorFor(b.status, b);
      return fail(x, b.status, type, message, b);
    }

    const plan = planReply(b, lastUserText(body.messages), { thinking: thinkingOn, maxTokens: body.max_tokens });
    const id = `msg_01${randomId(22)}`;
    const model = b.responseModel ?? body.model;
    const toolCalls = plan.toolCalls.map((tc) => ({ ...tc, id: tc.id ?? `toolu_01${randomId(22)}` }));
    const argFragments = toolCalls.reduce((n, tc) => n + tc.fragments.length, 0);
    const output = b.usage?.output ?? plan.textChunks.length + plan.thinkingChunks.length + argFragments;
    const thinkingTokens = plan.thinkingChunks.length;
    const cacheWrite = b.usage?.cacheWrite ?? 0;
    const usageIn = {
      input_tokens: b.usage?.input ?? estimateAnthropicInput(body),
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: b.usage?.cacheRead ?? 0,
    };
    // Full Usage object as in the current API reference (Message.usage).
    const fullUsage = (outputTokens: number) => ({
      ...usageIn,
      cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: plan.thinking !== undefined ? { thinking_tokens: thinkingTokens } : null,
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      speed: 'standard',
    });
    const stopReason = b.stopReason ?? (plan.truncatedByMaxTokens ? 'max_tokens' : toolCalls.length ? 'tool_use' : 'end_turn');
    const signature = plan.thinking !== undefined ? signatureFor(plan.thinking) : '';
    const emitText = plan.textChunks.length > 0 || toolCalls.length === 0;
    const headers = headersFor(x, b);

    if (body.stream !== true) {
      const content: unknown[] = [];
      if (plan.thinking !== undefined) content.push({ type: 'thinking', thinking: thinkingOmitted ? '' : plan.thinking, signature });
      if (emitText) content.push({ type: 'text', text: plan.text });
      for (const tc of toolCalls) content.push({ type: 'tool_use', id: tc.id, name: tc.name, input: JSON.parse(tc.json) });
      const resp: Record<string, unknown> = {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        stop_details: null,
        container: null,
      };
      if (!b.omitUsage) resp.usage = fullUsage(output);
      return x.runJson(b, headers, resp, plan.textChunks.length + plan.thinkingChunks.length + argFragments);
    }

    // --- streaming ------------------------------------------------------
    const ev = (o: { type: string; [k: string]: unknown }): string => `event: ${o.type}\ndata: ${JSON.stringify(o)}\n\n`;
    const steps: Step[] = [];
    const startMessage: Record<string, unknown> = {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      container: null,
    };
    if (!b.omitUsage) startMessage.usage = { ...fullUsage(1), output_tokens_details: null };
    steps.push({ data: ev({ type: 'message_start', message: startMessage }) });
    let index = 0;
    let pinged = false;
    const blockStart = (content_block: Record<string, unknown>): void => {
      steps.push({ data: ev({ type: 'content_block_start', index, content_block }) });
      if (!pinged) {
        steps.push({ data: ev({ type: 'ping' }) });
        pinged = true;
      }
    };
    const delta = (d: Record<string, unknown>, content = true): void => {
      steps.push({ data: ev({ type: 'content_block_delta', index, delta: d }), content });
    };
    const blockStop = (): void => {
      steps.push({ data: ev({ type: 'content_block_stop', index }) });
      index++;
    };
    if (plan.thinking !== undefined) {
      blockStart({ type: 'thinking', thinking: '', signature: '' });
      if (!thinkingOmitted) for (const t of plan.thinkingChunks) delta({ type: 'thinking_delta', thinking: t });
      delta({ type: 'signature_delta', signature }, false);
      blockStop();
    }
    if (emitText) {
      blockStart({ type: 'text', text: '' });
      for (const t of plan.textChunks) delta({ type: 'text_delta', text: t });
      blockStop();
    }
    for (const tc of toolCalls) {
      blockStart({ type: 'tool_use', id: tc.id, name: tc.name, input: {} });
      delta({ type: 'input_json_delta', partial_json: '' }, false);
      for (const f of tc.fragments) delta({ type: 'input_json_delta', partial_json: f });
      blockStop();
    }
    if (!pinged) steps.push({ data: ev({ type: 'ping' }) });
    const md: Record<string, unknown> = {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null },
    };
    // message_delta usage is cumulative (input fields repeat message_start's values).
    if (!b.omitUsage) {
      const u = fullUsage(output);
      md.usage = {
        input_tokens: u.input_tokens,
        cache_creation_input_tokens: u.cache_creation_input_tokens,
        cache_read_input_tokens: u.cache_read_input_tokens,
        output_tokens: u.output_tokens,
        output_tokens_details: u.output_tokens_details,
        server_tool_use: null,
      };
    }
    steps.push({ data: ev(md as { type: string }), tail: true });
    steps.push({ data: ev({ type: 'message_stop' }) });
    const [errType, errMessage] = anthropicErrorFor(529, b);
    await x.runStream(b, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, steps, {
      garbage: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n',
      error: ev({ type: 'error', error: { type: errType, message: errMessage } }),
    });
  }

  const core = new FakeCore(
    opts,
    handler,
    () => `req_011C${randomId(20, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz')}`,
    (method, path) => method === 'POST' && path.replace(/\/+$/, '') === '/v1/messages',
    (x) => fail(x, 500, 'api_error', 'Internal server error'),
  );
  const port = await core.listen();
  const origin = `http://${hostForUrl(opts.host)}:${port}`;
  return core.api(origin, origin, port);
}
