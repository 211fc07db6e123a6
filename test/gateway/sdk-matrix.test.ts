import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentRequests } from '../../electron/store/queries';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Every endpoint × upstream format × stream/non-stream × tool calls, driven by
 * the official SDKs through a real gateway to the provider fakes.
 */
let gw: TestGateway;
let oa: OpenAI;
let an: Anthropic;

const UPSTREAMS = [
  { name: 'openai upstream', model: 'openai/gpt-4o-mini', provider: 'openai', served: 'gpt-4o-mini' },
  { name: 'anthropic upstream', model: 'claude-sonnet-4-6', provider: 'anthropic', served: 'claude-sonnet-4-6' },
] as const;

const WEATHER_TOOL_OPENAI: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const WEATHER_TOOL_ANTHROPIC: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const TOOL_BEHAVIOUR = {
  toolCalls: [
    { name: 'get_weather', arguments: { city: 'Paris' } },
    { name: 'get_weather', arguments: { city: 'Oslo' } },
  ],
};

beforeAll(async () => {
  gw = await startTestGateway();
  oa = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: gw.url, apiKey: gw.token, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.close();
});

function fakeFor(provider: string) {
  return provider === 'openai' ? gw.openai : gw.anthropic;
}

describe.each(UPSTREAMS)('OpenAI SDK → /v1/chat/completions → $name', (u) => {
  it('non-stream text, with usage and switchboard headers', async () => {
    fakeFor(u.provider).enqueue({ text: 'Hello from the fake', usage: { input: 11, output: 4 } });
    const { data, response } = await oa.chat.completions
      .create({ model: u.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('Hello from the fake');
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage?.prompt_tokens).toBe(11);
    expect(data.usage?.completion_tokens).toBe(4);
    expect(response.headers.get('x-switchboard-provider')).toBe(u.provider);
    expect(response.headers.get('x-switchboard-model')).toBe(u.served);
    expect(response.headers.get('x-switchboard-request-id')).toMatch(/^req_/);
    const upstream = fakeFor(u.provider).chatRequests().at(-1)!;
    expect(upstream.body.model).toBe(u.served);
  });

  it('stream text arrives chunk by chunk and ends cleanly', async () => {
    fakeFor(u.provider).enqueue({ text: 'one two three four', usage: { input: 7, output: 4 } });
    const stream = await oa.chat.completions.create({
      model: u.model,
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null = null;
    for await (const c of stream) {
      chunks++;
      text += c.choices[0]?.delta?.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe('one two three four');
    expect(chunks).toBeGreaterThan(3);
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBe(7);
    expect(usage?.completion_tokens).toBe(4);
  });

  it('stream without include_usage gets no usage chunk (what Switchboard adds upstream is stripped)', async () => {
    fakeFor(u.provider).enqueue({ text: 'alpha beta' });
    const stream = await oa.chat.completions.create({ model: u.model, messages: [{ role: 'user', content: 'x' }], stream: true });
    const seen: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const c of stream) seen.push(c);
    expect(seen.every((c) => c.usage === undefined)).toBe(true);
    expect(seen.every((c) => c.choices.length === 1)).toBe(true);
    if (u.provider === 'openai') {
      expect(gw.openai.chatRequests().at(-1)!.body.stream_options).toEqual({ include_usage: true });
    }
  });

  it('parallel tool calls, non-stream', async () => {
    fakeFor(u.provider).enqueue(TOOL_BEHAVIOUR);
    const res = await oa.chat.completions.create({
      model: u.model,
      messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
      tools: [WEATHER_TOOL_OPENAI],
    });
    const calls = res.choices[0]!.message.tool_calls!;
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.type === 'function' && JSON.parse(c.function.arguments).city)).toEqual(['Paris', 'Oslo']);
  });

  it('parallel tool calls, streamed with correct indices', async () => {
    fakeFor(u.provider).enqueue(TOOL_BEHAVIOUR);
    const stream = oa.chat.completions.stream({
      model: u.model,
      messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
      tools: [WEATHER_TOOL_OPENAI],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.type === 'function' && JSON.parse(c.function.arguments))).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
    expect(calls.every((c) => typeof c.id === 'string' && c.id.length > 0)).toBe(true);
  });

  it('tool results round-trip in the history', async () => {
    fakeFor(u.provider).enqueue({ text: 'It is sunny in Paris.' });
    const res = await oa.chat.completions.create({
      model: u.model,
      tools: [WEATHER_TOOL_OPENAI],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny, 21C' },
      ],
    });
    expect(res.choices[0]!.message.content).toBe('It is sunny in Paris.');
    const sent = fakeFor(u.provider).chatRequests().at(-1)!.body;
    if (u.provider === 'anthropic') {
      expect(sent.messages[1].content[0]).toMatchObject({ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } });
      expect(sent.messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_1' });
    } else {
      expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    }
  });
});

describe.each(UPSTREAMS)('Anthropic SDK → /v1/messages → $name', (u) => {
  it('non-stream text, with usage', async () => {
    fakeFor(u.provider).enqueue({ text: 'Bonjour', usage: { input: 9, output: 2 } });
    const msg = await an.messages.create({ model: u.model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'Bonjour' });
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.output_tokens).toBe(2);
    expect(msg.usage.input_tokens).toBe(9);
  });

  it('stream text via messages.stream', async () => {
    fakeFor(u.provider).enqueue({ text: 'uno dos tres', usage: { input: 5, output: 3 } });
    const stream = an.messages.stream({ model: u.model, max_tokens: 100, messages: [{ role: 'user', content: 'count' }] });
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const msg = await stream.finalMessage();
    expect(deltas.join('')).toBe('uno dos tres');
    expect(deltas.length).toBeGreaterThan(1);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.output_tokens).toBe(3);
  });

  it('parallel tool use, non-stream', async () => {
    fakeFor(u.provider).enqueue(TOOL_BEHAVIOUR);
    const msg = await an.messages.create({
      model: u.model,
      max_tokens: 200,
      tools: [WEATHER_TOOL_ANTHROPIC],
      messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
    });
    expect(msg.stop_reason).toBe('tool_use');
    const uses = msg.content.filter((b) => b.type === 'tool_use');
    expect(uses.map((b) => b.type === 'tool_use' && b.input)).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
  });

  it('parallel tool use, streamed (input_json_delta reassembled by the SDK)', async () => {
    fakeFor(u.provider).enqueue(TOOL_BEHAVIOUR);
    const msg = await an.messages
      .stream({ model: u.model, max_tokens: 200, tools: [WEATHER_TOOL_ANTHROPIC], messages: [{ role: 'user', content: 'Weather?' }] })
      .finalMessage();
    const uses = msg.content.filter((b) => b.type === 'tool_use');
    expect(uses).toHaveLength(2);
    expect(uses.map((b) => b.type === 'tool_use' && b.input)).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
    expect(msg.stop_reason).toBe('tool_use');
  });
});

describe('errors keep the upstream status in the client format', () => {
  it('OpenAI client gets a 429 with retry-after from an Anthropic upstream', async () => {
    gw.anthropic.enqueue({ status: 429, retryAfter: '7' });
    const err = await oa.chat.completions
      .create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
  });

  it('Anthropic client gets an overloaded error from an OpenAI upstream 503', async () => {
    gw.openai.enqueue({ status: 503 });
    const err = await an.messages
      .create({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
  });

  it('an unknown model is a 404 naming candidates; an ambiguous one lists both', async () => {
    const err = await oa.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(String((err as Error).message)).toMatch(/not known to any provider/);
  });

  it('a model whose provider has no key says which key to add', async () => {
    const err = await an.messages
      .create({ model: 'grok-4', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(String((err as Error).message)).toMatch(/switchboard keys add xai/);
  });

  it('a field that cannot be translated is a 400 naming it', async () => {
    const err = await oa.chat.completions
      .create({ model: 'claude-sonnet-4-6', n: 3, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((err as Error).message)).toMatch(/\bn\b/);
  });
});

describe('embeddings and models', () => {
  it('embeddings pass through to an OpenAI-format provider', async () => {
    const res = await oa.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding.length).toBeGreaterThan(0);
  });

  it('/v1/models lists provider/model ids after a refresh', async () => {
    const r = await gw.app.refreshModels('openai');
    expect(r.ok).toBe(true);
    const list = await oa.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids.some((id) => id.startsWith('openai/'))).toBe(true);
  });
});

describe('the request log', () => {
  it('has one row per call with tokens, cost and ttft', async () => {
    gw.openai.enqueue({ text: 'logged', usage: { input: 1000, output: 500 } });
    await oa.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'log me' }] });
    gw.flush();
    const row = recentRequests(gw.app.db, { limit: 1 })[0]!;
    expect(row).toMatchObject({ provider: 'openai', servedModel: 'gpt-4o', status: 200, inputTokens: 1000, outputTokens: 500, tokenName: 'tests' });
    expect(row.costUsd).toBeGreaterThan(0);
    expect(row.priced).toBe(true);
    expect(row.ttftMs).not.toBeNull();
    expect(row.latencyMs).toBeGreaterThanOrEqual(row.ttftMs!);
  });

  it('a call without reported usage is estimated and marked so', async () => {
    gw.openai.enqueue({ text: 'no usage here', omitUsage: true });
    await oa.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'estimate me please' }] });
    gw.flush();
    const row = recentRequests(gw.app.db, { limit: 1 })[0]!;
    expect(row.usageEstimated).toBe(true);
    expect(row.inputTokens).toBeGreaterThan(0);
  });
});
