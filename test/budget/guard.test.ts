import { afterEach, describe, expect, it } from 'vitest';
import { localIso, periodBounds, formatUsd } from '../../electron/budget/periods';
import { GatewayError } from '../../electron/core/errors';
import { errorBody } from '../../electron/proxy/wire-errors';
import { spendSince } from '../../electron/store/queries';
import { budget, cleanup, harness, row } from './helpers';

afterEach(cleanup);

// Mid-afternoon on 15 June (local time), so "today" and "this month" are unambiguous.
const NOW = new Date(2025, 5, 15, 14, 30).getTime();
const MIDNIGHT = new Date(2025, 5, 16).getTime();
const FIRST_OF_NEXT_MONTH = new Date(2025, 6, 1).getTime();
const HOUR = 3_600_000;
const q = (over: Partial<{ provider: string | null; route: string | null; tokenName: string }> = {}) => ({
  provider: 'openai',
  route: null,
  tokenName: 'ide',
  ...over,
});

function refusal(fn: () => void): GatewayError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected the call to be refused');
}

describe('periods', () => {
  it('day runs from local midnight to local midnight; month from the 1st to the 1st', () => {
    expect(periodBounds('day', NOW)).toEqual({ start: new Date(2025, 5, 15).getTime(), end: MIDNIGHT });
    expect(periodBounds('month', NOW)).toEqual({ start: new Date(2025, 5, 1).getTime(), end: FIRST_OF_NEXT_MONTH });
    expect(periodBounds('month', new Date(2025, 11, 31, 23).getTime()).end).toBe(new Date(2026, 0, 1).getTime());
  });

  it('localIso prints local time with its offset, and parses back to the same instant', () => {
    const s = localIso(MIDNIGHT);
    expect(s).toMatch(/^2025-06-16T00:00:00[+-]\d\d:\d\d$/);
    expect(new Date(s).getTime()).toBe(MIDNIGHT);
  });

  it('formats dollars', () => {
    expect(formatUsd(5)).toBe('$5.00');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0.00');
  });
});

describe('BudgetGuard: hard caps', () => {
  it('refuses with 402 budget_exceeded, naming the cap, the spend and the reset time', () => {
    const h = harness({ now: NOW, budgets: [budget({ id: 'global-day', scope: 'global', period: 'day', limitUsd: 1 })] });
    h.guard.check(q());
    h.log(row(NOW - 1000, 0.6), row(NOW - 500, 0.5));
    const err = refusal(() => h.guard.check(q()));
    expect(err.status).toBe(402);
    expect(err.kind).toBe('budget_exceeded');
    expect(err.message).toContain('daily hard cap for global is $1.00');
    expect(err.message).toContain('budget "global-day"');
    expect(err.message).toContain('$1.10 has been spent today');
    expect(err.message).toContain(`resets at ${localIso(MIDNIGHT)} (local midnight)`);
    // In both wire formats.
    expect(errorBody('openai', err)).toMatchObject({ error: { type: 'insufficient_quota', code: 'budget_exceeded' } });
    expect(errorBody('anthropic', err)).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
  });

  it('monthly caps reset on the 1st of next month', () => {
    const h = harness({ now: NOW, budgets: [budget({ scope: 'provider', name: 'openai', period: 'month', limitUsd: 2 })] });
    h.log(row(new Date(2025, 5, 2).getTime(), 2.5));
    const err = refusal(() => h.guard.check(q()));
    expect(err.message).toContain('monthly hard cap for provider "openai" is $2.00');
    expect(err.message).toContain('$2.50 has been spent this month');
    expect(err.message).toContain(`resets at ${localIso(FIRST_OF_NEXT_MONTH)}`);
    h.clock.now = FIRST_OF_NEXT_MONTH + 1;
    expect(() => h.guard.check(q())).not.toThrow();
  });

  it('applies only to the matching scope: provider, route and token', () => {
    const h = harness({
      now: NOW,
      budgets: [
        budget({ scope: 'provider', name: 'anthropic', period: 'day', limitUsd: 1 }),
        budget({ scope: 'route', name: 'fast', period: 'day', limitUsd: 1 }),
        budget({ scope: 'token', name: 'script', period: 'day', limitUsd: 1 }),
      ],
    });
    h.log(
      row(NOW, 3, { provider: 'openai', route: null, tokenName: 'ide' }),
      row(NOW, 1, { provider: 'anthropic', route: null, tokenName: 'ide' }),
      row(NOW, 1, { provider: 'openai', route: 'fast', tokenName: 'ide' }),
      row(NOW, 1, { provider: 'openai', route: null, tokenName: 'script' }),
    );
    expect(() => h.guard.check(q({ provider: 'openai' }))).not.toThrow();
    expect(refusal(() => h.guard.check(q({ provider: 'anthropic' }))).message).toContain('provider "anthropic"');
    expect(refusal(() => h.guard.check(q({ route: 'fast' }))).message).toContain('route "fast"');
    expect(refusal(() => h.guard.check(q({ tokenName: 'script' }))).message).toContain('client token "script"');
    // provider unknown yet (before routing picks a target): provider caps are skipped
    expect(() => h.guard.check(q({ provider: null }))).not.toThrow();
    expect(h.guard.spent('day', 'global')).toBeCloseTo(6);
    expect(h.guard.spent('day', 'provider', 'openai')).toBeCloseTo(5);
  });

  it('seeds from SQLite at startup: today for daily caps, this month for monthly, nothing older', () => {
    const seed = [
      row(NOW - 60_000, 0.75),
      row(new Date(2025, 5, 14, 23, 59).getTime(), 10), // yesterday
      row(new Date(2025, 5, 1, 0, 0).getTime(), 0.5), // this month
      row(new Date(2025, 4, 31, 23, 59).getTime(), 100), // last month
    ];
    const h = harness({ now: NOW, seed });
    expect(h.guard.spent('day', 'global')).toBeCloseTo(0.75);
    expect(h.guard.spent('month', 'global')).toBeCloseTo(11.25);
    expect(h.guard.spent('day', 'global')).toBeCloseTo(spendSince(h.db, periodBounds('day', NOW).start));
    expect(h.guard.spent('month', 'token', 'ide')).toBeCloseTo(spendSince(h.db, periodBounds('month', NOW).start, { tokenName: 'ide' }));
    // Running totals and a fresh seed agree after more writes.
    h.log(row(NOW, 0.25), row(NOW, 0.125, { cacheHit: true }));
    const before = h.guard.spent('day', 'global');
    expect(before).toBeCloseTo(1);
    expect(h.restart().spent('day', 'global')).toBeCloseTo(before);
  });

  it('resets at local midnight: the next day starts from zero', () => {
    const h = harness({ now: NOW, budgets: [budget({ scope: 'global', period: 'day', limitUsd: 1 })] });
    h.log(row(NOW, 2));
    expect(() => h.guard.check(q())).toThrow(GatewayError);
    h.clock.now = MIDNIGHT;
    expect(() => h.guard.check(q())).not.toThrow();
    expect(h.guard.spent('day', 'global')).toBe(0);
    // A request that started before midnight but was logged after it counts for yesterday only.
    h.log(row(MIDNIGHT - 10, 5));
    expect(h.guard.spent('day', 'global')).toBe(0);
    expect(h.guard.spent('month', 'global')).toBeCloseTo(7);
    expect(h.restart().spent('day', 'global')).toBe(0);
  });

  it('cache hits, failures and unpriced calls add nothing', () => {
    const h = harness({ now: NOW, budgets: [budget({ scope: 'global', period: 'day', limitUsd: 0.5 })] });
    h.log(row(NOW, 1, { cacheHit: true, savedUsd: 1 }), row(NOW, Number.NaN));
    expect(h.guard.spent('day', 'global')).toBe(0);
    expect(() => h.guard.check(q())).not.toThrow();
  });

  it('a limit of 0 refuses every call', () => {
    const h = harness({ now: NOW, budgets: [budget({ scope: 'token', name: 'ide', period: 'day', limitUsd: 0 })] });
    expect(() => h.guard.check(q())).toThrow(/client token "ide" is \$0\.00/);
    expect(() => h.guard.check(q({ tokenName: 'other' }))).not.toThrow();
  });

  it('picks up budget changes from settings (a new array) at once', () => {
    const h = harness({ now: NOW });
    h.log(row(NOW, 3));
    expect(() => h.guard.check(q())).not.toThrow();
    h.setBudgets([budget({ scope: 'global', period: 'day', limitUsd: 2 })]);
    expect(() => h.guard.check(q())).toThrow(GatewayError);
    h.setBudgets([budget({ scope: 'global', period: 'day', limitUsd: 5 })]);
    expect(() => h.guard.check(q())).not.toThrow();
  });

  it('raises one error-level alert when a hard cap is reached', () => {
    const h = harness({ now: NOW, budgets: [budget({ id: 'g', scope: 'global', period: 'day', limitUsd: 1 })] });
    const events: unknown[] = [];
    h.guard.events.on('alert', (a) => events.push(a));
    h.log(row(NOW, 1.5));
    for (let i = 0; i < 3; i++) expect(() => h.guard.check(q())).toThrow();
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ level: 'error', title: expect.stringContaining('budget reached') });
    expect(events).toEqual(h.alerts);
  });
});

describe('BudgetGuard: soft caps', () => {
  it('lets calls through and alerts once per cap per period', () => {
    const h = harness({
      now: NOW,
      budgets: [
        budget({ id: 'soft-day', scope: 'global', period: 'day', limitUsd: 1, mode: 'soft' }),
        budget({ id: 'soft-openai', scope: 'provider', name: 'openai', period: 'month', limitUsd: 1, mode: 'soft' }),
      ],
    });
    h.log(row(NOW, 0.5));
    expect(h.alerts).toHaveLength(0);
    h.log(row(NOW, 0.75)); // crosses both caps: alerted as the row is written
    expect(h.alerts.map((a) => a.level)).toEqual(['warning', 'warning']);
    expect(h.alerts[0]!.message).toContain('soft-day');
    expect(h.alerts[0]!.message).toContain('$1.25 spent today');
    expect(h.alerts[0]!.message).toContain('Calls still go through');
    expect(h.alerts[1]!.message).toContain('provider "openai"');
    for (let i = 0; i < 5; i++) expect(() => h.guard.check(q())).not.toThrow();
    h.log(row(NOW, 3));
    expect(h.alerts).toHaveLength(2);
    // Next day: the daily cap can alert again; the monthly one has already alerted this month.
    h.clock.now = MIDNIGHT + 1000;
    h.log(row(MIDNIGHT + 500, 2));
    expect(h.alerts).toHaveLength(3);
    expect(h.alerts[2]!.message).toContain('soft-day');
  });

  it('a cap already over at startup alerts on the first check', () => {
    const h = harness({ now: NOW, seed: [row(NOW - 1000, 2)], budgets: [budget({ scope: 'global', period: 'day', limitUsd: 1, mode: 'soft' })] });
    expect(h.alerts).toHaveLength(0);
    h.guard.check(q());
    h.guard.check(q());
    expect(h.alerts).toHaveLength(1);
  });

  it('hard wins over soft on the same call', () => {
    const h = harness({
      now: NOW,
      budgets: [
        budget({ id: 'soft', scope: 'global', period: 'day', limitUsd: 1, mode: 'soft' }),
        budget({ id: 'hard', scope: 'token', name: 'ide', period: 'day', limitUsd: 2 }),
      ],
    });
    h.log(row(NOW, 2.5));
    expect(refusal(() => h.guard.check(q())).message).toContain('budget "hard"');
    expect(h.alerts.map((a) => a.level).sort()).toEqual(['error', 'warning']);
  });
});

describe('BudgetGuard: burn rate', () => {
  it('alerts when the last hour’s spend passes the threshold, at most once an hour', () => {
    const h = harness({ now: NOW, burnRate: { usdPerHour: 1 } });
    h.log(row(NOW - 2 * HOUR, 5)); // outside the window
    expect(h.alerts).toHaveLength(0);
    h.log(row(NOW - 30 * 60_000, 0.6));
    expect(h.alerts).toHaveLength(0);
    expect(h.guard.burnStatus()).toEqual({ lastHourUsd: expect.closeTo(0.6, 6), thresholdUsdPerHour: 1 });
    h.log(row(NOW, 0.5));
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ level: 'warning', title: 'Switchboard: high burn rate' });
    expect(h.alerts[0]!.message).toBe('$1.10 spent in the last hour, above the burn-rate alert of $1.00/hour.');
    h.clock.now += 10 * 60_000;
    h.log(row(h.clock.now, 3));
    expect(h.alerts).toHaveLength(1);
    h.clock.now = NOW + HOUR + 1000;
    h.log(row(h.clock.now, 1.5));
    expect(h.alerts).toHaveLength(2);
  });

  it('seeds the last hour from SQLite and stays quiet without a threshold', () => {
    const h = harness({ now: NOW, seed: [row(NOW - 10 * 60_000, 2), row(NOW - 61 * 60_000, 9)] });
    expect(h.guard.burnStatus()).toEqual({ lastHourUsd: 2, thresholdUsdPerHour: null });
    h.log(row(NOW, 5));
    expect(h.alerts).toHaveLength(0);
    h.burn.value = { usdPerHour: 3 };
    h.log(row(NOW, 0.01));
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]!.message).toContain('$7.01 spent in the last hour');
  });
});

describe('BudgetGuard: status and cost', () => {
  it('status lists spend against each cap with its reset time', () => {
    const h = harness({
      now: NOW,
      budgets: [
        budget({ id: 'a', scope: 'global', period: 'day', limitUsd: 10 }),
        budget({ id: 'b', scope: 'provider', name: 'openai', period: 'month', limitUsd: 1, mode: 'soft' }),
      ],
    });
    h.log(row(NOW, 1.5));
    expect(h.guard.status()).toEqual([
      expect.objectContaining({ budget: expect.objectContaining({ id: 'a' }), spentUsd: 1.5, exceeded: false, resetsAt: MIDNIGHT, resetsAtIso: localIso(MIDNIGHT) }),
      expect.objectContaining({ budget: expect.objectContaining({ id: 'b' }), spentUsd: 1.5, exceeded: true, resetsAt: FIRST_OF_NEXT_MONTH }),
    ]);
  });

  it('check is O(1): 200k checks against 100 caps in well under a second', () => {
    const budgets = Array.from({ length: 100 }, (_, i) => budget({ id: `p${i}`, scope: 'provider', name: `p${i}`, period: 'day', limitUsd: 100 }));
    const h = harness({ now: NOW, budgets: [...budgets, budget({ scope: 'global', period: 'month', limitUsd: 100 })] });
    h.log(row(NOW, 1));
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) h.guard.check({ provider: 'p7', route: 'fast', tokenName: 'ide' });
    const perCallUs = ((performance.now() - t0) * 1000) / 200_000;
    expect(perCallUs).toBeLessThan(20);
  });
});
