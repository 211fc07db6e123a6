/**
 * SQL building blocks shared by the Costs and Requests queries: the roll-up's
 * dimensions and measures (with their raw-row equivalents, which must agree
 * with the triggers in store/migrations.ts — a test checks they do), filters,
 * and a per-connection prepared-statement cache.
 */
import type { Database, Statement } from 'better-sqlite3';

export const DIMENSIONS = ['provider', 'model', 'token', 'route', 'source'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Filters on the roll-up's dimensions. Each list matches any of its values;
 * `''` matches "none" (no client token, no route, …). Models are served-model
 * names (as the provider reported them).
 */
export interface DimFilter {
  providers?: readonly string[] | undefined;
  models?: readonly string[] | undefined;
  tokens?: readonly string[] | undefined;
  routes?: readonly string[] | undefined;
  sources?: readonly string[] | undefined;
}

export const FILTER_KEY: Record<Dimension, keyof DimFilter> = {
  provider: 'providers',
  model: 'models',
  token: 'tokens',
  route: 'routes',
  source: 'sources',
};

/** `requests` columns behind each dimension. */
export const RAW_COLUMN: Record<Dimension, string> = {
  provider: 'provider',
  model: 'served_model',
  token: 'token_name',
  route: 'route',
  source: 'source',
};

/** The day expression the roll-up triggers use. */
export const RAW_DAY = `date(ts / 1000, 'unixepoch', 'localtime')`;
export const RAW_HOUR = `strftime('%Y-%m-%d %H', ts / 1000, 'unixepoch', 'localtime')`;

export type SqlArg = string | number | null;

/** Measures, summed: over `rollup_daily` rows, and the same over raw `requests` rows. */
export const MEASURES = {
  requests: ['SUM(requests)', 'COUNT(*)'],
  errors: ['SUM(errors)', 'TOTAL(status IS NULL OR status >= 400)'],
  unpriced: ['SUM(unpriced)', 'TOTAL(priced = 0)'],
  cacheHits: ['SUM(cache_hits)', 'TOTAL(cache_hit = 1)'],
  routed: ['SUM(routed)', 'TOTAL(counterfactual_cost_usd IS NOT NULL AND cache_hit = 0)'],
  inputTokens: ['SUM(input_tokens)', 'TOTAL(input_tokens)'],
  cacheReadTokens: ['SUM(cache_read_tokens)', 'TOTAL(cache_read_tokens)'],
  cacheWriteTokens: ['SUM(cache_write_tokens)', 'TOTAL(cache_write_tokens)'],
  outputTokens: ['SUM(output_tokens)', 'TOTAL(output_tokens)'],
  reasoningTokens: ['SUM(reasoning_tokens)', 'TOTAL(reasoning_tokens)'],
  cost: ['TOTAL(cost)', 'TOTAL(cost_usd)'],
  listCost: ['TOTAL(list_cost)', 'TOTAL(list_cost_usd)'],
  costInput: ['TOTAL(cost_input)', 'TOTAL(cost_input_usd)'],
  costCached: ['TOTAL(cost_cached)', 'TOTAL(cost_cached_input_usd)'],
  costOutput: ['TOTAL(cost_output)', 'TOTAL(cost_output_usd)'],
  costReasoning: ['TOTAL(cost_reasoning)', 'TOTAL(cost_reasoning_usd)'],
  saved: ['TOTAL(saved)', 'TOTAL(CASE WHEN cache_hit = 1 THEN saved_usd END)'],
  routedCost: ['TOTAL(routed_cost)', 'TOTAL(CASE WHEN counterfactual_cost_usd IS NOT NULL AND cache_hit = 0 THEN cost_usd END)'],
  counterfactualCost: ['TOTAL(counterfactual_cost)', 'TOTAL(CASE WHEN cache_hit = 0 THEN counterfactual_cost_usd END)'],
} as const;

export type MeasureName = keyof typeof MEASURES;
export type Measures = Record<MeasureName, number>;
export const MEASURE_NAMES = Object.keys(MEASURES) as MeasureName[];

export const zeroMeasures = (): Measures => ({
  requests: 0,
  errors: 0,
  unpriced: 0,
  cacheHits: 0,
  routed: 0,
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cost: 0,
  listCost: 0,
  costInput: 0,
  costCached: 0,
  costOutput: 0,
  costReasoning: 0,
  saved: 0,
  routedCost: 0,
  counterfactualCost: 0,
});

export function addMeasures(into: Measures, from: Readonly<Record<string, unknown>>, names: readonly MeasureName[] = MEASURE_NAMES): Measures {
  for (const k of names) {
    const v = from[k];
    if (typeof v === 'number') into[k] += v;
  }
  return into;
}

export const ROLLUP_SELECT = MEASURE_NAMES.map((k) => `${MEASURES[k][0]} AS ${k}`).join(', ');
export const RAW_SELECT = MEASURE_NAMES.map((k) => `${MEASURES[k][1]} AS ${k}`).join(', ');

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** `col IN (…)` over roll-up columns, where `''` is a stored value. */
export function rollupIn(col: string, values: readonly string[], where: string[], args: SqlArg[]): void {
  const uniq = [...new Set(values)];
  if (uniq.length === 1) where.push(`${col} = ?`);
  else where.push(`${col} IN (${placeholders(uniq.length)})`);
  args.push(...uniq);
}

/**
 * The same over a nullable `requests` column: `''` means NULL. A single value
 * becomes `col = ?` so the `(col, ts)` indexes can serve it in time order.
 */
export function rawIn(col: string, values: readonly string[], where: string[], args: SqlArg[]): void {
  const uniq = [...new Set(values)];
  const wantNull = uniq.includes('');
  const vals = uniq.filter((v) => v !== '');
  const parts: string[] = [];
  if (vals.length === 1) parts.push(`${col} = ?`);
  else if (vals.length > 1) parts.push(`${col} IN (${placeholders(vals.length)})`);
  if (wantNull) parts.push(`${col} IS NULL`);
  if (parts.length === 0) return;
  where.push(parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`);
  args.push(...vals);
}

/** Appends the dimension filters, for the roll-up (`rollup`) or for raw rows (prefix e.g. `r.`). */
export function dimWhere(filter: DimFilter | undefined, target: 'rollup' | 'raw', where: string[], args: SqlArg[], prefix = ''): void {
  if (!filter) return;
  for (const dim of DIMENSIONS) {
    const values = filter[FILTER_KEY[dim]];
    if (!values || values.length === 0) continue;
    if (target === 'rollup') rollupIn(dim, values, where, args);
    else rawIn(prefix + RAW_COLUMN[dim], values, where, args);
  }
}

const cache = new WeakMap<Database, Map<string, Statement>>();

/** Prepared once per connection and SQL text. */
export function stmt(db: Database, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    if (m.size > 500) m.clear();
    m.set(sql, (s = db.prepare(sql)));
  }
  return s;
}
