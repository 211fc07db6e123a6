/**
 * The built Electron main process and preload, exercised without an Electron
 * runtime: dist-electron/main.js runs under Node with a recording stand-in for
 * the 'electron' module (fixtures/electron-stub.mjs), and the preload bundle
 * runs in a vm sandbox the way a sandboxed preload does (only `require('electron')`).
 * What this can't cover — a real window, real safeStorage, real IPC — is
 * electron.test.ts's job where a runtime exists.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { WINDOW_WEB_PREFERENCES, CONTENT_SECURITY_POLICY } from '../../electron/shell/security';
import { ROOT, cliEnv, tempDir } from '../cli/helpers';
import { startFakeOpenAI } from '../fakes/openai';
import { plantedKeys } from '../helpers/gateway';

const DIST = path.join(ROOT, 'dist-electron');
const FIX = path.join(ROOT, 'test/electron/fixtures');

beforeAll(async () => {
  // @ts-expect-error plain .mjs build script
  const { buildElectron } = await import('../../scripts/build-electron.mjs');
  await buildElectron({ log: () => {} });
}, 120_000);

describe('dist-electron/main.js (under a stubbed Electron)', () => {
  let r: any;
  let planted = '';
  let transcript = '';

  beforeAll(async () => {
    planted = plantedKeys().openai;
    const fake = await startFakeOpenAI({ apiKey: planted });
    const dataDir = await tempDir();
    const ui = await tempDir();
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(path.dirname(ui), 'secret.txt'), 'NOPE');
    // Any spend trips this burn-rate alert, which must reach a desktop notification.
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ burnRate: { usdPerHour: 1e-9 } }), { mode: 0o600 });
    try {
      const child = spawn(process.execPath, ['--import', path.join(FIX, 'register.mjs'), path.join(FIX, 'main-harness.mjs'), path.join(DIST, 'main.js'), planted, fake.url], {
        cwd: ROOT,
        env: cliEnv({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_PORT: '0', SWITCHBOARD_UI_DIR: ui, SWITCHBOARD_KEYRING: undefined }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      await new Promise((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      transcript = stdout + stderr;
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`no result.\nstdout: ${stdout}\nstderr: ${stderr}`);
      r = JSON.parse(line.slice('RESULT '.length));
      if (r.failure) throw new Error(`${r.failure}\nstderr: ${stderr}`);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('takes the single-instance lock and registers app:// as a privileged scheme', () => {
    expect(r.singleInstanceLockRequested).toBe(true);
    expect(r.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(r.errors).toEqual([]);
  });

  it('opens the window with the hardened webPreferences and a preload that exists', () => {
    expect(r.window.url).toBe('app://switchboard/index.html');
    expect(r.window.visible).toBe(true);
    const { preload, ...prefs } = r.window.webPreferences;
    expect(prefs).toEqual({ ...WINDOW_WEB_PREFERENCES });
    expect(preload).toBe(path.join(DIST, 'preload.cjs'));
    expect(fs.existsSync(preload)).toBe(true);
  });

  it('serves the UI over app:// with the CSP, and nothing outside it', () => {
    expect(r.index).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY, type: 'text/html; charset=utf-8' });
    expect(r.index.text).toContain('<div id="root">');
    expect(r.traversal.status).toBe(404);
    expect(r.traversal.text).not.toContain('NOPE');
    expect(r.otherHost.status).toBe(404);
    expect(r.cspHook.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('one ipcMain.handle per contract method', () => {
    expect(r.channels.sort()).toEqual(METHOD_NAMES.map((n) => `switchboard:call:${n}`).sort());
  });

  it('answers its own frame, refuses other senders and bad payloads', () => {
    expect(r.status).toMatchObject({ transport: 'ipc', paused: false });
    expect(r.status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.untrusted).toEqual({ error: { message: expect.any(String), code: 'forbidden' } });
    expect(r.subframe.error.code).toBe('forbidden');
    expect(r.badInput.error).toMatchObject({ code: 'invalid_input', issues: [expect.stringMatching(/^key: /)] });
  });

  it('safeStorage seals keys; on basic_text it says they are unprotected and offers passphrase mode', () => {
    expect(r.keySet.key).toMatchObject({ backend: 'safeStorage', protection: 'none', available: true });
    expect(r.keyTest).toMatchObject({ ok: true, status: 200 });
    expect(r.keyringBefore).toMatchObject({ backend: 'safeStorage', protection: 'none', passphraseModeAvailable: true });
    expect(r.keyringBefore.weakWarning).toMatch(/not really protected/);
    expect(r.passphrase).toMatchObject({ backend: 'passphrase', protection: 'passphrase', passphraseModeAvailable: false, weakWarning: null });
    // The stored key was re-sealed with the passphrase and still works.
    expect(r.providers.find((p: any) => p.id === 'openai').key).toMatchObject({ backend: 'passphrase', available: true });
    expect(r.keyTestAfterPassphrase.ok).toBe(true);
  });

  it('streams events to its own frame only', () => {
    expect(r.firstEvent[2]).toMatchObject({ type: 'status', status: { transport: 'ipc' } });
    expect(r.evilGotEvents).toBe(false);
  });

  it('runs the proxy with the same modules as serve (and no admin HTTP API)', () => {
    expect(r.health).toBe('{"ok":true}');
    expect(r.chatStatus).toBe(200);
    expect(r.adminApi).not.toBe(200);
  });

  it('budget and burn-rate alerts become desktop notifications', () => {
    expect(r.notifications).toEqual([expect.objectContaining({ title: expect.stringMatching(/burn/i), body: expect.stringMatching(/last hour/) })]);
  });

  it('denies navigation away and window.open; https links go to the system browser', () => {
    expect(r.navAway).toBe(true);
    expect(r.navFile).toBe(true);
    expect(r.navInApp).toBe(false);
    expect(r.windowOpen).toEqual({ action: 'deny' });
    expect(r.windowOpenFile).toEqual({ action: 'deny' });
    expect(r.opened).toEqual(['https://evil.example/', 'https://platform.openai.com/api-keys']);
    expect(r.permMedia).toBe(false);
    expect(r.permClipboard).toBe(true);
  });

  it('tray: status, today’s spend, open / copy endpoint / pause', () => {
    expect(r.tray.tooltip).toMatch(/^Switchboard — Running on 127\.0\.0\.1:\d+ · <?\$\d+\.\d\d today$/);
    expect(r.tray.labels).toEqual(expect.arrayContaining(['Open Switchboard', 'Copy endpoint', 'Pause proxy', 'Quit Switchboard']));
    expect(r.trayPaused).toMatch(/Paused/);
    expect(r.clipboard).toBe(r.status.endpoint);
  });

  it('quits gracefully: the port closes', () => {
    expect(r.quit).toBe(true);
    expect(r.portClosed).toBe(true);
  });

  it('writes the request log on its own thread, started from dist-electron/log-worker.mjs', () => {
    // The worker is a separate build entry; if main.js couldn't start it, the
    // log falls back to the main thread and says so (threaded-log.ts).
    expect(fs.existsSync(path.join(DIST, 'log-worker.mjs'))).toBe(true);
    expect(transcript).not.toMatch(/writer thread failed/);
  });

  it('never printed or returned the planted key', () => {
    expect(transcript).not.toContain(planted);
    expect(JSON.stringify(r)).not.toContain(planted);
  });
});

describe('dist-electron/preload.cjs (in a sandbox-like vm)', () => {
  function loadPreload() {
    const exposed: Record<string, any> = {};
    const invoked: Array<[string, unknown]> = [];
    const sent: Array<[string, unknown]> = [];
    const listeners = new Map<string, (...a: unknown[]) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => (invoked.push([channel, input]), { ok: true }),
        send: (channel: string, msg: unknown) => sent.push([channel, msg]),
        on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, fn),
      },
    };
    const required: string[] = [];
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    const code = fs.readFileSync(path.join(DIST, 'preload.cjs'), 'utf8');
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console, URL, TextEncoder, TextDecoder })(sandboxRequire, module, module.exports);
    return { exposed, invoked, sent, listeners, required };
  }

  it('requires nothing but electron', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes only named contract functions, subscribe and the transport — never ipcRenderer', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['switchboard']);
    const bridge = exposed.switchboard;
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'subscribe', 'transport'].sort());
    expect(bridge.transport).toBe('ipc');
    for (const n of METHOD_NAMES) expect(typeof bridge[n]).toBe('function');
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('each function invokes its own channel; subscribe routes events by id and unsubscribes', async () => {
    const { exposed, invoked, sent, listeners } = loadPreload();
    const bridge = exposed.switchboard;
    await bridge['keys.remove']({ provider: 'openai' });
    await bridge['app.status']();
    expect(invoked).toEqual([
      ['switchboard:call:keys.remove', { provider: 'openai' }],
      ['switchboard:call:app.status', {}],
    ]);
    const got: unknown[] = [];
    const off = bridge.subscribe('events', {}, (e: unknown) => got.push(e));
    expect(sent[0]).toEqual(['switchboard:subscribe', { id: 1, name: 'events', input: {} }]);
    listeners.get('switchboard:event')!({}, 1, { type: 'alert', level: 'info', title: 't', message: 'm' });
    listeners.get('switchboard:event')!({}, 99, { type: 'alert', level: 'info', title: 'other', message: 'm' });
    expect(got).toEqual([{ type: 'alert', level: 'info', title: 't', message: 'm' }]);
    off();
    expect(sent[1]).toEqual(['switchboard:unsubscribe', { id: 1 }]);
    expect(() => bridge.subscribe('nope', {}, () => {})).toThrow(/Unknown event stream/);
  });
});
