import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, cliEnv, tempDir } from '../cli/helpers';

/**
 * `npm start` on a machine that can't show the desktop app prints why and
 * falls back to `switchboard serve` (same proxy, same UI in a browser).
 */
interface Started {
  stdout: string;
  stderr: string;
  kill(): Promise<number | null>;
}

const live = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
});

async function start(env: Record<string, string | undefined>, args: string[] = []): Promise<Started> {
  const ui = await tempDir();
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--port', '0', ...args], {
    cwd: ROOT,
    env: cliEnv({ SWITCHBOARD_DATA_DIR: await tempDir(), SWITCHBOARD_UI_DIR: ui, SWITCHBOARD_NO_BROWSER: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in time.\nstdout: ${out.stdout}\nstderr: ${out.stderr}`)), 30_000);
    const check = () => {
      if (/UI: http/.test(out.stdout)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`start exited early.\nstdout: ${out.stdout}\nstderr: ${out.stderr}`)));
  });
  return {
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    async kill() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 8000);
      const code = await exited;
      clearTimeout(t);
      live.delete(child);
      return code;
    },
  };
}

describe('npm start falls back to headless with a clear message', () => {
  it('no display: says so, then serves, printing the UI URL', async () => {
    const s = await start({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    try {
      expect(s.stderr).toMatch(/Not starting the desktop app: there is no display \(neither DISPLAY nor WAYLAND_DISPLAY is set\)/);
      expect(s.stderr).toMatch(/Falling back to headless mode: `switchboard serve`/);
      const lines = s.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^Switchboard listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[1]).toMatch(/^UI: http:\/\/127\.0\.0\.1:\d+\/#token=sba_/);
      // The reason comes before the listening line.
      const port = /:(\d+)$/.exec(lines[0]!)![1];
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).toBe(200);
    } finally {
      expect(await s.kill()).toBe(0);
    }
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('a display but no Electron runtime: says the runtime is missing', async () => {
    const s = await start({ DISPLAY: ':99', SWITCHBOARD_NO_ELECTRON_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: path.join(await tempDir(), 'no-electron-here') });
    try {
      expect(s.stderr).toMatch(/Not starting the desktop app: the Electron runtime is not available: ELECTRON_OVERRIDE_DIST_PATH=.* has no electron/);
      expect(s.stdout).toMatch(/^Switchboard listening on http:\/\/127\.0\.0\.1:\d+$/m);
    } finally {
      await s.kill();
    }
  }, 60_000);

  it('--headless forces the fallback', async () => {
    const s = await start({}, ['--headless']);
    try {
      expect(s.stderr).toMatch(/Not starting the desktop app: you asked for --headless/);
      expect(s.stdout).toMatch(/Switchboard listening on/);
    } finally {
      await s.kill();
    }
  }, 60_000);
});
