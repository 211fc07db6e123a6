import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getRequest } from '../../electron/store/queries';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * The response cache through the real gateway: the official SDKs, the provider
 * fakes (whose request counts prove a hit never reached them), and the log.
 */
let gw: TestGateway;
let oa: OpenAI;
let an: Anthropic;
const USE = { headers: { 'x-switchboard-cache': 'use' } };

beforeAll(async () => {
  gw = await startTestGateway();
  oa = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: gw.url, apiKey: gw.token, maxRetries: 0 });
  gw.app.settings.update((d) => {
    (d.routes as Record<string, unknown>).cached = { strategy: 'fallback', targets: ['openai/gpt-4o-mini'], cache: { enabled: true, ttlSeconds: 600 } };
  });
});
afterAll(async () => {
  await gw?.close();
});

/** The log row for a request id, once it has been written. */
async function logged(id: string | null) {
  expect(id).toMatch(/^req_/);
  return vi.waitFor(
    () => {
      gw.flush();
      const row = getRequest(gw.app.db, id!);
      expect(row).toBeDefined();
      return row!;
    },
    { timeout: 3000, interval: 10 },
  );
}

/** Lets the deferred cache write land. */
const stored = () => new Promise<void>((r) => setTimeout(r, 20));

describe('per route', () => {
  it('miss then hit: the second call never reaches the provider, costs 0 and logs what it saved', async () => {
    // gpt-4o-mini: 100k in × $0.15/M + 20k out × $0.60/M = $0.027
    gw.openai.enqueue({ text: 'Cached answer', usage: { input: 100_000, output: 20_000 } });
    const calls = gw.openai.chatRequests().length;
    const params = { model: 'cached', messages: [{ role: 'user' as const, content: 'What is 2+2?' }], temperature: 0 };
    const first = await oa.chat.completions.create(params).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    await stored();
    // Same request with its keys in another order and an ignored field.
    const second = await oa.chat.completions
      .create({ temperature: 0, messages: [{ content: 'What is 2+2?', role: 'user' }], model: 'cached', user: 'someone-else' })
      .withResponse();
    expect(second.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.response.headers.get('x-switchboard-route')).toBe('cached');
    expect(second.response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(second.data).toEqual(first.data);
    expect(gw.openai.chatRequests().length).toBe(calls + 1);

    const miss = await logged(first.response.headers.get('x-switchboard-request-id'));
    const hit = await logged(second.response.headers.get('x-switchboard-request-id'));
    expect(miss).toMatchObject({ cacheHit: false, route: 'cached' });
    expect(miss.costUsd).toBeCloseTo(0.027, 9);
    expect(hit).toMatchObject({ cacheHit: true, costUsd: 0, route: 'cached', provider: 'openai', servedModel: 'gpt-4o-mini', inputTokens: 100_000, outputTokens: 20_000 });
    expect(hit.savedUsd).toBeCloseTo(miss.costUsd!, 9);
  });

  it('a different prompt is a miss', async () => {
    gw.openai.enqueue({ text: 'Other' });
    const r = await oa.chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'What is 3+3?' }] }).withResponse();
    expect(r.response.headers.get('x-switchboard-cache')).toBe('miss');
  });
});

describe('per request header', () => {
  it('OpenAI stream: replayed as a stream the SDK parses into the same chunks', async () => {
    gw.openai.enqueue({ text: 'one two three four', usage: { input: 9, output: 4 } });
    const params = {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'count to four' }],
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const read = async () => {
      const { data, response } = await oa.chat.completions.create(params, USE).withResponse();
      const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
      for await (const c of data) chunks.push(c);
      return { chunks, response };
    };
    const a = await read();
    expect(a.response.headers.get('x-switchboard-cache')).toBe('miss');
    await stored();
    const calls = gw.openai.chatRequests().length;
    const b = await read();
    expect(b.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(b.response.headers.get('content-type')).toContain('text/event-stream');
    expect(gw.openai.chatRequests().length).toBe(calls);
    expect(b.chunks).toEqual(a.chunks);
    expect(b.chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('one two three four');
    expect(b.chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4 });
    const row = await logged(b.response.headers.get('x-switchboard-request-id'));
    expect(row).toMatchObject({ cacheHit: true, stream: true, costUsd: 0 });

    // The non-stream form of the same prompt is a different entry.
    gw.openai.enqueue({ text: 'four' });
    const c = await oa.chat.completions.create({ model: params.model, messages: params.messages }, USE).withResponse();
    expect(c.response.headers.get('x-switchboard-cache')).toBe('miss');
  });

  it('Anthropic stream: replayed as a stream the SDK parses into the same message', async () => {
    gw.anthropic.enqueue({ text: 'Bonjour tout le monde', usage: { input: 20, output: 5 } });
    const params = { model: 'claude-sonnet-4-6', max_tokens: 100, system: 'Translate to French.', messages: [{ role: 'user' as const, content: 'Hello everyone' }] };
    const read = async () => {
      const { data, response } = await an.messages.create({ ...params, stream: true }, USE).withResponse();
      const events: Anthropic.RawMessageStreamEvent[] = [];
      for await (const e of data) events.push(e);
      return { events, response };
    };
    const a = await read();
    expect(a.response.headers.get('x-switchboard-cache')).toBe('miss');
    await stored();
    const calls = gw.anthropic.chatRequests().length;
    const b = await read();
    expect(b.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(gw.anthropic.chatRequests().length).toBe(calls);
    expect(b.events).toEqual(a.events);
    expect(b.events.map((e) => e.type)).toEqual(expect.arrayContaining(['message_start', 'content_block_delta', 'message_delta', 'message_stop']));

    // messages.stream() accumulates the replay into the full message.
    const final = await an.messages.stream(params, USE).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Bonjour tout le monde' });
    expect(gw.anthropic.chatRequests().length).toBe(calls);
  });

  it('Anthropic client over an OpenAI upstream: the reply is cached in the client’s format', async () => {
    gw.openai.enqueue({ text: 'translated across' });
    const params = { model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user' as const, content: 'cross-format' }] };
    const a = await an.messages.create(params, USE).withResponse();
    await stored();
    const b = await an.messages.create(params, USE).withResponse();
    expect(b.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(b.data).toEqual(a.data);
    expect(b.data.content[0]).toMatchObject({ type: 'text', text: 'translated across' });
  });

  it('bypass skips the cache; refresh replaces the stored answer', async () => {
    const params = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'refresh me' }] };
    gw.openai.enqueue({ text: 'v1' });
    await oa.chat.completions.create(params, USE);
    await stored();
    expect((await oa.chat.completions.create(params, USE)).choices[0]!.message.content).toBe('v1');

    gw.openai.enqueue({ text: 'uncached' });
    const bypass = await oa.chat.completions.create(params, { headers: { 'x-switchboard-cache': 'bypass' } }).withResponse();
    expect(bypass.response.headers.get('x-switchboard-cache')).toBeNull();
    expect(bypass.data.choices[0]!.message.content).toBe('uncached');

    gw.openai.enqueue({ text: 'v2' });
    const refresh = await oa.chat.completions.create(params, { headers: { 'x-switchboard-cache': 'refresh' } }).withResponse();
    expect(refresh.response.headers.get('x-switchboard-cache')).toBe('miss');
    expect(refresh.data.choices[0]!.message.content).toBe('v2');
    await stored();
    const after = await oa.chat.completions.create(params, USE).withResponse();
    expect(after.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(after.data.choices[0]!.message.content).toBe('v2');
  });

  it('without the header or a caching route, nothing is cached and no header is sent', async () => {
    gw.openai.enqueue({ text: 'plain' }, { text: 'plain again' });
    const params = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'no cache' }] };
    const a = await oa.chat.completions.create(params).withResponse();
    const b = await oa.chat.completions.create(params).withResponse();
    expect(a.response.headers.get('x-switchboard-cache')).toBeNull();
    expect(b.data.choices[0]!.message.content).toBe('plain again');
  });

  it('errors are never cached', async () => {
    const params = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'fail once' }] };
    gw.openai.enqueue({ status: 400, errorMessage: 'bad thing' });
    const err = await oa.chat.completions.create(params, USE).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    await stored();
    gw.openai.enqueue({ text: 'works now' });
    const ok = await oa.chat.completions.create(params, USE).withResponse();
    expect(ok.response.headers.get('x-switchboard-cache')).toBe('miss');
    expect(ok.data.choices[0]!.message.content).toBe('works now');
  });

  it('a hit is served even when a hard budget is exhausted (it costs nothing)', async () => {
    const params = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'budget and cache' }] };
    gw.openai.enqueue({ text: 'kept' });
    await oa.chat.completions.create(params, USE);
    await stored();
    gw.app.settings.update((d) => {
      d.budgets = [{ id: 'zero', scope: 'global', period: 'day', limitUsd: 0, mode: 'hard' }];
    });
    try {
      const hit = await oa.chat.completions.create(params, USE).withResponse();
      expect(hit.response.headers.get('x-switchboard-cache')).toBe('hit');
      const refused = await oa.chat.completions.create({ ...params, messages: [{ role: 'user', content: 'not cached' }] }, USE).catch((e: unknown) => e);
      expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    } finally {
      gw.app.settings.update((d) => {
        d.budgets = [];
      });
    }
  });
});

describe('Anthropic prompt caching (route opt-in)', () => {
  it('adds cache_control to a long system prompt and the tools upstream; the log keeps the cached tokens', async () => {
    gw.app.settings.update((d) => {
      (d.routes as Record<string, unknown>)['claude-cached'] = { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6'], promptCaching: true };
    });
    const system = 'You are a meticulous assistant. '.repeat(200);
    const tools: Anthropic.Tool[] = [
      { name: 'lookup', description: `Looks things up. ${'Detail. '.repeat(700)}`, input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    gw.anthropic.enqueue({ text: 'ok', usage: { input: 10, output: 2, cacheRead: 3000, cacheWrite: 0 } });
    const r = await an.messages.create({ model: 'claude-cached', max_tokens: 50, system, tools, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const sent = gw.anthropic.chatRequests().at(-1)!.body as { system: unknown; tools: Array<{ cache_control?: unknown }> };
    expect(sent.system).toEqual([{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]);
    expect(sent.tools.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(r.data.usage.cache_read_input_tokens).toBe(3000);
    const row = await logged(r.response.headers.get('x-switchboard-request-id'));
    expect(row.cacheReadTokens).toBe(3000);

    // Without the route option the body goes through untouched.
    gw.anthropic.enqueue({ text: 'ok' });
    await an.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, system, messages: [{ role: 'user', content: 'hi' }] });
    expect((gw.anthropic.chatRequests().at(-1)!.body as { system: unknown }).system).toBe(system);
  });
});
