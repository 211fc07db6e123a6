import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PriceResult } from '../../electron/pricing/price';
import { openDatabase, type Database } from '../../electron/store/db';
import { LogWriter } from '../../electron/store/log-writer';
import { cacheModels, cachedModels, getRequest, pruneBefore, recentRequests, spendSince } from '../../electron/store/queries';
import type { RequestRecord } from '../../electron/store/types';
import { makeRecord, tempDir } from './helpers';

let db: Database;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  db = openDatabase(join(t.dir, 'sb.db'));
  cleanup = () => {
    db.close();
    t.cleanup();
  };
});
afterEach(() => cleanup());

const costs = new Map<string, number | null>();
function write(records: RequestRecord[]): void {
  const writer = new LogWriter(db, {
    price: (r) => {
      const c = costs.get(r.id) ?? null;
      return { listCostUsd: c, costUsd: c, inputCostUsd: c, cachedInputCostUsd: 0, outputCostUsd: 0, reasoningCostUsd: 0, priced: c !== null } as PriceResult;
    },
    warn: () => {},
  });
  for (const r of records) writer.enqueue(r);
  writer.close();
}

describe('queries', () => {
  it('recentRequests: newest first, with limit and offset', () => {
    const recs = [1000, 3000, 2000].map((ts) => makeRecord({ ts }));
    write(recs);
    expect(recentRequests(db, { limit: 10 }).map((r) => r.ts)).toEqual([3000, 2000, 1000]);
    expect(recentRequests(db, { limit: 1, offset: 1 }).map((r) => r.ts)).toEqual([2000]);
    const row = recentRequests(db, { limit: 1 })[0]!;
    expect(row).toMatchObject({ id: recs[1]!.id, clientFormat: 'openai', endpoint: 'chat', stream: false, attempts: 1, inputTokens: 1000 });
  });

  it('getRequest: attempts in order; undefined when missing', () => {
    const rec = makeRecord({
      attempts: [
        { seq: 1, provider: 'b', model: 'm2', status: 200, error: null, latencyMs: 2, ttftMs: 1, outcome: 'ok', reason: null },
        { seq: 0, provider: 'a', model: 'm1', status: null, error: null, latencyMs: null, ttftMs: null, outcome: 'skipped', reason: 'circuit_open' },
      ],
    });
    write([rec]);
    const got = getRequest(db, rec.id)!;
    expect(got.attempts.map((a) => a.provider)).toEqual(['a', 'b']);
    expect(got.attemptCount).toBe(2);
    expect(getRequest(db, 'nope')).toBeUndefined();
  });

  it('spendSince sums cost_usd from a time, with filters; unpriced rows count as 0', () => {
    const recs = [
      makeRecord({ ts: 100, provider: 'openai', tokenName: 'ci', route: 'fast' }),
      makeRecord({ ts: 200, provider: 'openai', tokenName: 'me', route: null }),
      makeRecord({ ts: 300, provider: 'anthropic', tokenName: 'ci', route: 'fast' }),
      makeRecord({ ts: 400, provider: 'anthropic', tokenName: 'ci', route: 'fast' }),
    ];
    [0.1, 0.2, 0.4, null].forEach((c, i) => costs.set(recs[i]!.id, c));
    write(recs);
    expect(spendSince(db, 0)).toBeCloseTo(0.7, 10);
    expect(spendSince(db, 150)).toBeCloseTo(0.6, 10);
    expect(spendSince(db, 0, { provider: 'openai' })).toBeCloseTo(0.3, 10);
    expect(spendSince(db, 0, { tokenName: 'ci', route: 'fast' })).toBeCloseTo(0.5, 10);
    expect(spendSince(db, 0, { provider: 'nobody' })).toBe(0);
  });

  it('cacheModels replaces a provider’s list; cachedModels reads all', () => {
    cacheModels(db, 'openai', ['gpt-4o', 'gpt-4o-mini'], 1);
    cacheModels(db, 'groq', ['llama'], 2);
    cacheModels(db, 'openai', ['gpt-5'], 3);
    expect(cachedModels(db)).toEqual([
      { provider: 'groq', model: 'llama', fetchedAt: 2 },
      { provider: 'openai', model: 'gpt-5', fetchedAt: 3 },
    ]);
  });

  it('retention drops bodies but keeps metrics; dropping requests cascades', () => {
    const bodies = { requestHeaders: {}, requestBody: 'q', responseBody: 'a' };
    const old = makeRecord({ ts: 100, bodies });
    const recent = makeRecord({ ts: 900, bodies });
    write([old, recent]);
    expect(pruneBefore(db, { bodiesBeforeMs: 500 })).toEqual({ bodies: 1, requests: 0 });
    expect(getRequest(db, old.id)).toMatchObject({ bodies: null, inputTokens: 1000 });
    expect(getRequest(db, recent.id)!.bodies).not.toBeNull();
    expect(pruneBefore(db, { requestsBeforeMs: 1000 })).toEqual({ bodies: 0, requests: 2 });
    expect(db.prepare('SELECT (SELECT count(*) FROM attempts) + (SELECT count(*) FROM request_bodies) AS n').get()).toEqual({ n: 0 });
  });
});
