/**
 * `npm run bench`: Switchboard's added latency, time-to-first-token, chunk
 * delay, throughput and memory against a direct call, a raw Node pass-through
 * (the floor) and the Portkey gateway, in one interleaved run. See
 * docs/benchmarks.md for the method and the latest results; `--help` for flags.
 *
 * Processes: this one is the load generator; the fake upstream, the floor,
 * each Switchboard and Portkey run in their own processes, so no two share an
 * event loop.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { callOnce, closedLoop, prepare, streamOnce, streamSamples, Tally, type Prepared, type StreamSamples } from './lib/client';
import { parseOptions, USAGE, type BenchOptions } from './lib/options';
import { cpuMs, freePort, killAll, memStatus, resetPeak, spawnServer, type Diag, type ServerProc } from './lib/procs';
import { buildCliBundle } from './lib/bundle';
import { keptNotes, machineInfo, renderReport, summarize, type LongResult, type RawResults, type TargetRaw } from './lib/report';
import { Sample } from './lib/stats';
import { endpointFor, makeBodies, makeSwitchboardDataDir, repoRoot, TARGET_LABEL, type PathId, type TargetId } from './lib/targets';

const ROOT = repoRoot();
const DIAG = path.join(ROOT, 'bench', 'diag.mjs');
const say = (msg: string) => process.stderr.write(`${msg}\n`);
const fmt = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function postJson(port: number, p: string, value: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(value);
    const req = http.request({ host: '127.0.0.1', port, path: p, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function portkeyScript(): string {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'gateway');
  const candidates = [bin, path.join(ROOT, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js')];
  for (const c of candidates) {
    try {
      return fs.realpathSync(c);
    } catch {
      /* next */
    }
  }
  throw new Error('Portkey gateway not found: @portkey-ai/gateway is a devDependency; run npm install.');
}

async function main(): Promise<void> {
  let opts: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    opts = parsed;
  } catch (err) {
    say(`bench: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const out = opts.out ?? (opts.quick ? path.join(os.tmpdir(), `switchboard-bench-quick-${process.pid}.md`) : path.join(ROOT, 'docs', 'benchmarks.md'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  say(`Switchboard bench${opts.quick ? ' (quick)' : ''}: ${os.cpus().length} cores, node ${process.version}; work dir ${work}`);

  // --- processes -------------------------------------------------------------
  const upstream = await spawnServer({ name: 'upstream', cwd: ROOT, args: ['--import', DIAG, path.join(ROOT, 'bench', 'upstream.mjs')], ready: /LISTENING (\d+)/ });
  const cfg = { latencyMs: 0, tokens: opts.streamTokens, tokensPerSec: opts.tokensPerSec };
  await postJson(upstream.port, '/__bench/config', cfg);
  say(`  upstream on :${upstream.port}`);

  const [tokenOn, tokenOff, tokenTsx, tokenAsync] = await Promise.all([
    makeSwitchboardDataDir(path.join(work, 'sb-data'), upstream.port),
    makeSwitchboardDataDir(path.join(work, 'sb-nolog-data'), upstream.port),
    makeSwitchboardDataDir(path.join(work, 'sb-tsx-data'), upstream.port),
    makeSwitchboardDataDir(path.join(work, 'sb-async-data'), upstream.port),
  ]);
  const profArgs = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProf)}`] : [];
  const sbArgs = (cli: string, dir: string) => ['--import', DIAG, ...profArgs, cli, 'serve', '--port', '0', '--data-dir', dir];
  // A prebuilt (stub) UI: `serve` would otherwise build the renderer with Vite
  // in the background on a fresh clone, which is a one-off cost, not the proxy's.
  const uiDir = path.join(work, 'ui');
  fs.mkdirSync(uiDir);
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
  const sbBaseEnv = { SWITCHBOARD_KEYRING: 'master-key-file', SWITCHBOARD_PASSPHRASE: undefined, SWITCHBOARD_UI_DIR: uiDir };
  const sbReady = /listening on http:\/\/\S+:(\d+)/i;
  // Every Switchboard runs as users run it: `bin/switchboard.mjs`, which uses the
  // dist-cli/ bundle while it is up to date. Build it now, so it is, and insist
  // on it (SWITCHBOARD_CLI=bundle) rather than silently measuring tsx.
  const bundle = await buildCliBundle(ROOT);
  if (!bundle.ok) say(`  (${bundle.reason}; Switchboard runs through tsx)`);
  const sbEnv = { ...sbBaseEnv, SWITCHBOARD_CLI: bundle.ok ? 'bundle' : 'tsx' };
  const pkPort = opts.noPortkey ? 0 : await freePort();
  const t0 = performance.now();
  const [floor, sb, sbAsync, sbNolog, sbTsx, portkey] = await Promise.all([
    spawnServer({ name: 'floor', cwd: ROOT, args: ['--import', DIAG, path.join(ROOT, 'bench', 'floor.mjs'), `--upstream=http://127.0.0.1:${upstream.port}`], ready: /LISTENING (\d+)/ }),
    spawnServer({ name: 'switchboard', cwd: ROOT, args: sbArgs(path.join(ROOT, 'bin', 'switchboard.mjs'), path.join(work, 'sb-data')), env: sbEnv, ready: sbReady }),
    spawnServer({ name: 'switchboard (log, no end hold)', cwd: ROOT, args: sbArgs(path.join(ROOT, 'bin', 'switchboard.mjs'), path.join(work, 'sb-async-data')), env: { ...sbEnv, SWITCHBOARD_LOG: 'async' }, ready: sbReady }),
    spawnServer({ name: 'switchboard (log off)', cwd: ROOT, args: sbArgs(path.join(ROOT, 'bin', 'switchboard.mjs'), path.join(work, 'sb-nolog-data')), env: { ...sbEnv, SWITCHBOARD_LOG: 'off' }, ready: sbReady }),
    opts.tsxVariant && bundle.ok
      ? spawnServer({ name: 'switchboard (tsx sources)', cwd: ROOT, args: sbArgs(path.join(ROOT, 'bin', 'switchboard.mjs'), path.join(work, 'sb-tsx-data')), env: { ...sbBaseEnv, SWITCHBOARD_CLI: 'tsx' }, ready: sbReady })
      : Promise.resolve(null),
    opts.noPortkey
      ? Promise.resolve(null)
      : spawnServer({
          name: 'portkey', cwd: work, args: ['--import', DIAG, portkeyScript(), `--port=${pkPort}`, '--headless'],
          ready: { port: pkPort, path: '/' }, timeoutMs: 60_000,
        }),
  ]);
  const procs: Partial<Record<TargetId, ServerProc>> = { floor, switchboard: sb, 'sb-async': sbAsync, 'sb-nolog': sbNolog };
  if (sbTsx) procs['sb-tsx'] = sbTsx;
  if (portkey) procs.portkey = portkey;
  const proxyTargets = Object.keys(procs) as TargetId[];
  say(`  ${proxyTargets.map((t) => `${t} :${procs[t]!.port}`).join(', ')} (all up in ${fmt((performance.now() - t0) / 1000, 1)} s)`);
  const ports: Partial<Record<TargetId, number>> = { direct: upstream.port };
  for (const t of proxyTargets) ports[t] = procs[t]!.port;
  const tokens: Partial<Record<TargetId, string>> = { switchboard: tokenOn, 'sb-async': tokenAsync, 'sb-nolog': tokenOff, 'sb-tsx': tokenTsx };

  // Idle RSS right after start, before any call.
  await sleep(Math.max(opts.settleMs, 300));
  const idleRss: Partial<Record<TargetId, number>> = {};
  for (const t of proxyTargets) idleRss[t] = memStatus(procs[t]!.pid)?.rss ?? NaN;
  say(`  idle RSS: ${proxyTargets.map((t) => `${t} ${fmt(idleRss[t]! / 2 ** 20, 1)} MB`).join(', ')}`);

  const bodies = makeBodies(opts.promptBytes);
  const paths: PathId[] = opts.skipTranslation ? ['openai'] : ['openai', 'translate'];
  // Every phase runs direct, floor, switchboard and portkey; the variants
  // (log off, tsx) only the phases their comparison needs.
  type Phase = 'c1' | 'c32' | 'stream' | 'thr';
  const VARIANT_PHASES: Partial<Record<TargetId, Phase[]>> = {
    'sb-async': ['c1', 'stream', 'thr'],
    'sb-nolog': ['c1', 'c32', 'stream', 'thr'],
    'sb-tsx': ['c1', 'thr'],
  };
  const targetsOn = (p: PathId, phase?: Phase): TargetId[] =>
    (['direct', 'floor', 'switchboard', 'sb-async', 'sb-nolog', 'sb-tsx', 'portkey'] as TargetId[]).filter((t) => {
      if (t !== 'direct' && !procs[t]) return false;
      const only = VARIANT_PHASES[t];
      if (!only) return true;
      return p === 'openai' && (phase === undefined || only.includes(phase));
    });
  const prepared = new Map<string, Prepared>();
  const prep = (p: PathId, t: TargetId) => {
    const key = `${p}/${t}`;
    let v = prepared.get(key);
    if (!v) {
      v = prepare(endpointFor({ target: t, path: p, port: ports[t]!, upstreamPort: upstream.port, token: tokens[t], bodies }));
      prepared.set(key, v);
    }
    return v;
  };
  const raw: RawResults['paths'] = {};
  for (const p of paths) {
    raw[p] = {};
    for (const t of targetsOn(p)) {
      raw[p]![t] = { c1: new Sample(), c32: new Sample(), stream: streamSamples(), thr: [], tally: new Tally() } satisfies TargetRaw;
    }
  }

  // --- warm-up (and a correctness check: every target must answer) ------------
  say(`  warm-up: ${opts.warmup} calls + ${Math.max(3, Math.round(opts.warmup / 10))} streams per target and path`);
  for (const p of paths) {
    for (const t of targetsOn(p)) {
      const pr = prep(p, t);
      const tally = new Tally();
      await closedLoop(8, { count: opts.warmup }, () => callOnce(pr, null, tally, true));
      await closedLoop(2, { count: Math.max(3, Math.round(opts.warmup / 10)) }, () => streamOnce(pr, null, tally, opts.streamTokens));
      if (tally.errors > 0 || tally.ok === 0) {
        throw new Error(`${TARGET_LABEL[t]} on the ${p} path failed its warm-up: ${tally.errors} error(s), first: ${tally.firstError}\n${procs[t]?.log() ?? ''}`);
      }
    }
  }

  // --- interleaved rounds ----------------------------------------------------
  const rotate = <T>(xs: T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]!);
  const cpuPid = (t: TargetId) => (t === 'direct' ? upstream.pid : procs[t]!.pid);
  const loadStart = os.loadavg();
  const rounds0 = performance.now();
  for (let r = 0; r < opts.rounds; r++) {
    for (const p of paths) {
      const order = (phase: Phase) => rotate(targetsOn(p, phase), r);
      const line: string[] = [];
      const report = (what: string) => {
        say(`[round ${r + 1}/${opts.rounds}] ${p} ${what}: ${line.join(', ')}`);
        line.length = 0;
      };
      for (const t of order('c1')) {
        const res = raw[p]![t]!;
        const s = new Sample();
        await closedLoop(1, { count: opts.c1 }, () => callOnce(prep(p, t), s, res.tally));
        res.c1.pushAll(s);
        line.push(`${t} ${fmt(s.p(50))}`);
      }
      report('non-stream c=1 p50 ms');
      for (const t of order('c32')) {
        const res = raw[p]![t]!;
        const s = new Sample();
        await closedLoop(opts.c32Concurrency, { count: opts.c32 }, () => callOnce(prep(p, t), s, res.tally));
        res.c32.pushAll(s);
        line.push(`${t} ${fmt(s.p(50))}`);
      }
      report(`non-stream c=${opts.c32Concurrency} p50 ms`);
      for (const t of order('stream')) {
        const res = raw[p]![t]!;
        const s = streamSamples();
        await closedLoop(1, { count: opts.streams }, () => streamOnce(prep(p, t), s, res.tally, opts.streamTokens));
        mergeStream(res.stream, s);
        line.push(`${t} ${fmt(s.ttft.p(50))}`);
      }
      report('stream TTFT p50 ms');
      for (const t of order('thr')) {
        const res = raw[p]![t]!;
        const tally = new Tally();
        const cpu0 = cpuMs(cpuPid(t));
        const up0 = cpuMs(upstream.pid);
        const { elapsedMs } = await closedLoop(opts.thrConcurrency, { durationMs: opts.thrSeconds * 1000 }, () => callOnce(prep(p, t), null, tally));
        res.thr.push({ ok: tally.ok, ms: elapsedMs, cpuMs: cpuMs(cpuPid(t)) - cpu0, upstreamCpuMs: cpuMs(upstream.pid) - up0 });
        res.tally.ok += tally.ok;
        res.tally.errors += tally.errors;
        res.tally.firstError ??= tally.firstError;
        line.push(`${t} ${Math.round((tally.ok * 1000) / elapsedMs)}`);
      }
      report(`throughput c=${opts.thrConcurrency} req/s`);
    }
  }
  const loadEnd = os.loadavg();
  const roundsSeconds = (performance.now() - rounds0) / 1000;

  const peakRss: Partial<Record<TargetId, number>> = {};
  for (const t of proxyTargets) peakRss[t] = memStatus(procs[t]!.pid)?.hwm ?? NaN;
  await sleep(opts.settleMs);
  const idleAfterRss: Partial<Record<TargetId, number>> = {};
  for (const t of proxyTargets) idleAfterRss[t] = memStatus(procs[t]!.pid)?.rss ?? NaN;
  say(`  peak RSS: ${proxyTargets.map((t) => `${t} ${fmt(peakRss[t]! / 2 ** 20, 1)} MB`).join(', ')}`);

  // --- long haul ---------------------------------------------------------------
  const long: LongResult[] = [];
  if (!opts.skipLong) {
    await postJson(upstream.port, '/__bench/config', { latencyMs: opts.longLatencyMs, tokens: opts.longTokens, tokensPerSec: opts.longTps });
    const plan: Array<[PathId, TargetId]> = [];
    const longTargets: TargetId[] = opts.quick ? ['direct', 'floor', 'switchboard', 'portkey'] : ['direct', 'floor', 'switchboard', 'sb-nolog', 'portkey'];
    for (const t of longTargets) if (t === 'direct' || procs[t]) plan.push(['openai', t]);
    if (!opts.skipTranslation) for (const t of ['switchboard', 'portkey'] as TargetId[]) if (procs[t]) plan.push(['translate', t]);
    for (const [p, t] of plan) {
      say(`  long haul: ${t} on ${p}, ${opts.longSeconds} s at c=${opts.longConcurrency}, upstream ${opts.longLatencyMs} ms + ${opts.longTokens} tokens at ${opts.longTps}/s…`);
      long.push(await longHaul(p, t, t === 'direct' ? upstream : procs[t]!, prep(p, t), opts));
      const l = long.at(-1)!;
      say(`    ${l.ok} streams, ${l.errors} errors; TTFT p50 ${fmt(l.ttft.p(50), 1)} ms; RSS peak ${fmt(l.hwm / 2 ** 20, 1)} MB; ELD p99 ${fmt(l.eld?.p99 ?? NaN)} ms`);
    }
  }

  // --- stop, report ----------------------------------------------------------
  await Promise.all([...proxyTargets.map((t) => procs[t]!.stop()), upstream.stop()]);
  const finishedAt = new Date();
  const results: RawResults = {
    options: opts,
    command,
    machine: machineInfo(ROOT),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    targets: targetsOn('openai'),
    paths: raw,
    idleRss,
    idleAfterRss,
    peakRss,
    long,
    load: { start: loadStart, end: loadEnd, roundsSeconds },
  };
  const summary = summarize(results);
  const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
  const md = renderReport(summary, keptNotes(previous));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(summary, null, 2));
  fs.rmSync(work, { recursive: true, force: true });
  process.stdout.write(`\n${summary.goalsText}\n`);
  say(`\nWrote ${out}${opts.json ? ` and ${opts.json}` : ''} (${fmt((finishedAt.getTime() - startedAt.getTime()) / 1000, 0)} s).`);
}

function mergeStream(into: StreamSamples, s: StreamSamples): void {
  into.ttft.pushAll(s.ttft);
  into.gap.pushAll(s.gap);
  into.transit.pushAll(s.transit);
  into.total.pushAll(s.total);
}

async function longHaul(p: PathId, t: TargetId, proc: ServerProc, pr: Prepared, opts: BenchOptions): Promise<LongResult> {
  const isProxy = t !== 'direct';
  await proc.diag(true);
  const before = memStatus(proc.pid);
  resetPeak(proc.pid);
  const rssSeries: number[] = [];
  const sampler = setInterval(() => {
    const m = memStatus(proc.pid);
    if (m) rssSeries.push(m.rss);
  }, 500);
  const s = streamSamples();
  const tally = new Tally();
  const { elapsedMs } = await closedLoop(opts.longConcurrency, { durationMs: opts.longSeconds * 1000 }, () => streamOnce(pr, s, tally, opts.longTokens));
  clearInterval(sampler);
  const end = memStatus(proc.pid);
  const diag: Diag | null = await proc.diag(true);
  await sleep(opts.settleMs);
  const after = memStatus(proc.pid);
  return {
    path: p,
    target: t,
    isProxy,
    ok: tally.ok,
    errors: tally.errors,
    firstError: tally.firstError,
    elapsedMs,
    ttft: s.ttft,
    transit: s.transit,
    gap: s.gap,
    rssBefore: before?.rss ?? NaN,
    rssSeries,
    hwm: end?.hwm ?? NaN,
    rssEnd: end?.rss ?? NaN,
    rssAfter: after?.rss ?? NaN,
    eld: diag?.eld ?? null,
    heapUsed: diag?.heapUsed ?? NaN,
  };
}

const onSignal = () => {
  killAll();
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
main().catch((err: unknown) => {
  killAll();
  say(`bench failed: ${(err as Error)?.stack ?? String(err)}`);
  process.exitCode = 1;
});
