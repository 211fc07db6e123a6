import { describe, expect, it } from 'vitest';
import { RouteSchema, formatIssues, type Route } from '../../shared/routes';
import { SettingsSchema, defaultSettings, formatSettingsIssues } from '../../shared/settings';
import { ProviderRegistry } from '../../electron/providers/registry';
import { chooseAuto, scoreRequest } from '../../electron/routing/auto';
import { CooldownTracker } from '../../electron/routing/cooldown';
import { modelFacts } from '../../electron/routing/models';
import { compileRoute, planRequest, type GroupNode, type ModelNode } from '../../electron/routing/plan';
import { RETRY_AFTER_CAP_MS, parseRetryAfter, retryDelay } from '../../electron/routing/retry';
import { streamText } from '../../electron/routing/executor';

const issues = (v: unknown) => {
  const r = RouteSchema.safeParse(v);
  return r.success ? [] : formatIssues(r.error);
};

describe('route schema', () => {
  it('accepts every strategy, nested', () => {
    expect(
      issues({
        strategy: 'fallback',
        retries: 1,
        targets: [
          'openai/gpt-4o',
          { model: 'claude-sonnet-4-6', firstByteTimeoutMs: 5000 },
          { strategy: 'race', targets: ['a', 'b'] },
          { strategy: 'loadbalance', targets: [{ model: 'x', weight: 2 }, 'y'] },
          { strategy: 'auto', tiers: { simple: ['gpt-4o-mini'] } },
          'route/other',
        ],
        cache: { enabled: true },
        cooldown: { failures: 2 },
        promptCaching: true,
      }),
    ).toEqual([]);
  });

  it('names the field at fault', () => {
    expect(issues({ strategy: 'fallback', targets: ['a', { model: 5 }] })).toEqual(['targets.1.model: Invalid input: expected string, received number']);
    expect(issues({ strategy: 'race', targets: ['a'] })).toEqual(['targets: a race needs at least two targets']);
    expect(issues({ strategy: 'fallback', targets: [{ strategy: 'race', targets: ['a', { model: 'b', weight: -1 }] }] })).toEqual([
      'targets.0.targets.1.weight: Too small: expected number to be >0',
    ]);
    expect(issues({ strategy: 'fallback', targets: ['a'], cahce: {} })).toEqual(['(route): Unrecognized key: "cahce"']);
    expect(issues({ strategy: 'roundrobin', targets: ['a'] })[0]).toMatch(/^strategy: /);
    expect(issues({ strategy: 'fallback', targets: [] })).toEqual(['targets: needs at least one target']);
    expect(issues({ strategy: 'fallback', targets: ['a'], retryOn: [200] })[0]).toMatch(/^retryOn\.0: /);
  });

  it('settings: routes are validated, auto tiers have defaults', () => {
    const s = defaultSettings();
    expect(s.routes).toEqual({});
    expect(s.auto.tiers.simple).toContain('gpt-4o-mini');
    expect(s.auto.tiers.standard).toContain('claude-sonnet-4-6');
    expect(s.auto.tiers.complex).toContain('o3');
    const bad = SettingsSchema.safeParse({ routes: { ok: { strategy: 'fallback', targets: [{}] } } });
    expect(bad.success).toBe(false);
    expect(formatSettingsIssues(bad.error!)).toContain('routes.ok.targets.0.model');
  });
});

describe('planner', () => {
  const routes: Record<string, Route> = {
    fast: { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] },
    'gpt-4o': { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6'] },
    loop: { strategy: 'fallback', targets: ['route/loop2'] },
    loop2: { strategy: 'fallback', targets: ['route/loop'] },
  };

  it('routes by name or route/ prefix; routes win over model names; anything else is direct', () => {
    expect(planRequest('fast', routes)).toMatchObject({ kind: 'route', name: 'fast' });
    expect(planRequest('route/fast', routes)).toMatchObject({ kind: 'route', name: 'fast' });
    expect(planRequest('gpt-4o', routes)).toMatchObject({ kind: 'route', name: 'gpt-4o' });
    expect(planRequest('openai/gpt-4o', routes)).toEqual({ kind: 'direct', model: 'openai/gpt-4o' });
    expect(() => planRequest('route/nope', routes)).toThrow(/No route named 'nope'/);
    // Prototype names are not routes.
    expect(planRequest('constructor', routes)).toEqual({ kind: 'direct', model: 'constructor' });
  });

  it('compiles once per settings snapshot', () => {
    const a = planRequest('fast', routes);
    const b = planRequest('fast', routes);
    expect(a.kind === 'route' && b.kind === 'route' && a.root === b.root).toBe(true);
  });

  it('inherits target settings from parents; a target\'s own win', () => {
    const root = compileRoute('x', {
      x: {
        strategy: 'fallback',
        retries: 2,
        firstByteTimeoutMs: 1000,
        retryOn: [429],
        targets: ['a', { model: 'b', retries: 0 }, { strategy: 'race', idleTimeoutMs: 50, targets: ['c', { model: 'd', firstByteTimeoutMs: 10 }] }],
      },
    }) as GroupNode;
    const [a, b, race] = root.children as [ModelNode, ModelNode, GroupNode];
    expect(a.settings).toMatchObject({ retries: 2, firstByteTimeoutMs: 1000 });
    expect([...a.settings.retryOn]).toEqual([429]);
    expect(b.settings.retries).toBe(0);
    const [c, d] = race.children as [ModelNode, ModelNode];
    expect(c.settings).toMatchObject({ retries: 2, firstByteTimeoutMs: 1000, idleTimeoutMs: 50 });
    expect(d.settings).toMatchObject({ firstByteTimeoutMs: 10, idleTimeoutMs: 50 });
    expect(compileRoute('x', { x: { strategy: 'fallback', targets: ['a'] } }).settings.retryOn.has(503)).toBe(true);
  });

  it('route/ targets inline; cycles become skipped nodes, not crashes', () => {
    const root = compileRoute('loop', routes) as GroupNode;
    const inner = root.children[0] as GroupNode;
    expect(inner.children[0]).toMatchObject({ kind: 'broken', why: 'route cycle loop -> loop2 -> loop' });
  });
});

describe('retry timing', () => {
  it('parses retry-after as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.25')).toBe(250);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it('exponential backoff with jitter, never below retry-after, null beyond the cap', () => {
    expect(retryDelay(0, 100, undefined, () => 0.5)).toBe(100);
    expect(retryDelay(3, 100, undefined, () => 0.5)).toBe(800);
    expect(retryDelay(3, 100, undefined, () => 0)).toBe(400);
    expect(retryDelay(3, 100, undefined, () => 0.999)).toBeLessThan(1200);
    expect(retryDelay(0, 100, '2', () => 0.5)).toBe(2000);
    expect(retryDelay(0, 100, String(RETRY_AFTER_CAP_MS / 1000 + 1))).toBeNull();
    expect(retryDelay(20, 1000, undefined, () => 0.5)).toBe(10_000); // capped backoff
  });
});

describe('cooldown tracker', () => {
  it('enters after N failures within the window, exits after the period', () => {
    let now = 1_000_000;
    const t = new CooldownTracker(null, () => now);
    const cfg = { failures: 3, windowMs: 1000, cooldownMs: 5000 };
    expect(t.recordFailure('p', 'm', cfg, 'e1')).toBe(false);
    now += 600;
    expect(t.recordFailure('p', 'm', cfg, 'e2')).toBe(false);
    now += 600; // the first failure left the window
    expect(t.recordFailure('p', 'm', cfg, 'e3')).toBe(false);
    expect(t.recordFailure('p', 'm', cfg, 'e4')).toBe(true);
    expect(t.remaining('p', 'm')).toBe(5000);
    expect(t.remaining('p', 'other')).toBe(0);
    expect(t.entries()).toMatchObject([{ provider: 'p', model: 'm', lastError: 'e4' }]);
    now += 5000;
    expect(t.remaining('p', 'm')).toBe(0);
    expect(t.entries()).toEqual([]);
    expect(t.recordFailure('p', 'm', cfg, 'e5')).toBe(false); // a clean slate
  });

  it('a success clears the failure count', () => {
    const t = new CooldownTracker();
    const cfg = { failures: 2, windowMs: 60_000, cooldownMs: 1000 };
    t.recordFailure('p', 'm', cfg, 'x');
    t.recordSuccess('p', 'm');
    expect(t.recordFailure('p', 'm', cfg, 'x')).toBe(false);
  });
});

describe('auto scoring', () => {
  const openaiBody = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'auto', messages: [{ role: 'user', content }], ...extra });

  it('trivial prompts are simple; code, maths, tools, images and long prompts raise the tier', () => {
    expect(scoreRequest('openai', openaiBody('hi')).tier).toBe('simple');
    expect(scoreRequest('openai', openaiBody('What is the capital of France?')).tier).toBe('simple');
    const code = '```python\ndef f(x):\n    return x * 2\n```\nRefactor this function and explain the trade-offs, step by step.';
    expect(scoreRequest('openai', openaiBody(code)).tier).not.toBe('simple');
    const proof = 'Prove the theorem: for every integer n, the sum \\sum_{k=1}^n k = n(n+1)/2. Then derive the integral of the polynomial and analyze its asymptotic behaviour step by step.';
    const maths = scoreRequest('openai', openaiBody(proof));
    expect(maths.signals).toContain('maths');
    expect(maths.tier).not.toBe('simple');
    const tools = scoreRequest('openai', openaiBody('weather?', { tools: Array.from({ length: 8 }, (_, i) => ({ type: 'function', function: { name: `t${i}` } })) }));
    expect(tools.signals).toContain('8 tools');
    const image = scoreRequest('anthropic', { messages: [{ role: 'user', content: [{ type: 'image', source: {} }, { type: 'text', text: 'what is this' }] }] });
    expect(image.signals).toContain('1 image/file');
    const long = scoreRequest('openai', openaiBody('lorem ipsum dolor sit amet '.repeat(6000)));
    expect(long.inputTokens).toBeGreaterThan(30_000);
    expect(long.tier).toBe('standard');
    expect(scoreRequest('anthropic', { messages: [{ role: 'user', content: 'hi' }], max_tokens: 32_000, thinking: { type: 'enabled', budget_tokens: 8000 } }).tier).toBe('standard');
  });

  it('picks the cheapest usable model of the tier, skips models whose context is too small, climbs tiers when needed', () => {
    const registry = new ProviderRegistry({ openai: { key: {} }, anthropic: { key: {} } });
    const tiers = { simple: ['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash'], standard: ['gpt-4.1', 'claude-sonnet-4-6'], complex: ['o3'] };
    const simple = chooseAuto(scoreRequest('openai', openaiBody('hi')), tiers, registry, undefined);
    expect(simple.candidates.map((c) => c.ref)).toEqual(['gpt-4o-mini', 'claude-haiku-4-5']);
    // ~250k tokens: too big for gpt-4o-mini (128k) and claude-haiku-4-5 (200k); no simple model fits → standard.
    const huge = scoreRequest('openai', openaiBody('word '.repeat(200_000)));
    const d = { ...huge, tier: 'simple' as const };
    const big = chooseAuto(d, tiers, registry, undefined);
    expect(big.tier).toBe('standard');
    expect(big.reason).toMatch(/-> simple -> standard \(no usable simple model \(1 without key\) \(2 too small\)\)/);
    expect(big.candidates.map((c) => c.ref)).toEqual(['gpt-4.1', 'claude-sonnet-4-6']);
  });

  it('model facts come from the price data (one place), with a small table for gaps', () => {
    const registry = new ProviderRegistry({});
    expect(modelFacts(registry.get('openai')!, 'gpt-4o-mini')).toMatchObject({ inputPerMTok: 0.15, outputPerMTok: 0.6, contextWindow: 128_000 });
    expect(modelFacts(registry.get('google')!, 'gemini-2.5-pro').contextWindow).toBe(1_048_576);
    expect(modelFacts(registry.get('ollama')!, 'llama3').local).toBe(true);
  });
});

describe('loser usage estimate', () => {
  it('reads the text out of a partial stream in either format', () => {
    const oa = 'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\ndata: {"choices":[{"delta":{"content":" world"}}]}\n\n';
    const an = 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}\n\n';
    expect(streamText(oa)).toBe('Hello world');
    expect(streamText(an)).toBe('Hi');
  });
});
