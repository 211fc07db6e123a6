import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUi, provideUi } from '../../electron/admin/ui-build';
import { tempDir } from '../helpers/gateway';

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
});
