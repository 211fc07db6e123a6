/**
 * Security of the local surfaces: client tokens (constant-time check over
 * every token, a rate limit after repeated failures, revocation at once),
 * browser `Origin` and DNS-rebinding `Host`, binding beyond loopback, the
 * admin token vs client tokens, and the desktop window's options and CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Count every constant-time comparison the verifiers make (same function, spied).
const compares = vi.hoisted(() => ({ calls: [] as Array<[number, number]> }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compares.calls.push([a.byteLength, b.byteLength]);
    return real.timingSafeEqual(a, b);
  };
  return { ...real, default: { ...real, timingSafeEqual }, timingSafeEqual };
});

import { SettingsStore } from '../../electron/settings/store';
import {
  APP_ENTRY_URL,
  BROWSER_CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY,
  WINDOW_WEB_PREFERENCES,
  isAllowedNavigation,
  windowOpenDecision,
} from '../../electron/shell/security';
import { createToken, revokeToken, TokenVerifier } from '../../electron/vault/tokens';
import { startGateway, type RunningGateway } from '../../electron/api/gateway';
import { cli, killAll, ROOT, serve, tempDir } from '../cli/helpers';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { isAnthropicError, isOpenAIError, parseJson, rawRequest } from './helpers';

afterAll(async () => {
  await killAll();
});

describe('client tokens', () => {
  it('are checked in constant time: one 32-byte timingSafeEqual per stored token, whatever is presented', async () => {
    const dir = await tempDir('sb-tokens-');
    const store = new SettingsStore(dir, { watch: false });
    try {
      const tokens = ['a', 'b', 'c', 'd', 'e'].map((n) => createToken(store, n));
      const verifier = new TokenVerifier(store);
      const presented = [tokens[0]!, tokens[4]!, 'sb-wrong', '', 'x'.repeat(10_000), `${tokens[2]}x`, tokens[2]!.slice(0, -1)];
      for (const p of presented) {
        compares.calls.length = 0;
        const who = verifier.verify(p);
        // No early exit on a match, no shortcut on a length mismatch: every token, 32 bytes against 32.
        expect(compares.calls, p.slice(0, 20)).toEqual(tokens.map(() => [32, 32]));
        expect(who?.name ?? null).toBe(p === tokens[0] ? 'a' : p === tokens[4] ? 'e' : null);
      }
      // No token string is ever compared with === (the source keeps it that way).
      const src = fs.readFileSync(path.join(ROOT, 'electron/vault/tokens.ts'), 'utf8');
      expect(src).not.toMatch(/presented\s*===|===\s*presented|\.hash\s*===/);
    } finally {
      store.close();
    }
  });

  describe('over HTTP', () => {
    let gw: TestGateway;
    let port: number;
    beforeAll(async () => {
      gw = await startTestGateway();
      port = Number(new URL(gw.url).port);
    });
    afterAll(async () => {
      await gw?.close();
    });

    const chat = (token: string, localAddress?: string) =>
      rawRequest({
        port,
        path: '/v1/chat/completions',
        localAddress,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });

    it('after repeated failures from one client: 429 with retry-after, for that client only', async () => {
      const attacker = '127.0.9.9';
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await chat(`sb-guess-${i}`, attacker)).status);
      expect(statuses.slice(0, 19)).toEqual(Array(19).fill(401));
      const limited = await chat('sb-guess-more', attacker);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(isOpenAIError(parseJson(limited.text))).toBe(true);
      // Even the right token waits out the block from that address (no oracle while blocked)…
      expect((await chat(gw.token, attacker)).status).toBe(429);
      // …while other clients are not slowed at all.
      expect((await chat(gw.token, '127.0.9.10')).status).toBe(200);
      expect((await chat(gw.token)).status).toBe(200);
    });

    it('a revoked token stops working at once (in process, and when another process revokes it)', async () => {
      const t1 = createToken(gw.app.settings, 'short-lived');
      expect((await chat(t1)).status).toBe(200);
      revokeToken(gw.app.settings, 'short-lived');
      expect((await chat(t1)).status).toBe(401);

      // Another process (the CLI) edits settings.json: the running proxy refuses the token within ~50 ms.
      const t2 = createToken(gw.app.settings, 'cli-revoked');
      expect((await chat(t2)).status).toBe(200);
      const r = await cli(['token', 'revoke', 'cli-revoked', '--data-dir', gw.dataDir], { env: { SWITCHBOARD_KEYRING: 'master-key-file' } });
      expect(r.code, r.stderr).toBe(0);
      const t0 = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - t0 < 2_000) status = (await chat(t2, '127.0.8.1')).status;
      expect(status).toBe(401);
      expect(Date.now() - t0).toBeLessThan(500);
    });
  });
});

describe('browser Origin and DNS-rebinding Host', () => {
  let gw: RunningGateway;
  let app: TestGateway;
  beforeAll(async () => {
    app = await startTestGateway();
    gw = await startGateway({ app: app.app, host: '127.0.0.1', port: 0, admin: { ui: () => ({ dir: null, note: 'no UI in tests' }) } });
  });
  afterAll(async () => {
    await gw?.close(500);
    await app?.close();
  });

  const EVIL_HOSTS = ['evil.example', 'evil.example:80', 'localhost.evil.example', '127.0.0.1.nip.io', 'attacker.localhost.example', '0.0.0.0', '[::ffff:7f00:1]', ''];
  const paths = [
    ['/v1/chat/completions', 'openai'],
    ['/v1/messages', 'anthropic'],
    ['/v1/embeddings', 'openai'],
    ['/v1/models', 'openai'],
  ] as const;

  it('a foreign Host is refused on every endpoint (403 in the wire format), the admin API and the UI', async () => {
    const port = gw.bound.port;
    for (const host of EVIL_HOSTS) {
      for (const [p, format] of paths) {
        const r = await rawRequest({ port, path: p, method: p.endsWith('models') ? 'GET' : 'POST', headers: { host, authorization: `Bearer ${app.token}`, 'content-type': 'application/json' }, body: p.endsWith('models') ? undefined : '{}' });
        expect([400, 403], `${host} ${p}`).toContain(r.status);
        if (host !== '') expect(format === 'openai' ? isOpenAIError(parseJson(r.text)) : isAnthropicError(parseJson(r.text)), r.text).toBe(true);
      }
      for (const p of ['/api/app.status', '/api/stream/events', '/']) {
        const r = await rawRequest({ port, path: p, method: p === '/api/app.status' ? 'POST' : 'GET', headers: { host, authorization: `Bearer ${gw.admin!.token}`, 'content-type': 'application/json' }, body: p === '/api/app.status' ? '{}' : undefined });
        expect([400, 403], `${host} ${p}`).toContain(r.status);
      }
    }
  });

  it('a browser Origin is refused unless allowed, preflight included', async () => {
    const port = gw.bound.port;
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'null', `http://127.0.0.1:${port}.evil.example`]) {
      for (const [p, format] of paths) {
        const r = await rawRequest({ port, path: p, method: p.endsWith('models') ? 'GET' : 'POST', headers: { origin, authorization: `Bearer ${app.token}`, 'content-type': 'application/json' }, body: p.endsWith('models') ? undefined : '{}' });
        expect(r.status, `${origin} ${p}`).toBe(403);
        expect(format === 'openai' ? isOpenAIError(parseJson(r.text)) : isAnthropicError(parseJson(r.text))).toBe(true);
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
        const pre = await rawRequest({ port, path: p, method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
        expect(pre.status).toBe(403);
      }
      const a = await rawRequest({ port, path: '/api/app.status', headers: { origin, authorization: `Bearer ${gw.admin!.token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(a.status).toBe(403);
    }
    // An origin the user allowed works (and is echoed for CORS).
    app.app.settings.update((s) => {
      s.allowedOrigins = ['http://localhost:3000'];
    });
    const ok = await rawRequest({ port, path: '/v1/models', method: 'GET', headers: { origin: 'http://localhost:3000', authorization: `Bearer ${app.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('the admin API refuses client tokens, and the proxy refuses the admin token', async () => {
    const port = gw.bound.port;
    compares.calls.length = 0;
    const api = await rawRequest({ port, path: '/api/tokens.list', headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    // The admin token is checked in constant time too (digests, 32 bytes against 32).
    expect(compares.calls).toEqual([[32, 32]]);
    const events = await rawRequest({ port, path: '/api/stream/events', method: 'GET', headers: { authorization: `Bearer ${app.token}` } });
    expect(events.status).toBe(401);
    for (const [p, format] of paths) {
      const headers: Record<string, string> = { authorization: `Bearer ${gw.admin!.token}`, 'content-type': 'application/json' };
      const r = await rawRequest({ port, path: p, method: p.endsWith('models') ? 'GET' : 'POST', headers, body: p.endsWith('models') ? undefined : '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}' });
      expect(r.status, p).toBe(401);
      expect(format === 'openai' ? isOpenAIError(parseJson(r.text)) : isAnthropicError(parseJson(r.text))).toBe(true);
      const x = await rawRequest({ port, path: p, method: p.endsWith('models') ? 'GET' : 'POST', headers: { 'x-api-key': gw.admin!.token, 'content-type': 'application/json' }, body: p.endsWith('models') ? undefined : '{}' });
      expect(x.status, p).toBe(401);
    }
    // Both still work where they belong.
    expect((await rawRequest({ port, path: '/api/app.status', headers: { authorization: `Bearer ${gw.admin!.token}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect((await rawRequest({ port, path: '/v1/models', method: 'GET', headers: { authorization: `Bearer ${app.token}` } })).status).toBe(200);
  });
});

describe('binding beyond loopback', () => {
  it('needs --expose, and a client token; then answers only with a token', { timeout: 60_000 }, async () => {
    const dir = await tempDir('sb-expose-');
    const noFlag = await cli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir]);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toMatch(/Refusing to bind 0\.0\.0\.0.*--expose/);
    const noToken = await cli(['serve', '--host', '0.0.0.0', '--port', '0', '--expose', '--data-dir', dir]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no client tokens/);
    const store = new SettingsStore(dir, { watch: false });
    const token = createToken(store, 'lan');
    store.close();
    const sv = await serve(['--host', '0.0.0.0', '--port', '0', '--expose', '--data-dir', dir], { timeoutMs: 30_000 });
    try {
      const port = sv.port;
      expect((await rawRequest({ port, path: '/v1/models', method: 'GET' })).status).toBe(401);
      expect((await rawRequest({ port, path: '/v1/models', method: 'GET', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      // The bind address is accepted as Host; other names still are not.
      expect((await rawRequest({ port, path: '/v1/models', method: 'GET', headers: { host: `0.0.0.0:${port}`, authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await rawRequest({ port, path: '/v1/models', method: 'GET', headers: { host: 'evil.example', authorization: `Bearer ${token}` } })).status).toBe(403);
    } finally {
      await sv.stop();
    }
  });
});

describe('the desktop window', () => {
  it('runs the renderer isolated and sandboxed, with no way to Node', () => {
    expect(WINDOW_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(Object.isFrozen(WINDOW_WEB_PREFERENCES)).toBe(true);
  });

  it('CSPs allow no inline or eval script, no remote origins, no frames or plugins', () => {
    for (const csp of [CONTENT_SECURITY_POLICY, BROWSER_CONTENT_SECURITY_POLICY]) {
      const d = new Map(csp.split(';').map((p) => p.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('frame-src')).toEqual(["'none'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('form-action')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:\/\/(?!127\.0\.0\.1|localhost)|\*\s*;|data:\s*[^;]*script/);
      for (const src of d.get('connect-src') ?? []) expect(src).toMatch(/^'self'$|^http:\/\/(127\.0\.0\.1|localhost):\*$/);
    }
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(windowOpenDecision('https://platform.openai.com/api-keys')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
  });

  it('main.ts applies them: the preferences, both CSP paths, navigation, window.open, webviews and permissions', () => {
    const main = fs.readFileSync(path.join(ROOT, 'electron/shell/main.ts'), 'utf8');
    expect(main).toMatch(/webPreferences:\s*\{\s*\.\.\.WINDOW_WEB_PREFERENCES,\s*preload:/);
    expect(main).toMatch(/'content-security-policy':\s*CONTENT_SECURITY_POLICY/);
    expect(main).toMatch(/onHeadersReceived[\s\S]{0,200}Content-Security-Policy[\s\S]{0,40}CONTENT_SECURITY_POLICY/);
    expect(main).toMatch(/on\('will-navigate'/);
    expect(main).toMatch(/on\('will-attach-webview',\s*\(e\)\s*=>\s*e\.preventDefault\(\)\)/);
    expect(main).toMatch(/setWindowOpenHandler/);
    expect(main).toMatch(/setPermissionRequestHandler/);
    // The preferences are never overridden after the spread.
    const prefs = /webPreferences:\s*\{([^}]*)\}/.exec(main)![1]!;
    expect(prefs.replace(/\s+/g, ' ').trim()).toMatch(/^\.\.\.WINDOW_WEB_PREFERENCES, preload: PRELOAD,?$/);
  });
});
