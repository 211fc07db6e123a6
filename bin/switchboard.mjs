#!/usr/bin/env node
// Runs the CLI from the esbuild bundle in dist-cli/ (built by `npm install`
// through `prepare`, or `npm run build:cli`) when it is up to date with the
// sources, and otherwise the TypeScript sources directly through tsx, so an
// edit takes effect at once and `npx switchboard` never runs stale code.
// The bundle saves ~50 MB of RSS and tsx's loader thread.
// SWITCHBOARD_CLI=tsx forces the sources, SWITCHBOARD_CLI=bundle the bundle (error if stale or missing).
import { freshBundle } from './cli-bundle.mjs';

const want = process.env.SWITCHBOARD_CLI;
const bundle = want === 'tsx' ? null : freshBundle();
if (want === 'bundle' && !bundle) {
  process.stderr.write('SWITCHBOARD_CLI=bundle, but dist-cli/ is missing or older than the sources: run `npm run build:cli`.\n');
  process.exit(70);
}
if (bundle) {
  // The bundle runs main() itself.
  await import(new URL('../dist-cli/switchboard.mjs', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/cli/main.ts');
  await main(process.argv.slice(2));
}
