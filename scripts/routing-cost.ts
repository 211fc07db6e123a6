/**
 * The added cost of routing decisions, per request: planning (route lookup
 * and the compiled plan) and the auto lane's difficulty score + model choice.
 * Run: node bin/tsx-run.mjs scripts/routing-cost.ts   (or npx tsx scripts/routing-cost.ts)
 */
import { performance } from 'node:perf_hooks';
import type { Route } from '../shared/routes';
import { defaultSettings } from '../shared/settings';
import { ProviderRegistry } from '../electron/providers/registry';
import { chooseAuto, scoreRequest } from '../electron/routing/auto';
import { planRequest } from '../electron/routing/plan';

const routes: Record<string, Route> = Object.freeze({
  smart: { strategy: 'fallback', targets: ['openai/gpt-4.1', { strategy: 'race', targets: ['anthropic/claude-sonnet-4-6', 'openai/gpt-4o'] }] },
  auto: { strategy: 'auto' },
  ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`r${i}`, { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] } as Route])),
}) as Record<string, Route>;
const registry = new ProviderRegistry({ openai: { key: {} }, anthropic: { key: {} } });
const tiers = defaultSettings().auto.tiers;

const small = { model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }] };
const code = Array.from({ length: 300 }, (_, i) => `function f${i}(x) { return x * ${i}; }`).join('\n');
const large = {
  model: 'auto',
  max_tokens: 4000,
  tools: [{ type: 'function', function: { name: 'run', parameters: {} } }],
  messages: [
    { role: 'system', content: 'You are a senior engineer. '.repeat(50) },
    { role: 'user', content: `Refactor step by step and optimize:\n\`\`\`js\n${code}\n\`\`\`` },
  ],
};
const huge = { model: 'auto', messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet, '.repeat(15_000) }] };

function measure(name: string, fn: () => unknown, n = 20_000): void {
  for (let i = 0; i < Math.min(n, 2_000); i++) fn(); // warm up (JIT, memoised price lookups)
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${name.padEnd(58)} ${us.toFixed(2).padStart(8)} µs/request`);
}

measure('plan: direct model (no route matches)', () => planRequest('gpt-4o', routes));
measure('plan: route lookup + compiled plan (nested fallback/race)', () => planRequest('smart', routes));
measure('plan: route/ prefix', () => planRequest('route/smart', routes));
measure('auto: score + choose, one-line prompt', () => chooseAuto(scoreRequest('openai', small), tiers, registry, undefined));
measure(`auto: score + choose, code task (~${Math.round(JSON.stringify(large).length / 4 / 100) / 10}k tokens)`, () =>
  chooseAuto(scoreRequest('openai', large), tiers, registry, undefined),
);
measure(`auto: score + choose, ${Math.round(JSON.stringify(huge).length / 4 / 1000)}k-token prompt`, () =>
  chooseAuto(scoreRequest('openai', huge), tiers, registry, undefined),
2_000);
