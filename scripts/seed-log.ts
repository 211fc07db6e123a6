/**
 * Seeds a Switchboard request log with realistic rows, through the real write
 * path (LogWriter → pricing at genai-prices list prices with provider
 * discounts → the roll-up and search-index triggers).
 *
 *   node bin/tsx-run.mjs scripts/seed-log.ts --rows 1000000 --data-dir DIR
 *     [--days 90] [--body-days 14] [--seed 1] [--append] [--end MS]
 *
 * Mix: 17 models over 9 providers (one local, one custom with no known price),
 * 5 client tokens, routes (incl. auto-routed calls with a counterfactual), the
 * proxy/race/compare/judge sources, ~3% errors, ~4% response-cache hits, prompt
 * caching and reasoning tokens, ~60% streams, fallbacks with two attempts.
 * Bodies are stored for rows in the last `--body-days` days (as a retention
 * setting would leave them). Deterministic for a given seed.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { withRollupsDeferred } from '../electron/analytics/rollup';
import { databasePath } from '../electron/core/paths';
import { openDatabase } from '../electron/store/db';
import { LogWriter, recordPricer, type ProviderPricing } from '../electron/store/log-writer';
import type { AttemptRecord, RequestRecord } from '../electron/store/types';

export interface SeedOptions {
  rows: number;
  days: number;
  bodyDays: number;
  seed: number;
  /** Newest row's time (ms). Default: now. */
  end: number;
  onProgress?: (done: number, total: number) => void;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ModelSpec {
  provider: string;
  model: string;
  weight: number;
  endpoint?: 'embeddings';
  reasoning?: boolean;
  caching?: boolean;
  format: 'openai' | 'anthropic';
}

const MODELS: ModelSpec[] = [
  { provider: 'openai', model: 'gpt-4o-mini', weight: 20, caching: true, format: 'openai' },
  { provider: 'openai', model: 'gpt-4o', weight: 10, caching: true, format: 'openai' },
  { provider: 'openai', model: 'gpt-4.1', weight: 6, caching: true, format: 'openai' },
  { provider: 'openai', model: 'o4-mini', weight: 4, reasoning: true, format: 'openai' },
  { provider: 'openai', model: 'text-embedding-3-small', weight: 5, endpoint: 'embeddings', format: 'openai' },
  { provider: 'anthropic', model: 'claude-sonnet-4-20250514', weight: 12, caching: true, format: 'anthropic' },
  { provider: 'anthropic', model: 'claude-3-5-haiku-20241022', weight: 8, caching: true, format: 'anthropic' },
  { provider: 'anthropic', model: 'claude-opus-4-1-20250805', weight: 1.5, caching: true, reasoning: true, format: 'anthropic' },
  { provider: 'google', model: 'gemini-2.5-flash', weight: 9, reasoning: true, format: 'openai' },
  { provider: 'google', model: 'gemini-2.5-pro', weight: 3, reasoning: true, format: 'openai' },
  { provider: 'groq', model: 'llama-3.3-70b-versatile', weight: 5, format: 'openai' },
  { provider: 'deepseek', model: 'deepseek-chat', weight: 4, caching: true, format: 'openai' },
  { provider: 'mistral', model: 'mistral-small-latest', weight: 3, format: 'openai' },
  { provider: 'openrouter', model: 'anthropic/claude-3.5-sonnet', weight: 2, format: 'openai' },
  { provider: 'ollama', model: 'llama3.2', weight: 4, format: 'openai' },
  { provider: 'ollama', model: 'qwen2.5-coder:7b', weight: 2, format: 'openai' },
  { provider: 'lab', model: 'lab-finetune-v2', weight: 0.5, format: 'openai' },
];

/** Provider discounts as a user might set them (committed-use, credits). */
export const SEED_DISCOUNTS: Record<string, number> = { anthropic: 0.9, google: 0.8 };

const TOKENS: Array<[string | null, number]> = [['laptop', 40], ['cursor', 25], ['ci', 18], ['scripts', 12], [null, 5]];
const SOURCES: Array<[string, number]> = [['proxy', 90], ['race', 5], ['compare', 3], ['judge', 2]];
const ROUTES: Array<[string | null, number]> = [[null, 72], ['fast', 9], ['smart', 7], ['auto', 8], ['fallback', 4]];
const ERRORS: Array<[number, string, number]> = [
  [429, 'rate_limit', 10],
  [500, 'api_error', 4],
  [502, 'api_error', 3],
  [503, 'overloaded', 4],
  [400, 'invalid_request', 5],
  [401, 'authentication', 2],
  [499, 'client_closed', 2],
];

function pick<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

const WORDS = (
  'refactor the function so it handles empty input and returns a typed result explain why this test fails ' +
  'summarise the following meeting notes into action items translate to german write a haiku about databases ' +
  'what is the capital of portugal review this pull request for security issues generate sql for monthly revenue ' +
  'kubernetes deployment yaml readiness probe typescript generic constraint rust borrow checker lifetime python ' +
  'asyncio gather timeout pandas groupby pivot react useEffect cleanup invoice reconciliation budget forecast ' +
  'customer support reply apology refund shipping delay classify sentiment positive negative neutral extract entities ' +
  'person organisation location date json schema validation regex email address markdown table latency benchmark'
).split(' ');

function sentence(rand: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  out.push(`ticket-${Math.floor(rand() * 100_000)}`);
  return out.join(' ');
}

const lognormal = (rand: () => number, median: number, sigma: number) => {
  const u = Math.max(rand(), 1e-9);
  const v = rand();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
};

export function makeSeedRecords(opts: SeedOptions): { next: () => RequestRecord | null } {
  const rand = mulberry32(opts.seed);
  const span = opts.days * 86_400_000;
  const start = opts.end - span;
  const bodyFrom = opts.end - opts.bodyDays * 86_400_000;
  const models: Array<[ModelSpec, number]> = MODELS.map((m) => [m, m.weight]);
  const chatModels: Array<[ModelSpec, number]> = models.filter(([m]) => !m.endpoint);
  let i = 0;
  return {
    next() {
      if (i >= opts.rows) return null;
      const ts = Math.floor(start + (span * (i + rand())) / opts.rows);
      i++;
      const route = pick(rand, ROUTES);
      const spec = pick(rand, route ? chatModels : models);
      const source = pick(rand, SOURCES);
      const tokenName = pick(rand, TOKENS);
      const stream = spec.endpoint ? false : rand() < 0.6;
      const failed = rand() < 0.03;
      const err = failed ? pick(rand, ERRORS.map(([s, t, w]) => [[s, t] as const, w])) : null;
      const cacheHit = !failed && !spec.endpoint && rand() < 0.04;
      const input = Math.max(8, Math.round(lognormal(rand, spec.endpoint ? 300 : 1800, 1.1)));
      const output = spec.endpoint ? 0 : Math.max(1, Math.round(lognormal(rand, 320, 0.9)));
      const cacheRead = spec.caching && rand() < 0.35 ? Math.round(input * (0.5 + rand() * 0.4)) : 0;
      const cacheWrite = spec.format === 'anthropic' && cacheRead === 0 && rand() < 0.1 ? Math.round(input * 0.6) : 0;
      const reasoning = spec.reasoning && rand() < 0.7 ? Math.round(output * (0.3 + rand() * 0.4)) : 0;
      const usage = failed && rand() < 0.9 ? null : { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: reasoning };
      const latency = cacheHit ? 2 + rand() * 10 : Math.round(lognormal(rand, 350 + output * 12, 0.5));
      const ttft = stream && !cacheHit ? Math.round(latency * (0.1 + rand() * 0.3)) : null;
      const attempts: AttemptRecord[] = [];
      if (!cacheHit) {
        if (route === 'fallback' && rand() < 0.15) {
          attempts.push({ seq: 0, provider: 'openai', model: 'gpt-4o', status: 429, error: 'rate limited', latencyMs: 120, ttftMs: null, outcome: 'error', reason: 'retry_on_429' });
        }
        attempts.push({
          seq: attempts.length,
          provider: spec.provider,
          model: spec.model,
          status: err ? err[0] : 200,
          error: err ? err[1] : null,
          latencyMs: latency,
          ttftMs: ttft,
          outcome: err ? 'error' : 'ok',
          reason: null,
        });
      }
      const counterfactual = route === 'auto' && !failed ? (rand() < 0.5 ? { provider: 'openai', model: 'gpt-4.1' } : { provider: 'anthropic', model: 'claude-sonnet-4-20250514' }) : null;
      const id = `req_seed_${opts.seed}_${ts.toString(36)}_${i.toString(36)}`;
      const rec: RequestRecord = {
        id,
        ts,
        clientFormat: spec.format,
        endpoint: spec.endpoint ?? (spec.format === 'anthropic' ? 'messages' : 'chat'),
        tokenName,
        source,
        requestedModel: route ? `route/${route}` : spec.model,
        route,
        provider: spec.provider,
        servedModel: spec.model,
        status: err ? err[0] : 200,
        errorType: err ? err[1] : null,
        errorMessage: err ? `${err[1]}: upstream said no (${err[0]})` : null,
        stream,
        latencyMs: latency,
        ttftMs: ttft,
        usage,
        usageEstimated: usage !== null && rand() < 0.01,
        cacheHit,
        savedUsd: null,
        partial: stream && !failed && rand() < 0.005,
        attempts,
        counterfactual,
      };
      if (ts >= bodyFrom) {
        const prompt = sentence(rand, 20 + Math.floor(rand() * 120));
        const answer = sentence(rand, 30 + Math.floor(rand() * 200));
        rec.bodies = {
          requestHeaders: { 'content-type': 'application/json', authorization: '[redacted]', 'user-agent': 'openai-node/5.0' },
          requestBody: JSON.stringify({ model: rec.requestedModel, stream, messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: prompt }] }),
          responseBody: err
            ? JSON.stringify({ error: { type: err[1], message: rec.errorMessage } })
            : JSON.stringify({ id: `chatcmpl-${i}`, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] }),
        };
      }
      return rec;
    },
  };
}

export function seedPricing(id: string): ProviderPricing | undefined {
  return { discount: SEED_DISCOUNTS[id] ?? 1, local: id === 'ollama' };
}

/**
 * Writes `opts.rows` rows into an open database through a LogWriter. Returns
 * rows written. The roll-ups are rebuilt once at the end rather than kept by
 * their triggers row by row (a bulk load; the result is the same).
 */
export function seedDatabase(db: import('better-sqlite3').Database, opts: SeedOptions): number {
  return withRollupsDeferred(db, () => seedRows(db, opts));
}

function seedRows(db: import('better-sqlite3').Database, opts: SeedOptions): number {
  const batch = 5_000;
  const writer = new LogWriter(db, { price: recordPricer(seedPricing), batchSize: batch, maxQueue: batch, warn: (m) => console.warn(m) });
  const gen = makeSeedRecords(opts);
  let done = 0;
  for (;;) {
    let n = 0;
    while (n < batch) {
      const r = gen.next();
      if (!r) break;
      writer.enqueue(r);
      n++;
    }
    if (n === 0) break;
    writer.flush();
    done += n;
    opts.onProgress?.(done, opts.rows);
    if (n < batch) break;
  }
  writer.close();
  return writer.stats.written;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = arg('data-dir');
  if (!dir) {
    console.error('usage: node bin/tsx-run.mjs scripts/seed-log.ts --rows 1000000 --data-dir DIR [--days 90] [--body-days 14] [--seed 1] [--append]');
    process.exit(2);
  }
  const opts: SeedOptions = {
    rows: Number(arg('rows') ?? 1_000_000),
    days: Number(arg('days') ?? 90),
    bodyDays: Number(arg('body-days') ?? 14),
    seed: Number(arg('seed') ?? 1),
    end: Number(arg('end') ?? Date.now()),
  };
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(databasePath(dir));
  db.pragma('cache_size = -262144'); // 256 MB: keeps the indexes' hot pages in memory while bulk loading
  const existing = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  if (existing > 0 && !process.argv.includes('--append')) {
    console.error(`${databasePath(dir)} already has ${existing} requests; pass --append to add more (with another --seed).`);
    process.exit(1);
  }
  const t0 = Date.now();
  let lastPrint = 0;
  const written = seedDatabase(db, {
    ...opts,
    onProgress: (done, total) => {
      if (done - lastPrint >= 50_000 || done === total) {
        lastPrint = done;
        const s = (Date.now() - t0) / 1000;
        process.stdout.write(`\r${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows  ${s.toFixed(1)} s  (${Math.round(done / s).toLocaleString('en-US')} rows/s)   `);
      }
    },
  });
  db.pragma('optimize');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = fs.statSync(databasePath(dir)).size;
  console.log(`\nSeeded ${written.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${databasePath(dir)} (${(bytes / 1e6).toFixed(0)} MB)`);
  console.log(`Discounts used for pricing: ${JSON.stringify(SEED_DISCOUNTS)} (set the same in settings to recompute consistently).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
