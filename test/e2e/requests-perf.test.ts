/**
 * A measurement, not a timed test: runs `bench/requests-ui.ts` (the Requests
 * page's first render, split into where the time goes, and scrolling through
 * the virtualised table) on a large log, e.g. the 1,000,000 rows of
 * `npm run seed`. Skipped unless SWITCHBOARD_PERF_DATA_DIR names a seeded
 * data folder (pass a copy: the server's upkeep may write to it):
 *
 *   npm run seed -- --rows 1000000 --data-dir /tmp/sb1m
 *   SWITCHBOARD_PERF_DATA_DIR=/tmp/sb1m npx vitest run test/e2e/requests-perf.test.ts
 *
 * Prints the figures and writes test-results/requests-first-render.json; it
 * only checks that the benchmark ran and measured what it says, never the
 * figures themselves (`npm run bench:requests -- --data-dir DIR` is the same, standalone).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserUnavailable, ROOT } from './harness';

const dataDir = process.env.SWITCHBOARD_PERF_DATA_DIR;
const skip = !dataDir ? 'SWITCHBOARD_PERF_DATA_DIR not set' : browserUnavailable();
const OUT = path.join(ROOT, 'test-results', 'requests-first-render.json');

describe.skipIf(!!skip)('Requests page on a large log (measurement)', () => {
  it('first render (navigation and cold) and scrolling', async () => {
    fs.rmSync(OUT, { force: true });
    const runs = 5;
    // Not under vitest's NODE_ENV=test: the script builds the renderer in production mode, as users run it.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_ENV;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tsx-run.mjs'), 'bench/requests-ui.ts', '--data-dir', dataDir!, '--runs', String(runs), '--scroll-rows', '2000', '--json', OUT], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('exit', resolve);
    });
    expect(code).toBe(0);
    const report = JSON.parse(fs.readFileSync(OUT, 'utf8')) as { navigation: { runsMs: number[] }; cold: { runsMs: number[] }; scroll: { rowsScrolled: number }; pageErrors: string[] };
    expect(report.navigation.runsMs).toHaveLength(runs);
    expect(report.cold.runsMs).toHaveLength(runs);
    expect(report.scroll.rowsScrolled).toBeGreaterThan(0);
    expect(report.pageErrors).toEqual([]);
  }, 600_000);
});
