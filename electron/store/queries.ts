/** Read-side queries over the request log, plus the model-list cache. */
import type { Database, Statement } from 'better-sqlite3';
import type { AttemptOutcome, AttemptRow, RequestBodies, RequestDetail, RequestRow } from './types';

const statements = new WeakMap<Database, Map<string, Statement>>();

/** Prepared once per connection and SQL text. */
function stmt(db: Database, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

interface RawRequest {
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
  error_type: string | null;
  error_message: string | null;
  stream: number;
  latency_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  usage_estimated: number;
  cost_usd: number | null;
  list_cost_usd: number | null;
  cost_input_usd: number | null;
  cost_cached_input_usd: number | null;
  cost_output_usd: number | null;
  cost_reasoning_usd: number | null;
  priced: number;
  cache_hit: number;
  saved_usd: number | null;
  partial: number;
  attempts: number;
}

interface RawAttempt {
  seq: number;
  provider: string;
  model: string;
  status: number | null;
  error: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  outcome: string;
  reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
}

function toRow(r: RawRequest): RequestRow {
  return {
    id: r.id,
    ts: r.ts,
    clientFormat: r.client_format as RequestRow['clientFormat'],
    endpoint: r.endpoint as RequestRow['endpoint'],
    tokenName: r.token_name,
    source: r.source,
    requestedModel: r.requested_model,
    route: r.route,
    provider: r.provider,
    servedModel: r.served_model,
    status: r.status,
    errorType: r.error_type,
    errorMessage: r.error_message,
    stream: r.stream === 1,
    latencyMs: r.latency_ms,
    ttftMs: r.ttft_ms,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    reasoningTokens: r.reasoning_tokens,
    usageEstimated: r.usage_estimated === 1,
    costUsd: r.cost_usd,
    listCostUsd: r.list_cost_usd,
    costInputUsd: r.cost_input_usd,
    costCachedInputUsd: r.cost_cached_input_usd,
    costOutputUsd: r.cost_output_usd,
    costReasoningUsd: r.cost_reasoning_usd,
    priced: r.priced === 1,
    cacheHit: r.cache_hit === 1,
    savedUsd: r.saved_usd,
    partial: r.partial === 1,
    attempts: r.attempts,
  };
}

const toAttempt = (a: RawAttempt): AttemptRow => ({
  seq: a.seq,
  provider: a.provider,
  model: a.model,
  status: a.status,
  error: a.error,
  latencyMs: a.latency_ms,
  ttftMs: a.ttft_ms,
  outcome: a.outcome as AttemptOutcome,
  reason: a.reason,
  inputTokens: a.input_tokens,
  outputTokens: a.output_tokens,
  costUsd: a.cost_usd,
});

/** Newest first (for `switchboard log` and the UI's log view). */
export function recentRequests(db: Database, opts: { limit: number; offset?: number }): RequestRow[] {
  const limit = Math.max(0, Math.floor(opts.limit));
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const rows = stmt(db, 'SELECT * FROM requests ORDER BY ts DESC, rowid DESC LIMIT ? OFFSET ?').all(limit, offset) as RawRequest[];
  return rows.map(toRow);
}

/** One request with its attempts (in order) and bodies, if they were stored and not yet pruned. */
export function getRequest(db: Database, id: string): RequestDetail | undefined {
  const raw = stmt(db, 'SELECT * FROM requests WHERE id = ?').get(id) as RawRequest | undefined;
  if (!raw) return undefined;
  const attempts = (stmt(db, 'SELECT * FROM attempts WHERE request_id = ? ORDER BY seq').all(id) as RawAttempt[]).map(toAttempt);
  const body = stmt(db, 'SELECT request_headers, request_body, response_body FROM request_bodies WHERE request_id = ?').get(id) as
    | { request_headers: string | null; request_body: string | null; response_body: string | null }
    | undefined;
  let bodies: RequestBodies | null = null;
  if (body) {
    let headers: Record<string, string> = {};
    try {
      headers = body.request_headers ? (JSON.parse(body.request_headers) as Record<string, string>) : {};
    } catch {
      /* keep {} */
    }
    bodies = { requestHeaders: headers, requestBody: body.request_body ?? '', responseBody: body.response_body ?? '' };
  }
  const { attempts: attemptCount, ...row } = toRow(raw);
  return { ...row, attemptCount, attempts, bodies };
}

/** Replaces the cached model list for one provider. */
export function cacheModels(db: Database, provider: string, models: string[], now: number = Date.now()): void {
  const del = stmt(db, 'DELETE FROM model_cache WHERE provider = ?');
  const ins = stmt(db, 'INSERT OR REPLACE INTO model_cache (provider, model, fetched_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    del.run(provider);
    for (const m of models) ins.run(provider, m, now);
  })();
}

export function cachedModels(db: Database): Array<{ provider: string; model: string; fetchedAt: number }> {
  return stmt(db, 'SELECT provider, model, fetched_at AS fetchedAt FROM model_cache ORDER BY provider, model').all() as Array<{
    provider: string;
    model: string;
    fetchedAt: number;
  }>;
}

export interface SpendFilter {
  provider?: string;
  route?: string;
  tokenName?: string;
}

/** Total `cost_usd` of requests at or after `sinceMs` (unpriced rows count as 0). Backs budgets. */
export function spendSince(db: Database, sinceMs: number, filter: SpendFilter = {}): number {
  const where = ['ts >= ?'];
  const args: Array<string | number> = [sinceMs];
  if (filter.provider !== undefined) (where.push('provider = ?'), args.push(filter.provider));
  if (filter.route !== undefined) (where.push('route = ?'), args.push(filter.route));
  if (filter.tokenName !== undefined) (where.push('token_name = ?'), args.push(filter.tokenName));
  const row = stmt(db, `SELECT COALESCE(SUM(cost_usd), 0) AS total FROM requests WHERE ${where.join(' AND ')}`).get(...args) as {
    total: number;
  };
  return row.total;
}

/**
 * Retention: drops stored bodies older than `bodiesBeforeMs` (metrics stay),
 * and whole requests (with their attempts and bodies) older than `requestsBeforeMs`.
 */
export function pruneBefore(db: Database, opts: { bodiesBeforeMs?: number; requestsBeforeMs?: number }): { bodies: number; requests: number } {
  return db.transaction(() => {
    let bodies = 0;
    let requests = 0;
    if (opts.bodiesBeforeMs !== undefined) {
      bodies = stmt(db, 'DELETE FROM request_bodies WHERE request_id IN (SELECT id FROM requests WHERE ts < ?)').run(opts.bodiesBeforeMs).changes;
    }
    if (opts.requestsBeforeMs !== undefined) {
      requests = stmt(db, 'DELETE FROM requests WHERE ts < ?').run(opts.requestsBeforeMs).changes;
    }
    return { bodies, requests };
  })();
}
