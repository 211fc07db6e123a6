/**
 * Benchmarks the Requests page on a large log (e.g. the 1,000,000 rows of
 * `npm run seed`): its first render, split into where the time goes, and
 * scrolling through the virtualised table. A measurement, not a test: it
 * prints figures and never fails on them.
 *
 *   npm run bench:requests -- --data-dir DIR [--runs 9] [--scroll-rows 5000] [--json FILE] [--screenshot FILE]
 *
 * It builds the renderer in production mode (what users run), starts
 * `switchboard serve` on DIR (use a copy: upkeep may write to it), and drives
 * headless Chromium (`SWITCHBOARD_CHROMIUM`, default /usr/bin/chromium).
 *
 * "First render" is measured two ways, both ending when the first rows are
 * painted (the `requests:first-rows` mark, set in the task after the frame
 * that drew them):
 *   - navigation: in the running app, from the hash change to #/requests
 *     (what a user waits for after clicking "Requests") — includes the page
 *     chunk (cached after the first visit), the first-page query over HTTP,
 *     React render, style, layout and paint;
 *   - cold: a full page load straight onto #/requests (from navigation start:
 *     HTML, the JS bundle's download, parse and boot, then all of the above).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { openDatabase } from '../electron/store/db';
import { databasePath } from '../electron/core/paths';
import { facets, queryRequests } from '../electron/analytics/requests';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const DATA_DIR = arg('data-dir') ?? process.env.SWITCHBOARD_PERF_DATA_DIR;
const RUNS = Math.max(3, Number(arg('runs') ?? 9));
const SCROLL_ROWS = Number(arg('scroll-rows') ?? 5000);
const JSON_OUT = arg('json') ?? path.join(ROOT, 'test-results', 'requests-ui-bench.json');
/** `--no-minify`: readable function names in the profile (slightly slower to parse). */
/** Writes a V8 CPU profile of the navigations there (summarise with `node bench/cpuprofile-top.mjs FILE`). */
const PROFILE = arg('profile');
const SCREENSHOT = arg('screenshot') ?? path.join(ROOT, 'test-results', 'screenshots', 'requests-1m.png');

const round = (n: number) => Math.round(n * 10) / 10;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

/** In-process timing of a synchronous query: median wall ms over `n` runs after one warm-up. */
function timeQuery(fn: () => unknown, n = 15): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

async function buildProductionRenderer(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-ui-'));
  const vite = await import('vite');
  // mode "production" also makes Vite bundle React's production build (not the dev one NODE_ENV=test would pick).
  await vite.build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true, minify: !process.argv.includes('--no-minify') } });
  return outDir;
}

async function startServe(uiDir: string): Promise<{ child: ChildProcess; uiUrl: string; call: (m: string, input?: object) => Promise<{ body: unknown; ms: number; bytes: number }> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'switchboard.mjs'), 'serve', '--port', '0', '--data-dir', DATA_DIR!], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', SWITCHBOARD_KEYRING: 'master-key-file', SWITCHBOARD_UI_DIR: uiDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no UI line:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /^UI: (http\S+)$/m.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
  const origin = new URL(uiUrl).origin;
  const token = decodeURIComponent(/token=([^&]+)/.exec(uiUrl)![1]!);
  const call = async (method: string, input: object = {}) => {
    const t = performance.now();
    const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const text = await res.text();
    return { body: JSON.parse(text) as unknown, ms: performance.now() - t, bytes: Buffer.byteLength(text) };
  };
  return { child, uiUrl, call };
}

/** Chromium's own counters (seconds of main-thread time by kind), to split a span into script, style and layout. */
async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}
function metricDelta(a: Record<string, number>, b: Record<string, number>) {
  const d = (k: string) => round(((b[k] ?? 0) - (a[k] ?? 0)) * 1000);
  return { scriptMs: d('ScriptDuration'), styleMs: d('RecalcStyleDuration'), layoutMs: d('LayoutDuration'), taskMs: d('TaskDuration') };
}

interface Marks {
  total: number;
  chunk: number | null;
  render: number | null;
  pageCommitted: number | null;
  queryStart: number | null;
  queryEnd: number | null;
  committed: number | null;
  painted: number;
  mainJsEnd: number | null;
  longTasks: number;
  longTaskMs: number;
}

/** Reads the page's marks relative to `t0` (0 = navigation start). */
function readMarks(p: Page, t0: number): Promise<Marks> {
  return p.evaluate((t0) => {
    const at = (n: string) => {
      const e = performance.getEntriesByName(n, 'mark').at(-1);
      return e ? e.startTime - t0 : null;
    };
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const js = res.filter((e) => /\/assets\/index-[^/]+\.js$/.test(e.name))[0];
    const lt = ((window as unknown as { __longTasks?: PerformanceEntry[] }).__longTasks ?? []).filter((e) => e.startTime >= t0);
    const painted = at('requests:first-rows')!;
    if ((window as unknown as { __debugMarks?: boolean }).__debugMarks !== undefined) console.log(JSON.stringify(performance.getEntriesByType('mark').map((e) => [e.name, Math.round(e.startTime - t0)])));
    return {
      total: painted,
      chunk: at('requests:chunk'),
      render: at('requests:render'),
      pageCommitted: at('requests:page-committed'),
      queryStart: at('requests:page-sent'),
      queryEnd: at('requests:page-received'),
      committed: at('requests:rows-committed'),
      painted,
      mainJsEnd: js ? js.responseEnd - t0 : null,
      longTasks: lt.length,
      longTaskMs: lt.reduce((s, e) => s + e.duration, 0),
    };
  }, t0);
}

const LONGTASK_OBSERVER = () => {
  const w = window as unknown as { __longTasks?: PerformanceEntry[] };
  w.__longTasks = [];
  try {
    new PerformanceObserver((l) => w.__longTasks!.push(...l.getEntries())).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask support */
  }
};

async function waitMark(p: Page, name: string): Promise<void> {
  await p.waitForFunction((n) => performance.getEntriesByName(n, 'mark').length > 0, name, { timeout: 60_000, polling: 10 });
}

function summarise(runs: Marks[], deltas: ReturnType<typeof metricDelta>[]) {
  const med = (f: (m: Marks) => number | null) => {
    const xs = runs.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
    return xs.length ? round(median(xs)) : null;
  };
  return {
    runsMs: runs.map((r) => round(r.total)),
    medianMs: med((r) => r.total),
    p90Ms: round(quantile(runs.map((r) => r.total), 0.9)),
    medianTimeline: {
      mainBundleLoaded: med((r) => r.mainJsEnd),
      requestsChunkEvaluated: med((r) => r.chunk),
      pageRenderStarted: med((r) => r.render),
      pageCommitted: med((r) => r.pageCommitted),
      firstPageRequested: med((r) => r.queryStart),
      firstPageReceived: med((r) => r.queryEnd),
      rowsCommittedToDom: med((r) => r.committed),
      rowsPainted: med((r) => r.painted),
    },
    medianMainThread: {
      scriptMs: round(median(deltas.map((d) => d.scriptMs))),
      styleMs: round(median(deltas.map((d) => d.styleMs))),
      layoutMs: round(median(deltas.map((d) => d.layoutMs))),
      allTasksMs: round(median(deltas.map((d) => d.taskMs))),
    },
    longTasksPerRun: med((r) => r.longTasks),
    longTaskMsPerRun: med((r) => r.longTaskMs),
  };
}

async function main() {
  if (!DATA_DIR || !fs.existsSync(databasePath(DATA_DIR))) {
    console.error('usage: npm run bench:requests -- --data-dir DIR   (a data folder seeded by `npm run seed -- --rows 1000000 --data-dir DIR`; pass a copy)');
    process.exit(2);
  }
  const uiDir = await buildProductionRenderer();
  const { child, uiUrl, call } = await startServe(uiDir);
  let browser: Browser | undefined;
  try {
    // The log's upkeep (PRAGMA optimize…) runs ~10 s after start: measure after it, on a settled server.
    await new Promise((r) => setTimeout(r, 12_000));
    const storage = (await call('log.storage')).body as { requests: number; bytes: number };

    // Server side: the query itself (in this process, on the same file) and the HTTP round trip with JSON.
    const db = openDatabase(databasePath(DATA_DIR), { readonly: true });
    const server = {
      firstPage100QueryMs: round(timeQuery(() => queryRequests(db, { limit: 100, withTotal: true }))),
      firstPage40QueryMs: round(timeQuery(() => queryRequests(db, { limit: 40, withTotal: false }))),
      facetsQueryMs: round(timeQuery(() => facets(db))),
      firstPage100HttpMs: 0,
      firstPage100Bytes: 0,
      facetsHttpMs: 0,
    };
    db.close();
    const http: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 15; i++) {
      const r = await call('requests.query', { limit: 100, withTotal: true });
      http.push(r.ms);
      bytes = r.bytes;
    }
    server.firstPage100HttpMs = round(median(http));
    server.firstPage100Bytes = bytes;
    const fh: number[] = [];
    for (let i = 0; i < 7; i++) fh.push((await call('requests.facets')).ms);
    server.facetsHttpMs = round(median(fh));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    // tsx compiles with keepNames: functions passed to evaluate() call its `__name` helper.
    await ctx.addInitScript({ content: 'window.__name = (f) => f;' });
    await ctx.addInitScript(LONGTASK_OBSERVER);
    const p = await ctx.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    if (process.env.BENCH_DEBUG) p.on('console', (m) => console.log(`[page] ${m.text()}`));
    if (process.env.BENCH_DEBUG) await ctx.addInitScript({ content: 'window.__debugMarks = true;' });
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    // Cold: a full load straight onto #/requests (the first load also fills the HTTP cache, as the installed app has its files locally).
    await p.goto(uiUrl.replace('#token=', '#/requests&token='));
    await waitMark(p, 'requests:first-rows');
    const cold: Marks[] = [];
    const coldCpu: ReturnType<typeof metricDelta>[] = [];
    for (let i = 0; i < RUNS; i++) {
      await p.reload(); // the token stays in sessionStorage, the hash on #/requests
      await waitMark(p, 'requests:first-rows');
      coldCpu.push(metricDelta({}, await metrics(cdp))); // the counters restart with each document
      cold.push(await readMarks(p, 0));
      await p.waitForTimeout(300);
    }

    // Navigation: from another page to Requests, inside the running app.
    const nav: Marks[] = [];
    const navCpu: ReturnType<typeof metricDelta>[] = [];
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < RUNS; i++) {
      await p.evaluate(() => (location.hash = '#/keys'));
      await p.locator('[data-testid=nav-keys][aria-current=page]').waitFor();
      await p.waitForTimeout(500);
      const m0 = await metrics(cdp);
      const t0 = await p.evaluate(() => {
        performance.clearMarks();
        performance.clearResourceTimings();
        const t = performance.now();
        location.hash = '#/requests';
        return t;
      });
      await waitMark(p, 'requests:first-rows');
      navCpu.push(metricDelta(m0, await metrics(cdp)));
      nav.push(await readMarks(p, t0));
    }
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(PROFILE, JSON.stringify(profile));
    }
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await p.screenshot({ path: SCREENSHOT });

    // Scrolling: scrollTop steps once per frame through SCROLL_ROWS rows (pages load on the way); frame gaps from rAF, long tasks.
    const beforeScroll = await metrics(cdp);
    const scroll = await p.evaluate(async (targetRows) => {
      const el = document.querySelector<HTMLElement>('[data-testid=request-table]')!;
      const ROW = 44;
      const STEP = 6 * ROW; // 6 rows a frame: 360 rows/s at 60 fps, a fast flick held for the whole run
      const w = window as unknown as { __longTasks?: PerformanceEntry[] };
      const ltFrom = performance.now();
      const gaps: number[] = [];
      let target = 0;
      let stalledFrames = 0; // frames where the wanted position was beyond the loaded rows
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        let last = performance.now();
        const step = (t: number) => {
          gaps.push(t - last);
          last = t;
          target = Math.min(target + STEP, targetRows * ROW);
          el.scrollTop = target;
          if (el.scrollTop + 1 < target) stalledFrames++;
          if ((el.scrollTop + 1 >= targetRows * ROW) || t - t0 > 60_000) resolve();
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      const seconds = (performance.now() - t0) / 1000;
      gaps.shift();
      const frame = 1000 / 60;
      const dropped = gaps.reduce((s, g) => s + Math.max(0, Math.round(g / frame) - 1), 0);
      const lt = (w.__longTasks ?? []).filter((e) => e.startTime >= ltFrom);
      const sorted = [...gaps].sort((a, b) => a - b);
      return {
        rowsScrolled: Math.round(el.scrollTop / ROW),
        seconds,
        frames: gaps.length,
        droppedFrames: dropped,
        droppedPct: (100 * dropped) / (gaps.length + dropped),
        p50FrameMs: sorted[Math.floor(sorted.length * 0.5)]!,
        p95FrameMs: sorted[Math.floor(sorted.length * 0.95)]!,
        p99FrameMs: sorted[Math.floor(sorted.length * 0.99)]!,
        maxFrameMs: sorted[sorted.length - 1]!,
        framesOver50ms: gaps.filter((g) => g > 50).length,
        longTasks: lt.length,
        longestTaskMs: lt.reduce((m, e) => Math.max(m, e.duration), 0),
        stalledFrames,
        rowsInDom: document.querySelectorAll('[data-testid=request-row]').length,
      };
    }, SCROLL_ROWS);

    const scrollCpu = metricDelta(beforeScroll, await metrics(cdp));
    // Main-thread CPU per frame: what scrolling costs the page, apart from how the shared machine schedules it.
    const scrollCpuPerFrame = { scriptMs: scrollCpu.scriptMs / scroll.frames, styleAndLayoutMs: (scrollCpu.styleMs + scrollCpu.layoutMs) / scroll.frames, allTasksMs: scrollCpu.taskMs / scroll.frames };
    const report = {
      when: new Date().toISOString(),
      requests: storage.requests,
      databaseBytes: storage.bytes,
      viewport: '1366×900',
      loadAverageAtStart: os.loadavg().map(round),
      server,
      navigation: summarise(nav, navCpu),
      cold: summarise(cold, coldCpu),
      scroll: Object.fromEntries(Object.entries(scroll).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])),
      scrollMainThreadCpuPerFrameMs: Object.fromEntries(Object.entries(scrollCpuPerFrame).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      pageErrors: errors,
      loadAverageAtEnd: os.loadavg().map(round),
    };
    fs.mkdirSync(path.dirname(JSON_OUT), { recursive: true });
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
    console.log(`\nwritten ${path.relative(ROOT, JSON_OUT)}; screenshot ${path.relative(ROOT, SCREENSHOT)}`);
  } finally {
    await browser?.close();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(uiDir, { recursive: true, force: true });
  }
}

await main();
