import { describe, expect, it } from 'vitest';
import {
  applyPromptCaching,
  countBreakpoints,
  MAX_CACHE_BREAKPOINTS,
  minCacheableTokens,
  promptCacheSaving,
  promptCacheSavingForRow,
} from '../../electron/cache/prompt-caching';
import type { AnthropicRequest, AnthropicTool } from '../../shared/wire/anthropic';

const LONG = 'You are a meticulous assistant. '.repeat(200); // ~6400 chars ≈ 1600 tokens
const SHORT = 'Be brief.';
const EPH = { type: 'ephemeral' };

const tool = (name: string, pad = 0): AnthropicTool => ({
  name,
  description: `Does ${name}. ${'Detail. '.repeat(pad)}`,
  input_schema: { type: 'object', properties: { q: { type: 'string' } } },
});
const bigTools = [tool('search', 300), tool('fetch', 300)]; // ≈ 1300 tokens

function req(over: Partial<AnthropicRequest> = {}): AnthropicRequest {
  return { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...over };
}

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
};

describe('applyPromptCaching', () => {
  it('turns a long string system prompt into a marked text block', () => {
    const r = req({ system: LONG });
    const out = applyPromptCaching(r);
    expect(out.system).toEqual([{ type: 'text', text: LONG, cache_control: EPH }]);
    expect(countBreakpoints(out)).toBe(1);
    expect(r.system).toBe(LONG); // input untouched
  });

  it('leaves a short system prompt (below the minimum cacheable length) alone', () => {
    const r = req({ system: SHORT });
    expect(applyPromptCaching(r)).toBe(r);
    // Haiku's minimum is higher: ~1600 tokens is not enough there.
    expect(minCacheableTokens('claude-haiku-4-5')).toBe(2048);
    const h = req({ model: 'claude-haiku-4-5', system: LONG });
    expect(applyPromptCaching(h)).toBe(h);
    expect(countBreakpoints(applyPromptCaching(h, { minTokens: 500 }))).toBe(1);
  });

  it('marks the last non-empty text block of a block-list system prompt', () => {
    const r = req({ system: [{ type: 'text', text: LONG }, { type: 'text', text: 'Today is Monday.' }, { type: 'text', text: '' }] });
    const out = applyPromptCaching(r);
    expect(out.system).toEqual([{ type: 'text', text: LONG }, { type: 'text', text: 'Today is Monday.', cache_control: EPH }, { type: 'text', text: '' }]);
  });

  it('marks the last tool when the tool definitions are long, and the system prompt too', () => {
    const r = deepFreeze(req({ system: LONG, tools: bigTools }));
    const out = applyPromptCaching(r); // a frozen input proves nothing is mutated
    expect(out.tools!.map((t) => t.cache_control)).toEqual([undefined, EPH]);
    expect(out.tools![0]).toBe(r.tools![0]);
    expect(Array.isArray(out.system) && out.system[0]!.cache_control).toEqual(EPH);
    expect(countBreakpoints(out)).toBe(2);
  });

  it('short tools plus a system prompt: one breakpoint, on the system (it covers the tools)', () => {
    const tools = [tool('a', 150)]; // ≈ 350 tokens
    const system = 'Rules. '.repeat(500); // ≈ 875 tokens; together over 1024
    const out = applyPromptCaching(req({ system, tools }));
    expect(out.tools![0]!.cache_control).toBeUndefined();
    expect(out.system).toEqual([{ type: 'text', text: system, cache_control: EPH }]);
  });

  it('never goes past 4 breakpoints, counting those already in the request', () => {
    const marked = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    const three = req({
      system: LONG,
      tools: bigTools,
      messages: [
        { role: 'user', content: [marked('one'), marked('two')] },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: [marked('three')] }],
        },
      ],
    });
    expect(countBreakpoints(three)).toBe(3);
    const out = applyPromptCaching(three);
    expect(countBreakpoints(out)).toBe(MAX_CACHE_BREAKPOINTS);
    // The one free slot goes to the system prompt (it caches tools + system).
    expect(Array.isArray(out.system)).toBe(true);
    expect(out.tools!.at(-1)!.cache_control).toBeUndefined();

    const four = req({ system: LONG, tools: bigTools, messages: [{ role: 'user', content: [marked('1'), marked('2'), marked('3'), marked('4')] }] });
    expect(applyPromptCaching(four)).toBe(four);
  });

  it('leaves tools and system alone where the client already placed its own markers', () => {
    const tools = [...bigTools.slice(0, 1), { ...bigTools[1]!, cache_control: { type: 'ephemeral' as const, ttl: '1h' } }];
    const out = applyPromptCaching(req({ system: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }], tools }));
    expect(countBreakpoints(out)).toBe(2);
    expect(out.tools![1]!.cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
  });

  it('no system and no tools: the same object back', () => {
    const r = req();
    expect(applyPromptCaching(r)).toBe(r);
    expect(applyPromptCaching(req({ system: '' }))).toEqual(req({ system: '' }));
  });
});

describe('promptCacheSaving', () => {
  // claude-sonnet-4-5: input $3/MTok, cache read $0.30, cache write $3.75, output $15.
  it('prices cache reads at the cached rate against the full input rate', () => {
    const s = promptCacheSaving({
      providerId: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { inputTokens: 100_000, cacheReadTokens: 80_000, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    });
    expect(s.cacheReadTokens).toBe(80_000);
    expect(s.readSavingUsd).toBeCloseTo(0.08 * (3 - 0.3), 9); // $0.216
    expect(s.writePremiumUsd).toBeCloseTo(0, 9);
    expect(s.netSavingUsd).toBeCloseTo(0.216, 9);
    expect(s.costUsd).toBeCloseTo(0.02 * 3 + 0.08 * 0.3, 9);
  });

  it('nets out the write premium on the call that fills the cache', () => {
    const s = promptCacheSaving({
      providerId: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { inputTokens: 10_000, cacheReadTokens: 0, cacheWriteTokens: 10_000, outputTokens: 0, reasoningTokens: 0 },
    });
    expect(s.readSavingUsd).toBeCloseTo(0, 9);
    expect(s.writePremiumUsd).toBeCloseTo(0.01 * 0.75, 9);
    expect(s.netSavingUsd).toBeCloseTo(-0.0075, 9);
  });

  it('works from a log row, and is null for an unknown model', () => {
    const row = { provider: 'anthropic', servedModel: 'claude-sonnet-4-5', inputTokens: 2_000_000 / 20, outputTokens: 10, cacheReadTokens: 50_000, cacheWriteTokens: 0, reasoningTokens: 0 };
    expect(promptCacheSavingForRow(row)!.readSavingUsd).toBeCloseTo(0.05 * 2.7, 9);
    expect(promptCacheSavingForRow({ ...row, servedModel: 'no-such-model-xyz' })!.netSavingUsd).toBeNull();
    expect(promptCacheSavingForRow({ ...row, provider: null })).toBeNull();
  });
});
