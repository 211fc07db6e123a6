import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totals } from '../../electron/analytics/aggregate';
import { recomputeCosts, recomputeRunning, type RecomputeProgress } from '../../electron/analytics/recompute';
import { affectedRows, effectivePrice, parseOverrideKey, priceTable } from '../../electron/pricing/effective';
import { listRates, priceUsage } from '../../electron/pricing/price';
import { localNoon, makeRecord, openTestDb, testPricer, usage, write, type TestDb } from './helpers';

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.cleanup());

const M = 1_000_000;
const day = (d: number) => localNoon(2025, 4, d);

describe('price overrides', () => {
  it('priceUsage: an override is a list price; the discount applies on top; cache reads default to the input rate', () => {
    const p = priceUsage({
      providerId: 'lab',
      model: 'mystery',
      usage: usage(2 * M, M, { cacheReadTokens: M, reasoningTokens: 500_000 }),
      discount: 0.5,
      override: { inputPerMTok: 1, outputPerMTok: 4 },
    });
    expect(p).toMatchObject({ priced: true, matchedModel: 'override' });
    expect(p.listCostUsd).toBeCloseTo(1 + 1 + 4, 12);
    expect(p.costUsd).toBeCloseTo(3, 12);
    expect(p.cachedInputCostUsd).toBeCloseTo(0.5, 12);
    expect(p.reasoningCostUsd).toBeCloseTo(1, 12);
    const withCached = priceUsage({ providerId: 'lab', model: 'm', usage: usage(2 * M, 0, { cacheReadTokens: M }), override: { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: 0.1 } });
    expect(withCached.listCostUsd).toBeCloseTo(1.1, 12);
    // Overrides win over the local-provider rule and over genai-prices.
    expect(priceUsage({ providerId: 'ollama', model: 'llama3.2', usage: usage(M, 0), override: { inputPerMTok: 0.01, outputPerMTok: 0 } }).costUsd).toBeCloseTo(0.01, 12);
    expect(priceUsage({ providerId: 'openai', model: 'gpt-4o', usage: usage(M, 0), override: { inputPerMTok: 1, outputPerMTok: 1 } }).costUsd).toBeCloseTo(1, 12);
  });

  it('the LogWriter pricer honours overrides', () => {
    write(t.db, [makeRecord({ id: 'o1', provider: 'lab', servedModel: 'mystery', usage: usage(M, M) })], testPricer({}, { 'lab/mystery': { inputPerMTok: 2, outputPerMTok: 3 } }));
    expect(t.db.prepare(`SELECT cost_usd, priced FROM requests WHERE id = 'o1'`).get()).toEqual({ cost_usd: 5, priced: 1 });
  });

  it('override keys: provider/model, the model may contain slashes', () => {
    expect(parseOverrideKey('openrouter/openai/gpt-4o')).toEqual({ provider: 'openrouter', model: 'openai/gpt-4o' });
    expect(parseOverrideKey('nope')).toBeNull();
  });
});

describe('effective price table', () => {
  beforeEach(() =>
    write(t.db, [
      makeRecord({ ts: day(1), provider: 'openai', servedModel: 'gpt-4o', usage: usage(M, 0) }),
      makeRecord({ ts: day(2), provider: 'anthropic', servedModel: 'claude-sonnet-4-20250514', usage: usage(M, 0) }),
      makeRecord({ ts: day(3), provider: 'lab', servedModel: 'mystery', usage: usage(M, M) }),
      makeRecord({ ts: day(4), provider: 'lab', servedModel: 'mystery', usage: usage(M, M) }),
      makeRecord({ ts: day(4), provider: 'ollama', servedModel: 'llama3.2', usage: usage(M, M) }),
    ]),
  );

  it('lists defaults × discount, flags unknown models first (never priced at zero), marks local and overridden ones', () => {
    const rows = priceTable(t.db, {
      provider: (id) => ({ discount: id === 'anthropic' ? 0.5 : 1, local: id === 'ollama' }),
      overrides: { 'openai/gpt-4o': { inputPerMTok: 2, outputPerMTok: 8 } },
      extraModels: [{ provider: 'openai', model: 'gpt-4.1' }],
    });
    expect(rows[0]).toMatchObject({ provider: 'lab', model: 'mystery', source: 'unknown', list: null, effective: null, requests: 2, unpricedRequests: 2, firstDay: '2025-04-03', lastDay: '2025-04-04' });
    const by = (m: string) => rows.find((r) => r.model === m)!;
    expect(by('claude-sonnet-4-20250514')).toMatchObject({ source: 'genai-prices', discount: 0.5, matchedModel: 'anthropic:claude-sonnet-4-0' });
    expect(by('claude-sonnet-4-20250514').effective!.inputPerMTok).toBeCloseTo(1.5, 12);
    expect(by('claude-sonnet-4-20250514').effective!.cachedInputPerMTok).toBeCloseTo(0.15, 12);
    expect(by('gpt-4o')).toMatchObject({ source: 'override', list: { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 2 }, defaults: { inputPerMTok: 2.5 } });
    expect(by('llama3.2')).toMatchObject({ source: 'local', effective: { inputPerMTok: 0, outputPerMTok: 0 } });
    expect(by('gpt-4.1')).toMatchObject({ source: 'genai-prices', requests: 0 });
    expect(listRates('openai', undefined, 'no-such-model-xyz')).toBeNull();
  });
});

describe('affected rows and recompute', () => {
  beforeEach(() =>
    write(t.db, [
      makeRecord({ id: 'a1', ts: day(1), provider: 'lab', servedModel: 'mystery', usage: usage(M, M) }),
      makeRecord({ id: 'a2', ts: day(5), provider: 'lab', servedModel: 'mystery', usage: usage(2 * M, 0, { cacheReadTokens: M }) }),
      makeRecord({ id: 'a3', ts: day(6), provider: 'lab', servedModel: 'mystery', usage: usage(M, 0), cacheHit: true }),
      makeRecord({ id: 'a4', ts: day(7), provider: 'lab', servedModel: 'other', usage: usage(M, 0) }),
      makeRecord({ id: 'g1', ts: day(7), provider: 'openai', servedModel: 'gpt-4o-mini', usage: usage(M, M), route: 'auto', counterfactual: { provider: 'lab', model: 'mystery' } }),
      makeRecord({ id: 'g2', ts: day(8), provider: 'openai', servedModel: 'gpt-4o', usage: usage(M, 0) }),
    ]),
  );

  const override = { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: 0.5 };

  it('affected: count, day span, cost now, estimate at a candidate price, counterfactual rows', () => {
    const a = affectedRows(t.db, { provider: 'lab', model: 'mystery', candidate: { rates: { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: 0.5, cacheWritePerMTok: 1 }, discount: 1 } });
    expect(a).toMatchObject({ provider: 'lab', model: 'mystery', requests: 3, unpricedRequests: 2, counterfactualRequests: 1, firstDay: '2025-04-01', lastDay: '2025-04-06', costUsd: 0 });
    // a1: 1 + 4 = 5; a2: 1×1 + 1×0.5 = 1.5; a3 is a cache hit (billed 0): the estimate scales it out by share.
    expect(a.estimatedCostUsd).toBeCloseTo((5 + 1 + 0.5 + 1) * (2 / 3), 9);
    expect(affectedRows(t.db, { provider: 'lab' })).toMatchObject({ requests: 4, estimatedCostUsd: null });
  });

  it('recompute re-prices the rows (and the counterfactuals) in batches, moves the roll-ups, and is idempotent', async () => {
    const before = totals(t.db, 0, day(30));
    expect(before.unpriced).toBe(3); // a1, a2, a4 (a3 is a cache hit: billed 0)
    expect(t.db.prepare(`SELECT counterfactual_cost_usd AS c FROM requests WHERE id = 'g1'`).get()).toEqual({ c: null });
    const pricer = testPricer({}, { 'lab/mystery': override });
    const progress: RecomputeProgress[] = [];
    const res = await recomputeCosts(t.db, pricer, { provider: 'lab', model: 'mystery' }, { batchSize: 1, onProgress: (p) => progress.push(p) });
    expect(res).toMatchObject({ total: 4, done: 4, updated: 3, counterfactualUpdated: 1 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    const cost = (id: string) => t.db.prepare(`SELECT cost_usd AS c, list_cost_usd AS l, priced AS p, saved_usd AS s, counterfactual_cost_usd AS cf FROM requests WHERE id = ?`).get(id) as Record<string, number | null>;
    expect(cost('a1')).toMatchObject({ c: 5, l: 5, p: 1 });
    expect(cost('a2')).toMatchObject({ c: 1.5, p: 1 });
    expect(cost('a3')).toMatchObject({ c: 0, p: 1, s: 1 }); // a cache hit stays free; what it saved is re-priced
    expect(cost('a4')).toMatchObject({ c: null, p: 0 }); // another model: untouched
    expect(cost('g1').cf).toBeCloseTo(5, 12);
    const after = totals(t.db, 0, day(30));
    expect(after.unpriced).toBe(1);
    expect(after.cost - before.cost).toBeCloseTo(6.5, 9);
    expect(after.saved - before.saved).toBeCloseTo(1, 9);
    expect(after.counterfactualCost).toBeCloseTo(5, 9);
    const again = await recomputeCosts(t.db, pricer, { provider: 'lab', model: 'mystery' });
    expect(again).toMatchObject({ updated: 0, counterfactualUpdated: 0 });
    // Whole-log recompute with the default prices puts the rows back as they were.
    const back = await recomputeCosts(t.db, testPricer({}), {});
    expect(back.updated).toBe(3);
    expect(totals(t.db, 0, day(30)).unpriced).toBe(3);
    expect(recomputeRunning(t.db)).toBe(false);
  });

  it('one recompute at a time', async () => {
    const p = recomputeCosts(t.db, testPricer(), {});
    await expect(recomputeCosts(t.db, testPricer(), {})).rejects.toThrow(/already running/);
    await p;
  });

  it('effectivePrice of a known model without usage', () => {
    expect(effectivePrice('openai', 'gpt-4o', { discount: 0.8 }, undefined)).toMatchObject({ source: 'genai-prices', effective: { inputPerMTok: 2 } });
  });
});
