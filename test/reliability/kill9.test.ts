/**
 * `kill -9` under load: a real `switchboard serve` process takes concurrent
 * traffic (both formats, stream and not), is SIGKILLed mid-flight, and its
 * database must then open clean (`PRAGMA integrity_check` = ok) with a row for
 * every request the client saw complete (matched by x-switchboard-request-id).
 * "Complete" is the strictest reading: the client saw the end of the answer
 * (the last SSE event, or the whole JSON body).
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { databasePath } from '../../electron/core/paths';
import { createToken } from '../../electron/vault/tokens';
import { killAll, serve, tempDir } from '../cli/helpers';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { plantedKeys } from '../helpers/gateway';
import { figure, LONG, scale, sleep, until } from './helpers';

let openai: FakeServer;
let anthropic: FakeServer;
const keys = plantedKeys();

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: keys.openai, recordLimit: 100, behaviour: { tokensPerSec: 400 } });
  anthropic = await startFakeAnthropic({ apiKey: keys.anthropic, recordLimit: 100, behaviour: { tokensPerSec: 400 } });
});
afterAll(async () => {
  await killAll();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

async function prepare(): Promise<{ dir: string; token: string }> {
  const dir = await tempDir('sb-kill9-');
  const app = await SwitchboardApp.open({ dataDir: dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, warn: () => {}, watchSettings: false });
  await app.vault.setKey('openai', keys.openai, { baseUrl: openai.url });
  await app.vault.setKey('anthropic', keys.anthropic, { baseUrl: anthropic.url });
  const token = createToken(app.settings, 'load');
  app.close();
  return { dir, token };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One client loop: sends requests until `stop`, recording each one it saw complete. */
const kinds = new Map<string, string>();

async function client(url: string, token: string, n: number, stop: { now: boolean }, completed: string[]): Promise<number> {
  let sent = 0;
  for (let i = 0; !stop.now; i++) {
    const anthropicClient = (n + i) % 2 === 1;
    const stream = (n + i) % 3 !== 0;
    const model = (n + i) % 4 < 2 ? 'gpt-4o-mini' : 'claude-sonnet-4-6';
    sent++;
    try {
      const r = await fetch(`${url}${anthropicClient ? '/v1/messages' : '/v1/chat/completions'}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(anthropicClient ? { 'anthropic-version': '2023-06-01' } : {}),
        },
        body: JSON.stringify({ model, max_tokens: 30, stream, messages: [{ role: 'user', content: `load ${n}.${i} one two three four five` }] }),
      });
      const id = r.headers.get('x-switchboard-request-id');
      // Complete as soon as the client can tell (what an SDK goes by): the
      // terminal event of a stream, or a whole JSON body — not the socket's end.
      const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      let seen = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
        const complete = stream ? (anthropicClient ? text.includes('"message_stop"') : text.includes('[DONE]')) : parses(text);
        if (!seen && complete && r.status === 200 && id) {
          seen = true;
          completed.push(id);
          kinds.set(id, `${anthropicClient ? 'anthropic' : 'openai'} client, ${model}, ${stream ? 'stream' : 'json'}, complete at ${Date.now()}`);
        }
      }
    } catch {
      // The server died under us: this one did not complete.
      await sleep(5);
    }
  }
  return sent;
}

describe('kill -9 under load', () => {
  const rounds = Number(process.env.KILL9_ROUNDS) || scale(1, 5);
  it(`${rounds} round(s): the database opens clean and no completed request's row is missing`, { timeout: LONG ? 600_000 : 60_000 }, async () => {
    for (let round = 0; round < rounds; round++) {
      const { dir, token } = await prepare();
      const sv = await serve(['--port', '0', '--data-dir', dir], { timeoutMs: 30_000 });
      const completed: string[] = [];
      const stop = { now: false };
      const loops = Array.from({ length: 8 }, (_, n) => client(sv.url, token, n, stop, completed));
      // Load for a while (and until enough requests have completed, however busy the machine).
      const started = Date.now();
      await until(() => Date.now() - started >= scale(1_500, 5_000) && completed.length >= 40, 30_000, 20);
      const killedAt = Date.now();
      const { signal } = await sv.stop('SIGKILL');
      expect(signal).toBe('SIGKILL');
      stop.now = true;
      await Promise.all(loops);

      // First the file as the kill left it must open clean; then Switchboard
      // starts again as a user would, committing what the killed process had
      // journaled (see electron/store/journal.ts) but its log writer thread
      // had not yet committed, and every row must be there.
      const raw = new BetterSqlite3(databasePath(dir));
      const rawIntegrity = raw.pragma('integrity_check', { simple: true });
      raw.close();
      expect(rawIntegrity).toBe('ok');
      const restarted = await SwitchboardApp.open({ dataDir: dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, warn: () => {}, watchSettings: false });
      figure('kill9.recovered_from_journal', restarted.recoverLog());
      // Replaying is idempotent: the journal is gone once committed, and a row
      // already in the database (committed by the writer thread) is skipped.
      expect(restarted.recoverLog()).toBe(0);
      restarted.close();
      const db = new BetterSqlite3(databasePath(dir));
      try {
        const integrity = db.pragma('integrity_check', { simple: true });
        if (integrity !== 'ok') figure('kill9.integrity_failures', 1);
        const has = db.prepare('SELECT 1 FROM requests WHERE id = ?');
        const missing = completed.filter((id) => has.get(id) === undefined);
        figure('kill9.kills', 1);
        figure('kill9.completed', completed.length);
        figure('kill9.lost', missing.length);
        expect(integrity).toBe('ok');
        expect(completed.length).toBeGreaterThan(20);
        expect(missing.map((id) => `${id}: ${kinds.get(id)} (killed at ${killedAt})`), `round ${round}: ${missing.length} of ${completed.length} completed requests have no row`).toEqual([]);
      } finally {
        db.close();
      }
      expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(true);
    }
  });
});
