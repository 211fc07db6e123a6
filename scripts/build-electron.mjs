#!/usr/bin/env node
// Builds the Electron main process and preload into dist-electron/ with Vite:
//  - main.js: ESM (package.json "type": "module"), dependencies stay external
//    (shipped in node_modules), better-sqlite3 goes through a shim that can
//    load an Electron-ABI addon from SWITCHBOARD_SQLITE_BINDING;
//  - preload.cjs: ONE CommonJS file with everything but 'electron' bundled in,
//    because sandboxed preloads can't import modules;
//  - log-worker.mjs: the request log's writer thread (electron/store/log-worker.ts),
//    its own entry because a worker starts from a file; main.js finds it
//    through the __sbElectronLogWorker define (see electron/store/log-thread-entry.ts).
import { builtinModules } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist-electron');
const LOG_WORKER = 'log-worker.mjs';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export async function buildElectron({ log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const { build } = await import('vite');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
  const isDep = (id) => deps.has(id) || [...deps].some((d) => id.startsWith(`${d}/`));
  const t0 = Date.now();
  log('Building the Electron main process and preload…');

  /** A main-process entry (ESM, dependencies external, better-sqlite3 through the shim). */
  const buildMainEntry = (source, fileName, define = {}) =>
    build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      resolve: {
        alias: [{ find: /^better-sqlite3$/, replacement: path.join(ROOT, 'electron/shell/native-sqlite.ts') }],
      },
      build: {
        ssr: path.join(ROOT, source),
        outDir: OUT,
        emptyOutDir: false,
        target: 'node20',
        sourcemap: true,
        minify: false,
        rolldownOptions: {
          // better-sqlite3 is not external here: the alias above points it at the shim.
          external: (id) => id !== 'better-sqlite3' && (id === 'electron' || builtins.has(id) || isDep(id)),
          output: { format: 'es', entryFileNames: fileName },
        },
      },
      define,
      ssr: { noExternal: true },
    });

  await buildMainEntry('electron/shell/main.ts', 'main.js', { __sbElectronLogWorker: JSON.stringify(`./${LOG_WORKER}`) });
  await buildMainEntry('electron/store/log-worker.ts', LOG_WORKER);

  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      ssr: path.join(ROOT, 'electron/shell/preload.ts'),
      outDir: OUT,
      emptyOutDir: false,
      target: 'node20',
      sourcemap: false,
      minify: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: 'preload.cjs' },
      },
    },
    ssr: { noExternal: true, target: 'webworker' },
  });
  log(`Built dist-electron/main.js, preload.cjs and ${LOG_WORKER} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { main: path.join(OUT, 'main.js'), preload: path.join(OUT, 'preload.cjs'), logWorker: path.join(OUT, LOG_WORKER) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildElectron().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
