/**
 * Race end-to-end helpers on top of the shared harness (harness.ts): a
 * `switchboard serve` that can be restarted on the same data folder (history
 * after a restart), and keys pointing at the provider fakes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
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
  for (const d of deltas) if (d > interval * 1.5) dropped += Math.round(d / interval) - 1;
  const durationMs = deltas.reduce((a, b) => a + b, 0);
  const expected = Math.max(1, Math.round(durationMs / interval));
  return {
    durationMs: Math.round(durationMs),
    frames: deltas.length,
    droppedFrames: dropped,
    droppedRatio: Number((dropped / expected).toFixed(4)),
    p95FrameMs: Number((sorted[Math.floor(sorted.length * 0.95)] ?? 0).toFixed(1)),
    maxFrameMs: Number((sorted.at(-1) ?? 0).toFixed(1)),
    longTasks: longTasks.length,
    longTaskTotalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
  };
}
