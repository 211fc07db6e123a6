import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';

let oai: FakeServer;
let ant: FakeServer;
let openai: OpenAI;
let anthropic: Anthropic;
const MODEL = 'claude-sonnet-5-5';
const msgs = [{ role: 'user' as const, content: 'one two three four five six seven eight' }];

beforeAll(async () => {
  oai = await startFakeOpenAI();
  ant = await startFakeAnthropic();
  openai = new OpenAI({ baseURL: oai.url, apiKey: 'sk-any', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: ant.url, apiKey: 'sk-ant-any', maxRetries: 0 });
});
afterAll(async () => {
  await Promise.all([oai.close(), ant.close()]);
});
beforeEach(() => {
  for (const f of [oai, ant]) {
    f.reset();
    f.setBehaviour({});
  }
});

async function drainOpenAI(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
  return text;
}

const anthropicFetch = (body: unknown, init: RequestInit = {}) =>
  fetch(`${ant.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
const openaiFetch = (body: unknown, init: RequestInit = {}) =>
  fetch(`${oai.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });

describe('mid-stream faults surface as SDK errors', () => {
  it('OpenAI: cutAfterChunks destroys the socket → the SDK stream throws; recorded as server reset, not abort', async () => {
    oai.setBehaviour({ cutAfterChunks: 2 });
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs, stream: true });
    await expect(drainOpenAI(stream)).rejects.toThrow();
    const rec = oai.requests[0]!;
    expect(rec).toMatchObject({ serverReset: true, aborted: false, chunksSent: 2 });
  });

  it('Anthropic: cutAfterChunks → finalMessage rejects', async () => {
    ant.setBehaviour({ cutAfterChunks: 1 });
    await expect(anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs }).finalMessage()).rejects.toThrow();
    expect(ant.requests[0]!.serverReset).toBe(true);
  });

  it('resetBeforeHeaders → APIConnectionError; resetAfterHeaders → body read fails', async () => {
    oai.setBehaviour({ resetBeforeHeaders: true });
    await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: msgs })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    ant.setBehaviour({ resetBeforeHeaders: true });
    await expect(anthropic.messages.create({ model: MODEL, max_tokens: 10, messages: msgs })).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
    ant.setBehaviour({ resetAfterHeaders: true });
    const res = await anthropicFetch({ model: MODEL, max_tokens: 10, messages: msgs, stream: true });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('truncatedSse: clean EOF without terminal events (Anthropic SDK rejects; OpenAI has no [DONE])', async () => {
    ant.setBehaviour({ truncatedSse: true });
    await expect(anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs }).finalMessage()).rejects.toThrow();
    const raw = await (await anthropicFetch({ model: MODEL, max_tokens: 100, messages: msgs, stream: true })).text();
    expect(raw).toContain('content_block_delta');
    expect(raw).not.toContain('message_stop');
    expect(raw).not.toContain('message_delta');
    oai.setBehaviour({ truncatedSse: true });
    const rawO = await (await openaiFetch({ model: 'gpt-4o', messages: msgs, stream: true, stream_options: { include_usage: true } })).text();
    expect(rawO).toContain('"content":"Echo:"');
    expect(rawO).not.toContain('[DONE]');
    expect(rawO).not.toContain('finish_reason":"stop"');
    expect(oai.requests.at(-1)!.serverReset).toBe(false);
  });

  it('malformedSse / malformedJson → SDK parse errors', async () => {
    oai.setBehaviour({ malformedSse: true });
    const s = await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs, stream: true });
    await expect(drainOpenAI(s)).rejects.toThrow(/malformed|JSON/i);
    ant.setBehaviour({ malformedSse: true });
    await expect(anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs }).finalMessage()).rejects.toThrow();
    oai.setBehaviour({ malformedJson: true });
    const res = await openaiFetch({ model: 'gpt-4o', messages: msgs });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toThrow();
    await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: msgs })).rejects.toThrow();
  });

  it('streamErrorAfterChunks → in-stream error events become APIErrors', async () => {
    oai.setBehaviour({ streamErrorAfterChunks: 1 });
    const s = await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs, stream: true });
    await expect(drainOpenAI(s)).rejects.toBeInstanceOf(OpenAI.APIError);
    ant.setBehaviour({ streamErrorAfterChunks: 2 });
    const err = await anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs }).finalMessage().catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});

describe('abort tracking', () => {
  it('OpenAI: client aborts mid-stream → aborted=true, abortedAt set, generation stops', async () => {
    oai.setBehaviour({ text: 'a b c d e f g h i j k l m n o p', tokensPerSec: 100 });
    const ac = new AbortController();
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs, stream: true }, { signal: ac.signal });
    let n = 0;
    for await (const c of stream) {
      if (c.choices[0]?.delta.content) n++;
      if (n === 3) {
        expect(oai.activeStreams).toBe(1);
        ac.abort();
      }
    }
    await oai.waitFor((s) => s.requests[0]!.aborted);
    const rec = oai.requests[0]!;
    expect(rec.abortedAt).toBeGreaterThanOrEqual(rec.startedAt);
    expect(rec.serverReset).toBe(false);
    const sentAtAbort = rec.chunksSent;
    expect(sentAtAbort).toBeLessThan(16);
    await new Promise((r) => setTimeout(r, 60));
    expect(rec.chunksSent).toBe(sentAtAbort);
    await oai.waitFor((s) => s.activeStreams === 0);
  });

  it('Anthropic: stream.abort() → aborted=true', async () => {
    ant.setBehaviour({ tokens: 20, text: 'x'.repeat(40), tokensPerSec: 100 });
    const stream = anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs });
    stream.on('text', () => stream.abort());
    await expect(stream.finalMessage()).rejects.toThrow();
    await ant.waitFor((s) => s.requests[0]?.aborted === true);
    expect(ant.requests[0]!.chunksSent).toBeLessThan(20);
    await ant.waitFor((s) => s.activeStreams === 0);
  });

  it('non-stream: client gives up during ttft → aborted=true and no response is written', async () => {
    oai.setBehaviour({ ttftMs: 2_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: msgs }, { signal: ac.signal })).rejects.toThrow();
    await oai.waitFor((s) => s.requests[0]!.aborted);
    expect(oai.requests[0]!.status).toBeUndefined();
  });

  it('a completed request is not marked aborted', async () => {
    await drainOpenAI(await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs, stream: true }));
    await oai.waitFor((s) => s.requests[0]!.endedAt !== undefined);
    expect(oai.requests[0]!.aborted).toBe(false);
    expect(oai.activeStreams).toBe(0);
  });
});

describe('pacing and scripting', () => {
  it('ttftMs, tokensPerSec and stallAfterChunks shape the timeline', async () => {
    ant.setBehaviour({ text: 'a b c d e', ttftMs: 80, tokensPerSec: 50, stallAfterChunks: { after: 2, ms: 60 } });
    const t0 = Date.now();
    const stamps: number[] = [];
    const stream = anthropic.messages.stream({ model: MODEL, max_tokens: 100, messages: msgs });
    stream.on('text', () => stamps.push(Date.now() - t0));
    await stream.finalMessage();
    expect(stamps).toHaveLength(5);
    expect(stamps[0]).toBeGreaterThanOrEqual(75);
    // 4 gaps of 20 ms + a 60 ms stall
    expect(stamps[4]! - stamps[0]!).toBeGreaterThanOrEqual(130);
    expect(stamps[2]! - stamps[1]!).toBeGreaterThanOrEqual(70);
  });

  it('headerDelayMs delays the status line; non-stream ttft delays the whole reply', async () => {
    oai.setBehaviour({ headerDelayMs: 60 });
    let t0 = Date.now();
    await openaiFetch({ model: 'gpt-4o', messages: msgs, stream: true }).then((r) => r.body?.cancel());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    oai.setBehaviour({ ttftMs: 60 });
    t0 = Date.now();
    await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('queue beats byModel beats default; setBehaviour per model', async () => {
    const fake = await startFakeOpenAI({ behaviour: { text: 'default' }, byModel: { special: { text: 'special' } } });
    try {
      const c = new OpenAI({ baseURL: fake.url, apiKey: 'x', maxRetries: 0 });
      const ask = async (model: string) => (await c.chat.completions.create({ model, messages: msgs })).choices[0]!.message.content;
      fake.enqueue({ text: 'queued-1' }, { text: 'queued-2' });
      expect(await ask('special')).toBe('queued-1');
      expect(await ask('gpt-4o')).toBe('queued-2');
      expect(await ask('special')).toBe('special');
      expect(await ask('gpt-4o')).toBe('default');
      fake.setBehaviour({ text: 'changed' }, 'gpt-4o');
      expect(await ask('gpt-4o')).toBe('changed');
      expect(fake.chatRequests().map((r) => r.behaviour?.text)).toEqual(['queued-1', 'queued-2', 'special', 'default', 'changed']);
    } finally {
      await fake.close();
    }
  });

  it('omitUsage and stopReason overrides', async () => {
    oai.setBehaviour({ omitUsage: true, stopReason: 'content_filter' });
    const res = await openai.chat.completions.create({ model: 'gpt-4o', messages: msgs });
    expect(res.usage).toBeUndefined();
    expect(res.choices[0]!.finish_reason).toBe('content_filter');
    const raw = await (await openaiFetch({ model: 'gpt-4o', messages: msgs, stream: true, stream_options: { include_usage: true } })).text();
    expect(raw).not.toContain('"prompt_tokens"');
    expect(raw).toContain('[DONE]');
    ant.setBehaviour({ stopReason: 'refusal' });
    const m = await anthropic.messages.create({ model: MODEL, max_tokens: 10, messages: msgs });
    expect(m.stop_reason).toBe('refusal');
  });

  it('rejectUnknownModels → provider-shaped 404s', async () => {
    const [o, a] = await Promise.all([startFakeOpenAI({ rejectUnknownModels: true }), startFakeAnthropic({ rejectUnknownModels: true })]);
    try {
      const e1 = await new OpenAI({ baseURL: o.url, apiKey: 'x', maxRetries: 0 }).chat.completions
        .create({ model: 'gpt-nope', messages: msgs })
        .catch((e) => e);
      expect(e1).toBeInstanceOf(OpenAI.NotFoundError);
      expect(e1.code).toBe('model_not_found');
      const e2 = await new Anthropic({ baseURL: a.url, apiKey: 'x', maxRetries: 0 }).messages
        .create({ model: 'claude-nope', max_tokens: 5, messages: msgs })
        .catch((e) => e);
      expect(e2).toBeInstanceOf(Anthropic.NotFoundError);
      expect(e2.error.error.type).toBe('not_found_error');
    } finally {
      await Promise.all([o.close(), a.close()]);
    }
  });

  it('close() destroys open streams promptly', async () => {
    const fake = await startFakeAnthropic({ behaviour: { stallBeforeFirstByteMs: 60_000 } });
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: msgs, stream: true }),
    });
    expect(fake.activeStreams).toBe(1);
    const t0 = Date.now();
    const body = res.text();
    await fake.close();
    await expect(body).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

describe('serve.ts CLI', () => {
  it('prints both URLs as one JSON line and serves them', async () => {
    const child = spawn(process.execPath, ['bin/tsx-run.mjs', 'test/fakes/serve.ts', '--openai-port', '0', '--anthropic-port', '0', '--key', 'sk-test-cli'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const info = JSON.parse(line);
      expect(info.openai).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(info.anthropic).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const o = new OpenAI({ baseURL: info.openai, apiKey: 'sk-test-cli', maxRetries: 0 });
      expect((await o.chat.completions.create({ model: 'gpt-4o', messages: msgs })).choices[0]!.message.content).toMatch(/^Echo: /);
      const a = new Anthropic({ baseURL: info.anthropic, apiKey: 'sk-test-cli', maxRetries: 0 });
      expect((await a.models.list()).data.length).toBeGreaterThan(0);
      await expect(new Anthropic({ baseURL: info.anthropic, apiKey: 'wrong', maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(
        Anthropic.AuthenticationError,
      );
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 20_000);
});
