import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregate, totals } from '../../electron/analytics/aggregate';
import { budgetLines, costSavings, costSummary, costTimeseries, costTop } from '../../electron/analytics/costs';
import type { RequestRecord } from '../../electron/store/types';
import { localNoon, makeRecord, openTestDb, testPricer, usage, write, type TestDb } from './helpers';

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.cleanup());

const day = (d: number, hour = 12) => localNoon(2025, 3, d, hour);
const M = 1_000_000;

/**
 * Prices (genai-prices): gpt-4o $2.50/$10 per MTok (cache read $1.25), gpt-4o-mini $0.15/$0.60,
 * claude-sonnet-4 $3/$15 (cache read $0.30); anthropic has a 0.5 discount.
 */
function fixture(): RequestRecord[] {
  return [
    // list 2.5 + 1.0 = 3.50
    makeRecord({ ts: day(10, 9), provider: 'openai', servedModel: 'gpt-4o', tokenName: 'laptop', usage: usage(M, 100_000) }),
    // list 1M×3 + 1M cached×0.30 + 0.2M×15 = 6.30; billed ×0.5 = 3.15
    makeRecord({ ts: day(10, 15), provider: 'anthropic', servedModel: 'claude-sonnet-4-20250514', tokenName: 'ci', route: 'smart', clientFormat: 'anthropic', usage: usage(2 * M, 200_000, { cacheReadTokens: M }) }),
    // response-cache hit: billed 0, would have cost 3.50
    makeRecord({ ts: day(11), provider: 'openai', servedModel: 'gpt-4o', tokenName: 'laptop', cacheHit: true, usage: usage(M, 100_000), source: 'race' }),
    // auto-routed to gpt-4o-mini: 0.15 + 0.60 = 0.75; on sonnet-4 it would have been (3 + 15) × 0.5 = 9.00
    makeRecord({ ts: day(11, 13), provider: 'openai', servedModel: 'gpt-4o-mini', route: 'auto', tokenName: 'laptop', usage: usage(M, M), counterfactual: { provider: 'anthropic', model: 'claude-sonnet-4-20250514' } }),
    // an upstream error without usage: 0, priced
    makeRecord({ ts: day(12), provider: 'openai', servedModel: 'gpt-4o', tokenName: null, status: 500, errorType: 'api_error', usage: null }),
    // a model with no known price
    makeRecord({ ts: day(12, 14), provider: 'lab', servedModel: 'mystery-model', tokenName: 'laptop', usage: usage(1000, 1000) }),
    // previous period: 2.50
    makeRecord({ ts: day(8), provider: 'openai', servedModel: 'gpt-4o', tokenName: 'laptop', usage: usage(M, 0) }),
  ];
}

const range = { from: day(10, 0), to: day(13, 0) };

describe('Costs aggregations against hand-computed totals', () => {
  beforeEach(() => write(t.db, fixture()));

  it('summary: cost, list cost, breakdown, tokens, cache and routing savings, unpriced, previous period', () => {
    const s = costSummary(t.db, { ...range, compare: true });
    const c = s.current;
    expect(c.requests).toBe(6);
    expect(c.errors).toBe(1);
    expect(c.unpricedRequests).toBe(1);
    expect(c.cacheHits).toBe(1);
    expect(c.costUsd).toBeCloseTo(7.4, 9);
    expect(c.listCostUsd).toBeCloseTo(10.55, 9);
    expect(c.breakdown.inputUsd).toBeCloseTo(2.5 + 1.5 + 0.15, 9);
    expect(c.breakdown.cachedInputUsd).toBeCloseTo(0.15, 9);
    expect(c.breakdown.outputUsd).toBeCloseTo(1.0 + 1.5 + 0.6, 9);
    expect(c.cacheSavedUsd).toBeCloseTo(3.5, 9);
    expect(c.routed).toEqual({ requests: 1, actualUsd: expect.closeTo(0.75, 9), counterfactualUsd: expect.closeTo(9, 9), savedUsd: expect.closeTo(8.25, 9) });
    expect(c.tokens).toEqual({ input: 4_001_000, cached: M, output: 1_401_000, reasoning: 0, total: 4_001_000 + M + 1_401_000 });
    expect(s.previous?.totals.costUsd).toBeCloseTo(2.5, 9);
    expect(s.previous?.from).toBe(range.from - (range.to - range.from));
    expect(s.change?.costPct).toBeCloseTo(((7.4 - 2.5) / 2.5) * 100, 6);
  });

  it('savings: cache hits, auto-routing (by route) and discounts', () => {
    const s = costSavings(t.db, range);
    expect(s.cache).toEqual({ hits: 1, savedUsd: expect.closeTo(3.5, 9) });
    expect(s.routing.savedUsd).toBeCloseTo(8.25, 9);
    expect(s.routing.byRoute).toEqual([{ route: 'auto', label: 'auto', requests: 1, actualUsd: expect.closeTo(0.75, 9), counterfactualUsd: expect.closeTo(9, 9), savedUsd: expect.closeTo(8.25, 9) }]);
    expect(s.discounts.savedUsd).toBeCloseTo(3.15, 9);
    expect(s.totalSavedUsd).toBeCloseTo(3.5 + 8.25 + 3.15, 9);
  });

  it('timeseries: daily spend stacked by provider, empty days included, tokens per bucket', () => {
    const ts = costTimeseries(t.db, { ...range, bucket: 'day', stackBy: 'provider', metric: 'cost' });
    expect(ts.points.map((p) => p.key)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
    expect(ts.points[0]!.values).toEqual({ openai: 3.5, anthropic: expect.closeTo(3.15, 9), lab: 0 });
    expect(ts.points[1]!.values.openai).toBeCloseTo(0.75, 9);
    expect(ts.points[2]!.total).toBe(0);
    expect(ts.series.map((s) => s.key)).toEqual(['openai', 'anthropic', 'lab']);
    expect(ts.points[1]!.tokens).toEqual({ input: 2 * M, cached: 0, output: 1_100_000, reasoning: 0, total: 3_100_000 });
    expect(ts.points[0]!.start).toBe(day(10, 0));
  });

  it('timeseries: weeks and months, other series folded, previous period aligned', () => {
    const week = costTimeseries(t.db, { from: day(3, 0), to: day(17, 0), bucket: 'week', stackBy: 'model', metric: 'cost', maxSeries: 2, compare: true });
    // 2025-03-03 and 2025-03-10 are Mondays.
    expect(week.points.map((p) => p.key)).toEqual(['2025-03-03', '2025-03-10']);
    expect(week.series.map((s) => s.key)).toEqual(['openai/gpt-4o', '__other__']);
    expect(week.points[0]!.values['openai/gpt-4o']).toBeCloseTo(2.5, 9);
    expect(week.points[1]!.values).toEqual({ 'openai/gpt-4o': expect.closeTo(3.5, 9), __other__: expect.closeTo(3.9, 9) });
    expect(week.previous).toHaveLength(2);
    const month = costTimeseries(t.db, { from: localNoon(2025, 2, 1, 0), to: localNoon(2025, 4, 1, 0), bucket: 'month', stackBy: null, metric: 'requests' });
    expect(month.points.map((p) => [p.key, p.total])).toEqual([['2025-02', 0], ['2025-03', 7]]);
  });

  it('timeseries: hourly buckets from raw rows; over-long hourly ranges are refused', () => {
    const h = costTimeseries(t.db, { from: day(10, 0), to: day(11, 0), bucket: 'hour', stackBy: 'token', metric: 'cost' });
    expect(h.points).toHaveLength(24);
    expect(h.points[9]!.values.laptop).toBeCloseTo(3.5, 9);
    expect(h.points[15]!.values.ci).toBeCloseTo(3.15, 9);
    expect(() => costTimeseries(t.db, { from: day(1), to: day(20), bucket: 'hour', stackBy: null, metric: 'cost' })).toThrow(RangeError);
  });

  it('top: models, tokens and routes by spend, with shares and previous-period cost', () => {
    const models = costTop(t.db, { ...range, by: 'model', compare: true });
    expect(models.rows.map((r) => [r.key, r.costUsd])).toEqual([
      ['openai/gpt-4o', 3.5],
      ['anthropic/claude-sonnet-4-20250514', expect.closeTo(3.15, 9)],
      ['openai/gpt-4o-mini', expect.closeTo(0.75, 9)],
      ['lab/mystery-model', 0],
    ]);
    expect(models.rows[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o', requests: 3, errors: 1, previousCostUsd: 2.5 });
    expect(models.rows[3]!.unpricedRequests).toBe(1);
    expect(models.rows[0]!.share).toBeCloseTo(3.5 / 7.4, 9);
    const tokens = costTop(t.db, { ...range, by: 'token', limit: 2 });
    expect(tokens.rows.map((r) => r.label)).toEqual(['laptop', 'ci']);
    expect(tokens.otherCount).toBe(1);
    expect(costTop(t.db, { ...range, by: 'route' }).rows.map((r) => r.label)).toEqual(['(no route)', 'smart', 'auto']);
  });

  it('filters: one dimension, several dimensions, none-values', () => {
    expect(totals(t.db, range.from, range.to, { providers: ['anthropic'] }).cost).toBeCloseTo(3.15, 9);
    expect(totals(t.db, range.from, range.to, { providers: ['openai'], tokens: ['laptop'] }).cost).toBeCloseTo(4.25, 9);
    expect(totals(t.db, range.from, range.to, { tokens: [''] }).requests).toBe(1);
    expect(totals(t.db, range.from, range.to, { routes: ['', 'auto'] }).requests).toBe(5);
    expect(totals(t.db, range.from, range.to, { sources: ['race'] }).cacheHits).toBe(1);
    expect(totals(t.db, range.from, range.to, { models: ['gpt-4o'], routes: [''] }).requests).toBe(3);
  });

  it('partial days at the range edges come from raw rows, exactly', () => {
    // From 12:00 on the 10th (after the 09:00 call) to just after 13:00 on the 11th: sonnet, the cache hit, the auto-routed call.
    const m = totals(t.db, day(10, 12), day(11, 13) + 1);
    expect(m.requests).toBe(3);
    expect(m.cost).toBeCloseTo(3.15 + 0.75, 9);
  });

  it('budget lines and burn rate', () => {
    const now = day(12, 18);
    const b = budgetLines(
      t.db,
      [
        { id: 'all-month', scope: 'global', period: 'month', limitUsd: 20, mode: 'hard' },
        { id: 'openai-day', scope: 'provider', name: 'openai', period: 'day', limitUsd: 1, mode: 'soft' },
        { id: 'laptop-month', scope: 'token', name: 'laptop', period: 'month', limitUsd: 5, mode: 'soft' },
      ],
      { usdPerHour: 2 },
      now,
    );
    expect(b.budgets[0]).toMatchObject({ id: 'all-month', spentUsd: expect.closeTo(9.9, 9), exceeded: false, periodStart: localNoon(2025, 3, 1, 0) });
    expect(b.budgets[1]).toMatchObject({ id: 'openai-day', spentUsd: 0, fraction: 0 });
    expect(b.budgets[2]).toMatchObject({ id: 'laptop-month', spentUsd: expect.closeTo(2.5 + 3.5 + 0.75, 9), exceeded: true });
    expect(b.burn).toMatchObject({ todayStart: day(12, 0), todayUsd: 0, thresholdUsdPerHour: 2 });
  });
});

describe('roll-ups stay equal to raw aggregates', () => {
  /** Deterministic pseudo-random numbers. */
  function rng(seed: number) {
    let a = seed;
    return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  }

  function rawByDims(where = '1') {
    return t.db
      .prepare(
        `SELECT date(ts / 1000, 'unixepoch', 'localtime') AS day, COALESCE(provider, '') AS provider, COALESCE(served_model, '') AS model,
          COALESCE(token_name, '') AS token, COALESCE(route, '') AS route, COALESCE(source, '') AS source,
          COUNT(*) AS requests, TOTAL(status IS NULL OR status >= 400) AS errors, TOTAL(priced = 0) AS unpriced, TOTAL(cache_hit) AS cache_hits,
          TOTAL(input_tokens) AS input_tokens, TOTAL(output_tokens) AS output_tokens, TOTAL(cost_usd) AS cost, TOTAL(list_cost_usd) AS list_cost,
          TOTAL(CASE WHEN cache_hit = 1 THEN saved_usd END) AS saved, TOTAL(CASE WHEN cache_hit = 0 THEN counterfactual_cost_usd END) AS counterfactual_cost
         FROM requests WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      )
      .all() as Array<Record<string, number | string>>;
  }

  function rollupRows() {
    return t.db
      .prepare(
        `SELECT day, provider, model, token, route, source, requests, errors, unpriced, cache_hits, input_tokens, output_tokens, cost, list_cost, saved, counterfactual_cost
         FROM rollup_daily WHERE requests != 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      )
      .all() as Array<Record<string, number | string>>;
  }

  function expectSame(a: Array<Record<string, number | string>>, b: Array<Record<string, number | string>>) {
    expect(a.length).toBe(b.length);
    a.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) {
        if (typeof v === 'number') expect(b[i]![k] as number).toBeCloseTo(v, 6);
        else expect(b[i]![k]).toBe(v);
      }
    });
  }

  it('after random inserts, deletes and re-pricing updates; per-dimension roll-up agrees too; any range is exact', () => {
    const r = rng(7);
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const recs: RequestRecord[] = [];
    for (let i = 0; i < 600; i++) {
      const hit = r() < 0.1;
      recs.push(
        makeRecord({
          ts: day(1) + Math.floor(r() * 12 * 86_400_000),
          provider: pick(['openai', 'anthropic', 'lab', null]),
          servedModel: pick(['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-20250514', 'mystery', null]),
          tokenName: pick(['a', 'b', null]),
          route: pick(['auto', 'fast', null]),
          source: pick(['proxy', 'race', 'compare']),
          status: pick([200, 200, 200, 429, 500]),
          cacheHit: hit,
          usage: r() < 0.1 ? null : usage(Math.floor(r() * 5000), Math.floor(r() * 2000), { cacheReadTokens: Math.floor(r() * 100) }),
          counterfactual: r() < 0.2 ? { provider: 'openai', model: 'gpt-4.1' } : null,
        }),
      );
    }
    write(t.db, recs);
    expectSame(rawByDims(), rollupRows());
    // Deletes (e.g. a purge) and updates (a recompute) move the totals.
    t.db.prepare(`DELETE FROM requests WHERE rowid % 7 = 0`).run();
    t.db.prepare(`UPDATE requests SET cost_usd = cost_usd * 2, list_cost_usd = 1.5, source = 'proxy' WHERE rowid % 5 = 0`).run();
    t.db.prepare(`UPDATE requests SET ts = ts + 86400000 WHERE rowid % 11 = 0`).run();
    expectSame(rawByDims(), rollupRows());

    // rollup_daily_dim equals rollup_daily summed per dimension.
    for (const [dim, key, sub] of [
      ['model', 'provider', 'model'],
      ['token', 'token', "''"],
      ['route', 'route', "''"],
      ['source', 'source', "''"],
    ] as const) {
      const fromFull = t.db
        .prepare(`SELECT day, ${key} AS k, ${sub} AS s, SUM(requests) AS n, TOTAL(cost) AS c, TOTAL(saved) AS sv, SUM(input_tokens) AS i FROM rollup_daily GROUP BY 1, 2, 3 HAVING n != 0 ORDER BY 1, 2, 3`)
        .all();
      const fromDim = t.db
        .prepare(`SELECT day, key AS k, sub AS s, requests AS n, cost AS c, saved AS sv, input_tokens AS i FROM rollup_daily_dim WHERE dim = ? AND requests != 0 ORDER BY 1, 2, 3`)
        .all(dim);
      expectSame(fromFull as never, fromDim as never);
    }

    // aggregate() over arbitrary ranges (partial days at both ends) equals a raw sum, with and without filters.
    for (let i = 0; i < 25; i++) {
      const a = day(1) + Math.floor(r() * 12 * 86_400_000);
      const b = a + Math.floor(r() * 6 * 86_400_000);
      const filter = i % 3 === 0 ? {} : i % 3 === 1 ? { providers: ['openai'] } : { tokens: ['a', ''], routes: ['auto'] };
      const m = totals(t.db, a, b, filter);
      const where = ['ts >= ?', 'ts < ?'];
      if (i % 3 === 1) where.push(`provider = 'openai'`);
      if (i % 3 === 2) where.push(`(token_name = 'a' OR token_name IS NULL)`, `route = 'auto'`);
      const raw = t.db.prepare(`SELECT COUNT(*) AS n, TOTAL(cost_usd) AS c, TOTAL(output_tokens) AS o FROM requests WHERE ${where.join(' AND ')}`).get(a, b) as {
        n: number;
        c: number;
        o: number;
      };
      expect(m.requests).toBe(raw.n);
      expect(m.cost).toBeCloseTo(raw.c, 6);
      expect(m.outputTokens).toBe(raw.o);
    }
    // Grouped by day and model, whole range.
    const grouped = aggregate(t.db, day(1, 0), day(20, 0), undefined, ['day', 'model']);
    expect(grouped.reduce((s, g) => s + g.m.requests, 0)).toBe((t.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n);
  });
});

describe('previous period', () => {
  it('ranges under a day move back by their length; longer ones by whole local days, same time of day', async () => {
    const { previousRange } = await import('../../electron/analytics/costs');
    expect(previousRange(day(10, 12), day(10, 13))).toEqual({ from: day(10, 11), to: day(10, 12) });
    expect(previousRange(day(10, 0), day(13, 0))).toEqual({ from: day(7, 0), to: day(10, 0) });
    // "the last 30 days until now" (29 days and a bit) → the 30 days before, at the same time of day
    expect(previousRange(localNoon(2025, 5, 2, 0), localNoon(2025, 5, 31, 15))).toEqual({ from: localNoon(2025, 4, 2, 0), to: localNoon(2025, 5, 1, 15) });
  });
});
