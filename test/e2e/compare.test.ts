/**
 * Compare (issue 6) end to end: headless Chromium against a real
 * `switchboard serve`, with the provider fakes as upstreams. Logged traffic
 * first, then an experiment built in the UI from that traffic, run, read and
 * drilled into; plus a three-way experiment with a content-reading judge for
 * the ranking view. Screenshots land in test-results/screenshots/compare-*.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { gradeJudge, startJudgeServer, type JudgeServer } from '../compare/helpers';
import { browserUnavailable, buildRenderer, closePages, focusedName, launchBrowser, newContext, openUi, screenshot as harnessScreenshot, startServe, tabTo, type Serve } from './harness';

const skip = browserUnavailable();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

const OPENAI_KEY = 'sk-e2e-openai-cmp-1a2b3c4d5e6f7a8b';
const ANTHROPIC_KEY = 'sk-ant-e2e-cmp-9f8e7d6c5b4a';

const ANSWER_MINI = '**Paris** is the capital of France.\n\n- population: about 2.1 million\n- river: the Seine';
const ANSWER_41 = 'The capital of France is Paris, on the Seine.';
const JUDGE_REPLY = JSON.stringify({ reasoning: 'Response A answers more directly and adds useful detail.', verdict: 'A' });

/** The harness's screenshot, from the top of the page (a scrolled full-page capture draws the fixed header mid-page). */
async function screenshot(p: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  if ((await p.locator('[role=dialog]').count()) === 0) await p.evaluate(() => window.scrollTo(0, 0));
  return harnessScreenshot(p, name, opts);
}

const LOGGED_PROMPTS = ['What is the capital of France?', 'Summarise the plot of Hamlet in two sentences.', 'Write a haiku about the sea.'];

describe.skipIf(!!skip)('Compare page against switchboard serve', () => {
  let serve: Serve;
  let openai: FakeServer;
  let anthropic: FakeServer;
  let judgebox: JudgeServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let clientToken: string;
  let experimentId = '';
  const pages: Page[] = [];

  const open = async (page: string, c: BrowserContext = ctx) => {
    const p = await openUi(c, serve, page);
    pages.push(p);
    return p;
  };

  const waitSettled = async (p: Page) => {
    await p.locator('[aria-busy=true]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  };

  beforeAll(async () => {
    const uiDir = await buildRenderer();
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    // A judge that reads the two answers: GOOD > meh > bad; garbles its reply when the prompt asks it to.
    judgebox = await startJudgeServer((s) => (s.user.includes('GARBLE') ? 'Both are fine, I think.' : gradeJudge(s)));
    serve = await startServe({ uiDir });

    await serve.api('keys.set', { provider: 'openai', key: OPENAI_KEY, baseUrl: openai.url });
    await serve.api('keys.set', { provider: 'anthropic', key: ANTHROPIC_KEY, baseUrl: anthropic.origin });
    expect((await serve.api('keys.test', { provider: 'openai' })).ok).toBe(true);
    expect((await serve.api('keys.test', { provider: 'anthropic' })).ok).toBe(true);
    await serve.api('providers.addCustom', { id: 'judgebox', baseUrl: judgebox.url, needsKey: false });

    openai.setBehaviour({ text: ANSWER_MINI }, 'gpt-4o-mini');
    openai.setBehaviour({ text: ANSWER_41 }, 'gpt-4.1');
    anthropic.setBehaviour({ text: JUDGE_REPLY }, 'claude-sonnet-4-6');

    // Real traffic first: a client token, a few calls through the proxy, bodies logged (the default).
    clientToken = (await serve.api<{ token: string }>('tokens.create', { name: 'e2e-app' })).token;
    for (const prompt of LOGGED_PROMPTS) {
      const res = await fetch(`${serve.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clientToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: prompt }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
    }

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
    await judgebox?.close();
  });

  it('starts empty, and explains the method', async () => {
    const p = await open('compare');
    await p.getByText('No experiments yet').waitFor();
    await p.getByText('a verdict that flips with the order counts as a tie', { exact: false }).waitFor();
    await screenshot(p, 'compare-empty-light');
  }, 60_000);

  it('builds an experiment from logged traffic, runs it, reads the results and a drill-down', async () => {
    const p = await open('compare');
    await p.getByRole('link', { name: 'New experiment' }).first().click();
    await p.getByRole('heading', { level: 1, name: 'New experiment' }).waitFor();

    // Step 1: sample the request log, filtered by the client token.
    await p.getByRole('tab', { name: 'From the request log' }).click();
    await p.getByLabel('How many').fill('10');
    await p.getByRole('combobox', { name: 'Client token' }).click();
    await p.getByRole('option', { name: 'e2e-app' }).click();
    await p.getByRole('button', { name: 'Sample from the log' }).click();
    await expect.poll(() => p.getByTestId('sample-result').textContent()).toContain('Added 3 prompts from 3 matching requests');
    await expect.poll(() => p.getByTestId('item-count').textContent()).toBe('3 prompts');
    for (const prompt of LOGGED_PROMPTS) await p.getByTestId('prompt-row').filter({ hasText: prompt }).waitFor();

    // A pasted JSONL line with a reference; a broken line is named, not fatal.
    await p.getByRole('tab', { name: 'Paste' }).click();
    await p.getByTestId('paste-prompts').fill('{"prompt": "What is 2+2?", "reference": "4"}\n{"prompt": broken\n');
    await p.getByRole('button', { name: 'Add prompts' }).click();
    await expect.poll(() => p.getByTestId('import-errors').textContent()).toContain('line 2');
    await expect.poll(() => p.getByTestId('item-count').textContent()).toBe('4 prompts');
    await screenshot(p, 'compare-wizard-prompts-light');

    // Step 2: two candidates and a judge; a judge of the same family is flagged.
    await p.getByRole('button', { name: /Next: Candidates/ }).click();
    const candidates = p.getByLabel('Models or routes').first();
    await candidates.fill('openai/gpt-4o-mini');
    await candidates.press('Enter');
    await candidates.fill('openai/gpt-4.1');
    await candidates.press('Enter');
    await candidates.press('Escape');
    const judge = p.getByLabel('Judge model').first();
    await judge.fill('openai/gpt-4o');
    await judge.press('Escape');
    await expect.poll(() => p.getByTestId('family-warning').textContent()).toContain('same model family (OpenAI GPT / o-series)');
    await screenshot(p, 'compare-wizard-family-warning-light', { fullPage: true });
    await judge.fill('anthropic/claude-sonnet-4-6');
    await judge.press('Escape');
    await p.getByTestId('family-warning').waitFor({ state: 'detached' });

    // Step 3: criteria and settings (keyboard: the concurrency field).
    await p.getByRole('button', { name: /Next: Criteria/ }).click();
    await p.getByText('Overall helpfulness').waitFor();
    await p.getByLabel('Concurrency').fill('2');

    // Step 4: review with the cost estimate, judge included.
    await p.getByRole('button', { name: /Next: Review/ }).click();
    await p.getByTestId('estimate-total').waitFor();
    const est = await p.getByTestId('estimate').textContent();
    expect(est).toMatch(/8 answer calls \+ 8 judge calls over 4 prompts/);
    expect(est).toContain('anthropic/claude-sonnet-4-6');
    expect(await p.getByLabel('Name').inputValue()).toBe('gpt-4o-mini vs gpt-4.1');
    await screenshot(p, 'compare-wizard-review-light');

    await p.getByRole('button', { name: 'Start experiment' }).click();
    await p.waitForURL(/#\/compare\/cmp/);
    experimentId = decodeURIComponent(p.url().split('#/compare/')[1]!);
    await expect.poll(() => p.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Done');
    await expect.poll(() => p.getByTestId('progress-text').textContent()).toContain('16 of 16 calls');

    // Results: a first-position judge, swapped, gives ties everywhere and 100% inconsistency.
    const pair = p.getByTestId('pair-0-1');
    await expect.poll(() => pair.getByTestId('pair-ties').textContent()).toBe('4');
    expect(await pair.getByTestId('pair-wins').textContent()).toBe('0');
    expect(await pair.getByTestId('pair-losses').textContent()).toBe('0');
    expect(await pair.getByTestId('pair-call').textContent()).toBe('Too close to call');
    expect(await pair.getByTestId('pair-winrate').textContent()).toMatch(/^50%\s*95% CI \d+%–\d+% \(Wilson\)/);
    expect(await p.getByTestId('inconsistency-rate').textContent()).toBe('100%');
    expect(await p.getByTestId('unparseable-pairs').textContent()).toBe('0');
    const costs = await p.getByTestId('candidate-costs').textContent();
    expect(costs).toContain('openai/gpt-4o-mini');
    expect(costs).toContain('openai/gpt-4.1');
    expect(await p.getByTestId('judge-cost').textContent()).toMatch(/calls\s*8/);
    await p.getByRole('img', { name: /Win rate of openai\/gpt-4o-mini: 50%, 95% interval/ }).waitFor();
    await waitSettled(p);
    await screenshot(p, 'compare-results-light');

    // Drill-down: the prompt, both answers side by side (markdown), both verdicts with reasoning.
    await p.getByRole('button', { name: /Open item 1:/ }).click();
    const drawer = p.getByRole('dialog');
    await drawer.getByTestId('item-detail').waitFor();
    expect(await drawer.getByTestId('item-prompt').textContent()).toBeTruthy();
    await drawer.getByTestId('answer-a').locator('strong', { hasText: 'Paris' }).waitFor();
    await drawer.getByTestId('answer-a').locator('li', { hasText: 'the Seine' }).waitFor();
    expect(await drawer.getByTestId('answer-b').textContent()).toContain(ANSWER_41);
    expect(await drawer.getByTestId('verdict-ab').textContent()).toContain('Response A answers more directly');
    expect(await drawer.getByTestId('verdict-ab').textContent()).toContain('gpt-4o-mini better');
    expect(await drawer.getByTestId('verdict-ba').textContent()).toContain('gpt-4.1 better');
    await drawer.getByTestId('flipped').waitFor();
    await screenshot(p, 'compare-drilldown-light');

    // Override by hand: the adjusted figures move, the judge's stay.
    await drawer.getByTestId('override').getByText('gpt-4o-mini better').click();
    await drawer.getByLabel('Note (optional)').fill('Checked by hand');
    await drawer.getByRole('button', { name: 'Save verdict' }).click();
    await drawer.getByTestId('override').getByText('overridden').waitFor();
    // next item with the keyboard-reachable arrow, then close with Esc
    await drawer.getByRole('button', { name: 'Next item' }).click();
    await expect.poll(() => drawer.locator('header').textContent()).toContain('Item 2');
    await p.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => p.getByTestId('override-count').textContent()).toBe('1');
    expect(await p.getByTestId('pair-0-1').getByTestId('pair-wins').textContent()).toBe('0'); // "as judged" view
    await p.getByTestId('figures-mode').getByText('With your overrides (1)').click();
    await expect.poll(() => p.getByTestId('pair-0-1').getByTestId('pair-wins').textContent()).toBe('1');
    expect(await p.getByTestId('pair-0-1').getByTestId('pair-other').textContent()).toContain('As judged: 0/4/0');
    const got = await serve.api('compare.get', { experimentId });
    expect(got.results.judge.pairs[0]).toMatchObject({ wins: 0, ties: 4, losses: 0 });
    expect(got.results.adjusted.pairs[0]).toMatchObject({ wins: 1, ties: 3, losses: 0 });
    await p.getByTestId('item-row-0').getByText('override').waitFor();

    // Export: CSV and JSON download as files.
    for (const [label, ext] of [
      [/^CSV/, 'csv'],
      [/^JSON/, 'json'],
    ] as const) {
      await p.getByRole('button', { name: 'Export' }).click();
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('menuitem', { name: label }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^compare-gpt-4o-mini-vs-gpt-4-1-.*\\.${ext}$`));
      const content = fs.readFileSync((await download.path())!, 'utf8');
      expect(content).toContain('Checked by hand');
      if (ext === 'json') expect(JSON.parse(content)).toBeTruthy();
    }

    // Every call was a real proxied call, tagged as coming from Compare.
    const logged = await serve.api('requests.query', { sources: ['compare', 'judge'], limit: 100 });
    expect(logged.rows.length).toBe(16);
  }, 120_000);

  it('the list shows the experiment; the run view works from the keyboard', async () => {
    const p = await open('compare');
    const row = p.getByTestId(`experiment-row-${experimentId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Done');
    await screenshot(p, 'compare-list-light');
    await tabTo(p, /^gpt-4o-mini vs gpt-4\.1$/);
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'gpt-4o-mini vs gpt-4.1' }).waitFor();
    await expect.poll(() => focusedName(p)).toBe('gpt-4o-mini vs gpt-4.1'); // focus follows the navigation
    await tabTo(p, /^Open item 3:/);
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').getByTestId('item-detail').waitFor();
    // focus moved into the drawer (and back out on Esc)
    await expect.poll(() => p.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true);
    expect(await focusedName(p)).toBe('Close the item');
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'hidden' });
  }, 60_000);

  it('a prompt sent from Race opens as a draft; the run shows progress, pauses and resumes', async () => {
    // Race → Compare goes through compare.fromRace, then to #/compare/<id>.
    const draft = await serve.api('compare.fromRace', { prompt: 'Explain recursion to a child.', candidates: ['openai/gpt-4o-mini', 'openai/gpt-4.1'] });
    for (const prompt of ['Give three uses of a paperclip.', 'Name a prime above 100.', 'Translate "good morning" to French.']) {
      await serve.api('compare.fromRace', { prompt, experimentId: draft.id });
    }
    openai.setBehaviour({ text: ANSWER_41, headerDelayMs: 2500 }, 'gpt-4.1'); // slow enough to watch the run

    const p = await open('compare');
    await p.getByRole('link', { name: draft.name }).click();
    await p.getByRole('heading', { level: 1, name: `Edit draft: ${draft.name}` }).waitFor();
    await expect.poll(() => p.getByTestId('item-count').textContent()).toBe('4 prompts');
    expect(await p.getByTestId('prompt-row').first().textContent()).toContain('from Race');
    await p.getByRole('button', { name: /Next: Candidates/ }).click();
    const judge = p.getByLabel('Judge model').first();
    await judge.fill('anthropic/claude-sonnet-4-6');
    await judge.press('Escape');
    await p.getByRole('button', { name: /Next: Criteria/ }).click();
    await p.getByLabel('Concurrency').fill('1');
    await p.getByRole('button', { name: /Next: Review/ }).click();
    await p.getByTestId('estimate-total').waitFor();
    expect(await p.getByText('openai/gpt-4o-mini, openai/gpt-4.1').count()).toBe(1); // candidates came from Race
    await p.getByRole('button', { name: 'Start experiment' }).click();

    // Starting moves to the run, with the focus on its heading.
    await p.getByRole('heading', { level: 1, name: draft.name }).waitFor();
    await expect.poll(() => focusedName(p)).toBe(draft.name);
    await expect.poll(() => p.getByTestId('run-status').textContent()).toBe('Running');
    await p.getByRole('button', { name: 'Pause the run' }).click();
    await expect.poll(() => p.getByTestId('run-status').textContent(), { timeout: 10_000 }).toBe('Paused');
    await screenshot(p, 'compare-paused-light');
    await p.getByRole('button', { name: 'Resume the run' }).click();
    await expect.poll(() => p.getByTestId('run-status').textContent()).toBe('Running');
    await expect.poll(() => p.getByTestId('progress-text').textContent(), { timeout: 10_000 }).toMatch(/about .* left/);
    await screenshot(p, 'compare-running-light');
    await expect.poll(() => p.getByTestId('run-status').textContent(), { timeout: 40_000 }).toBe('Done');
    await expect.poll(() => p.getByTestId('progress-text').textContent()).toContain('16 of 16 calls');
    await p.getByTestId('pair-0-1').getByTestId('pair-call').waitFor();
    openai.setBehaviour({ text: ANSWER_41 }, 'gpt-4.1');
  }, 150_000);

  it('three candidates and a judge with a real preference: a ranking, a winner, an unparseable pair', async () => {
    openai.setBehaviour({ text: 'GOOD: a careful, complete answer.' }, 'gpt-5.4-mini');
    openai.setBehaviour({ text: 'meh: a partial answer.' }, 'gpt-4.1-mini');
    anthropic.setBehaviour({ text: 'bad: an off-topic answer.' }, 'claude-haiku-4-5-20251001');
    const items = [
      ...Array.from({ length: 11 }, (_, i) => ({ prompt: `Question ${i + 1}: explain topic ${i + 1}.` })),
      { prompt: 'GARBLE: this one confuses the judge.' },
    ];
    const exp = await serve.api('compare.create', {
      name: 'Three-way, graded judge',
      candidates: ['openai/gpt-5.4-mini', 'openai/gpt-4.1-mini', 'anthropic/claude-haiku-4-5-20251001'],
      judge: 'judgebox/grader',
      items,
      concurrency: 6,
    });
    await serve.api('compare.start', { experimentId: exp.id });
    for (let i = 0; i < 300; i++) {
      if ((await serve.api('compare.get', { experimentId: exp.id })).experiment.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }

    for (const scheme of ['light', 'dark'] as const) {
      const c = scheme === 'light' ? ctx : await newContext(browser, serve, scheme);
      const p = await open('compare', c);
      await p.evaluate((id) => (location.hash = `#/compare/${id}`), exp.id);
      await p.getByRole('heading', { level: 1, name: 'Three-way, graded judge' }).waitFor();
      await expect.poll(() => p.getByTestId('run-status').textContent()).toBe('Done');
      const ranking = p.getByTestId('ranking');
      await ranking.waitFor();
      expect(await ranking.textContent()).toContain('Leader: openai/gpt-5.4-mini');
      expect(await p.getByTestId('pair-0-1').getByTestId('pair-call').textContent()).toBe('openai/gpt-5.4-mini wins');
      expect(await p.getByTestId('pair-0-1').getByTestId('pair-wins').textContent()).toBe('11');
      expect(await p.getByTestId('unparseable-pairs').textContent()).toBe('3');
      expect(await p.getByTestId('inconsistency-rate').textContent()).toBe('0%');
      await waitSettled(p);
      await screenshot(p, `compare-ranking-${scheme}`);

      // the unparseable item's drill-down shows the raw reply
      await p.getByRole('button', { name: /Open item 12:/ }).click();
      const drawer = p.getByRole('dialog');
      await drawer.getByTestId('item-detail').waitFor();
      expect(await drawer.getByTestId('verdict-ab').textContent()).toContain('Unparseable');
      await drawer.getByText('Both are fine, I think.').first().waitFor();
      await screenshot(p, `compare-unparseable-${scheme}`);
      await p.keyboard.press('Escape');
      if (scheme === 'dark') {
        await p.evaluate((id) => (location.hash = `#/compare/${id}`), experimentId);
        await p.getByRole('heading', { level: 1, name: 'gpt-4o-mini vs gpt-4.1' }).waitFor();
        await expect.poll(() => p.getByTestId('run-status').textContent()).toBe('Done');
        await waitSettled(p);
        await screenshot(p, 'compare-results-dark');
        await p.getByRole('button', { name: /Open item 1:/ }).click();
        await p.getByRole('dialog').getByTestId('item-detail').waitFor();
        await screenshot(p, 'compare-drilldown-dark');
        await p.keyboard.press('Escape');
        await p.evaluate(() => (location.hash = '#/compare/new'));
        await p.getByRole('heading', { level: 1, name: 'New experiment' }).waitFor();
        await screenshot(p, 'compare-wizard-dark');
        await p.evaluate(() => (location.hash = '#/compare'));
        await p.getByTestId(`experiment-row-${experimentId}`).waitFor();
        await screenshot(p, 'compare-list-dark');
        await p.close();
        await c.close();
      }
    }
  }, 120_000);
});
