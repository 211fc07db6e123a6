import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { behave, chainOf, chat, clients, logged, messages, resetGateway, setRoutes, sseSummary } from './helpers';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => resetGateway(gw));

describe('route lookup', () => {
  it('a route is called by its name or as route/NAME; a route wins over a model of the same name', async () => {
    setRoutes(gw, {
      fast: { strategy: 'fallback', targets: ['anthropic/claude-haiku-4-5'] },
      'gpt-4o': { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6'] },
    });
    for (const name of ['fast', 'route/fast']) {
      const r = await chat(gw, name);
      expect(r.status).toBe(200);
      expect(r.headers.get('x-switchboard-route')).toBe('fast');
      expect(r.headers.get('x-switchboard-model')).toBe('claude-haiku-4-5');
    }
    const shadow = await chat(gw, 'gpt-4o');
    expect(shadow.headers.get('x-switchboard-provider')).toBe('anthropic');
    // provider/model still reaches the model itself, with no route.
    const direct = await chat(gw, 'openai/gpt-4o');
    expect(direct.headers.get('x-switchboard-provider')).toBe('openai');
    expect(direct.headers.get('x-switchboard-route')).toBeNull();
    expect(direct.headers.get('x-switchboard-attempts')).toBe('1');
  });

  it('route/NAME for a missing route is a 404 naming the routes; /v1/models lists routes', async () => {
    setRoutes(gw, { fast: { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] } });
    const r = await chat(gw, 'route/nope');
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/No route named 'nope'.*fast/);
    const { oa } = clients(gw);
    const models = await oa.models.list();
    expect(models.data.map((m) => m.id)).toContain('fast');
  });

  it('a direct model call keeps its upstream error as is (a 429 stays a 429, no 502)', async () => {
    behave(gw, 'gpt-4o', { status: 429, retryAfter: '7' });
    const r = await chat(gw, 'gpt-4o');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
  });

  it('route/NAME targets inline another route; a missing one is skipped with the reason', async () => {
    setRoutes(gw, {
      inner: { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] },
      outer: { strategy: 'fallback', targets: ['route/missing', 'route/inner'] },
    });
    const r = await chat(gw, 'outer');
    expect(r.status).toBe(200);
    const row = await logged(gw, r.id);
    expect(chainOf(row)).toEqual([
      ['skipped', 'route/route/missing', 'broken_route'],
      ['ok', 'openai/gpt-4o-mini', null],
    ]);
  });
});

describe('loadbalance', () => {
  it('spreads calls by weight', async () => {
    setRoutes(gw, { lb: { strategy: 'loadbalance', targets: [{ model: 'openai/gpt-4o', weight: 3 }, { model: 'anthropic/claude-sonnet-4-6', weight: 1 }] } });
    const served: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const r = await chat(gw, 'lb');
      expect(r.status).toBe(200);
      const p = r.headers.get('x-switchboard-provider')!;
      served[p] = (served[p] ?? 0) + 1;
      if (i === 0) expect(r.headers.get('x-switchboard-route-reason')).toMatch(/loadbalance: drew .* \(weight [31] of 4\)/);
    }
    expect(served.openai).toBeGreaterThan(served.anthropic!);
    expect(served.anthropic).toBeGreaterThan(0);
  });

  it('a failed draw falls through to the remaining targets', async () => {
    setRoutes(gw, { lb: { strategy: 'loadbalance', targets: [{ model: 'openai/gpt-4o', weight: 5 }, 'anthropic/claude-sonnet-4-6'] } });
    behave(gw, 'gpt-4o', { status: 503 });
    for (let i = 0; i < 10; i++) {
      const r = await chat(gw, 'lb');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-switchboard-provider')).toBe('anthropic');
    }
  });
});

describe('race', () => {
  it('non-stream: the first complete answer wins; the loser is aborted and its partial cost logged', async () => {
    setRoutes(gw, { duel: { strategy: 'race', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'] } });
    behave(gw, 'gpt-4o', { ttftMs: 2_000, text: 'slow' });
    behave(gw, 'claude-sonnet-4-6', { text: 'quick' });
    const t0 = performance.now();
    const r = await chat(gw, 'duel');
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(r.json.choices[0].message.content).toBe('quick');
    expect(r.headers.get('x-switchboard-attempts')).toBe('2');
    expect(r.headers.get('x-switchboard-route-reason')).toMatch(/race: anthropic\/claude-sonnet-4-6 won \(answer in \d+ ms\)/);
    await gw.openai.waitFor((f) => f.chatRequests()[0]?.aborted === true);
    const row = await logged(gw, r.id);
    const loser = row.attempts.find((a) => a.provider === 'openai')!;
    expect(loser.outcome).toBe('aborted');
    expect(loser.reason).toBe('lost_race');
    expect(loser.inputTokens).toBeGreaterThan(0);
    expect(loser.costUsd).toBeGreaterThan(0);
    expect(row.attempts.find((a) => a.provider === 'anthropic')!.outcome).toBe('ok');
  });

  it('stream: the first token wins; the loser mid-stream is aborted with its tokens so far', async () => {
    setRoutes(gw, { duel: { strategy: 'race', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'] } });
    behave(gw, 'gpt-4o', { text: 'openai words here', ttftMs: 5 });
    behave(gw, 'claude-sonnet-4-6', { text: 'claude answers slowly', ttftMs: 600 });
    const { an } = clients(gw);
    const { data: stream, response } = await an.messages
      .create({ model: 'duel', max_tokens: 50, messages: [{ role: 'user', content: 'go' }], stream: true })
      .withResponse();
    let text = '';
    for await (const ev of stream) if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
    expect(text).toBe('openai words here');
    await gw.anthropic.waitFor((f) => f.chatRequests()[0]?.aborted === true);
    const row = await logged(gw, response.headers.get('x-switchboard-request-id')!);
    expect(chainOf(row).sort()).toEqual([
      ['aborted', 'anthropic/claude-sonnet-4-6', 'lost_race'],
      ['ok', 'openai/gpt-4o', null],
    ]);
    // Anthropic reports input tokens in message_start, before the abort.
    expect(row.attempts.find((a) => a.outcome === 'aborted')!.inputTokens).toBeGreaterThan(0);
  });

  it('a failing leg does not end the race; when every leg fails the route fails', async () => {
    setRoutes(gw, { duel: { strategy: 'race', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'] } });
    behave(gw, 'gpt-4o', { status: 500 });
    behave(gw, 'claude-sonnet-4-6', { ttftMs: 150, text: 'survivor' });
    const ok = await chat(gw, 'duel');
    expect(ok.json.choices[0].message.content).toBe('survivor');
    behave(gw, 'claude-sonnet-4-6', { status: 500 });
    const bad = await chat(gw, 'duel');
    expect(bad.status).toBe(502);
  });
});

describe('auto', () => {
  it('a trivial prompt goes to the cheapest usable simple-tier model, and says why', async () => {
    setRoutes(gw, { auto: { strategy: 'auto' } });
    const r = await chat(gw, 'auto', { messages: [{ role: 'user', content: 'hi!' }] });
    expect(r.status).toBe(200);
    // gemini-2.5-flash has no key in the test gateway; of the rest gpt-4o-mini is cheapest.
    expect(r.headers.get('x-switchboard-model')).toBe('gpt-4o-mini');
    const reason = r.headers.get('x-switchboard-route-reason')!;
    expect(reason).toMatch(/^auto: score 0\.\d\d \(short plain prompt\) -> simple; openai\/gpt-4o-mini \(\$0\.15\/\$0\.6 per MTok\) cheapest of 3 usable/);
  });

  it('a long code task goes to the complex tier', async () => {
    setRoutes(gw, { auto: { strategy: 'auto' } });
    const code = Array.from({ length: 120 }, (_, i) => `function step${i}(input) {\n  const value = transform(input, ${i});\n  return value => value * ${i};\n}`).join('\n');
    const prompt = `Refactor this module step by step. Design a cleaner architecture, optimize the hot paths, handle the edge cases and explain the trade-offs.\n\n\`\`\`js\n${code}\n\`\`\`\n\nAlso review concurrency issues.`;
    const r = await chat(gw, 'auto', { messages: [{ role: 'user', content: prompt }] });
    expect(r.status).toBe(200);
    expect(['o3', 'gpt-5', 'claude-opus-4-6']).toContain(r.headers.get('x-switchboard-model'));
    expect(r.headers.get('x-switchboard-route-reason')).toMatch(/code, reasoning words\) -> complex; /);
  });

  it('a route can override tiers; a failing pick falls back to the next cheapest of the tier', async () => {
    setRoutes(gw, { cheap: { strategy: 'auto', tiers: { simple: ['anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini'] } } });
    behave(gw, 'gpt-4.1-mini', { status: 500 });
    const r = await messages(gw, 'cheap');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchboard-model')).toBe('claude-haiku-4-5');
    const row = await logged(gw, r.id);
    expect(chainOf(row)).toEqual([
      ['error', 'openai/gpt-4.1-mini', 'server_error'],
      ['ok', 'anthropic/claude-haiku-4-5', null],
    ]);
  });
});

describe('nesting', () => {
  it('a race inside a fallback, with settings inherited from the parent', async () => {
    setRoutes(gw, {
      nested: {
        strategy: 'fallback',
        firstByteTimeoutMs: 150,
        targets: [{ strategy: 'race', targets: ['openai/gpt-4o', 'openai/gpt-4.1'] }, 'anthropic/claude-sonnet-4-6'],
      },
    });
    behave(gw, 'gpt-4o', { stallBeforeFirstByteMs: 3_000 });
    behave(gw, 'gpt-4.1', { stallBeforeFirstByteMs: 3_000 });
    const t0 = performance.now();
    const r = await chat(gw, 'nested', { stream: true });
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(sseSummary(r.text).done).toBe(true);
    expect(r.headers.get('x-switchboard-provider')).toBe('anthropic');
    const row = await logged(gw, r.id);
    expect(chainOf(row).map((c) => c[0] + ':' + c[2])).toEqual(['error:first_byte_timeout', 'error:first_byte_timeout', 'ok:null']);
  });

  it('loadbalance of fallbacks; a target overriding its parent\'s timeout', async () => {
    setRoutes(gw, {
      deep: {
        strategy: 'loadbalance',
        firstByteTimeoutMs: 5_000,
        targets: [
          {
            strategy: 'fallback',
            targets: [{ model: 'openai/gpt-4o', firstByteTimeoutMs: 100 }, 'anthropic/claude-haiku-4-5'],
          },
        ],
      },
    });
    behave(gw, 'gpt-4o', { ttftMs: 1_000 });
    const t0 = performance.now();
    const r = await chat(gw, 'deep');
    expect(performance.now() - t0).toBeLessThan(800);
    expect(r.headers.get('x-switchboard-model')).toBe('claude-haiku-4-5');
  });
});
