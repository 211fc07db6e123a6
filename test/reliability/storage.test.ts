/**
 * Storage faults: the request log's SQLite file locked by another process,
 * read-only, or out of disk. The proxy keeps serving at full speed, warns once
 * per outage, keeps a bounded queue of rows in memory, and writes them when
 * the store comes back.
 *
 * Simulations (documented in docs/reliability.md):
 *  - locked: a second connection holds `BEGIN EXCLUSIVE` on the same file;
 *  - read-only: `PRAGMA query_only = ON` on the writer's own connection (the
 *    file stays writable, so chmod can't be used: tests may run as root, and an
 *    open descriptor keeps its mode anyway), and, for the writer alone, a
 *    connection opened with `readonly: true`;
 *  - out of disk: `PRAGMA max_page_count` set to the current page count on the
 *    writer's connection, so any insert needing a new page fails with
 *    SQLITE_FULL, as on a full disk.
 * The writer's connection lives on the log's writer thread (threaded-log.ts),
 * so those pragmas are run there through `writer.writerPragma`.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../electron/core/paths';
import { LogWriter } from '../../electron/store/log-writer';
import type { RequestRecord } from '../../electron/store/types';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { figure, pool } from './helpers';

let gw: TestGateway;
let dbFile: string;

beforeAll(async () => {
  gw = await startTestGateway();
  dbFile = databasePath(gw.dataDir);
  gw.app.settings.update((s) => {
    s.routes.cached = { strategy: 'fallback', targets: ['openai/gpt-4o-mini'], cache: { enabled: true, ttlSeconds: 60 } } as never;
  });
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => {
  gw.warnings.length = 0;
});

const storageWarnings = () => gw.warnings.filter((w) => /request log|response cache|database/i.test(w));

/** Mixed traffic: both formats, stream and not, a cache-enabled route. Returns per-request latency (ms) and status. */
async function traffic(n: number): Promise<Array<{ status: number; ms: number; id: string }>> {
  const tasks = Array.from({ length: n }, (_, i) => async () => {
    const anthropic = i % 2 === 1;
    const stream = i % 3 === 0;
    const model = i % 5 === 0 ? 'cached' : anthropic ? 'claude-sonnet-4-6' : 'gpt-4o-mini';
    const t0 = performance.now();
    const r = await fetch(`${gw.url}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gw.token}`,
        'content-type': 'application/json',
        ...(anthropic ? { 'anthropic-version': '2023-06-01' } : {}),
      },
      body: JSON.stringify({ model, max_tokens: 20, stream, messages: [{ role: 'user', content: `storage ${i} ${Math.random()}` }] }),
    });
    await r.text();
    return { status: r.status, ms: performance.now() - t0, id: r.headers.get('x-switchboard-request-id') ?? '' };
  });
  return pool(4, tasks);
}

const countRows = (ids: string[]) => {
  const stmt = gw.app.db.prepare('SELECT count(*) AS n FROM requests WHERE id = ?');
  return ids.filter((id) => (stmt.get(id) as { n: number }).n === 1).length;
};

async function outage(name: string, start: () => void, end: () => void): Promise<void> {
  gw.flush();
  const written0 = gw.app.writer.stats.written;
  start();
  let results: Array<{ status: number; ms: number; id: string }>;
  try {
    results = await traffic(30);
    // Let the writer try (and fail) a few more times meanwhile.
    await new Promise((r) => setTimeout(r, 100));
    gw.flush();
    // Served: every request answered normally, none held up by the store.
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(Math.max(...results.map((r) => r.ms)), `${name}: slowest request`).toBeLessThan(2_000);
    // Queued, not written, not lost.
    expect(gw.app.writer.stats.written).toBe(written0);
    expect(gw.app.writer.stats.pending).toBe(30);
    // Warned once for the whole outage (not once per request or per retry).
    const w = storageWarnings().filter((m) => /request log/.test(m));
    expect(w, `${name}: ${w.join(' | ')}`).toHaveLength(1);
  } finally {
    end();
  }
  gw.flush();
  expect(gw.app.writer.stats.pending).toBe(0);
  expect(countRows(results.map((r) => r.id))).toBe(30);
  // A second outage warns again (once).
  figure('storage.faults', 1, name);
  figure('storage.survived', 1, name);
}

describe('the request log store fails; the proxy keeps serving', () => {
  it('locked by another process (BEGIN EXCLUSIVE on a second connection)', async () => {
    const other = new BetterSqlite3(dbFile);
    try {
      await outage('locked', () => other.exec('BEGIN EXCLUSIVE'), () => other.exec('COMMIT'));
    } finally {
      other.close();
    }
  });

  it('read-only (query_only on the writer connection)', async () => {
    const writer = gw.app.writer;
    await outage('read-only', () => writer.writerPragma('query_only = ON'), () => writer.writerPragma('query_only = OFF'));
  });

  it('out of disk (max_page_count pinned to the current size: SQLITE_FULL)', async () => {
    const writer = gw.app.writer;
    const before = writer.writerPragma('max_page_count') as number;
    await outage(
      'disk full',
      () => {
        const pages = writer.writerPragma('page_count') as number;
        writer.writerPragma(`max_page_count = ${pages}`);
      },
      () => writer.writerPragma(`max_page_count = ${before}`),
    );
  });
});

describe("the writer's queue is bounded", () => {
  const record = (i: number): RequestRecord => ({
    id: `bounded_${i}_${Math.random().toString(36).slice(2)}`,
    ts: Date.now(),
    clientFormat: 'openai',
    endpoint: 'chat',
    tokenName: 't',
    source: 'proxy',
    requestedModel: 'gpt-4o-mini',
    route: null,
    provider: 'openai',
    servedModel: 'gpt-4o-mini',
    status: 200,
    errorType: null,
    errorMessage: null,
    stream: false,
    latencyMs: 1,
    ttftMs: 1,
    usage: null,
    usageEstimated: false,
    cacheHit: false,
    savedUsd: null,
    partial: false,
    attempts: [],
  });

  it('a read-only store: the newest rows are kept up to maxQueue, the rest dropped and counted, one warning', () => {
    gw.flush();
    const ro = new BetterSqlite3(path.resolve(dbFile), { readonly: true });
    const warnings: string[] = [];
    const writer = new LogWriter(ro, { price: () => ({ listCostUsd: 0, costUsd: 0, inputCostUsd: 0, cachedInputCostUsd: 0, outputCostUsd: 0, reasoningCostUsd: 0, priced: true }), warn: (m) => warnings.push(m), maxQueue: 100, retryMs: 10 });
    try {
      for (let i = 0; i < 1_000; i++) {
        writer.enqueue(record(i));
        if (i % 50 === 0) writer.flush();
      }
      writer.flush();
      const s = writer.stats;
      expect(s.pending).toBe(100);
      expect(s.dropped).toBe(900);
      expect(s.written).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/cannot write its request log.*readonly/i);
      figure('storage.faults', 1, 'read-only connection (writer alone, 1 000 rows, queue 100)');
      figure('storage.survived', 1, 'read-only connection');
    } finally {
      writer.close();
      ro.close();
    }
  });
});
