import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUi, provideUi } from '../../electron/admin/ui-build';
import { tempDir } from '../helpers/gateway';
import { ROOT } from '../cli/helpers';

/** A checkout-shaped folder (symlinks to this one's sources) whose dist/ starts empty. */
async function fakeCheckout(): Promise<string> {
  const root = await tempDir();
  for (const name of ['renderer', 'shared', 'electron', 'node_modules', 'package.json', 'vite.config.ts', 'tsconfig.json']) {
    fs.symlinkSync(path.join(ROOT, name), path.join(root, name));
  }
  return root;
}

describe('building the UI for switchboard serve', () => {
  it('builds the renderer with Vite (in a child process) into a folder, swapping it in whole', async () => {
    const out = path.join(await tempDir(), 'renderer');
    const lines: string[] = [];
    const r = await buildUi({ outDir: out, log: (l) => lines.push(l) }).result;
    expect(r, JSON.stringify(r)).toEqual({ ok: true, dir: out });
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module"[^>]* src="\.\/assets\/[^"]+\.js"/); // relative: works at / and app://
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/); // no inline scripts (the CSP forbids them)
    expect(fs.readdirSync(path.dirname(out)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(lines[0]).toMatch(/Building the UI/);
    expect(lines.at(-1)).toMatch(/UI built in/);
  }, 120_000);

  it('a cancelled build leaves nothing behind', async () => {
    const out = path.join(await tempDir(), 'renderer');
    const b = buildUi({ outDir: out, log: () => {} });
    b.cancel();
    const r = await b.result;
    expect(r.ok).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  }, 60_000);

  it('SWITCHBOARD_UI_DIR wins, and never triggers a build', async () => {
    const dir = await tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const ui = provideUi({ env: { SWITCHBOARD_UI_DIR: dir }, log: () => {} });
    expect(await ui.ready).toBe(true);
    expect(ui.state().dir).toBe(dir);
  });

  it('outside a source checkout it says how to build, and does not try', async () => {
    const root = await tempDir();
    const ui = provideUi({ env: {}, root, log: () => {} });
    expect(await ui.ready).toBe(false);
    expect(ui.state()).toEqual({ dir: null, note: expect.stringMatching(/npm run build:renderer/) });
  });

  it('a missing dist/renderer is built once, in the background; a concurrent serve waits for that build', async () => {
    const root = await fakeCheckout();
    const logs: string[] = [];
    const a = provideUi({ env: {}, root, log: (l) => logs.push(`a: ${l}`) });
    const b = provideUi({ env: {}, root, log: (l) => logs.push(`b: ${l}`) });
    expect(a.state()).toEqual({ dir: null, note: expect.stringMatching(/being built/) });
    expect(await Promise.all([a.ready, b.ready])).toEqual([true, true]);
    const out = path.join(root, 'dist', 'renderer');
    expect(a.state().dir).toBe(out);
    expect(b.state().dir).toBe(out);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(logs.filter((l) => /Building the UI/.test(l))).toHaveLength(1);
    expect(logs.some((l) => /Another Switchboard process is building the UI/.test(l))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist', '.renderer-build.lock'))).toBe(false);
    // And the next start serves it without building.
    const c = provideUi({ env: {}, root, log: (l) => logs.push(`c: ${l}`) });
    expect(c.state().dir).toBe(out);
    expect(logs.some((l) => l.startsWith('c:'))).toBe(false);
  }, 120_000);

  it('shutting down mid-build stops it and releases the lock', async () => {
    const root = await fakeCheckout();
    const ui = provideUi({ env: {}, root, log: () => {} });
    await new Promise((r) => setTimeout(r, 200));
    ui.cancel();
    expect(await ui.ready).toBe(false);
    expect(fs.existsSync(path.join(root, 'dist', '.renderer-build.lock'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'dist', 'renderer'))).toBe(false);
    // A stopped build is not remembered as a failed one.
    expect(fs.existsSync(path.join(root, 'dist', '.renderer-build-failed'))).toBe(false);
  }, 60_000);
});
