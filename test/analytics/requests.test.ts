import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCursor, ftsQuery, queryRequests, requestDetail, facets, type RequestFilter } from '../../electron/analytics/requests';
import type { RequestRecord } from '../../electron/store/types';
import { localNoon, makeRecord, openTestDb, usage, write, type TestDb } from './helpers';

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.cleanup());

const T0 = localNoon(2025, 5, 1);
const MIN = 60_000;

function body(prompt: string, answer: string) {
  return {
    requestHeaders: { 'content-type': 'application/json', authorization: '[redacted]' },
    requestBody: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }),
    responseBody: JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer } }] }),
  };
}

/** 200 rows, one a minute; dimensions cycle so every filter has a known answer. */
function fixture(): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (let i = 0; i < 200; i++) {
    const status = i % 20 === 0 ? 500 : i % 25 === 1 ? 429 : 200;
    out.push(
      makeRecord({
        id: `r${String(i).padStart(3, '0')}`,
        ts: T0 + i * MIN,
        provider: i % 2 === 0 ? 'openai' : 'anthropic',
        servedModel: i % 2 === 0 ? (i % 4 === 0 ? 'gpt-4o' : 'gpt-4o-mini') : 'claude-sonnet-4-20250514',
        tokenName: i % 3 === 0 ? 'ci' : i % 3 === 1 ? 'laptop' : null,
        route: i % 5 === 0 ? 'auto' : null,
        source: i % 10 === 0 ? 'race' : 'proxy',
        status,
        errorType: status >= 400 ? 'upstream' : null,
        cacheHit: i % 8 === 3,
        usage: status === 500 ? null : usage(1000 + i * 100, 100 + i),
        bodies: i % 4 === 1 ? body(i === 41 ? 'Please reconcile the invoice for ACME' : `question number ${i} about kubernetes`, i === 41 ? 'Done: invoice matched.' : 'an answer') : undefined,
      }),
    );
  }
  // Same millisecond as another row: keyset paging must not skip or repeat.
  for (let k = 0; k < 5; k++) out.push(makeRecord({ id: `same${k}`, ts: T0 + 100 * MIN, provider: 'openai', servedModel: 'gpt-4o' }));
  // A model with no known price.
  out.push(makeRecord({ id: 'unknown1', ts: T0 + 300 * MIN, provider: 'lab', servedModel: 'mystery', usage: usage(10, 10) }));
  return out;
}

let recs: RequestRecord[];
beforeEach(() => {
  recs = fixture();
  write(t.db, recs);
});

/** Expected ids for a predicate, newest first (ties: later insert first). */
function expected(pred: (r: RequestRecord) => boolean): string[] {
  return recs
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => pred(r))
    .sort((a, b) => b.r.ts - a.r.ts || b.i - a.i)
    .map(({ r }) => r.id);
}

function all(f: RequestFilter, pageSize = 7): { ids: string[]; pages: number; total: { count: number; exact: boolean } | null } {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = null;
  do {
    const p = queryRequests(t.db, { ...f, cursor, limit: pageSize });
    if (pages === 0) total = p.total;
    ids.push(...p.rows.map((r) => r.id));
    cursor = p.nextCursor;
    pages++;
  } while (cursor && pages < 1000);
  return { ids, pages, total };
}

describe('requests.query', () => {
  it('pages newest first by (ts, rowid) with no gaps or repeats, even with equal timestamps', () => {
    const { ids, pages, total } = all({});
    expect(ids).toEqual(expected(() => true));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 7));
    expect(total).toEqual({ count: 206, exact: true });
    expect(decodeCursor('garbage')).toBeNull();
  });

  const unpriced = (r: RequestRecord) => r.provider === 'lab';
  const cases: Array<[string, RequestFilter, (r: RequestRecord) => boolean]> = [
    ['time range', { from: T0 + 50 * MIN, to: T0 + 60 * MIN }, (r) => r.ts >= T0 + 50 * MIN && r.ts < T0 + 60 * MIN],
    ['provider', { providers: ['anthropic'] }, (r) => r.provider === 'anthropic'],
    ['several models', { models: ['gpt-4o-mini', 'claude-sonnet-4-20250514'] }, (r) => r.servedModel === 'gpt-4o-mini' || r.servedModel === 'claude-sonnet-4-20250514'],
    ['client token', { tokens: ['ci'] }, (r) => r.tokenName === 'ci'],
    ['no client token', { tokens: [''] }, (r) => r.tokenName === null],
    ['route', { routes: ['auto'] }, (r) => r.route === 'auto'],
    ['source', { sources: ['race'] }, (r) => r.source === 'race'],
    ['status ok', { status: 'ok' }, (r) => r.status < 400],
    ['status error', { status: 'error' }, (r) => r.status >= 400],
    ['status 4xx', { status: 'client_error' }, (r) => r.status >= 400 && r.status < 500],
    ['status 5xx', { status: 'server_error' }, (r) => r.status >= 500],
    ['cache hits', { cacheHit: true }, (r) => r.cacheHit],
    ['not cache hits', { cacheHit: false }, (r) => !r.cacheHit],
    ['unpriced', { priced: false }, unpriced],
    ['combined', { providers: ['openai'], tokens: ['laptop', ''], status: 'ok', from: T0 + 20 * MIN }, (r) => r.provider === 'openai' && (r.tokenName === 'laptop' || r.tokenName === null) && r.status < 400 && r.ts >= T0 + 20 * MIN],
  ];
  it.each(cases)('filter: %s', (_name, f, pred) => {
    const { ids, total } = all(f);
    expect(ids).toEqual(expected(pred));
    expect(total?.exact ? total.count : ids.length).toBe(ids.length);
  });

  it('filter: cost range (effective cost; unpriced rows never match)', () => {
    const costs = new Map(
      (t.db.prepare('SELECT id, cost_usd FROM requests').all() as Array<{ id: string; cost_usd: number | null }>).map((r) => [r.id, r.cost_usd]),
    );
    const { ids, total } = all({ costMin: 0.005, costMax: 0.02 });
    expect(ids).toEqual(expected((r) => (costs.get(r.id) ?? -1) >= 0.005 && (costs.get(r.id) ?? 99) <= 0.02));
    expect(ids.length).toBeGreaterThan(10);
    expect(total!.count).toBeGreaterThan(0);
  });

  it('search: words in stored bodies, quoted safely, prefix on the last word', () => {
    expect(all({ search: 'invoice ACME' }).ids).toEqual(['r041']);
    expect(all({ search: 'reconc' }).ids).toEqual(['r041']); // prefix
    expect(all({ search: 'kubernetes' }).ids).toEqual(expected((r) => r.bodies !== undefined && r.id !== 'r041'));
    expect(all({ search: 'kubernetes', providers: ['openai'] }).ids).toEqual([]); // bodies are on odd (anthropic) rows
    expect(all({ search: 'nothing-like-this' }).ids).toEqual([]);
    expect(all({ search: 'number 45' }).total).toEqual({ count: 1, exact: true });
    // Search pages walk the matches (newest logged first), filtered, with a cursor of their own.
    const paged = all({ search: 'question', tokens: ['laptop'] }, 3);
    expect(paged.ids).toEqual(expected((r) => r.bodies !== undefined && r.id !== 'r041' && r.tokenName === 'laptop'));
    expect(paged.total).toEqual({ count: paged.ids.length, exact: true });
    expect(all({ search: 'question' }, 5).total).toEqual({ count: 49, exact: true });
    // FTS syntax in user input is literal, not an error.
    expect(() => queryRequests(t.db, { search: 'AND OR NOT ( " * ^ NEAR' })).not.toThrow();
    expect(ftsQuery('  ')).toBeNull();
    expect(ftsQuery('gpt-4o "x"')).toBe('"gpt-4o" AND """x"""*');
  });

  it('rows carry what the table shows; hasBody, cached tokens', () => {
    const row = queryRequests(t.db, { search: 'ACME' }).rows[0]!;
    expect(row).toMatchObject({ id: 'r041', provider: 'anthropic', servedModel: 'claude-sonnet-4-20250514', hasBody: true, priced: true, cachedTokens: 0, status: 200 });
    expect(queryRequests(t.db, { priced: false }).rows[0]).toMatchObject({ id: 'unknown1', costUsd: null, priced: false });
  });
});

describe('requests.get and facets', () => {
  it('detail: attempts, timings, cost breakdown, headers, bodies, counterfactual', () => {
    write(t.db, [
      makeRecord({
        id: 'detail1',
        ts: T0,
        ttftMs: 42,
        latencyMs: 900,
        route: 'auto',
        counterfactual: { provider: 'openai', model: 'gpt-4.1' },
        attempts: [
          { seq: 0, provider: 'anthropic', model: 'claude-sonnet-4-20250514', status: 529, error: 'overloaded', latencyMs: 80, ttftMs: null, outcome: 'error', reason: 'retry' },
          { seq: 1, provider: 'openai', model: 'gpt-4o', status: 200, error: null, latencyMs: 800, ttftMs: 42, outcome: 'ok', reason: null },
        ],
        bodies: body('hello', 'world'),
      }),
    ]);
    const d = requestDetail(t.db, 'detail1')!;
    expect(d.attempts.map((a) => [a.seq, a.outcome])).toEqual([[0, 'error'], [1, 'ok']]);
    expect(d).toMatchObject({ ttftMs: 42, latencyMs: 900, inputTokens: 1000, outputTokens: 100, bodiesTruncated: false });
    expect(d.costInputUsd! + d.costCachedInputUsd! + d.costOutputUsd!).toBeCloseTo(d.costUsd!, 12);
    expect(d.bodies?.requestHeaders.authorization).toBe('[redacted]');
    expect(d.counterfactual).toMatchObject({ provider: 'openai', model: 'gpt-4.1' });
    expect(d.counterfactual!.costUsd).toBeCloseTo((1000 * 2 + 100 * 8) / 1e6, 12);
    expect(requestDetail(t.db, 'nope')).toBeUndefined();
  });

  it('facets list the values seen', () => {
    const f = facets(t.db);
    expect(f.providers).toEqual(['anthropic', 'lab', 'openai']);
    expect(f.tokens).toEqual(['', 'ci', 'default', 'laptop']);
    expect(f.routes).toEqual(['', 'auto']);
    expect(f.sources).toEqual(['proxy', 'race']);
    expect(f.models).toContainEqual({ provider: 'lab', model: 'mystery' });
  });
});
