import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { ensureInternalToken, INTERNAL_TOKEN_NAME } from '../../electron/compare/internal-token';
import { startAdmin, type AdminHarness } from './helpers';

/** Budgets managed through the admin API (what the Settings page uses), and the app's own token kept out of the client-token list. */
let h: AdminHarness;

async function ok(method: keyof typeof contract, input: unknown = {}) {
  const r = await h.call(method, input);
  expect(r.status, `${method}: ${r.text}`).toBe(200);
  expect(() => (contract[method] as { output: { parse(v: unknown): unknown } }).output.parse(r.body)).not.toThrow();
  return r.body;
}

async function fails(method: string, input: unknown, status: number, code: string) {
  const r = await h.call(method, input);
  expect(r.status, `${method}: ${r.text}`).toBe(status);
  expect(r.body.error.code, r.text).toBe(code);
  return r.body.error as { message: string; issues?: string[] };
}

beforeAll(async () => {
  h = await startAdmin();
});
afterAll(async () => {
  await h?.close();
});

describe('budgets.*', () => {
  it('adds, lists (costs.budgets), edits and removes caps; the budget guard sees what was saved', async () => {
    const g = await ok('budgets.set', { scope: 'global', period: 'day', limitUsd: 5, mode: 'hard' });
    expect(g).toEqual({ id: 'global-day', scope: 'global', period: 'day', limitUsd: 5, mode: 'hard' });
    const p = await ok('budgets.set', { scope: 'provider', name: ' openai ', period: 'month', limitUsd: 20, mode: 'soft' });
    expect(p).toMatchObject({ id: 'provider-openai-month', name: 'openai', mode: 'soft' });

    const listed = (await ok('costs.budgets')).budgets as Array<{ id: string; limitUsd: number; mode: string }>;
    expect(listed.map((b) => [b.id, b.limitUsd, b.mode])).toEqual([
      ['global-day', 5, 'hard'],
      ['provider-openai-month', 20, 'soft'],
    ]);
    expect(h.app.budget.status().map((s) => s.budget.id)).toEqual(['global-day', 'provider-openai-month']);

    // edit in place (same id) and edit that changes the period (new id, old one gone)
    expect(await ok('budgets.set', { scope: 'global', period: 'day', limitUsd: 7.5, mode: 'soft', replaces: 'global-day' })).toMatchObject({ id: 'global-day', limitUsd: 7.5, mode: 'soft' });
    expect(await ok('budgets.set', { scope: 'provider', name: 'openai', period: 'day', limitUsd: 1, mode: 'hard', replaces: 'provider-openai-month' })).toMatchObject({ id: 'provider-openai-day' });
    expect(h.app.settings.get().budgets.map((b) => b.id)).toEqual(['global-day', 'provider-openai-day']);

    await ok('budgets.remove', { id: 'global-day' });
    expect(h.app.settings.get().budgets.map((b) => b.id)).toEqual(['provider-openai-day']);
  });

  it('refuses clearly, naming the field, and changes nothing', async () => {
    const before = JSON.stringify(h.app.settings.get().budgets);
    expect((await fails('budgets.set', { scope: 'provider', period: 'day', limitUsd: 1, mode: 'hard' }, 400, 'invalid_budget')).issues).toEqual(['name: a provider budget needs a name']);
    expect((await fails('budgets.set', { scope: 'global', name: 'x', period: 'day', limitUsd: 1, mode: 'hard' }, 400, 'invalid_budget')).issues).toEqual(['name: a global budget takes no name']);
    const negative = await fails('budgets.set', { scope: 'global', period: 'month', limitUsd: -1, mode: 'hard' }, 400, 'invalid_budget');
    expect(negative.issues?.[0]).toMatch(/^limitUsd: /);
    await fails('budgets.set', { scope: 'global', period: 'month', limitUsd: 1, mode: 'never' }, 400, 'invalid_input');
    const clash = await fails('budgets.set', { scope: 'provider', name: 'openai', period: 'day', limitUsd: 3, mode: 'hard' }, 409, 'budget_exists');
    expect(clash.message).toContain('provider-openai-day');
    await fails('budgets.set', { scope: 'global', period: 'day', limitUsd: 3, mode: 'hard', replaces: 'nope-day' }, 404, 'not_found');
    await fails('budgets.remove', { id: 'nope-day' }, 404, 'not_found');
    expect(JSON.stringify(h.app.settings.get().budgets)).toBe(before);
  });

  it('sets and clears the burn-rate alert', async () => {
    await ok('budgets.setBurnRate', { usdPerHour: 2.5 });
    expect((await ok('costs.budgets')).burn.thresholdUsdPerHour).toBe(2.5);
    await fails('budgets.setBurnRate', { usdPerHour: 0 }, 400, 'refused');
    await ok('budgets.setBurnRate', { usdPerHour: null });
    expect((await ok('costs.budgets')).burn.thresholdUsdPerHour).toBeNull();
  });
});

describe('the internal client token', () => {
  it('is not listed, counted or creatable by name, yet stays valid for the app’s own calls', async () => {
    await ok('tokens.create', { name: 'laptop' });
    const internal = ensureInternalToken(h.app);
    expect(h.app.settings.get().tokens.map((t) => t.name)).toContain(INTERNAL_TOKEN_NAME);
    expect((await ok('tokens.list')).map((t: { name: string }) => t.name)).toEqual(['laptop']);
    expect((await ok('app.status')).tokenCount).toBe(1);
    const err = await fails('tokens.create', { name: ` ${INTERNAL_TOKEN_NAME} ` }, 409, 'reserved_name');
    expect(err.message).toContain('reserved');
    expect(h.app.tokens.verify(internal)?.name).toBe(INTERNAL_TOKEN_NAME);
  });
});
