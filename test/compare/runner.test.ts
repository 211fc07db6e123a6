import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import type { CompareProgress } from '../../shared/compare';
import { INTERNAL_TOKEN_NAME } from '../../electron/compare/internal-token';
import type { CompareService } from '../../electron/compare/service';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addJudgeProvider, gradeJudge, serviceFor, startJudgeServer, type JudgeServer } from './helpers';

let gw: TestGateway;
let svc: CompareService;
let judge: JudgeServer;
let judgeMode: 'grade' | 'flaky' = 'grade';

beforeAll(async () => {
  gw = await startTestGateway();
  judge = await startJudgeServer((s, n) => (judgeMode === 'flaky' && n % 2 === 1 ? 'Hmm, let me think. B, probably?' : gradeJudge(s)));
  addJudgeProvider(gw, judge);
  svc = serviceFor(gw);
});
afterAll(async () => {
  await gw?.close();
  await judge?.close();
});

const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ prompt: `${tag} question ${i}: explain item ${i}.` }));
const parse = <K extends keyof typeof contract>(name: K, value: unknown) => (contract[name] as { output?: { parse(v: unknown): unknown } }).output!.parse(value);

async function run(id: string): Promise<void> {
  svc.start(id);
  await svc.whenIdle(id);
}

describe('a judge that always prefers the first position', () => {
  it('is neutralised by swapping: every pair a tie, inconsistency 100%', async () => {
    gw.openai.setBehaviour({ text: '{"reasoning":"first","verdict":"A"}' }, 'gpt-4.1');
    gw.openai.setBehaviour({ text: 'Answer from the OpenAI side.' }, 'gpt-4o-mini');
    gw.anthropic.setBehaviour({ text: 'Answer from the Anthropic side.' }, 'claude-sonnet-4-5');
    const exp = svc.create({
      name: 'position bias',
      candidates: ['gpt-4o-mini', 'claude-sonnet-4-5'],
      judge: 'gpt-4.1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: true,
      genParams: { temperature: 0.2, max_tokens: 200 },
      concurrency: 3,
      items: items(6, 'bias'),
    });
    await run(exp.id);
    const detail = svc.get(exp.id);
    parse('compare.get', detail);
    expect(detail.experiment.status).toBe('done');
    expect(detail.progress.done).toBe(detail.progress.total);
    expect(detail.progress.total).toBe(6 * 2 + 6 * 2);
    const pair = detail.results.judge.pairs[0]!;
    expect(pair).toMatchObject({ wins: 0, losses: 0, ties: 6, n: 6, inconsistent: 6, winRate: 0.5, call: 'too_close' });
    expect(pair.summary).toMatch(/^Too close to call/);
    expect(detail.results.judge.inconsistencyRate).toBe(1);
    expect(detail.results.judge.judgedPairs).toBe(6);
    expect(detail.warnings.join(' ')).toMatch(/same model family \(OpenAI GPT \/ o-series\) as gpt-4o-mini/);

    // Both orders really were shown: the same item's two judge calls carry the answers swapped.
    const judgeCalls = gw.openai.chatRequests().filter((r) => r.model === 'gpt-4.1');
    expect(judgeCalls).toHaveLength(12);
    for (const r of judgeCalls) {
      expect(r.body.response_format).toEqual({ type: 'json_object' });
      expect(r.body.temperature).toBe(0);
      expect(JSON.stringify(r.body.messages)).not.toMatch(/gpt-4o-mini|claude-sonnet/);
    }
    const first = (u: string) => /<response_a>\n([^\n]*)/.exec(u)?.[1];
    const q0 = judgeCalls.filter((r) => String(r.body.messages[1].content).includes('bias question 0:'));
    expect(q0.map((r) => first(String(r.body.messages[1].content))).sort()).toEqual(['Answer from the Anthropic side.', 'Answer from the OpenAI side.']);

    // Candidates got the shared generation parameters.
    const cand = gw.openai.chatRequests().filter((r) => r.model === 'gpt-4o-mini');
    expect(cand[0]!.body).toMatchObject({ temperature: 0.2, max_tokens: 200 });

    // Drill-down: both verdicts with reasoning.
    const item = svc.item(exp.id, 0);
    parse('compare.item', item);
    expect(item.answers.map((a) => a.text)).toEqual(['Answer from the OpenAI side.', 'Answer from the Anthropic side.']);
    expect(item.pairs[0]!.judgements.map((j) => [j.order, j.verdict, j.winner, j.reasoning])).toEqual([
      ['ab', 'A', 'a', 'first'],
      ['ba', 'A', 'b', 'first'],
    ]);
    expect(item.pairs[0]).toMatchObject({ judge: 'tie', inconsistent: true, final: 'tie', override: null });

    // Human override: adjusted figures move, the judge's stay.
    const o = svc.override({ experimentId: exp.id, idx: 0, a: 1, b: 0, verdict: 'b', note: 'OpenAI side is right' });
    expect(o.pairs[0]).toMatchObject({ judge: 'tie', final: 'a', override: { verdict: 'a', note: 'OpenAI side is right' } });
    const after = svc.results(exp.id);
    expect(after.judge.pairs[0]).toMatchObject({ wins: 0, ties: 6 });
    expect(after.adjusted.pairs[0]).toMatchObject({ wins: 1, ties: 5 });
    expect(after.adjusted.overrides).toBe(1);
    svc.override({ experimentId: exp.id, idx: 0, a: 0, b: 1, verdict: null });
    expect(svc.results(exp.id).adjusted.pairs[0]).toMatchObject({ wins: 0, ties: 6 });

    // Exports.
    const csv = svc.export(exp.id, 'csv');
    parse('compare.export', csv);
    expect(csv.mimeType).toBe('text/csv');
    const lines = csv.content.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    expect(lines[0]).toMatch(/^item,prompt,system,reference,candidate_a,candidate_b,answer_a,answer_b,verdict_a_first/);
    expect(lines[1]).toContain('gpt-4o-mini,claude-sonnet-4-5');
    const json = JSON.parse(svc.export(exp.id, 'json').content);
    expect(json.results.judge.inconsistencyRate).toBe(1);
    expect(json.items).toHaveLength(6);
  });
});

describe('a judge with a true preference', () => {
  it('comes out significant on enough items, with a Bradley–Terry ranking for 3 candidates', async () => {
    judgeMode = 'grade';
    gw.openai.setBehaviour({ text: 'GOOD answer, thorough.' }, 'gpt-4o');
    gw.openai.setBehaviour({ text: 'meh answer.' }, 'gpt-4.1-mini');
    gw.anthropic.setBehaviour({ text: 'bad answer!' }, 'claude-haiku-5-5');
    const exp = svc.create({
      name: 'preference',
      candidates: ['gpt-4o', 'claude-haiku-5-5', 'gpt-4.1-mini'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 4,
      items: items(12, 'pref'),
    });
    const events: CompareProgress[] = [];
    const off = svc.subscribe((p) => p.experimentId === exp.id && events.push(p));
    await run(exp.id);
    off();
    const r = svc.get(exp.id);
    parse('compare.get', r);
    const [p01, p02, p12] = r.results.judge.pairs;
    expect(p01).toMatchObject({ a: 0, b: 1, wins: 12, losses: 0, ties: 0, call: 'a' });
    expect(p01!.wilson!.lo).toBeGreaterThan(0.7);
    expect(p01!.summary).toMatch(/^gpt-4o beats claude-haiku-5-5: win rate 100%/);
    expect(p02).toMatchObject({ wins: 12, call: 'a' });
    expect(p12).toMatchObject({ losses: 12, call: 'b' });
    expect(r.results.judge.inconsistencyRate).toBe(0);
    const ranking = r.results.judge.ranking!;
    expect(ranking.entries.map((e) => e.name)).toEqual(['gpt-4o', 'gpt-4.1-mini', 'claude-haiku-5-5']);
    expect(ranking.leader).toBe(0);
    expect(ranking.tooCloseToCall).toBe(false);
    expect(ranking.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
    expect(r.warnings).toEqual([]);

    // Per-candidate cost, latency and tokens; the judge's cost apart.
    for (const c of r.results.candidates) {
      expect(c.answers).toBe(12);
      expect(c.outputTokens).toBeGreaterThan(0);
      expect(c.meanLatencyMs).toBeGreaterThan(0);
    }
    expect(r.results.candidates[0]!.costUsd).toBeGreaterThan(0);
    expect(r.results.judgeCost.calls).toBe(12 * 3 * 2);
    expect(r.results.judgeCost.unpricedCalls).toBe(12 * 3 * 2); // judgebox is not in the price data

    // Progress events: monotonic, ending done with nothing left.
    expect(events.length).toBeGreaterThan(3);
    const dones = events.map((e) => e.done);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    const last = events.at(-1)!;
    parse('compare.start', last);
    expect(last).toMatchObject({ status: 'done', done: 12 * 3 + 12 * 3 * 2, total: 12 * 3 + 12 * 3 * 2, etaMs: 0 });
    expect(last.candidateCostUsd).toBeGreaterThan(0);
    expect(events.some((e) => e.status === 'running' && e.etaMs !== null && e.etaMs > 0)).toBe(true);
  });

  it('is "too close to call" on too few items', async () => {
    const exp = svc.create({
      name: 'few items',
      candidates: ['gpt-4o', 'claude-haiku-5-5'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 2,
      items: items(3, 'few'),
    });
    await run(exp.id);
    const pair = svc.results(exp.id).judge.pairs[0]!;
    expect(pair).toMatchObject({ wins: 3, n: 3, call: 'too_close' });
    expect(pair.wilson!.lo).toBeLessThan(0.5);
  });
});

describe('unparseable judge output', () => {
  it('is retried once, then recorded and shown; never a win, never a crash', async () => {
    gw.openai.setBehaviour({ text: 'I think A is better, honestly.' }, 'gpt-4.1-nano');
    const exp = svc.create({
      name: 'unparseable',
      candidates: ['gpt-4o', 'claude-haiku-5-5'],
      judge: 'gpt-4.1-nano',
      criteria: 'custom',
      rubric: 'Prefer brevity.',
      referenceMode: false,
      genParams: {},
      concurrency: 2,
      items: items(2, 'unp'),
    });
    const before = gw.openai.chatRequests().filter((r) => r.model === 'gpt-4.1-nano').length;
    await run(exp.id);
    const r = svc.get(exp.id);
    expect(r.experiment.status).toBe('done');
    expect(r.progress.judgements).toEqual({ done: 4, total: 4, unparseable: 4 });
    const pair = r.results.judge.pairs[0]!;
    expect(pair).toMatchObject({ wins: 0, losses: 0, ties: 0, n: 0, unparseable: 2, call: 'no_data', winRate: null });
    expect(r.results.judge.unparseablePairs).toBe(2);
    expect(r.results.judgeCost).toMatchObject({ calls: 8, retries: 4, unparseable: 4 });
    expect(gw.openai.chatRequests().filter((r) => r.model === 'gpt-4.1-nano').length - before).toBe(8);
    const j = svc.item(exp.id, 0).pairs[0]!;
    expect(j.judge).toBe('unparseable');
    expect(j.judgements[0]).toMatchObject({ status: 'unparseable', attempts: 2, verdict: null, winner: null });
    expect(j.judgements[0]!.raw).toContain('I think A is better, honestly.');
    expect(j.judgements[0]!.error).toMatch(/could not be parsed/);
    // The retry's prompt says why.
    const retries = gw.openai.chatRequests().filter((x) => x.model === 'gpt-4.1-nano' && String(x.body.messages[1].content).includes('could not be parsed'));
    expect(retries).toHaveLength(4);
    // A human can still decide it.
    svc.override({ experimentId: exp.id, idx: 0, a: 0, b: 1, verdict: 'a' });
    expect(svc.results(exp.id).adjusted.pairs[0]).toMatchObject({ wins: 1, n: 1, unparseable: 1 });
    expect(svc.export(exp.id, 'csv').content).toContain('unparseable');
  });

  it('a reply that parses on the retry counts normally', async () => {
    judgeMode = 'flaky';
    const exp = svc.create({
      name: 'flaky judge',
      candidates: ['gpt-4o', 'claude-haiku-5-5'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 1,
      items: items(2, 'flaky'),
    });
    await run(exp.id);
    judgeMode = 'grade';
    const r = svc.results(exp.id);
    expect(r.judge.pairs[0]).toMatchObject({ wins: 2, n: 2, unparseable: 0 });
    expect(r.judgeCost).toMatchObject({ calls: 8, retries: 4, unparseable: 0 });
  });
});

describe('every call is a real proxied call', () => {
  it('appears in the request log, tagged compare or judge, under the internal token', async () => {
    const exp = svc.create({
      name: 'logged',
      candidates: ['gpt-4o', 'claude-sonnet-4-5'],
      judge: 'gpt-4.1',
      criteria: 'correctness',
      rubric: null,
      referenceMode: true,
      genParams: {},
      concurrency: 2,
      items: [
        { prompt: 'logged question 1', reference: 'The answer is 1.' },
        { prompt: 'logged question 2', system: 'Answer in French.' },
      ],
    });
    const est = svc.estimate(exp.id);
    parse('compare.estimate', est);
    expect(est).toMatchObject({ items: 2, candidateCalls: 4, judgeCalls: 4 });
    expect(est.totalUsd).toBeGreaterThan(0);
    expect(est.judge.costUsd).toBeGreaterThan(0);
    expect(est.unpriced).toEqual([]);

    await run(exp.id);
    gw.flush();
    const calls = svc.store.calls(exp.id);
    expect(calls).toHaveLength(8);
    const rows = gw.app.db
      .prepare(`SELECT id, source, token_name, requested_model, status FROM requests WHERE id IN (${calls.map(() => '?').join(',')})`)
      .all(...calls.map((c) => c.requestId)) as Array<{ id: string; source: string; token_name: string; requested_model: string; status: number }>;
    expect(rows).toHaveLength(8);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of calls) {
      const row = byId.get(c.requestId!)!;
      expect(row.source).toBe(c.kind === 'answer' ? 'compare' : 'judge');
      expect(row.token_name).toBe(INTERNAL_TOKEN_NAME);
      expect(row.requested_model).toBe(c.model);
      expect(row.status).toBe(200);
    }
    // Reference mode: the judge saw the reference; the system prompt reached the candidates.
    const judged = gw.openai.chatRequests().filter((r) => r.model === 'gpt-4.1' && String(r.body.messages[1].content).includes('logged question 1'));
    expect(judged).toHaveLength(2);
    for (const r of judged) expect(String(r.body.messages[1].content)).toContain('<reference_answer>\nThe answer is 1.\n</reference_answer>');
    const cand = gw.openai.chatRequests().find((r) => r.model === 'gpt-4o' && JSON.stringify(r.body.messages).includes('logged question 2'));
    expect(cand!.body.messages[0]).toEqual({ role: 'system', content: 'Answer in French.' });
    // Costs come from the log once it has the rows.
    const res = svc.results(exp.id);
    const logged = gw.app.db
      .prepare(`SELECT SUM(cost_usd) AS s FROM requests WHERE id IN (${calls.filter((c) => c.kind === 'judge').map(() => '?').join(',')})`)
      .get(...calls.filter((c) => c.kind === 'judge').map((c) => c.requestId)) as { s: number };
    expect(res.judgeCost.costUsd).toBeCloseTo(logged.s, 12);
    expect(svc.warnings(svc.store.getExperiment(exp.id)!).join(' ')).toMatch(/1 of 2 items have no reference/);
  });
});

describe('prompt sets', () => {
  it('samples real traffic from the log (app traffic excluded), by token, model and date', async () => {
    const t0 = Date.now();
    gw.openai.setBehaviour({ text: 'ok' }, 'gpt-4o');
    for (const [i, model] of ['gpt-4o', 'gpt-4o', 'claude-haiku-5-5'].entries()) {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: `real traffic ${i}` }] }),
      });
      expect(res.status).toBe(200);
    }
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gw.token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-haiku-5-5', max_tokens: 50, system: 'Anthropic system', messages: [{ role: 'user', content: [{ type: 'text', text: 'anthropic traffic' }] }] }),
    });
    expect(res.status).toBe(200);
    gw.flush();
    const all = svc.sampleFromLog({ count: 100, tokenName: 'tests', from: t0, seed: 1 });
    parse('compare.sampleFromLog', all);
    expect(all.items.map((i) => i.prompt).sort()).toEqual(['anthropic traffic', 'real traffic 0', 'real traffic 1', 'real traffic 2']);
    expect(all.items.find((i) => i.prompt === 'anthropic traffic')!.system).toBe('Anthropic system');
    expect(all.items.every((i) => i.origin!.startsWith('log:req_'))).toBe(true);
    expect(svc.sampleFromLog({ count: 100, model: 'gpt-4o', from: t0 }).items.map((i) => i.prompt).sort()).toEqual(['real traffic 0', 'real traffic 1']);
    expect(svc.sampleFromLog({ count: 2, from: t0, seed: 3 }).items).toHaveLength(2);
    expect(svc.sampleFromLog({ count: 100, from: t0, to: t0 }).items).toEqual([]);
    expect(svc.sampleFromLog({ count: 100, tokenName: INTERNAL_TOKEN_NAME }).items).toEqual([]);
    expect(svc.sampleFromLog({ count: 1000, tokenName: INTERNAL_TOKEN_NAME, includeAppTraffic: true }).items.length).toBeGreaterThan(0);
  });

  it('drafts: edit, add from Race, refuse to start until ready, lock once started', async () => {
    gw.openai.setBehaviour({ text: 'GOOD answer, thorough.' }, 'gpt-4o');
    gw.anthropic.setBehaviour({ text: 'bad answer!' }, 'claude-haiku-5-5');
    const race = svc.fromRace({ prompt: 'Race prompt', system: 'sys', candidates: ['gpt-4o', 'claude-haiku-5-5'] });
    parse('compare.fromRace', race);
    expect(race).toMatchObject({ status: 'draft', itemCount: 1, config: { candidates: ['gpt-4o', 'claude-haiku-5-5'], judge: null } });
    expect(() => svc.start(race.id)).toThrow(/Pick a judge model/);
    const more = svc.fromRace({ prompt: 'Second race prompt', experimentId: race.id });
    expect(more.itemCount).toBe(2);
    const imported = svc.importItems('{"prompt":"imported","reference":"r"}\n', 'auto');
    const upd = svc.update({ experimentId: race.id, judge: 'judgebox/judge-1', addItems: imported.items, concurrency: 2 });
    expect(upd).toMatchObject({ itemCount: 3, config: { judge: 'judgebox/judge-1', concurrency: 2 } });
    expect(svc.item(race.id, 0)).toMatchObject({ origin: 'race', system: 'sys' });
    expect(svc.item(race.id, 2)).toMatchObject({ origin: 'import', reference: 'r' });
    await run(race.id);
    expect(() => svc.update({ experimentId: race.id, name: 'x' })).toThrow(/can no longer change/);
    expect(() => svc.start(race.id)).toThrow(/already started/);
    const page = svc.items(race.id, 1, 1);
    parse('compare.items', page);
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ idx: 1, answers: ['done', 'done'], pairs: [{ a: 0, b: 1, judge: 'a', final: 'a' }] });
    expect(svc.list().map((e) => e.id)).toContain(race.id);
    svc.delete(race.id);
    expect(svc.list().map((e) => e.id)).not.toContain(race.id);
  });
});

describe('pause, cancel, resume (in process)', () => {
  it('pause lets in-flight calls finish and repeats none on resume', async () => {
    gw.openai.setBehaviour({ text: 'slow GOOD', headerDelayMs: 60 }, 'gpt-4o');
    gw.anthropic.setBehaviour({ text: 'slow bad', headerDelayMs: 60 }, 'claude-haiku-5-5');
    const exp = svc.create({
      name: 'pausable',
      candidates: ['gpt-4o', 'claude-haiku-5-5'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 1,
      items: items(4, 'pause'),
    });
    let paused: CompareProgress | null = null;
    const off = svc.subscribe((p) => {
      if (p.experimentId === exp.id && p.answers.done >= 2 && !paused) paused = svc.pause(exp.id);
    });
    svc.start(exp.id);
    await svc.whenIdle(exp.id);
    off();
    expect(paused).not.toBeNull();
    const mid = svc.progress(exp.id);
    expect(mid.status).toBe('paused');
    expect(mid.done).toBeLessThan(mid.total);
    const seen = gw.openai.chatRequests().length + gw.anthropic.chatRequests().length;
    await new Promise((r) => setTimeout(r, 200));
    expect(gw.openai.chatRequests().length + gw.anthropic.chatRequests().length).toBe(seen);

    await svc.resume(exp.id);
    await svc.whenIdle(exp.id);
    expect(svc.progress(exp.id)).toMatchObject({ status: 'done', failed: 0 });
    for (let i = 0; i < 4; i++) {
      const p = `pause question ${i}:`;
      expect(gw.openai.chatRequests().filter((r) => r.model === 'gpt-4o' && JSON.stringify(r.body.messages).includes(p) && r.body.messages.length === 1)).toHaveLength(1);
      expect(gw.anthropic.chatRequests().filter((r) => r.model === 'claude-haiku-5-5' && JSON.stringify(r.body.messages).includes(p))).toHaveLength(1);
    }
    expect(svc.results(exp.id).judge.pairs[0]).toMatchObject({ wins: 4 });
  });

  it('cancel aborts in-flight calls; resume finishes the rest', async () => {
    gw.openai.setBehaviour({ text: 'slow GOOD', headerDelayMs: 150 }, 'gpt-4o');
    const exp = svc.create({
      name: 'cancellable',
      candidates: ['gpt-4o', 'claude-haiku-5-5'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 2,
      items: items(3, 'cancel'),
    });
    svc.start(exp.id);
    await new Promise((r) => setTimeout(r, 60));
    const c = svc.cancel(exp.id);
    parse('compare.cancel', c);
    await svc.whenIdle(exp.id);
    const mid = svc.progress(exp.id);
    expect(mid.status).toBe('cancelled');
    expect(mid.message).toMatch(/Resume/);
    expect(svc.store.answers(exp.id).some((a) => a.status === 'error')).toBe(false); // aborted ≠ failed
    await svc.resume(exp.id);
    await svc.whenIdle(exp.id);
    expect(svc.progress(exp.id)).toMatchObject({ status: 'done', failed: 0 });
    expect(svc.results(exp.id).judge.pairs[0]).toMatchObject({ wins: 3 });
    gw.openai.setBehaviour({ text: 'GOOD answer, thorough.' }, 'gpt-4o');
    gw.anthropic.setBehaviour({ text: 'bad answer!' }, 'claude-haiku-5-5');
  });

  it('failed calls are recorded; resume retries only them', async () => {
    gw.anthropic.setBehaviour({ status: 400, errorType: 'invalid_request_error', errorMessage: 'prompt is too long' }, 'claude-opus-5-5');
    const exp = svc.create({
      name: 'failing candidate',
      candidates: ['gpt-4o', 'claude-opus-5-5'],
      judge: 'judgebox/judge-1',
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: false,
      genParams: {},
      concurrency: 2,
      items: items(2, 'fail'),
    });
    await run(exp.id);
    const p = svc.progress(exp.id);
    expect(p).toMatchObject({ status: 'done', failed: 2 + 4 });
    expect(p.message).toMatch(/6 calls failed/);
    expect(svc.item(exp.id, 0).answers[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/HTTP 400: prompt is too long/) });
    expect(svc.results(exp.id).judge.pairs[0]).toMatchObject({ n: 0, incomplete: 2 });
    const gptCalls = () => gw.openai.chatRequests().filter((r) => r.model === 'gpt-4o' && JSON.stringify(r.body.messages).includes('fail question')).length;
    expect(gptCalls()).toBe(2);
    gw.anthropic.setBehaviour({ text: 'bad answer!' }, 'claude-opus-5-5');
    await svc.resume(exp.id);
    await svc.whenIdle(exp.id);
    expect(svc.progress(exp.id)).toMatchObject({ status: 'done', failed: 0, message: null });
    expect(gptCalls()).toBe(2);
    expect(svc.results(exp.id).judge.pairs[0]).toMatchObject({ wins: 2, n: 2 });
  });
});
