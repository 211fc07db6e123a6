import { describe, expect, it } from 'vitest';
import {
  bootstrapCI,
  bradleyTerry,
  bradleyTerryBootstrap,
  meanScore,
  mulberry32,
  overlaps,
  pairCall,
  quantile,
  wilson,
  type Comparison,
} from '../../electron/compare/stats';

describe('wilson', () => {
  it('matches known values', () => {
    const w = wilson(8, 10);
    expect(w.p).toBe(0.8);
    expect(w.lo).toBeCloseTo(0.4902, 3);
    expect(w.hi).toBeCloseTo(0.9433, 3);
    // Other published values (Newcombe 1998, Table I, Wilson score without continuity correction).
    const a = wilson(81, 263);
    expect(a.lo).toBeCloseTo(0.2553, 3);
    expect(a.hi).toBeCloseTo(0.3662, 3);
    const b = wilson(15, 148);
    expect(b.lo).toBeCloseTo(0.0624, 3);
    expect(b.hi).toBeCloseTo(0.1605, 3);
    const c = wilson(0, 20);
    expect(c.lo).toBe(0);
    expect(c.hi).toBeCloseTo(0.1611, 3);
    const d = wilson(1, 29);
    expect(d.lo).toBeCloseTo(0.0061, 3);
    expect(d.hi).toBeCloseTo(0.1718, 3);
  });

  it('is symmetric and handles n = 0 and fractional (half-win) counts', () => {
    const x = wilson(3, 10);
    const y = wilson(7, 10);
    expect(x.lo).toBeCloseTo(1 - y.hi, 12);
    expect(x.hi).toBeCloseTo(1 - y.lo, 12);
    expect(wilson(0, 0)).toEqual({ p: null, lo: 0, hi: 1, n: 0 });
    const h = wilson(5.5, 10);
    expect(h.p).toBe(0.55);
    expect(h.lo).toBeLessThan(0.55);
    expect(h.hi).toBeGreaterThan(0.55);
  });
});

describe('bootstrap', () => {
  const rand = mulberry32(7);
  const data: number[] = Array.from({ length: 60 }, () => (rand() < 0.7 ? 1 : rand() < 0.5 ? 0.5 : 0));

  it('is reproducible with a seed and covers the point estimate', () => {
    const a = bootstrapCI(data, meanScore, { seed: 42, iterations: 2000 });
    const b = bootstrapCI(data, meanScore, { seed: 42, iterations: 2000 });
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(meanScore(data), 12);
    expect(a.lo).toBeLessThan(a.estimate);
    expect(a.hi).toBeGreaterThan(a.estimate);
    expect(a.used).toBe(2000);
    const c = bootstrapCI(data, meanScore, { seed: 43, iterations: 2000 });
    expect(c).not.toEqual(a);
    // A different seed lands close by.
    expect(Math.abs(c.lo - a.lo)).toBeLessThan(0.03);
  });

  it('agrees roughly with the normal approximation for a mean', () => {
    const m = meanScore(data);
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - m) ** 2, 0) / data.length);
    const se = sd / Math.sqrt(data.length);
    const r = bootstrapCI(data, meanScore, { seed: 1, iterations: 4000 });
    expect(r.lo).toBeCloseTo(m - 1.96 * se, 1);
    expect(r.hi).toBeCloseTo(m + 1.96 * se, 1);
  });

  it('quantile interpolates (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });
});

function games(a: number, b: number, aWins: number, bWins: number, ties = 0): Comparison[] {
  return [
    ...Array.from({ length: aWins }, () => ({ a, b, score: 1 as const })),
    ...Array.from({ length: bWins }, () => ({ a, b, score: 0 as const })),
    ...Array.from({ length: ties }, () => ({ a, b, score: 0.5 as const })),
  ];
}

describe('Bradley–Terry', () => {
  it('recovers the exact MLE on a consistent dataset (strengths 4:2:1)', () => {
    // P(0 beats 1) = 4/6 → 2-1; P(1 beats 2) = 2/3 → 2-1; P(0 beats 2) = 4/5 → 4-1.
    const data = [...games(0, 1, 2, 1), ...games(1, 2, 2, 1), ...games(0, 2, 4, 1)];
    const r = bradleyTerry(3, data);
    expect(r.converged).toBe(true);
    expect(r.strengths[0]).toBeCloseTo(4 / 7, 6);
    expect(r.strengths[1]).toBeCloseTo(2 / 7, 6);
    expect(r.strengths[2]).toBeCloseTo(1 / 7, 6);
  });

  it('two players: the strength ratio is the win ratio, ties count half to each', () => {
    const r = bradleyTerry(2, games(0, 1, 3, 1));
    expect(r.strengths[0]! / r.strengths[1]!).toBeCloseTo(3, 6);
    const t = bradleyTerry(2, games(0, 1, 1, 1, 4));
    expect(t.strengths[0]).toBeCloseTo(0.5, 9);
    // 2 wins + 2 ties vs 0 wins + 2 ties → 3 : 1
    const u = bradleyTerry(2, games(0, 1, 2, 0, 2));
    expect(u.strengths[0]! / u.strengths[1]!).toBeCloseTo(3, 6);
  });

  it('a prior keeps a never-winning player finite', () => {
    const data = [...games(0, 1, 5, 0), ...games(0, 2, 5, 0), ...games(1, 2, 3, 2)];
    const r = bradleyTerry(3, data, { prior: 0.1 });
    expect(r.strengths.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(r.strengths[0]).toBeGreaterThan(r.strengths[1]!);
  });

  it('bootstrap intervals: reproducible, cover the estimate, name a leader only when clear', () => {
    // Each item: 0 beats 1 and 2; 1 beats 2 → a clear order.
    const clear = Array.from({ length: 30 }, () => [...games(0, 1, 1, 0), ...games(0, 2, 1, 0), ...games(1, 2, 1, 0)]);
    const a = bradleyTerryBootstrap(3, clear, { seed: 5, iterations: 300, prior: 0.1 });
    const b = bradleyTerryBootstrap(3, clear, { seed: 5, iterations: 300, prior: 0.1 });
    expect(a).toEqual(b);
    expect(a.entries.map((e) => e.player)).toEqual([0, 1, 2]);
    expect(a.leader).toBe(0);
    expect(a.tooCloseToCall).toBe(false);
    for (const e of a.entries) {
      expect(e.lo).toBeLessThanOrEqual(e.strength + 1e-9);
      expect(e.hi).toBeGreaterThanOrEqual(e.strength - 1e-9);
    }

    // Mixed results: 0 and 1 split evenly → too close to call.
    const rand = mulberry32(3);
    const mixed = Array.from({ length: 20 }, () => [
      { a: 0, b: 1, score: (rand() < 0.5 ? 1 : 0) as 0 | 1 },
      ...games(0, 2, 1, 0),
      ...games(1, 2, 1, 0),
    ]);
    const m = bradleyTerryBootstrap(3, mixed, { seed: 9, iterations: 300, prior: 0.1 });
    expect(m.leader).toBeNull();
    expect(m.tooCloseToCall).toBe(true);
    expect(m.entries[0]!.rank).toBe(m.entries[1]!.rank);
  });
});

describe('too close to call', () => {
  it('a pair is called only when its interval excludes 0.5', () => {
    expect(pairCall(wilson(8, 10), 10)).toBe('too_close'); // [0.49, 0.94]
    expect(pairCall(wilson(9, 10), 10)).toBe('a');
    expect(pairCall(wilson(1, 10), 10)).toBe('b');
    expect(pairCall(null, 0)).toBe('no_data');
    expect(overlaps({ lo: 0, hi: 0.5 }, { lo: 0.5, hi: 1 })).toBe(true);
    expect(overlaps({ lo: 0, hi: 0.4 }, { lo: 0.5, hi: 1 })).toBe(false);
  });
});
