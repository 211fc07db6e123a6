/**
 * The desktop app end to end with Playwright's `_electron`: the Keys and
 * Connect flows in a real Electron window, against the fake OpenAI provider.
 * Runs only where an Electron runtime exists and can open a window
 * (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron's binary, plus a
 * display on Linux); elsewhere it is reported as skipped, with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cliEnv, tempDir } from '../cli/helpers';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { plantedKeys } from '../helpers/gateway';
// @ts-expect-error plain .mjs helper shared with scripts/start.mjs
import { electronRuntimeStatus, electronSqlite } from '../../scripts/electron-runtime.mjs';

const runtime = electronRuntimeStatus() as { ok: true; path: string; version: string } | { ok: false; reason: string };
const skipReason = runtime.ok ? '' : ` — SKIPPED: ${runtime.reason}`;
if (!runtime.ok) console.warn(`[test/electron] Playwright _electron tests skipped: ${runtime.reason}`);

const ARTIFACTS = path.join(ROOT, 'test-results', 'electron');

describe.skipIf(!runtime.ok)(`desktop app (Playwright _electron)${skipReason}`, () => {
  let electronApp: import('playwright-core').ElectronApplication;
  let page: import('playwright-core').Page;
  let fake: FakeServer;
  const key = plantedKeys().openai;

  beforeAll(async () => {
    if (!runtime.ok) return;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // @ts-expect-error plain .mjs build script
    const { buildElectron } = await import('../../scripts/build-electron.mjs');
    await buildElectron({ log: () => {} });
    if (!fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    }
    const sqlite = await electronSqlite(runtime.version);
    if (!sqlite.ok) throw new Error(`better-sqlite3 for Electron: ${sqlite.reason}`);
    fake = await startFakeOpenAI({ apiKey: key });
    const { _electron } = await import('playwright-core');
    electronApp = await _electron.launch({
      executablePath: runtime.path,
      args: [ROOT],
      cwd: ROOT,
      env: cliEnv({ SWITCHBOARD_DATA_DIR: await tempDir(), SWITCHBOARD_PORT: '0', SWITCHBOARD_SQLITE_BINDING: sqlite.path }) as Record<string, string>,
    });
    page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 180_000);

  afterAll(async () => {
    await electronApp?.close();
    await fake?.close();
  });

  it('the renderer is isolated: no Node, only the named bridge', async () => {
    const probe = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { switchboard: object }).switchboard).sort(),
      origin: location.origin,
    }));
    expect(probe.require).toBe('undefined');
    expect(probe.process).toBe('undefined');
    expect(probe.origin).toBe('app://switchboard');
    expect(probe.bridge).toContain('keys.set');
    expect(probe.bridge).not.toContain('ipcRenderer');
  });

  it('Keys: add a key pointing at a fake provider, see it masked, test it', async () => {
    await page.evaluate(() => (location.hash = '#/keys'));
    await page.getByRole('button', { name: 'Add a key for OpenAI' }).first().click();
    await page.getByLabel('API key').fill(key);
    await page.getByLabel('Base URL override').fill(fake.url);
    await page.getByRole('button', { name: 'Save key' }).click();
    const mask = `sk-…${key.slice(-4)}`;
    await page.getByText(mask).first().waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: /Test (the key for )?OpenAI/ }).first().click();
    await page.getByText(/accepted the key/).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'keys.png'), fullPage: true });
    expect(await page.content()).not.toContain(key);
  });

  it('Connect: create a token, copy a snippet', async () => {
    await page.evaluate(() => (location.hash = '#/connect'));
    await page.getByLabel('New token name').fill('electron-e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor({ timeout: 10_000 });
    const endpoint = await page.evaluate(async () => {
      const s = await (window as any).switchboard['app.status']({});
      return s.endpoint as string;
    });
    await page.getByRole('button', { name: /copy/i }).first().click();
    const copied = await electronApp.evaluate(({ clipboard }) => clipboard.readText());
    expect(copied.length).toBeGreaterThan(0);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'connect.png'), fullPage: true });
  });
});
