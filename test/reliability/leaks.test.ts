/**
 * Planted keys never leak. A real `switchboard serve` process gets two
 * planted provider keys (through the admin API, as the UI would add them),
 * body logging on, and traffic through every path: success, upstream errors
 * that quote the key (401, 500, 200 content, in-stream errors, embeddings),
 * fallback, a response-cache hit, a Race and a Compare experiment. Then every
 * admin method is called and the event streams read (what the renderer gets),
 * and everything is scanned for the keys — raw, URL-encoded, JSON-escaped and
 * base64 at every alignment: the data folder (SQLite file with its -wal and
 * -shm, settings, cooldowns, exports, any log), the process's stdout and
 * stderr, and every HTTP response with its headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, STREAM_NAMES } from '../../shared/contract';
import { findLeaks, killAll, plantKey, readTree, serve, tempDir, type Seen, type ServeProcess } from '../cli/helpers';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { figure, sleep, until } from './helpers';

const OA_KEY = plantKey('openai');
const AN_KEY = plantKey('anthropic');
const KEYS = [OA_KEY, AN_KEY];

let openai: FakeServer;
let anthropic: FakeServer;
let sv: ServeProcess;
let dir: string;
let adminToken = '';
let clientToken = '';
const seen: Seen[] = [];

async function record(label: string, res: Response): Promise<string> {
  const text = await res.text();
  seen.push({ where: `${label} → ${res.status}`, text: `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}` });
  return text;
}

async function admin(method: string, input: unknown = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sv.url}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await record(`admin ${method}`, res);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

async function proxy(pathname: string, body: Record<string, unknown>, anthropicClient = pathname === '/v1/messages'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sv.url}${pathname}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${clientToken}`,
      'content-type': 'application/json',
      ...(anthropicClient ? { 'anthropic-version': '2023-06-01' } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await record(`proxy ${pathname} ${JSON.stringify(body).slice(0, 80)}`, res) };
}

/** Reads an admin event stream for `ms`, recording every byte. */
async function stream(name: string, input: unknown, ms: number): Promise<string> {
  const ac = new AbortController();
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  let text = '';
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    const res = await fetch(`${sv.url}/api/stream/${name}${q}`, { headers: { authorization: `Bearer ${adminToken}` }, signal: ac.signal });
    text = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n\n';
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } catch {
    /* aborted: the stream is read for `ms` */
  } finally {
    clearTimeout(timer);
  }
  seen.push({ where: `stream ${name}`, text });
  return text;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: OA_KEY });
  anthropic = await startFakeAnthropic({ apiKey: AN_KEY });
  dir = await tempDir('sb-leaks-');
  sv = await serve(['--port', '0', '--data-dir', dir], { timeoutMs: 30_000 });
  // The UI line (with the per-launch admin token) follows the listening line.
  adminToken = (await until(() => /#token=(sba_[A-Za-z0-9_-]+)/.exec(sv.stdout()), 10_000))[1]!;
}, 60_000);
afterAll(async () => {
  await killAll();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

describe('planted keys through every path', () => {
  it('zero hits in the data folder, stdout/stderr, HTTP responses and renderer payloads', { timeout: 120_000 }, async () => {
    // Set-up, the way the UI does it.
    expect((await admin('keys.set', { provider: 'openai', key: OA_KEY, baseUrl: openai.url })).status).toBe(200);
    expect((await admin('keys.set', { provider: 'anthropic', key: AN_KEY, baseUrl: anthropic.url })).status).toBe(200);
    // A key given with surrounding space, and a bad one that the provider echoes back.
    expect((await admin('keys.test', { provider: 'openai' })).body.ok).toBe(true);
    expect((await admin('keys.test', { provider: 'anthropic' })).body.ok).toBe(true);
    clientToken = (await admin('tokens.create', { name: 'client' })).body.token;
    expect(clientToken).toMatch(/^sb-/);
    expect((await admin('settings.update', { logBodies: true })).status).toBe(200);
    expect((await admin('routes.save', { name: 'fb', route: { strategy: 'fallback', targets: ['openai/failing', 'anthropic/claude-sonnet-4-6'] } })).status).toBe(200);
    expect((await admin('routes.save', { name: 'cached', route: { strategy: 'fallback', targets: ['openai/gpt-4o-mini'], cache: { enabled: true } } })).status).toBe(200);

    const chat = (model: string, extra: Record<string, unknown> = {}) =>
      proxy('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hello' }], ...extra });
    const messages = (model: string, extra: Record<string, unknown> = {}) =>
      proxy('/v1/messages', { model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }], ...extra });

    // Success, both formats, same-format and translated, stream and not.
    for (const model of ['gpt-4o-mini', 'claude-sonnet-4-6']) {
      for (const stream of [false, true]) {
        expect((await chat(model, { stream })).status).toBe(200);
        expect((await messages(model, { stream })).status).toBe(200);
      }
    }
    // Upstream errors and answers that quote the key.
    const echoes: Array<[FakeServer, string, string]> = [
      [openai, OA_KEY, 'gpt-4o-mini'],
      [anthropic, AN_KEY, 'claude-sonnet-4-6'],
    ];
    for (const [fake, key, model] of echoes) {
      for (const call of [chat, messages]) {
        fake.enqueue({ status: 401, errorMessage: `Incorrect API key provided: ${key}` });
        expect((await call(model)).status).toBe(401);
        fake.enqueue({ status: 500, errorMessage: `internal error for ${key}` });
        expect((await call(model)).status).toBe(500);
        fake.enqueue({ status: 400, errorMessage: `bad request from ${encodeURIComponent(key)} ${Buffer.from(key).toString('base64')}` });
        await call(model);
        fake.enqueue({ text: `Your key is ${key}.` });
        expect((await call(model)).status).toBe(200);
        fake.enqueue({ text: `Your key is ${key}.`, tokens: 1 });
        expect((await call(model, { stream: true })).status).toBe(200);
        fake.enqueue({ text: 'a b c d', streamErrorAfterChunks: 2, errorType: 'overloaded_error', errorMessage: `overloaded (${key})` });
        expect((await call(model, { stream: true })).status).toBe(200);
        fake.enqueue({ streamErrorAfterChunks: 0, errorType: 'overloaded_error', errorMessage: `overloaded (${key})` });
        await call(model, { stream: true });
      }
    }
    // Embeddings: success and a provider error that quotes the key.
    expect((await proxy('/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' }, false)).status).toBe(200);
    openai.setBehaviour({ status: 401, errorMessage: `Incorrect API key provided: ${OA_KEY}` }, 'text-embedding-3-bad');
    expect((await proxy('/v1/embeddings', { model: 'openai/text-embedding-3-bad', input: 'hi' }, false)).status).toBe(401);
    // Fallback: the first target fails quoting the key, the second answers.
    openai.setBehaviour({ status: 500, errorMessage: `upstream broke with ${OA_KEY}` }, 'failing');
    const fb = await chat('fb');
    expect(fb.status).toBe(200);
    // Response cache: a miss, then a hit (also streamed).
    for (const stream of [false, false, true, true]) expect((await chat('cached', { stream, messages: [{ role: 'user', content: 'cache me' }] })).status).toBe(200);
    expect(seen.some((s) => /x-switchboard-cache: hit/.test(s.text))).toBe(true);

    // Race: two columns, one quoting the key in its error.
    anthropic.setBehaviour({ status: 500, errorMessage: `race failure ${AN_KEY}` }, 'claude-haiku-4-5');
    const raceEvents = stream('race.events', {}, 4_000);
    const race = await admin('race.start', {
      prompt: 'Which is faster?',
      contestants: [
        { ref: 'gpt-4o-mini', kind: 'model' },
        { ref: 'anthropic/claude-haiku-4-5', kind: 'model' },
        { ref: 'fb', kind: 'route' },
      ],
    });
    expect(race.status, JSON.stringify(race.body)).toBe(200);
    await until(async () => (await admin('race.get', { raceId: race.body.id })).body.active === false, 10_000, 100);
    await admin('race.vote', { raceId: race.body.id, turn: 0, column: 0 });
    await admin('race.followUp', { raceId: race.body.id, prompt: 'And now?' });
    await until(async () => (await admin('race.get', { raceId: race.body.id })).body.active === false, 10_000, 100);

    // Compare: a tiny experiment, judged.
    openai.setBehaviour({ text: '{"reasoning": "A is clearer", "verdict": "A"}' }, 'gpt-4o');
    const exp = await admin('compare.create', {
      name: 'leak check',
      candidates: ['gpt-4o-mini', 'claude-sonnet-4-6'],
      judge: 'gpt-4o',
      items: [{ prompt: 'What is 2+2?', reference: '4' }, { prompt: 'Name a colour.' }],
    });
    expect(exp.status, JSON.stringify(exp.body)).toBe(200);
    const progress = stream('compare.progress', { experimentId: exp.body.id }, 4_000);
    expect((await admin('compare.start', { experimentId: exp.body.id })).status).toBe(200);
    let last: any = null;
    await until(async () => (last = (await admin('compare.get', { experimentId: exp.body.id })).body).experiment?.status === 'done', 20_000, 100).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(last).slice(0, 1500)}`);
    });
    await raceEvents;
    await progress;

    // Every admin method (what the renderer can ever receive), with inputs that work where it matters.
    const now = Date.now();
    const range = { from: now - 86_400_000, to: now + 60_000 };
    const rows = (await admin('requests.query', { limit: 200 })).body.rows ?? [];
    const inputs: Record<string, unknown> = {
      'providers.addCustom': { id: 'leaky', baseUrl: openai.url, needsKey: true },
      'keys.test': { provider: 'openai' },
      'keys.remove': { provider: 'leaky' },
      'tokens.create': { name: 'second' },
      'tokens.revoke': { name: 'second' },
      'routes.validate': { route: { strategy: 'fallback', targets: ['openai/gpt-4o'] } },
      'routes.save': { name: 'another', route: { strategy: 'fallback', targets: ['openai/gpt-4o'] } },
      'routes.remove': { name: 'another' },
      'settings.update': { logBodies: true },
      'app.setPaused': { paused: false },
      'keyring.usePassphrase': { passphrase: 'not-available-here' },
      'compare.update': { experimentId: exp.body.id, name: 'renamed' },
      'compare.get': { experimentId: exp.body.id },
      'compare.items': { experimentId: exp.body.id },
      'compare.item': { experimentId: exp.body.id, idx: 0 },
      'compare.estimate': { experimentId: exp.body.id },
      'compare.start': { experimentId: exp.body.id },
      'compare.pause': { experimentId: exp.body.id },
      'compare.cancel': { experimentId: exp.body.id },
      'compare.resume': { experimentId: exp.body.id },
      'compare.override': { experimentId: exp.body.id, idx: 0, a: 0, b: 1, verdict: 'a', note: 'checked' },
      'compare.export': { experimentId: exp.body.id, format: 'json' },
      'compare.importItems': { text: 'a,b\n1,2\n' },
      'compare.sampleFromLog': { count: 50, includeApp: true },
      'compare.fromRace': { prompt: 'from race' },
      'compare.delete': { experimentId: 'exp_nope' },
      'costs.summary': range,
      'costs.timeseries': range,
      'costs.top': { ...range, by: 'model' },
      'costs.savings': range,
      'costs.budgets': {},
      'requests.query': { limit: 200 },
      'requests.facets': {},
      'prices.list': { includeCatalog: false },
      'prices.setOverride': { provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 1, outputPerMTok: 2 },
      'prices.removeOverride': { provider: 'openai', model: 'gpt-4o-mini' },
      'prices.affected': { provider: 'openai' },
      'prices.recompute': {},
      'log.export': { format: 'jsonl' },
      'log.storage': { detailed: true },
      'race.get': { raceId: race.body.id },
      'race.list': {},
      'race.stop': { raceId: race.body.id },
      'race.vote': { raceId: race.body.id, turn: 0, column: 1 },
      'race.followUp': { raceId: 'race_nope', prompt: 'x' },
      'race.delete': { raceId: 'race_nope' },
      'race.leaderboard': {},
    };
    const skip = new Set(['log.purge']); // called last: it deletes what the scan reads
    const statuses: Record<string, number> = {};
    for (const m of METHOD_NAMES) {
      if (skip.has(m)) continue;
      statuses[m] = (await admin(m, inputs[m] ?? {})).status;
    }
    for (const r of rows.slice(0, 60)) await admin('requests.get', { id: r.id });
    for (const s of STREAM_NAMES) await stream(s, s === 'compare.progress' ? { experimentId: exp.body.id } : s === 'race.events' ? {} : undefined, 700);
    // Methods that answer 4xx are still scanned; most must have worked.
    const worked = Object.values(statuses).filter((s) => s === 200).length;
    expect(worked, JSON.stringify(statuses)).toBeGreaterThan(METHOD_NAMES.length * 0.7);

    // Scan while the server runs (the WAL is live), then after a clean stop.
    const during = findLeaks(KEYS, [...seen, ...readTree(dir), { where: 'stdout', text: sv.stdout() }, { where: 'stderr', text: sv.stderr() }]);
    await admin('log.purge', { what: 'bodies', before: Date.now() - 86_400_000 });
    const exit = await sv.stop('SIGTERM');
    expect(exit.code).toBe(0);
    await sleep(50);
    const files = readTree(dir);
    const after = findLeaks(KEYS, [...files, { where: 'stdout', text: sv.stdout() }, { where: 'stderr', text: sv.stderr() }]);
    const scanned = seen.length + files.length + 2;
    figure('leak.scanned', scanned);
    figure('leak.hits', during.length + after.length);
    expect(files.map((f) => path.basename(f.where))).toEqual(expect.arrayContaining(['switchboard.db', 'settings.json']));
    expect(fs.readdirSync(dir).length).toBeGreaterThan(1);
    expect(during).toEqual([]);
    expect(after).toEqual([]);
    // The admin token is per launch: never written to disk.
    expect(files.filter((f) => f.text.includes(adminToken)).map((f) => f.where)).toEqual([]);
    // The providers really were called with the keys (the scan looked for the right strings).
    expect(openai.requests.some((r) => r.headers.authorization === `Bearer ${OA_KEY}`)).toBe(true);
    expect(anthropic.requests.some((r) => r.headers['x-api-key'] === AN_KEY)).toBe(true);
  });
});
