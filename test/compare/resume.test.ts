import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databasePath } from '../../electron/core/paths';
import type { CompareService } from '../../electron/compare/service';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { serviceFor } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
let gw: TestGateway;
let svc: CompareService;

beforeAll(async () => {
  gw = await startTestGateway();
  svc = serviceFor(gw);
});
afterAll(async () => {
  await gw?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('resumes after the runner process is killed, repeating no finished call', { timeout: 90_000 }, async () => {
  gw.openai.setBehaviour({ text: 'OpenAI answer.', headerDelayMs: 80 }, 'gpt-4o');
  gw.anthropic.setBehaviour({ text: 'Anthropic answer.', headerDelayMs: 80 }, 'claude-sonnet-4-5');
  gw.openai.setBehaviour({ text: '{"reasoning":"A reads better","verdict":"A"}', headerDelayMs: 40 }, 'gpt-4.1');
  const N = 6;
  const exp = svc.create({
    name: 'killed mid-run',
    candidates: ['gpt-4o', 'claude-sonnet-4-5'],
    judge: 'gpt-4.1',
    criteria: 'helpfulness',
    rubric: null,
    referenceMode: false,
    genParams: {},
    concurrency: 1,
    items: Array.from({ length: N }, (_, i) => ({ prompt: `kill question ${i}` })),
  });

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'run-experiment.ts')], {
    env: {
      ...process.env,
      COMPARE_DB: databasePath(gw.dataDir),
      COMPARE_PROXY: gw.url,
      COMPARE_TOKEN: gw.token,
      COMPARE_EXPERIMENT: exp.id,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, signal) => r(signal ?? code)));

  // Let it finish a few answers and a judgement or two, then kill it hard.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { answers, judgements } = svc.store.counts(exp.id);
    if (answers.done >= 5 && judgements.done >= 1) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child never got far enough: ${out}`);
    await sleep(5);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(out).not.toContain('finished');

  const doneAnswers = svc.store.answers(exp.id).filter((a) => a.status === 'done');
  const doneJudgements = svc.store.judgements(exp.id).filter((j) => j.status === 'done');
  expect(doneAnswers.length).toBeGreaterThanOrEqual(5);
  expect(doneAnswers.length).toBeLessThan(2 * N);
  expect(svc.store.getExperiment(exp.id)!.status).toBe('running'); // what the dead process left

  // "App restart": interrupted runs show as paused, then resume.
  expect(svc.recoverInterrupted()).toBe(1);
  expect(svc.progress(exp.id)).toMatchObject({ status: 'paused', message: expect.stringMatching(/Interrupted/) });
  await svc.resume(exp.id);
  await svc.whenIdle(exp.id);
  const p = svc.progress(exp.id);
  expect(p).toMatchObject({ status: 'done', failed: 0, done: p.total });
  expect(p.total).toBe(2 * N + 2 * N);

  // No duplicate call for anything finished before the kill.
  const candidateCalls = (model: string, prompt: string) =>
    [...gw.openai.chatRequests(), ...gw.anthropic.chatRequests()].filter(
      (r) => r.model === model && r.body.messages.length === 1 && JSON.stringify(r.body.messages).includes(`"${prompt}"`),
    ).length;
  const candidates = ['gpt-4o', 'claude-sonnet-4-5'];
  for (const a of doneAnswers) expect(candidateCalls(candidates[a.candidate]!, `kill question ${a.itemIdx}`)).toBe(1);
  // Everything else: at most the one call that was in flight at the kill is repeated.
  let repeated = 0;
  for (let i = 0; i < N; i++) {
    for (const m of candidates) {
      const n = candidateCalls(m, `kill question ${i}`);
      expect(n).toBeGreaterThanOrEqual(1);
      repeated += n - 1;
    }
  }
  expect(repeated).toBeLessThanOrEqual(1);

  const judgeCalls = (itemIdx: number, order: 'ab' | 'ba') =>
    gw.openai.chatRequests().filter((r) => {
      if (r.model !== 'gpt-4.1') return false;
      const user = String(r.body.messages[1].content);
      const shownFirst = /<response_a>\n([^\n]*)/.exec(user)?.[1];
      return user.includes(`kill question ${itemIdx}\n`) && shownFirst === (order === 'ab' ? 'OpenAI answer.' : 'Anthropic answer.');
    }).length;
  for (const j of doneJudgements) expect(judgeCalls(j.itemIdx, j.order)).toBe(1);

  // The verdicts are whole: position bias (always "A") → every pair a tie.
  const r = svc.results(exp.id);
  expect(r.judge.pairs[0]).toMatchObject({ ties: N, n: N });
  expect(r.judge.inconsistencyRate).toBe(1);
});
