import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { ApiService } from '../../electron/api/service';
import { localNoon, makeRecord, tempDir, usage } from './helpers';

let app: SwitchboardApp;
let api: ApiService;
let cleanup: () => void;
const ctx = { transport: 'http' as const };
const M = 1_000_000;
const T0 = localNoon(2025, 8, 4);

async function call(name: string, input: unknown): Promise<any> {
  const r = await api.dispatch(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  const t = tempDir();
  app = await SwitchboardApp.open({ dataDir: t.dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, watchSettings: false, warn: () => {} });
  api = new ApiService(app, { version: 'test', endpoint: () => 'http://127.0.0.1:1' });
  cleanup = () => {
    api.close();
    app.close();
    t.cleanup();
  };
  app.settings.update((s) => {
    s.providers.anthropic = { discount: 0.5 };
    s.budgets = [{ id: 'daily', scope: 'global', period: 'day', limitUsd: 10, mode: 'soft' }];
  });
  for (const r of [
    makeRecord({ id: 'x1', ts: T0, provider: 'openai', servedModel: 'gpt-4o', usage: usage(M, 0), bodies: { requestHeaders: { authorization: 'Bearer sk-live-123', 'x-ok': 'yes' }, requestBody: 'find me please', responseBody: 'ok' } }),
    makeRecord({ id: 'x2', ts: T0 + 1000, provider: 'anthropic', servedModel: 'claude-sonnet-4-20250514', usage: usage(M, 0), route: 'auto', counterfactual: { provider: 'openai', model: 'gpt-4.1' } }),
    makeRecord({ id: 'x3', ts: T0 + 2000, provider: 'lab', servedModel: 'mystery', usage: usage(M, M) }),
  ]) {
    app.writer.enqueue(r);
  }
  app.writer.flush();
});
afterAll(() => cleanup?.());

const range = { from: localNoon(2025, 8, 4, 0), to: localNoon(2025, 8, 5, 0) };

describe('Costs & Requests over the contract (outputs pass their zod schemas)', () => {
  it('costs.*', async () => {
    const s = await call('costs.summary', range);
    expect(s.current).toMatchObject({ requests: 3, unpricedRequests: 1, costUsd: expect.closeTo(2.5 + 1.5, 9) });
    const ts = await call('costs.timeseries', { ...range, stackBy: 'provider' });
    expect(ts.points).toHaveLength(1);
    const top = await call('costs.top', { ...range, by: 'model' });
    expect(top.rows[0].key).toBe('openai/gpt-4o');
    const sav = await call('costs.savings', range);
    expect(sav.routing.counterfactualUsd).toBeCloseTo(2, 9);
    expect(sav.routing.savedUsd).toBeCloseTo(0.5, 9);
    const b = await call('costs.budgets', { now: T0 + 3000 });
    expect(b.budgets[0]).toMatchObject({ id: 'daily', spentUsd: expect.closeTo(4, 9) });
    const bad = await api.dispatch('costs.timeseries', { from: 10, to: 5 }, ctx);
    expect(bad.ok).toBe(false);
    const hourly = await api.dispatch('costs.timeseries', { from: 0, to: 30 * 86_400_000, bucket: 'hour' }, ctx);
    expect(hourly).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_range' } });
  });

  it('requests.*: query, search, detail (headers redacted), facets', async () => {
    const page = await call('requests.query', { limit: 2 });
    expect(page.rows.map((r: { id: string }) => r.id)).toEqual(['x3', 'x2']);
    expect(page.total).toEqual({ count: 3, exact: true });
    const next = await call('requests.query', { limit: 2, cursor: page.nextCursor });
    expect(next.rows.map((r: { id: string }) => r.id)).toEqual(['x1']);
    expect((await call('requests.query', { search: 'find' })).rows[0].id).toBe('x1');
    const d = await call('requests.get', { id: 'x1' });
    expect(d.bodies.requestHeaders.authorization).not.toContain('sk-live');
    expect(d.bodies.requestHeaders['x-ok']).toBe('yes');
    expect((await api.dispatch('requests.get', { id: 'nope' }, ctx))).toMatchObject({ ok: false, status: 404 });
    expect((await call('requests.facets', {})).providers).toEqual(['anthropic', 'lab', 'openai']);
  });

  it('prices.*: list flags the unknown model; an override reports affected rows; recompute applies it', async () => {
    const list = await call('prices.list', {});
    expect(list.rows[0]).toMatchObject({ provider: 'lab', model: 'mystery', source: 'unknown' });
    expect(list.unpricedRequests).toBe(1);
    const set = await call('prices.setOverride', { provider: 'lab', model: 'mystery', inputPerMTok: 1, outputPerMTok: 2 });
    expect(set.price).toMatchObject({ source: 'override', effective: { inputPerMTok: 1, outputPerMTok: 2 } });
    expect(set.affected).toMatchObject({ requests: 1, unpricedRequests: 1, estimatedCostUsd: expect.closeTo(3, 9) });
    expect(app.settings.get().priceOverrides['lab/mystery']).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    const aff = await call('prices.affected', { provider: 'anthropic', candidate: { inputPerMTok: 1, outputPerMTok: 1 } });
    expect(aff).toMatchObject({ requests: 1, estimatedCostUsd: expect.closeTo(0.5, 9) });
    const res = await call('prices.recompute', { provider: 'lab', model: 'mystery' });
    expect(res).toMatchObject({ updated: 1 });
    expect(await call('prices.recomputeStatus', {})).toMatchObject({ running: false, last: { updated: 1 } });
    expect((await call('costs.summary', range)).current.unpricedRequests).toBe(0);
    // New rows are priced with the override at write time.
    app.writer.enqueue(makeRecord({ id: 'x4', ts: T0 + 5000, provider: 'lab', servedModel: 'mystery', usage: usage(M, 0) }));
    app.writer.flush();
    expect((await call('requests.get', { id: 'x4' })).costUsd).toBe(1);
    const removed = await call('prices.removeOverride', { provider: 'lab', model: 'mystery' });
    expect(removed.price.source).toBe('unknown');
    expect(removed.affected.estimatedCostUsd).toBeNull();
  });

  it('log.*: export, storage, purge', async () => {
    const ex = await call('log.export', { format: 'csv', ...range });
    expect(ex.rows).toBe(4);
    expect(ex.path.startsWith(`${app.dataDir}`)).toBe(true);
    expect(fs.readFileSync(ex.path, 'utf8').split('\r\n')[0]).toMatch(/^id,time,tsMs,provider/);
    const st = await call('log.storage', { detailed: true });
    expect(st).toMatchObject({ requests: 4, bodies: 1, bodyRetentionDays: null });
    expect(await call('log.purge', { what: 'bodies', before: T0 + 1 })).toEqual({ bodies: 1, requests: 0 });
    expect((await call('requests.get', { id: 'x1' })).bodies).toBeNull();
    expect((await api.dispatch('log.purge', { what: 'requests', before: Date.now() + 86_400_000 }, ctx)).ok).toBe(false);
  });
});
