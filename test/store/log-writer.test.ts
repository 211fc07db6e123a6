import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PriceResult } from '../../electron/pricing/price';
import { openDatabase, type Database } from '../../electron/store/db';
import { LogWriter, recordPricer } from '../../electron/store/log-writer';
import { getRequest } from '../../electron/store/queries';
import type { RequestRecord } from '../../electron/store/types';
import { makeRecord, tempDir } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(): { path: string; db: Database } {
  const t = tempDir();
  const path = join(t.dir, 'switchboard.db');
  const db = openDatabase(path);
  cleanups.push(() => {
    if (db.open) db.close();
    t.cleanup();
  });
  return { path, db };
}

const fixedPrice = (cost = 0.01): PriceResult => ({
  listCostUsd: cost,
  costUsd: cost,
  inputCostUsd: cost / 2,
  cachedInputCostUsd: 0,
  outputCostUsd: cost / 2,
  reasoningCostUsd: 0,
  priced: true,
});

const turn = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const count = (db: Database, table = 'requests') => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('LogWriter (the batcher that runs on the log writer thread; threaded-log.test.ts covers the thread)', () => {
  it('queues without touching SQLite or pricing, then writes one batch on the next turn', async () => {
    const { db } = setup();
    const price = vi.fn((_r: RequestRecord) => fixedPrice());
    const writer = new LogWriter(db, { price, warn: () => {} });
    for (let i = 0; i < 50; i++) writer.enqueue(makeRecord());
    expect(price).not.toHaveBeenCalled();
    expect(count(db)).toBe(0);
    expect(writer.stats).toMatchObject({ pending: 50, written: 0 });
    await turn();
    expect(count(db)).toBe(50);
    expect(count(db, 'attempts')).toBe(50);
    expect(price).toHaveBeenCalledTimes(50);
    expect(writer.stats).toMatchObject({ pending: 0, written: 50, batches: 1, dropped: 0 });
    writer.close();
  });

  it('with coalesceMs, rows queued over several turns share one transaction (written once the window ends)', async () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(), warn: () => {}, coalesceMs: 30 });
    for (let i = 0; i < 5; i++) {
      writer.enqueue(makeRecord());
      await turn();
    }
    expect(count(db)).toBe(0);
    await sleep(60);
    expect(count(db)).toBe(5);
    expect(writer.stats).toMatchObject({ written: 5, batches: 1, pending: 0 });
    writer.close();
  });

  it('splits large backlogs into batches of batchSize', async () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(), batchSize: 100, warn: () => {} });
    for (let i = 0; i < 250; i++) writer.enqueue(makeRecord());
    await turn();
    expect(count(db)).toBe(100);
    await turn();
    await turn();
    expect(count(db)).toBe(250);
    expect(writer.stats.batches).toBe(3);
    writer.close();
  });

  it('flush() writes everything synchronously', () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(), warn: () => {} });
    for (let i = 0; i < 10; i++) writer.enqueue(makeRecord());
    writer.flush();
    expect(count(db)).toBe(10);
    expect(writer.stats.pending).toBe(0);
    writer.close();
  });

  it('stores columns, attempts and costs; bodies only when given', () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(0.02), warn: () => {} });
    const withBodies = makeRecord({
      stream: true,
      ttftMs: 33.3,
      partial: true,
      route: 'fast',
      usage: { inputTokens: 500, outputTokens: 80, cacheReadTokens: 100, cacheWriteTokens: 10, reasoningTokens: 20 },
      attempts: [
        { seq: 0, provider: 'groq', model: 'llama', status: 429, error: 'rate limited', latencyMs: 5, ttftMs: null, outcome: 'error', reason: 'rate_limit', costUsd: 0 },
        { seq: 1, provider: 'openai', model: 'gpt-4o', status: 200, error: null, latencyMs: 100, ttftMs: 33.3, outcome: 'ok', reason: null, usage: { inputTokens: 500, outputTokens: 80, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
      ],
      bodies: { requestHeaders: { 'content-type': 'application/json' }, requestBody: '{"a":1}', responseBody: '{"b":2}' },
    });
    const without = makeRecord();
    writer.enqueue(withBodies);
    writer.enqueue(without);
    writer.flush();
    const a = getRequest(db, withBodies.id)!;
    expect(a).toMatchObject({
      stream: true,
      partial: true,
      route: 'fast',
      ttftMs: 33.3,
      inputTokens: 500,
      cacheReadTokens: 100,
      cacheWriteTokens: 10,
      reasoningTokens: 20,
      costUsd: 0.02,
      listCostUsd: 0.02,
      costInputUsd: 0.01,
      priced: true,
      attemptCount: 2,
    });
    expect(a.attempts.map((x) => [x.seq, x.provider, x.outcome, x.reason, x.costUsd])).toEqual([
      [0, 'groq', 'error', 'rate_limit', 0],
      [1, 'openai', 'ok', null, 0.02],
    ]);
    expect(a.bodies).toEqual(withBodies.bodies);
    expect(getRequest(db, without.id)!.bodies).toBeNull();
    expect(count(db, 'request_bodies')).toBe(1);
    writer.close();
  });

  it('records cache hits at zero cost, with the saving', () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(0.5), warn: () => {} });
    const rec = makeRecord({ cacheHit: true });
    writer.enqueue(rec);
    writer.flush();
    expect(getRequest(db, rec.id)).toMatchObject({ cacheHit: true, costUsd: 0, savedUsd: 0.5, priced: true });
    writer.close();
  });

  it('while another connection holds the write lock: warns once, keeps serving, bounds the queue, then catches up', async () => {
    const { path, db } = setup();
    const warn = vi.fn();
    const writer = new LogWriter(db, { price: () => fixedPrice(), warn, maxQueue: 100, retryMs: 10, writeBusyTimeoutMs: 0 });
    const locker = new BetterSqlite3(path);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const records = Array.from({ length: 250 }, () => makeRecord());
      for (const r of records.slice(0, 50)) writer.enqueue(r);
      await turn();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/cannot write its request log.*locked|busy/i);
      for (const r of records.slice(50)) writer.enqueue(r); // keeps accepting, never throws
      await sleep(60); // several retries, all failing
      writer.flush(); // also fails, must not throw
      expect(warn).toHaveBeenCalledTimes(1);
      expect(writer.stats).toMatchObject({ pending: 100, dropped: 150, written: 0 });
      expect(writer.stats.failures).toBeGreaterThan(1);
      locker.exec('COMMIT');
      await sleep(50);
      expect(writer.stats).toMatchObject({ pending: 0, written: 100, dropped: 150 });
      // The newest rows survive; the oldest were dropped.
      const ids = (db.prepare('SELECT id FROM requests').all() as Array<{ id: string }>).map((r) => r.id).sort();
      expect(ids).toEqual(records.slice(150).map((r) => r.id).sort());
    } finally {
      if (locker.inTransaction) locker.exec('ROLLBACK');
      locker.close();
      writer.close();
    }
  });

  it('on a read-only database: warns once, keeps accepting, drops beyond the bound', async () => {
    const { path } = setup();
    const ro = new BetterSqlite3(path, { readonly: true });
    cleanups.push(() => ro.close());
    const warn = vi.fn();
    const writer = new LogWriter(ro, { price: () => fixedPrice(), warn, maxQueue: 20, retryMs: 5 });
    for (let i = 0; i < 30; i++) {
      writer.enqueue(makeRecord());
      await turn();
    }
    await sleep(30);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/readonly/i);
    expect(writer.stats).toMatchObject({ pending: 20, dropped: 10, written: 0 });
    writer.close();
    expect(writer.stats).toMatchObject({ pending: 0, dropped: 30 });
    expect(warn).toHaveBeenCalledTimes(2); // the shutdown loss is reported too
  });

  it('skips a row SQLite refuses without losing the rest of the batch', () => {
    const { db } = setup();
    const warn = vi.fn();
    const writer = new LogWriter(db, { price: () => fixedPrice(), warn });
    const dup = makeRecord();
    writer.enqueue(dup);
    writer.enqueue(makeRecord());
    writer.enqueue({ ...dup, attempts: [] });
    writer.enqueue(makeRecord());
    writer.flush();
    expect(count(db)).toBe(3);
    expect(writer.stats).toMatchObject({ written: 3, rejected: 1, pending: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(dup.id);
    writer.close();
  });

  it('records pricing failures as unpriced rather than failing the write', () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => { throw new Error('boom'); }, warn: () => {} });
    const rec = makeRecord();
    writer.enqueue(rec);
    writer.flush();
    expect(getRequest(db, rec.id)).toMatchObject({ priced: false, costUsd: null });
    writer.close();
  });

  it('drops (and counts) rows enqueued after close', () => {
    const { db } = setup();
    const writer = new LogWriter(db, { price: () => fixedPrice(), warn: () => {} });
    writer.close();
    writer.enqueue(makeRecord());
    expect(writer.stats.dropped).toBe(1);
    expect(count(db)).toBe(0);
  });
  // Kill -9 safety of the shipped log (journal + writer thread): threaded-log.test.ts.
});

describe('recordPricer', () => {
  const price = recordPricer((id) => (id === 'ollama' ? { local: true } : id === 'cheap' ? { pricingId: 'openai', discount: 0.5 } : undefined));

  it('prices the served model with the provider’s pricing id and discount', () => {
    const r = price(makeRecord({ provider: 'cheap', servedModel: 'gpt-4o', usage: { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } }));
    expect(r.listCostUsd).toBeCloseTo(2.5, 10);
    expect(r.costUsd).toBeCloseTo(1.25, 10);
  });

  it('local is free, unknown is null, a failed request without usage is 0', () => {
    expect(price(makeRecord({ provider: 'ollama', servedModel: 'llama3' })).costUsd).toBe(0);
    expect(price(makeRecord({ servedModel: 'no-such-model-zz' }))).toMatchObject({ priced: false, costUsd: null });
    expect(price(makeRecord({ status: 502, usage: null }))).toMatchObject({ priced: true, costUsd: 0 });
    expect(price(makeRecord({ status: 200, usage: null }))).toMatchObject({ priced: false, costUsd: null });
  });
});
