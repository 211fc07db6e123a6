import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CompareProgress } from '../../shared/compare';
import { ApiService } from '../../electron/api/service';
import { INTERNAL_TOKEN_NAME } from '../../electron/compare/internal-token';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
let api: ApiService;
const ctx = { transport: 'http' as const };

beforeAll(async () => {
  gw = await startTestGateway();
  api = new ApiService(gw.app, { version: 'test', endpoint: () => gw.url });
});
afterAll(async () => {
  api?.close();
  await gw?.close();
});

async function call(name: string, input: unknown): Promise<any> {
  const r = await api.dispatch(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${r.error.code} ${r.error.message}`);
  return r.value;
}

it('runs an experiment through the contract: create, estimate, progress stream, start, results, drill-down, export', async () => {
  gw.openai.setBehaviour({ text: 'An answer.' }, 'gpt-4o-mini');
  gw.anthropic.setBehaviour({ text: 'Another answer.' }, 'claude-sonnet-4-5');
  gw.anthropic.setBehaviour({ text: '```json\n{"reasoning": "B is clearer", "verdict": "B"}\n```' }, 'claude-opus-4-1');

  const imported = await call('compare.importItems', { text: 'prompt,reference\n"What is 1+1?",2\nName a colour.,\n' });
  expect(imported).toMatchObject({ format: 'csv', errors: [] });
  const exp = await call('compare.create', {
    name: 'via the API',
    candidates: ['gpt-4o-mini', 'claude-sonnet-4-5'],
    judge: 'claude-opus-4-1',
    items: imported.items,
  });
  expect(exp).toMatchObject({ status: 'draft', itemCount: 2, config: { criteria: 'helpfulness', referenceMode: true, concurrency: 4 } });

  const est = await call('compare.estimate', { experimentId: exp.id });
  expect(est).toMatchObject({ items: 2, candidateCalls: 4, judgeCalls: 4 });
  expect(est.warnings.join(' ')).toMatch(/same model family \(Anthropic Claude\) as claude-sonnet-4-5/);

  const events: CompareProgress[] = [];
  const sub = api.subscribe('compare.progress', { experimentId: exp.id }, ctx, (e) => events.push(e as CompareProgress));
  expect(sub.ok).toBe(true);
  expect(events[0]).toMatchObject({ experimentId: exp.id, status: 'draft' });
  const done = new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (events.at(-1)?.status === 'done') {
        clearInterval(t);
        resolve();
      }
    }, 5);
  });
  const started = await call('compare.start', { experimentId: exp.id });
  expect(started.status).toBe('running');
  await done;
  if (sub.ok) sub.unsubscribe();
  expect(events.at(-1)).toMatchObject({ done: 8, total: 8, failed: 0 });

  const got = await call('compare.get', { experimentId: exp.id });
  expect(got.results.judge.pairs[0]).toMatchObject({ aName: 'gpt-4o-mini', bName: 'claude-sonnet-4-5', ties: 2, inconsistent: 2 });
  expect(got.warnings.join(' ')).toMatch(/same model family/);

  // The Anthropic judge got the JSON-only instruction, not OpenAI's response_format.
  const judged = gw.anthropic.chatRequests().filter((r) => r.model === 'claude-opus-4-1');
  expect(judged).toHaveLength(4);
  expect(JSON.stringify(judged[0]!.body.system)).toContain('Reply with ONLY a JSON object');

  const item = await call('compare.item', { experimentId: exp.id, idx: 0 });
  expect(item).toMatchObject({ prompt: 'What is 1+1?', reference: '2', origin: 'import' });
  expect(item.pairs[0].judgements[0]).toMatchObject({ order: 'ab', shownA: 0, shownB: 1, verdict: 'B', winner: 'b', reasoning: 'B is clearer' });
  expect(item.pairs[0].judgements[1]).toMatchObject({ order: 'ba', shownA: 1, shownB: 0, verdict: 'B', winner: 'a' });

  const overridden = await call('compare.override', { experimentId: exp.id, idx: 1, a: 0, b: 1, verdict: 'b', note: 'checked by hand' });
  expect(overridden.pairs[0]).toMatchObject({ judge: 'tie', final: 'b' });
  const after = await call('compare.get', { experimentId: exp.id });
  expect(after.results.adjusted.pairs[0]).toMatchObject({ ties: 1, losses: 1 });
  expect(after.results.judge.pairs[0]).toMatchObject({ ties: 2, losses: 0 });

  const csv = await call('compare.export', { experimentId: exp.id, format: 'csv' });
  expect(csv.filename).toMatch(/^compare-via-the-api-.*\.csv$/);
  expect(csv.content).toContain('checked by hand');

  const list = await call('compare.list', {});
  expect(list.map((e: { id: string }) => e.id)).toContain(exp.id);

  // The app's own calls used the internal token; it is listed like any token.
  expect(gw.app.settings.get().tokens.map((t) => t.name)).toContain(INTERNAL_TOKEN_NAME);
});

it('refuses clearly', async () => {
  const missing = await api.dispatch('compare.start', { experimentId: 'cmp_nope' }, ctx);
  expect(missing).toMatchObject({ ok: false, status: 404, error: { code: 'not_found', message: 'No experiment "cmp_nope".' } });
  const draft = await call('compare.create', { name: 'incomplete' });
  const notReady = await api.dispatch('compare.start', { experimentId: draft.id }, ctx);
  expect(notReady).toMatchObject({ ok: false, status: 400, error: { code: 'not_ready' } });
  if (!notReady.ok) expect(notReady.error.message).toMatch(/Pick at least two candidates\. Pick a judge model\. Add at least one prompt\./);
  const bad = await api.dispatch('compare.create', { name: '', candidates: 'gpt-4o' }, ctx);
  expect(bad).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_input' } });
  const badStream = api.subscribe('compare.progress', { experimentId: 'cmp_nope' }, ctx, () => {});
  expect(badStream).toMatchObject({ ok: false, status: 404 });
});

it('a revoked internal token is replaced on the next call', async () => {
  gw.openai.setBehaviour({ text: '{"reasoning":"x","verdict":"tie"}' }, 'gpt-4.1');
  const exp = await call('compare.create', { name: 'token', candidates: ['gpt-4o-mini', 'claude-sonnet-4-5'], judge: 'gpt-4.1', items: [{ prompt: 'hi' }] });
  await call('tokens.revoke', { name: INTERNAL_TOKEN_NAME });
  await call('compare.start', { experimentId: exp.id });
  for (let i = 0; i < 400; i++) {
    if ((await call('compare.get', { experimentId: exp.id })).experiment.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const got = await call('compare.get', { experimentId: exp.id });
  expect(got.progress).toMatchObject({ status: 'done', failed: 0 });
});
