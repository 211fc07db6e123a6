// Finding the Electron runtime and an Electron-ABI build of better-sqlite3.
// Shared by scripts/start.mjs and the Playwright _electron test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (line) => process.stderr.write(`${line}\n`);

export function electronExecutableName() {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/** ELECTRON_OVERRIDE_DIST_PATH, else the electron package's binary — downloading it once if missing. */
export function locateElectron({ log = say, download = !process.env.SWITCHBOARD_NO_ELECTRON_DOWNLOAD } = {}) {
  let pkgDir;
  let version = 'unknown';
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
    version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    pkgDir = undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = path.join(override, electronExecutableName());
    return fs.existsSync(p) ? { ok: true, path: p, version } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} has no ${electronExecutableName()}` };
  }
  if (!pkgDir) return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  // Don't `require('electron')`: it downloads synchronously, with no timeout, when the binary is missing.
  const found = () => {
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const p = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(p) ? p : null;
  };
  let p = found();
  if (!p && download) {
    log(`the Electron ${version} binary is missing; trying to download it once (set SWITCHBOARD_NO_ELECTRON_DOWNLOAD=1 to skip)…`);
    const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) {
      const detail = (r.stderr || r.error?.message || '').trim().split('\n').filter(Boolean).pop() ?? `exit ${r.status ?? r.signal}`;
      return { ok: false, reason: `the binary isn't installed and downloading it failed (${detail})` };
    }
    p = found();
  }
  if (!p) return { ok: false, reason: `the binary isn't installed (node_modules/electron/dist is missing; run \`node node_modules/electron/install.js\` or set ELECTRON_OVERRIDE_DIST_PATH)` };
  return { ok: true, path: p, version };
}

/**
 * better-sqlite3 built for Electron's ABI, in a cache folder of its own: the
 * copy in node_modules stays built for Node, which the CLI and tests use.
 */
export async function electronSqlite(electronVersion, { log = say } = {}) {
  const cacheDir = path.join(ROOT, 'node_modules', '.cache', 'switchboard-electron-natives', `${electronVersion}-${process.platform}-${process.arch}`);
  const target = path.join(cacheDir, 'better_sqlite3.node');
  if (fs.existsSync(target)) return { ok: true, path: target };
  let rebuild;
  try {
    ({ rebuild } = await import('@electron/rebuild'));
  } catch {
    return { ok: false, reason: '@electron/rebuild is not installed (it comes with electron-builder; run npm install)' };
  }
  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(cacheDir, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  const modDir = path.join(work, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(modDir, { recursive: true });
  fs.cpSync(src, modDir, { recursive: true, filter: (f) => !f.startsWith(path.join(src, 'build')) });
  const version = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8')).version;
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'sqlite-for-electron', private: true, dependencies: { 'better-sqlite3': version } }));
  log(`rebuilding better-sqlite3 ${version} for Electron ${electronVersion} (once; cached in ${path.relative(ROOT, cacheDir)})…`);
  try {
    await rebuild({ buildPath: work, electronVersion, arch: process.arch, onlyModules: ['better-sqlite3'], force: true });
  } catch (err) {
    return { ok: false, reason: String(err?.message ?? err).split('\n')[0] };
  }
  const built = path.join(modDir, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(built)) return { ok: false, reason: 'the rebuild produced no build/Release/better_sqlite3.node' };
  fs.copyFileSync(built, target);
  fs.rmSync(work, { recursive: true, force: true });
  return { ok: true, path: target };
}


/**
 * An Electron that can be launched here, or why not: the binary
 * (never downloaded from here), a display on Linux, and that it starts.
 */
export function electronRuntimeStatus() {
  const electron = locateElectron({ download: false });
  if (!electron.ok) return { ok: false, reason: `no Electron runtime: ${electron.reason}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  const probe = spawnSync(electron.path, ['-e', 'process.stdout.write(process.versions.electron)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (probe.status !== 0) return { ok: false, reason: `the Electron binary at ${electron.path} does not start` };
  return { ok: true, path: electron.path, version: probe.stdout.trim() || electron.version };
}
