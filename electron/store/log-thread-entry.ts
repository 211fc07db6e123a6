/**
 * Where the request log's writer thread (log-worker.ts) is loaded from — the
 * one place that knows how the CLI is packaged:
 *
 *  - From the sources (bin/switchboard.mjs → tsx, vitest, bench): the `.ts`
 *    file itself. A worker thread does not inherit the main thread's tsx
 *    loader, so it starts from a small CommonJS bootstrap (`eval`) that
 *    registers tsx's require hook and then requires the file.
 *  - From the esbuild bundle (scripts/build-cli.mjs): every
 *    `electron/**\/*worker*.ts` is emitted as its own entry at the same path
 *    under `dist-cli/` with `.mjs` for `.ts` (here:
 *    `dist-cli/electron/store/log-worker.mjs`), bundling its imports; the
 *    bundle's banner defines `__sbSourceRoot` (the checkout root), which is how
 *    a bundled module knows it is one. Keep both conventions if the build
 *    changes — and if the file is missing anyway, the writer falls back to
 *    writing on the main thread (threaded-log.ts), with a warning.
 *  - From the desktop build (scripts/build-electron.mjs): `dist-electron/log-worker.mjs`
 *    beside main.js, named by the `__sbElectronLogWorker` define. (Electron can
 *    start a worker from inside app.asar since v19, electron/electron#33216.)
 *
 * (This file's name avoids "worker" so the bundler doesn't emit it as a worker entry.)
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

/** Defined by the CLI bundle's banner (scripts/build-cli.mjs); absent when running the sources. */
declare const __sbSourceRoot: string | URL | undefined;
/** Defined by the desktop build (scripts/build-electron.mjs): the worker's path relative to main.js. */
declare const __sbElectronLogWorker: string | undefined;

const WORKER_SOURCE = './log-worker.ts';
const WORKER_BUNDLED = 'dist-cli/electron/store/log-worker.mjs';

export function logWorkerEntry(): { script: string | URL; options: WorkerOptions } {
  if (typeof __sbElectronLogWorker !== 'undefined') return { script: new URL(__sbElectronLogWorker, import.meta.url), options: {} };
  if (typeof __sbSourceRoot !== 'undefined') return { script: new URL(WORKER_BUNDLED, __sbSourceRoot), options: {} };
  const require = createRequire(import.meta.url);
  const source = fileURLToPath(new URL(WORKER_SOURCE, import.meta.url));
  // tsx's require() hook, not its ESM one: the ESM hooks (module.register)
  // need the main thread's event loop to start, and `flush()` blocks that loop
  // waiting for this thread.
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();\nrequire(${JSON.stringify(source)});\n`;
  return { script: bootstrap, options: { eval: true } };
}
