import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheDirective, isComplete, ResponseCache, sseEvents, type CachedResponse, type CacheEntry, type ResponseCacheOptions } from '../../electron/cache/response-cache';
import { openDatabase, type Database } from '../../electron/store/db';
import type { Route } from '../../shared/routes';
import { anthropicJson, anthropicSse, openaiJson, openaiSse, USAGE } from './fixtures';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const turn = () => new Promise<void>((r) => setImmediate(r));

function setup(opts: ResponseCacheOptions = {}): { db: Database; cache: ResponseCache; clock: { now: number } } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cache-'));
  const db = openDatabase(join(dir, 'switchboard.db'));
  const clock = { now: 1_750_000_000_000 };
  const cache = new ResponseCache(db, { now: () => clock.now, warn: () => {}, ...opts });
  cleanups.push(() => {
    cache.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, cache, clock };
}

const body = (content = 'Hi', extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });
const cachedRoute = (ttlSeconds = 60): Route => ({ strategy: 'fallback', targets: ['openai/gpt-4o-mini'], cache: { enabled: true, ttlSeconds } }) as Route;
const plainRoute = { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] } as Route;

function entry(over: Partial<CacheEntry> = {}): CacheEntry {
  return { clientFormat: 'openai', stream: false, status: 200, output: openaiJson(), provider: 'openai', model: 'gpt-4o-mini', usage: USAGE, costUsd: 0.002, ...over };
}

/** Looks up with the `use` header, stores on a miss, and flushes: the proxy's flow. */
function fill(cache: ResponseCache, b: Record<string, unknown>, e: Partial<CacheEntry> = {}, ttl = 60) {
  const lk = cache.lookup({ clientFormat: e.clientFormat ?? 'openai', body: b, route: null, header: 'use' })!;
  cache.store(lk.key, entry({ stream: b.stream === true, ...e }), ttl);
  cache.flush();
  return lk.key;
}

describe('ResponseCache.lookup: when caching applies', () => {
  it('is off unless the route opts in or the request asks', () => {
    const { cache } = setup();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null })).toBeNull();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: plainRoute })).toBeNull();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: { ...plainRoute, cache: { enabled: false, ttlSeconds: 60 } } as Route })).toBeNull();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: cachedRoute(120) })).toMatchObject({ hit: null, ttlSeconds: 120, mode: 'use' });
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })).toMatchObject({ hit: null, ttlSeconds: 3600, mode: 'use' });
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: cachedRoute(), header: 'bypass' })).toBeNull();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'sometimes' })).toBeNull();
  });

  it('parses the header leniently', () => {
    expect(cacheDirective(' USE ')).toBe('use');
    expect(cacheDirective(['refresh', 'use'])).toBe('refresh');
    expect(cacheDirective('bypass')).toBe('bypass');
    expect(cacheDirective(undefined)).toBeNull();
    expect(cacheDirective('yes')).toBeNull();
  });
});

describe('ResponseCache: store, hit, TTL, refresh', () => {
  it('stores off the latency path, then hits with the stored reply and cost', async () => {
    const { cache, db } = setup();
    const lk = cache.lookup({ clientFormat: 'openai', body: body(), route: cachedRoute() })!;
    expect(lk.hit).toBeNull();
    cache.store(lk.key, entry(), lk.ttlSeconds);
    expect((db.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number }).n).toBe(0); // deferred
    await turn();
    const again = cache.lookup({ clientFormat: 'openai', body: { messages: [{ content: 'Hi', role: 'user' }], model: 'gpt-4o-mini', user: 'x' }, route: cachedRoute() })!;
    expect(again.key).toBe(lk.key);
    expect(again.hit).toMatchObject({ output: openaiJson(), provider: 'openai', model: 'gpt-4o-mini', usage: USAGE, costUsd: 0.002, stream: false, status: 200, hits: 1 });
    expect(cache.stats).toMatchObject({ entries: 1, hits: 1, misses: 1, stores: 1 });
  });

  it('prices an entry stored without its cost', async () => {
    const price = vi.fn(() => 0.0123);
    const { cache } = setup({ price });
    const key = fill(cache, body(), { costUsd: undefined });
    expect(price).toHaveBeenCalledWith('openai', 'gpt-4o-mini', USAGE);
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit!.costUsd).toBe(0.0123);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('expires entries after their TTL', () => {
    const { cache, clock, db } = setup();
    fill(cache, body(), {}, 30);
    clock.now += 29_000;
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit).not.toBeNull();
    clock.now += 1_000;
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit).toBeNull();
    cache.flush();
    expect((db.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number }).n).toBe(0); // the expired row was dropped
    expect(cache.stats.entries).toBe(0);
  });

  it('refresh skips the read but stores the fresh answer; bypass neither reads nor stores', () => {
    const { cache } = setup();
    fill(cache, body(), { output: openaiJson('old') });
    const r = cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'refresh' })!;
    expect(r).toMatchObject({ hit: null, mode: 'refresh' });
    cache.store(r.key, entry({ output: openaiJson('new') }), r.ttlSeconds);
    cache.flush();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit!.output).toBe(openaiJson('new'));
    expect(cache.stats.entries).toBe(1);
  });

  it('never stores an error, a cut stream, or a truncated body', () => {
    const { cache } = setup();
    const b = body();
    const key = cache.lookup({ clientFormat: 'openai', body: b, route: null, header: 'use' })!.key;
    const cut = openaiSse().replace('data: [DONE]\n\n', '');
    const withError = openaiSse().replace('data: [DONE]', 'data: {"error":{"message":"boom","type":"server_error"}}\n\ndata: [DONE]');
    for (const e of [
      entry({ status: 502 }),
      entry({ output: '{"error":{"message":"nope"}}' }),
      entry({ output: openaiJson().slice(0, 40) }),
      entry({ stream: true, output: cut }),
      entry({ stream: true, output: withError }),
      entry({ stream: true, clientFormat: 'anthropic', output: anthropicSse().replace(/event: message_stop[\s\S]*$/, '') }),
      entry({ stream: true, clientFormat: 'anthropic', output: `${anthropicSse()}event: error\ndata: {"type":"error","error":{"type":"api_error","message":"x"}}\n\n` }),
    ]) {
      cache.store(key, e, 60);
    }
    cache.flush();
    expect(cache.stats.entries).toBe(0);
    expect(isComplete({ clientFormat: 'openai', stream: true, status: 200, output: openaiSse() })).toBe(true);
    expect(isComplete({ clientFormat: 'anthropic', stream: true, status: 200, output: anthropicSse() })).toBe(true);
    expect(isComplete({ clientFormat: 'anthropic', stream: false, status: 200, output: anthropicJson() })).toBe(true);
  });

  it('keys streams apart from non-streams, and formats apart', () => {
    const { cache } = setup();
    fill(cache, body(), {});
    expect(cache.lookup({ clientFormat: 'openai', body: body('Hi', { stream: true }), route: null, header: 'use' })!.hit).toBeNull();
    expect(cache.lookup({ clientFormat: 'anthropic', body: body(), route: null, header: 'use' })!.hit).toBeNull();
  });
});

describe('ResponseCache: LRU bound', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const { cache, clock } = setup({ maxEntries: 3 });
    for (const c of ['a', 'b', 'c']) {
      clock.now += 1000;
      fill(cache, body(c));
    }
    clock.now += 1000;
    expect(cache.lookup({ clientFormat: 'openai', body: body('a'), route: null, header: 'use' })!.hit).not.toBeNull(); // a is now the most recent
    cache.flush();
    clock.now += 1000;
    fill(cache, body('d'));
    const has = (c: string) => cache.lookup({ clientFormat: 'openai', body: body(c), route: null, header: 'use' })!.hit !== null;
    expect(['a', 'b', 'c', 'd'].map(has)).toEqual([true, false, true, true]);
    expect(cache.stats).toMatchObject({ entries: 3, evictions: 1 });
  });

  it('evicts by bytes, and skips answers larger than the per-entry cap', () => {
    const size = Buffer.byteLength(openaiJson('x'.repeat(100)));
    const { cache, clock, db } = setup({ maxBytes: size * 2 + 10, maxEntryBytes: size + 5 });
    for (const c of ['a', 'b', 'c']) {
      clock.now += 1000;
      fill(cache, body(c), { output: openaiJson('x'.repeat(100)) });
    }
    expect(cache.stats.entries).toBe(2);
    expect(cache.stats.bytes).toBe(size * 2);
    const sum = db.prepare('SELECT count(*) AS n, SUM(bytes) AS b FROM response_cache').get();
    expect(sum).toEqual({ n: 2, b: size * 2 });
    expect(cache.lookup({ clientFormat: 'openai', body: body('a'), route: null, header: 'use' })!.hit).toBeNull();
    fill(cache, body('big'), { output: openaiJson('x'.repeat(200)) });
    expect(cache.stats.entries).toBe(2);
  });

  it('replacing a key keeps the counts right, and a new cache picks them up from SQLite', () => {
    const { cache, db } = setup();
    fill(cache, body(), { output: openaiJson('one') });
    fill(cache, body(), { output: openaiJson('three') });
    expect(cache.stats.entries).toBe(1);
    expect(cache.stats.bytes).toBe(Buffer.byteLength(openaiJson('three')));
    const other = new ResponseCache(db);
    expect(other.stats).toMatchObject({ entries: 1, bytes: Buffer.byteLength(openaiJson('three')) });
  });
});

describe('ResponseCache.replay', () => {
  async function serveHit(cache: ResponseCache, hit: CachedResponse): Promise<string> {
    const server = http.createServer((_req, res) => {
      cache.replay(res, hit, { 'x-switchboard-request-id': 'req_test' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  function hitFor(cache: ResponseCache, b: Record<string, unknown>, e: Partial<CacheEntry>): CachedResponse {
    fill(cache, b, e);
    return cache.lookup({ clientFormat: e.clientFormat ?? 'openai', body: b, route: null, header: 'use' })!.hit!;
  }

  it('splits stored SSE text into its events', () => {
    const events = sseEvents(anthropicSse());
    expect(events).toHaveLength(9);
    expect(events.every((e) => e.endsWith('\n\n'))).toBe(true);
    expect(events.join('')).toBe(anthropicSse());
  });

  it('an OpenAI stream replays as a stream the OpenAI SDK parses', async () => {
    const { cache } = setup();
    const b = body('Hi', { stream: true, stream_options: { include_usage: true } });
    const url = await serveHit(cache, hitFor(cache, b, { stream: true, output: openaiSse() }));
    const client = new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true }).withResponse();
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    let text = '';
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello there');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3 });
  });

  it('an Anthropic stream replays as a stream the Anthropic SDK parses', async () => {
    const { cache } = setup();
    const b = { model: 'claude-sonnet-4-6', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Hi' }] };
    const url = await serveHit(cache, hitFor(cache, b, { clientFormat: 'anthropic', stream: true, output: anthropicSse() }));
    const client = new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] });
    const final = await stream.finalMessage();
    expect(final.content).toHaveLength(1);
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hello there' });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(3);
  });

  it('a JSON reply replays byte for byte with a content-length', async () => {
    const { cache } = setup();
    const url = await serveHit(cache, hitFor(cache, body(), {}));
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.headers.get('x-switchboard-cache')).toBe('hit');
    expect(res.headers.get('x-switchboard-request-id')).toBe('req_test');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(openaiJson())));
    expect(await res.text()).toBe(openaiJson());
  });
});

describe('ResponseCache: resilience', () => {
  it('a cache whose database went away degrades to misses, with one warning', () => {
    const warn = vi.fn();
    const { cache, db } = setup({ warn });
    fill(cache, body());
    db.exec('DROP TABLE response_cache');
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit).toBeNull();
    expect(cache.lookup({ clientFormat: 'openai', body: body(), route: null, header: 'use' })!.hit).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
