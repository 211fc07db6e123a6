import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { behave, chainOf, chat, clients, closedPort, logged, messages, resetGateway, setRoutes, sseSummary } from './helpers';

/** Every fallback trigger, through a real gateway to the provider fakes. */
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => {
  resetGateway(gw);
  setRoutes(gw, {
    smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'], firstByteTimeoutMs: 200, idleTimeoutMs: 200 },
  });
});

describe('fallback triggers (non-stream, OpenAI SDK)', () => {
  const cases = [
    { name: '429', b: { status: 429, retryAfter: null }, reason: 'rate_limited', status: 429 },
    { name: '500', b: { status: 500 }, reason: 'server_error', status: 500 },
    { name: '503', b: { status: 503 }, reason: 'server_error', status: 503 },
    { name: '408', b: { status: 408 }, reason: 'timeout', status: 408 },
    { name: 'first-byte timeout', b: { stallBeforeFirstByteMs: 2_000 }, reason: 'first_byte_timeout', status: 504 },
    { name: 'connection reset before headers', b: { resetBeforeHeaders: true }, reason: 'connection_error', status: 502 },
    { name: 'connection reset after headers', b: { resetAfterHeaders: true }, reason: 'connection_error', status: 502 },
    { name: 'malformed JSON', b: { malformedJson: true }, reason: 'malformed', status: 502 },
  ] as const;

  it.each(cases)('$name on the first target → the second answers', async ({ b, reason, status }) => {
    behave(gw, 'gpt-4o', b);
    behave(gw, 'claude-sonnet-4-6', { text: 'from claude' });
    const { oa } = clients(gw);
    const t0 = performance.now();
    const { data, response } = await oa.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(performance.now() - t0).toBeLessThan(1_500);
    expect(data.choices[0]!.message.content).toBe('from claude');
    expect(response.headers.get('x-switchboard-route')).toBe('smart');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(response.headers.get('x-switchboard-route-reason')).toContain('fallback: target 2 of 2');
    const row = await logged(gw, response.headers.get('x-switchboard-request-id')!);
    expect(row.route).toBe('smart');
    expect(row.requestedModel).toBe('smart');
    expect(row.servedModel).toBe('claude-sonnet-4-6');
    expect(chainOf(row)).toEqual([
      ['error', 'openai/gpt-4o', reason],
      ['ok', 'anthropic/claude-sonnet-4-6', null],
    ]);
    expect(row.attempts[0]!.status).toBe(status);
    expect(row.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a refused port (nothing listening) → the next target', async () => {
    const port = await closedPort();
    gw.app.settings.update((s) => {
      s.providers.deadend = { baseUrl: `http://127.0.0.1:${port}/v1`, custom: { format: 'openai', needsKey: false }, discount: 1 };
    });
    setRoutes(gw, { refused: { strategy: 'fallback', targets: ['deadend/some-model', 'openai/gpt-4o-mini'] } });
    const r = await chat(gw, 'refused');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchboard-model')).toBe('gpt-4o-mini');
    const row = await logged(gw, r.id);
    expect(chainOf(row)).toEqual([
      ['error', 'deadend/some-model', 'connection_error'],
      ['ok', 'openai/gpt-4o-mini', null],
    ]);
    expect(row.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('context window exceeded → skips targets no larger, prefers a larger-context model', async () => {
    setRoutes(gw, { long: { strategy: 'fallback', targets: ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-6', 'openai/gpt-4.1'] } });
    behave(gw, 'gpt-4o', {
      status: 400,
      errorCode: 'context_length_exceeded',
      errorMessage: "This model's maximum context length is 128000 tokens. However, your messages resulted in 190000 tokens.",
    });
    const r = await chat(gw, 'long');
    expect(r.status).toBe(200);
    const row = await logged(gw, r.id);
    // gpt-4o-mini (128k) can't be larger: skipped. Both remaining are larger (1M), tried in the route's order.
    expect(chainOf(row)).toEqual([
      ['error', 'openai/gpt-4o', 'context_exceeded'],
      ['skipped', 'openai/gpt-4o-mini', 'context_too_small'],
      ['ok', 'anthropic/claude-sonnet-4-6', null],
    ]);
    expect(gw.openai.chatRequests().filter((q) => q.model === 'gpt-4o-mini')).toHaveLength(0);
  });

  it('a 400 that is not about context is the client\'s error: no fallback, passed through', async () => {
    behave(gw, 'gpt-4o', { status: 400, errorMessage: 'Invalid value for temperature' });
    const r = await chat(gw, 'smart');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Invalid value for temperature');
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
  });
});

describe('streams', () => {
  it('a stream failing before its first byte falls back, and the client sees one clean stream', async () => {
    behave(gw, 'gpt-4o', { resetAfterHeaders: true });
    behave(gw, 'claude-sonnet-4-6', { text: 'clean stream here' });
    const { oa } = clients(gw);
    const stream = await oa.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    expect(text).toBe('clean stream here');
    expect(gw.openai.chatRequests()).toHaveLength(1);
  });

  it('a stream stalling before first content (first-byte timeout) falls back', async () => {
    behave(gw, 'gpt-4o', { stallBeforeFirstByteMs: 3_000 });
    const r = await chat(gw, 'smart', { stream: true });
    expect(r.status).toBe(200);
    expect(sseSummary(r.text).done).toBe(true);
    const row = await logged(gw, r.id);
    expect(chainOf(row)[0]).toEqual(['error', 'openai/gpt-4o', 'first_byte_timeout']);
    expect(chainOf(row)[1]![0]).toBe('ok');
  });

  it('a stream cut after bytes reached the client ends with an error event; no switch', async () => {
    behave(gw, 'gpt-4o', { text: 'one two three four five', cutAfterChunks: 2 });
    const r = await chat(gw, 'smart', { stream: true });
    expect(r.status).toBe(200);
    const s = sseSummary(r.text);
    expect(s.content).toBe('one two');
    expect(s.error).toBeTruthy();
    expect(s.done).toBe(false);
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
    const row = await logged(gw, r.id);
    expect(row.partial).toBe(true);
    expect(chainOf(row)).toEqual([['error', 'openai/gpt-4o', 'stream_cut']]);
  });

  it('a stream stalling after content (idle timeout) ends with an error event; no switch', async () => {
    behave(gw, 'gpt-4o', { text: 'alpha beta gamma', stallAfterChunks: { after: 1, ms: 3_000 } });
    const t0 = performance.now();
    const r = await chat(gw, 'smart', { stream: true });
    expect(performance.now() - t0).toBeLessThan(1_500);
    const s = sseSummary(r.text);
    expect(s.content).toBe('alpha');
    expect(s.error.message).toMatch(/stalled/);
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
    await gw.openai.waitFor((f) => f.chatRequests()[0]!.aborted);
  });

  it('Anthropic client, Anthropic stream failing with 529 before content → OpenAI target, translated', async () => {
    setRoutes(gw, { claude_first: { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6', 'openai/gpt-4o'] } });
    behave(gw, 'claude-sonnet-4-6', { status: 529 });
    behave(gw, 'gpt-4o', { text: 'from gpt' });
    const { an } = clients(gw);
    const stream = an.messages.stream({ model: 'route/claude_first', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]!.type === 'text' && final.content[0]!.text).toBe('from gpt');
  });
});

describe('key failures', () => {
  it('401 from the first target is not a reason to move traffic to another provider', async () => {
    behave(gw, 'gpt-4o', { status: 401 });
    const r = await chat(gw, 'smart');
    expect(r.status).toBe(401);
    expect(r.json.error.type).toBe('invalid_request_error'); // OpenAI's own 401 body, passed through
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
    const row = await logged(gw, r.id);
    expect(chainOf(row)).toEqual([['error', 'openai/gpt-4o', 'key_failure']]);
  });

  it('403 with fallbackOnAuthError: true moves on', async () => {
    setRoutes(gw, { lenient: { strategy: 'fallback', fallbackOnAuthError: true, targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'] } });
    behave(gw, 'gpt-4o', { status: 403 });
    const r = await messages(gw, 'lenient');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchboard-provider')).toBe('anthropic');
    const row = await logged(gw, r.id);
    expect(chainOf(row).map((c) => c[2])).toEqual(['key_failure', null]);
  });
});
