/**
 * The Costs page's queries: totals with the previous period, spend and tokens
 * over time stacked by a dimension, top spenders, savings, and budget lines
 * with today's burn rate. All are built on `aggregate` (roll-up + raw edges).
 */
import type { Database } from 'better-sqlite3';
import type { Budget, BurnRate } from '../../shared/settings';
import { periodBounds } from '../budget/periods';
import { aggregate, totals } from './aggregate';
import { bucketOfDay, bucketStart, bucketsIn, HOUR_MS, DAY_MS, startOfDay, type Bucket } from './days';
import { zeroMeasures, type DimFilter, type Dimension, type MeasureName, type Measures } from './sql';

export interface TokenTotals {
  /** Prompt tokens not read from or written to a provider's prompt cache. */
  input: number;
  /** Prompt tokens read from or written to the provider's prompt cache. */
  cached: number;
  /** Completion tokens other than reasoning. */
  output: number;
  /** Reasoning/thinking tokens. */
  reasoning: number;
  total: number;
}

export interface CostTotals {
  requests: number;
  errors: number;
  /** Requests whose model had no known price: their cost is unknown, not zero. */
  unpricedRequests: number;
  cacheHits: number;
  /** What was (or will be) billed: list price × provider discount, overrides applied. */
  costUsd: number;
  /** The same at list price. */
  listCostUsd: number;
  breakdown: { inputUsd: number; cachedInputUsd: number; outputUsd: number; reasoningUsd: number };
  tokens: TokenTotals;
  /** Response-cache hits: what they would have cost. */
  cacheSavedUsd: number;
  /** Auto-routed calls that carried a priced counterfactual. */
  routed: { requests: number; actualUsd: number; counterfactualUsd: number; savedUsd: number };
}

const round = (v: number) => (Math.abs(v) < 1e-12 ? 0 : v);

export function tokenTotals(m: Measures): TokenTotals {
  const cached = m.cacheReadTokens + m.cacheWriteTokens;
  const input = Math.max(0, m.inputTokens - cached);
  const reasoning = m.reasoningTokens;
  const output = Math.max(0, m.outputTokens - reasoning);
  return { input, cached, output, reasoning, total: input + cached + output + reasoning };
}

export function costTotals(m: Measures): CostTotals {
  return {
    requests: m.requests,
    errors: m.errors,
    unpricedRequests: m.unpriced,
    cacheHits: m.cacheHits,
    costUsd: round(m.cost),
    listCostUsd: round(m.listCost),
    breakdown: { inputUsd: round(m.costInput), cachedInputUsd: round(m.costCached), outputUsd: round(m.costOutput), reasoningUsd: round(m.costReasoning) },
    tokens: tokenTotals(m),
    cacheSavedUsd: round(m.saved),
    routed: {
      requests: m.routed,
      actualUsd: round(m.routedCost),
      counterfactualUsd: round(m.counterfactualCost),
      savedUsd: round(m.counterfactualCost - m.routedCost),
    },
  };
}

export interface RangeInput {
  /** ms since epoch, inclusive. */
  from: number;
  /** ms since epoch, exclusive. */
  to: number;
  filter?: DimFilter;
}

/**
 * The period to compare [from, to) with: ranges under a day move back by
 * their length; longer ones move back by whole local days (their length,
 * rounded up), so "the last 30 days until now" compares with the 30 days
 * before, at the same time of day, and day buckets line up one to one.
 */
export function previousRange(from: number, to: number): { from: number; to: number } {
  const len = to - from;
  if (len < DAY_MS) return { from: from - len, to: from };
  const days = Math.ceil(len / DAY_MS - 1e-9);
  const back = (ms: number) => {
    const d = new Date(ms);
    d.setDate(d.getDate() - days);
    return d.getTime();
  };
  return { from: back(from), to: back(to) };
}

const pct = (cur: number, prev: number) => (prev === 0 ? null : ((cur - prev) / prev) * 100);

export interface CostSummary {
  from: number;
  to: number;
  current: CostTotals;
  previous: { from: number; to: number; totals: CostTotals } | null;
  /** Percent change from the previous period; null where it had none. */
  change: { costPct: number | null; requestsPct: number | null; tokensPct: number | null } | null;
}

export function costSummary(db: Database, q: RangeInput & { compare?: boolean }): CostSummary {
  const current = costTotals(totals(db, q.from, q.to, q.filter));
  if (q.compare === false) return { from: q.from, to: q.to, current, previous: null, change: null };
  const p = previousRange(q.from, q.to);
  const prev = costTotals(totals(db, p.from, p.to, q.filter));
  return {
    from: q.from,
    to: q.to,
    current,
    previous: { ...p, totals: prev },
    change: {
      costPct: pct(current.costUsd, prev.costUsd),
      requestsPct: pct(current.requests, prev.requests),
      tokensPct: pct(current.tokens.total, prev.tokens.total),
    },
  };
}

export type Metric = 'cost' | 'listCost' | 'requests' | 'tokens' | 'saved';

export function metricOf(m: Measures, metric: Metric): number {
  switch (metric) {
    case 'cost':
      return m.cost;
    case 'listCost':
      return m.listCost;
    case 'requests':
      return m.requests;
    case 'tokens':
      return m.inputTokens + m.outputTokens;
    case 'saved':
      return m.saved + (m.counterfactualCost - m.routedCost);
  }
}

const TOKEN_MEASURES: MeasureName[] = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'];
const METRIC_MEASURES: Record<Metric, MeasureName[]> = {
  cost: ['cost'],
  listCost: ['listCost'],
  requests: ['requests'],
  tokens: ['inputTokens', 'outputTokens'],
  saved: ['saved', 'counterfactualCost', 'routedCost'],
};

const NONE_LABEL: Record<Dimension, string> = {
  provider: '(no provider)',
  model: '(no model)',
  token: '(no token)',
  route: '(no route)',
  source: '(unknown)',
};

/** The key and label of a group: `provider/model` for models; `''` (label "(no …)") for none. */
export function dimKey(dim: Dimension, key: Partial<Record<string, string>>): { key: string; label: string } {
  if (dim === 'model') {
    const provider = key.provider ?? '';
    const model = key.model ?? '';
    if (!model) return { key: provider ? `${provider}/` : '', label: provider ? `${provider} ${NONE_LABEL.model}` : NONE_LABEL.model };
    return { key: `${provider}/${model}`, label: provider ? `${provider}/${model}` : model };
  }
  const v = key[dim] ?? '';
  return { key: v, label: v || NONE_LABEL[dim] };
}

export const OTHER_KEY = '__other__';

export interface TimeseriesInput extends RangeInput {
  bucket: Bucket;
  /** null: one series (`total`). */
  stackBy: Dimension | null;
  metric: Metric;
  /** Most series; the rest are summed into `__other__`. Default 8. */
  maxSeries?: number;
  /** Also return the previous period's totals per bucket. */
  compare?: boolean;
}

export interface TimeseriesPoint {
  /** Bucket key: `YYYY-MM-DD HH`, `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`. */
  key: string;
  /** Local start of the bucket, ms. */
  start: number;
  /** The metric per series key. */
  values: Record<string, number>;
  /** The metric over all series. */
  total: number;
  costUsd: number;
  requests: number;
  tokens: TokenTotals;
}

export interface Timeseries {
  bucket: Bucket;
  metric: Metric;
  stackBy: Dimension | null;
  series: Array<{ key: string; label: string; total: number }>;
  points: TimeseriesPoint[];
  /** The previous period's metric total per bucket, aligned with `points` by index. */
  previous: number[] | null;
}

/** Hourly buckets read raw rows: keep them to short ranges. */
export const MAX_HOURLY_RANGE_MS = 7 * DAY_MS;
const MAX_BUCKETS = 2_000;

function series(db: Database, q: TimeseriesInput, from: number, to: number) {
  const timeKey = q.bucket === 'hour' ? 'hour' : 'day';
  const measures = [...new Set<MeasureName>([...METRIC_MEASURES[q.metric], 'cost', 'requests', ...TOKEN_MEASURES])];
  const rows = aggregate(db, from, to, q.filter, q.stackBy ? [timeKey, q.stackBy] : [timeKey], measures);
  const keys = bucketsIn(from, to, q.bucket, MAX_BUCKETS);
  const index = new Map(keys.map((k, i) => [k, i]));
  const perBucket = keys.map(() => ({ groups: new Map<string, number>(), m: [] as Measures[] }));
  const labels = new Map<string, string>();
  for (const r of rows) {
    const t = r.key[timeKey] ?? '';
    const b = q.bucket === 'hour' ? t : bucketOfDay(t, q.bucket);
    const i = index.get(b);
    if (i === undefined) continue;
    const slot = perBucket[i]!;
    const s = q.stackBy ? dimKey(q.stackBy, r.key) : { key: 'total', label: 'Total' };
    labels.set(s.key, s.label);
    slot.groups.set(s.key, (slot.groups.get(s.key) ?? 0) + metricOf(r.m, q.metric));
    slot.m.push(r.m);
  }
  return { keys, perBucket, labels };
}

export function costTimeseries(db: Database, q: TimeseriesInput): Timeseries {
  if (q.bucket === 'hour' && q.to - q.from > MAX_HOURLY_RANGE_MS) {
    throw new RangeError('Hourly buckets are for ranges of 7 days or less; use day, week or month.');
  }
  if (bucketsIn(q.from, q.to, q.bucket, MAX_BUCKETS + 1).length > MAX_BUCKETS) {
    throw new RangeError(`That range has more than ${MAX_BUCKETS} ${q.bucket} buckets; pick a coarser bucket.`);
  }
  const { keys, perBucket, labels } = series(db, q, q.from, q.to);
  const totalsByKey = new Map<string, number>();
  for (const b of perBucket) for (const [k, v] of b.groups) totalsByKey.set(k, (totalsByKey.get(k) ?? 0) + v);
  const ranked = [...totalsByKey.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = Math.max(1, q.maxSeries ?? 8);
  const kept = new Set(ranked.slice(0, ranked.length > max ? max - 1 : max).map(([k]) => k));
  const hasOther = ranked.length > kept.size;
  const seriesOut = ranked.filter(([k]) => kept.has(k)).map(([key, total]) => ({ key, label: labels.get(key) ?? key, total: round(total) }));
  if (hasOther) {
    seriesOut.push({ key: OTHER_KEY, label: 'Other', total: round(ranked.filter(([k]) => !kept.has(k)).reduce((s, [, v]) => s + v, 0)) });
  }
  const points: TimeseriesPoint[] = keys.map((key, i) => {
    const b = perBucket[i]!;
    const values: Record<string, number> = {};
    for (const s of seriesOut) values[s.key] = 0;
    let total = 0;
    for (const [k, v] of b.groups) {
      const target = kept.has(k) ? k : OTHER_KEY;
      values[target] = (values[target] ?? 0) + v;
      total += v;
    }
    const m = b.m.reduce(
      (acc, x) => {
        acc.cost += x.cost;
        acc.requests += x.requests;
        acc.inputTokens += x.inputTokens;
        acc.outputTokens += x.outputTokens;
        acc.cacheReadTokens += x.cacheReadTokens;
        acc.cacheWriteTokens += x.cacheWriteTokens;
        acc.reasoningTokens += x.reasoningTokens;
        return acc;
      },
      { cost: 0, requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } as Measures,
    );
    for (const k of Object.keys(values)) values[k] = round(values[k]!);
    return { key, start: bucketStart(key, q.bucket), values, total: round(total), costUsd: round(m.cost), requests: m.requests, tokens: tokenTotals(m) };
  });
  let previous: number[] | null = null;
  if (q.compare) {
    const p = previousRange(q.from, q.to);
    const prev = series(db, { ...q, stackBy: null }, p.from, p.to);
    const totalsPrev = prev.perBucket.map((b) => round([...b.groups.values()].reduce((s, v) => s + v, 0)));
    // Align by position from the end, so "this week vs last week" lines up day by day.
    previous = points.map((_, i) => totalsPrev[i - (points.length - totalsPrev.length)] ?? 0);
  }
  return { bucket: q.bucket, metric: q.metric, stackBy: q.stackBy, series: seriesOut, points, previous };
}

export interface TopRow {
  key: string;
  label: string;
  /** Set for `by: 'model'` (and `provider`). */
  provider: string | null;
  model: string | null;
  costUsd: number;
  listCostUsd: number;
  requests: number;
  errors: number;
  unpricedRequests: number;
  tokens: number;
  /** Share of the range's cost, 0..1. */
  share: number;
  /** Cost in the previous period (`previousRange`); null when not asked. */
  previousCostUsd: number | null;
}

export interface TopResult {
  by: Dimension;
  totalCostUsd: number;
  rows: TopRow[];
  /** Cost of the groups past `limit`. */
  otherCostUsd: number;
  otherCount: number;
}

export function costTop(db: Database, q: RangeInput & { by: Dimension; limit?: number; compare?: boolean }): TopResult {
  const measures: MeasureName[] = ['cost', 'listCost', 'requests', 'errors', 'unpriced', 'inputTokens', 'outputTokens'];
  const rows = aggregate(db, q.from, q.to, q.filter, [q.by], measures);
  const total = rows.reduce((s, r) => s + r.m.cost, 0);
  let prev: Map<string, number> | null = null;
  if (q.compare) {
    const p = previousRange(q.from, q.to);
    prev = new Map(aggregate(db, p.from, p.to, q.filter, [q.by], ['cost']).map((r) => [dimKey(q.by, r.key).key, r.m.cost]));
  }
  const all = rows
    .map((r): TopRow => {
      const { key, label } = dimKey(q.by, r.key);
      return {
        key,
        label,
        provider: q.by === 'model' || q.by === 'provider' ? (r.key.provider ?? null) : null,
        model: q.by === 'model' ? (r.key.model ?? null) : null,
        costUsd: round(r.m.cost),
        listCostUsd: round(r.m.listCost),
        requests: r.m.requests,
        errors: r.m.errors,
        unpricedRequests: r.m.unpriced,
        tokens: r.m.inputTokens + r.m.outputTokens,
        share: total > 0 ? r.m.cost / total : 0,
        previousCostUsd: prev ? round(prev.get(key) ?? 0) : null,
      };
    })
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key));
  const limit = Math.max(1, q.limit ?? 10);
  const rest = all.slice(limit);
  return {
    by: q.by,
    totalCostUsd: round(total),
    rows: all.slice(0, limit),
    otherCostUsd: round(rest.reduce((s, r) => s + r.costUsd, 0)),
    otherCount: rest.length,
  };
}

export interface Savings {
  /** Response-cache hits: billed 0; `savedUsd` is what they would have cost. */
  cache: { hits: number; savedUsd: number };
  /** Auto-routed calls: what they cost vs. the same usage on the requested/default model. */
  routing: {
    requests: number;
    actualUsd: number;
    counterfactualUsd: number;
    /** counterfactual − actual; negative when routing cost more. */
    savedUsd: number;
    byRoute: Array<{ route: string; label: string; requests: number; actualUsd: number; counterfactualUsd: number; savedUsd: number }>;
  };
  /** Provider discounts: list price − what is billed. */
  discounts: { listUsd: number; effectiveUsd: number; savedUsd: number };
  totalSavedUsd: number;
}

export function costSavings(db: Database, q: RangeInput): Savings {
  const byRoute = aggregate(db, q.from, q.to, q.filter, ['route'], ['cost', 'listCost', 'saved', 'cacheHits', 'routed', 'routedCost', 'counterfactualCost']);
  const m = byRoute.reduce((acc, r) => {
    for (const k of Object.keys(acc) as Array<keyof Measures>) acc[k] += r.m[k];
    return acc;
  }, zeroMeasures());
  const cacheSaved = round(m.saved);
  const routingSaved = round(m.counterfactualCost - m.routedCost);
  const discountSaved = round(m.listCost - m.cost);
  return {
    cache: { hits: m.cacheHits, savedUsd: cacheSaved },
    routing: {
      requests: m.routed,
      actualUsd: round(m.routedCost),
      counterfactualUsd: round(m.counterfactualCost),
      savedUsd: routingSaved,
      byRoute: byRoute
        .filter((r) => r.m.routed > 0)
        .map((r) => ({
          route: r.key.route ?? '',
          label: dimKey('route', r.key).label,
          requests: r.m.routed,
          actualUsd: round(r.m.routedCost),
          counterfactualUsd: round(r.m.counterfactualCost),
          savedUsd: round(r.m.counterfactualCost - r.m.routedCost),
        }))
        .sort((a, b) => b.savedUsd - a.savedUsd),
    },
    discounts: { listUsd: round(m.listCost), effectiveUsd: round(m.cost), savedUsd: discountSaved },
    totalSavedUsd: round(cacheSaved + routingSaved + discountSaved),
  };
}

export interface BudgetLine {
  id: string;
  scope: Budget['scope'];
  name: string | null;
  period: Budget['period'];
  mode: Budget['mode'];
  limitUsd: number;
  spentUsd: number;
  /** spent / limit (Infinity-safe: 1 when the limit is 0 and something was spent). */
  fraction: number;
  exceeded: boolean;
  periodStart: number;
  periodEnd: number;
}

export interface BurnRateInfo {
  /** Local midnight today. */
  todayStart: number;
  todayUsd: number;
  lastHourUsd: number;
  /** Average $/hour since midnight. */
  hourlyRateUsd: number;
  /** Today's spend if the average rate holds until midnight. */
  projectedTodayUsd: number;
  /** The configured burn-rate alert, if any. */
  thresholdUsdPerHour: number | null;
}

export function budgetLines(db: Database, budgets: readonly Budget[], burnRate: BurnRate | null, now: number = Date.now()): { budgets: BudgetLine[]; burn: BurnRateInfo } {
  const lines = budgets.map((b): BudgetLine => {
    const { start, end } = periodBounds(b.period, now);
    const filter: DimFilter =
      b.scope === 'provider' ? { providers: [b.name ?? ''] } : b.scope === 'route' ? { routes: [b.name ?? ''] } : b.scope === 'token' ? { tokens: [b.name ?? ''] } : {};
    const spent = round(totals(db, start, end, filter, ['cost']).cost);
    return {
      id: b.id,
      scope: b.scope,
      name: b.name ?? null,
      period: b.period,
      mode: b.mode,
      limitUsd: b.limitUsd,
      spentUsd: spent,
      fraction: b.limitUsd > 0 ? spent / b.limitUsd : spent > 0 ? 1 : 0,
      exceeded: spent >= b.limitUsd && (b.limitUsd > 0 || spent > 0),
      periodStart: start,
      periodEnd: end,
    };
  });
  const todayStart = startOfDay(now);
  const todayUsd = round(totals(db, todayStart, now + 1, undefined, ['cost']).cost);
  const lastHourUsd = round(totals(db, now - HOUR_MS, now + 1, undefined, ['cost']).cost);
  const hours = Math.max((now - todayStart) / HOUR_MS, 1 / 60);
  const hourlyRate = todayUsd / hours;
  const dayLength = periodBounds('day', now);
  return {
    budgets: lines,
    burn: {
      todayStart,
      todayUsd,
      lastHourUsd,
      hourlyRateUsd: round(hourlyRate),
      projectedTodayUsd: round(todayUsd + hourlyRate * Math.max(0, (dayLength.end - now) / HOUR_MS)),
      thresholdUsdPerHour: burnRate?.usdPerHour ?? null,
    },
  };
}
