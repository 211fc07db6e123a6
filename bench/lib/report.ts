import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StreamSamples, Tally } from './client';
import type { BenchOptions } from './options';
import type { Sample } from './stats';
import { PATH_LABEL, TARGET_LABEL, type PathId, type TargetId } from './targets';

export interface TargetRaw {
  c1: Sample;
  c32: Sample;
  stream: StreamSamples;
  thr: Array<{ ok: number; ms: number; cpuMs: number; upstreamCpuMs: number }>;
  tally: Tally;
}

export interface LongResult {
  path: PathId;
  target: TargetId;
  isProxy: boolean;
  ok: number;
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  ttft: Sample;
  transit: Sample;
  gap: Sample;
  rssBefore: number;
  rssSeries: number[];
  hwm: number;
  rssEnd: number;
  rssAfter: number;
  eld: { p50: number; p99: number; max: number; mean: number; count: number } | null;
  heapUsed: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  portkey: string;
  honoNodeServer: string;
}

export interface RawResults {
  options: BenchOptions;
  command: string;
  machine: Machine;
  startedAt: string;
  finishedAt: string;
  targets: TargetId[];
  paths: Partial<Record<PathId, Partial<Record<TargetId, TargetRaw>>>>;
  idleRss: Partial<Record<TargetId, number>>;
  idleAfterRss: Partial<Record<TargetId, number>>;
  peakRss: Partial<Record<TargetId, number>>;
  long: LongResult[];
  /** 1-minute load average before and after the interleaved rounds (other work on the machine skews everything). */
  load: { start: number[]; end: number[]; roundsSeconds: number };
}

function pkgVersion(root: string, name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function machineInfo(root: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    portkey: pkgVersion(root, '@portkey-ai/gateway'),
    honoNodeServer: pkgVersion(root, '@hono/node-server'),
  };
}

// --- summary -------------------------------------------------------------------

type Trio = { p50: number; p90: number; p99: number };
type Duo = { p50: number; p99: number };

export interface TargetSummary {
  ok: number;
  errors: number;
  firstError: string | null;
  c1: Trio;
  c32: Trio;
  ttft: Duo;
  gap: Duo;
  transit: Duo;
  /** Median over rounds, req/s. */
  throughput: number;
  /** Target process CPU per request during the saturation phase (µs); for direct, the upstream's. */
  cpuUsPerReq: number;
  upstreamCpuUsPerReq: number;
  added: { c1: Trio; c32: Trio; ttft: Duo; gap: Duo; transit: Duo };
}

export interface LongSummary {
  path: PathId;
  target: TargetId;
  isProxy: boolean;
  streams: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  ttft: Duo;
  addedTtft: Duo | null;
  addedTransit: Duo | null;
  rssBeforeMb: number;
  rssMidMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  heapUsedMb: number;
  eld: { p50: number; p99: number; max: number } | null;
}

export interface Goal {
  measure: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

export interface Summary {
  command: string;
  machine: Machine;
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  paths: Partial<Record<PathId, { targets: TargetId[]; rows: Partial<Record<TargetId, TargetSummary>> }>>;
  idleRssMb: Partial<Record<TargetId, number>>;
  idleAfterRssMb: Partial<Record<TargetId, number>>;
  peakRssMb: Partial<Record<TargetId, number>>;
  long: LongSummary[];
  load: RawResults['load'];
  goals: Goal[];
  goalsText: string;
}

const trio = (s: Sample): Trio => ({ p50: s.p(50), p90: s.p(90), p99: s.p(99) });
const duo = (s: Sample): Duo => ({ p50: s.p(50), p99: s.p(99) });
const minusTrio = (a: Trio, b: Trio): Trio => ({ p50: a.p50 - b.p50, p90: a.p90 - b.p90, p99: a.p99 - b.p99 });
const minusDuo = (a: Duo, b: Duo): Duo => ({ p50: a.p50 - b.p50, p99: a.p99 - b.p99 });
const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : Math.round((bytes / 2 ** 20) * 10) / 10);
const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mapValues = <K extends string, V, W>(o: Partial<Record<K, V>>, f: (v: V) => W): Partial<Record<K, W>> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)])) as Partial<Record<K, W>>;

export function summarize(r: RawResults): Summary {
  const paths: Summary['paths'] = {};
  for (const [p, byTarget] of Object.entries(r.paths) as Array<[PathId, Partial<Record<TargetId, TargetRaw>>]>) {
    const targets = Object.keys(byTarget) as TargetId[];
    const base = byTarget.direct!;
    const bc1 = trio(base.c1);
    const bc32 = trio(base.c32);
    const bt = duo(base.stream.ttft);
    const bg = duo(base.stream.gap);
    const btr = duo(base.stream.transit);
    const rows: Partial<Record<TargetId, TargetSummary>> = {};
    for (const t of targets) {
      const x = byTarget[t]!;
      const c1 = trio(x.c1);
      const c32 = trio(x.c32);
      const ttft = duo(x.stream.ttft);
      const gap = duo(x.stream.gap);
      const transit = duo(x.stream.transit);
      const totalOk = x.thr.reduce((a, b) => a + b.ok, 0);
      rows[t] = {
        ok: x.tally.ok,
        errors: x.tally.errors,
        firstError: x.tally.firstError,
        c1,
        c32,
        ttft,
        gap,
        transit,
        throughput: median(x.thr.map((h) => (h.ok * 1000) / h.ms)),
        cpuUsPerReq: (x.thr.reduce((a, b) => a + b.cpuMs, 0) * 1000) / totalOk,
        upstreamCpuUsPerReq: (x.thr.reduce((a, b) => a + b.upstreamCpuMs, 0) * 1000) / totalOk,
        added: {
          c1: minusTrio(c1, bc1),
          c32: minusTrio(c32, bc32),
          ttft: minusDuo(ttft, bt),
          gap: minusDuo(gap, bg),
          transit: minusDuo(transit, btr),
        },
      };
    }
    paths[p] = { targets, rows };
  }

  const direct = new Map(r.long.filter((l) => !l.isProxy).map((l) => [l.path, l]));
  const long: LongSummary[] = r.long.map((l) => {
    const d = direct.get(l.path);
    const ttft = duo(l.ttft);
    return {
      path: l.path,
      target: l.target,
      isProxy: l.isProxy,
      streams: l.ok,
      errors: l.errors,
      firstError: l.firstError,
      seconds: l.elapsedMs / 1000,
      ttft,
      addedTtft: d && l.isProxy ? minusDuo(ttft, duo(d.ttft)) : null,
      addedTransit: d && l.isProxy ? minusDuo(duo(l.transit), duo(d.transit)) : null,
      rssBeforeMb: mb(l.rssBefore),
      rssMidMb: mb(l.rssSeries[Math.floor(l.rssSeries.length / 2)]),
      rssEndMb: mb(l.rssEnd),
      rssPeakMb: mb(l.hwm),
      rssAfterMb: mb(l.rssAfter),
      heapUsedMb: mb(l.heapUsed),
      eld: l.eld ? { p50: l.eld.p50, p99: l.eld.p99, max: l.eld.max } : null,
    };
  });

  const s: Summary = {
    command: r.command,
    machine: r.machine,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    options: r.options,
    paths,
    idleRssMb: mapValues(r.idleRss, mb),
    idleAfterRssMb: mapValues(r.idleAfterRss, mb),
    peakRssMb: mapValues(r.peakRss, mb),
    long,
    load: r.load,
    goals: [],
    goalsText: '',
  };
  s.goals = goals(s);
  s.goalsText = s.goals.map((g) => `${g.met === null ? '  ?' : g.met ? ' ok' : 'MISS'}  ${g.measure}: ${g.measured} (goal ${g.goal})`).join('\n');
  return s;
}

function goals(s: Summary): Goal[] {
  const out: Goal[] = [];
  const oa = s.paths.openai?.rows;
  const sb = oa?.switchboard;
  if (!sb || !oa) return out;
  const ms = (v: number) => `${f3(v)} ms`;
  const check = (v: number, ok: boolean) => (Number.isFinite(v) ? ok : null);
  out.push({ measure: 'Added p50, non-stream, c=1', goal: '≤ 0.3 ms', measured: ms(sb.added.c1.p50), met: check(sb.added.c1.p50, sb.added.c1.p50 <= 0.3) });
  out.push({ measure: 'Added p99, non-stream, c=1', goal: '≤ 1.5 ms', measured: ms(sb.added.c1.p99), met: check(sb.added.c1.p99, sb.added.c1.p99 <= 1.5) });
  out.push({ measure: 'Added time-to-first-token (p50)', goal: '≤ 0.5 ms', measured: ms(sb.added.ttft.p50), met: check(sb.added.ttft.p50, sb.added.ttft.p50 <= 0.5) });
  const pk = oa.portkey;
  const floor = oa.floor;
  if (pk) {
    const ratio = sb.throughput / pk.throughput;
    out.push({ measure: 'Throughput vs Portkey', goal: '≥ 3×', measured: `${Math.round(sb.throughput)} vs ${Math.round(pk.throughput)} req/s = ${f2(ratio)}×`, met: check(ratio, ratio >= 3) });
  } else {
    out.push({ measure: 'Throughput vs Portkey', goal: '≥ 3×', measured: 'Portkey not run', met: null });
  }
  if (floor) {
    const ratio = sb.throughput / floor.throughput;
    out.push({ measure: 'Throughput vs floor', goal: '≥ 0.7×', measured: `${Math.round(sb.throughput)} vs ${Math.round(floor.throughput)} req/s = ${f2(ratio)}×`, met: check(ratio, ratio >= 0.7) });
  }
  const idle = s.idleRssMb.switchboard ?? NaN;
  const viaTsx = s.idleRssMb['sb-tsx'];
  out.push({
    measure: 'Idle RSS of `switchboard serve`',
    goal: '≤ 120 MB',
    measured: `${f1(idle)} MB${viaTsx !== undefined ? ` (through tsx: ${f1(viaTsx)} MB)` : ''}`,
    met: check(idle, idle <= 120),
  });
  const lh = s.long.find((l) => l.target === 'switchboard' && l.path === 'openai');
  if (lh) {
    // Bounded: memory stops growing once the load is steady (second half within 25% of the middle), and the loop keeps turning.
    const bounded = lh.rssEndMb <= lh.rssMidMb * 1.25 && (lh.eld?.max ?? Infinity) < 1000 && lh.errors === 0;
    out.push({
      measure: `Long haul (c=${s.options.longConcurrency}, ${s.options.longLatencyMs} ms + ${s.options.longTps} tokens/s): memory and event-loop delay bounded`,
      goal: 'bounded',
      measured: `RSS ${f1(lh.rssMidMb)} MB mid-run → ${f1(lh.rssEndMb)} MB at end (peak ${f1(lh.rssPeakMb)}, ${f1(lh.rssAfterMb)} idle after); event-loop delay p99 ${f1(lh.eld?.p99 ?? NaN)} ms, max ${f1(lh.eld?.max ?? NaN)} ms; ${lh.errors} failed streams`,
      met: bounded,
    });
  }
  const off = oa['sb-nolog'];
  if (off) {
    const d = sb.added.c1.p50 - off.added.c1.p50;
    out.push({ measure: 'Logging on vs off, added p50 (c=1)', goal: '≤ 0.05 ms', measured: `${ms(sb.added.c1.p50)} on, ${ms(off.added.c1.p50)} off: Δ ${ms(d)}`, met: check(d, Math.abs(d) <= 0.05) });
  }
  return out;
}

// --- markdown ------------------------------------------------------------------

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const ratio = (a: number, b: number, minDen = 0) => (Number.isFinite(a) && Number.isFinite(b) && b > minDen ? `${f2(a / b)}×` : '—');

interface Row {
  label: string;
  /** Value per target, number (formatted by `fmt`). */
  get: (t: TargetSummary, id: TargetId) => number;
  fmt: (v: number) => string;
  /** For added-latency rows: direct is 0 by definition; show its absolute value instead. */
  directAbs?: (t: TargetSummary) => number;
  /** Ratios make sense (throughput, CPU, memory) vs direct too. */
  ratioVsDirect?: boolean;
  /** Smallest denominator for a meaningful ratio. */
  minDen?: number;
}

function pathTable(s: Summary, p: PathId): string {
  const ps = s.paths[p];
  if (!ps) return '';
  const cols = (['direct', 'floor', 'switchboard', 'portkey'] as TargetId[]).filter((t) => ps.rows[t]);
  const o = s.options;
  const lat = (k: 'c1' | 'c32', q: keyof Trio): Row => ({
    label: `Added latency ${q}, non-stream, c=${k === 'c1' ? 1 : o.c32Concurrency} (ms)`,
    get: (t) => t.added[k][q],
    fmt: f3,
    directAbs: (t) => t[k][q],
    minDen: 0.005,
  });
  const st = (k: 'ttft' | 'gap' | 'transit', q: keyof Duo, label: string): Row => ({
    label: `${label} ${q} (ms)`,
    get: (t) => t.added[k][q],
    fmt: f3,
    directAbs: (t) => t[k][q],
    minDen: 0.005,
  });
  const rows: Row[] = [
    lat('c1', 'p50'), lat('c1', 'p90'), lat('c1', 'p99'),
    lat('c32', 'p50'), lat('c32', 'p90'), lat('c32', 'p99'),
    st('ttft', 'p50', 'Added time-to-first-token'), st('ttft', 'p99', 'Added time-to-first-token'),
    st('gap', 'p50', 'Added inter-chunk gap'), st('gap', 'p99', 'Added inter-chunk gap'),
    st('transit', 'p50', 'Added per-chunk delay'), st('transit', 'p99', 'Added per-chunk delay'),
    { label: `Throughput at saturation, c=${o.thrConcurrency} (req/s)`, get: (t) => t.throughput, fmt: (v) => String(Math.round(v)), ratioVsDirect: true },
    { label: 'Proxy CPU per request at saturation (µs)', get: (t, id) => (id === 'direct' ? NaN : t.cpuUsPerReq), fmt: (v) => (Number.isFinite(v) ? String(Math.round(v)) : '—') },
    { label: 'Peak RSS over the run (MB)', get: (_t, id) => s.peakRssMb[id] ?? NaN, fmt: (v) => (Number.isFinite(v) ? f1(v) : '—') },
  ];
  const head = `| Measure | ${cols.map((c) => TARGET_LABEL[c]).join(' | ')} | SB vs direct | SB vs floor | SB vs Portkey |`;
  const sep = `| --- | ${cols.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`;
  const lines = rows.map((row) => {
    const cells = cols.map((c) => {
      const t = ps.rows[c]!;
      if (c === 'direct' && row.directAbs) return `0 (abs ${row.fmt(row.directAbs(t))})`;
      return row.fmt(row.get(t, c));
    });
    const sbv = row.get(ps.rows.switchboard!, 'switchboard');
    const val = (c: TargetId) => (ps.rows[c] ? row.get(ps.rows[c]!, c) : NaN);
    const vsDirect = row.ratioVsDirect ? ratio(sbv, val('direct')) : '—';
    return `| ${row.label} | ${cells.join(' | ')} | ${vsDirect} | ${ratio(sbv, val('floor'), row.minDen ?? 0)} | ${ratio(sbv, val('portkey'), row.minDen ?? 0)} |`;
  });
  const errs = cols
    .map((c) => ({ c, r: ps.rows[c]! }))
    .map(({ c, r }) => `${TARGET_LABEL[c]} ${r.ok} ok / ${r.errors} failed${r.firstError ? ` (first: ${r.firstError.replace(/\|/g, '\\|').slice(0, 160)})` : ''}`);
  return [head, sep, ...lines, '', `Calls: ${errs.join('; ')}.`].join('\n');
}

function loggingTable(s: Summary): string {
  const rows = s.paths.openai?.rows;
  const on = rows?.switchboard;
  const off = rows?.['sb-nolog'];
  if (!on || !off) return '_Not measured._';
  const nowait = rows?.['sb-async'];
  const o = s.options;
  const int = (v: number) => String(Math.round(v));
  const line = (label: string, get: (t: TargetSummary) => number, fmt: (v: number) => string) => {
    const a = get(on);
    const b = get(off);
    return `| ${label} | ${fmt(a)} | ${nowait ? `${fmt(get(nowait))} | ` : ''}${fmt(b)} | ${fmt(a - b)} |`;
  };
  return [
    `| Measure | logging on (as shipped) | ${nowait ? 'logging on, end not held (`SWITCHBOARD_LOG=async`) | ' : ''}logging off (\`SWITCHBOARD_LOG=off\`) | on − off |`,
    `| --- | ---: | ${nowait ? '---: | ' : ''}---: | ---: |`,
    line('Added latency p50, c=1 (ms)', (t) => t.added.c1.p50, f3),
    line('Added latency p99, c=1 (ms)', (t) => t.added.c1.p99, f3),
    line(`Added latency p50, c=${o.c32Concurrency} (ms)`, (t) => t.added.c32.p50, f3),
    line(`Added latency p99, c=${o.c32Concurrency} (ms)`, (t) => t.added.c32.p99, f3),
    line('Added time-to-first-token p50 (ms)', (t) => t.added.ttft.p50, f3),
    line('Added time-to-first-token p99 (ms)', (t) => t.added.ttft.p99, f3),
    line(`Throughput, c=${o.thrConcurrency} (req/s)`, (t) => t.throughput, int),
    line('CPU per request at saturation (µs)', (t) => t.cpuUsPerReq, int),
  ].join('\n');
}

function longTable(s: Summary): string {
  if (s.long.length === 0) return '_Skipped (`--skip-long`)._';
  const head =
    '| Path | Target | Streams ok / failed | TTFT p50 / p99 (ms) | Added TTFT p50 / p99 (ms) | Added per-chunk delay p50 / p99 (ms) | RSS before → mid → end (MB) | Peak RSS (MB) | RSS when idle again (MB) | Event-loop delay p50 / p99 / max (ms) |';
  const sep = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = s.long.map((l) => {
    const d = (x: Duo | null) => (x ? `${f3(x.p50)} / ${f3(x.p99)}` : '—');
    return `| ${l.path === 'openai' ? 'OpenAI' : 'translation'} | ${TARGET_LABEL[l.target]}${l.isProxy ? '' : ' (upstream itself)'} | ${l.streams} / ${l.errors} | ${f1(l.ttft.p50)} / ${f1(l.ttft.p99)} | ${d(l.addedTtft)} | ${d(l.addedTransit)} | ${f1(l.rssBeforeMb)} → ${f1(l.rssMidMb)} → ${f1(l.rssEndMb)} | ${f1(l.rssPeakMb)} | ${f1(l.rssAfterMb)} | ${l.eld ? `${f2(l.eld.p50)} / ${f2(l.eld.p99)} / ${f2(l.eld.max)}` : '—'} |`;
  });
  const failed = s.long.filter((l) => l.firstError).map((l) => `${TARGET_LABEL[l.target]} (${l.path}): ${l.firstError}`);
  return [head, sep, ...lines, ...(failed.length ? ['', `First errors: ${failed.join('; ')}`] : [])].join('\n');
}

function bundleTable(s: Summary): string {
  const rows = s.paths.openai?.rows;
  const tsx = rows?.['sb-tsx'];
  const bun = rows?.switchboard;
  if (!tsx || !bun) return '_Not measured (`--quick`, `--no-tsx`, or esbuild unavailable)._';
  const o = s.options;
  const line = (label: string, a: number, b: number, fmt: (v: number) => string) => `| ${label} | ${fmt(a)} | ${fmt(b)} |`;
  const int = (v: number) => String(Math.round(v));
  return [
    '| Measure | `bin/switchboard.mjs` (tsx loader) | esbuild bundle of the CLI |',
    '| --- | ---: | ---: |',
    line('Idle RSS at start (MB)', s.idleRssMb['sb-tsx'] ?? NaN, s.idleRssMb.switchboard ?? NaN, f1),
    line('Peak RSS over the rounds (MB)', s.peakRssMb['sb-tsx'] ?? NaN, s.peakRssMb.switchboard ?? NaN, f1),
    line('Added latency p50, c=1 (ms)', tsx.added.c1.p50, bun.added.c1.p50, f3),
    line('Added latency p99, c=1 (ms)', tsx.added.c1.p99, bun.added.c1.p99, f3),
    line(`Throughput, c=${o.thrConcurrency} (req/s)`, tsx.throughput, bun.throughput, int),
    line('CPU per request (µs)', tsx.cpuUsPerReq, bun.cpuUsPerReq, int),
  ].join('\n');
}

function memoryTable(s: Summary): string {
  const ids = (['floor', 'switchboard', 'sb-async', 'sb-nolog', 'sb-tsx', 'portkey'] as TargetId[]).filter((t) => s.idleRssMb[t] !== undefined);
  return [
    `| | ${ids.map((t) => TARGET_LABEL[t]).join(' | ')} |`,
    `| --- | ${ids.map(() => '---:').join(' | ')} |`,
    `| Idle RSS at start, before any call (MB) | ${ids.map((t) => f1(s.idleRssMb[t]!)).join(' | ')} |`,
    `| Peak RSS over the interleaved rounds (MB) | ${ids.map((t) => f1(s.peakRssMb[t]!)).join(' | ')} |`,
    `| RSS when idle after the rounds (MB) | ${ids.map((t) => f1(s.idleAfterRssMb[t]!)).join(' | ')} |`,
  ].join('\n');
}

const NOTES_START = '<!-- notes:start (kept by npm run bench; edit freely) -->';
const NOTES_END = '<!-- notes:end -->';

/** The hand-written notes block of an existing report, carried into the new one. */
export function keptNotes(previous: string | null): string {
  if (previous) {
    const a = previous.indexOf(NOTES_START);
    const b = previous.indexOf(NOTES_END);
    if (a !== -1 && b > a) return previous.slice(a, b + NOTES_END.length);
  }
  return `${NOTES_START}\n_No notes yet._\n${NOTES_END}`;
}

export function renderReport(s: Summary, notes = keptNotes(null)): string {
  const m = s.machine;
  const o = s.options;
  const up = s.paths.openai?.rows;
  const upCpu = up ? Object.entries(up).map(([t, r]) => `${TARGET_LABEL[t as TargetId]} ${Math.round(r!.upstreamCpuUsPerReq)}`).join(', ') : '';
  const goalRows = s.goals.map((g) => `| ${g.measure} | ${g.goal} | ${g.measured} | ${g.met === null ? '?' : g.met ? 'yes' : '**no**'} |`);
  return `# Benchmarks

Switchboard sits in every call, so what it adds must be close to nothing. This
page is produced by \`npm run bench\` (issue 8) and overwritten on every full
run; the numbers below are from a real run on the machine described.

## Machine and command

- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.ramGb} GB; ${m.os}
- Node ${m.node}; Portkey gateway ${m.portkey} (\`@hono/node-server\` ${m.honoNodeServer})
- Run: ${s.startedAt} → ${s.finishedAt}; load average (1 min) ${f2(s.load.start[0] ?? NaN)} before the rounds, ${f2(s.load.end[0] ?? NaN)} after (${m.cores} cores: above that, other work was competing)
- Command: \`${s.command}\`
- Sizes: ${o.rounds} interleaved rounds; per target and round ${o.c1} calls at c=1, ${o.c32} at c=${o.c32Concurrency}, ${o.streams} streams of ${o.streamTokens} tokens at ${o.tokensPerSec} tokens/s, ${o.thrSeconds} s of saturation at c=${o.thrConcurrency}; prompt ${o.promptBytes} bytes; ${o.warmup} warm-up calls per target.

## Goals (issue 8)

| Measure | Goal | Measured | Met |
| --- | --- | --- | --- |
${goalRows.join('\n')}

## Findings

${notes}

## ${PATH_LABEL.openai}

${pathTable(s, 'openai')}

${s.paths.translate ? `## ${PATH_LABEL.translate}

Here **direct** and **floor** send the native Anthropic request to the
Anthropic-format upstream (a perfect gateway could do no better);
**switchboard** and **portkey** receive the OpenAI request for \`claude-haiku-4-5\`
and translate both ways (Portkey: \`x-portkey-provider: anthropic\` with a custom host).

${pathTable(s, 'translate')}
` : ''}
## Logging on vs off

The same Switchboard build in separate processes, interleaved in the same
rounds: with the request log as users run it (SQLite, and each response's end
held until its row is committed: \`electron/proxy/durable-end.ts\`), with the
log but without holding the end (\`SWITCHBOARD_LOG=async\`), and without the
log (\`SWITCHBOARD_LOG=off\`). \`c=${s.options.c32Concurrency}\` is not run for the middle one.

${loggingTable(s)}

## Memory

${memoryTable(s)}

## tsx loader vs a bundled CLI

\`bin/switchboard.mjs\` runs the esbuild bundle in \`dist-cli/\` (built by
\`npm install\` and by the bench) while it is up to date with the sources, and
otherwise compiles the TypeScript sources at start through tsx's loader (which
keeps a loader thread alive). Every Switchboard above runs the bundle; this
variant forces tsx (\`SWITCHBOARD_CLI=tsx\`), in the c=1 and saturation phases.

${bundleTable(s)}

## Long haul: upstream latency ${o.longLatencyMs} ms, ${o.longTokens} tokens at ${o.longTps} tokens/s, concurrency ${o.longConcurrency}

${o.longSeconds} s per target, one target at a time. RSS is sampled from
\`/proc/<pid>/status\` every 500 ms; peak is \`VmHWM\` (reset before the phase).
Event-loop delay is \`perf_hooks.monitorEventLoopDelay\` inside the target
process (10 ms resolution, so the floor of p50 is ~10 ms: it measures timer
lateness, not idle time).

${longTable(s)}

## Method

- **Processes.** The fake upstream (\`bench/upstream.mjs\`), the floor
  (\`bench/floor.mjs\`), each Switchboard (\`node bin/switchboard.mjs serve\`, a
  real data dir with the key in the vault and a client token) and Portkey
  (\`@portkey-ai/gateway\`'s \`gateway\` bin, \`--headless\`) each run in their
  own process; this process only generates load. All on 127.0.0.1.
- **Upstream.** Precomputed bodies, no JSON parsing, latency 0 by default.
  Streams send the first token with the response headers and the rest at the
  configured rate; every token is a stamp of the upstream's monotonic clock,
  which the client reads too, so the delay each proxy adds to every chunk is
  measured directly ("per-chunk delay"). Upstream CPU per request at
  saturation, µs: ${upCpu}.
- **Floor.** A raw Node pass-through: \`http.createServer\` piping each request
  to the upstream on a keep-alive agent and the answer back. No parsing, no
  auth, no logging: the least any Node proxy can cost.
- **Client.** \`node:http\` with one keep-alive agent per target, precomputed
  bodies, no JSON parsing. Every answer is checked (status, body, token count
  and terminal event of each stream); failures are counted, never timed.
- **Interleaving.** Every round runs every target through every phase, in a
  rotated order, so machine drift hits all targets alike. Samples are pooled
  over rounds; throughput is the median over rounds.
- **Added** = the target's percentile minus direct's percentile (same phase).
  Time to first token is measured to the first token, not the first byte.
  Inter-chunk gap is the time between consecutive tokens at the client.
- **CPU per request** is the target process's user+system time
  (\`/proc/<pid>/stat\`) during the saturation phase divided by the calls it
  served; on a 2-core machine shared by client, upstream and proxy it is the
  fairest measure of efficiency.
- **Memory.** RSS from \`/proc/<pid>/status\` (\`VmRSS\`, \`VmHWM\`). Idle RSS is
  read ${s.options.settleMs} ms after the process listens, before any call;
  "idle again" readings ${s.options.settleMs} ms after the load stops.
`;
}
