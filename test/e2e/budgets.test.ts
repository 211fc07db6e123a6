/**
 * Budgets from the app (Settings → Budgets, linked from Costs), and the app's
 * own client token kept out of the token list, in headless Chromium against
 * a real `switchboard serve`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { browserUnavailable, buildRenderer, closePages, focusedName, launchBrowser, newContext, openUi, screenshot, startServe, tabTo, type Serve } from './harness';
import { keysForFakes } from './race-harness';

const skip = browserUnavailable();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

const OPENAI_KEY = 'sk-e2e-openai-budget-5c4d3e2f1a0b';
const ANTHROPIC_KEY = 'sk-ant-e2e-budget-0a1b2c3d4e5f';

interface Line {
  id: string;
  scope: string;
  name: string | null;
  period: string;
  mode: string;
  limitUsd: number;
}

describe.skipIf(!!skip)('budgets and the internal token in the UI', () => {
  let serve: Serve;
  let openai: FakeServer;
  let anthropic: FakeServer;
  let browser: Browser;
  let ctx: BrowserContext;
  const pages: Page[] = [];
  const open = async (page: string, c: BrowserContext = ctx) => {
    const p = await openUi(c, serve, page);
    pages.push(p);
    return p;
  };
  const lines = async () => (await serve.api<{ budgets: Line[] }>('costs.budgets')).budgets.map((b) => `${b.id} ${b.limitUsd} ${b.mode}`);

  beforeAll(async () => {
    const uiDir = await buildRenderer();
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    serve = await startServe({ uiDir });
    await keysForFakes(serve, { openai: { url: openai.url, key: OPENAI_KEY }, anthropic: { url: anthropic.url, key: ANTHROPIC_KEY } });
    browser = await launchBrowser();
    ctx = await newContext(browser, serve, 'light');
  }, 180_000);

  afterEach(async () => {
    await closePages(pages);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await openai?.close();
    await anthropic?.close();
  });

  it('from Costs to Settings: add, refuse, edit and remove caps with the keyboard; Costs shows them', async () => {
    const p = await open('costs');
    await p.getByTestId('manage-budgets').click();
    await p.getByRole('heading', { level: 2, name: 'Budgets' }).waitFor();
    expect(p.url()).toMatch(/#\/settings\/budgets$/);
    await p.getByTestId('no-budgets').waitFor();

    // keyboard only from here: Add a budget → dialog with focus on its first field
    await p.getByRole('heading', { level: 1, name: 'Settings' }).focus();
    await tabTo(p, /^Add a budget$/);
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: 'Add a budget' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Covers').evaluate((el) => el === document.activeElement)).toBe(true);
    // nothing filled in: the limit is named
    await dialog.getByRole('button', { name: 'Add budget' }).press('Enter');
    await dialog.getByText('Enter a limit in USD, e.g. 5 or 0.50').waitFor();
    // a provider cap without its provider
    await dialog.getByLabel('Covers').selectOption('provider');
    await dialog.getByLabel('Limit (USD)').fill('5');
    await dialog.getByLabel('Limit (USD)').press('Enter');
    await dialog.getByText('Pick the provider this cap covers').waitFor();
    await screenshot(p, 'budgets-dialog-invalid-light');
    await dialog.getByLabel('Provider', { exact: false }).fill('openai');
    await dialog.getByLabel('Provider', { exact: false }).press('Escape'); // closes the suggestions, not the dialog
    await dialog.getByLabel('Limit (USD)').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await p.getByTestId('budget-row-provider-openai-day').waitFor();
    expect(await lines()).toEqual(['provider-openai-day 5 hard']);
    // focus goes back to the button that opened the dialog
    await expect.poll(() => focusedName(p)).toBe('Add a budget');

    // a global monthly soft cap
    await p.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByLabel('Period').selectOption('month');
    await dialog.getByLabel('When it is reached').selectOption('soft');
    await dialog.getByLabel('Limit (USD)').fill('20');
    await dialog.getByRole('button', { name: 'Add budget' }).click();
    await p.getByTestId('budget-row-global-month').waitFor();

    // a second daily cap for openai is refused with the server's reason, in the dialog
    await p.getByRole('button', { name: 'Add a budget' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Covers').selectOption('provider');
    await dialog.getByLabel('Provider', { exact: false }).fill('openai');
    await dialog.getByLabel('Limit (USD)').fill('9');
    await dialog.getByRole('button', { name: 'Add budget' }).click();
    await dialog.getByRole('alert').getByText(/already a daily cap of \$5\.00 for this scope \(budget "provider-openai-day"\)/).waitFor();
    await screenshot(p, 'budgets-dialog-clash-light');
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await lines()).toEqual(['provider-openai-day 5 hard', 'global-month 20 soft']);

    // edit: openai's daily cap becomes a monthly $7.50 one
    await p.getByRole('button', { name: 'Edit the budget Provider openai (daily)' }).click();
    const edit = p.getByRole('dialog', { name: 'Edit the budget “Provider openai”' });
    await edit.waitFor();
    expect(await edit.getByLabel('Limit (USD)').inputValue()).toBe('$5');
    await edit.getByLabel('Period').selectOption('month');
    await edit.getByLabel('Limit (USD)').fill('7.5');
    await edit.getByRole('button', { name: 'Save budget' }).click();
    await p.getByTestId('budget-row-provider-openai-month').waitFor();
    expect(await lines()).toEqual(['global-month 20 soft', 'provider-openai-month 7.5 hard']);

    // remove, after a confirm whose safe choice has focus
    await p.getByRole('button', { name: 'Remove the budget All traffic (monthly)' }).click();
    const confirm = p.getByRole('dialog', { name: 'Remove the monthly budget for All traffic?' });
    await confirm.waitFor();
    await expect.poll(() => focusedName(p)).toBe('Cancel');
    await confirm.getByRole('button', { name: 'Remove budget' }).click();
    await p.getByTestId('budget-row-global-month').waitFor({ state: 'detached' });
    expect(await lines()).toEqual(['provider-openai-month 7.5 hard']);

    // burn-rate alert
    await p.getByLabel('Burn-rate alert (USD per hour)').fill('2');
    await p.getByRole('button', { name: 'Save alert' }).click();
    await expect.poll(async () => (await serve.api('costs.budgets')).burn.thresholdUsdPerHour).toBe(2);
    await screenshot(p, 'settings-budgets-light');

    // Costs lists the cap
    await p.keyboard.press('g');
    await p.keyboard.press('o');
    await p.getByRole('heading', { level: 1, name: 'Costs' }).waitFor();
    await p.getByTestId('budget-provider-openai-month').waitFor();
    await screenshot(p, 'costs-budgets-light');
  }, 120_000);

  it('Race’s internal token is not in the client-token list, and its spend is attributed to the race', async () => {
    await serve.api('tokens.create', { name: 'my-laptop' });
    const race = await serve.api<{ id: string }>('race.start', {
      prompt: 'Say hi',
      contestants: [
        { ref: 'openai/gpt-4o-mini', kind: 'model' },
        { ref: 'anthropic/claude-haiku-4-5', kind: 'model' },
      ],
    });
    expect(race.id).toBeTruthy();
    await expect
      .poll(async () => (await serve.api<{ rows: Array<{ source: string; tokenName: string | null }> }>('requests.query', { limit: 50 })).rows.filter((r) => r.source === 'race').length, { timeout: 20_000 })
      .toBe(2);
    const rows = (await serve.api<{ rows: Array<{ source: string; tokenName: string | null }> }>('requests.query', { limit: 50 })).rows.filter((r) => r.source === 'race');
    expect(rows.every((r) => r.tokenName === 'switchboard-internal')).toBe(true);

    const p = await open('connect');
    await p.getByTestId('token-row-my-laptop').waitFor();
    expect(await p.getByTestId('token-row-switchboard-internal').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Revoke token switchboard-internal' }).count()).toBe(0);
    // its name can't be taken by a client token
    await p.getByLabel('New token name').fill('switchboard-internal');
    await p.getByRole('button', { name: 'Create token' }).click();
    await p.getByText(/"switchboard-internal" is reserved for Switchboard's own calls/).waitFor();
  }, 60_000);

  it('screenshots of the budgets in dark mode', async () => {
    const c = await newContext(browser, serve, 'dark');
    const p = await open('settings', c);
    await p.getByTestId('budget-row-provider-openai-month').waitFor();
    await screenshot(p, 'settings-budgets-dark');
    await p.getByRole('button', { name: 'Add a budget' }).click();
    await p.getByRole('dialog', { name: 'Add a budget' }).waitFor();
    await screenshot(p, 'budgets-dialog-dark');
    await p.keyboard.press('Escape');
    await p.close();
    await c.close();
  }, 60_000);
});
