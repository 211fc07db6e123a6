/**
 * Micro-benchmark: the request log's cost *on the proxy's thread*, written in
 * place (LogWriter on the main connection, as before) against written on the
 * writer thread (ThreadedLogWriter: price + postMessage here, SQLite there).
 *   node bin/tsx-run.mjs bench/micro/threaded-log.ts [--rows 3000]
 * One row per event-loop turn (a lone client at concurrency 1), then 16 per
 * turn (a busy proxy), with bodies. The main thread's CPU time comes from
 * /proc/self/task/<pid>/schedstat (ns, this thread only); process CPU
 * (`process.cpuUsage`, every thread) is shown beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/store/db';
import { LogWriter, recordPricer } from '../../electron/store/log-writer';
import { ThreadedLogWriter } from '../../electron/store/threaded-log';
import type { RequestRecord } from '../../electron/store/types';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 3000;
const prompt = 'the quick brown fox jumps over the lazy dog while the gateway forwards every byte '.repeat(13).slice(0, 1024);
const requestBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
const responseBody = JSON.stringify({ id: 'chatcmpl-x', choices: [{ message: { role: 'assistant', content: 'pong '.repeat(20) } }] });
const usage = { inputTokens: 250, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

let seq = 0;
function record(): RequestRecord {
  return {
    id: `req_${(seq++).toString(16).padStart(32, '0')}`, ts: Date.now(), clientFormat: 'openai', endpoint: 'chat', tokenName: 'bench', source: 'proxy',
    requestedModel: 'gpt-4o-mini', route: null, provider: 'openai', servedModel: 'gpt-4o-mini', status: 200, errorType: null, errorMessage: null,
    stream: false, latencyMs: 0.4, ttftMs: 0.3, usage, usageEstimated: false, cacheHit: false, savedUsd: null, partial: false,
    attempts: [{ seq: 0, provider: 'openai', model: 'gpt-4o-mini', status: 200, error: null, latencyMs: 0.3, ttftMs: 0.3, outcome: 'ok', reason: null, usage }],
    bodies: { requestHeaders: { 'content-type': 'application/json', authorization: '[redacted]' }, requestBody, responseBody },
  };
}

/** CPU time of this (the main) thread, in µs. */
function mainThreadCpuUs(): number {
  return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
}
function processCpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
const turn = () => new Promise<void>((r) => setImmediate(r));

interface Writer {
  enqueue(r: RequestRecord): void;
  flush(): void;
  close(): void;
}

async function run(kind: 'in-thread' | 'threaded', perTurn: number): Promise<{ mainUs: number; procUs: number; wallUs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-micro-thr-'));
  const db = openDatabase(path.join(dir, 'switchboard.db'));
  const price = recordPricer(() => ({ pricingId: 'openai' }));
  const writer: Writer = kind === 'threaded' ? new ThreadedLogWriter(db, { price, warn: (m) => console.error(m) }) : new LogWriter(db, { price, warn: (m) => console.error(m) });
  try {
    for (let i = 0; i < 200; i++) {
      writer.enqueue(record());
      await turn();
    }
    writer.flush();
    const m0 = mainThreadCpuUs();
    const p0 = processCpuUs();
    const t0 = performance.now();
    for (let i = 0; i < ROWS; i += perTurn) {
      for (let j = 0; j < perTurn; j++) writer.enqueue(record());
      await turn(); // the in-thread writer commits here; the threaded one prices and posts
    }
    const mainUs = mainThreadCpuUs() - m0;
    writer.flush(); // the worker's share: counted in process CPU, not the main thread's
    return { mainUs: mainUs / ROWS, procUs: (processCpuUs() - p0) / ROWS, wallUs: ((performance.now() - t0) * 1000) / ROWS };
  } finally {
    writer.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const perTurn of [1, 16]) {
  for (const kind of ['in-thread', 'threaded'] as const) {
    const r = await run(kind, perTurn);
    console.log(
      `${kind.padEnd(9)} ${String(perTurn).padStart(2)} row(s)/turn: main thread ${r.mainUs.toFixed(0).padStart(4)} µs CPU/row, ` +
        `all threads ${r.procUs.toFixed(0).padStart(4)} µs CPU/row, ${r.wallUs.toFixed(0).padStart(5)} µs wall/row`,
    );
  }
}
