/**
 * The Race page's rendering figure (issue #5): six columns streaming at 200
 * tokens/s each, in headless Debian Chromium against a real `switchboard
 * serve` whose providers are the fakes, on a PRODUCTION renderer build.
 *
 * Per run it reports what the page received (delivered tokens/s per column,
 * timed in the page from the SSE deltas), what main measured (tokens/s per
 * column), and how the page coped: rAF frames, dropped and slow frames
 * (gap > 2 refresh intervals), long tasks (PerformanceObserver `longtask`),
 * and the main thread's CPU per second of streaming (CDP Performance metrics:
 * the figure that moves least with the load of a shared machine).
 * It asserts nothing about timing: it is a measurement, written to
 * test-results/race-perf.json (and printed).
 *
 *   npm run bench:race -- [--runs 3] [--no-shots] [--profile FILE.cpuprofile] [--trace FILE.json] [--ui-dir DIR]
 *
 * With shots (the default) one extra, unmeasured race is photographed mid-stream
 * and at the end: test-results/screenshots/race-six-{mid,end}.png.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startFakeOpenAI } from '../test/fakes/openai';
import { startFakeAnthropic } from '../test/fakes/anthropic';
import { browserUnavailable, buildRenderer, launchBrowser, newContext, openUi, ROOT, screenshot } from '../test/e2e/harness';
import {
  installDeliveryProbe,
  keysForFakes,
  pickContestants,
  SIX_STREAMS,
  startDeliveryWindow,
  startPerfProbe,
  startServeAt,
  waitRaceOver,
  type PerfFigures,
} from '../test/e2e/race-harness';

const OPENAI_KEY = 'sk-bench-race-openai-5e6f7a8b9c0d';
const ANTHROPIC_KEY = 'sk-ant-bench-race-1a2b3c4d5e6f';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const RUNS = Math.max(1, Number(flag('runs') ?? 3));
const SHOTS = !process.argv.includes('--no-shots');
/** Writes a renderer CPU profile of the first measured run here (for bench/cpuprofile-top.mjs); it slows that run down. */
const PROFILE = flag('profile');
/** Writes a Chromium trace (devtools.timeline) of the first measured run here; summarised by main-thread event. */
const TRACE = flag('trace');

const loadAvg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadAvg().join(', ')}`;
  }
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};

/** Main-thread busy time by top-level trace event (script, style, layout, paint…) in the renderer. */
function traceSummary(file: string): Record<string, number> {
  const { traceEvents } = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: Array<{ name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }> };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const sums = new Map<string, number>();
  for (const e of traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
    sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
  }
  return Object.fromEntries([...sums].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => [k, Math.round(v)]));
}

/** The renderer main thread's cumulative CPU (ThreadTime) and task/script/layout/style times, in seconds (CDP Performance domain). */
async function mainThreadMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const want = ['ThreadTime', 'TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];
  return Object.fromEntries(want.map((k) => [k, metrics.find((m) => m.name === k)?.value ?? 0]));
}

const currentRaceId = (p: Page) => p.evaluate(() => sessionStorage.getItem('switchboard.race.current'));

async function startRace(p: Page, label: string): Promise<void> {
  if ((await p.getByTestId('new-race').count()) > 0) await p.getByTestId('new-race').click();
  await p.getByTestId('race-prompt').fill(`Six at once (${label}).`);
  await pickContestants(p, SIX_STREAMS.models.map((m) => `openai/${m}`));
}

async function main(): Promise<void> {
  const skip = browserUnavailable();
  if (skip) throw new Error(skip);
  // --ui-dir: an existing renderer build (e.g. an unminified one, to read a profile); default: a fresh production build
  const uiDir = flag('ui-dir') ?? (await buildRenderer());
  const openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  const anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
  const serve = await startServeAt({ uiDir });
  const browser = await launchBrowser();
  try {
    await keysForFakes(serve, { openai: { url: openai.url, key: OPENAI_KEY }, anthropic: { url: anthropic.url, key: ANTHROPIC_KEY } });
    const ctx = await newContext(browser, serve, 'light');
    // tsx compiles with esbuild's keepNames, which wraps the functions we hand to page.evaluate in __name()
    await ctx.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await installDeliveryProbe(ctx);
    const p = await openUi(ctx, serve, 'race');
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const expected = SIX_STREAMS.tokens.join('');
    const runs: Array<{ deliveredTokensPerSec: number[]; mainTokensPerSec: number[]; frames: PerfFigures; mainThreadMsPerSec: Record<string, number>; loadAvg: number[] }> = [];
    const metrics = await ctx.newCDPSession(p);
    await metrics.send('Performance.enable');
    let idle: PerfFigures | null = null;

    for (let run = 0; run < RUNS + (SHOTS ? 1 : 0); run++) {
      const shots = run === RUNS;
      openai.reset();
      for (const m of SIX_STREAMS.models) openai.setBehaviour({ tokens: SIX_STREAMS.tokens, ttftMs: SIX_STREAMS.ttftMs, tokensPerSec: SIX_STREAMS.tokensPerSec }, m);
      await startRace(p, shots ? 'screenshots' : `run ${run + 1}`);
      if (!idle) {
        // the machine's own noise: the same probe on the idle page first
        const probe = await startPerfProbe(p);
        await p.waitForTimeout(2500);
        idle = await probe.stop();
      }
      const cdp = PROFILE && run === 0 ? await ctx.newCDPSession(p) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      if (TRACE && run === 0) await browser.startTracing(p, { path: TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      const cpuBefore = await mainThreadMetrics(metrics);
      const previous = await currentRaceId(p);
      const delivery = await startDeliveryWindow(p);
      const probe = await startPerfProbe(p);
      await p.getByTestId('run-race').click();
      // the previous race's settled columns stay on screen until the new one's turn arrives
      await p.waitForFunction((prev) => sessionStorage.getItem('switchboard.race.current') !== prev, previous, { polling: 50 });
      const raceId = (await currentRaceId(p))!;
      if (shots) {
        await p.waitForFunction((n) => (document.querySelector('[data-testid=answer-0]')?.textContent?.length ?? 0) > n, expected.length / 2, { polling: 100 });
        await p.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'race-six-mid.png') });
      }
      await waitRaceOver(p, serve, raceId, SIX_STREAMS.models.length);
      const frames = await probe.stop();
      const cpuAfter = await mainThreadMetrics(metrics);
      const windowS = frames.durationMs / 1000;
      // CPU the renderer's main thread spent per second of streaming: unlike frame gaps, this barely moves with the machine's load
      const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, Math.round(((cpuAfter[k]! - cpuBefore[k]!) * 1000) / windowS)]));
      if (TRACE && run === 0) {
        await browser.stopTracing();
        console.log(`[race bench] main-thread time by event (ms): ${JSON.stringify(traceSummary(TRACE))}`);
      }
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        fs.writeFileSync(PROFILE!, JSON.stringify(profile));
        await cdp.detach();
      }
      const delivered = await delivery.stop();
      const race = await serve.api('race.get', { raceId });
      const answers = race.turns.at(-1).answers as Array<{ text: string; metrics: { tokensPerSec: number } }>;
      const wrong = answers.filter((a) => a.text !== expected).length;
      if (wrong) throw new Error(`${wrong} column(s) did not receive the whole answer`);
      if (shots) {
        await p.mouse.move(0, 0);
        await screenshot(p, 'race-six-end', { fullPage: false });
        continue;
      }
      const row = { deliveredTokensPerSec: delivered, mainTokensPerSec: answers.map((a) => Math.round(a.metrics.tokensPerSec)), frames, mainThreadMsPerSec: cpu, loadAvg: loadAvg() };
      runs.push(row);
      console.log(`[race bench] run ${run + 1}/${RUNS}: ${JSON.stringify(row)}`);
    }
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);

    const pick = (k: keyof PerfFigures) => median(runs.map((r) => r.frames[k]));
    const out = {
      scenario: `${SIX_STREAMS.models.length} columns × ${SIX_STREAMS.tokensPerSec} tokens/s × ${SIX_STREAMS.tokens.length} tokens (markdown with code), production renderer build, headless Chromium (${os.cpus().length} CPUs), via switchboard serve + fakes`,
      method: 'rAF frame gaps (dropped = intervals skipped past 1.5× the median interval; slow = gaps > 2 intervals) and PerformanceObserver longtask, from the click on Run until every column settled; delivered tokens/s timed in the page from the race.events deltas',
      median: {
        deliveredTokensPerSec: median(runs.flatMap((r) => r.deliveredTokensPerSec)),
        durationMs: pick('durationMs'),
        frames: pick('frames'),
        droppedFrames: pick('droppedFrames'),
        droppedRatio: pick('droppedRatio'),
        slowFrames: pick('slowFrames'),
        slowFrameRatio: pick('slowFrameRatio'),
        p95FrameMs: pick('p95FrameMs'),
        maxFrameMs: pick('maxFrameMs'),
        longTasks: pick('longTasks'),
        longTaskTotalMs: pick('longTaskTotalMs'),
        longestTaskMs: pick('longestTaskMs'),
        mainThreadMsPerSec: Object.fromEntries(Object.keys(runs[0]!.mainThreadMsPerSec).map((k) => [k, median(runs.map((r) => r.mainThreadMsPerSec[k]!))])),
      },
      runs,
      idleBaseline: idle,
      uptime: uptime(),
      at: new Date().toISOString(),
    };
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-results', 'race-perf.json'), JSON.stringify(out, null, 2));
    console.log(JSON.stringify(out.median));
    console.log(`idle: ${JSON.stringify(idle)}`);
    console.log(out.uptime);
    console.log('written: test-results/race-perf.json');
  } finally {
    await browser.close();
    await serve.stop();
    await openai.close();
    await anthropic.close();
    if (!flag('ui-dir')) fs.rmSync(uiDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
