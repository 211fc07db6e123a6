#!/usr/bin/env node
// `npm start`: build what the desktop app needs (renderer, main, preload),
// make better-sqlite3 loadable by Electron, and launch Electron. Where that
// can't work — no display, no Electron runtime, no Electron build of the
// SQLite addon — say why and run `switchboard serve` instead, which serves the
// same UI in a browser (its URL is printed, and opened when there is a display).
//
//   npm start                 desktop app, or the headless fallback
//   npm start -- --headless   always the headless fallback
//   other arguments are passed to `switchboard serve` in the fallback (e.g. --port 0)
//
// Environment: ELECTRON_OVERRIDE_DIST_PATH (folder holding an Electron build),
// SWITCHBOARD_NO_ELECTRON_DOWNLOAD=1 (never try to fetch the runtime),
// SWITCHBOARD_NO_BROWSER=1 (don't open the browser in the fallback).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSqlite, locateElectron } from './electron-runtime.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[start] ${line}\n`);

const args = process.argv.slice(2);
const headless = args.includes('--headless');
const serveArgs = args.filter((a) => a !== '--headless');

main().catch((err) => {
  say(`unexpected error: ${err?.stack ?? err}`);
  process.exit(70);
});

async function main() {
  const why = headless ? 'you asked for --headless' : await whyNotDesktop();
  if (typeof why === 'string') return fallback(why);
  const { electron, binding } = why;
  await buildAll();
  say(`launching Electron ${electron.version}`);
  const child = spawn(electron.path, [ROOT, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_SQLITE_BINDING: binding, ELECTRON_RUN_AS_NODE: undefined },
  });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Returns the reason the desktop app can't run here, or what it needs to run. */
async function whyNotDesktop() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window cannot open';
  }
  const electron = locateElectron({ log: say });
  if (!electron.ok) return `the Electron runtime is not available: ${electron.reason}`;
  const probe = spawnSync(electron.path, ['-e', 'process.stdout.write(process.versions.electron)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (probe.status !== 0) {
    const err = (probe.stderr || probe.error?.message || `exit ${probe.status ?? probe.signal}`).trim().split('\n')[0];
    return `the Electron runtime at ${electron.path} does not start (${err})`;
  }
  const binding = await electronSqlite(probe.stdout.trim() || electron.version, { log: say });
  if (!binding.ok) return `better-sqlite3 could not be rebuilt for Electron's ABI: ${binding.reason}`;
  return { electron: { ...electron, version: probe.stdout.trim() || electron.version }, binding: binding.path };
}

/** Newest mtime (ms) of the files under `dirs`. */
function newest(dirs) {
  let t = 0;
  for (const d of dirs) {
    const abs = path.join(ROOT, d);
    if (!fs.existsSync(abs)) continue;
    for (const e of fs.readdirSync(abs, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
    }
  }
  return t;
}

const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

async function buildAll() {
  const ui = path.join(ROOT, 'dist', 'renderer', 'index.html');
  if (mtime(ui) < newest(['renderer', 'shared'])) {
    say('building the renderer…');
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  const main = path.join(ROOT, 'dist-electron', 'main.js');
  if (mtime(main) < newest(['electron', 'shared']) || !fs.existsSync(path.join(ROOT, 'dist-electron', 'preload.cjs'))) {
    const { buildElectron } = await import('./build-electron.mjs');
    await buildElectron({ log: say });
  }
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (child.exitCode === null) child.kill(sig);
    });
  }
}

/** `serve` runs the CLI bundle only while it is up to date (bin/cli-bundle.mjs): refresh it if an edit made it stale. */
async function refreshCliBundle() {
  const { freshBundle } = await import('../bin/cli-bundle.mjs');
  if (freshBundle()) return;
  try {
    const { buildCli } = await import('./build-cli.mjs');
    await buildCli({ log: say });
  } catch (err) {
    say(`could not build the CLI bundle (${String(err?.message ?? err).split('\n')[0]}); serving from the sources through tsx`);
  }
}

async function fallback(reason) {
  say(`Not starting the desktop app: ${reason}.`);
  await refreshCliBundle();
  say('Falling back to headless mode: `switchboard serve` — the same proxy, and the same UI in your browser at the URL below.');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'switchboard.mjs'), 'serve', ...serveArgs], {
    cwd: ROOT,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: process.env,
  });
  forwardSignals(child);
  let opened = false;
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    buffer += chunk.toString('utf8');
    const m = /^UI: (http\S+)$/m.exec(buffer);
    if (m) {
      opened = true;
      openBrowser(m[1]);
    }
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function openBrowser(url) {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay || process.env.SWITCHBOARD_NO_BROWSER || process.env.CI) {
    say('Open the UI: URL above (it carries this launch\'s admin token).');
    return;
  }
  const [cmd, ...cmdArgs] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  try {
    spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true }).on('error', () => say('Could not open a browser; open the UI: URL above.')).unref();
  } catch {
    say('Could not open a browser; open the UI: URL above.');
  }
}
