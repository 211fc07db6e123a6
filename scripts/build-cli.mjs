#!/usr/bin/env node
// Bundles the CLI (electron/cli/main.ts) with esbuild into dist-cli/, so
// `bin/switchboard.mjs` can run plain JavaScript instead of loading tsx: about
// 50 MB less idle RSS, no loader thread, and no `__name` wrapper around every
// closure. npm packages stay external (resolved from node_modules as usual,
// including the native better-sqlite3 addon).
//
//   dist-cli/switchboard.mjs   the CLI
//   dist-cli/<path>.mjs        every electron/**/*worker*.ts, as its own entry,
//                              for code that starts it as a worker by path
//   dist-cli/stamp.json        the source state the bundle was built from
//
// Files found at run time relative to a module (`import.meta.url`: the admin
// UI's dist/renderer, …) must resolve as they do from the sources, so in each
// bundled module `import.meta.url` is rewritten to that module's *source* URL
// (computed from the bundle's own location, so the checkout can move).
// A worker entry sits at the same relative path under dist-cli/ as its source
// under the checkout, with `.mjs` for `.ts`.
//
// bin/switchboard.mjs uses the bundle only while no file under electron/ or
// shared/ is newer than it (see cli-bundle.mjs); `npm run build:cli` (also run
// by `npm install`/`npm ci` through `prepare`) refreshes it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_DIR, BUNDLE_FILE, ROOT, SOURCE_DIRS } from '../bin/cli-bundle.mjs';

const WORKER = /worker[^/]*\.ts$/;
/** `new URL('./…worker….ts', import.meta.url)`, with the specifier (extension dropped) in group 2. */
const WORKER_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*worker[^'"/]*?)(?:\.[cm]?[jt]s)?\1\s*,\s*import\.meta\.url\s*\)/g;

/** Source files that run as their own entry point (worker threads). */
function workerEntries() {
  const out = [];
  const base = path.join(ROOT, 'electron');
  for (const e of fs.readdirSync(base, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && WORKER.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path.join(e.parentPath, e.name));
  }
  return out;
}

/** esbuild plugin: `import.meta.url` in a bundled source module → that module's source URL. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = path.relative(ROOT, args.path).split(path.sep).join('/');
      // __sbSourceRoot (see the banner) is the checkout's URL, so the bundle keeps working if it moves.
      // A worker started by path (`new URL('./x-worker.ts', import.meta.url)`) is
      // pointed at its bundled entry: plain Node can't run the .ts source.
      const withWorkers = text.replace(WORKER_URL, (_m, _q, spec) => {
        const target = path.relative(ROOT, path.resolve(path.dirname(args.path), spec)).split(path.sep).join('/');
        return `new URL(${JSON.stringify(`dist-cli/${target}.mjs`)}, __sbSourceRoot)`;
      });
      const replacement = `(new URL(${JSON.stringify(rel)}, __sbSourceRoot).href)`;
      const contents = withWorkers.replaceAll('import.meta.url', replacement);
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

export async function buildCli({ log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const esbuild = await import('esbuild');
  const t0 = Date.now();
  const tmp = `${BUNDLE_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  // Record the source state *before* reading it: an edit made during the build
  // then counts as newer than the bundle, and the bundle is treated as stale.
  const builtAt = Date.now();
  const entryPoints = [
    { in: path.join(ROOT, 'bin', 'cli-entry.ts'), out: path.basename(BUNDLE_FILE, '.mjs') },
    ...workerEntries().map((file) => ({ in: file, out: path.relative(ROOT, file).replace(/\.ts$/, '') })),
  ];
  await esbuild.build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    // Shared code stays inside each entry: one file per entry, nothing to split.
    splitting: false,
    sourcemap: 'linked',
    // Readable stack traces; esbuild's keepNames would re-add `__name` wrappers.
    minify: false,
    banner: {
      // The checkout root, from the output file's depth under dist-cli/.
      js: "const __sbSourceRoot = import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist-cli/') + 1);",
    },
    plugins: [sourceImportMetaUrl],
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(tmp, 'stamp.json'), JSON.stringify({ builtAt, node: process.version }) + '\n');
  // Swap in whole, so a CLI starting now sees the old bundle or the new one.
  const old = `${BUNDLE_DIR}.old-${process.pid}`;
  try {
    if (fs.existsSync(BUNDLE_DIR)) fs.renameSync(BUNDLE_DIR, old);
    fs.renameSync(tmp, BUNDLE_DIR);
  } catch (err) {
    // Another build (a parallel `npm start` or bench) swapped its own in first: keep that one.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(BUNDLE_FILE)) throw err;
  } finally {
    fs.rmSync(old, { recursive: true, force: true });
  }
  log(`Built ${path.relative(ROOT, BUNDLE_FILE)} (+${entryPoints.length - 1} worker entr${entryPoints.length === 2 ? 'y' : 'ies'}) in ${Date.now() - t0} ms`);
  return { file: BUNDLE_FILE, sources: SOURCE_DIRS };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildCli().catch((err) => {
    // `prepare` runs this on every install; without esbuild (production
    // install) the CLI still works through tsx, so say so and succeed.
    const msg = String(err?.message ?? err).split('\n')[0];
    if (/Cannot find (package|module) 'esbuild'/.test(msg)) {
      process.stderr.write(`build-cli: esbuild is not installed; the CLI will run through tsx (${msg})\n`);
      process.exit(0);
    }
    process.stderr.write(`build-cli: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
