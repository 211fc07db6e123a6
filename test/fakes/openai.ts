/**
 * OpenAI-compatible upstream emulator (node:http only).
 *
 * Faithful to the OpenAI API reference for Chat Completions (non-stream and SSE
 * stream with `stream_options.include_usage`), tool calls, Models, Embeddings,
 * error bodies (`{"error":{message,type,param,code}}`) and headers
 * (`x-request-id`, `openai-processing-ms`, `x-ratelimit-*`, `retry-after`).
 *
 *   const fake = await startFakeOpenAI({ apiKey: 'sk-test-1' });
 *   new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-1' });
 */
import type { OpenAIChatRequest, OpenAIErrorBody, OpenAIMessage, OpenAIUsage } from '../../shared/wire/openai';
import {
  type Behaviour,
  Exchange,
  FakeCore,
  type FakeOptions,
  type FakeServer,
  type Step,
  contentText,
  estimateTokens,
  fakeEmbedding,
  hex,
  hostForUrl,
  planReply,
  randomId,
} from './script';

export type { Behaviour, FakeOptions, FakeServer, RecordedRequest, FakeToolCall, UsageOverride } from './script';

export const OPENAI_DEFAULT_MODELS = [
  'gpt-5.5',
  'gpt-5.4',
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4o',
  'gpt-4o-mini',
  'o4-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
];

const MODEL_CREATED = 1_715_367_049;
const SYSTEM_FINGERPRINT = 'fp_f33667828e';

export function openaiError(message: string, type: string, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** Mask a key the way OpenAI does in its 401 message; never echoes the whole key. */
export function maskKey(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  return key.slice(0, 3) + '*'.repeat(Math.min(key.length - 7, 48)) + key.slice(-4);
}

function incorrectKey(key: string): OpenAIErrorBody {
  return openaiError(
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

const BAD_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** The error body OpenAI returns for a given status (overridable by the behaviour). */
export function openaiErrorFor(status: number, b: Behaviour, model: string | undefined): OpenAIErrorBody {
  const m = model ?? 'gpt-4o-mini';
  let type: string;
  let code: string | null;
  let message: string;
  switch (status) {
    case 400:
      [type, code, message] = ['invalid_request_error', null, 'Invalid request.'];
      break;
    case 401:
      return b.errorMessage || b.errorType || b.errorCode !== undefined
        ? openaiError(b.errorMessage ?? 'Incorrect API key provided.', b.errorType ?? 'invalid_request_error', null, b.errorCode === undefined ? 'invalid_api_key' : b.errorCode)
        : incorrectKey('sk-fake-revoked-key-0000');
    case 403:
      [type, code, message] = ['invalid_request_error', 'unsupported_country_region_territory', 'Country, region, or territory not supported'];
      break;
    case 404:
      [type, code, message] = ['invalid_request_error', 'model_not_found', `The model \`${m}\` does not exist or you do not have access to it.`];
      break;
    case 429:
      if (b.errorType === 'insufficient_quota') {
        [type, code, message] = [
          'insufficient_quota',
          'insufficient_quota',
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        ];
      } else {
        [type, code, message] = [
          'requests',
          'rate_limit_exceeded',
          `Rate limit reached for ${m} in organization org-fake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        ];
      }
      break;
    case 500:
      [type, code, message] = ['server_error', null, 'The server had an error while processing your request. Sorry about that!'];
      break;
    case 503:
      [type, code, message] = ['server_error', null, 'The engine is currently overloaded, please try again later.'];
      break;
    default:
      [type, code, message] = status >= 500 ? ['server_error', null, 'The server had an error processing your request.'] : ['invalid_request_error', null, 'Invalid request.'];
  }
  return openaiError(b.errorMessage ?? message, b.errorType ?? type, null, b.errorCode === undefined ? code : b.errorCode);
}

function lastUserText(messages: OpenAIMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user' || m.role === 'tool') return contentText(m.content);
  }
  return '';
}

export function estimateOpenAIInput(messages: OpenAIMessage[]): number {
  return estimateTokens(messages.map((m) => contentText(m.content)).join(''));
}

export async function startFakeOpenAI(opts: FakeOptions = {}): Promise<FakeServer> {
  const models = opts.models ?? OPENAI_DEFAULT_MODELS;
  const rateLimit = opts.rateLimitHeaders ?? true;
  let served = 0;

  const headersFor = (x: Exchange, b?: Behaviour): Record<string, string> => {
    served++;
    const h: Record<string, string> = {
      'x-request-id': x.rec.requestId,
      'openai-version': '2020-10-01',
      'openai-organization': 'user-fake0000000000000000',
      'openai-processing-ms': String(Math.max(1, Date.now() - x.rec.startedAt)),
    };
    if (rateLimit) {
      Object.assign(h, {
        'x-ratelimit-limit-requests': '10000',
        'x-ratelimit-limit-tokens': '30000000',
        'x-ratelimit-remaining-requests': String(Math.max(0, 10000 - (served % 10000))),
        'x-ratelimit-remaining-tokens': '29999950',
        'x-ratelimit-reset-requests': '6ms',
        'x-ratelimit-reset-tokens': '0s',
      });
    }
    if (b) {
      const status = b.status ?? 200;
      if (b.retryAfter !== null && (b.retryAfter !== undefined || status === 429)) h['retry-after'] = b.retryAfter ?? '1';
      if (b.headers) Object.assign(h, b.headers);
    }
    return h;
  };

  const fail = (x: Exchange, status: number, body: OpenAIErrorBody, b?: Behaviour): void =>
    x.sendJson(status, body, headersFor(x, b));

  const handler = async (x: Exchange): Promise<void> => {
    const { rec } = x;
    // --- auth -----------------------------------------------------------
    const auth = String(x.req.headers.authorization ?? '');
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const key = m?.[1]?.trim();
    if (!core.acceptsKey(key)) {
      return fail(x, 401, key === undefined ? openaiError(NO_KEY, 'invalid_request_error') : incorrectKey(key));
    }
    const route = `${rec.method} ${rec.path.replace(/\/+$/, '')}`;
    if (route === 'GET /v1/models') {
      return x.sendJson(200, { object: 'list', data: models.map(modelObject) }, headersFor(x));
    }
    if (rec.method === 'GET' && rec.path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(rec.path.slice('/v1/models/'.length));
      if (!models.includes(id)) {
        return fail(x, 404, openaiError(`The model '${id}' does not exist`, 'invalid_request_error', 'model', 'model_not_found'));
      }
      return x.sendJson(200, modelObject(id), headersFor(x));
    }
    if (route === 'POST /v1/chat/completions') return chat(x);
    if (route === 'POST /v1/embeddings') return embeddings(x);
    return fail(x, 404, openaiError(`Invalid URL (${rec.method} ${rec.path})`, 'invalid_request_error'));
  };

  const modelObject = (id: string) => ({
    id,
    object: 'model',
    created: MODEL_CREATED,
    owned_by: id.startsWith('text-embedding') ? 'system' : id.startsWith('gpt-4o') || id.startsWith('o') ? 'system' : 'openai',
  });

  const validateBody = (x: Exchange): Record<string, any> | undefined => {
    const body = x.rec.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      fail(x, 400, openaiError(BAD_JSON, 'invalid_request_error'));
      return undefined;
    }
    if (typeof body.model !== 'string' || !body.model) {
      fail(x, 400, openaiError('you must provide a model parameter', 'invalid_request_error'));
      return undefined;
    }
    return body;
  };

  async function applyPreamble(x: Exchange, b: Behaviour, model: string): Promise<boolean> {
    if (b.resetBeforeHeaders) {
      x.reset();
      return false;
    }
    if (!(await x.sleep(b.headerDelayMs ?? 0))) return false;
    if (b.status && b.status >= 400) {
      fail(x, b.status, openaiErrorFor(b.status, b, model), b);
      return false;
    }
    return true;
  }

  async function chat(x: Exchange): Promise<void> {
    const body = validateBody(x) as OpenAIChatRequest | undefined;
    if (!body) return;
    if (body.messages === undefined) {
      return fail(x, 400, openaiError("Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter'));
    }
    if (!Array.isArray(body.messages)) {
      return fail(x, 400, openaiError(`Invalid type for 'messages': expected an array, but got ${typeof body.messages} instead.`, 'invalid_request_error', 'messages', 'invalid_type'));
    }
    if (body.messages.length === 0) {
      return fail(x, 400, openaiError("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'invalid_request_error', 'messages', 'empty_array'));
    }
    if (body.stream_options != null && body.stream !== true) {
      return fail(x, 400, openaiError("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request_error', 'stream_options'));
    }
    if (opts.rejectUnknownModels && !models.includes(body.model)) {
      return fail(x, 404, openaiError(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found'));
    }
    const b = core.pickBehaviour(body.model);
    x.rec.behaviour = b;
    if (!(await applyPreamble(x, b, body.model))) return;

    const plan = planReply(b, lastUserText(body.messages), {
      thinking: b.thinking !== undefined,
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
    });
    const id = `chatcmpl-${randomId(29)}`;
    const created = Math.floor(Date.now() / 1000);
    const model = b.responseModel ?? body.model;
    const toolCalls = plan.toolCalls.map((tc) => ({ ...tc, id: tc.id ?? `call_${randomId(24)}` }));
    const argFragments = toolCalls.reduce((n, tc) => n + tc.fragments.length, 0);
    const reasoning = b.usage?.reasoning ?? plan.thinkingChunks.length;
    const completion = b.usage?.output ?? plan.textChunks.length + argFragments + reasoning;
    const prompt = b.usage?.input ?? estimateOpenAIInput(body.messages);
    const usage: OpenAIUsage = {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: {
        cached_tokens: b.usage?.cacheRead ?? 0,
        audio_tokens: 0,
        ...(b.usage?.cacheWrite !== undefined ? { cache_write_tokens: b.usage.cacheWrite } : {}),
      },
      completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
    const finish = b.stopReason ?? (plan.truncatedByMaxTokens ? 'length' : toolCalls.length ? 'tool_calls' : 'stop');
    const showReasoning = opts.reasoningContent === true && plan.thinking !== undefined;
    const headers = headersFor(x, b);

    if (body.stream !== true) {
      const message: Record<string, unknown> = {
        role: 'assistant',
        content: plan.text === '' && toolCalls.length ? null : plan.text,
      };
      if (showReasoning) message.reasoning_content = plan.thinking;
      if (toolCalls.length) {
        message.tool_calls = toolCalls.map((tc) => ({ id: tc.id, type: 'function', function: { name: tc.name, arguments: tc.json } }));
      }
      message.refusal = null;
      message.annotations = [];
      const resp: Record<string, unknown> = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      };
      if (!b.omitUsage) resp.usage = usage;
      resp.service_tier = 'default';
      resp.system_fingerprint = SYSTEM_FINGERPRINT;
      return x.runJson(b, headers, resp, plan.textChunks.length + argFragments + plan.thinkingChunks.length);
    }

    // --- streaming ------------------------------------------------------
    const includeUsage = body.stream_options?.include_usage === true;
    // Stream obfuscation padding: on by default, off with stream_options.include_obfuscation=false.
    const obfuscate = body.stream_options?.include_obfuscation !== false;
    const pad = (o: Record<string, unknown>): Record<string, unknown> => {
      if (obfuscate) o.obfuscation = randomId(1 + Math.floor(Math.random() * 12));
      return o;
    };
    const frame = (o: unknown): string => `data: ${JSON.stringify(o)}\n\n`;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): string => {
      const c: Record<string, unknown> = {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      };
      if (includeUsage) c.usage = null;
      return frame(pad(c));
    };
    const steps: Step[] = [];
    const interval = b.tokensPerSec && b.tokensPerSec > 0 ? 1000 / b.tokensPerSec : 0;
    const textFirst = plan.textChunks.length > 0 || toolCalls.length === 0 || showReasoning;
    if (textFirst) steps.push({ data: chunk({ role: 'assistant', content: '', refusal: null }) });
    if (showReasoning) {
      for (const t of plan.thinkingChunks) steps.push({ data: chunk({ reasoning_content: t }), content: true });
    } else if (plan.thinkingChunks.length && interval) {
      steps.push({ delayMs: plan.thinkingChunks.length * interval }); // hidden reasoning time
    }
    for (const t of plan.textChunks) steps.push({ data: chunk({ content: t }), content: true });
    toolCalls.forEach((tc, index) => {
      const start = { index, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } };
      steps.push({
        data: chunk(index === 0 && !textFirst ? { role: 'assistant', content: null, tool_calls: [start], refusal: null } : { tool_calls: [start] }),
      });
      for (const f of tc.fragments) steps.push({ data: chunk({ tool_calls: [{ index, function: { arguments: f } }] }), content: true });
    });
    steps.push({ data: chunk({}, finish), tail: true });
    if (includeUsage && !b.omitUsage) {
      steps.push({
        data: frame(
          pad({
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            service_tier: 'default',
            system_fingerprint: SYSTEM_FINGERPRINT,
            choices: [],
            usage,
          }),
        ),
      });
    }
    steps.push({ data: 'data: [DONE]\n\n' });
    const err = openaiErrorFor(500, { ...b, errorType: b.errorType ?? 'server_error' }, model);
    await x.runStream(
      b,
      { ...headers, 'content-type': 'text/event-stream; charset=utf-8' },
      steps,
      { garbage: 'data: {"id":"chatcmpl-garbage","choices":[{"delta":{"content":\n\n', error: frame(err) },
    );
  }

  async function embeddings(x: Exchange): Promise<void> {
    const body = validateBody(x);
    if (!body) return;
    const input = body.input;
    if (input === undefined || input === null) {
      return fail(x, 400, openaiError("Missing required parameter: 'input'.", 'invalid_request_error', 'input', 'missing_required_parameter'));
    }
    let inputs: string[];
    if (typeof input === 'string') inputs = [input];
    else if (Array.isArray(input) && input.every((i) => typeof i === 'number')) inputs = [input.join(',')];
    else if (Array.isArray(input)) inputs = input.map((i) => (typeof i === 'string' ? i : JSON.stringify(i)));
    else return fail(x, 400, openaiError("'input' is invalid.", 'invalid_request_error', 'input'));
    if (inputs.length === 0 || inputs.some((s) => s === '')) {
      return fail(x, 400, openaiError("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error'));
    }
    if (opts.rejectUnknownModels && !models.includes(body.model)) {
      return fail(x, 404, openaiError(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found'));
    }
    const b = core.peekBehaviour(body.model);
    x.rec.behaviour = b;
    if (!(await applyPreamble(x, b, body.model))) return;
    const dims = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.floor(body.dimensions) : (opts.embeddingDims ?? 16);
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((s, index) => {
      const vec = fakeEmbedding(s, dims);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(vec).buffer).toString('base64') : vec,
      };
    });
    const prompt = b.usage?.input ?? inputs.reduce((n, s) => n + estimateTokens(s), 0);
    const resp: Record<string, unknown> = { object: 'list', data, model: b.responseModel ?? body.model };
    if (!b.omitUsage) resp.usage = { prompt_tokens: prompt, total_tokens: prompt };
    return x.runJson({ ...b, tokensPerSec: undefined }, headersFor(x, b), resp, 1);
  }

  const core = new FakeCore(
    opts,
    handler,
    () => `req_${hex(16)}`,
    (method, path) => method === 'POST' && path.replace(/\/+$/, '') === '/v1/chat/completions',
    (x) => fail(x, 500, openaiErrorFor(500, {}, undefined)),
  );
  const port = await core.listen();
  const origin = `http://${hostForUrl(opts.host)}:${port}`;
  return core.api(`${origin}/v1`, origin, port);
}
