/**
 * Spend caps and the burn-rate alert.
 *
 * `check()` runs on every request, before any upstream call, so it never
 * touches SQLite: it reads in-memory running totals, one per (period, scope
 * key). The totals are seeded from the request log at construction (one
 * grouped query per period, plus one for the last hour) and then kept current
 * by `onWritten()`, which the log calls for each row when it hands the row to
 * its writer thread (electron/store/threaded-log.ts), one turn after the
 * response and before the SQLite commit, so a cap applies to the very next
 * call. The guard is built at startup, before traffic: seeding reads the rows
 * committed by then and `onWritten` sees only rows logged later, so nothing is
 * counted twice and the totals equal `SUM(cost_usd)` over the same rows once
 * the writer has caught up (see `spendSince`).
 *
 * What counts as spend is the row's `cost_usd`: a cache hit is 0, an unpriced
 * model is 0 (its spend is unknown, not free; `switchboard log` shows "?"), and
 * a request still in flight counts once it has been logged (≈ one event-loop
 * turn after its response ends).
 */
import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import { GatewayError } from '../core/errors';
import type { PriceResult } from '../pricing/price';
import type { RequestRecord } from '../store/types';
import type { Budget, BurnRate } from '../../shared/settings';
import { formatUsd, localIso, periodBounds, type BudgetPeriod } from './periods';

export type AlertLevel = 'info' | 'warning' | 'error';

/** Same shape as the UI's `alert` app event (shared/contract.ts). */
export interface BudgetAlert {
  level: AlertLevel;
  title: string;
  message: string;
}

export interface BudgetQuery {
  /** The provider about to be called; null when not yet known (skips provider caps). */
  provider: string | null;
  /** The route the client asked for; null for a plain model. */
  route: string | null;
  /** The client token's name. */
  tokenName: string;
}

export interface BudgetStatus {
  budget: Budget;
  spentUsd: number;
  /** Start of the current period (ms). */
  periodStart: number;
  /** When the cap resets (ms); `resetsAtIso` in local time with offset. */
  resetsAt: number;
  resetsAtIso: string;
  exceeded: boolean;
}

export interface BurnStatus {
  /** Spend logged over the last hour. */
  lastHourUsd: number;
  /** null when no burn-rate alert is configured. */
  thresholdUsdPerHour: number | null;
}

export interface BudgetGuardOptions {
  /** The current caps (e.g. `() => settings.get().budgets`); re-indexed when the array changes. */
  budgets: () => readonly Budget[];
  burnRate: () => BurnRate | null;
  /** Where alerts go (headless: a log line; desktop: a notification). Also emitted as `alert` on `events`. */
  alert?: (alert: BudgetAlert) => void;
  /** Clock, for tests. */
  now?: () => number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const PERIODS: readonly BudgetPeriod[] = ['day', 'month'];

/** Scope keys in the running totals. NUL cannot occur in a provider, route or token name. */
const GLOBAL = 'global';
const keyOf = (scope: Budget['scope'], name: string | undefined | null) => (scope === 'global' ? GLOBAL : `${scope}\u0000${name ?? ''}`);

interface PeriodTotals {
  start: number;
  end: number;
  totals: Map<string, number>;
  /** Caps already alerted this period: `${id}`. */
  alerted: Set<string>;
}

function describeScope(b: Budget): string {
  switch (b.scope) {
    case 'global':
      return 'global';
    case 'provider':
      return `provider "${b.name}"`;
    case 'route':
      return `route "${b.name}"`;
    case 'token':
      return `client token "${b.name}"`;
  }
}

const periodWord = (p: BudgetPeriod) => (p === 'day' ? 'daily' : 'monthly');
const resetWord = (p: BudgetPeriod) => (p === 'day' ? 'local midnight' : 'the 1st of next month, local time');
const spentWhen = (p: BudgetPeriod) => (p === 'day' ? 'today' : 'this month');

export class BudgetGuard {
  /** `alert` events, for the UI's event stream. */
  readonly events = new EventEmitter<{ alert: [BudgetAlert] }>();

  private readonly opts: BudgetGuardOptions;
  private readonly now: () => number;
  private readonly periods: Record<BudgetPeriod, PeriodTotals>;
  private indexFor: readonly Budget[] | null = null;
  private index = new Map<string, Budget[]>();
  /** Spend per minute over the last hour: a 60-slot ring keyed by minute number. */
  private readonly burnSpend = new Float64Array(60);
  private readonly burnMinute = new Float64Array(60).fill(-1);
  private lastBurnAlert = -Infinity;

  constructor(private readonly db: Database, opts: BudgetGuardOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    const now = this.now();
    this.periods = { day: this.seed('day', now), month: this.seed('month', now) };
    this.seedBurn(now);
  }

  /**
   * Refuses the call when a hard cap on any matching scope is reached: throws
   * GatewayError 402 `budget_exceeded` naming the cap, the spend and the reset
   * time. Soft caps that are reached raise an alert (once per cap per period)
   * and let the call through. O(1): map lookups over in-memory totals.
   */
  check(q: BudgetQuery): void {
    const index = this.currentIndex();
    if (index.size === 0) return;
    const now = this.now();
    this.roll(now);
    let refuse: { b: Budget; spent: number } | null = null;
    for (const key of this.keysFor(q.provider, q.route, q.tokenName)) {
      const list = index.get(key);
      if (!list) continue;
      for (const b of list) {
        const spent = this.periods[b.period].totals.get(key) ?? 0;
        if (spent < b.limitUsd) continue;
        this.alertCap(b, spent);
        if (b.mode === 'hard' && refuse === null) refuse = { b, spent };
      }
    }
    if (refuse) {
      const { b, spent } = refuse;
      const p = this.periods[b.period];
      throw new GatewayError(
        402,
        'budget_exceeded',
        `Switchboard budget reached: the ${periodWord(b.period)} hard cap for ${describeScope(b)} is ${formatUsd(b.limitUsd)} ` +
          `(budget "${b.id}") and ${formatUsd(spent)} has been spent ${spentWhen(b.period)}. ` +
          `It resets at ${localIso(p.end)} (${resetWord(b.period)}). Raise it with \`switchboard budget set\` or remove it with \`switchboard budget rm ${b.id}\`.`,
        { code: 'budget_exceeded' },
      );
    }
  }

  /** Log hook: adds a logged row's billed cost to the running totals. */
  onWritten(record: RequestRecord, price: PriceResult): void {
    const cost = record.cacheHit ? 0 : price.costUsd;
    if (cost === null || !Number.isFinite(cost) || cost <= 0) return;
    const now = Math.max(this.now(), record.ts);
    this.roll(now);
    const keys = this.keysFor(record.provider, record.route, record.tokenName);
    for (const period of PERIODS) {
      const p = this.periods[period];
      if (record.ts < p.start) continue; // logged after the period it belongs to ended
      for (const k of keys) p.totals.set(k, (p.totals.get(k) ?? 0) + cost);
    }
    // Alert as soon as a cap is crossed, not only on the next call.
    const index = this.currentIndex();
    for (const k of keys) {
      for (const b of index.get(k) ?? []) {
        const spent = this.periods[b.period].totals.get(k) ?? 0;
        if (spent >= b.limitUsd) this.alertCap(b, spent);
      }
    }
    this.addBurn(record.ts, cost, now);
  }

  /** Spend against every configured cap (for `switchboard budget` and the UI). */
  status(): BudgetStatus[] {
    const now = this.now();
    this.roll(now);
    return this.opts.budgets().map((b) => {
      const p = this.periods[b.period];
      const spentUsd = p.totals.get(keyOf(b.scope, b.name)) ?? 0;
      return { budget: b, spentUsd, periodStart: p.start, resetsAt: p.end, resetsAtIso: localIso(p.end), exceeded: spentUsd >= b.limitUsd };
    });
  }

  /** Current spend of one scope key, for tests and the UI. */
  spent(period: BudgetPeriod, scope: Budget['scope'], name?: string): number {
    this.roll(this.now());
    return this.periods[period].totals.get(keyOf(scope, name)) ?? 0;
  }

  burnStatus(): BurnStatus {
    return { lastHourUsd: this.lastHour(this.now()), thresholdUsdPerHour: this.opts.burnRate()?.usdPerHour ?? null };
  }

  /** Re-reads the totals from SQLite (e.g. after another process wrote to the log). */
  resync(): void {
    const now = this.now();
    for (const period of PERIODS) {
      const alerted = this.periods[period].alerted;
      const fresh = this.seed(period, now);
      if (fresh.start === this.periods[period].start) fresh.alerted = alerted;
      this.periods[period] = fresh;
    }
    this.burnSpend.fill(0);
    this.burnMinute.fill(-1);
    this.seedBurn(now);
  }

  // --- internals ---------------------------------------------------------

  private keysFor(provider: string | null, route: string | null, tokenName: string | null): string[] {
    const keys = [GLOBAL];
    if (provider) keys.push(keyOf('provider', provider));
    if (route) keys.push(keyOf('route', route));
    if (tokenName) keys.push(keyOf('token', tokenName));
    return keys;
  }

  private currentIndex(): Map<string, Budget[]> {
    const budgets = this.opts.budgets();
    if (budgets !== this.indexFor) {
      const index = new Map<string, Budget[]>();
      for (const b of budgets) {
        const k = keyOf(b.scope, b.name);
        const list = index.get(k);
        if (list) list.push(b);
        else index.set(k, [b]);
      }
      this.index = index;
      this.indexFor = budgets;
    }
    return this.index;
  }

  /** Starts a new period once the old one has ended; its totals start empty (no row belongs to it yet). */
  private roll(now: number): void {
    for (const period of PERIODS) {
      const p = this.periods[period];
      if (now >= p.start && now < p.end) continue;
      // The clock moved backwards (someone set it): re-read rather than guess.
      this.periods[period] = now < p.start ? this.seed(period, now) : { ...periodBounds(period, now), totals: new Map(), alerted: new Set() };
    }
  }

  private seed(period: BudgetPeriod, now: number): PeriodTotals {
    const bounds = periodBounds(period, now);
    const rows = this.db
      .prepare(
        `SELECT provider, route, token_name AS tokenName, SUM(cost_usd) AS total
           FROM requests WHERE ts >= ? AND cost_usd > 0
          GROUP BY provider, route, token_name`,
      )
      .all(bounds.start) as Array<{ provider: string | null; route: string | null; tokenName: string | null; total: number | null }>;
    const totals = new Map<string, number>();
    for (const r of rows) {
      if (!r.total) continue;
      for (const k of this.keysFor(r.provider, r.route, r.tokenName)) totals.set(k, (totals.get(k) ?? 0) + r.total);
    }
    return { ...bounds, totals, alerted: new Set() };
  }

  private seedBurn(now: number): void {
    const rows = this.db
      .prepare('SELECT ts, cost_usd AS cost FROM requests WHERE ts > ? AND cost_usd > 0')
      .all(now - HOUR) as Array<{ ts: number; cost: number }>;
    for (const r of rows) this.bucket(r.ts, r.cost, now);
  }

  private bucket(ts: number, cost: number, now: number): void {
    const minute = Math.floor(ts / MINUTE);
    if (minute <= Math.floor(now / MINUTE) - 60) return;
    const i = minute % 60;
    if (this.burnMinute[i] !== minute) {
      this.burnMinute[i] = minute;
      this.burnSpend[i] = 0;
    }
    this.burnSpend[i]! += cost;
  }

  /** Spend in the 60 one-minute slots ending now (so "the last hour" to the minute). */
  private lastHour(now: number): number {
    const nowMinute = Math.floor(now / MINUTE);
    let sum = 0;
    for (let i = 0; i < 60; i++) {
      const m = this.burnMinute[i]!;
      if (m > nowMinute - 60 && m <= nowMinute) sum += this.burnSpend[i]!;
    }
    return sum;
  }

  private addBurn(ts: number, cost: number, now: number): void {
    this.bucket(ts, cost, now);
    const threshold = this.opts.burnRate()?.usdPerHour;
    if (threshold === undefined) return;
    const spent = this.lastHour(now);
    if (spent <= threshold || now - this.lastBurnAlert < HOUR) return;
    this.lastBurnAlert = now;
    this.raise({
      level: 'warning',
      title: 'Switchboard: high burn rate',
      message: `${formatUsd(spent)} spent in the last hour, above the burn-rate alert of ${formatUsd(threshold)}/hour.`,
    });
  }

  /** Once per cap per period. */
  private alertCap(b: Budget, spent: number): void {
    const p = this.periods[b.period];
    if (p.alerted.has(b.id)) return;
    p.alerted.add(b.id);
    const what = `The ${periodWord(b.period)} ${b.mode} cap for ${describeScope(b)} (budget "${b.id}", ${formatUsd(b.limitUsd)}) is reached: ${formatUsd(spent)} spent ${spentWhen(b.period)}.`;
    const when = `It resets at ${localIso(p.end)}.`;
    this.raise(
      b.mode === 'hard'
        ? { level: 'error', title: 'Switchboard: budget reached, calls refused', message: `${what} Calls it covers are refused until then. ${when}` }
        : { level: 'warning', title: 'Switchboard: soft budget reached', message: `${what} Calls still go through. ${when}` },
    );
  }

  private raise(alert: BudgetAlert): void {
    try {
      this.opts.alert?.(alert);
    } catch {
      /* an alert sink's failure must not fail a request */
    }
    try {
      this.events.emit('alert', alert);
    } catch {
      /* same for listeners */
    }
  }
}
