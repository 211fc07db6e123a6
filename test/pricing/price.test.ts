import { findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { clearPriceCache, estimateTokens, priceUsage } from '../../electron/pricing/price';
import type { Usage } from '../../shared/usage';

const usage = (u: Partial<Usage>): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  ...u,
});

/** The $/MTok rates the expectations below were computed from, checked against the bundled data. */
function ratesOf(providerId: string, modelId: string): Record<string, unknown> {
  const model = findProvider({ providerId })?.models.find((m) => m.id === modelId);
  if (!model || Array.isArray(model.prices)) throw new Error(`no flat prices for ${providerId}:${modelId}`);
  return model.prices as Record<string, unknown>;
}

describe('priceUsage', () => {
  it('prices an OpenAI model with cache reads at their own, cheaper rate', () => {
    // Bundled data: gpt-4o input 2.5, cache_read 1.25, output 10 ($/MTok).
    expect(ratesOf('openai', 'gpt-4o')).toMatchObject({ input_mtok: 2.5, cache_read_mtok: 1.25, output_mtok: 10 });
    const r = priceUsage({
      providerId: 'openai',
      model: 'gpt-4o',
      usage: usage({ inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 2_000 }),
    });
    // uncached 6000 × 2.5 = 0.015; cached 4000 × 1.25 = 0.005; output 2000 × 10 = 0.02
    expect(r.priced).toBe(true);
    expect(r.matchedModel).toBe('openai:gpt-4o');
    expect(r.inputCostUsd).toBeCloseTo(0.015, 10);
    expect(r.cachedInputCostUsd).toBeCloseTo(0.005, 10);
    expect(r.outputCostUsd).toBeCloseTo(0.02, 10);
    expect(r.reasoningCostUsd).toBe(0);
    expect(r.listCostUsd).toBeCloseTo(0.04, 10);
    expect(r.costUsd).toBeCloseTo(0.04, 10);

    const uncached = priceUsage({ providerId: 'openai', model: 'gpt-4o', usage: usage({ inputTokens: 10_000, outputTokens: 2_000 }) });
    expect(uncached.listCostUsd).toBeCloseTo(0.045, 10); // 10000 × 2.5 + 2000 × 10
    expect(r.listCostUsd!).toBeLessThan(uncached.listCostUsd!);
  });

  it('prices an Anthropic model with cache reads, cache writes and a reasoning share', () => {
    // Bundled data: claude-sonnet-4 input 3, cache_write 3.75, cache_read 0.3, output 15 ($/MTok).
    expect(ratesOf('anthropic', 'claude-sonnet-4-0')).toMatchObject({
      input_mtok: 3,
      cache_write_mtok: 3.75,
      cache_read_mtok: 0.3,
      output_mtok: 15,
    });
    const r = priceUsage({
      providerId: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      usage: usage({ inputTokens: 100_000, cacheReadTokens: 60_000, cacheWriteTokens: 20_000, outputTokens: 5_000, reasoningTokens: 1_000 }),
    });
    // uncached 20000 × 3 = 0.06; reads 60000 × 0.3 = 0.018; writes 20000 × 3.75 = 0.075;
    // output 5000 × 15 = 0.075 of which reasoning 1000 × 15 = 0.015.
    expect(r.matchedModel).toBe('anthropic:claude-sonnet-4-0');
    expect(r.inputCostUsd).toBeCloseTo(0.06, 10);
    expect(r.cachedInputCostUsd).toBeCloseTo(0.093, 10);
    expect(r.outputCostUsd).toBeCloseTo(0.075, 10);
    expect(r.reasoningCostUsd).toBeCloseTo(0.015, 10);
    expect(r.listCostUsd).toBeCloseTo(0.228, 10);
    // Reasoning is inside output, not added on top.
    expect(r.inputCostUsd! + r.cachedInputCostUsd! + r.outputCostUsd!).toBeCloseTo(r.listCostUsd!, 10);
  });

  it('prices claude-3-5-sonnet from the same rates', () => {
    expect(ratesOf('anthropic', 'claude-3-5-sonnet')).toMatchObject({ input_mtok: 3, output_mtok: 15 });
    const r = priceUsage({ providerId: 'anthropic', model: 'claude-3-5-sonnet-20241022', usage: usage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }) });
    expect(r.listCostUsd).toBeCloseTo(18, 10);
  });

  it('applies tiered rates by total input size', () => {
    // gemini-2.5-pro: input 1.25 → 2.5 and output 10 → 15 above 200k input tokens.
    const small = priceUsage({ providerId: 'google', model: 'gemini-2.5-pro', usage: usage({ inputTokens: 100_000, outputTokens: 1_000 }) });
    expect(small.listCostUsd).toBeCloseTo(0.125 + 0.01, 10);
    const large = priceUsage({ providerId: 'google', model: 'gemini-2.5-pro', usage: usage({ inputTokens: 250_000, outputTokens: 1_000, reasoningTokens: 400 }) });
    expect(large.listCostUsd).toBeCloseTo(0.625 + 0.015, 10);
    expect(large.reasoningCostUsd).toBeCloseTo(400 * 15 / 1e6, 10);
  });

  it('applies a discount to costUsd but not listCostUsd', () => {
    const r = priceUsage({ providerId: 'openai', model: 'gpt-4o', usage: usage({ inputTokens: 10_000, outputTokens: 2_000 }), discount: 0.5 });
    expect(r.listCostUsd).toBeCloseTo(0.045, 10);
    expect(r.costUsd).toBeCloseTo(0.0225, 10);
    expect(r.inputCostUsd! + r.cachedInputCostUsd! + r.outputCostUsd!).toBeCloseTo(r.costUsd!, 10);
  });

  it('maps provider ids that differ in genai-prices (xai → x-ai) and honours pricingId', () => {
    const grok = priceUsage({ providerId: 'xai', model: 'grok-3', usage: usage({ inputTokens: 1_000_000 }) });
    expect(grok.matchedModel).toBe('x-ai:grok-3');
    expect(grok.listCostUsd).toBeCloseTo(ratesOf('x-ai', 'grok-3').input_mtok as number, 10);
    const viaPricingId = priceUsage({ providerId: 'my-grok-proxy', pricingId: 'x-ai', model: 'grok-3', usage: usage({ inputTokens: 1_000_000 }) });
    expect(viaPricingId.matchedModel).toBe('x-ai:grok-3');
  });

  it('falls back to the model name alone for providers the price data lacks', () => {
    const r = priceUsage({ providerId: 'my-vllm', model: 'gpt-4o', usage: usage({ inputTokens: 1_000_000 }) });
    expect(r.priced).toBe(true);
    expect(r.matchedModel).toBe('openai:gpt-4o');
  });

  it('never prices an unknown model as 0', () => {
    for (const providerId of ['openai', 'deepinfra', 'made-up']) {
      const r = priceUsage({ providerId, model: 'totally-unknown-model-xyz', usage: usage({ inputTokens: 1000, outputTokens: 10 }) });
      expect(r).toMatchObject({
        priced: false,
        costUsd: null,
        listCostUsd: null,
        inputCostUsd: null,
        cachedInputCostUsd: null,
        outputCostUsd: null,
        reasoningCostUsd: null,
      });
    }
  });

  it('prices local providers at 0', () => {
    for (const r of [
      priceUsage({ providerId: 'ollama', model: 'llama3.2', usage: usage({ inputTokens: 1000, outputTokens: 100 }) }),
      priceUsage({ providerId: 'lmstudio', model: 'qwen2.5-7b', usage: usage({ inputTokens: 1000 }) }),
      priceUsage({ providerId: 'my-box', local: true, model: 'gpt-4o', usage: usage({ inputTokens: 1000 }) }),
    ]) {
      expect(r.priced).toBe(true);
      expect(r.costUsd).toBe(0);
      expect(r.listCostUsd).toBe(0);
    }
  });

  it('tolerates inconsistent usage instead of throwing', () => {
    const r = priceUsage({ providerId: 'openai', model: 'gpt-4o', usage: usage({ inputTokens: 10, cacheReadTokens: 1000, outputTokens: 5, reasoningTokens: 50 }) });
    expect(r.priced).toBe(true);
    expect(r.cachedInputCostUsd).toBeCloseTo(1000 * 1.25 / 1e6, 12);
    expect(r.reasoningCostUsd).toBeCloseTo(r.outputCostUsd!, 12);
  });

  it('memoises the model lookup', () => {
    clearPriceCache();
    const u = usage({ inputTokens: 1234, outputTokens: 56 });
    priceUsage({ providerId: 'openrouter', model: 'openai/gpt-4o', usage: u });
    const t0 = performance.now();
    for (let i = 0; i < 2_000; i++) priceUsage({ providerId: 'openrouter', model: 'openai/gpt-4o', usage: u });
    const perCall = (performance.now() - t0) / 2_000;
    expect(perCall).toBeLessThan(0.2); // ms; an un-memoised lookup scans ~700 openrouter models
  });
});

describe('estimateTokens', () => {
  it('is ceil(chars / 4)', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});
