import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Builds the CLI bundle (dist-cli/, the one `bin/switchboard.mjs` runs when it
 * is up to date) with the project's own build script, so the bench measures
 * exactly what users run. Returns the bundle's path, or why it couldn't be built.
 */
export async function buildCliBundle(root: string): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
  try {
    const script = pathToFileURL(path.join(root, 'scripts', 'build-cli.mjs')).href;
    const { buildCli } = (await import(script)) as { buildCli: (o: { log: (l: string) => void }) => Promise<{ file: string }> };
    const { file } = await buildCli({ log: (l) => process.stderr.write(`  ${l}\n`) });
    return { ok: true, file };
  } catch (err) {
    return { ok: false, reason: `the CLI bundle could not be built: ${(err as Error).message.split('\n')[0]}` };
  }
}
