/**
 * Statistics for Compare (pure functions, no I/O):
 *  - Wilson score interval for a win rate;
 *  - percentile bootstrap with a seeded PRNG (reproducible);
 *  - Bradley–Terry strengths by Hunter's MM algorithm, ties as half wins, with
 *    bootstrap intervals (resampling items, so an item's comparisons stay together);
 *  - "too close to call" whenever intervals overlap.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  lo: number;
  hi: number;
}

export interface Proportion extends Interval {
  /** Point estimate; null when n = 0. */
  p: number | null;
  n: number;
}

/**
 * Wilson score interval for `successes` out of `n` (successes may be fractional:
 * ties count as half a win). For n = 0 the interval is [0, 1] and p is null.
 */
export function wilson(successes: number, n: number, z = Z95): Proportion {
  if (!(n > 0)) return { p: null, lo: 0, hi: 1, n: 0 };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), n };
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile (0..1) of sorted values, linear interpolation (type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  /** Confidence level, default 0.95. */
  level?: number;
}

export interface BootstrapResult extends Interval {
  /** The statistic on the original data. */
  estimate: number;
  /** Resamples whose statistic was finite (the rest are skipped). */
  used: number;
}

/** Draws one resample (with replacement) of `data`. */
function resample<T>(data: readonly T[], rand: () => number): T[] {
  const out = new Array<T>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[Math.floor(rand() * data.length)]!;
  return out;
}

/**
 * Percentile bootstrap interval of `statistic` over `data` (resampling
 * elements with replacement). Same seed, same data → same interval.
 */
export function bootstrapCI<T>(data: readonly T[], statistic: (sample: readonly T[]) => number, opts: BootstrapOptions = {}): BootstrapResult {
  const iterations = opts.iterations ?? 2000;
  const level = opts.level ?? 0.95;
  const rand = mulberry32(opts.seed ?? 1);
  const estimate = data.length ? statistic(data) : NaN;
  if (data.length === 0) return { estimate, lo: NaN, hi: NaN, used: 0 };
  const values: number[] = [];
  for (let b = 0; b < iterations; b++) {
    const v = statistic(resample(data, rand));
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return { estimate, lo: quantile(values, alpha), hi: quantile(values, 1 - alpha), used: values.length };
}

/** Mean of win scores (1 win, 0.5 tie, 0 loss). */
export const meanScore = (scores: readonly number[]): number => (scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : NaN);

// ---------------------------------------------------------------------------
// Bradley–Terry
// ---------------------------------------------------------------------------

/** One comparison: `score` is what `a` got against `b` (1 win, 0.5 tie, 0 loss). */
export interface Comparison {
  a: number;
  b: number;
  score: 0 | 0.5 | 1;
}

export interface BradleyTerryOptions {
  maxIterations?: number;
  tolerance?: number;
  /**
   * Pseudo-games: `prior` virtual ties added between every pair of players.
   * 0 gives the plain maximum-likelihood estimate (which does not exist when a
   * player never wins); a small value keeps every strength finite.
   */
  prior?: number;
  /** Starting strengths (e.g. the point estimate, to warm-start bootstrap replicates). */
  init?: readonly number[];
}

export interface BradleyTerryResult {
  /** Strengths, normalised to sum to 1: P(i beats j) = s_i / (s_i + s_j). */
  strengths: number[];
  iterations: number;
  converged: boolean;
}

/**
 * Bradley–Terry strengths for `k` players by the MM algorithm (Hunter 2004):
 *   p_i ← W_i / Σ_j n_ij / (p_i + p_j),  then normalise,
 * where W_i counts wins (ties as half a win for each side) and n_ij games.
 * When MM is slow (strengths far apart), Newton steps finish the job: both
 * climb the same concave log-likelihood to the same maximum.
 */
export function bradleyTerry(k: number, comparisons: readonly Comparison[], opts: BradleyTerryOptions = {}): BradleyTerryResult {
  const maxIterations = opts.maxIterations ?? 10_000;
  const tolerance = opts.tolerance ?? 1e-10;
  const prior = opts.prior ?? 0;
  const wins = new Array<number>(k).fill(0);
  const games: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const c of comparisons) {
    if (c.a === c.b || c.a < 0 || c.b < 0 || c.a >= k || c.b >= k) continue;
    wins[c.a]! += c.score;
    wins[c.b]! += 1 - c.score;
    games[c.a]![c.b]! += 1;
    games[c.b]![c.a]! += 1;
  }
  if (prior > 0) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        if (i === j) continue;
        games[i]![j]! += prior;
        wins[i]! += prior / 2;
      }
    }
  }
  let p = opts.init && opts.init.length === k && opts.init.every((x) => x > 0) ? [...opts.init] : new Array<number>(k).fill(1 / k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const next = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      let denom = 0;
      for (let j = 0; j < k; j++) {
        const n = games[i]![j]!;
        if (n > 0) denom += n / (p[i]! + p[j]!);
      }
      next[i] = denom > 0 ? wins[i]! / denom : p[i]!;
    }
    const sum = next.reduce((a, b) => a + b, 0);
    if (!(sum > 0)) break;
    for (let i = 0; i < k; i++) next[i] = next[i]! / sum;
    let delta = 0;
    for (let i = 0; i < k; i++) delta = Math.max(delta, Math.abs(next[i]! - p[i]!));
    p = next;
    if (delta < tolerance) {
      converged = true;
      break;
    }
    // MM crawls when strengths are far apart; every so often try to finish
    // with Newton steps on the log-likelihood (same maximum, reached faster).
    if (iterations % 20 === 0) {
      const polished = newtonPolish(k, wins, games, p);
      if (polished) {
        p = polished;
        converged = true;
        break;
      }
    }
  }
  return { strengths: p, iterations, converged };
}

const log1pexp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * Newton's method on θ = log p (the last player's θ held fixed, since only
 * differences matter), with step halving. Returns the normalised strengths
 * once the gradient vanishes, or null when it can't get there (no maximum:
 * a player who never loses and no prior; or a disconnected comparison graph).
 */
function newtonPolish(k: number, wins: readonly number[], games: readonly (readonly number[])[], start: readonly number[]): number[] | null {
  if (k < 2) return null;
  let theta = start.map((x) => Math.log(x));
  if (!theta.every(Number.isFinite)) return null;
  let total = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) total += games[i]![j]!;
  const loglik = (t: readonly number[]) => {
    let s = 0;
    for (let i = 0; i < k; i++) {
      s += wins[i]! * t[i]!;
      for (let j = i + 1; j < k; j++) {
        const n = games[i]![j]!;
        // log(e^ti + e^tj) = tj + log(1 + e^(ti - tj))
        if (n > 0) s -= n * (t[j]! + log1pexp(t[i]! - t[j]!));
      }
    }
    return s;
  };
  const m = k - 1;
  for (let iter = 0; iter < 60; iter++) {
    const g = new Array<number>(m).fill(0);
    const h: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    let maxG = 0;
    for (let i = 0; i < k; i++) {
      let gi = wins[i]!;
      for (let j = 0; j < k; j++) {
        const n = games[i]![j]!;
        if (i === j || n === 0) continue;
        const s = sigmoid(theta[i]! - theta[j]!);
        gi -= n * s;
        if (i < m) {
          h[i]![i]! += n * s * (1 - s);
          if (j < m) h[i]![j]! -= n * s * (1 - s);
        }
      }
      if (i < m) g[i] = gi;
      maxG = Math.max(maxG, Math.abs(gi));
    }
    if (maxG < 1e-9 * Math.max(1, total)) {
      const e = theta.map((t) => Math.exp(t - Math.max(...theta)));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / sum);
    }
    const step = solve(h, g);
    if (!step) return null;
    const base = loglik(theta);
    let t = 1;
    let next: number[] | null = null;
    while (t > 1e-6) {
      const cand = theta.map((x, i) => (i < m ? x + t * step[i]! : x));
      if (loglik(cand) >= base - 1e-12 * Math.max(1, Math.abs(base))) {
        next = cand;
        break;
      }
      t /= 2;
    }
    if (!next || !next.every(Number.isFinite)) return null;
    theta = next;
  }
  return null;
}

/** Solves A x = b (Gaussian elimination, partial pivoting); null when singular. */
function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-12) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      if (f === 0) continue;
      for (let cc = c; cc <= n; cc++) m[r]![cc]! -= f * m[c]![cc]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let cc = r + 1; cc < n; cc++) s -= m[r]![cc]! * x[cc]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export interface RankedEntry extends Interval {
  player: number;
  strength: number;
  /** 1-based; players whose intervals overlap the one above share its rank group. */
  rank: number;
}

export interface BradleyTerryBootstrap {
  entries: RankedEntry[];
  /** The top player, when its interval is clear of every other player's; else null. */
  leader: number | null;
  tooCloseToCall: boolean;
}

/**
 * Bradley–Terry with percentile bootstrap intervals. `groups` holds each item's
 * comparisons; items are resampled with replacement.
 */
export function bradleyTerryBootstrap(
  k: number,
  groups: readonly (readonly Comparison[])[],
  opts: BradleyTerryOptions & BootstrapOptions = {},
): BradleyTerryBootstrap {
  const iterations = opts.iterations ?? 1000;
  const level = opts.level ?? 0.95;
  const rand = mulberry32(opts.seed ?? 1);
  // (Array.prototype.flat is slow in V8; this runs once per resample.)
  const flatten = (gs: readonly (readonly Comparison[])[]) => {
    const out: Comparison[] = [];
    for (const g of gs) for (const c of g) out.push(c);
    return out;
  };
  const point = bradleyTerry(k, flatten(groups), opts).strengths;
  // Replicates start from the point estimate: they converge in a few steps.
  const bt = (gs: readonly (readonly Comparison[])[]) =>
    bradleyTerry(k, flatten(gs), { ...opts, init: point, maxIterations: opts.maxIterations ?? 300, tolerance: opts.tolerance ?? 1e-7 }).strengths;
  const samples: number[][] = Array.from({ length: k }, () => []);
  if (groups.length > 0) {
    for (let b = 0; b < iterations; b++) {
      const s = bt(resample(groups, rand));
      for (let i = 0; i < k; i++) if (Number.isFinite(s[i]!)) samples[i]!.push(s[i]!);
    }
  }
  const alpha = (1 - level) / 2;
  const entries: RankedEntry[] = point.map((strength, player) => {
    const xs = samples[player]!.sort((x, y) => x - y);
    return { player, strength, lo: xs.length ? quantile(xs, alpha) : 0, hi: xs.length ? quantile(xs, 1 - alpha) : 1, rank: 0 };
  });
  entries.sort((x, y) => y.strength - x.strength);
  let rank = 1;
  entries.forEach((e, i) => {
    // A new rank group only when this interval is clear of the group above.
    if (i > 0 && !overlaps(entries[i - 1]!, e)) rank = i + 1;
    e.rank = rank;
  });
  const top = entries[0];
  const clear = top !== undefined && entries.slice(1).every((e) => !overlaps(top, e));
  return { entries, leader: clear && entries.length > 1 ? top.player : null, tooCloseToCall: !clear || entries.length < 2 };
}

/** Whether two intervals share any point. */
export function overlaps(x: Interval, y: Interval): boolean {
  return x.lo <= y.hi && y.lo <= x.hi;
}

/**
 * A pair's call: `a` wins when its win-rate interval lies above 0.5, `b` when
 * below, otherwise "too close to call". (The two sides' intervals are
 * [lo, hi] and [1-hi, 1-lo]; they overlap exactly when the interval holds 0.5.)
 */
export function pairCall(ci: Interval | null, n: number): 'a' | 'b' | 'too_close' | 'no_data' {
  if (!ci || n === 0) return 'no_data';
  if (ci.lo > 0.5) return 'a';
  if (ci.hi < 0.5) return 'b';
  return 'too_close';
}
