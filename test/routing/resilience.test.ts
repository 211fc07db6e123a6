import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCooldownSnapshot } from '../../electron/routing/cooldown';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { behave, chainOf, chat, clients, logged, messages, resetGateway, setRoutes, sleep, sseSummary } from './helpers';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => resetGateway(gw));

const PAIR = ['openai/gpt-4o', 'anthropic/claude-sonnet-4-6'];

describe('retries', () => {
  it('retry the same target with backoff, honouring retry-after', async () => {
    setRoutes(gw, { r: { strategy: 'fallback', targets: PAIR, retries: 2, backoffMs: 1 } });
    gw.openai.enqueue({ status: 429, retryAfter: '0.3' }, { status: 503, retryAfter: null }, { text: 'third time lucky' });
    const t0 = performance.now();
    const r = await chat(gw, 'r');
    const elapsed = performance.now() - t0;
    expect(r.json.choices[0].message.content).toBe('third time lucky');
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1_500);
    expect(r.headers.get('x-switchboard-attempts')).toBe('3');
    const row = await logged(gw, r.id);
    expect(chainOf(row)).toEqual([
      ['error', 'openai/gpt-4o', 'rate_limited'],
      ['error', 'openai/gpt-4o', 'server_error'],
      ['ok', 'openai/gpt-4o', null],
    ]);
    expect(row.attempts[0]!.reason).toMatch(/^rate_limited, retry_in_(\d+)ms$/);
    expect(Number(/retry_in_(\d+)ms/.exec(row.attempts[0]!.reason!)![1])).toBeGreaterThanOrEqual(300);
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
  });

  it('a retry-after beyond the cap (30 s) moves on at once instead of waiting', async () => {
    setRoutes(gw, { r: { strategy: 'fallback', targets: PAIR, retries: 3 } });
    behave(gw, 'gpt-4o', { status: 429, retryAfter: '120' });
    const t0 = performance.now();
    const r = await chat(gw, 'r');
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(r.headers.get('x-switchboard-provider')).toBe('anthropic');
    const row = await logged(gw, r.id);
    expect(row.attempts[0]!.reason).toBe('rate_limited, retry_after_over_cap');
  });

  it('retryOn narrows the trigger statuses: a 500 not listed is passed through', async () => {
    setRoutes(gw, { r: { strategy: 'fallback', targets: PAIR, retryOn: [429] } });
    behave(gw, 'gpt-4o', { status: 500, errorMessage: 'boom' });
    const r = await chat(gw, 'r');
    expect(r.status).toBe(500);
    expect(gw.anthropic.chatRequests()).toHaveLength(0);
  });
});

describe('cooldown', () => {
  it('a target failing N times in the window is skipped for the cooldown, then tried again', async () => {
    setRoutes(gw, { cd: { strategy: 'fallback', targets: PAIR, cooldown: { failures: 2, windowMs: 10_000, cooldownMs: 1_500 } } });
    behave(gw, 'gpt-4o', { status: 500 });
    const reasons: Array<Array<string | null>> = [];
    for (let i = 0; i < 3; i++) {
      const r = await chat(gw, 'cd');
      expect(r.status).toBe(200);
      reasons.push(chainOf(await logged(gw, r.id)).map((c) => `${c[0]}:${c[2]}`));
    }
    expect(reasons).toEqual([
      ['error:server_error', 'ok:null'],
      ['error:server_error', 'ok:null'],
      ['skipped:cooldown', 'ok:null'],
    ]);
    expect(gw.openai.chatRequests()).toHaveLength(2);
    const row = await logged(gw, (await chat(gw, 'cd')).id);
    expect(row.attempts[0]!.error).toMatch(/^in cooldown for another [12] s$/);

    // Visible to the CLI through the snapshot the proxy writes.
    gw.app.cooldowns.flush();
    const snap = readCooldownSnapshot(gw.dataDir)!;
    expect(snap.entries.map((e) => `${e.provider}/${e.model}`)).toEqual(['openai/gpt-4o']);
    expect(snap.entries[0]!.lastError).toMatch(/^500 /);

    const until = snap.entries[0]!.until;
    await sleep(Math.max(0, until - Date.now()) + 20);
    behave(gw, 'gpt-4o', { text: 'back' });
    const back = await chat(gw, 'cd');
    expect(back.json.choices[0].message.content).toBe('back');
    expect(chainOf(await logged(gw, back.id))).toEqual([['ok', 'openai/gpt-4o', null]]);
    gw.app.cooldowns.flush();
    expect(readCooldownSnapshot(gw.dataDir)!.entries).toEqual([]);
    expect(fs.existsSync(path.join(gw.dataDir, 'cooldowns.json'))).toBe(true);
  });

  it('every target cooling down: 502 with retry-after from the cooldown', async () => {
    setRoutes(gw, { cd: { strategy: 'fallback', targets: ['openai/gpt-4o'], cooldown: { failures: 1, windowMs: 10_000, cooldownMs: 5_000 } } });
    behave(gw, 'gpt-4o', { status: 503 });
    expect((await chat(gw, 'cd')).status).toBe(502);
    const r = await chat(gw, 'cd');
    expect(r.status).toBe(502);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.json.error.message).toMatch(/- openai gpt-4o: skipped \[cooldown\] in cooldown for another 5 s/);
    expect(r.headers.get('x-switchboard-attempts')).toBe('0');
  });
});

describe('all targets failed', () => {
  it('502 in the OpenAI format: one line per attempt, the LAST error\'s type', async () => {
    setRoutes(gw, { doomed: { strategy: 'fallback', targets: PAIR } });
    behave(gw, 'gpt-4o', { status: 500, errorMessage: 'upstream exploded' });
    behave(gw, 'claude-sonnet-4-6', { status: 429, retryAfter: null, errorMessage: 'slow down' });
    const { oa } = clients(gw);
    const err = (await oa.chat.completions.create({ model: 'doomed', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e)) as InstanceType<typeof import('openai').APIError>;
    expect(err.status).toBe(502);
    expect(err.type).toBe('rate_limit_error');
    expect(err.code).toBe('all_targets_failed');
    expect(err.message).toContain("Route 'doomed': all targets failed (2 attempts):");
    expect(err.message).toContain('- openai gpt-4o: 500 [server_error] upstream exploded');
    expect(err.message).toContain('- anthropic claude-sonnet-4-6: 429 [rate_limited] slow down');
    const id = err.headers?.get('x-switchboard-request-id');
    const row = await logged(gw, id!);
    expect(row.status).toBe(502);
    expect(row.errorType).toBe('rate_limit');
    expect(row.attemptCount).toBe(2);
  });

  it('502 in the Anthropic format for an Anthropic client', async () => {
    setRoutes(gw, { doomed: { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6', 'openai/gpt-4o'] } });
    behave(gw, 'claude-sonnet-4-6', { status: 529 });
    behave(gw, 'gpt-4o', { resetBeforeHeaders: true });
    const r = await messages(gw, 'doomed');
    expect(r.status).toBe(502);
    expect(r.json.type).toBe('error');
    expect(r.json.error.type).toBe('api_error'); // last error: a connection reset (bad_gateway)
    expect(r.json.error.message.split('\n')).toHaveLength(3);
  });
});

describe('chaos', () => {
  it('a 429 storm on one target while another is healthy: no client sees an error across 50 calls', async () => {
    setRoutes(gw, { storm: { strategy: 'fallback', targets: PAIR, retries: 1, backoffMs: 5 } });
    behave(gw, 'gpt-4o', { status: 429, retryAfter: '0' });
    const statuses: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => chat(gw, 'storm', { stream: (batch + i) % 2 === 0 })));
      statuses.push(...rs.map((r) => r.status));
      for (const r of rs) if (r.headers.get('content-type')?.includes('event-stream')) expect(sseSummary(r.text).done).toBe(true);
    }
    expect(statuses).toHaveLength(50);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Cooldown took the stormy target out of rotation early.
    expect(gw.openai.chatRequests().length).toBeLessThan(30);
  });

  it('a stalled stream mid-way ends with an error event quickly; the next call goes elsewhere', async () => {
    setRoutes(gw, { stall: { strategy: 'fallback', targets: PAIR, idleTimeoutMs: 150, firstByteTimeoutMs: 150, cooldown: { failures: 1, windowMs: 10_000, cooldownMs: 10_000 } } });
    behave(gw, 'gpt-4o', { text: 'a b c d', stallAfterChunks: { after: 2, ms: 5_000 } });
    const t0 = performance.now();
    const r = await chat(gw, 'stall', { stream: true });
    expect(performance.now() - t0).toBeLessThan(1_000);
    const s = sseSummary(r.text);
    expect(s.content).toBe('a b');
    expect(s.error.message).toMatch(/stalled: no data for 150 ms/);
    const next = await chat(gw, 'stall', { stream: true });
    expect(next.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(chainOf(await logged(gw, next.id))[0]).toEqual(['skipped', 'openai/gpt-4o', 'cooldown']);
  });
});

describe('budgets, cache and prompt caching', () => {
  it('a hard provider cap skips that provider in a route; a direct call to it gets the 402', async () => {
    setRoutes(gw, { b: { strategy: 'fallback', targets: PAIR } });
    gw.app.settings.update((s) => {
      s.budgets = [{ id: 'openai-day', scope: 'provider', name: 'openai', period: 'day', limitUsd: 0, mode: 'hard' }];
    });
    const r = await chat(gw, 'b');
    expect(r.status).toBe(200);
    expect(chainOf(await logged(gw, r.id))).toEqual([
      ['skipped', 'openai/gpt-4o', 'budget'],
      ['ok', 'anthropic/claude-sonnet-4-6', null],
    ]);
    const direct = await chat(gw, 'openai/gpt-4o');
    expect(direct.status).toBe(402);
    expect(gw.openai.chatRequests()).toHaveLength(0);
  });

  it('a route with cache on: the second identical call is a hit with no upstream call', async () => {
    setRoutes(gw, { cached: { strategy: 'fallback', targets: PAIR, cache: { enabled: true, ttlSeconds: 60 } } });
    const body = { messages: [{ role: 'user', content: `cache me ${Math.random()}` }] };
    const first = await chat(gw, 'cached', body);
    expect(first.headers.get('x-switchboard-cache')).toBe('miss');
    await sleep(20); // the store is written off the request path
    const second = await chat(gw, 'cached', body);
    expect(second.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.headers.get('x-switchboard-route')).toBe('cached');
    expect(second.json.choices[0].message.content).toBe(first.json.choices[0].message.content);
    expect(gw.openai.chatRequests()).toHaveLength(1);
    const row = await logged(gw, second.id);
    expect(row.cacheHit).toBe(true);
    expect(row.costUsd).toBe(0);
  });

  it('promptCaching: true adds cache_control to a long system prompt sent to Anthropic', async () => {
    setRoutes(gw, { pc: { strategy: 'fallback', targets: ['anthropic/claude-sonnet-4-6'], promptCaching: true } });
    const system = 'You are a meticulous assistant. '.repeat(400);
    const r = await chat(gw, 'pc', { messages: [{ role: 'system', content: system }, { role: 'user', content: 'hi' }] });
    expect(r.status).toBe(200);
    const sent = gw.anthropic.chatRequests().at(-1)!.body;
    expect(JSON.stringify(sent.system)).toContain('cache_control');
  });
});
