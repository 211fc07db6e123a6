import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, contract } from '../../shared/contract';
import { readEvents, startAdmin, type AdminHarness } from './helpers';

/**
 * Every contract method over HTTP against a real gateway, with a planted
 * provider key: nothing that comes back — method results, errors, the events
 * stream — may ever contain it.
 */
let h: AdminHarness;
const called = new Set<string>();
const eventTexts: string[] = [];

async function ok(method: string, input: unknown = {}) {
  called.add(method);
  const r = await h.call(method, input);
  expect(r.status, `${method}: ${r.text}`).toBe(200);
  // The answer matches the contract's output schema exactly.
  const schema = (contract as Record<string, { kind: string; output?: { parse(v: unknown): unknown } }>)[method]!;
  expect(() => schema.output!.parse(r.body)).not.toThrow();
  return r.body;
}

async function fails(method: string, input: unknown, status: number, code: string) {
  called.add(method);
  const r = await h.call(method, input);
  expect(r.status, `${method}: ${r.text}`).toBe(status);
  expect(r.body.error.code, r.text).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  return r.body.error as { message: string; code: string; issues?: string[] };
}

beforeAll(async () => {
  h = await startAdmin();
});

afterAll(async () => {
  await h?.close();
});

describe('admin API: every contract method over HTTP', () => {
  it('app.status describes the running proxy', async () => {
    const s = await ok('app.status');
    expect(s).toMatchObject({ endpoint: h.url, paused: false, transport: 'http', dataDir: h.dataDir, keyCount: 0, tokenCount: 0, requestsLastMinute: 0, spendTodayUsd: 0 });
    expect(s.keyring).toMatchObject({ backend: 'master-key-file', protection: 'weak', passphraseModeAvailable: false });
    expect(s.keyring.weakWarning).toMatch(/not strongly protected/);
  });

  it('keys.set stores the key and answers with its mask only', async () => {
    const p = await ok('keys.set', { provider: 'openai', key: `  ${h.plantedKey}\n`, baseUrl: h.openai.url });
    expect(p.id).toBe('openai');
    expect(p.baseUrl).toBe(h.openai.url);
    expect(p.key).toMatchObject({ backend: 'master-key-file', protection: 'weak', available: true, reason: null });
    expect(p.key.mask).toMatch(/^sk-…[0-9a-f]{4}$/);
    expect(JSON.stringify(p)).not.toContain(h.plantedKey);
  });

  it('keys.set refuses bad input naming the field, and never echoes the key', async () => {
    const e1 = await fails('keys.set', { provider: 'Open AI', key: h.plantedKey }, 400, 'invalid_input');
    expect(e1.issues).toEqual([expect.stringMatching(/^provider: /)]);
    const e2 = await fails('keys.set', { provider: 'openai', key: `${h.plantedKey} second-key` }, 400, 'refused');
    expect(e2.message).toMatch(/spaces or line breaks/);
    const e3 = await fails('keys.set', { provider: 'openai', key: h.plantedKey, extra: 1 }, 400, 'invalid_input');
    expect(e3.issues!.join()).toMatch(/extra/);
    await fails('keys.set', { provider: 'nosuch', key: h.plantedKey }, 404, 'unknown_provider');
  });

  it('keys.test calls the provider with the key and caches its model list', async () => {
    const r = await ok('keys.test', { provider: 'openai' });
    expect(r.ok).toBe(true);
    expect(r.status).toBe(200);
    expect(r.models.length).toBeGreaterThan(0);
    const auth = h.openai.requests.find((q) => q.path.endsWith('/models'))?.headers.authorization;
    expect(auth).toBe(`Bearer ${h.plantedKey}`);
    const list = await ok('providers.list');
    const openai = list.find((p: { id: string }) => p.id === 'openai');
    expect(openai.models).toEqual(r.models);
    expect(openai.modelsFetchedAt).toBeGreaterThan(0);
  });

  it("keys.test shows the provider's own answer for a bad key", async () => {
    await ok('keys.set', { provider: 'groq', key: 'gsk_wrong_key_0123456789', baseUrl: h.openai.url });
    const r = await ok('keys.test', { provider: 'groq' });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(401);
    expect(r.message).toMatch(/Incorrect API key/i);
    expect(r.message).not.toContain('gsk_wrong_key_0123456789');
  });

  it('providers.list covers the catalog, with masks, and keys.remove removes', async () => {
    const list = await ok('providers.list');
    const ids = list.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['openai', 'anthropic', 'google', 'ollama', 'groq']));
    expect(list.find((p: { id: string }) => p.id === 'ollama')).toMatchObject({ local: true, needsKey: false, key: null });
    expect(list.find((p: { id: string }) => p.id === 'anthropic')).toMatchObject({ format: 'anthropic', key: null, needsKey: true });
    expect((await ok('keys.remove', { provider: 'groq' })).ok).toBe(true);
    await fails('keys.remove', { provider: 'groq' }, 404, 'not_found');
    // baseUrl: null resets the override.
    await ok('keys.set', { provider: 'groq', key: 'gsk_other_key_0123456789', baseUrl: h.openai.url });
    const reset = await ok('keys.set', { provider: 'groq', key: 'gsk_other_key_0123456789', baseUrl: null });
    expect(reset.baseUrl).toBe(reset.defaultBaseUrl);
    await ok('keys.remove', { provider: 'groq' });
  });

  it('providers.addCustom adds an OpenAI-compatible endpoint that can take a key', async () => {
    const p = await ok('providers.addCustom', { id: 'my-vllm', baseUrl: h.openai.url, needsKey: true });
    expect(p).toMatchObject({ id: 'my-vllm', custom: true, format: 'openai', baseUrl: h.openai.url, needsKey: true, key: null });
    await fails('providers.addCustom', { id: 'openai', baseUrl: h.openai.url, needsKey: true }, 409, 'provider_exists');
    await fails('providers.addCustom', { id: 'x', baseUrl: 'not a url', needsKey: true }, 400, 'invalid_input');
    const keyed = await ok('keys.set', { provider: 'my-vllm', key: h.plantedKey });
    expect(keyed.key.mask).toMatch(/^sk-…/);
    expect((await ok('keys.test', { provider: 'my-vllm' })).ok).toBe(true);
  });

  it('keyring.info, and keyring.usePassphrase is desktop-only', async () => {
    const k = await ok('keyring.info');
    expect(k).toMatchObject({ backend: 'master-key-file', protection: 'weak', passphraseModeAvailable: false });
    const e = await fails('keyring.usePassphrase', { passphrase: 'correct horse battery' }, 400, 'not_available');
    expect(e.message).toMatch(/SWITCHBOARD_PASSPHRASE/);
    const short = await fails('keyring.usePassphrase', { passphrase: 'short' }, 400, 'invalid_input');
    expect(short.issues).toEqual(['passphrase: use at least 8 characters']);
  });

  let clientToken = '';
  it('tokens.create shows the token once; tokens.list never; tokens.revoke', async () => {
    const t = await ok('tokens.create', { name: 'laptop' });
    expect(t.name).toBe('laptop');
    expect(t.token).toMatch(/^sb-/);
    clientToken = t.token;
    const list = await ok('tokens.list');
    expect(list).toEqual([{ name: 'laptop', hint: expect.stringMatching(/^sb-…/), createdAt: expect.any(String) }]);
    expect(JSON.stringify(list)).not.toContain(clientToken);
    await fails('tokens.create', { name: 'laptop' }, 400, 'refused');
    await fails('tokens.create', { name: 'bad name!' }, 400, 'refused');
    await ok('tokens.create', { name: 'temp' });
    expect((await ok('tokens.revoke', { name: 'temp' })).ok).toBe(true);
    await fails('tokens.revoke', { name: 'temp' }, 400, 'refused');
  });

  it('the client token works on the proxy; app.setPaused pauses and resumes it', async () => {
    const chat = (format: 'openai' | 'anthropic') =>
      fetch(`${h.url}/v1/${format === 'openai' ? 'chat/completions' : 'messages'}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clientToken}`, 'content-type': 'application/json', ...(format === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}) },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await chat('openai')).status).toBe(200);
    const paused = await ok('app.setPaused', { paused: true });
    expect(paused.paused).toBe(true);
    const r = await chat('openai');
    expect(r.status).toBe(503);
    const body = await r.json();
    expect(body.error.message).toMatch(/paused/);
    expect(body.error.code).toBe('proxy_paused');
    const ra = await chat('anthropic');
    expect(ra.status).toBe(503);
    expect((await ra.json()).type).toBe('error'); // Anthropic's error shape
    // Listing models still works while paused.
    expect((await fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${clientToken}` } })).status).toBe(200);
    expect((await ok('app.setPaused', { paused: false })).paused).toBe(false);
    expect((await chat('openai')).status).toBe(200);
    const s = await ok('app.status');
    expect(s.requestsLastMinute).toBeGreaterThanOrEqual(2);
    expect(s.tokenCount).toBe(1);
    h.app.writer.flush();
    expect((await ok('app.status')).spendTodayUsd).toBeGreaterThan(0);
  });

  it('routes: validate as you type, save, list, remove', async () => {
    const good = { strategy: 'fallback', targets: ['openai/gpt-4o-mini', { model: 'anthropic/claude-3-5-haiku-latest', retries: 1 }] };
    expect(await ok('routes.validate', { route: good })).toEqual({ ok: true, issues: [] });
    const bad = await ok('routes.validate', { route: { strategy: 'race', targets: ['openai/gpt-4o-mini'] } });
    expect(bad.ok).toBe(false);
    expect(bad.issues.join('\n')).toMatch(/targets: a race needs at least two targets/);
    expect((await ok('routes.save', { name: 'fast', route: good })).name).toBe('fast');
    const e = await fails('routes.save', { name: 'broken', route: { strategy: 'fallback', targets: [] } }, 400, 'invalid_route');
    expect(e.issues!.join()).toMatch(/targets: needs at least one target/);
    await fails('routes.save', { name: 'bad/name', route: good }, 400, 'invalid_route');
    const list = await ok('routes.list');
    expect(list).toEqual([{ name: 'fast', route: expect.objectContaining({ strategy: 'fallback' }) }]);
    expect((await ok('routes.remove', { name: 'fast' })).ok).toBe(true);
    await fails('routes.remove', { name: 'fast' }, 404, 'not_found');
    expect(await ok('routes.list')).toEqual([]);
  });

  it('settings.get and settings.update', async () => {
    const s = await ok('settings.get');
    expect(s).toMatchObject({ logBodies: true, bodyRetentionDays: null, allowedOrigins: [], port: 4141, dataDir: h.dataDir });
    expect(s.discounts.openai).toBe(1);
    const u = await ok('settings.update', { logBodies: false, bodyRetentionDays: 7, allowedOrigins: ['http://localhost:3000/'], port: 5151, discounts: { openai: 0.8 } });
    expect(u).toMatchObject({ logBodies: false, bodyRetentionDays: 7, allowedOrigins: ['http://localhost:3000'], port: 5151 });
    expect(u.discounts.openai).toBe(0.8);
    expect(h.app.settings.get().providers.openai?.discount).toBe(0.8);
    const e = await fails('settings.update', { allowedOrigins: ['not an origin'], bodyRetentionDays: 0 }, 400, 'invalid_input');
    expect(e.issues!.some((i) => i.startsWith('allowedOrigins.0:'))).toBe(true);
    expect(e.issues!.some((i) => i.startsWith('bodyRetentionDays:'))).toBe(true);
    await fails('settings.update', { discounts: { nosuch: 0.5 } }, 404, 'unknown_provider');
    await fails('settings.update', { dataDir: '/tmp/x' }, 400, 'invalid_input');
    await ok('settings.update', { logBodies: true, discounts: { openai: 1 } });
  });

  it('unknown methods and bad JSON are clean errors', async () => {
    const r = await h.call('nope.nothing', {});
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown_method');
    const proto = await h.call('__proto__', {});
    expect(proto.status).toBe(404);
    const bad = await fetch(`${h.url}/api/app.status`, { method: 'POST', headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
  });

  it('the events stream never carries the key either', async () => {
    const r = await readEvents(`${h.url}/api/stream/events`, h.adminToken, (ev) => ev.some((e) => e.type === 'status' && e.status.keyCount >= 1));
    eventTexts.push(r.text);
    expect(r.events.length).toBeGreaterThan(0);
  });

  it('feature modules mounted on the same dispatch answer too (compare.list)', async () => {
    expect(Array.isArray(await ok('compare.list'))).toBe(true);
  });

  it('covered every core method of the contract (feature modules — compare, costs, requests… — test their own)', () => {
    const core = [
      'app.status', 'app.setPaused', 'providers.list', 'providers.addCustom', 'keys.set', 'keys.remove', 'keys.test',
      'keyring.info', 'keyring.usePassphrase', 'tokens.list', 'tokens.create', 'tokens.revoke',
      'routes.list', 'routes.validate', 'routes.save', 'routes.remove', 'settings.get', 'settings.update',
    ];
    expect(METHOD_NAMES).toEqual(expect.arrayContaining(core));
    expect([...called].filter((n) => core.includes(n)).sort()).toEqual([...core].sort());
  });

  it('no response, error or event ever contained the planted key', () => {
    const all = [...h.seen, ...eventTexts].join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(h.plantedKey);
    // …nor its distinctive middle part (no partial echo).
    expect(all).not.toContain(h.plantedKey.slice(10, -4));
  });
});
