import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { calcPrice, findProvider, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { compileTokenPricing, priceTokens, type CompiledTokenPricing, type TokenUsage } from '../../electron/pricing/token-price';

/**
 * The proxy prices each logged row with token-price.ts instead of calling
 * genai-prices' `calcPrice` (issue 8). It must give the library's dollars,
 * bit for bit, for every model in the bundled price data that it compiles.
 */

/** Every provider in the bundled data (the data array is not exported; its provider ids are read from the bundle). */
function bundledProviders(): Provider[] {
  // The ESM build (index.js) keeps one key per line; the CJS build is minified.
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@pydantic/genai-prices')), 'index.js');
  const text = fs.readFileSync(file, 'utf8');
  const ids = [...text.matchAll(/^ {4}id: "([^"]+)",$/gm)].map((m) => m[1]!);
  const providers = ids.map((id) => findProvider({ providerId: id })).filter((p): p is Provider => p !== undefined && p !== null);
  expect(providers.length).toBeGreaterThan(30);
  return providers;
}

interface Case {
  provider: Provider;
  model: ModelInfo;
  compiled: CompiledTokenPricing;
  /** Instants around each dated price change. */
  times: Date[];
}

/** A one-model provider, as price.ts builds it from a match. */
const oneModel = (provider: Provider, model: ModelInfo): Provider => ({ ...provider, models: [model], fallback_model_providers: undefined });

function cases(): { compiled: Case[]; total: number } {
  const out: Case[] = [];
  let total = 0;
  for (const provider of bundledProviders()) {
    for (const model of provider.models) {
      total++;
      const p = oneModel(provider, model);
      const compiled = compileTokenPricing(p, model.id);
      if (!compiled) continue;
      const times = [new Date('2020-01-01T00:00:00Z'), new Date()];
      if (Array.isArray(model.prices)) {
        for (const entry of model.prices) {
          if (entry.constraint?.type !== 'start_date') continue;
          const start = new Date(entry.constraint.start_date).getTime();
          times.push(new Date(start - 1), new Date(start), new Date(start + 1));
        }
      }
      out.push({ provider: p, model, compiled, times });
    }
  }
  return { compiled: out, total };
}

/** Consistent usage, as priceUsage makes it: cache ≤ input, reasoning ≤ output. */
const usageArb = (count: fc.Arbitrary<number>) =>
  fc.record({ rest: count, read: count, write: count, output: count, reasoning: count }).map(
    ({ rest, read, write, output, reasoning }): TokenUsage => ({
      input_tokens: Math.max(rest, read + write),
      cache_read_tokens: read,
      cache_write_tokens: write,
      output_tokens: output,
      output_reasoning_tokens: Math.min(reasoning, output),
    }),
  );

const tokens = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 4_000_000 }),
  fc.constantFrom(128_000, 128_001, 200_000, 200_001, 272_000, 272_001),
);

function expectSame(c: Case, usage: TokenUsage, at: Date): void {
  const ref = calcPrice({ ...usage }, c.model.id, { provider: c.provider, timestamp: at });
  expect(ref).not.toBeNull();
  const mine = priceTokens(c.compiled, usage, at);
  expect({ in: mine.input_price, out: mine.output_price, total: mine.total_price }).toEqual({ in: ref!.input_price, out: ref!.output_price, total: ref!.total_price });
  expect(mine.model_price).toEqual(ref!.model_price);
}

describe('priceTokens', () => {
  const { compiled, total } = cases();

  it('compiles nearly every bundled model (the rest stay on calcPrice)', () => {
    expect(compiled.length).toBeGreaterThan(total * 0.9);
  });

  it('matches calcPrice for every compiled model around each of its price changes', () => {
    const usages: TokenUsage[] = [
      { input_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, output_tokens: 0, output_reasoning_tokens: 0 },
      { input_tokens: 1234, cache_read_tokens: 200, cache_write_tokens: 100, output_tokens: 321, output_reasoning_tokens: 50 },
      { input_tokens: 300_000, cache_read_tokens: 150_000, cache_write_tokens: 0, output_tokens: 20_000, output_reasoning_tokens: 20_000 },
    ];
    for (const c of compiled) for (const at of c.times) for (const u of usages) expectSame(c, u, at);
  });

  it('matches calcPrice on arbitrary usage and instants', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: compiled.length - 1 }),
        usageArb(tokens),
        fc.integer({ min: Date.parse('2022-01-01'), max: Date.parse('2028-01-01') }),
        (i, usage, ms) => expectSame(compiled[i]!, usage, new Date(ms)),
      ),
      { numRuns: 20_000 },
    );
  });

  it('matches calcPrice on fractional counts', () => {
    const frac = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.nat({ max: compiled.length - 1 }), usageArb(frac), (i, usage) => expectSame(compiled[i]!, usage, new Date())),
      { numRuns: 5_000 },
    );
  });

  it('throws on an invalid instant, as calcPrice does', () => {
    const dated = compiled.find((c) => Array.isArray(c.model.prices));
    expect(dated).toBeDefined();
    const u: TokenUsage = { input_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, output_tokens: 1, output_reasoning_tokens: 0 };
    expect(() => calcPrice({ ...u }, dated!.model.id, { provider: dated!.provider, timestamp: new Date(NaN) })).toThrow(RangeError);
    expect(() => priceTokens(dated!.compiled, u, new Date(NaN))).toThrow(RangeError);
  });

  it('leaves per-request fees and time-of-day prices to calcPrice', () => {
    const leftOut = bundledProviders().flatMap((p) =>
      p.models
        .filter((m) => {
          const entries = Array.isArray(m.prices) ? m.prices : [{ prices: m.prices, constraint: undefined }];
          return entries.some((e) => e.prices.requests_kcount !== undefined || e.constraint?.type === 'time_of_date');
        })
        .map((m) => ({ p, m })),
    );
    expect(leftOut.length).toBeGreaterThan(0);
    for (const { p, m } of leftOut) expect(compileTokenPricing(oneModel(p, m), m.id)).toBeNull();
  });
});
