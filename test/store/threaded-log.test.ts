/**
 * The request log's writer thread (electron/store/threaded-log.ts): rows are
 * priced on the main thread and committed by a worker with its own
 * connection; the main thread never runs the insert. Real SQLite file, real
 * worker thread (started through the same tsx bootstrap the CLI uses).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { databasePath } from '../../electron/core/paths';
import type { PriceResult } from '../../electron/pricing/price';
import { openDatabase, type Database } from '../../electron/store/db';
import { orphanedJournalRows } from '../../electron/store/journal';
import { ThreadedLogWriter } from '../../electron/store/threaded-log';
import type { RequestRecord } from '../../electron/store/types';
import { makeRecord, tempDir } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(): { dir: string; path: string; db: Database } {
  const t = tempDir();
  const path = join(t.dir, 'switchboard.db');
  const db = openDatabase(path);
  cleanups.push(() => {
    if (db.open) db.close();
    t.cleanup();
  });
  return { dir: t.dir, path, db };
}

const priced = (cost: number): PriceResult => ({
  listCostUsd: cost,
  costUsd: cost,
  inputCostUsd: cost / 2,
  cachedInputCostUsd: 0,
  outputCostUsd: cost / 2,
  reasoningCostUsd: 0,
  priced: true,
});
const usage = { inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
const turn = () => new Promise<void>((r) => setImmediate(r));
const count = (db: Database, table = 'requests') => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function writer(db: Database, over: Partial<ConstructorParameters<typeof ThreadedLogWriter>[1]> = {}): { w: ThreadedLogWriter; warnings: string[] } {
  const warnings: string[] = [];
  const w = new ThreadedLogWriter(db, { price: (r) => priced(r.servedModel === 'pricey' ? 0.5 : 0.01), warn: (m) => warnings.push(m), ...over });
  cleanups.push(() => w.close());
  return { w, warnings };
}

describe('ThreadedLogWriter', () => {
  it('commits on the writer thread: nothing is written on the enqueueing turn; whenIdle() resolves once it is committed', async () => {
    const { db } = setup();
    const priceThreads: boolean[] = [];
    const { w } = writer(db, {
      price: (r) => {
        // The pricer is a main-thread closure (it reads live settings): it cannot run in the worker.
        priceThreads.push(true);
        return priced(r.servedModel === 'pricey' ? 0.5 : 0.01);
      },
    });
    w.start();
    const rows = [
      makeRecord({ id: 'a', usage, bodies: { requestHeaders: { x: '1' }, requestBody: 'needle-request', responseBody: '{}' } }),
      makeRecord({
        id: 'b',
        servedModel: 'pricey',
        usage,
        attempts: [
          { seq: 0, provider: 'openai', model: 'other', status: 500, error: 'boom', latencyMs: 1, ttftMs: null, outcome: 'error', reason: null, usage },
          { seq: 1, provider: 'openai', model: 'pricey', status: 200, error: null, latencyMs: 1, ttftMs: 1, outcome: 'ok', reason: null, usage },
        ],
      }),
    ];
    for (const r of rows) w.enqueue(r);
    expect(count(db)).toBe(0);
    expect(priceThreads).toHaveLength(0); // priced one turn later, not in enqueue()
    expect(w.stats.pending).toBe(2);
    await w.whenIdle();
    expect(count(db)).toBe(2);
    expect(w.stats).toMatchObject({ written: 2, pending: 0, dropped: 0, rejected: 0 });
    expect(db.prepare('SELECT cost_usd FROM requests WHERE id = ?').pluck().get('b')).toBe(0.5);
    // Attempt costs priced on the main thread too: the failed attempt on 'other', the served one on 'pricey'.
    expect(db.prepare('SELECT cost_usd FROM attempts WHERE request_id = ? ORDER BY seq').pluck().all('b')).toEqual([0.01, 0.5]);
    // Bodies reach the full-text index (the FTS trigger ran in the worker).
    expect(db.prepare(`SELECT count(*) FROM request_bodies_fts WHERE request_bodies_fts MATCH '"needle"'`).pluck().get()).toBe(1);
  });

  it('flush() is synchronous, even before the worker has booted', () => {
    const { db } = setup();
    const { w } = writer(db);
    for (let i = 0; i < 50; i++) w.enqueue(makeRecord({ usage }));
    w.flush();
    expect(count(db)).toBe(50);
    expect(w.stats).toMatchObject({ written: 50, pending: 0 });
  });

  it('reports each row to onLogged on the main thread, one turn later and before it is committed (budgets count it at once)', async () => {
    const { db } = setup();
    const logged: Array<{ id: string; cost: number | null; committed: number }> = [];
    const { w } = writer(db, { onLogged: (r, p) => logged.push({ id: r.id, cost: p.costUsd, committed: count(db) }) });
    w.start();
    w.enqueue(makeRecord({ id: 'x', servedModel: 'pricey', usage }));
    w.enqueue(makeRecord({ id: 'hit', usage, cacheHit: true }));
    expect(logged).toEqual([]);
    await turn();
    expect(logged).toEqual([
      { id: 'x', cost: 0.5, committed: 0 },
      { id: 'hit', cost: 0, committed: 0 }, // a response-cache hit is not billed
    ]);
    await w.whenIdle();
    expect(db.prepare('SELECT cost_usd FROM requests WHERE id = ?').pluck().get('hit')).toBe(0);
  });

  it('settles a waiter after its row is committed, and calls onDrained once everything enqueued is', async () => {
    const { db } = setup();
    let drained = 0;
    const { w } = writer(db, { onDrained: () => drained++ });
    const seen: number[] = [];
    const settled = new Promise<void>((r) => w.enqueue(makeRecord({ id: 's1' }), () => (seen.push(count(db)), r())));
    w.enqueue(makeRecord({ id: 's2' }));
    await settled;
    expect(seen[0]).toBeGreaterThanOrEqual(1);
    await w.whenIdle();
    expect(drained).toBeGreaterThanOrEqual(1);
  });

  it('the writer thread owns checkpoints: the main connection does not auto-checkpoint while it runs', () => {
    const { db } = setup();
    const { w } = writer(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    w.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(w.writerPragma('wal_autocheckpoint')).toBe(1000);
    w.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('close() drains, stops the thread, and counts later rows as dropped', () => {
    const { db } = setup();
    const { w } = writer(db);
    for (let i = 0; i < 20; i++) w.enqueue(makeRecord());
    w.close();
    expect(count(db)).toBe(20);
    w.enqueue(makeRecord());
    expect(w.stats).toMatchObject({ written: 20, dropped: 1, pending: 0 });
  });

  it('if the writer thread dies, the main thread takes over: no row lost, none duplicated', async () => {
    const { db } = setup();
    const { w, warnings } = writer(db);
    for (let i = 0; i < 30; i++) w.enqueue(makeRecord({ id: `before_${i}` }));
    w.flush();
    for (let i = 0; i < 30; i++) w.enqueue(makeRecord({ id: `during_${i}` }));
    await turn(); // sent, maybe not committed
    // Kill the thread as a crash would (no test hook in the class: reach the private field).
    const thread = (w as unknown as { worker: Worker }).worker;
    await thread.terminate();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 30; i++) w.enqueue(makeRecord({ id: `after_${i}` }));
    await w.whenIdle();
    w.flush();
    expect(count(db)).toBe(90);
    expect(warnings.some((m) => /writer thread/.test(m))).toBe(true);
  });

  it('loses no journaled row when the process is killed with SIGKILL; replaying the journal is idempotent', async () => {
    const { dir, db } = setup();
    const path = databasePath(dir);
    db.close();
    const root = resolve(__dirname, '../..');
    const child = spawn(process.execPath, [join(root, 'bin/tsx-run.mjs'), join(root, 'test/store/fixtures/kill-child.ts'), path, dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const signalled: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
    await new Promise<void>((done, fail) => {
      const rl = createInterface({ input: child.stdout });
      rl.on('line', (line) => {
        if (line.startsWith('ok ')) signalled.push(line.slice(3));
        if (signalled.length >= 2_000 && !child.killed) {
          child.kill('SIGKILL');
          done();
        }
      });
      child.on('exit', () => fail(new Error(`child exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    const raw = openDatabase(path);
    let committedByWorker: number;
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      committedByWorker = count(raw);
      // What the writer thread committed before the kill has its bodies.
      expect(count(raw, 'request_bodies')).toBe(committedByWorker);
    } finally {
      raw.close();
    }
    expect(orphanedJournalRows(dir).files).toHaveLength(1);

    const app = await SwitchboardApp.open({ dataDir: dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, warn: () => {}, watchSettings: false });
    try {
      const added = app.recoverLog();
      const present = new Set((app.db.prepare('SELECT id FROM requests').all() as Array<{ id: string }>).map((r) => r.id));
      expect(signalled.filter((id) => !present.has(id))).toEqual([]);
      // Rows the worker had already committed were skipped, not duplicated.
      expect(present.size).toBe(committedByWorker + added);
      expect(app.recoverLog()).toBe(0);
      expect(orphanedJournalRows(dir).files).toHaveLength(0);
    } finally {
      app.close();
    }
  });
});

describe('ThreadedLogWriter under a store outage', () => {
  it('keeps rows queued while the writer connection is read-only, releases waiters, and writes them when it recovers', async () => {
    const { db } = setup();
    const { w, warnings } = writer(db, { retryMs: 20 });
    w.writerPragma('query_only = ON');
    const released: string[] = [];
    const rows: RequestRecord[] = Array.from({ length: 10 }, (_, i) => makeRecord({ id: `o${i}` }));
    for (const r of rows) w.enqueue(r, () => released.push(r.id));
    w.flush();
    expect(count(db)).toBe(0);
    expect(w.stats.pending).toBe(10);
    // During an outage nobody waits for the store.
    expect(released).toHaveLength(10);
    expect(warnings.filter((m) => /cannot write its request log/.test(m))).toHaveLength(1);
    // A reader waiting for its own write (admin API) gives up after its timeout instead of hanging.
    let gaveUp = false;
    await w.whenIdle(50).then(() => (gaveUp = true));
    expect(gaveUp).toBe(true);
    expect(count(db)).toBe(0);
    w.writerPragma('query_only = OFF');
    await w.whenIdle();
    expect(count(db)).toBe(10);
    expect(w.stats.pending).toBe(0);
  });
});
