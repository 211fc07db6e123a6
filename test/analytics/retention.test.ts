import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { totals } from '../../electron/analytics/aggregate';
import { runMaintenance, startLogMaintenance } from '../../electron/analytics/maintenance';
import { queryRequests } from '../../electron/analytics/requests';
import { applyBodyRetention, purgeBodies, purgeRequests, storageReport } from '../../electron/analytics/retention';
import { ensureRollupZone, rebuildRollups, rebuildSearchIndex } from '../../electron/analytics/rollup';
import { getRequest } from '../../electron/store/queries';
import { localNoon, makeRecord, openTestDb, usage, write, type TestDb } from './helpers';

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.cleanup());

const DAY = 86_400_000;
const NOW = localNoon(2025, 7, 31);

function fixture() {
  return Array.from({ length: 60 }, (_, i) =>
    makeRecord({
      id: `k${i}`,
      ts: NOW - (60 - i) * DAY, // one a day, the oldest first
      usage: usage(1000, 100),
      bodies: { requestHeaders: { 'x-a': '1' }, requestBody: `alpha request ${i}`, responseBody: `omega response ${i}` },
    }),
  );
}

const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;

describe('retention', () => {
  beforeEach(() => write(t.db, fixture()));

  it('deletes bodies older than N days and keeps every metric; search forgets them', async () => {
    const before = totals(t.db, 0, NOW);
    const deleted = await applyBodyRetention(t.db, 30, NOW);
    expect(deleted).toBe(30);
    expect(count('SELECT COUNT(*) AS n FROM request_bodies')).toBe(30);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(60);
    expect(count('SELECT COUNT(*) AS n FROM attempts')).toBe(60);
    expect(totals(t.db, 0, NOW)).toEqual(before);
    expect(getRequest(t.db, 'k0')?.bodies).toBeNull();
    expect(getRequest(t.db, 'k59')?.bodies?.requestBody).toBe('alpha request 59');
    expect(queryRequests(t.db, { search: 'alpha' }).total).toEqual({ count: 30, exact: true });
    expect(queryRequests(t.db, { search: 'alpha' }).rows.at(-1)?.hasBody).toBe(true);
    expect(await applyBodyRetention(t.db, null, NOW)).toBe(0);
    // The FTS index agrees with its content table.
    expect(() => t.db.exec(`INSERT INTO request_bodies_fts (request_bodies_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  });

  it('manual purge: bodies in batches; whole requests (the roll-ups follow)', async () => {
    expect(await purgeBodies(t.db, NOW - 10 * DAY, 7)).toBe(50);
    expect(await purgeRequests(t.db, NOW - 20 * DAY, 7)).toBe(40);
    expect(count('SELECT COUNT(*) AS n FROM requests')).toBe(20);
    expect(count('SELECT COUNT(*) AS n FROM attempts')).toBe(20);
    expect(totals(t.db, 0, NOW).requests).toBe(20);
    expect(count('SELECT COUNT(*) AS n FROM rollup_daily WHERE requests = 0')).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM rollup_daily_dim WHERE requests = 0`)).toBe(0);
  });

  it('storage report', () => {
    const r = storageReport(t.db, t.path, true);
    expect(r).toMatchObject({ requests: 60, bodies: 60 });
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.bytesPerMillionRequests).toBeGreaterThan(0);
    expect(r.tables?.map((x) => x.name)).toContain('requests');
  });

  it('maintenance: retention, roll-up zone check; rebuilds give the same totals', async () => {
    const before = totals(t.db, 0, NOW);
    expect(ensureRollupZone(t.db)).toBe(false);
    t.db.prepare(`UPDATE analytics_meta SET value = 'elsewhere' WHERE key = 'rollup_tz'`).run();
    const r = await runMaintenance(t.db, 45, NOW);
    expect(r).toEqual({ rollupRebuilt: true, bodiesDeleted: 15 });
    expect(totals(t.db, 0, NOW)).toEqual(before);
    rebuildRollups(t.db);
    rebuildSearchIndex(t.db);
    expect(totals(t.db, 0, NOW)).toEqual(before);
    expect(queryRequests(t.db, { search: 'omega' }).total?.count).toBe(45);
  });

  it('the maintenance timer runs once after start and stops cleanly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const days = vi.fn(() => null);
      const m = startLogMaintenance({ db: t.db, bodyRetentionDays: days, firstRunDelayMs: 1000, intervalMs: 10_000 });
      await vi.advanceTimersByTimeAsync(1001);
      expect(days).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(days).toHaveBeenCalledTimes(2);
      m.stop();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(days).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
