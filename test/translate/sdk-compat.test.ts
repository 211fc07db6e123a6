/**
 * The strongest check that what we emit is right: the official SDKs parse it.
 * A loopback server replays our translated bytes; the SDKs talk to it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnthropicToOpenAIStream,
  OpenAIToAnthropicStream,
  anthropicErrorToOpenAI,
  anthropicToOpenaiResponse,
  openaiErrorToAnthropic,
  openaiToAnthropicResponse,
} from '../../electron/translate';
import { anthropicToolStream, chunk, openaiToolStream } from './fixtures';

interface Reply { status: number; contentType: string; body: string }
let next: Reply = { status: 500, contentType: 'text/plain', body: 'unset' };
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, { 'content-type': next.contentType });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const anthropic = () => new Anthropic({ baseURL: base, apiKey: 'x', maxRetries: 0 });
const openai = () => new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });

const sse = (body: string): Reply => ({ status: 200, contentType: 'text/event-stream', body });
const json = (body: unknown, status = 200): Reply => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

function translateOpenAIStream(): string {
  const t = new OpenAIToAnthropicStream({ requestedModel: 'my-alias' });
  return openaiToolStream().map((c) => t.push(c)).join('') + t.finish();
}

function translateAnthropicStream(includeUsage: boolean): string {
  const t = new AnthropicToOpenAIStream({ requestedModel: 'my-alias', includeUsage });
  return anthropicToolStream().map((e) => t.push(e)).join('') + t.finish();
}

describe('@anthropic-ai/sdk accepts OpenAIToAnthropicStream output', () => {
  it('messages.stream().finalMessage() assembles thinking, text, and parallel tool calls', async () => {
    next = sse(translateOpenAIStream());
    const stream = anthropic().messages.stream({ model: 'my-alias', max_tokens: 100, messages: [{ role: 'user', content: 'weather?' }] });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const msg = await stream.finalMessage();
    expect(texts.join('')).toBe('Checking both.');
    expect(msg.id).toBe('msg_chatcmpl-abc123');
    expect(msg.model).toBe('my-alias');
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'Two cities, two calls.', signature: '' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_A', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_B', name: 'weather', input: { city: 'Rome' } },
    ]);
    expect(msg.usage).toMatchObject({ input_tokens: 200, output_tokens: 87, cache_read_input_tokens: 1000 });
  });

  it('assembles tool calls whose argument fragments an upstream interleaves', async () => {
    const t = new OpenAIToAnthropicStream({ requestedModel: 'm' });
    next = sse([
      chunk({ tool_calls: [{ index: 0, id: 'c0', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'c1', type: 'function', function: { name: 'g', arguments: '{"b":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
      chunk({}, 'tool_calls'),
    ].map((c) => t.push(c)).join('') + t.finish());
    const msg = await anthropic().messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(msg.content).toEqual([
      { type: 'tool_use', id: 'c0', name: 'f', input: { a: 1 } },
      { type: 'tool_use', id: 'c1', name: 'g', input: { b: 2 } },
    ]);
  });

  it('raw create({stream:true}) yields the events in order', async () => {
    next = sse(translateOpenAIStream());
    const stream = await anthropic().messages.create({ model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });
    const types: string[] = [];
    for await (const ev of stream) types.push(ev.type);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types.filter((t) => t === 'content_block_start')).toHaveLength(4);
  });

  it('surfaces a translated in-stream error as an APIError', async () => {
    const t = new OpenAIToAnthropicStream({ requestedModel: 'm' });
    const body = t.push(chunk({ content: 'par' })) + t.push({ error: { message: 'upstream died', type: 'server_error' } } as never);
    next = sse(body);
    const stream = anthropic().messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await expect(stream.finalMessage()).rejects.toMatchObject({ message: expect.stringContaining('upstream died') });
  });

  it('messages.create() accepts openaiToAnthropicResponse output', async () => {
    next = json(openaiToAnthropicResponse({
      id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-x',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: {
        role: 'assistant', content: 'ok', reasoning_content: 'r',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      } }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 } },
    }, 'alias'));
    const msg = await anthropic().messages.create({ model: 'alias', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(msg.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(msg.usage).toMatchObject({ input_tokens: 6, cache_read_input_tokens: 4, output_tokens: 2 });
  });

  it('turns an openaiErrorToAnthropic body into the right SDK error class', async () => {
    next = json(openaiErrorToAnthropic({ error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, 429), 429);
    const err = await anthropic().messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.RateLimitError>).message).toContain('slow down');
  });
});

describe('openai SDK accepts AnthropicToOpenAIStream output', () => {
  it('create({stream:true}) iterates every chunk and ends with the usage chunk', async () => {
    next = sse(translateAnthropicStream(true));
    const stream = await openai().chat.completions.create({
      model: 'my-alias', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'weather?' }],
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 1225, completion_tokens: 87, prompt_tokens_details: { cached_tokens: 1000 } });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe('Checking both.');
  });

  it('chat.completions.stream().finalChatCompletion() assembles parallel tool calls by index', async () => {
    next = sse(translateAnthropicStream(true));
    const stream = openai().chat.completions.stream({ model: 'my-alias', messages: [{ role: 'user', content: 'weather?' }] });
    const done = await stream.finalChatCompletion();
    const choice = done.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Checking both.');
    expect(choice.message.tool_calls).toEqual([
      { id: 'toolu_A', type: 'function', function: { name: 'weather', arguments: '{"city": "Paris"}' } },
      { id: 'toolu_B', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
    ]);
    expect(done.usage?.total_tokens).toBe(1312);
  });

  it('surfaces a translated in-stream error as an APIError', async () => {
    const t = new AnthropicToOpenAIStream({ requestedModel: 'm', includeUsage: false });
    const [start] = anthropicToolStream();
    next = sse(t.push(start!) + t.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const stream = await openai().chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const consume = async () => {
      for await (const _ of stream) void _;
    };
    await expect(consume()).rejects.toMatchObject({ message: expect.stringContaining('Overloaded') });
  });

  it('create() accepts anthropicToOpenaiResponse output', async () => {
    next = json(anthropicToOpenaiResponse({
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', stop_reason: 'end_turn', stop_sequence: null,
      content: [{ type: 'text', text: 'Hello' }], usage: { input_tokens: 3, output_tokens: 1, cache_read_input_tokens: 7 },
    }, 'alias'));
    const res = await openai().chat.completions.create({ model: 'alias', messages: [{ role: 'user', content: 'x' }] });
    expect(res.choices[0]!.message.content).toBe('Hello');
    expect(res.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 });
  });

  it('turns an anthropicErrorToOpenAI body into the right SDK error class', async () => {
    next = json(anthropicErrorToOpenAI({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, 401), 401);
    const err = await openai().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });
});
