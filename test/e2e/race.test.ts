/**
 * The Race page end to end: headless Debian Chromium against a real
 * `switchboard serve` (child process), whose providers are the fakes with
 * different times to first token, token rates and failures. Screenshots land
 * in test-results/screenshots/. The rendering figure is a benchmark, not a test: `npm run bench:race`
 * (bench/race-render.ts) writes test-results/race-perf.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import { splitTokens, type FakeServer } from '../fakes/script';
import { browserUnavailable, buildRenderer, closePages, launchBrowser, newContext, openUi, ROOT, screenshot } from './harness';
import { keysForFakes, pickContestants, SIX_STREAMS, startPerfProbe, startServeAt, type RestartableServe } from './race-harness';

const skip = browserUnavailable();
if (skip) console.warn(`[e2e] skipped: ${skip}`);

const OPENAI_KEY = 'sk-e2e-race-openai-0a1b2c3d4e5f6a7b';
const ANTHROPIC_KEY = 'sk-ant-e2e-race-9f8e7d6c5b4a';

const FAST_ANSWER = `Here is a linear-time merge:

\`\`\`python
def merge(a, b):
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    return out + a[i:] + b[j:]
\`\`\`

It walks both lists once: **O(n + m)** time.`;

const MID_ANSWER = `Use two pointers, one per list:

1. Compare the heads and take the smaller.
2. Advance that pointer.
3. When one list runs out, append the rest of the other.

\`\`\`ts
export function merge(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? a[i++] : b[j++]);
  return out.concat(a.slice(i), b.slice(j));
}
\`\`\`

Stable, and \`O(n + m)\`.`;

const LONG = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

const SLOW_ANSWER = `The simplest correct version concatenates and sorts — \`sorted(a + b)\` — but that is *O((n+m) log(n+m))*. Since both inputs are already sorted, a two-pointer merge does it in one pass:

| step | a | b | out |
|---|---|---|---|
| 1 | **1**,4 | 2,3 | 1 |
| 2 | 4 | **2**,3 | 1,2 |

Prefer \`heapq.merge\` for many lists.`;

describe.skipIf(!!skip)('Race page against switchboard serve', () => {
  let uiDir: string;
  let serve: RestartableServe;
  let openai: FakeServer;
  let anthropic: FakeServer;
  let browser: Browser;
  let ctx: BrowserContext;
  const pages: Page[] = [];

  const open = async (c: BrowserContext = ctx) => {
    const p = await openUi(c, serve, 'race');
    pages.push(p);
    return p;
  };

  const reset = () => {
    openai.reset();
    anthropic.reset();
  };

  beforeAll(async () => {
    uiDir = await buildRenderer();
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    serve = await startServeAt({ uiDir });
    await keysForFakes(serve, { openai: { url: openai.url, key: OPENAI_KEY }, anthropic: { url: anthropic.url, key: ANTHROPIC_KEY } });
    browser = await launchBrowser();
    ctx = await newContext(browser, serve, 'light');
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [i, p] of pages.entries()) await p.screenshot({ path: path.join(ROOT, 'test-results', 'race-dbg', `fail-${ctx.task.name.slice(0, 20).replace(/\W+/g, '-')}-${i}.png`), fullPage: true }).catch(() => {});
    }
    await closePages(pages);
    reset();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await openai?.close();
    await anthropic?.close();
    if (uiDir) fs.rmSync(uiDir, { recursive: true, force: true });
  });

  const statusOf = (p: Page, col: number) => p.getByTestId(`status-${col}`).getAttribute('data-status');
  const allSettled = async (p: Page, n: number) => {
    for (let i = 0; i < n; i++) await expect.poll(() => statusOf(p, i), { timeout: 30_000 }).not.toBe('running');
  };

  async function newRace(p: Page, prompt: string, refs: string[]): Promise<void> {
    if ((await p.getByTestId('new-race').count()) > 0) await p.getByTestId('new-race').click();
    await p.getByTestId('race-prompt').fill(prompt);
    await pickContestants(p, refs);
  }

  async function currentRace(p: Page): Promise<any> {
    const id = await p.evaluate(() => sessionStorage.getItem('switchboard.race.current'));
    return serve.api('race.get', { raceId: id });
  }

  it('streams three columns side by side: the finishing order and the metrics shown match what the fakes did', async () => {
    openai.setBehaviour({ tokens: splitTokens(FAST_ANSWER), ttftMs: 80, tokensPerSec: 120 }, 'gpt-4.1');
    anthropic.setBehaviour({ tokens: splitTokens(MID_ANSWER), ttftMs: 350, tokensPerSec: 90 }, 'claude-sonnet-4-6');
    openai.setBehaviour({ tokens: splitTokens(SLOW_ANSWER), ttftMs: 900, tokensPerSec: 45 }, 'gpt-4o-mini');
    const p = await open();
    await newRace(p, 'Merge two sorted lists in linear time. Show code.', ['openai/gpt-4.1', 'anthropic/claude-sonnet-4-6', 'openai/gpt-4o-mini']);
    await p.keyboard.press('Control+Enter');
    await p.getByTestId('race-col-2').waitFor();
    // live: the fast column streams while the slow one still waits for its first token
    await expect.poll(async () => (await p.getByTestId('answer-0').textContent()) ?? '', { timeout: 10_000 }).toContain('linear-time merge');
    await allSettled(p, 3);

    // finishing order follows the fakes' speeds: fast first, then mid, then slow
    expect(await p.getByTestId('status-0').getAttribute('data-rank')).toBe('1');
    expect(await p.getByTestId('status-1').getAttribute('data-rank')).toBe('2');
    expect(await p.getByTestId('status-2').getAttribute('data-rank')).toBe('3');
    await expect.poll(() => p.getByTestId('status-0').textContent()).toContain('First');
    expect(await p.getByTestId('race-state').textContent()).toContain('First to finish: gpt-4.1');

    // the metrics shown are main's measurements, and match the fakes
    const race = await currentRace(p);
    const recs = [openai.chatRequests().find((r) => r.model === 'gpt-4.1')!, anthropic.chatRequests()[0]!, openai.chatRequests().find((r) => r.model === 'gpt-4o-mini')!];
    for (let col = 0; col < 3; col++) {
      const m = race.turns[0].answers[col].metrics;
      const fakeTtft = recs[col]!.firstByteAt! - recs[col]!.startedAt;
      expect(m.ttftMs).toBeGreaterThanOrEqual(fakeTtft - 3);
      expect(m.ttftMs).toBeLessThan(fakeTtft + 1500); // proxy + HTTP overhead; generous for shared CI machines
      const shown = (await p.getByTestId(`metric-ttft-${col}`).textContent())!;
      expect(shown).toBe(m.ttftMs < 1000 ? `${Math.round(m.ttftMs)} ms` : `${(m.ttftMs / 1000).toFixed(2)} s`);
      const tokensShown = (await p.getByTestId(`metric-tokens-${col}`).textContent())!;
      expect(tokensShown).toBe(`${m.inputTokens} → ${m.outputTokens}`);
      expect(m.outputTokens).toBe(recs[col]!.chunksSent); // the fakes report one token per chunk
      expect(await p.getByTestId(`metric-finish-${col}`).textContent()).toBe('stop');
      expect(await p.getByTestId(`metric-cost-${col}`).textContent()).toMatch(/^\$/);
    }
    const fastTps = race.turns[0].answers[0].metrics.tokensPerSec;
    const slowTps = race.turns[0].answers[2].metrics.tokensPerSec;
    expect(fastTps).toBeGreaterThan(slowTps);
    expect(slowTps).toBeLessThan(45 * 1.1);

    // markdown rendered: code is highlighted, with a copy button
    await p.getByTestId('answer-0').locator('pre code.hljs').first().waitFor();
    await p.getByTestId('answer-2').locator('table').waitFor();
    await p.getByTestId('answer-0').locator('.race-code').first().hover();
    await p.getByTestId('answer-0').getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => p.evaluate(() => navigator.clipboard.readText())).toContain('def merge(a, b):');

    // vote for the best answer: saved
    await p.getByTestId('vote-1').click();
    await expect.poll(async () => (await currentRace(p)).turns[0].vote).toBe(1);
    await p.mouse.move(0, 0);
    await screenshot(p, 'race-run-light', { fullPage: false });

    // every column is in the request log (Requests page), tagged race, with its cost
    const ids: string[] = race.turns[0].answers.map((a: any) => a.metrics.requestId);
    await expect
      .poll(async () => {
        const log = await serve.api('requests.query', { sources: ['race'], limit: 50 });
        return ids.filter((id) => log.rows.some((r: any) => r.id === id && r.source === 'race' && r.costUsd > 0)).length;
      }, { timeout: 10_000 })
      .toBe(3);
  }, 90_000);

  it('stopping one column aborts its upstream call while the others carry on; Esc stops the rest', async () => {
    openai.setBehaviour({ text: LONG, ttftMs: 30, tokensPerSec: 40 }, 'gpt-4o');
    openai.setBehaviour({ text: 'Short and sweet: done in a moment.', ttftMs: 30, tokensPerSec: 60 }, 'gpt-4.1-mini');
    anthropic.setBehaviour({ text: LONG, ttftMs: 30, tokensPerSec: 40 }, 'claude-haiku-5-5');
    const p = await open();
    await newRace(p, 'Write a long essay.', ['openai/gpt-4o', 'openai/gpt-4.1-mini', 'anthropic/claude-haiku-5-5']);
    await p.getByTestId('run-race').click();
    await openai.waitFor((f) => f.chatRequests().some((r) => r.model === 'gpt-4o' && r.chunksSent >= 3), 10_000);
    await p.getByRole('button', { name: /^Stop column 1/ }).click();
    const upstream = openai.chatRequests().find((r) => r.model === 'gpt-4o')!;
    await openai.waitFor(() => upstream.aborted, 10_000);
    expect(upstream.chunksSent).toBeLessThan(400);
    await expect.poll(() => statusOf(p, 0)).toBe('stopped');
    // the others keep streaming; the short one finishes normally
    await expect.poll(() => statusOf(p, 1), { timeout: 15_000 }).toBe('done');
    expect(await statusOf(p, 2)).toBe('running');
    // Esc that closes a dialog (the shortcut help) belongs to the dialog, not to the race …
    await p.keyboard.press('?');
    const help = p.getByRole('dialog', { name: /Keyboard shortcuts/i });
    await help.waitFor();
    await p.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await statusOf(p, 2)).toBe('running');
    // … and the next Esc stops the race, even while the closed dialog is still fading out
    // (it has handed focus back, but stays mounted for its transition).
    await p.keyboard.press('?');
    await help.waitFor();
    await p.keyboard.press('Escape');
    await p.waitForFunction(() => !document.activeElement?.closest('[role="dialog"]'));
    await p.keyboard.press('Escape');
    await expect.poll(() => statusOf(p, 2)).toBe('stopped');
    await anthropic.waitFor((f) => f.chatRequests().every((r) => r.aborted), 10_000);
    expect(await p.getByTestId('answer-0').textContent()).not.toBe('');
  }, 60_000);

  it('an error stays in its own column; the others finish', async () => {
    openai.setBehaviour({ status: 503, errorMessage: 'The engine is currently overloaded, please try again later.' }, 'gpt-4o');
    openai.setBehaviour({ text: 'Hello there! How can I help you today?', ttftMs: 50, tokensPerSec: 100 }, 'gpt-4.1');
    anthropic.setBehaviour({ text: 'Hello! What would you like to talk about?', ttftMs: 50, tokensPerSec: 100 }, 'claude-sonnet-4-6');
    const p = await open();
    await newRace(p, 'Say hello.', ['openai/gpt-4o', 'openai/gpt-4.1', 'anthropic/claude-sonnet-4-6']);
    await p.getByTestId('run-race').click();
    await p.getByTestId('error-0').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('error-0').textContent()).toContain('currently overloaded');
    expect(await p.getByTestId('error-0').textContent()).toContain('HTTP 503');
    await allSettled(p, 3);
    expect(await statusOf(p, 0)).toBe('error');
    expect(await statusOf(p, 1)).toBe('done');
    expect(await statusOf(p, 2)).toBe('done');
    await screenshot(p, 'race-run-error-light', { fullPage: false });
  }, 60_000);

  it('a follow-up carries each column’s own history', async () => {
    openai.setBehaviour({ text: 'Paris is the capital.' }, 'gpt-4.1');
    anthropic.setBehaviour({ text: 'The capital is Paris, on the Seine.' }, 'claude-sonnet-4-6');
    const p = await open();
    await newRace(p, 'What is the capital of France?', ['openai/gpt-4.1', 'anthropic/claude-sonnet-4-6']);
    await p.getByTestId('run-race').click();
    await allSettled(p, 2);
    reset();
    openai.setBehaviour({ text: 'About 2.1 million.' }, 'gpt-4.1');
    anthropic.setBehaviour({ text: 'Roughly two million people.' }, 'claude-sonnet-4-6');
    await p.getByTestId('follow-up').fill('And its population?');
    await p.getByTestId('follow-up').press('Control+Enter');
    await expect.poll(async () => (await p.getByTestId('answer-0').textContent()) ?? '', { timeout: 15_000 }).toContain('2.1 million');
    await allSettled(p, 2);
    const a = openai.chatRequests().find((r) => r.model === 'gpt-4.1')!;
    expect(a.body.messages).toEqual([
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris is the capital.' },
      { role: 'user', content: 'And its population?' },
    ]);
    const b = anthropic.chatRequests()[0]!;
    expect(JSON.stringify(b.body.messages)).toContain('The capital is Paris, on the Seine.');
    expect(JSON.stringify(b.body.messages)).not.toContain('Paris is the capital.');
    // both turns are on screen in each column
    await p.getByTestId('race-col-1').getByText('And its population?').waitFor();
    await p.getByTestId('race-col-1').getByText('The capital is Paris, on the Seine.').waitFor();
  }, 60_000);

  it('six columns at 200 tokens/s each all stream to the end (the rendering figure: npm run bench:race)', async () => {
    const { tokens, models, ttftMs, tokensPerSec } = SIX_STREAMS;
    for (const m of models) openai.setBehaviour({ tokens, ttftMs, tokensPerSec }, m);
    const p = await open();
    await newRace(p, 'Six at once.', models.map((m) => `openai/${m}`));
    const probe = await startPerfProbe(p);
    await p.getByTestId('run-race').click();
    await allSettled(p, 6);
    // Reported, not asserted: timings on a shared machine are a benchmark's business (bench/race-render.ts
    // measures it over several runs on a quiet page and writes test-results/race-perf.json).
    console.log(`[race perf, one run under test load] ${JSON.stringify(await probe.stop())}`);
    const race = await currentRace(p);
    for (const a of race.turns[0].answers) expect(a.text).toBe(tokens.join(''));
    for (let col = 0; col < 6; col++) expect(await p.getByTestId(`answer-${col}`).textContent()).toContain('console.log(x);');
    await p.getByTestId('answer-5').locator('pre code.hljs').first().waitFor();
    await p.getByRole('radio', { name: 'Grid' }).dispatchEvent('click');
    await p.getByTestId('race-results').and(p.locator('[data-layout=grid]')).waitFor();
    await screenshot(p, 'race-run-six-grid-light', { fullPage: false });
  }, 120_000);

  it('history reloads after a restart of switchboard serve; dark theme', async () => {
    const before = (await serve.api<any[]>('race.list', {})).length;
    expect(before).toBeGreaterThanOrEqual(4);
    const voted = (await serve.api<any[]>('race.list', {})).find((r) => r.vote !== null);
    for (const p of pages.splice(0)) await p.close();
    await serve.halt();
    serve = await startServeAt({ uiDir, dataDir: serve.dataDir });
    const dark = await newContext(browser, serve, 'dark');
    const p = await open(dark);
    await p.getByTestId('open-history').click();
    await expect.poll(() => p.getByTestId('history-item').count()).toBe(before);
    await p.getByRole('button', { name: `Open race: ${voted.title}` }).click();
    await p.getByTestId('race-col-2').waitFor();
    expect(await p.getByTestId('race-prompt-shown').textContent()).toContain('Merge two sorted lists');
    expect(await p.getByTestId('status-0').getAttribute('data-rank')).toBe('1');
    expect(await p.getByTestId('answer-1').textContent()).toContain('Use two pointers');
    expect(await p.getByTestId('vote-1').getAttribute('aria-pressed')).toBe('true');
    await p.getByTestId('answer-0').locator('pre code.hljs').first().waitFor();
    await screenshot(p, 'race-run-dark', { fullPage: false });
    // the leaderboard sums the races
    await p.getByTestId('open-leaderboard').click();
    await p.getByTestId('leaderboard').getByText('anthropic/claude-sonnet-4-6').waitFor();
    await screenshot(p, 'race-run-leaderboard-dark', { fullPage: false });
    await p.keyboard.press('Escape');
    await dark.close();
  }, 120_000);
});
