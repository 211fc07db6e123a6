/**
 * Benchmarks the Costs and Requests queries on a large log (default 1,000,000
 * rows, seeded once and reused), and the write-path cost of the roll-up and
 * search-index triggers.
 *
 *   node bin/tsx-run.mjs bench/analytics/run.ts [--rows 1000000] [--data-dir DIR] [--runs 15] [--reseed] [--json]
 *
 * Each query runs once to warm up, then `--runs` times; the table shows the
 * median and p95 wall time and the median CPU time of the calling thread
 * (the query is synchronous, so CPU ≈ wall on an idle machine; on a busy one
 * the CPU column is the fairer figure).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databasePath } from '../../electron/core/paths';
import { openDatabase, type Database } from '../../electron/store/db';
import { LogWriter, recordPricer } from '../../electron/store/log-writer';
import { budgetLines, costSavings, costSummary, costTimeseries, costTop } from '../../electron/analytics/costs';
import { facets, queryRequests, requestDetail } from '../../electron/analytics/requests';
import { storageReport } from '../../electron/analytics/retention';
import { affectedRows, priceTable } from '../../electron/pricing/effective';
import { startOfDay, DAY_MS } from '../../electron/analytics/days';
import { makeSeedRecords, seedDatabase, seedPricing, SEED_DISCOUNTS } from '../../scripts/seed-log';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const ROWS = Number(arg('rows') ?? 1_000_000);
const RUNS = Math.max(1, Number(arg('runs') ?? 15));
const DIR = path.resolve(arg('data-dir') ?? path.join(os.tmpdir(), `switchboard-bench-analytics-${ROWS}`));
const JSON_OUT = process.argv.includes('--json');

interface Timing {
  name: string;
  group: 'costs' | 'requests' | 'prices';
  medianMs: number;
  p95Ms: number;
  cpuMs: number;
  note: string;
}

function time(name: string, group: Timing['group'], fn: () => unknown, note = ''): Timing {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
  }
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
  const q = (a: number[], p: number) => sorted(a)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
  return { name, group, medianMs: q(wall, 0.5), p95Ms: q(wall, 0.95), cpuMs: q(cpu, 0.5), note };
}

function ensureSeeded(): Database {
  if (process.argv.includes('--reseed')) fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const db = openDatabase(databasePath(DIR));
  db.pragma('cache_size = -262144');
  const have = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  if (have >= ROWS) {
    if (!JSON_OUT) console.log(`Reusing ${have.toLocaleString('en-US')} rows in ${databasePath(DIR)}`);
    return db;
  }
  if (have > 0) {
    db.close();
    fs.rmSync(DIR, { recursive: true, force: true });
    return ensureSeeded();
  }
  const t0 = Date.now();
  let last = 0;
  seedDatabase(db, {
    rows: ROWS,
    days: 90,
    bodyDays: 14,
    seed: 1,
    // The newest row at 23:00 local: "today" is a nearly full day of raw rows, the worst case for the range edges.
    end: startOfDay(Date.now()) + 23 * 3_600_000,
    onProgress: (done, total) => {
      if (!JSON_OUT && (done - last >= 100_000 || done === total)) {
        last = done;
        process.stdout.write(`\rseeding ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}  ${((Date.now() - t0) / 1000).toFixed(0)} s   `);
      }
    },
  });
  db.pragma('optimize');
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (!JSON_OUT) console.log(`\nseeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return db;
}

/**
 * Write-path cost of the triggers (CPU µs per row, pricing included in the base),
 * measured inside a transaction that is rolled back: the database is left as it was.
 */
function triggerCost(db: Database): { baseUsPerRow: number; rollupUsPerRow: number; bodyBaseUsPerRow: number; ftsUsPerBody: number } {
  const N = 5_000;
  const writeRows = (withBodies: boolean, drop: string[], seed: number): number => {
    const gen = makeSeedRecords({ rows: N, days: 1, bodyDays: withBodies ? 1 : 0, seed, end: Date.now() + 365 * DAY_MS });
    const recs = [];
    for (let r = gen.next(); r; r = gen.next()) recs.push({ ...r, id: `${r.id}_bench_${seed}` });
    const writer = new LogWriter(db, { price: recordPricer(seedPricing), batchSize: N, maxQueue: N, warn: () => {} });
    db.exec('BEGIN');
    try {
      for (const t of drop) db.exec(`DROP TRIGGER ${t}`);
      for (const r of recs) writer.enqueue(r);
      // CPU time of this thread: on a busy machine wall time mostly measures the wait for a core.
      const c0 = process.cpuUsage();
      writer.flush();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / N;
    } finally {
      db.exec('ROLLBACK');
      writer.close();
    }
  };
  const rollupTriggers = ['requests_rollup_insert', 'requests_rollup_delete', 'requests_rollup_update'];
  const ftsTriggers = ['request_bodies_fts_insert', 'request_bodies_fts_delete', 'request_bodies_fts_update'];
  const med = (f: () => number) => {
    const xs = [f(), f(), f(), f(), f()].sort((a, b) => a - b);
    return xs[2]!;
  };
  const withRollup = med(() => writeRows(false, [], 11));
  const without = med(() => writeRows(false, rollupTriggers, 11));
  const bodiesFts = med(() => writeRows(true, [], 12));
  const bodiesNoFts = med(() => writeRows(true, ftsTriggers, 12));
  return { baseUsPerRow: without, rollupUsPerRow: withRollup - without, bodyBaseUsPerRow: bodiesNoFts, ftsUsPerBody: bodiesFts - bodiesNoFts };
}

function main(): void {
  const db = ensureSeeded();
  if (process.argv.includes('--write-only')) {
    const w = triggerCost(db);
    console.log(JSON.stringify(w));
    db.close();
    return;
  }
  // "Now" is just after the newest row, so reruns on a reused database measure the same thing.
  const now = (db.prepare('SELECT MAX(ts) AS t FROM requests').get() as { t: number }).t + 1;
  const today = startOfDay(now);
  const d30 = { from: today - 29 * DAY_MS, to: now };
  const d90 = { from: today - 89 * DAY_MS, to: now };
  const anyWeekAgo = { from: now - 7 * DAY_MS, to: now };
  const budgets = [
    { id: 'global-day', scope: 'global' as const, period: 'day' as const, limitUsd: 50, mode: 'soft' as const },
    { id: 'openai-month', scope: 'provider' as const, name: 'openai', period: 'month' as const, limitUsd: 400, mode: 'hard' as const },
    { id: 'ci-month', scope: 'token' as const, name: 'ci', period: 'month' as const, limitUsd: 100, mode: 'soft' as const },
  ];
  const t: Timing[] = [];
  // Costs page.
  t.push(time('costs.summary 30d + previous 30d', 'costs', () => costSummary(db, { ...d30, compare: true })));
  t.push(time('costs.summary 90d + previous, provider=anthropic', 'costs', () => costSummary(db, { ...d90, compare: true, filter: { providers: ['anthropic'] } })));
  t.push(time('costs.summary rolling 7×24h (raw edges)', 'costs', () => costSummary(db, { ...anyWeekAgo, compare: true })));
  t.push(time('costs.timeseries day × provider, 30d', 'costs', () => costTimeseries(db, { ...d30, bucket: 'day', stackBy: 'provider', metric: 'cost' })));
  t.push(time('costs.timeseries day × model, 90d + previous', 'costs', () => costTimeseries(db, { ...d90, bucket: 'day', stackBy: 'model', metric: 'cost', compare: true })));
  t.push(time('costs.timeseries week × token, 90d', 'costs', () => costTimeseries(db, { ...d90, bucket: 'week', stackBy: 'token', metric: 'cost' })));
  t.push(time('costs.timeseries month × route, 90d', 'costs', () => costTimeseries(db, { ...d90, bucket: 'month', stackBy: 'route', metric: 'cost' })));
  t.push(time('costs.timeseries day × source, 90d', 'costs', () => costTimeseries(db, { ...d90, bucket: 'day', stackBy: 'source', metric: 'cost' })));
  t.push(time('costs.timeseries tokens by kind, day, 90d', 'costs', () => costTimeseries(db, { ...d90, bucket: 'day', stackBy: null, metric: 'tokens' })));
  t.push(time('costs.timeseries hour × provider, last 24h', 'costs', () => costTimeseries(db, { from: now - DAY_MS, to: now, bucket: 'hour', stackBy: 'provider', metric: 'cost' })));
  t.push(time('costs.top models, 30d + previous', 'costs', () => costTop(db, { ...d30, by: 'model', limit: 10, compare: true })));
  t.push(time('costs.top client tokens, 30d', 'costs', () => costTop(db, { ...d30, by: 'token', limit: 10 })));
  t.push(time('costs.top routes, 90d', 'costs', () => costTop(db, { ...d90, by: 'route', limit: 10 })));
  t.push(time('costs.savings 90d', 'costs', () => costSavings(db, d90)));
  t.push(time('costs.budgets (3 caps) + burn rate', 'costs', () => budgetLines(db, budgets, { usdPerHour: 5 }, now)));
  // Requests page.
  t.push(time('requests.query first page (100) + total', 'requests', () => queryRequests(db, { limit: 100 })));
  t.push(time('requests.query 30d, provider=anthropic', 'requests', () => queryRequests(db, { ...d30, providers: ['anthropic'], limit: 100 })));
  t.push(time('requests.query status=error', 'requests', () => queryRequests(db, { status: 'error', limit: 100 })));
  t.push(time('requests.query model + cost ≥ $0.05', 'requests', () => queryRequests(db, { models: ['gpt-4o'], costMin: 0.05, limit: 100 })));
  t.push(time('requests.query cache hits, token=ci', 'requests', () => queryRequests(db, { cacheHit: true, tokens: ['ci'], limit: 100 })));
  t.push(time('requests.query unpriced (priced=false)', 'requests', () => queryRequests(db, { priced: false, limit: 100 })));
  t.push(time('requests.query search "invoice reconciliation"', 'requests', () => queryRequests(db, { search: 'invoice reconciliation', limit: 100 })));
  t.push(time('requests.query search rare "ticket-4242"', 'requests', () => queryRequests(db, { search: 'ticket-4242', limit: 100 })));
  let cursor: string | null = queryRequests(db, { limit: 100, withTotal: false }).nextCursor;
  t.push(
    time('requests.query next page (scrolling)', 'requests', () => {
      const p = queryRequests(db, { limit: 100, cursor, withTotal: false });
      cursor = p.nextCursor;
    }),
  );
  const someId = queryRequests(db, { limit: 1, withTotal: false, search: 'invoice' }).rows[0]?.id ?? '';
  t.push(time('requests.get (detail with bodies)', 'requests', () => requestDetail(db, someId)));
  t.push(time('requests.facets', 'requests', () => facets(db)));
  // Prices.
  const deps = { provider: (id: string) => ({ discount: SEED_DISCOUNTS[id] ?? 1, local: id === 'ollama' }), overrides: {} };
  t.push(time('prices.list', 'prices', () => priceTable(db, deps)));
  t.push(
    time('prices.affected anthropic/claude-sonnet-4', 'prices', () =>
      affectedRows(db, { provider: 'anthropic', model: 'claude-sonnet-4-20250514', candidate: { rates: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 }, discount: 0.9 } }),
    ),
  );

  const storage = storageReport(db, databasePath(DIR), true);
  const trig = triggerCost(db);
  const rollupRows = (db.prepare('SELECT COUNT(*) AS n FROM rollup_daily').get() as { n: number }).n;
  const dimRows = (db.prepare('SELECT COUNT(*) AS n FROM rollup_daily_dim').get() as { n: number }).n;
  const todayRows = (db.prepare('SELECT COUNT(*) AS n FROM requests WHERE ts >= ?').get(today) as { n: number }).n;
  const metricsTables = new Set(['requests', 'attempts', 'rollup_daily', 'sqlite_autoindex_requests_1', 'sqlite_autoindex_attempts_1']);
  const sum = (pred: (n: string) => boolean) => (storage.tables ?? []).filter((x) => pred(x.name)).reduce((s, x) => s + x.bytes, 0);
  const metricsBytes = sum((n) => metricsTables.has(n) || n.startsWith('requests_'));
  const bodyBytes = sum((n) => n.startsWith('request_bodies') || n === 'sqlite_autoindex_request_bodies_1');
  db.close();

  if (JSON_OUT) {
    console.log(JSON.stringify({ rows: storage.requests, bodies: storage.bodies, rollupRows, dimRows, todayRows, storage, trig, timings: t }, null, 2));
    return;
  }
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  console.log(
    `\n${storage.requests.toLocaleString('en-US')} requests over 90 days (${storage.bodies.toLocaleString('en-US')} with bodies); roll-ups: ${rollupRows.toLocaleString('en-US')} + ${dimRows.toLocaleString('en-US')} rows; ` +
      `"today" (read raw) holds ${todayRows.toLocaleString('en-US')} rows; median of ${RUNS} runs, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log('| Query | median | p95 | CPU |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const x of t) console.log(`| ${x.name} | ${x.medianMs.toFixed(1)} ms | ${x.p95Ms.toFixed(1)} ms | ${x.cpuMs.toFixed(1)} ms |`);
  console.log('');
  console.log(`Database: ${mb(storage.bytes)} (${mb(storage.bytesPerMillionRequests ?? 0)} per million requests at this mix)`);
  console.log(`  metrics (requests, attempts, indexes, roll-up): ${mb(metricsBytes)} → ${mb((metricsBytes / storage.requests) * 1e6)} per million requests`);
  console.log(`  bodies + search index: ${mb(bodyBytes)} → ${((bodyBytes / Math.max(1, storage.bodies)) / 1e3).toFixed(1)} KB per stored body`);
  console.log(`Write path, CPU per row in 5,000-row batches: LogWriter without roll-up triggers ${trig.baseUsPerRow.toFixed(1)} µs, roll-up triggers +${trig.rollupUsPerRow.toFixed(1)} µs;`);
  console.log(`  a row with bodies, without the search-index triggers ${trig.bodyBaseUsPerRow.toFixed(1)} µs, search index +${trig.ftsUsPerBody.toFixed(1)} µs per body`);
}

main();
