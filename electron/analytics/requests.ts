/**
 * The Requests page: a filtered, keyset-paged view of the log (newest first),
 * full-text search over stored bodies, a cheap total, and one request's
 * detail. Paging is by (ts, rowid): every index on `requests` ends in ts (and
 * implicitly rowid), so a page is an index range read whichever filter drives
 * it — never an OFFSET scan. Search pages walk the body index's matches
 * newest-logged first and page by match (see `searchPage`).
 */
import type { Database } from 'better-sqlite3';
import { getRequest } from '../store/queries';
import type { RequestDetail } from '../store/types';
import { MAX_TS, totals } from './aggregate';
import { dimWhere, stmt, type DimFilter, type SqlArg } from './sql';

export type StatusFilter = 'ok' | 'error' | 'client_error' | 'server_error';

export interface RequestFilter extends DimFilter {
  /** ms, inclusive. */
  from?: number | undefined;
  /** ms, exclusive. */
  to?: number | undefined;
  /** ok: status < 400; error: ≥ 400 or none; client_error: 4xx; server_error: ≥ 500. */
  status?: StatusFilter | undefined;
  /** Effective cost bounds, USD, inclusive. Unpriced rows never match a bound. */
  costMin?: number | undefined;
  costMax?: number | undefined;
  cacheHit?: boolean | undefined;
  /** false: rows whose model had no known price. */
  priced?: boolean | undefined;
  /** Words to find in stored request/response bodies (all must occur; the last may be a prefix). */
  search?: string | undefined;
}

export interface RequestListRow {
  id: string;
  ts: number;
  provider: string | null;
  servedModel: string | null;
  requestedModel: string | null;
  route: string | null;
  source: string;
  tokenName: string | null;
  status: number | null;
  errorType: string | null;
  stream: boolean;
  partial: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  reasoningTokens: number | null;
  usageEstimated: boolean;
  costUsd: number | null;
  listCostUsd: number | null;
  priced: boolean;
  cacheHit: boolean;
  attempts: number;
  hasBody: boolean;
}

export interface RequestPage {
  rows: RequestListRow[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
  /** Rows matching the filter: exact, or an estimate when `exact` is false (filters the roll-ups can't count). Null when not asked. */
  total: { count: number; exact: boolean } | null;
}

const MAX_PAGE = 1_000;

/**
 * A user's words as an FTS5 query: each term quoted (so punctuation and
 * operators are literal; `gpt-4o` is the phrase "gpt 4o"), all required, the
 * last one also matching as a prefix. Null when there are no searchable words.
 */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((t) => t.trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`).join(' AND ');
}

interface Cursor {
  ts: number;
  rowid: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.ts}:${c.rowid}`).toString('base64url');
}

export function decodeCursor(s: string): Cursor | null {
  const m = /^(-?\d+):(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? { ts: Number(m[1]), rowid: Number(m[2]) } : null;
}

export interface Built {
  where: string[];
  args: SqlArg[];
  /** An FTS query, when searching. */
  match: string | null;
}

/** WHERE clauses over `requests r` for a filter (search excluded: see `match`). */
export function buildWhere(f: RequestFilter): Built {
  const where: string[] = [];
  const args: SqlArg[] = [];
  if (f.from !== undefined) (where.push('r.ts >= ?'), args.push(Math.floor(f.from)));
  if (f.to !== undefined) (where.push('r.ts < ?'), args.push(Math.ceil(f.to)));
  dimWhere(f, 'raw', where, args, 'r.');
  switch (f.status) {
    case 'ok':
      where.push('r.status < 400');
      break;
    case 'error':
      where.push('(r.status IS NULL OR r.status >= 400)');
      break;
    case 'client_error':
      where.push('r.status BETWEEN 400 AND 499');
      break;
    case 'server_error':
      where.push('r.status >= 500');
      break;
  }
  if (f.costMin !== undefined) (where.push('r.cost_usd >= ?'), args.push(f.costMin));
  if (f.costMax !== undefined) (where.push('r.cost_usd <= ?'), args.push(f.costMax));
  if (f.cacheHit !== undefined) (where.push('r.cache_hit = ?'), args.push(f.cacheHit ? 1 : 0));
  if (f.priced !== undefined) (where.push('r.priced = ?'), args.push(f.priced ? 1 : 0));
  return { where, args, match: f.search ? ftsQuery(f.search) : null };
}

const LIST_COLUMNS = `r.rowid AS rid, r.id, r.ts, r.provider, r.served_model, r.requested_model, r.route, r.source, r.token_name,
  r.status, r.error_type, r.stream, r.partial, r.latency_ms, r.ttft_ms, r.input_tokens, r.output_tokens,
  r.cache_read_tokens, r.cache_write_tokens, r.reasoning_tokens, r.usage_estimated, r.cost_usd, r.list_cost_usd,
  r.priced, r.cache_hit, r.attempts,
  EXISTS (SELECT 1 FROM request_bodies b WHERE b.request_id = r.id) AS has_body`;

interface RawListRow {
  rid: number;
  id: string;
  ts: number;
  provider: string | null;
  served_model: string | null;
  requested_model: string | null;
  route: string | null;
  source: string;
  token_name: string | null;
  status: number | null;
  error_type: string | null;
  stream: number;
  partial: number;
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
  priced: number;
  cache_hit: number;
  attempts: number;
  has_body: number;
}

const toListRow = (r: RawListRow): RequestListRow => ({
  id: r.id,
  ts: r.ts,
  provider: r.provider,
  servedModel: r.served_model,
  requestedModel: r.requested_model,
  route: r.route,
  source: r.source,
  tokenName: r.token_name,
  status: r.status,
  errorType: r.error_type,
  stream: r.stream === 1,
  partial: r.partial === 1,
  latencyMs: r.latency_ms,
  ttftMs: r.ttft_ms,
  inputTokens: r.input_tokens,
  outputTokens: r.output_tokens,
  cachedTokens: r.cache_read_tokens === null && r.cache_write_tokens === null ? null : (r.cache_read_tokens ?? 0) + (r.cache_write_tokens ?? 0),
  reasoningTokens: r.reasoning_tokens,
  usageEstimated: r.usage_estimated === 1,
  costUsd: r.cost_usd,
  listCostUsd: r.list_cost_usd,
  priced: r.priced === 1,
  cacheHit: r.cache_hit === 1,
  attempts: r.attempts,
  hasBody: r.has_body === 1,
});

/**
 * The SQL for a filtered scan in (ts, rowid) order (pages and exports). With
 * a search, the match set is materialised once (rowids only) and each row is
 * checked through the bodies' request_id index, which holds the rowid: no
 * body is read. (Search pages use `searchPage`, which walks the matches.)
 */
export function scanSql(b: Built, order: 'DESC' | 'ASC', columns: string): { sql: string; args: SqlArg[] } {
  const where = [...b.where];
  const args: SqlArg[] = [...b.args];
  if (b.match !== null) {
    where.push(
      'EXISTS (SELECT 1 FROM request_bodies rb WHERE rb.request_id = r.id AND rb.rowid IN (SELECT rowid FROM request_bodies_fts WHERE request_bodies_fts MATCH ?))',
    );
    args.push(b.match);
  }
  return {
    sql: `SELECT ${columns} FROM requests r${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.ts ${order}, r.rowid ${order}`,
    args,
  };
}

/** Whether the total can come from the roll-up (dimension, time, and one of status/cache/priced filters). */
function rollupCount(db: Database, f: RequestFilter): number | null {
  if (f.search || f.costMin !== undefined || f.costMax !== undefined) return null;
  if (f.status === 'client_error' || f.status === 'server_error') return null;
  const flags = [f.status, f.cacheHit, f.priced].filter((v) => v !== undefined).length;
  if (flags > 1) return null;
  const m = totals(db, f.from ?? 0, f.to ?? MAX_TS, f, ['requests', 'errors', 'cacheHits', 'unpriced']);
  if (f.status === 'ok') return m.requests - m.errors;
  if (f.status === 'error') return m.errors;
  if (f.cacheHit !== undefined) return f.cacheHit ? m.cacheHits : m.requests - m.cacheHits;
  if (f.priced !== undefined) return f.priced ? m.requests - m.unpriced : m.unpriced;
  return m.requests;
}

/**
 * An estimate for filters the roll-ups can't count (cost range, search,
 * 4xx/5xx, several flags): the page's hit rate over the rows it scanned
 * (those of the time/dimension filter since the page's oldest row), times
 * the roll-up's count for the time/dimension filter.
 */
function estimateTotal(db: Database, f: RequestFilter, matched: number, oldestTs: number): { count: number; exact: boolean } {
  const base: RequestFilter = { from: f.from, to: f.to, providers: f.providers, models: f.models, tokens: f.tokens, routes: f.routes, sources: f.sources };
  const all = totals(db, f.from ?? 0, f.to ?? MAX_TS, base, ['requests']).requests;
  const w = buildWhere({ ...base, from: Math.max(f.from ?? 0, oldestTs) });
  const scanned = (stmt(db, `SELECT COUNT(*) AS n FROM requests r${w.where.length ? ` WHERE ${w.where.join(' AND ')}` : ''}`).get(...w.args) as { n: number }).n;
  if (scanned === 0) return { count: matched, exact: false };
  return { count: Math.max(matched, Math.round((all * matched) / scanned)), exact: false };
}

const SEARCH_FROM =
  'request_bodies_fts CROSS JOIN request_bodies rb ON rb.rowid = request_bodies_fts.rowid CROSS JOIN requests r ON r.id = rb.request_id';
/** Search totals are counted exactly up to this many matches; above, estimated from the newest ones. */
const SEARCH_EXACT_LIMIT = 5_000;
const SEARCH_SAMPLE = 2_000;

const encodeSearchCursor = (bodyRowid: number) => Buffer.from(`s:${bodyRowid}`).toString('base64url');
function decodeSearchCursor(s: string): number | null {
  const m = /^s:(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/**
 * A search page: FTS matches newest-logged first (FTS5 walks its rowids
 * backwards; body rowids follow the log's write order), joined to their
 * requests and filtered, until the page is full. Cost ∝ matches walked, so a
 * common word is as fast as a rare one.
 */
function searchPage(db: Database, f: RequestFilter & { withTotal?: boolean | undefined }, b: Built, limit: number, cursorText: string | null | undefined): RequestPage {
  const cursor = cursorText ? decodeSearchCursor(cursorText) : null;
  const where = ['request_bodies_fts MATCH ?', ...b.where];
  const args: SqlArg[] = [b.match, ...b.args];
  if (cursor !== null) (where.push('request_bodies_fts.rowid < ?'), args.push(cursor));
  const raw = stmt(
    db,
    `SELECT ${LIST_COLUMNS}, request_bodies_fts.rowid AS brid FROM ${SEARCH_FROM} WHERE ${where.join(' AND ')} ORDER BY request_bodies_fts.rowid DESC LIMIT ?`,
  ).all(...args, limit + 1) as Array<RawListRow & { brid: number }>;
  const more = raw.length > limit;
  const page = more ? raw.slice(0, limit) : raw;
  const last = page[page.length - 1];
  let total: RequestPage['total'] = null;
  if (f.withTotal ?? !cursorText) {
    const matches = (stmt(db, 'SELECT COUNT(*) AS n FROM request_bodies_fts WHERE request_bodies_fts MATCH ?').get(b.match) as { n: number }).n;
    const filtered = `FROM ${SEARCH_FROM} WHERE ${['request_bodies_fts MATCH ?', ...b.where].join(' AND ')}`;
    if (b.where.length === 0) total = { count: matches, exact: true };
    else if (!more && cursor === null) total = { count: page.length, exact: true };
    else if (matches <= SEARCH_EXACT_LIMIT) total = { count: (stmt(db, `SELECT COUNT(*) AS n ${filtered}`).get(b.match, ...b.args) as { n: number }).n, exact: true };
    else {
      const hits = (
        stmt(
          db,
          `SELECT COUNT(*) AS n FROM (SELECT rowid FROM request_bodies_fts WHERE request_bodies_fts MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_SAMPLE}) m
           CROSS JOIN request_bodies rb ON rb.rowid = m.rowid CROSS JOIN requests r ON r.id = rb.request_id${b.where.length ? ` WHERE ${b.where.join(' AND ')}` : ''}`,
        ).get(b.match, ...b.args) as { n: number }
      ).n;
      total = { count: Math.max(page.length, Math.round((matches * hits) / SEARCH_SAMPLE)), exact: false };
    }
  }
  return { rows: page.map(toListRow), nextCursor: more && last ? encodeSearchCursor(last.brid) : null, total };
}

export function queryRequests(
  db: Database,
  f: RequestFilter & { cursor?: string | null | undefined; limit?: number | undefined; withTotal?: boolean | undefined },
): RequestPage {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(f.limit ?? 100)));
  const b = buildWhere(f);
  if (f.search !== undefined && f.search.trim() !== '') {
    if (b.match === null) return { rows: [], nextCursor: null, total: f.withTotal === false ? null : { count: 0, exact: true } };
    return searchPage(db, f, b, limit, f.cursor);
  }
  const cursor = f.cursor ? decodeCursor(f.cursor) : null;
  const where = [...b.where];
  const args = [...b.args];
  if (cursor) {
    where.push('r.ts <= ?', '(r.ts < ? OR r.rowid < ?)');
    args.push(cursor.ts, cursor.ts, cursor.rowid);
  }
  const q = scanSql({ where, args, match: null }, 'DESC', LIST_COLUMNS);
  const raw = stmt(db, `${q.sql} LIMIT ?`).all(...q.args, limit + 1) as RawListRow[];
  const more = raw.length > limit;
  const page = more ? raw.slice(0, limit) : raw;
  const last = page[page.length - 1];
  let total: RequestPage['total'] = null;
  if (f.withTotal ?? !f.cursor) {
    const fromRollup = rollupCount(db, f);
    if (fromRollup !== null) total = { count: fromRollup, exact: true };
    else if (!more && !cursor) total = { count: page.length, exact: true };
    else total = estimateTotal(db, f, page.length, last?.ts ?? 0);
  }
  return { rows: page.map(toListRow), nextCursor: more && last ? encodeCursor({ ts: last.ts, rowid: last.rid }) : null, total };
}

export interface RequestDetailView extends RequestDetail {
  /** For auto-routed calls: the model asked for, and what this usage would have cost there. */
  counterfactual: { provider: string; model: string; costUsd: number | null } | null;
}

/** Bodies beyond this are cut (the drawer shows the start and says so). */
export const MAX_BODY_CHARS = 2_000_000;

export function requestDetail(db: Database, id: string): (RequestDetailView & { bodiesTruncated: boolean }) | undefined {
  const d = getRequest(db, id);
  if (!d) return undefined;
  const cf = stmt(db, 'SELECT counterfactual_provider AS p, counterfactual_model AS m, counterfactual_cost_usd AS c FROM requests WHERE id = ?').get(id) as
    | { p: string | null; m: string | null; c: number | null }
    | undefined;
  let truncated = false;
  if (d.bodies) {
    const cut = (s: string) => {
      if (s.length <= MAX_BODY_CHARS) return s;
      truncated = true;
      return s.slice(0, MAX_BODY_CHARS);
    };
    d.bodies = { ...d.bodies, requestBody: cut(d.bodies.requestBody), responseBody: cut(d.bodies.responseBody) };
  }
  return {
    ...d,
    counterfactual: cf && cf.p && cf.m ? { provider: cf.p, model: cf.m, costUsd: cf.c } : null,
    bodiesTruncated: truncated,
  };
}

export interface Facets {
  providers: string[];
  models: Array<{ provider: string; model: string }>;
  tokens: string[];
  routes: string[];
  sources: string[];
}

/** Distinct filter values seen in the log (from the per-dimension roll-up, so cheap); '' = none. */
export function facets(db: Database): Facets {
  const rows = stmt(db, 'SELECT dim, key, sub FROM rollup_daily_dim WHERE requests > 0 GROUP BY dim, key, sub').all() as Array<{
    dim: string;
    key: string;
    sub: string;
  }>;
  const providers = new Set<string>();
  const models = new Map<string, { provider: string; model: string }>();
  const sets: Record<string, Set<string>> = { token: new Set(), route: new Set(), source: new Set() };
  for (const r of rows) {
    if (r.dim === 'model') {
      providers.add(r.key);
      if (r.sub) models.set(`${r.key}/${r.sub}`, { provider: r.key, model: r.sub });
    } else sets[r.dim]?.add(r.key);
  }
  const sorted = (s: Set<string> | undefined) => [...(s ?? [])].sort();
  return {
    providers: sorted(providers),
    models: [...models.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model)),
    tokens: sorted(sets.token),
    routes: sorted(sets.route),
    sources: sorted(sets.source),
  };
}
