import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../bench/lib/report';
import type { TargetId } from '../../bench/lib/targets';

/**
 * CI smoke for `npm run bench` (issue 8): the whole harness with tiny counts.
 * Every target must start (Portkey included: it is a devDependency, so a
 * failure to start is a failure here) and answer every call, and the report
 * must be written. No timing is asserted: CI machines are too noisy for that.
 */
const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-smoke-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runBench(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'tsx-run.mjs'), path.join(root, 'bench', 'run.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    // SIGINT lets the harness kill the servers it started.
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run bench -- --quick', () => {
  it('starts every target, gets an answer from each, and writes the table', { timeout: 90_000 }, async () => {
    const out = path.join(dir, 'benchmarks.md');
    const json = path.join(dir, 'bench.json');
    const r = await runBench(['--quick', '--out', out, '--json', json], 80_000);
    expect(r.code, `bench exited ${r.code}\n--- stderr ---\n${r.stderr.slice(-4000)}`).toBe(0);

    const summary = JSON.parse(fs.readFileSync(json, 'utf8')) as Summary;
    for (const p of ['openai', 'translate'] as const) {
      const rows = summary.paths[p]?.rows;
      expect(rows, `no results for the ${p} path`).toBeDefined();
      const want: TargetId[] = p === 'openai' ? ['direct', 'floor', 'switchboard', 'sb-async', 'sb-nolog', 'portkey'] : ['direct', 'floor', 'switchboard', 'portkey'];
      for (const t of want) {
        const row = rows![t];
        expect(row, `${t} missing on the ${p} path`).toBeDefined();
        if (t !== 'portkey') expect(row!.errors, `${t} on ${p}: ${row!.firstError}`).toBe(0);
        expect(row!.ok, `${t} on ${p} answered nothing`).toBeGreaterThan(0);
      }
    }
    expect(summary.long.length).toBeGreaterThan(0);
    for (const l of summary.long) {
      // Portkey is the third-party reference: its occasional hang-ups under the
      // c=256 long haul are its own (and reported in the table), not a harness
      // failure. Our own targets must not drop a single stream.
      if (l.target !== 'portkey') expect(l.errors, `long haul ${l.target}/${l.path}: ${l.firstError}`).toBe(0);
      expect(l.streams, `long haul ${l.target}/${l.path} answered nothing`).toBeGreaterThan(0);
    }

    const md = fs.readFileSync(out, 'utf8');
    expect(md).toContain('## Goals (issue 8)');
    expect(md).toMatch(/\| Measure \| direct \| floor \| switchboard \| portkey \| SB vs direct \| SB vs floor \| SB vs Portkey \|/);
    expect(md).toContain('Added latency p50, non-stream, c=1 (ms)');
    expect(md).toContain('## Long haul');
    expect(md).toContain('Command: `npm run bench -- --quick');
  });
});
