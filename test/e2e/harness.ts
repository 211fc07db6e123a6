/**
 * End-to-end harness: a fresh renderer build, a real `switchboard serve`
 * child process (temp data dir, master-key-file keyring), and headless
 * Debian Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** Why the browser tests can't run here, or null. */
export function browserUnavailable(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (install Debian's chromium, or set SWITCHBOARD_CHROMIUM)`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the renderer from the current sources into a temp folder (what `serve` then serves). */
export async function buildRenderer(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-e2e-ui-'));
  const vite = await import('vite');
  // A production build, as users get it: vitest sets NODE_ENV=test, which would make Vite bundle
  // React's development build (several times slower, and it would skew the Race rendering figure).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Serve {
  /** Proxy origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The printed UI link, with `#token=`. */
  uiUrl: string;
  adminToken: string;
  dataDir: string;
  output: () => string;
  /** Calls the admin API directly (to check what the UI did). */
  api<T = any>(method: string, input?: unknown): Promise<T>;
  /** Stops the process, keeping the data folder (to start again on it). */
  halt(): Promise<void>;
  /** Stops the process and removes the data folder. */
  stop(): Promise<void>;
}

export async function startServe(opts: { uiDir: string; dataDir?: string; env?: Record<string, string> }): Promise<Serve> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sb-e2e-data-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'switchboard.mjs'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, SWITCHBOARD_KEYRING: 'master-key-file', SWITCHBOARD_UI_DIR: opts.uiDir, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`switchboard serve printed no UI line within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /^UI: (http\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`switchboard serve exited (${code}):\n${out}`));
    });
  });
  const u = new URL(uiUrl);
  const adminToken = decodeURIComponent(/token=([^&]+)/.exec(u.hash)![1]!);
  const url = u.origin;
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  return {
    url,
    uiUrl,
    adminToken,
    dataDir,
    output: () => out,
    async api(method, input = {}) {
      const res = await fetch(`${url}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify(input),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
      return body;
    },
    halt,
    async stop() {
      await halt();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function newContext(browser: Browser, serve: Serve, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ colorScheme, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.url });
  ctx.setDefaultTimeout(15_000); // fail with a message rather than hang until the test's timeout
  return ctx;
}

/** Opens the UI the way a user does (the printed link), then the given page. */
export async function openUi(ctx: BrowserContext, serve: Serve, page = 'race'): Promise<Page> {
  const p = await ctx.newPage();
  const errors: string[] = [];
  const consoleLines: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('console', (m) => m.type() !== 'debug' && consoleLines.push(`${m.type()}: ${m.text()}`));
  (p as Page & { jsErrors?: string[] }).jsErrors = errors;
  p.on('console', (m) => {
    // the UI must run under the server's strict CSP without tripping it
    if (/Content.Security.Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  await p.goto(serve.uiUrl);
  await p.waitForFunction(() => !location.hash.includes('token='));
  await p.locator('main h1').first().waitFor({ timeout: 30_000 });
  if (page !== 'race') {
    await p.evaluate((id) => (location.hash = `#/${id}`), page);
    try {
      // the page is current in the navigation and its heading has rendered (whoever built the page)
      await p.locator(`[data-testid=nav-${page}][aria-current=page]`).waitFor({ timeout: 30_000 });
      await p.locator('main h1').first().waitFor({ timeout: 30_000 });
    } catch (err) {
      const body = await p.locator('body').innerText().catch(() => '?');
      throw new Error(`page "${page}" did not render: ${(err as Error).message}\nurl: ${p.url()}\nbody: ${body.slice(0, 1500)}\nconsole: ${consoleLines.join('\n')}`);
    }
  }
  return p;
}

export function jsErrors(p: Page): string[] {
  return (p as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

/**
 * afterEach: closes the test's pages (each open tab holds an event stream, and
 * Chromium allows 6 connections per host), failing the test on any uncaught
 * error a page saw.
 */
export async function closePages(pages: Page[]): Promise<void> {
  for (const p of pages.splice(0)) {
    expect(jsErrors(p), 'uncaught errors in the page').toEqual([]);
    await p.close().catch(() => {});
  }
}

/** Full-page by default; with a dialog open, the viewport (fixed overlays don't stretch to a full-page capture). */
export async function screenshot(p: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await p.waitForTimeout(250); // let transitions settle
  const dialog = await p.locator('[role=dialog]').count();
  await p.screenshot({ path: file, fullPage: opts.fullPage ?? dialog === 0 });
  return file;
}

/** The accessible name-ish of the focused element: aria-label, else its text, else its label. */
export async function focusedName(p: Page): Promise<string> {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const label = el.getAttribute('aria-label');
    if (label) return label;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      const id = el.id;
      const lab = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
      return (lab?.textContent ?? el.placeholder ?? '').trim();
    }
    return (el.textContent ?? '').trim();
  });
}

/** Presses Tab until the focused element's name matches, like a keyboard user would. */
export async function tabTo(p: Page, match: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (match.test(await focusedName(p))) return;
  }
  throw new Error(`Tab never reached ${match} (last focus: ${await focusedName(p)})`);
}
