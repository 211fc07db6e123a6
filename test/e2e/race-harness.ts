/**
 * Race end-to-end helpers on top of the shared harness (harness.ts): a
 * `switchboard serve` that can be restarted on the same data folder (history
 * after a restart), and keys pointing at the provider fakes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { splitTokens } from '../fakes/script';
import { startServe, type Serve } from './harness';

/** A serve that can be stopped and started again on the same data folder. */
export type RestartableServe = Serve;

export function startServeAt(opts: { uiDir: string; dataDir?: string; env?: Record<string, string> }): Promise<RestartableServe> {
  return startServe({ ...opts, dataDir: opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sb-e2e-race-')) });
}

/** Stores keys for the fakes (base URL overrides) and caches their model lists, as a user does on the Keys page. */
export async function keysForFakes(serve: Serve, fakes: { openai: { url: string; key: string }; anthropic: { url: string; key: string } }): Promise<void> {
  await serve.api('keys.set', { provider: 'openai', key: fakes.openai.key, baseUrl: fakes.openai.url });
  await serve.api('keys.set', { provider: 'anthropic', key: fakes.anthropic.key, baseUrl: fakes.anthropic.url });
  for (const provider of ['openai', 'anthropic']) {
    const r = await serve.api<{ ok: boolean; message: string }>('keys.test', { provider });
    if (!r.ok) throw new Error(`keys.test ${provider}: ${r.message}`);
  }
}

/** Picks contestants in the set-up form, slot by slot (adding slots as needed). */
export async function pickContestants(p: Page, refs: string[]): Promise<void> {
  for (let i = 0; i < refs.length; i++) {
    if ((await p.getByTestId(`contestant-${i}`).count()) === 0) await p.getByTestId('add-contestant').click();
    const input = p.getByTestId(`contestant-${i}`);
    await input.click();
    await input.fill(refs[i]!);
    await p.getByRole('option', { name: refs[i]!, exact: true }).first().click();
  }
  // drop extra slots left from a remembered set
  for (;;) {
    const extra = p.getByRole('button', { name: `Remove contestant ${refs.length + 1}` });
    if ((await extra.count()) === 0) break;
    await extra.click();
  }
}

/** Collects long tasks and frame deltas in the page from now on; `stop()` returns the figures. */
export async function startPerfProbe(p: Page): Promise<{ stop: () => Promise<PerfFigures> }> {
  await p.evaluate(() => {
    const w = window as unknown as { __perf: { longTasks: number[]; frames: number[]; running: boolean } };
    w.__perf = { longTasks: [], frames: [], running: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (w.__perf.running) w.__perf.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const tick = (t: number) => {
      if (!w.__perf.running) return;
      w.__perf.frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return {
    async stop() {
      const raw = await p.evaluate(() => {
        const w = window as unknown as { __perf: { longTasks: number[]; frames: number[]; running: boolean } };
        w.__perf.running = false;
        return { longTasks: w.__perf.longTasks, frames: w.__perf.frames };
      });
      return perfFigures(raw.longTasks, raw.frames);
    },
  };
}

export interface PerfFigures {
  durationMs: number;
  frames: number;
  /** Frames that took over 1.5 refresh intervals count the intervals they skipped. */
  droppedFrames: number;
  droppedRatio: number;
  /** Frames whose gap exceeded two refresh intervals (~33 ms at 60 Hz): the ones a user sees as a stutter. */
  slowFrames: number;
  slowFrameRatio: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  longestTaskMs: number;
}

export function perfFigures(longTasks: number[], frames: number[]): PerfFigures {
  const deltas = frames.slice(1); // the first is from the probe's start
  const sorted = [...deltas].sort((a, b) => a - b);
  const interval = sorted.length ? Math.max(1000 / 60, sorted[Math.floor(sorted.length / 2)]!) : 1000 / 60; // the display's refresh (median)
  let dropped = 0;
  let slow = 0;
  for (const d of deltas) {
    if (d > interval * 1.5) dropped += Math.round(d / interval) - 1;
    if (d > interval * 2) slow++;
  }
  const durationMs = deltas.reduce((a, b) => a + b, 0);
  const expected = Math.max(1, Math.round(durationMs / interval));
  return {
    durationMs: Math.round(durationMs),
    frames: deltas.length,
    droppedFrames: dropped,
    droppedRatio: Number((dropped / expected).toFixed(4)),
    slowFrames: slow,
    slowFrameRatio: Number((slow / Math.max(1, deltas.length)).toFixed(4)),
    p95FrameMs: Number((sorted[Math.floor(sorted.length * 0.95)] ?? 0).toFixed(1)),
    maxFrameMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
    longTasks: longTasks.length,
    longTaskTotalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
  };
}

// -- the rendering figure: 6 streams at 200 tokens/s --------------------------------

/** Six OpenAI-fake models streaming the same 700-token markdown answer (paragraphs, bold, code) at 200 tokens/s each. */
export const SIX_STREAMS = (() => {
  const text = Array.from({ length: 12 }, (_, i) =>
    i % 3 === 2 ? '```js\nconst x = [1, 2, 3].map((n) => n * 2);\nconsole.log(x);\n```' : `Paragraph ${i}: ${'the quick brown fox jumps over the lazy dog, '.repeat(6)}**done**.`,
  ).join('\n\n');
  return {
    tokens: splitTokens(text).slice(0, 700),
    models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'gpt-5.4-mini', 'gpt-5.4-nano'],
    tokensPerSec: 200,
    ttftMs: 100,
  };
})();

interface DeliveryWindow {
  __raceDelivery?: Array<{ col: number; chunks: number; t: number }>;
}

/**
 * Records, in the page, when each `race.events` delta arrives and the column's chunk count
 * (one chunk = one token from the fakes), so the figure states the token rate the renderer
 * actually received — not just what the fakes were asked for. It tees the SSE response the
 * page reads (`fetch`, as renderer/api/http.ts does), so the app's own code is untouched.
 * Install before opening the page.
 */
export async function installDeliveryProbe(ctx: BrowserContext): Promise<void> {
  await ctx.addInitScript(() => {
    const w = window as unknown as DeliveryWindow & { fetch: typeof fetch };
    const original = w.fetch.bind(window);
    w.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await original(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.includes('/api/stream/race.events') || !res.body) return res;
      const [forApp, forProbe] = res.body.tee();
      void (async () => {
        const reader = forProbe.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buf += value;
          const blocks = buf.split('\n\n');
          buf = blocks.pop() ?? '';
          const t = performance.now();
          for (const b of blocks) {
            if (!b.includes('"type":"delta"')) continue;
            const data = b.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
            try {
              const e = JSON.parse(data) as { column: number; chunks: number };
              w.__raceDelivery?.push({ col: e.column, chunks: e.chunks, t });
            } catch {
              /* not one event: skip */
            }
          }
        }
      })();
      return new Response(forApp, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
  });
}

/** Starts recording deltas (forgets earlier ones); `stop()` gives each column's delivered tokens/s. */
export async function startDeliveryWindow(p: Page): Promise<{ stop: () => Promise<number[]> }> {
  await p.evaluate(() => ((window as unknown as DeliveryWindow).__raceDelivery = []));
  return {
    async stop() {
      const rows = await p.evaluate(() => (window as unknown as DeliveryWindow).__raceDelivery ?? []);
      const byCol = new Map<number, { col: number; chunks: number; t: number }[]>();
      for (const r of rows) byCol.set(r.col, [...(byCol.get(r.col) ?? []), r]);
      return [...byCol.keys()].sort((a, b) => a - b).map((col) => {
        const rs = byCol.get(col)!;
        const first = rs[0]!;
        const last = rs.at(-1)!;
        // from the first token's arrival to the last's: (tokens after the first) / elapsed
        return last.t > first.t ? Math.round(((last.chunks - first.chunks) / (last.t - first.t)) * 1000) : 0;
      });
    },
  };
}

/**
 * Resolves when the race is over (asked of the server, so the page's main thread isn't polled while
 * it is being measured) and the page shows every column settled.
 */
export async function waitRaceOver(p: Page, serve: Serve, raceId: string, columns: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await serve.api<{ active: boolean }>('race.get', { raceId })).active) {
    if (Date.now() > until) throw new Error(`race ${raceId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await p.waitForFunction(
    (n) => {
      const s = [...document.querySelectorAll('[data-testid^=status-]')].map((e) => e.getAttribute('data-status'));
      return s.length >= n && s.every((x) => x !== 'running');
    },
    columns,
    { polling: 100, timeout: 15_000 },
  );
}
