/**
 * The one aggregation primitive behind every Costs query: sums of the
 * measures over [from, to), filtered by dimension and grouped by day/hour and
 * dimensions. Whole local days come from the roll-ups (a few rows per day);
 * the partial days at either end come from raw `requests` rows through the
 * `ts` index. So any range is exact, and the cost is bounded by
 * (days × dimension combinations) + (at most two days of raw rows).
 */
import type { Database } from 'better-sqlite3';
import { addDays, bucketKey, dayKey, dayStart, HOUR_MS, splitRange } from './days';
import {
  DIMENSIONS,
  FILTER_KEY,
  MEASURES,
  MEASURE_NAMES,
  RAW_COLUMN,
  dimWhere,
  rollupIn,
  stmt,
  zeroMeasures,
  type DimFilter,
  type Dimension,
  type MeasureName,
  type Measures,
  type SqlArg,
} from './sql';

export type GroupKey = 'day' | 'hour' | Dimension;

/** The end of year 9999: ranges are clamped to [0, MAX_TS] so day keys stay 10 characters. */
export const MAX_TS = 253_402_300_799_999;

export interface AggRow {
  /** Group values; `model` rows also carry `provider`. */
  key: Partial<Record<GroupKey, string>>;
  /** The asked-for measures (the others stay 0). */
  m: Measures;
}

function groupColumns(groupBy: readonly GroupKey[]): GroupKey[] {
  const cols = new Set<GroupKey>(groupBy);
  if (cols.has('model')) cols.add('provider'); // a model is identified with its provider
  return [...cols];
}

const select = (measures: readonly MeasureName[], which: 0 | 1) => measures.map((k) => `${MEASURES[k][which]} AS ${k}`).join(', ');

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

function rollupQuery(fromDay: string, toDay: string, filter: DimFilter | undefined, cols: GroupKey[], measures: readonly MeasureName[]): { sql: string; args: SqlArg[] } {
  const table = rollupTableFor(filter, cols);
  const where = ['day >= ?', 'day < ?'];
  const args: SqlArg[] = [fromDay, toDay];
  if (table === null) {
    dimWhere(filter, 'rollup', where, args);
    const sel = cols.join(', ');
    const sql =
      `SELECT ${sel ? sel + ', ' : ''}${select(measures, 0)} FROM rollup_daily WHERE ${where.join(' AND ')}` + (sel ? ` GROUP BY ${sel}` : '');
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
    `SELECT ${sel ? sel + ', ' : ''}${select(measures, 0)} FROM rollup_daily_dim WHERE ${where.join(' AND ')}` + (groups ? ` GROUP BY ${groups}` : '');
  return { sql, args };
}

/**
 * Raw rows in [from, to). Time keys are not computed per row: a raw piece
 * lies within one local day (its key is a constant), and hours are whole
 * hours counted from `hourBase` (a local hour start), mapped to keys in JS.
 */
function rawQuery(from: number, to: number, filter: DimFilter | undefined, cols: GroupKey[], measures: readonly MeasureName[], hourBase: number): { sql: string; args: SqlArg[] } {
  const where = ['ts >= ?', 'ts < ?'];
  const sel: string[] = [];
  const selArgs: SqlArg[] = [];
  for (const c of cols) {
    if (c === 'day') (sel.push('? AS day'), selArgs.push(dayKey(from)));
    // CAST: a bound JS number is a REAL, which would make this a fractional (per-row) group.
    else if (c === 'hour') (sel.push('(ts - CAST(? AS INTEGER)) / 3600000 AS hour'), selArgs.push(hourBase));
    else sel.push(`COALESCE(${RAW_COLUMN[c]}, '') AS ${c}`);
  }
  const args: SqlArg[] = [...selArgs, from, to];
  dimWhere(filter, 'raw', where, args);
  const groups = cols.map((_, i) => String(i + 1)).join(', ');
  // Every index on requests ends in ts, so whichever the planner picks is a bounded range seek.
  const sql =
    `SELECT ${sel.length ? sel.join(', ') + ', ' : ''}${select(measures, 1)} FROM requests WHERE ${where.join(' AND ')}` +
    (groups ? ` GROUP BY ${groups}` : '');
  return { sql, args };
}

/** [from, to) cut at local midnights, so each raw piece has one day key. */
function byDay(from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = from; a < to; ) {
    const b = Math.min(to, dayStart(addDays(dayKey(a), 1)));
    out.push([a, b]);
    a = b;
  }
  return out;
}

/**
 * Sums `measures` (default: all) over [from, to), grouped by `groupBy`.
 * Grouping by `hour` reads raw rows only (keep such ranges short). Returns one
 * row per group (no row for empty groups).
 */
export function aggregate(
  db: Database,
  fromMs: number,
  toMs: number,
  filter: DimFilter | undefined,
  groupBy: readonly GroupKey[] = [],
  measures: readonly MeasureName[] = MEASURE_NAMES,
): AggRow[] {
  const from = Math.max(0, Math.floor(fromMs));
  const to = Math.min(MAX_TS, Math.ceil(toMs));
  const cols = groupColumns(groupBy);
  const hourly = cols.includes('hour');
  const hourBase = hourly ? new Date(from).setMinutes(0, 0, 0) : 0;
  const out = new Map<string, AggRow>();
  // Rows come as arrays (faster than objects): the group columns in `cols` order, then `measures`.
  const n = cols.length;
  const merge = (rows: unknown[][]) => {
    for (const r of rows) {
      const key: Partial<Record<GroupKey, string>> = {};
      let id = '';
      for (let i = 0; i < n; i++) {
        const c = cols[i]!;
        const v = c === 'hour' ? bucketKey(hourBase + Number(r[i]) * HOUR_MS, 'hour') : String(r[i] ?? '');
        key[c] = v;
        id += v + '\u0000';
      }
      let agg = out.get(id);
      if (!agg) out.set(id, (agg = { key, m: zeroMeasures() }));
      for (let j = 0; j < measures.length; j++) {
        const v = r[n + j];
        if (typeof v === 'number') agg.m[measures[j]!] += v;
      }
    }
  };
  const split = hourly ? { days: null, raw: to > from ? [[from, to] as [number, number]] : [] } : splitRange(from, to);
  if (split.days) {
    const q = rollupQuery(split.days.fromDay, split.days.toDay, filter, cols, measures);
    merge(stmt(db, q.sql).raw(true).all(...q.args) as unknown[][]);
  }
  // Raw pieces: within one local day each (split further when grouping by day).
  const pieces = cols.includes('day') ? split.raw.flatMap(([a, b]) => byDay(a, b)) : split.raw;
  for (const [a, b] of pieces) {
    const q = rawQuery(a, b, filter, cols, measures, hourBase);
    merge(stmt(db, q.sql).raw(true).all(...q.args) as unknown[][]);
  }
  if (cols.length === 0 && out.size === 0) out.set('', { key: {}, m: zeroMeasures() });
  return [...out.values()];
}

/** Measures over [from, to) as one total (default: all of them). */
export function totals(db: Database, from: number, to: number, filter?: DimFilter, measures: readonly MeasureName[] = MEASURE_NAMES): Measures {
  return aggregate(db, from, to, filter, [], measures)[0]?.m ?? zeroMeasures();
}
