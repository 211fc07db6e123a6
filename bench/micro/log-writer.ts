/**
 * Micro-benchmark of the request log's write path (CPU time per row, on the
 * calling thread), the biggest cost of "logging on":
 *   node bin/tsx-run.mjs bench/micro/log-writer.ts [--rows 3000] [--variants]
 * Writes `rows` rows into a fresh database, in batches of 1 (what a lone
 * client at concurrency 1 produces: one transaction per request) and of 64
 * (a busy proxy), with and without stored bodies. `--variants` also measures
 * scratch databases with parts of the schema removed (body full-text index,
 * daily roll-up triggers, secondary indexes) to show what each costs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/store/db';
import { LogWriter, recordPricer } from '../../electron/store/log-writer';
import type { RequestRecord } from '../../electron/store/types';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 3000;
const prompt = 'the quick brown fox jumps over the lazy dog while the gateway forwards every byte '.repeat(13).slice(0, 1024);
const requestBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: prompt }] });
const responseBody = JSON.stringify({ id: 'chatcmpl-x', choices: [{ message: { role: 'assistant', content: 'pong '.repeat(20) } }] });

let seq = 0;
function record(bodies: boolean): RequestRecord {
  const id = `req_${(seq++).toString(16).padStart(32, '0')}`;
  return {
    id, ts: Date.now(), clientFormat: 'openai', endpoint: 'chat', tokenName: 'bench', source: 'proxy',
    requestedModel: 'gpt-4o-mini', route: null, provider: 'openai', servedModel: 'gpt-4o-mini', status: 200,
    errorType: null, errorMessage: null, stream: false, latencyMs: 0.4, ttftMs: 0.3,
    usage: { inputTokens: 250, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageEstimated: false, cacheHit: false, savedUsd: null, partial: false,
    attempts: [{ seq: 0, provider: 'openai', model: 'gpt-4o-mini', status: 200, error: null, latencyMs: 0.3, ttftMs: 0.3, outcome: 'ok', reason: null,
      usage: { inputTokens: 250, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } }],
    ...(bodies ? { bodies: { requestHeaders: { 'content-type': 'application/json', authorization: '[redacted]' }, requestBody, responseBody } } : {}),
  };
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

type Variant = 'full' | 'no-fts' | 'fts-deferred' | 'no-rollup' | 'no-fts-no-rollup' | 'bare';
const VARIANT_SQL: Record<Variant, string> = {
  full: '',
  'no-fts': 'DROP TRIGGER IF EXISTS request_bodies_fts_insert;',
  // Bodies indexed afterwards in one statement (as a background job would), its time included.
  'fts-deferred': 'DROP TRIGGER IF EXISTS request_bodies_fts_insert;',
  'no-rollup': 'DROP TRIGGER IF EXISTS requests_rollup_insert;',
  'no-fts-no-rollup': 'DROP TRIGGER IF EXISTS request_bodies_fts_insert; DROP TRIGGER IF EXISTS requests_rollup_insert;',
  bare: `DROP TRIGGER IF EXISTS request_bodies_fts_insert; DROP TRIGGER IF EXISTS requests_rollup_insert;
    DROP INDEX IF EXISTS requests_ts; DROP INDEX IF EXISTS requests_provider_ts; DROP INDEX IF EXISTS requests_token_ts;
    DROP INDEX IF EXISTS requests_model_ts; DROP INDEX IF EXISTS requests_route_ts; DROP INDEX IF EXISTS requests_source_ts;
    DROP INDEX IF EXISTS requests_counterfactual;`,
};

function run(batch: number, bodies: boolean, variant: Variant = 'full'): { cpuUsPerRow: number; wallUsPerRow: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-micro-log-'));
  const db = openDatabase(path.join(dir, 'switchboard.db'));
  if (VARIANT_SQL[variant]) db.exec(VARIANT_SQL[variant]);
  const writer = new LogWriter(db, { price: recordPricer(() => ({ pricingId: 'openai' })), warn: () => undefined });
  try {
    for (let i = 0; i < 200; i++) {
      writer.enqueue(record(bodies));
      if (i % batch === 0) writer.flush();
    }
    writer.flush();
    const c0 = cpuUs();
    const t0 = performance.now();
    for (let i = 0; i < ROWS; i += batch) {
      for (let j = 0; j < batch; j++) writer.enqueue(record(bodies));
      writer.flush();
    }
    if (variant === 'fts-deferred') {
      db.exec('INSERT INTO request_bodies_fts (rowid, request_body, response_body) SELECT rowid, request_body, response_body FROM request_bodies');
    }
    const wall = (performance.now() - t0) * 1000;
    const cpu = cpuUs() - c0;
    return { cpuUsPerRow: cpu / ROWS, wallUsPerRow: wall / ROWS };
  } finally {
    writer.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const variants: Variant[] = process.argv.includes('--variants') ? ['full', 'no-fts', 'fts-deferred', 'no-rollup', 'no-fts-no-rollup', 'bare'] : ['full'];
for (const variant of variants) {
  for (const bodies of [true, false]) {
    if (!bodies && (variant === 'no-fts' || variant === 'fts-deferred')) continue;
    for (const batch of [1, 64]) {
      const r = run(batch, bodies, variant);
      console.log(`${variant.padEnd(16)} bodies ${bodies ? 'on ' : 'off'}  batch ${String(batch).padStart(2)}: ${r.cpuUsPerRow.toFixed(0).padStart(5)} µs CPU/row, ${r.wallUsPerRow.toFixed(0).padStart(5)} µs wall/row`);
    }
  }
}
