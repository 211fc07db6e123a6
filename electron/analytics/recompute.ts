/**
 * Re-pricing logged rows after a price change (an override, a discount, new
 * price data). Rows are re-priced with the same pricer the LogWriter uses, in
 * batches of `batchSize` rows per transaction, yielding to the event loop
 * between batches so the proxy and the log writer keep running. Only rows
 * whose numbers change are written; the roll-up triggers move their totals.
 *
 * Attempt-level costs (`attempts.cost_usd`) are left as logged.
 */
import type { Database } from 'better-sqlite3';
import type { Pricer } from '../store/log-writer';
import type { RequestRecord } from '../store/types';
import { stmt } from './sql';

export interface RecomputeScope {
  /** null/absent: every provider. */
  provider?: string | null | undefined;
  /** null/absent: every model of `provider`. */
  model?: string | null | undefined;
}

export interface RecomputeProgress {
  /** Rows examined so far, of `total`. */
  done: number;
  total: number;
  /** Rows whose costs changed. */
  updated: number;
}

export interface RecomputeResult extends RecomputeProgress {
  /** Auto-routed rows whose counterfactual cost changed. */
  counterfactualUpdated: number;
  tookMs: number;
}

interface Row {
  rid: number;
  id: string;
  ts: number;
  client_format: string;
  endpoint: string;
  token_name: string | null;
  source: string;
  requested_model: string | null;
  route: string | null;
  provider: string | null;
  served_model: string | null;
  status: number | null;
  stream: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  usage_estimated: number;
  cache_hit: number;
  partial: number;
  cost_usd: number | null;
  list_cost_usd: number | null;
  cost_input_usd: number | null;
  cost_cached_input_usd: number | null;
  cost_output_usd: number | null;
  cost_reasoning_usd: number | null;
  priced: number;
  saved_usd: number | null;
  counterfactual_provider: string | null;
  counterfactual_model: string | null;
  counterfactual_cost_usd: number | null;
}

const SELECT_BATCH = `SELECT rowid AS rid, * FROM requests WHERE rowid IN (SELECT value FROM json_each(?))`;
const UPDATE_COSTS = `UPDATE requests SET cost_usd = ?, list_cost_usd = ?, cost_input_usd = ?, cost_cached_input_usd = ?,
  cost_output_usd = ?, cost_reasoning_usd = ?, priced = ?, saved_usd = ? WHERE rowid = ?`;
const UPDATE_CF = `UPDATE requests SET counterfactual_cost_usd = ? WHERE rowid = ?`;

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A logged row as the record the pricer sees (only priced fields matter). */
export function recordFromRow(r: Row): RequestRecord {
  const hasUsage = r.input_tokens !== null || r.output_tokens !== null;
  return {
    id: r.id,
    ts: r.ts,
    clientFormat: r.client_format as RequestRecord['clientFormat'],
    endpoint: r.endpoint as RequestRecord['endpoint'],
    tokenName: r.token_name,
    source: r.source,
    requestedModel: r.requested_model,
    route: r.route,
    provider: r.provider,
    servedModel: r.served_model,
    status: r.status ?? 0,
    errorType: null,
    errorMessage: null,
    stream: r.stream === 1,
    latencyMs: null,
    ttftMs: null,
    usage: hasUsage
      ? {
          inputTokens: r.input_tokens ?? 0,
          outputTokens: r.output_tokens ?? 0,
          cacheReadTokens: r.cache_read_tokens ?? 0,
          cacheWriteTokens: r.cache_write_tokens ?? 0,
          reasoningTokens: r.reasoning_tokens ?? 0,
        }
      : null,
    usageEstimated: r.usage_estimated === 1,
    cacheHit: r.cache_hit === 1,
    savedUsd: null,
    partial: r.partial === 1,
    attempts: [],
  };
}

const running = new WeakSet<Database>();

/** Whether a recompute is running on this connection. */
export const recomputeRunning = (db: Database) => running.has(db);

function targetRowids(db: Database, scope: RecomputeScope): number[] {
  if (scope.provider && scope.model) {
    return stmt(db, 'SELECT rowid FROM requests WHERE served_model = ? AND provider = ?').pluck().all(scope.model, scope.provider) as number[];
  }
  if (scope.provider) return stmt(db, 'SELECT rowid FROM requests WHERE provider = ?').pluck().all(scope.provider) as number[];
  return stmt(db, 'SELECT rowid FROM requests').pluck().all() as number[];
}

function counterfactualRowids(db: Database, scope: RecomputeScope): number[] {
  const where = ['counterfactual_model IS NOT NULL'];
  const args: string[] = [];
  if (scope.provider) (where.push('counterfactual_provider = ?'), args.push(scope.provider));
  if (scope.provider && scope.model) (where.push('counterfactual_model = ?'), args.push(scope.model));
  return stmt(db, `SELECT rowid FROM requests WHERE ${where.join(' AND ')}`).pluck().all(...args) as number[];
}

/**
 * Re-prices the rows a price for `scope` applies to (and the auto-routed rows
 * whose counterfactual is that model). One at a time per connection.
 */
export async function recomputeCosts(
  db: Database,
  price: Pricer,
  scope: RecomputeScope,
  opts: { batchSize?: number; onProgress?: (p: RecomputeProgress) => void } = {},
): Promise<RecomputeResult> {
  if (running.has(db)) throw new Error('A price recompute is already running.');
  running.add(db);
  const t0 = Date.now();
  try {
    const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 2_000));
    const rows = targetRowids(db, scope).sort((a, b) => a - b);
    const cfRows = counterfactualRowids(db, scope).sort((a, b) => a - b);
    const total = rows.length + cfRows.length;
    const progress: RecomputeProgress = { done: 0, total, updated: 0 };
    let counterfactualUpdated = 0;
    const select = db.prepare(SELECT_BATCH);
    const update = db.prepare(UPDATE_COSTS);
    const updateCf = db.prepare(UPDATE_CF);

    const costBatch = db.transaction((ids: number[]) => {
      let changed = 0;
      for (const r of select.all(JSON.stringify(ids)) as Row[]) {
        const rec = recordFromRow(r);
        let p;
        try {
          p = price(rec);
        } catch {
          continue;
        }
        const hit = rec.cacheHit;
        const next = [
          hit ? 0 : num(p.costUsd),
          hit ? 0 : num(p.listCostUsd),
          hit ? 0 : num(p.inputCostUsd),
          hit ? 0 : num(p.cachedInputCostUsd),
          hit ? 0 : num(p.outputCostUsd),
          hit ? 0 : num(p.reasoningCostUsd),
          hit ? 1 : p.priced ? 1 : 0,
          hit ? num(p.costUsd) : r.saved_usd,
        ] as const;
        const prev = [r.cost_usd, r.list_cost_usd, r.cost_input_usd, r.cost_cached_input_usd, r.cost_output_usd, r.cost_reasoning_usd, r.priced, r.saved_usd];
        if (next.every((v, i) => v === prev[i])) continue;
        update.run(...next, r.rid);
        changed++;
      }
      return changed;
    });

    const cfBatch = db.transaction((ids: number[]) => {
      let changed = 0;
      for (const r of select.all(JSON.stringify(ids)) as Row[]) {
        if (!r.counterfactual_provider || !r.counterfactual_model) continue;
        const rec = recordFromRow(r);
        let cost: number | null = null;
        if (rec.usage && rec.status < 400) {
          try {
            const p = price({ ...rec, provider: r.counterfactual_provider, servedModel: r.counterfactual_model, cacheHit: false });
            cost = p.priced ? num(p.costUsd) : null;
          } catch {
            cost = null;
          }
        }
        if (cost === r.counterfactual_cost_usd) continue;
        updateCf.run(cost, r.rid);
        changed++;
      }
      return changed;
    });

    for (let i = 0; i < rows.length; i += batchSize) {
      progress.updated += costBatch(rows.slice(i, i + batchSize));
      progress.done = Math.min(rows.length, i + batchSize);
      opts.onProgress?.({ ...progress });
      await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < cfRows.length; i += batchSize) {
      counterfactualUpdated += cfBatch(cfRows.slice(i, i + batchSize));
      progress.done = rows.length + Math.min(cfRows.length, i + batchSize);
      opts.onProgress?.({ ...progress });
      await new Promise((r) => setImmediate(r));
    }
    return { ...progress, counterfactualUpdated, tookMs: Date.now() - t0 };
  } finally {
    running.delete(db);
  }
}
