import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeServer } from '../fakes/anthropic';

const KEY = 'sk-ant-test-0123456789abcdef';
const MODEL = 'claude-sonnet-5-5';
let fake: FakeServer;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
  client = new Anthropic({ baseURL: fake.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setBehaviour({});
});

const user = (text: string) => [{ role: 'user' as const, content: text }];

describe('fake Anthropic via the official SDK', () => {
  it('messages.create non-stream, with request-id and usage', async () => {
    const { data: msg, response } = await client.messages
      .create({ model: MODEL, max_tokens: 100, system: 'sys', messages: user('hello there') })
      .withResponse();
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Echo: hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: Math.ceil('syshello there'.length / 4), output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(msg.id).toMatch(/^msg_01/);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('request-id')).toMatch(/^req_011C/);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('4000');
    const rec = fake.requests[0]!;
    // SDK 1.x sends Bearer auth and the 2026-10-21 version header.
    expect(rec.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(rec.headers['anthropic-version']).toBeTruthy();
  });

  it('messages.stream(...).finalMessage() with text; raw event order', async () => {
    fake.setBehaviour({ text: 'alpha beta gamma', usage: { input: 11, cacheRead: 5, cacheWrite: 2 } });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 100, messages: user('q') });
    const events: string[] = [];
    stream.on('streamEvent', (e) => events.push(e.type));
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'alpha beta gamma' }]);
    expect(texts).toEqual(['alpha', ' beta', ' gamma']);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ input_tokens: 11, output_tokens: 3, cache_read_input_tokens: 5, cache_creation_input_tokens: 2 });
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('raw SSE framing: event/data lines, ping after the first content_block_start, message_start usage', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 50, stream: true, messages: user('hi') }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const raw = await res.text();
    const frames = raw.split('\n\n').filter(Boolean);
    const names = frames.map((f) => /^event: (\S+)\ndata: /.exec(f)?.[1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.at(-1)).toBe('message_stop');
    const start = JSON.parse(frames[0]!.split('data: ')[1]!);
    expect(start.message).toMatchObject({ type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null });
    expect(start.message.usage).toMatchObject({ input_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 });
    const delta = JSON.parse(frames.at(-2)!.split('data: ')[1]!);
    expect(delta).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } });
    // message_delta usage is cumulative: input figures repeat message_start's.
    expect(delta.usage.input_tokens).toBe(start.message.usage.input_tokens);
  });

  it('tool_use: the SDK parses input from input_json_delta; stop_reason tool_use', async () => {
    fake.setBehaviour({
      text: 'Let me check.',
      toolCalls: [
        { name: 'get_weather', arguments: { location: 'San Francisco, CA', unit: 'celsius' } },
        { name: 'get_time', arguments: { tz: 'America/Los_Angeles' } },
      ],
    });
    const params = {
      model: MODEL,
      max_tokens: 200,
      messages: user('weather?'),
      tools: [
        { name: 'get_weather', input_schema: { type: 'object' as const } },
        { name: 'get_time', input_schema: { type: 'object' as const } },
      ],
    };
    const final = await client.messages.stream(params).finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toEqual({ type: 'text', text: 'Let me check.' });
    const tools = final.content.filter((b) => b.type === 'tool_use');
    expect(tools).toHaveLength(2);
    expect(tools[0]).toMatchObject({ name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'celsius' } });
    expect(tools[0]!.id).toMatch(/^toolu_01/);
    expect(tools[1]).toMatchObject({ name: 'get_time', input: { tz: 'America/Los_Angeles' } });
    const nonStream = await client.messages.create(params);
    expect(nonStream.content.map((b) => b.type)).toEqual(['text', 'tool_use', 'tool_use']);
    expect(nonStream.stop_reason).toBe('tool_use');
  });

  it('thinking blocks (thinking_delta + signature_delta) only when the request enables thinking', async () => {
    fake.setBehaviour({ thinking: 'Step one. Step two.', text: 'Answer.' });
    const params = { model: MODEL, max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: user('q') };
    const stream = client.messages.stream(params);
    const thinkingDeltas: string[] = [];
    stream.on('thinking', (d) => thinkingDeltas.push(d));
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'Step one. Step two.' });
    expect((final.content[0] as Anthropic.ThinkingBlock).signature.length).toBeGreaterThan(20);
    expect(final.content[1]).toEqual({ type: 'text', text: 'Answer.' });
    expect(thinkingDeltas.join('')).toBe('Step one. Step two.');
    expect(final.usage.output_tokens).toBe(4 + 1);
    expect(final.usage.output_tokens_details).toEqual({ thinking_tokens: 4 });
    // display: 'omitted' → empty thinking text, signature only.
    const omitted = await client.messages.create({ ...params, thinking: { type: 'adaptive', display: 'omitted' } });
    expect(omitted.content[0]).toMatchObject({ type: 'thinking', thinking: '', signature: expect.any(String) });
    const created = await client.messages.create(params);
    expect(created.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const plain = await client.messages.create({ model: MODEL, max_tokens: 100, messages: user('q') });
    expect(plain.content.map((b) => b.type)).toEqual(['text']);
  });

  it('429 → RateLimitError (retry-after, error body with request_id); 529 → overloaded', async () => {
    fake.enqueue({ status: 429 }, { status: 529 });
    const e1 = await client.messages.create({ model: MODEL, max_tokens: 10, messages: user('q') }).catch((e) => e);
    expect(e1).toBeInstanceOf(Anthropic.RateLimitError);
    expect(e1.headers.get('retry-after')).toBe('1');
    expect(e1.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' }, request_id: expect.stringMatching(/^req_/) });
    expect(e1.requestID).toBe(e1.error.request_id);
    const e2 = await client.messages.create({ model: MODEL, max_tokens: 10, messages: user('q') }).catch((e) => e);
    expect(e2).toBeInstanceOf(Anthropic.APIError);
    expect(e2.status).toBe(529);
    expect(e2.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('401 → AuthenticationError (Bearer and x-api-key both checked)', async () => {
    const bad = new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-wrong', maxRetries: 0 });
    const err = await bad.messages.create({ model: MODEL, max_tokens: 10, messages: user('q') }).catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const viaHeader = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, messages: user('q') }),
    });
    expect(viaHeader.status).toBe(200);
    const wrongHeader = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' },
      body: '{}',
    });
    expect(wrongHeader.status).toBe(401);
    expect(wrongHeader.headers.get('request-id')).toMatch(/^req_/);
  });

  it('anthropic-version header is required; body validation', async () => {
    const noVersion = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, messages: user('q') }),
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('anthropic-version') } });
    const e = await client.messages.create({ model: MODEL, messages: user('q') } as never).catch((err) => err);
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    expect(e.error.error.message).toBe('max_tokens: Field required');
  });

  it('models list (paginated) and count_tokens', async () => {
    const page = await client.models.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.data[0]).toEqual({ type: 'model', id: expect.any(String), display_name: expect.any(String), created_at: expect.any(String) });
    const all: string[] = [];
    for await (const m of client.models.list({ limit: 2 })) all.push(m.id);
    expect(all).toContain(MODEL);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const raw = await (await fetch(`${fake.url}/v1/models`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } })).json();
    expect(raw).toMatchObject({ has_more: false, first_id: all[0], last_id: all.at(-1) });
    const count = await client.messages.countTokens({ model: MODEL, messages: user('12345678') });
    expect(count.input_tokens).toBe(2);
  });
});
