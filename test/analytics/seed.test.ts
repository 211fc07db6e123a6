import { afterEach, beforeEach, expect, it } from 'vitest';
import { totals } from '../../electron/analytics/aggregate';
import { seedDatabase } from '../../scripts/seed-log';
import { openTestDb, type TestDb } from './helpers';

let t: TestDb;
beforeEach(() => (t = openTestDb()));
afterEach(() => t.cleanup());

it('the seed script writes a realistic mix and leaves the roll-ups and their triggers as the log would', () => {
  const end = Date.now();
  expect(seedDatabase(t.db, { rows: 3_000, days: 10, bodyDays: 2, seed: 5, end })).toBe(3_000);
  const raw = t.db
    .prepare(
      `SELECT COUNT(*) AS n, TOTAL(cost_usd) AS cost, TOTAL(status >= 400) AS errors, TOTAL(cache_hit) AS hits, TOTAL(priced = 0) AS unpriced,
        COUNT(DISTINCT provider) AS providers, COUNT(counterfactual_cost_usd) AS routed FROM requests`,
    )
    .get() as Record<string, number>;
  const m = totals(t.db, 0, end + 1);
  expect(m.requests).toBe(3_000);
  expect(m.cost).toBeCloseTo(raw.cost!, 6);
  expect(m.errors).toBe(raw.errors);
  expect(raw.errors! / 3_000).toBeGreaterThan(0.01);
  expect(raw.hits).toBeGreaterThan(0);
  expect(raw.unpriced).toBeGreaterThan(0);
  expect(raw.routed).toBeGreaterThan(0);
  expect(raw.providers).toBeGreaterThanOrEqual(8);
  expect((t.db.prepare('SELECT COUNT(*) AS n FROM request_bodies').get() as { n: number }).n).toBeGreaterThan(400);
  const triggers = (t.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'requests_rollup_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
  expect(triggers).toEqual(['requests_rollup_delete', 'requests_rollup_insert', 'requests_rollup_update']);
});
