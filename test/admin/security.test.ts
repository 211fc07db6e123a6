import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_CONTENT_SECURITY_POLICY } from '../../electron/shell/security';
import { raw, SECRET_MARKER, startAdmin, type AdminHarness } from './helpers';

let h: AdminHarness;
let clientToken = '';

beforeAll(async () => {
  h = await startAdmin();
  const r = await h.call('tokens.create', { name: 'client' });
  clientToken = r.body.token;
});

afterAll(async () => {
  await h?.close();
});

const json = { 'content-type': 'application/json' };

describe('admin token vs client tokens', () => {
  it('the admin API refuses calls without the admin token', async () => {
    const r = await h.call('app.status', {}, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
    expect((await h.call('app.status', {}, { token: 'sba_wrong' })).status).toBe(401);
  });

  it('the admin API does not accept a client token', async () => {
    expect(clientToken).toMatch(/^sb-/);
    const r = await h.call('tokens.list', {}, { token: clientToken });
    expect(r.status).toBe(401);
    // Nor as x-api-key.
    const x = await h.call('tokens.list', {}, { token: null, headers: { 'x-api-key': h.adminToken } });
    expect(x.status).toBe(401);
  });

  it("the proxy's /v1 endpoints do not accept the admin token", async () => {
    const models = await fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(models.status).toBe(401);
    const chat = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminToken}`, ...json },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(401);
    const anthropic = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': h.adminToken, 'anthropic-version': '2023-06-01', ...json },
      body: JSON.stringify({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(anthropic.status).toBe(401);
    // …while the client token is accepted there.
    expect((await fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${clientToken}` } })).status).toBe(200);
  });

  it('the admin token is per launch and unlike a client token', () => {
    expect(h.adminToken).toMatch(/^sba_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(h.app.settings.get())).not.toContain(h.adminToken);
  });
});

describe('Host and Origin', () => {
  const auth = () => ({ authorization: `Bearer ${h.adminToken}`, ...json });

  it('a non-loopback Host is refused (DNS rebinding), for the API and the UI', async () => {
    const api = await raw(h.port, { method: 'POST', path: '/api/app.status', headers: { ...auth(), host: 'evil.example:80' }, body: '{}' });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.text).error.code).toBe('host_not_allowed');
    const ui = await raw(h.port, { path: '/', headers: { host: `attacker.test:${h.port}` } });
    expect(ui.status).toBe(403);
  });

  it('loopback Host names are accepted', async () => {
    for (const host of [`127.0.0.1:${h.port}`, `localhost:${h.port}`]) {
      const r = await raw(h.port, { method: 'POST', path: '/api/app.status', headers: { ...auth(), host }, body: '{}' });
      expect(r.status, host).toBe(200);
    }
  });

  it("a foreign Origin is refused, even one in the proxy's allowed origins", async () => {
    await h.call('settings.update', { allowedOrigins: ['http://localhost:3000'] });
    for (const origin of ['http://evil.example', 'http://localhost:3000', 'null', `http://127.0.0.1:${h.port + 1}`]) {
      const r = await raw(h.port, { method: 'POST', path: '/api/app.status', headers: { ...auth(), origin }, body: '{}' });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.text).error.code).toBe('origin_not_allowed');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    await h.call('settings.update', { allowedOrigins: [] });
  });

  it("the proxy's own origin (the served UI) is accepted", async () => {
    const r = await raw(h.port, { method: 'POST', path: '/api/app.status', headers: { ...auth(), origin: `http://127.0.0.1:${h.port}` }, body: '{}' });
    expect(r.status).toBe(200);
  });

  it('only POST with JSON: no GET, no form posts, no CORS preflight answers', async () => {
    const get = await raw(h.port, { path: '/api/app.status', headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(get.status).toBe(405);
    const form = await raw(h.port, { method: 'POST', path: '/api/app.status', headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const pre = await raw(h.port, { method: 'OPTIONS', path: '/api/app.status', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBeGreaterThanOrEqual(400);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('oversized bodies are refused', async () => {
    const r = await raw(h.port, { method: 'POST', path: '/api/keys.set', headers: auth(), body: JSON.stringify({ provider: 'openai', key: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error.code).toBe('too_large');
  });
});

describe('static UI', () => {
  it('serves index.html with a strict CSP and security headers', async () => {
    const r = await raw(h.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toBe(BROWSER_CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.text).toContain('<div id="root">');
  });

  it('serves assets with the right MIME types (no token needed: the page loads before it has one)', async () => {
    const js = await raw(h.port, { path: '/assets/index-AbCdEf12.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toMatch(/immutable/);
    const css = await raw(h.port, { path: '/assets/index-AbCdEf12.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await raw(h.port, { path: '/favicon.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    const head = await raw(h.port, { method: 'HEAD', path: '/index.html' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('never serves files outside the UI folder, dotfiles or symlinks out', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/assets/link.txt',
      '/%00index.html',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
    ]) {
      const r = await raw(h.port, { path });
      expect(r.text, path).not.toContain(SECRET_MARKER);
      expect(r.text, path).not.toContain('root:x:0');
      expect(r.status, path).toBeGreaterThanOrEqual(400);
    }
  });

  it("the proxy's paths stay the proxy's", async () => {
    const r = await raw(h.port, { path: '/v1/models' });
    expect(r.status).toBe(401);
    expect(r.headers['content-security-policy']).toBeUndefined();
    const health = await raw(h.port, { path: '/health' });
    expect(health.text).toBe('{"ok":true}');
    const unknown = await raw(h.port, { path: '/nope.html' });
    expect(unknown.status).toBe(401); // proxy answers: unknown path, needs a client token first
  });
});
