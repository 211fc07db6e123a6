import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  /** Non-stream calls per target per round at concurrency 1. */
  c1: number;
  /** Non-stream calls per target per round at concurrency `c32Concurrency`. */
  c32: number;
  c32Concurrency: number;
  /** Streams per target per round (concurrency 1). */
  streams: number;
  streamTokens: number;
  tokensPerSec: number;
  /** Seconds per target per round of saturation load. */
  thrSeconds: number;
  thrConcurrency: number;
  promptBytes: number;
  warmup: number;
  longSeconds: number;
  longConcurrency: number;
  longTokens: number;
  longTps: number;
  longLatencyMs: number;
  /** Pause before idle-memory readings, ms. */
  settleMs: number;
  skipLong: boolean;
  skipTranslation: boolean;
  /** Leave Portkey out (local experiments only; `npm run bench` and the smoke always include it). */
  noPortkey: boolean;
  /** Also run `serve` from the TypeScript sources through tsx, against the bundle (off with --quick). */
  tsxVariant: boolean;
  /** Write V8 CPU profiles of the Switchboard process into this folder. */
  cpuProf: string | null;
  out: string | null;
  json: string | null;
}

const FULL: Omit<BenchOptions, 'quick' | 'skipLong' | 'skipTranslation' | 'noPortkey' | 'tsxVariant' | 'cpuProf' | 'out' | 'json'> = {
  rounds: 5,
  c1: 600,
  c32: 3000,
  c32Concurrency: 32,
  streams: 100,
  streamTokens: 10,
  tokensPerSec: 1000,
  thrSeconds: 3,
  thrConcurrency: 64,
  promptBytes: 1024,
  warmup: 400,
  longSeconds: 20,
  longConcurrency: 256,
  longTokens: 50,
  longTps: 50,
  longLatencyMs: 300,
  settleMs: 2000,
};

const QUICK: typeof FULL = {
  rounds: 1,
  c1: 30,
  c32: 96,
  c32Concurrency: 32,
  streams: 8,
  streamTokens: 5,
  tokensPerSec: 1000,
  thrSeconds: 0.4,
  thrConcurrency: 16,
  promptBytes: 1024,
  warmup: 20,
  longSeconds: 0.6,
  longConcurrency: 32,
  longTokens: 5,
  longTps: 50,
  longLatencyMs: 300,
  settleMs: 300,
};

export const USAGE = `npm run bench -- [options]

  --quick                 tiny counts (CI smoke); writes to a temp file unless --out is given
  --rounds N              interleaved rounds (default ${FULL.rounds})
  --c1 N                  non-stream calls per target per round at concurrency 1 (${FULL.c1})
  --c32 N                 non-stream calls per target per round at --c32-concurrency (${FULL.c32})
  --c32-concurrency N     (${FULL.c32Concurrency})
  --streams N             streams per target per round (${FULL.streams})
  --stream-tokens N       tokens per stream (${FULL.streamTokens})
  --tokens-per-sec N      upstream token rate for the stream phase (${FULL.tokensPerSec})
  --thr-seconds S         saturation load per target per round (${FULL.thrSeconds})
  --thr-concurrency N     (${FULL.thrConcurrency})
  --prompt-bytes N        size of the user message (${FULL.promptBytes})
  --warmup N              warm-up calls per target (${FULL.warmup})
  --long-seconds S        long-haul duration per target (${FULL.longSeconds})
  --long-concurrency N    (${FULL.longConcurrency})
  --long-tokens N         tokens per long-haul stream (${FULL.longTokens})
  --long-tps N            long-haul token rate (${FULL.longTps})
  --long-latency-ms N     long-haul upstream latency (${FULL.longLatencyMs})
  --skip-long             no long-haul phase
  --skip-translation      no translation-path phases
  --no-portkey            leave Portkey out (experiments only)
  --no-tsx                skip the tsx-loader variant of serve (skipped with --quick)
  --cpu-prof DIR          run Switchboard under --cpu-prof, profiles into DIR
  --out FILE              markdown report (default docs/benchmarks.md; --quick: a temp file)
  --json FILE             raw results as JSON`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      c1: { type: 'string' },
      c32: { type: 'string' },
      'c32-concurrency': { type: 'string' },
      streams: { type: 'string' },
      'stream-tokens': { type: 'string' },
      'tokens-per-sec': { type: 'string' },
      'thr-seconds': { type: 'string' },
      'thr-concurrency': { type: 'string' },
      'prompt-bytes': { type: 'string' },
      warmup: { type: 'string' },
      'long-seconds': { type: 'string' },
      'long-concurrency': { type: 'string' },
      'long-tokens': { type: 'string' },
      'long-tps': { type: 'string' },
      'long-latency-ms': { type: 'string' },
      'skip-long': { type: 'boolean' },
      'skip-translation': { type: 'boolean' },
      'no-portkey': { type: 'boolean' },
      'no-tsx': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const d = quick ? QUICK : FULL;
  const num = (name: string, v: string | undefined, def: number, min = 0): number => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got '${v}')`);
    return n;
  };
  return {
    quick,
    rounds: num('rounds', values.rounds, d.rounds, 1),
    c1: num('c1', values.c1, d.c1, 1),
    c32: num('c32', values.c32, d.c32, 1),
    c32Concurrency: num('c32-concurrency', values['c32-concurrency'], d.c32Concurrency, 1),
    streams: num('streams', values.streams, d.streams, 1),
    streamTokens: num('stream-tokens', values['stream-tokens'], d.streamTokens, 2),
    tokensPerSec: num('tokens-per-sec', values['tokens-per-sec'], d.tokensPerSec, 1),
    thrSeconds: num('thr-seconds', values['thr-seconds'], d.thrSeconds, 0.1),
    thrConcurrency: num('thr-concurrency', values['thr-concurrency'], d.thrConcurrency, 1),
    promptBytes: num('prompt-bytes', values['prompt-bytes'], d.promptBytes, 1),
    warmup: num('warmup', values.warmup, d.warmup, 1),
    longSeconds: num('long-seconds', values['long-seconds'], d.longSeconds, 0.1),
    longConcurrency: num('long-concurrency', values['long-concurrency'], d.longConcurrency, 1),
    longTokens: num('long-tokens', values['long-tokens'], d.longTokens, 2),
    longTps: num('long-tps', values['long-tps'], d.longTps, 1),
    longLatencyMs: num('long-latency-ms', values['long-latency-ms'], d.longLatencyMs, 0),
    settleMs: d.settleMs,
    skipLong: values['skip-long'] === true,
    skipTranslation: values['skip-translation'] === true,
    noPortkey: values['no-portkey'] === true,
    tsxVariant: !quick && values['no-tsx'] !== true,
    cpuProf: values['cpu-prof'] ?? null,
    out: values.out ?? null,
    json: values.json ?? null,
  };
}
