/**
 * Results of an experiment, from its rows: per pair W/T/L with a Wilson (and
 * bootstrap) 95% interval on the win rate, a Bradley–Terry ranking with
 * bootstrap intervals for 3+ candidates, the judge's inconsistency rate, and
 * per-candidate cost, latency and tokens. Computed twice: as judged, and with
 * the human overrides applied.
 */
import type { CompareExperiment, CompareResults, Figures, PairOutcomeValue, PairResult } from '../../shared/compare';
import { combineOrders, type JudgementState, type PairWinner } from './judge';
import type { AnswerRow, CompareStore, JudgementRow, OverrideRow } from './store';
import { pairsOf } from './store';
import { bootstrapCI, bradleyTerryBootstrap, meanScore, pairCall, quantile, wilson, type Comparison } from './stats';

export interface PairCell {
  itemIdx: number;
  a: number;
  b: number;
  judge: PairOutcomeValue;
  inconsistent: boolean;
  /** Both orders judged and parsed (the denominator of the inconsistency rate). */
  bothJudged: boolean;
  override: OverrideRow | null;
  final: PairOutcomeValue;
}

const key = (itemIdx: number, a: number, b: number) => `${itemIdx}:${a}:${b}`;

function stateOf(j: JudgementRow | undefined): JudgementState {
  if (!j) return { status: 'pending' };
  if (j.status === 'done' && j.winner) return { status: 'done', winner: j.winner };
  if (j.status === 'unparseable') return { status: 'unparseable' };
  if (j.status === 'error') return { status: 'error' };
  if (j.status === 'skipped') return { status: 'skipped' };
  return { status: 'pending' };
}

/** One cell per item × pair: the judge's combined outcome, the override, the final outcome. */
export function pairCells(judgements: readonly JudgementRow[], overrides: readonly OverrideRow[], items: readonly number[], k: number): PairCell[] {
  const byKey = new Map<string, { ab?: JudgementRow; ba?: JudgementRow }>();
  for (const j of judgements) {
    const kk = key(j.itemIdx, j.a, j.b);
    const e = byKey.get(kk) ?? {};
    e[j.order] = j;
    byKey.set(kk, e);
  }
  const ov = new Map(overrides.map((o) => [key(o.itemIdx, o.a, o.b), o]));
  const out: PairCell[] = [];
  for (const itemIdx of items) {
    for (const [a, b] of pairsOf(k)) {
      const e = byKey.get(key(itemIdx, a, b)) ?? {};
      const { outcome, inconsistent } = combineOrders(stateOf(e.ab), stateOf(e.ba));
      const override = ov.get(key(itemIdx, a, b)) ?? null;
      out.push({
        itemIdx,
        a,
        b,
        judge: outcome,
        inconsistent,
        bothJudged: e.ab?.status === 'done' && e.ba?.status === 'done',
        override,
        final: override ? override.verdict : outcome,
      });
    }
  }
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const scoreOf = (o: PairWinner): 0 | 0.5 | 1 => (o === 'a' ? 1 : o === 'b' ? 0 : 0.5);
const isDecided = (o: PairOutcomeValue): o is PairWinner => o === 'a' || o === 'b' || o === 'tie';

export interface FiguresOptions {
  bootstrapIterations?: number;
  seed?: number;
}

export function figures(cells: readonly PairCell[], names: readonly string[], useOverrides: boolean, opts: FiguresOptions = {}): Figures {
  const k = names.length;
  const seed = opts.seed ?? 20240601;
  const iterations = opts.bootstrapIterations ?? 1000;
  const outcome = (c: PairCell) => (useOverrides ? c.final : c.judge);
  const pairs: PairResult[] = pairsOf(k).map(([a, b]) => {
    const mine = cells.filter((c) => c.a === a && c.b === b);
    let wins = 0;
    let ties = 0;
    let losses = 0;
    let unparseable = 0;
    let incomplete = 0;
    const scores: number[] = [];
    for (const c of mine) {
      const o = outcome(c);
      if (o === 'a') wins++;
      else if (o === 'b') losses++;
      else if (o === 'tie') ties++;
      else if (o === 'unparseable') unparseable++;
      else incomplete++;
      if (isDecided(o)) scores.push(scoreOf(o));
    }
    const n = wins + ties + losses;
    const w = wilson(wins + ties / 2, n);
    const boot = n > 0 ? bootstrapCI(scores, meanScore, { iterations, seed: seed + a * 1009 + b }) : null;
    const call = pairCall(n > 0 ? w : null, n);
    const aName = names[a]!;
    const bName = names[b]!;
    const range = n > 0 ? `win rate ${pct(w.p!)} for ${aName} (95% CI ${pct(w.lo)}–${pct(w.hi)}) over ${n} item${n === 1 ? '' : 's'}` : '';
    const summary =
      call === 'no_data'
        ? 'No judged items yet.'
        : call === 'a'
          ? `${aName} beats ${bName}: ${range}.`
          : call === 'b'
            ? `${bName} beats ${aName}: ${range}.`
            : `Too close to call: ${range}.`;
    return {
      a,
      b,
      aName,
      bName,
      wins,
      ties,
      losses,
      n,
      unparseable,
      incomplete,
      inconsistent: mine.filter((c) => c.inconsistent).length,
      winRate: w.p,
      wilson: n > 0 ? { lo: w.lo, hi: w.hi } : null,
      bootstrap: boot && Number.isFinite(boot.lo) ? { lo: boot.lo, hi: boot.hi } : null,
      call,
      summary,
    };
  });

  let ranking: Figures['ranking'] = null;
  if (k >= 3) {
    const groups = new Map<number, Comparison[]>();
    for (const c of cells) {
      const o = outcome(c);
      if (!isDecided(o)) continue;
      const g = groups.get(c.itemIdx) ?? [];
      g.push({ a: c.a, b: c.b, score: scoreOf(o) });
      groups.set(c.itemIdx, g);
    }
    if (groups.size > 0) {
      const bt = bradleyTerryBootstrap(k, [...groups.values()], { iterations: Math.min(iterations, 500), seed, prior: 0.1 });
      const top = bt.entries[0]!;
      const rivals = bt.entries.filter((e) => e !== top && e.rank === top.rank).map((e) => names[e.player]!);
      ranking = {
        method: 'bradley-terry',
        entries: bt.entries.map((e) => ({ candidate: e.player, name: names[e.player]!, strength: e.strength, lo: e.lo, hi: e.hi, rank: e.rank })),
        leader: bt.leader,
        tooCloseToCall: bt.tooCloseToCall,
        summary:
          bt.leader !== null
            ? `${names[bt.leader]} ranks first; its 95% interval is clear of every other candidate's.`
            : `Too close to call: the 95% intervals of ${[names[top.player]!, ...rivals].join(', ')} overlap${rivals.length ? '' : ' with another candidate'}.`,
      };
    }
  }

  const judged = cells.filter((c) => c.bothJudged);
  const inconsistentPairs = judged.filter((c) => c.inconsistent).length;
  return {
    pairs,
    ranking,
    judgedPairs: judged.length,
    inconsistentPairs,
    inconsistencyRate: judged.length ? inconsistentPairs / judged.length : null,
    unparseablePairs: cells.filter((c) => outcome(c) === 'unparseable').length,
    overrides: useOverrides ? cells.filter((c) => c.override).length : 0,
  };
}

function candidateStats(answers: readonly AnswerRow[], names: readonly string[], costs: ReturnType<CompareStore['costs']>): CompareResults['candidates'] {
  return names.map((name, candidate) => {
    const mine = answers.filter((a) => a.candidate === candidate);
    const done = mine.filter((a) => a.status === 'done');
    const lat = done.map((a) => a.latencyMs).filter((x): x is number => typeof x === 'number').sort((x, y) => x - y);
    const outs = done.map((a) => a.outputTokens).filter((x): x is number => typeof x === 'number');
    const c = costs.byCandidate.get(candidate) ?? { cost: 0, unpriced: 0, calls: 0 };
    return {
      candidate,
      name,
      answers: done.length,
      errors: mine.filter((a) => a.status === 'error').length,
      calls: c.calls,
      costUsd: c.cost,
      unpricedCalls: c.unpriced,
      meanLatencyMs: lat.length ? lat.reduce((x, y) => x + y, 0) / lat.length : null,
      p50LatencyMs: lat.length ? quantile(lat, 0.5) : null,
      inputTokens: done.reduce((s, a) => s + (a.inputTokens ?? 0), 0),
      outputTokens: outs.reduce((s, x) => s + x, 0),
      meanOutputTokens: outs.length ? outs.reduce((s, x) => s + x, 0) / outs.length : null,
    };
  });
}

export function computeResults(store: CompareStore, exp: CompareExperiment, opts: FiguresOptions = {}): CompareResults & { cells: PairCell[] } {
  const names = exp.config.candidates;
  const items = store.itemIndexes(exp.id);
  const judgements = store.judgements(exp.id);
  const cells = pairCells(judgements, store.overrides(exp.id), items, names.length);
  const costs = store.costs(exp.id);
  const calls = store.calls(exp.id).filter((c) => c.kind === 'judge');
  const judgeRows = judgements.filter((j) => j.status === 'done' || j.status === 'unparseable');
  const judge = figures(cells, names, false, opts);
  return {
    judge,
    // Without overrides the adjusted figures are the judge's (skip the second bootstrap).
    adjusted: cells.some((c) => c.override) ? figures(cells, names, true, opts) : judge,
    candidates: candidateStats(store.answers(exp.id), names, costs),
    judgeCost: {
      calls: calls.length,
      costUsd: costs.judge,
      unpricedCalls: costs.unpriced - [...costs.byCandidate.values()].reduce((s, c) => s + c.unpriced, 0),
      inputTokens: calls.reduce((s, c) => s + (c.inputTokens ?? 0), 0),
      outputTokens: calls.reduce((s, c) => s + (c.outputTokens ?? 0), 0),
      retries: judgeRows.reduce((s, j) => s + Math.max(0, j.attempts - 1), 0),
      unparseable: judgements.filter((j) => j.status === 'unparseable').length,
    },
    cells,
  };
}
