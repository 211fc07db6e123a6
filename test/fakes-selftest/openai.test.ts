import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../fakes/openai';

const KEY = 'sk-test-openai-0123456789abcdef';
let fake: FakeServer;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
  client = new OpenAI({ baseURL: fake.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setBehaviour({});
});

describe('fake OpenAI via the official SDK', () => {
  it('non-stream chat completion with deterministic echo and usage', async () => {
    const { data: res, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there world' }] })
      .withResponse();
    expect(res.object).toBe('chat.completion');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Echo: hello there world', refusal: null });
    expect(res.choices[0]!.finish_reason).toBe('stop');
    // input = ceil(("be brief" + "hello there world").length / 4)
    expect(res.usage).toMatchObject({ prompt_tokens: Math.ceil(25 / 4), completion_tokens: 4, total_tokens: 7 + 4 });
    expect(res.usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    expect(res.usage!.completion_tokens_details!.reasoning_tokens).toBe(0);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBeTruthy();
    const rec = fake.requests[0]!;
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', stream: false, aborted: false });
    expect(rec.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(rec.endedAt).toBeGreaterThanOrEqual(rec.startedAt);
  });

  it('stream with include_usage: usage:null on every chunk, then a usage chunk with choices []', async () => {
    fake.setBehaviour({ text: 'one two three', usage: { cacheRead: 3, reasoning: 2, input: 40, output: 5 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('one two three');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({
      prompt_tokens: 40,
      completion_tokens: 5,
      total_tokens: 45,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    for (const c of chunks.slice(0, -1)) expect(c.usage).toBeNull();
    // Obfuscation padding is on by default.
    expect(chunks.every((c) => typeof c.obfuscation === 'string')).toBe(true);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('stream without include_usage has no usage field and no usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'a b' }],
      stream: true,
      stream_options: { include_obfuscation: false },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.every((c) => !('usage' in c) && !('obfuscation' in c))).toBe(true);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('tokens: N splits the text into N chunks; max_tokens truncates with finish_reason length', async () => {
    fake.enqueue({ text: 'abcdefghij', tokens: 5 }, { text: 'a b c d e f' });
    const s1 = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const parts: string[] = [];
    for await (const c of s1) if (c.choices[0]?.delta.content) parts.push(c.choices[0].delta.content);
    expect(parts).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
    const r2 = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], max_tokens: 3 });
    expect(r2.choices[0]!.message.content).toBe('a b c');
    expect(r2.choices[0]!.finish_reason).toBe('length');
  });

  it('parallel tool calls, non-stream', async () => {
    fake.setBehaviour({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_time', arguments: { tz: 'Europe/Paris' } },
      ],
    });
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'weather and time in Paris' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
      ],
    });
    const msg = res.choices[0]!.message;
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(msg.content).toBeNull();
    expect(msg.tool_calls).toHaveLength(2);
    const [a, b] = msg.tool_calls! as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(a!.id).toMatch(/^call_/);
    expect(a!.type).toBe('function');
    expect(JSON.parse(a!.function.arguments)).toEqual({ city: 'Paris' });
    expect(b!.function.name).toBe('get_time');
  });

  it('parallel tool calls, stream: first delta has index/id/type/name/"", then argument fragments; SDK helper accumulates', async () => {
    fake.setBehaviour({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'San Francisco, CA', unit: 'celsius' } },
        { name: 'get_time', arguments: { tz: 'America/Los_Angeles' } },
      ],
    });
    const params = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'q' }],
      stream: true as const,
    };
    const raw = await client.chat.completions.create(params);
    const deltas: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null = null;
    for await (const c of raw) {
      deltas.push(...(c.choices[0]?.delta.tool_calls ?? []));
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    const starts = deltas.filter((d) => d.id);
    expect(starts).toHaveLength(2);
    for (const s of starts) {
      expect(s.type).toBe('function');
      expect(s.function).toEqual({ name: expect.any(String), arguments: '' });
    }
    const frags = deltas.filter((d) => !d.id);
    expect(frags.length).toBeGreaterThan(2);
    for (const f of frags) expect(Object.keys(f).sort()).toEqual(['function', 'index']);
    // The SDK's stream helper reassembles the parallel calls.
    const final = await client.chat.completions.stream(params).finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => c.function.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[0]!.function.arguments)).toEqual({ city: 'San Francisco, CA', unit: 'celsius' });
  });

  it('reasoning: thinking counts reasoning tokens (inside completion_tokens)', async () => {
    fake.setBehaviour({ text: 'done', thinking: 'a b c d' });
    const res = await client.chat.completions.create({ model: 'o4-mini', messages: [{ role: 'user', content: 'q' }] });
    expect(res.usage!.completion_tokens_details!.reasoning_tokens).toBe(4);
    expect(res.usage!.completion_tokens).toBe(5);
    expect(res.choices[0]!.message.content).toBe('done');
  });

  it('reasoningContent option streams thinking as reasoning_content (DeepSeek-style); cacheWrite → cache_write_tokens', async () => {
    const f = await startFakeOpenAI({ reasoningContent: true, behaviour: { thinking: 'hmm ok', text: 'yes', usage: { cacheWrite: 9 } } });
    try {
      const c = new OpenAI({ baseURL: f.url, apiKey: 'x', maxRetries: 0 });
      const s = await c.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'q' }], stream: true, stream_options: { include_usage: true } });
      let reasoning = '';
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const ch of s) {
        const d = ch.choices[0]?.delta as { reasoning_content?: string; content?: string | null } | undefined;
        reasoning += d?.reasoning_content ?? '';
        text += d?.content ?? '';
        usage = ch.usage ?? usage;
      }
      expect(reasoning).toBe('hmm ok');
      expect(text).toBe('yes');
      expect(usage!.completion_tokens_details!.reasoning_tokens).toBe(2);
      expect(usage!.prompt_tokens_details!.cache_write_tokens).toBe(9);
    } finally {
      await f.close();
    }
  });

  it('429 → RateLimitError with retry-after and the real error shape', async () => {
    fake.setBehaviour({ status: 429, retryAfter: '7' });
    const err = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    expect(err.code).toBe('rate_limit_exceeded');
    expect(err.type).toBe('requests');
    expect(err.headers.get('retry-after')).toBe('7');
    expect(err.requestID).toMatch(/^req_/);
  });

  it('queue: 429 then success is retried by the SDK', async () => {
    fake.enqueue({ status: 429, retryAfter: '0', headers: { 'retry-after-ms': '10' } }, { text: 'ok now' });
    const retrying = new OpenAI({ baseURL: fake.url, apiKey: KEY, maxRetries: 2 });
    const res = await retrying.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] });
    expect(res.choices[0]!.message.content).toBe('ok now');
    expect(fake.chatRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('401 → AuthenticationError with the key masked, never echoed whole', async () => {
    const wrongKey = 'sk-wrong-key-abcdefghijklmnop1234';
    const bad = new OpenAI({ baseURL: fake.url, apiKey: wrongKey, maxRetries: 0 });
    const err = await bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.code).toBe('invalid_api_key');
    expect(err.type).toBe('invalid_request_error');
    expect(err.message).toContain('Incorrect API key provided: sk-');
    expect(err.message).toContain('1234. You can find your API key at https://platform.openai.com/account/api-keys.');
    expect(err.message).not.toContain(wrongKey);
    expect(err.error).toEqual({ message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
  });

  it('byModel overrides the default; 500/503 map to InternalServerError', async () => {
    fake.setBehaviour({ status: 503 }, 'gpt-broken');
    const err = await client.chat.completions.create({ model: 'gpt-broken', messages: [{ role: 'user', content: 'q' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.type).toBe('server_error');
    const ok = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] });
    expect(ok.choices[0]!.message.content).toBe('Echo: q');
  });

  it('validation: missing messages / model → 400 BadRequestError', async () => {
    const e1 = await client.chat.completions.create({ model: 'gpt-4o' } as never).catch((e) => e);
    expect(e1).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e1.param).toBe('messages');
    expect(e1.code).toBe('missing_required_parameter');
    const e2 = await client.chat.completions.create({ messages: [{ role: 'user', content: 'q' }] } as never).catch((e) => e);
    expect(e2).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e2.message).toContain('you must provide a model parameter');
  });

  it('models list and embeddings (float and the SDK default base64)', async () => {
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toContain('gpt-4o-mini');
    expect(models.data[0]).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
    const retrieved = await client.models.retrieve('gpt-4o');
    expect(retrieved.id).toBe('gpt-4o');

    const emb = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello', 'world'], dimensions: 8 });
    expect(emb.object).toBe('list');
    expect(emb.data).toHaveLength(2);
    expect(emb.data[1]!).toMatchObject({ object: 'embedding', index: 1 });
    expect(emb.data[0]!.embedding).toHaveLength(8);
    expect(emb.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    expect(fake.requests.at(-1)!.body.encoding_format).toBe('base64'); // SDK default, decoded by the SDK
    const float = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello', dimensions: 8, encoding_format: 'float' });
    const a = float.data[0]!.embedding;
    const b = emb.data[0]!.embedding;
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
  });
});
