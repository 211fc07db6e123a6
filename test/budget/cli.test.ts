import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { budgetId, removeBudget, setBudget, setBurnRate } from '../../electron/budget/manage';
import { localIso, periodBounds } from '../../electron/budget/periods';
import { UserFacingError } from '../../electron/core/errors';
import { SettingsSchema } from '../../shared/settings';
import { cli, tempDir } from '../cli/helpers';
import { row } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('sb-budget-cli-');
});

async function withApp<T>(fn: (app: SwitchboardApp) => T): Promise<T> {
  const app = await SwitchboardApp.open({ dataDir: dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, watchSettings: false, warn: () => {} });
  try {
    return fn(app);
  } finally {
    app.close();
  }
}

describe('budget settings', () => {
  it('validates: a name for every scope but global, unique ids, known periods and modes', () => {
    const parse = (budgets: unknown[]) => SettingsSchema.safeParse({ budgets });
    expect(parse([{ id: 'a', scope: 'global', period: 'day', limitUsd: 5 }]).data?.budgets[0]?.mode).toBe('hard');
    expect(parse([{ id: 'a', scope: 'provider', period: 'day', limitUsd: 5 }]).error?.issues[0]?.message).toBe('a provider budget needs a name');
    expect(parse([{ id: 'a', scope: 'global', name: 'x', period: 'day', limitUsd: 5 }]).success).toBe(false);
    expect(parse([{ id: 'a', scope: 'global', period: 'week', limitUsd: 5 }]).success).toBe(false);
    expect(parse([{ id: 'a', scope: 'global', period: 'day', limitUsd: -1 }]).success).toBe(false);
    const dup = parse([
      { id: 'a', scope: 'global', period: 'day', limitUsd: 5 },
      { id: 'a', scope: 'global', period: 'month', limitUsd: 5 },
    ]);
    expect(dup.error?.issues[0]).toMatchObject({ path: ['budgets', 1, 'id'], message: 'duplicate budget id "a"' });
    expect(SettingsSchema.parse({}).burnRate).toBeNull();
    expect(SettingsSchema.safeParse({ burnRate: { usdPerHour: 0 } }).success).toBe(false);
  });

  it('set adds or replaces by scope+name+period; rm removes by id', async () => {
    await withApp((app) => {
      expect(budgetId({ scope: 'provider', name: 'openai', period: 'day' })).toBe('provider-openai-day');
      expect(budgetId({ scope: 'global', period: 'month' })).toBe('global-month');
      setBudget(app.settings, { scope: 'provider', name: 'openai', period: 'day', limitUsd: 5 });
      setBudget(app.settings, { scope: 'provider', name: 'openai', period: 'day', limitUsd: 7, mode: 'soft' });
      expect(app.settings.get().budgets).toEqual([{ id: 'provider-openai-day', scope: 'provider', name: 'openai', period: 'day', limitUsd: 7, mode: 'soft' }]);
      expect(() => setBudget(app.settings, { scope: 'route', period: 'day', limitUsd: 1 })).toThrow(/needs a name/);
      expect(() => removeBudget(app.settings, 'nope')).toThrow(UserFacingError);
      removeBudget(app.settings, 'provider-openai-day');
      expect(app.settings.get().budgets).toEqual([]);
      setBurnRate(app.settings, 2);
      expect(app.settings.get().burnRate).toEqual({ usdPerHour: 2 });
      setBurnRate(app.settings, null);
      expect(app.settings.get().burnRate).toBeNull();
    });
  });
});

describe('switchboard budget (the real CLI)', () => {
  const d = () => ['--data-dir', dir];

  afterAll(async () => {
    await withApp(() => {}); // leaves the dir consistent for debugging
  });

  it('set, list with spend, rm', async () => {
    const now = Date.now();
    await withApp((app) => {
      // $0.40 today on openai, via the log as the proxy would write it.
      app.writer.enqueue({ ...row(now - 1000, 0), requestedModel: 'gpt-4o', servedModel: 'gpt-4o', usage: { inputTokens: 100_000, outputTokens: 15_000, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } });
      app.writer.flush();
    });
    const set = await cli(['budget', 'set', '--scope', 'provider', '--name', 'openai', '--period', 'day', '--limit', '5', '--mode', 'hard', ...d()]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Budget provider-openai-day: hard cap of $5.00 per day');
    expect((await cli(['budget', 'set', '--scope', 'global', '--period', 'month', '--limit', '$20', '--mode', 'soft', ...d()])).code).toBe(0);

    const [list, jsonOut] = await Promise.all([cli(['budget', ...d()]), cli(['budget', '--json', ...d()])]);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SCOPE\s+NAME\s+PERIOD\s+SPENT\s+LIMIT\s+MODE\s+RESETS\s+ID$/);
    // gpt-4o: 100k in at $2.50/M + 15k out at $10/M = $0.40
    expect(lines[1]).toMatch(/^provider\s+openai\s+day\s+\$0\.40\s+\$5\.00\s+hard\s+\S+\s+provider-openai-day$/);
    expect(lines[1]).toContain(localIso(periodBounds('day', Date.now()).end));
    expect(lines[2]).toMatch(/^global\s+-\s+month\s+\$0\.40\s+\$20\.00\s+soft\s+\S+\s+global-month$/);
    expect(list.stdout).toContain('Last hour: $0.40');

    const json = JSON.parse(jsonOut.stdout) as { budgets: unknown[] };
    expect(json.budgets).toHaveLength(2);
    expect(json.budgets[0]).toMatchObject({ budget: { id: 'provider-openai-day' }, exceeded: false });

    expect((await cli(['budget', 'rm', 'provider-openai-day', ...d()])).stdout).toContain('Removed budget provider-openai-day');
    const bad = await cli(['budget', 'rm', 'provider-openai-day', ...d()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No budget "provider-openai-day". Budgets: global-month.');
  }, 60_000);

  it('rejects bad flags with a clear message', async () => {
    const [noName, badPeriod, badLimit, burn] = await Promise.all([
      cli(['budget', 'set', '--scope', 'provider', '--period', 'day', '--limit', '5', ...d()]),
      cli(['budget', 'set', '--scope', 'global', '--period', 'week', '--limit', '5', ...d()]),
      cli(['budget', 'set', '--scope', 'global', '--period', 'day', '--limit', 'lots', ...d()]),
      cli(['budget', 'burn-rate', '3', ...d()]),
    ]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name is required for a provider budget');
    expect(badPeriod.stderr).toContain('--period must be one of day, month');
    expect(badLimit.stderr).toContain('--limit must be an amount in USD');
    expect(burn.stdout).toContain('Alert when more than $3.00 is spent in an hour.');
    expect((await cli(['budget', ...d()])).stdout).toContain('burn-rate alert above $3.00/hour');
  }, 60_000);
});
