/**
 * The one aggregation primitive behind every Costs query: sums of all the
 * measures over [from, to), filtered by dimension and grouped by day/hour and
 * dimensions. Whole local days come from the roll-ups (a few rows per day);
 * the partial days at either end come from raw `requests` rows through the
 * `ts` index. So any range is exact, and the cost is bounded by
 * (days × dimension combinations) + (at most two days of raw rows).
 */
import type { Database } from 'better-sqlite3';
import { splitRange } from './days';
import {
  DIMENSIONS,
  FILTER_KEY,
  RAW_COLUMN,
  RAW_DAY,
  RAW_HOUR,
  RAW_SELECT,
  ROLLUP_SELECT,
  addMeasures,
  dimWhere,
  rollupIn,
  stmt,
  zeroMeasures,
  type DimFilter,
  type Dimension,
  type Measures,
  type SqlArg,
} from './sql';

export type GroupKey = 'day' | 'hour' | Dimension;

/** The end of year 9999: ranges are clamped to [0, MAX_TS] so day keys stay 10 characters. */
export const MAX_TS = 253_402_300_799_999;

export interface AggRow {
  /** Group values; `model` rows also carry `provider`. */
  key: Partial<Record<GroupKey, string>>;
  m: Measures;
}

function groupColumns(groupBy: readonly GroupKey[]): GroupKey[] {
  const cols = new Set<GroupKey>(groupBy);
  if (cols.has('model')) cols.add('provider'); // a model is identified with its provider
  return [...cols];
}

type DimTable = 'model' | 'token' | 'route' | 'source';

/**
 * The smallest roll-up that can answer: `rollup_daily_dim` when the filter and
 * grouping touch one dimension (provider and model count as one: the `model`
 * rows carry their provider), else the full `rollup_daily`.
 */
export function rollupTableFor(filter: DimFilter | undefined, cols: readonly GroupKey[]): DimTable | null {
  const used = new Set<Dimension>();
  for (const dim of DIMENSIONS) if ((filter?.[FILTER_KEY[dim]]?.length ?? 0) > 0) used.add(dim);
  for (const c of cols) if (c !== 'day' && c !== 'hour') used.add(c);
  if (used.size === 0) return 'source'; // the table with the fewest rows per day
  if ([...used].every((d) => d === 'provider' || d === 'model')) return 'model';
  if (used.size === 1) {
    const only = [...used][0]!;
    return only === 'token' || only === 'route' || only === 'source' ? only : null;
  }
  return null;
}

function rollupQuery(fromDay: string, toDay: string, filter: DimFilter | undefined, cols: GroupKey[]): { sql: string; args: SqlArg[] } {
  const table = rollupTableFor(filter, cols);
  const where = ['day >= ?', 'day < ?'];
  const args: SqlArg[] = [fromDay, toDay];
  if (table === null) {
    dimWhere(filter, 'rollup', where, args);
    const sel = cols.join(', ');
    const sql =
      `SELECT ${sel ? sel + ', ' : ''}${ROLLUP_SELECT} FROM rollup_daily WHERE ${where.join(' AND ')}` + (sel ? ` GROUP BY ${sel}` : '');
    return { sql, args };
  }
  // rollup_daily_dim: `key` is the dimension's value (the provider, for `model` rows), `sub` the model.
  const column = (d: Dimension) => (table === 'model' && d === 'model' ? 'sub' : 'key');
  where.unshift('dim = ?');
  args.unshift(table);
  for (const dim of DIMENSIONS) {
    const values = filter?.[FILTER_KEY[dim]];
    if (values && values.length > 0) rollupIn(column(dim), values, where, args);
  }
  const sel = cols.map((c) => (c === 'day' || c === 'hour' ? c : `${column(c)} AS ${c}`)).join(', ');
  const groups = cols.map((_, i) => String(i + 1)).join(', ');
  const sql =
    `SELECT ${sel ? sel + ', ' : ''}${ROLLUP_SELECT} FROM rollup_daily_dim WHERE ${where.join(' AND ')}` + (groups ? ` GROUP BY ${groups}` : '');
  return { sql, args };
}

function rawQuery(from: number, to: number, filter: DimFilter | undefined, cols: GroupKey[]): { sql: string; args: SqlArg[] } {
  const where = ['ts >= ?', 'ts < ?'];
  const args: SqlArg[] = [from, to];
  dimWhere(filter, 'raw', where, args);
  const sel = cols
    .map((c) => (c === 'day' ? `${RAW_DAY} AS day` : c === 'hour' ? `${RAW_HOUR} AS hour` : `COALESCE(${RAW_COLUMN[c]}, '') AS ${c}`))
    .join(', ');
  const groups = cols.map((_, i) => String(i + 1)).join(', ');
  // Every index on requests ends in ts, so whichever the planner picks is a bounded range seek.
  const sql =
    `SELECT ${sel ? sel + ', ' : ''}${RAW_SELECT} FROM requests WHERE ${where.join(' AND ')}` +
    (groups ? ` GROUP BY ${groups}` : '');
  return { sql, args };
}

/**
 * Sums every measure over [from, to), grouped by `groupBy`. Grouping by
 * `hour` reads raw rows only (keep such ranges short). Returns one row per
 * group (no row for empty groups).
 */
export function aggregate(db: Database, fromMs: number, toMs: number, filter: DimFilter | undefined, groupBy: readonly GroupKey[] = []): AggRow[] {
  const from = Math.max(0, Math.floor(fromMs));
  const to = Math.min(MAX_TS, Math.ceil(toMs));
  const cols = groupColumns(groupBy);
  const out = new Map<string, AggRow>();
  const merge = (rows: Array<Record<string, unknown>>) => {
    for (const r of rows) {
      const key: Partial<Record<GroupKey, string>> = {};
      for (const c of cols) key[c] = String(r[c] ?? '');
      const id = cols.map((c) => key[c]).join('\u0000');
      let agg = out.get(id);
      if (!agg) out.set(id, (agg = { key, m: zeroMeasures() }));
      addMeasures(agg.m, r);
    }
  };
  const hourly = cols.includes('hour');
  const split = hourly ? { days: null, raw: to > from ? [[from, to] as [number, number]] : [] } : splitRange(from, to);
  if (split.days) {
    const q = rollupQuery(split.days.fromDay, split.days.toDay, filter, cols);
    merge(stmt(db, q.sql).all(...q.args) as Array<Record<string, unknown>>);
  }
  for (const [a, b] of split.raw) {
    const q = rawQuery(a, b, filter, cols);
    merge(stmt(db, q.sql).all(...q.args) as Array<Record<string, unknown>>);
  }
  if (cols.length === 0 && out.size === 0) out.set('', { key: {}, m: zeroMeasures() });
  return [...out.values()];
}

/** All measures over [from, to) as one total. */
export function totals(db: Database, from: number, to: number, filter?: DimFilter): Measures {
  return aggregate(db, from, to, filter, [])[0]?.m ?? zeroMeasures();
}
