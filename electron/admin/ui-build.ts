import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root when running from source (electron/admin/ → ../../). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_UI_DIR = path.join(PROJECT_ROOT, 'dist', 'renderer');

export interface UiStateLike {
  /** Folder with the built renderer, or null while there is none. */
  dir: string | null;
  /** Shown at `/` when there is no UI: why, and what to do. */
  note: string;
}

export function uiBuilt(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}

/** Whether `root` is a source checkout with the renderer sources and the Vite config. */
function hasRendererSources(root: string): boolean {
  return fs.existsSync(path.join(root, 'renderer', 'index.html')) && fs.existsSync(path.join(root, 'vite.config.ts'));
}

export type UiBuildResult = { ok: true; dir: string } | { ok: false; reason: string };

export interface UiBuild {
  result: Promise<UiBuildResult>;
  /** Stops the build (serve is shutting down) and cleans up its temp folder. */
  cancel(): void;
}

// Runs in a child process: Vite's JS API, building into a temp folder.
const BUILD_SCRIPT = `
const [config, outDir] = process.argv.slice(1);
import('vite').then((vite) => vite.build({ configFile: config, logLevel: 'warn', build: { outDir, emptyOutDir: true } }))
  .then(() => process.exit(0), (err) => { process.stderr.write(String((err && err.message) || err) + '\\n'); process.exit(1); });
`;

/**
 * Builds the renderer into `outDir` with Vite's JS API, in a child process so
 * a serving proxy's event loop isn't blocked for the seconds a build takes.
 * Builds into a temp folder and swaps it in, so a server already serving the
 * old build never sees a half-written one.
 */
export function buildUi(opts: { root?: string; outDir?: string; log?: (line: string) => void } = {}): UiBuild {
  const root = opts.root ?? PROJECT_ROOT;
  const outDir = opts.outDir ?? path.join(root, 'dist', 'renderer');
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!hasRendererSources(root)) {
    return { result: Promise.resolve({ ok: false, reason: `no renderer sources at ${path.join(root, 'renderer')} (not a source checkout)` }), cancel() {} };
  }
  try {
    createRequire(path.join(root, 'package.json')).resolve('vite');
  } catch {
    return { result: Promise.resolve({ ok: false, reason: 'Vite is not installed (run `npm install`, then `npm run build:renderer`)' }), cancel() {} };
  }
  const tmp = `${outDir}.tmp-${process.pid}`;
  const t0 = Date.now();
  log('Building the UI with Vite (first run only; takes a few seconds)…');
  let child: ChildProcess | null = spawn(process.execPath, ['--input-type=module', '-e', BUILD_SCRIPT, path.join(root, 'vite.config.ts'), tmp], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const result = new Promise<UiBuildResult>((resolve) => {
    child!.on('error', (err) => resolve({ ok: false, reason: `could not start the build: ${err.message}` }));
    child!.on('close', (code, signal) => {
      child = null;
      if (code !== 0) {
        fs.rmSync(tmp, { recursive: true, force: true });
        const first = stderr.split('\n').find((l) => l.trim()) ?? `exit ${code ?? signal}`;
        resolve({ ok: false, reason: signal ? 'the UI build was stopped' : `the UI build failed: ${first.trim()}` });
        return;
      }
      try {
        fs.rmSync(outDir, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(outDir), { recursive: true });
        fs.renameSync(tmp, outDir);
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        resolve({ ok: false, reason: `could not move the build into place: ${(err as Error).message}` });
        return;
      }
      log(`UI built in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${outDir}`);
      resolve({ ok: true, dir: outDir });
    });
  });
  return {
    result,
    cancel() {
      child?.kill('SIGTERM');
    },
  };
}

/** Newest modification time under the renderer sources (and shared/, which they import). */
function sourceFingerprint(root: string): string {
  let newest = 0;
  let count = 0;
  for (const dir of ['renderer', 'shared']) {
    const base = path.join(root, dir);
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      count++;
      try {
        newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
      } catch {
        // raced with a delete
      }
    }
  }
  return `${count}:${newest}`;
}

/** A build lock: a folder holding the builder's pid. Stale when that process is gone. */
function takeLock(lock: string): boolean {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return true;
    } catch {
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being created right now, or left half-made
      }
      let alive = false;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (err) {
          alive = (err as NodeJS.ErrnoException).code === 'EPERM';
        }
      } else {
        alive = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 10_000;
      }
      if (alive) return false;
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return false;
}

export interface ProvidedUi {
  state: () => UiStateLike;
  /** Resolves true once a UI is there to serve. */
  ready: Promise<boolean>;
  /** Stops a build in progress (on shutdown). */
  cancel(): void;
}

/**
 * The UI for `switchboard serve`: `SWITCHBOARD_UI_DIR` if set, else
 * `dist/renderer`. When that is missing in a source checkout it is built once,
 * in the background (the proxy already answers; `/` says the UI is on its
 * way). A lock keeps concurrent `serve`s from building twice, and a failed
 * build isn't retried until the sources change.
 */
export function provideUi(opts: { env?: NodeJS.ProcessEnv; root?: string; log?: (line: string) => void; onReady?: (dir: string) => void } = {}): ProvidedUi {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const none = () => {};
  const override = env.SWITCHBOARD_UI_DIR?.trim();
  if (override) {
    const dir = path.resolve(override);
    const ok = uiBuilt(dir);
    return { state: () => ({ dir: ok ? dir : null, note: `No index.html in SWITCHBOARD_UI_DIR (${dir}).` }), ready: Promise.resolve(ok), cancel: none };
  }
  const root = opts.root ?? PROJECT_ROOT;
  const outDir = path.join(root, 'dist', 'renderer');
  const state: UiStateLike = { dir: null, note: '' };
  if (uiBuilt(outDir)) {
    state.dir = outDir;
    return { state: () => state, ready: Promise.resolve(true), cancel: none };
  }
  if (!hasRendererSources(root)) {
    state.note = 'The UI is not built. In a source checkout run `npm run build:renderer`, then reload.';
    return { state: () => state, ready: Promise.resolve(false), cancel: none };
  }
  const failedMarker = path.join(root, 'dist', '.renderer-build-failed');
  const lock = path.join(root, 'dist', '.renderer-build.lock');
  const fingerprint = sourceFingerprint(root);
  let previous: { fingerprint?: string; reason?: string } = {};
  try {
    previous = JSON.parse(fs.readFileSync(failedMarker, 'utf8'));
  } catch {
    // no earlier failure
  }
  if (previous.fingerprint === fingerprint) {
    state.note = `The last UI build failed (${previous.reason ?? 'unknown reason'}). Run \`npm run build:renderer\` to see why.`;
    log(`UI: not built. ${state.note}`);
    return { state: () => state, ready: Promise.resolve(false), cancel: none };
  }
  state.note = 'The UI is being built (first run only).';
  let build: UiBuild | null = null;
  let cancelled = false;
  const ready = (async () => {
    if (!takeLock(lock)) {
      log('Another Switchboard process is building the UI; waiting for it…');
      for (let i = 0; i < 300 && !cancelled && fs.existsSync(lock) && !uiBuilt(outDir); i++) {
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
      if (uiBuilt(outDir)) {
        state.dir = outDir;
        opts.onReady?.(outDir);
        return true;
      }
      state.note = 'The UI build in another process did not finish. Run `npm run build:renderer`.';
      return false;
    }
    try {
      build = buildUi({ root, outDir, log });
      const result = await build.result;
      if (result.ok) {
        fs.rmSync(failedMarker, { force: true });
        state.dir = result.dir;
        opts.onReady?.(result.dir);
        return true;
      }
      state.note = `The UI could not be built: ${result.reason}. Run \`npm run build:renderer\` to see why.`;
      if (!cancelled) log(`UI: ${state.note}`);
      if (/build failed/.test(result.reason)) fs.writeFileSync(failedMarker, JSON.stringify({ fingerprint, reason: result.reason }));
      return false;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  })();
  return {
    state: () => state,
    ready,
    cancel() {
      cancelled = true;
      build?.cancel();
    },
  };
}
