/**
 * The UI end to end: headless Debian Chromium against a real
 * `switchboard serve` (child process), with the provider fakes as upstreams.
 * Screenshots land in test-results/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { browserUnavailable, buildRenderer, closePages, focusedName, launchBrowser, newContext, openUi, screenshot, startServe, tabTo, type Serve } from './harness';

const skip = browserUnavailable();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

const OPENAI_KEY = 'sk-e2e-openai-3b9f0c1d2e4a5b6c7d8e';
const ANTHROPIC_KEY = 'sk-ant-e2e-correct-9a8b7c6d5e4f';
const PAGES = ['race', 'compare', 'costs', 'requests', 'keys', 'routes', 'connect', 'settings'];

describe.skipIf(!!skip)('UI against switchboard serve', () => {
  let uiDir: string;
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

  beforeAll(async () => {
    uiDir = await buildRenderer();
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    serve = await startServe({ uiDir });
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

  it('opens from the printed link, keeps the token out of the address bar, and shows the frame', async () => {
    const p = await open('race');
    expect(p.url()).not.toContain('token=');
    expect(p.url()).toMatch(/#\/race$/);
    await expect.poll(() => p.locator('[data-testid=header-endpoint]').textContent()).toBe(serve.url);
    for (const id of PAGES) await p.locator(`[data-testid=nav-${id}]`).waitFor();
    // navigating moves focus to the new page's heading (for keyboard and screen-reader users)
    await p.getByTestId('nav-keys').click();
    await p.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    await expect.poll(() => focusedName(p)).toBe('Keys');
    expect(await p.title()).toBe('Keys · Switchboard');
  }, 60_000);

  it('a tab without the admin token gets the sign-in screen, not the app', async () => {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(`${serve.url}/#/keys`);
    await p.getByText('This tab isn’t signed in to Switchboard').waitFor();
    await c.close();
  }, 30_000);

  it('adds a key pointing at a fake provider, shows it masked, and tests it', async () => {
    const p = await open('keys');
    await p.getByTestId('keyring-warning').waitFor(); // master-key-file is weak: said loudly
    await p.getByRole('button', { name: 'Add a key for OpenAI' }).click();
    const dialog = p.getByRole('dialog', { name: 'Add a key for OpenAI' });
    await dialog.getByLabel('API key').fill(OPENAI_KEY);
    await dialog.getByLabel('Base URL override').fill(openai.url);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const card = p.getByTestId('provider-openai');
    const mask = await card.getByTestId('mask-openai').textContent();
    expect(mask).toMatch(/…/);
    expect(mask).not.toContain(OPENAI_KEY);
    await card.getByText('sealed by Master-key file').waitFor();
    await card.getByText('Weak protection').waitFor();
    await card.getByText(`Base URL override: ${openai.url}`).waitFor();
    // saving runs a test; the explicit Test button does it again
    await expect.poll(() => card.getByTestId('test-result-openai').textContent(), { timeout: 10_000 }).toContain('The key works · 11 models');
    const before = openai.requests.filter((r) => r.path === '/v1/models').length;
    await card.getByRole('button', { name: 'Test the key for OpenAI' }).click();
    await expect.poll(() => openai.requests.filter((r) => r.path === '/v1/models').length).toBe(before + 1);
    await expect.poll(() => card.getByTestId('test-result-openai').textContent()).toContain('11 models');
    // the cached model list, expandable
    await card.getByRole('button', { name: /11 models/ }).click();
    await card.getByText('gpt-4o-mini', { exact: true }).waitFor();
    expect(await p.content()).not.toContain(OPENAI_KEY);
    await screenshot(p, 'flow-keys-tested-light');
  }, 60_000);

  it('a wrong key shows the provider’s own error', async () => {
    const p = await open('keys');
    await p.getByRole('button', { name: 'Add a key for Anthropic' }).click();
    const dialog = p.getByRole('dialog', { name: 'Add a key for Anthropic' });
    await dialog.getByLabel('API key').fill('sk-ant-e2e-WRONG-000000000000');
    await dialog.getByLabel('Base URL override').fill(anthropic.url);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    const result = p.getByTestId('test-result-anthropic');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('invalid x-api-key');
    expect(await result.textContent()).toContain('HTTP 401');
    await screenshot(p, 'flow-keys-wrong-key-light');
  }, 60_000);

  it('creates a client token, copies a snippet with it, and the live counter sees the call', async () => {
    const p = await open('connect');
    await p.getByLabel('New token name').fill('e2e-laptop');
    await p.getByRole('button', { name: 'Create token' }).click();
    const dialog = p.getByRole('dialog', { name: /Token “e2e-laptop” created/ });
    const token = (await dialog.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^sb-/);
    await screenshot(p, 'flow-token-created-light');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await p.getByTestId('token-row-e2e-laptop').waitFor();
    await p.getByText('Using the token').waitFor();

    await p.getByRole('button', { name: 'Copy OpenAI Python snippet' }).click();
    await expect.poll(() => p.evaluate(() => navigator.clipboard.readText())).toContain(token);
    const python = await p.evaluate(() => navigator.clipboard.readText());
    expect(python).toContain(`base_url="${serve.url}/v1"`);

    await p.getByRole('tab', { name: 'Claude Code' }).click();
    await p.getByRole('button', { name: 'Copy Claude Code snippet' }).click();
    await expect.poll(() => p.evaluate(() => navigator.clipboard.readText())).toContain(`ANTHROPIC_BASE_URL="${serve.url}"`);
    expect(await p.evaluate(() => navigator.clipboard.readText())).toContain(`ANTHROPIC_AUTH_TOKEN="${token}"`);

    // the copied token really works through the proxy, and the page sees the call live
    const res = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => p.getByTestId('live-rpm').textContent(), { timeout: 10_000 }).toContain('1request');
    await expect.poll(() => p.getByTestId('header-rpm').textContent()).toBe('1');
  }, 60_000);

  it('creates a route: invalid input names the field and line; a valid one saves', async () => {
    const p = await open('routes');
    await p.getByText('No routes yet').waitFor();
    await p.getByRole('button', { name: 'Fallback' }).click();
    await p.getByLabel('Name').fill('fast');
    const editor = p.getByTestId('route-json');
    const issues = p.getByTestId('route-issues');

    await editor.fill('{\n  "strategy": "fallback",\n  "targets": []\n}\n');
    await expect.poll(() => issues.textContent()).toContain('line 3targets: needs at least one target');
    await editor.fill('{\n  "strategy": "fallback",\n  "targets": [\n    { "model": 5 }\n  ]\n}\n');
    await expect.poll(() => issues.textContent()).toContain('targets.0.model');
    await editor.fill('{\n  "strategy": "fallback",\n  "targets": ["a",]\n}\n');
    await expect.poll(() => issues.textContent()).toContain('(JSON)');
    expect(await issues.textContent()).toContain('line 3');
    await editor.fill('{\n  "strategy": "fallback",\n  "targets": ["openai/gpt-4o-mini"],\n  "bogus": true\n}\n');
    await expect.poll(() => issues.textContent()).toContain('line 4bogus: unknown field "bogus"');
    await screenshot(p, 'flow-route-invalid-light');
    expect(await p.getByRole('button', { name: 'Create route' }).isDisabled()).toBe(true);

    await editor.fill('{\n  "strategy": "fallback",\n  "targets": ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"],\n  "description": "Cheap first"\n}\n');
    await p.getByTestId('route-valid').waitFor();
    await p.getByRole('button', { name: 'Create route' }).click();
    await p.getByRole('heading', { name: 'Edit fast' }).waitFor();
    const saved = await serve.api<Array<{ name: string; route: any }>>('routes.list');
    expect(saved.map((r) => r.name)).toEqual(['fast']);
    expect(saved[0]!.route.targets).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
  }, 60_000);

  it('keyboard only: add a key, create a token, use the shortcuts', async () => {
    const kctx = await newContext(browser, serve, 'light');
    const p = await open('race', kctx);
    // skip link first, visible when focused
    await p.keyboard.press('Tab');
    expect(await focusedName(p)).toBe('Skip to content');
    await expect.poll(() => p.evaluate(() => document.activeElement!.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);

    // g k → Keys, focus on the page heading
    await p.keyboard.press('g');
    await p.keyboard.press('k');
    await p.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    await expect.poll(() => focusedName(p)).toBe('Keys');

    await tabTo(p, /^Add a key for Mistral$/);
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none'); // visible focus
    await p.keyboard.press('Enter');
    await p.getByRole('dialog', { name: 'Add a key for Mistral' }).waitFor();
    await expect.poll(() => focusedName(p)).toMatch(/^API key/);
    await p.keyboard.type(OPENAI_KEY);
    await tabTo(p, /^Base URL override/, 5);
    await p.keyboard.type(openai.url);
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByTestId('test-result-mistral').textContent(), { timeout: 10_000 }).toContain('The key works');

    // Ctrl+7 → Connect
    await p.keyboard.press('Control+7');
    await p.getByRole('heading', { level: 1, name: 'Connect' }).waitFor();
    await tabTo(p, /^New token name$/);
    await p.keyboard.type('kb-token');
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: /Token “kb-token” created/ });
    await dialog.waitFor();
    await expect.poll(() => focusedName(p)).toBe('Done');
    await p.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await p.getByTestId('token-row-kb-token').waitFor();
    // closing the dialog gives focus back to where the user was
    await expect.poll(() => focusedName(p)).toBe('New token name');

    // ? opens the shortcut help (not while typing in a field); Esc closes it
    await tabTo(p, /^Revoke token kb-token$/);
    // pressed right after a dialog closed (the closing modal is still mounted through its exit transition)
    await p.keyboard.press('?');
    const help = p.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor().catch(async (err) => {
      const state = await p.evaluate(() => ({ focus: document.activeElement?.outerHTML.slice(0, 200), dialogs: document.querySelectorAll('[role=dialog]').length, hash: location.hash }));
      throw new Error(`${(err as Error).message}\n${JSON.stringify(state)}`);
    });
    await screenshot(p, 'flow-shortcuts-light');
    await p.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // g s → Settings
    await p.keyboard.press('g');
    await p.keyboard.press('s');
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const tokens = await serve.api<Array<{ name: string }>>('tokens.list');
    expect(tokens.map((t) => t.name)).toContain('kb-token');
    await kctx.close();
  }, 90_000);

  it('? opens the shortcut help on every page, and types a ? in a text field', async () => {
    const help = (p: Page) => p.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const id of ['race', 'connect', 'requests', 'keys', 'routes', 'settings']) {
      const p = await open(id);
      await p.keyboard.press('?');
      await help(p).waitFor();
      await p.keyboard.press('Escape');
      await help(p).waitFor({ state: 'hidden' });
      // focus on a control outside any dialog still counts
      await p.keyboard.press('Tab');
      await p.keyboard.press('?');
      await help(p).waitFor();
      await p.keyboard.press('Escape');
      await help(p).waitFor({ state: 'hidden' });
      if (id === 'connect') {
        const field = p.getByLabel('New token name');
        await field.focus();
        await p.keyboard.type('why?');
        expect(await field.inputValue()).toBe('why?');
        await p.waitForTimeout(300); // the help would have opened by now
        expect(await help(p).count()).toBe(0);
      }
      await p.close();
    }
  }, 90_000);

  it('settings: changes are saved through settings.update', async () => {
    const p = await open('settings');
    await p.getByRole('combobox', { name: 'Allowed browser origins' }).fill('http://localhost:3000');
    await p.keyboard.press('Enter');
    await p.getByRole('button', { name: 'Save changes' }).first().click();
    await expect.poll(async () => (await serve.api('settings.get')).allowedOrigins).toEqual(['http://localhost:3000']);
  }, 30_000);

  it('screenshots every page in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const c = await newContext(browser, serve, scheme);
      for (const id of PAGES) {
        const p = await open(id, c);
        await p.locator('[aria-busy=true]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
        const scheme_ = await p.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
        expect(scheme_).toBe(scheme);
        await screenshot(p, `${id}-${scheme}`);
        if (id === 'keys' && scheme === 'dark') {
          // alerts are a translucent tint over the dark background, not an opaque saturated block
          const bg = await p.getByTestId('keyring-warning').evaluate((el) => getComputedStyle(el).backgroundColor);
          expect(bg).toMatch(/^rgba\(\d+, \d+, \d+, 0\.1\d*\)$/);
        }
        // the sidebar's edge runs the whole page height, not only the window's
        expect(await p.locator('#main-content').evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('linear-gradient');
        if (id === 'keys') {
          await p.getByRole('button', { name: 'Add a key for Groq' }).click();
          await p.getByRole('dialog', { name: 'Add a key for Groq' }).waitFor();
          await screenshot(p, `keys-dialog-${scheme}`);
          await p.keyboard.press('Escape');
        }
        if (id === 'routes') {
          await p.getByRole('heading', { name: 'Edit fast' }).waitFor();
          await p.getByTestId('route-json').fill('{\n  "strategy": "loadbalance",\n  "targets": [\n    { "model": "openai/gpt-4o", "weight": 0 }\n  ],\n  "retries": 99\n}\n');
          await p.getByTestId('route-issues').waitFor();
          await screenshot(p, `routes-invalid-${scheme}`);
        }
        if (id === 'connect') {
          await p.getByRole('tab', { name: 'Continue' }).click();
          await screenshot(p, `connect-continue-${scheme}`);
        }
        await p.close();
      }
      await c.close();
    }
  }, 120_000);
});
