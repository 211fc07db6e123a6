import fs from 'node:fs';
import path from 'node:path';

/**
 * Bundles the CLI (electron/cli/main.ts) into one ESM file with esbuild, npm
 * packages left external, so `serve` can run without tsx's loader. The bench
 * compares it with `bin/switchboard.mjs` (tsx) to show what a build step would
 * save. Returns the file, or why it couldn't be built.
 */
export async function bundleCli(root: string): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    return { ok: false, reason: `esbuild not available (${(err as Error).message})` };
  }
  // Inside node_modules so the bundle's bare imports resolve to the project's packages.
  const dir = path.join(root, 'node_modules', '.cache', 'switchboard-bench');
  const file = path.join(dir, 'switchboard-cli.mjs');
  fs.mkdirSync(dir, { recursive: true });
  try {
    await esbuild.build({
      stdin: {
        contents: "import { main } from './electron/cli/main';\nawait main(process.argv.slice(2));\n",
        resolveDir: root,
        sourcefile: 'switchboard-cli-entry.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: file,
      logLevel: 'silent',
    });
  } catch (err) {
    return { ok: false, reason: `esbuild failed: ${(err as Error).message.split('\n')[0]}` };
  }
  return { ok: true, file };
}
