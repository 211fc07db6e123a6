/**
 * The Race engine against a real gateway (loopback proxy, SQLite, vault) in
 * front of the provider fakes: every column is a real streaming HTTP call
 * through the proxy, tagged `race`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { RaceEngine } from '../../electron/race/engine';
import { raceEngineFor } from '../../electron/race/service';
import { RaceStore } from '../../electron/race/store';
import type { RaceDetail, RaceEvent } from '../../shared/race';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
let engine: RaceEngine;
const events: RaceEvent[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  engine = raceEngineFor(gw.app, { endpoint: () => gw.url });
  engine.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await gw?.close();
});
afterEach(() => {
  gw.openai.reset();
  gw.anthropic.reset();
});

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${i === 0 ? '' : ' '}${tag}${i}`);

async function finished(race: RaceDetail): Promise<RaceDetail> {
  await engine.whenIdle(race.id);
  return engine.get(race.id);
}

function eventsOf(raceId: string) {
  return events.filter((e) => e.raceId === raceId);
}

describe('a race', () => {
  it('measures each column in main: ttft, tokens/s, exact token counts from usage, cost, finish order', async () => {
    gw.openai.setBehaviour({ tokens: words(40, 'slow'), ttftMs: 400, tokensPerSec: 100 }, 'gpt-4o-mini');
    gw.openai.setBehaviour({ tokens: words(20, 'fast'), ttftMs: 60, tokensPerSec: 200, usage: { input: 123 } }, 'gpt-4.1');
    gw.anthropic.setBehaviour({ tokens: words(30, 'mid'), ttftMs: 200, tokensPerSec: 150 }, 'claude-sonnet-4-6');

    const race = engine.start({
      prompt: 'Name three rivers.',
      system: 'Be brief.',
      params: { temperature: 0.3, maxTokens: 500 },
      contestants: [
        { ref: 'openai/gpt-4o-mini', kind: 'model' },
        { ref: 'openai/gpt-4.1', kind: 'model' },
        { ref: 'anthropic/claude-sonnet-4-6', kind: 'model' },
      ],
    });
    expect(race.active).toBe(true);
    expect(race.turns[0]!.answers.map((a) => a.status)).toEqual(['running', 'running', 'running']);
    const done = await finished(race);
    const [slow, fast, mid] = done.turns[0]!.answers;

    // order of finishing follows the fakes' speeds
    expect(fast!.finishRank).toBe(1);
    expect(mid!.finishRank).toBe(2);
    expect(slow!.finishRank).toBe(3);
    expect(done.turns[0]!.winner).toBe(1);
    expect(done.active).toBe(false);

    // time to first token ≈ what the fake did (its ttftMs, as it measured it), measured in main through the proxy
    const rec = (fake: typeof gw.openai, model: string) => fake.chatRequests().find((r) => r.model === model)!;
    const fakeTtft = (r: ReturnType<typeof rec>) => r.firstByteAt! - r.startedAt;
    for (const [answer, r, ttft] of [
      [fast!, rec(gw.openai, 'gpt-4.1'), 60],
      [slow!, rec(gw.openai, 'gpt-4o-mini'), 400],
      [mid!, rec(gw.anthropic, 'claude-sonnet-4-6'), 200],
    ] as const) {
      expect(fakeTtft(r)).toBeGreaterThanOrEqual(ttft - 2);
      expect(answer.metrics.ttftMs!).toBeGreaterThanOrEqual(fakeTtft(r) - 3);
      expect(answer.metrics.ttftMs!).toBeLessThan(fakeTtft(r) + 250);
    }
    expect(fast!.metrics.ttftMs!).toBeLessThan(mid!.metrics.ttftMs!);
    expect(mid!.metrics.ttftMs!).toBeLessThan(slow!.metrics.ttftMs!);

    // token counts exactly as the provider reported them
    expect(fast!.metrics).toMatchObject({ inputTokens: 123, outputTokens: 20, usageEstimated: false, finishReason: 'stop', provider: 'openai', servedModel: 'gpt-4.1' });
    expect(slow!.metrics).toMatchObject({ outputTokens: 40, usageEstimated: false, finishReason: 'stop' });
    expect(mid!.metrics).toMatchObject({ outputTokens: 30, provider: 'anthropic', finishReason: 'stop' });
    const seen = gw.openai.chatRequests().find((r) => r.model === 'gpt-4o-mini')!;
    expect(slow!.metrics.inputTokens).toBeGreaterThan(0);

    // tokens per second ≈ the pace the fake actually streamed at (its nominal rate on a quiet machine)
    for (const [answer, r] of [
      [fast!, rec(gw.openai, 'gpt-4.1')],
      [slow!, rec(gw.openai, 'gpt-4o-mini')],
    ] as const) {
      const n = answer.metrics.outputTokens!;
      const fakeRate = ((n - 1) * 1000) / (r.endedAt! - r.firstByteAt!);
      expect(answer.metrics.tokensPerSec!).toBeGreaterThan(fakeRate * 0.75);
      expect(answer.metrics.tokensPerSec!).toBeLessThan(fakeRate * 1.3);
      expect(fakeRate).toBeLessThanOrEqual((r.behaviour!.tokensPerSec! * 1.05));
    }

    // latency covers the whole stream; cost from the reported usage
    expect(slow!.metrics.latencyMs!).toBeGreaterThan(400 + 39 * 10 - 20);
    expect(slow!.metrics.latencyMs!).toBeGreaterThanOrEqual(rec(gw.openai, 'gpt-4o-mini').endedAt! - rec(gw.openai, 'gpt-4o-mini').startedAt - 3);
    expect(slow!.metrics.costUsd).toBeGreaterThan(0);
    expect(fast!.metrics.costUsd).toBeGreaterThan(0);
    expect(slow!.text).toBe(words(40, 'slow').join(''));

    // the request as sent: streaming with usage, system + prompt, params, tagged race
    expect(seen.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, temperature: 0.3, max_tokens: 500 });
    expect(seen.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name three rivers.' },
    ]);

    // events: ordered, with a start, deltas, metrics at the first token, done per column, then finished
    const evs = eventsOf(race.id);
    const seqs = evs.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(evs[0]).toMatchObject({ type: 'turn', turn: 0, prompt: 'Name three rivers.' });
    expect(evs.filter((e) => e.type === 'start')).toHaveLength(3);
    const text1 = evs.filter((e) => e.type === 'delta' && e.column === 1).map((e) => (e as { text: string }).text).join('');
    expect(text1).toBe(words(20, 'fast').join(''));
    // deltas are batched: far fewer events than chunks for the 40-chunk column
    expect(evs.filter((e) => e.type === 'delta' && e.column === 0).length).toBeLessThan(40);
    expect(evs.find((e) => e.type === 'metrics' && e.column === 1 && e.metrics.ttftMs !== null)).toBeTruthy();
    expect(evs.filter((e) => e.type === 'done').map((e) => e.column)).toEqual([1, 2, 0]);
    expect(evs.at(-1)).toMatchObject({ type: 'finished', winner: 1 });
  });

  it('stopping one column aborts its upstream call; the others finish', async () => {
    gw.openai.setBehaviour({ tokens: words(200, 'long'), ttftMs: 20, tokensPerSec: 40 }, 'gpt-4o');
    gw.openai.setBehaviour({ tokens: words(10, 'short'), ttftMs: 20, tokensPerSec: 100 }, 'gpt-4.1-mini');
    const race = engine.start({
      prompt: 'Go.',
      contestants: [
        { ref: 'openai/gpt-4o', kind: 'model' },
        { ref: 'openai/gpt-4.1-mini', kind: 'model' },
      ],
    });
    await gw.openai.waitFor((f) => f.chatRequests().some((r) => r.model === 'gpt-4o' && r.chunksSent >= 3), 5000);
    engine.stop(race.id, 0);
    const done = await finished(race);
    const upstream = gw.openai.chatRequests().find((r) => r.model === 'gpt-4o')!;
    await gw.openai.waitFor(() => upstream.aborted, 3000);
    expect(upstream.aborted).toBe(true);
    expect(upstream.chunksSent).toBeLessThan(200);
    const [stopped, other] = done.turns[0]!.answers;
    expect(stopped).toMatchObject({ status: 'stopped', finishRank: null });
    expect(stopped!.text.length).toBeGreaterThan(0);
    expect(stopped!.metrics.usageEstimated).toBe(true);
    expect(other).toMatchObject({ status: 'done', finishRank: 1 });
    expect(done.turns[0]!.winner).toBe(1);
  });

  it('stop all aborts every running column', async () => {
    gw.openai.setBehaviour({ tokens: words(200, 'x'), ttftMs: 10, tokensPerSec: 50 }, 'gpt-4o');
    const race = engine.start({ prompt: 'Go.', contestants: [{ ref: 'openai/gpt-4o', kind: 'model' }, { ref: 'openai/gpt-4o', kind: 'model' }] });
    await gw.openai.waitFor((f) => f.chatRequests().filter((r) => r.chunksSent >= 2).length === 2, 5000);
    engine.stop(race.id);
    const done = await finished(race);
    expect(done.turns[0]!.answers.map((a) => a.status)).toEqual(['stopped', 'stopped']);
    await gw.openai.waitFor((f) => f.chatRequests().every((r) => r.aborted), 3000);
    expect(done.turns[0]!.winner).toBeNull();
  });

  it('an error column fails alone, with the provider’s message; the others carry on', async () => {
    gw.openai.setBehaviour({ status: 429, errorMessage: 'Rate limit reached for gpt-4o in organization org-x.', retryAfter: null }, 'gpt-4o');
    gw.openai.setBehaviour({ tokens: words(15, 'ok'), tokensPerSec: 100 }, 'gpt-4o-mini');
    gw.anthropic.setBehaviour({ tokens: words(5, 'cut'), streamErrorAfterChunks: 3, errorType: 'overloaded_error', errorMessage: 'Overloaded' }, 'claude-haiku-5-5');
    const race = engine.start({
      prompt: 'Go.',
      contestants: [
        { ref: 'openai/gpt-4o', kind: 'model' },
        { ref: 'openai/gpt-4o-mini', kind: 'model' },
        { ref: 'anthropic/claude-haiku-5-5', kind: 'model' },
      ],
    });
    const done = await finished(race);
    const [limited, ok, cut] = done.turns[0]!.answers;
    expect(limited).toMatchObject({ status: 'error', error: { status: 429 } });
    expect(limited!.error!.message).toContain('Rate limit reached');
    expect(limited!.metrics.costUsd).toBe(0);
    expect(ok).toMatchObject({ status: 'done', finishRank: 1, text: words(15, 'ok').join('') });
    expect(cut!.status).toBe('error');
    expect(cut!.error!.message).toMatch(/Overloaded/);
    expect(cut!.text).toBe(words(3, 'cut').join(''));
    expect(eventsOf(race.id).filter((e) => e.type === 'error').map((e) => e.column).sort()).toEqual([0, 2]);
  });

  it('a follow-up carries each column’s OWN history', async () => {
    gw.openai.setBehaviour({ text: 'Answer from A.' }, 'gpt-4o-mini');
    gw.anthropic.setBehaviour({ text: 'Answer from B.' }, 'claude-sonnet-4-6');
    gw.openai.setBehaviour({ status: 500, errorMessage: 'boom' }, 'gpt-4.1');
    const race = engine.start({
      prompt: 'First question',
      system: 'sys',
      contestants: [
        { ref: 'openai/gpt-4o-mini', kind: 'model' },
        { ref: 'anthropic/claude-sonnet-4-6', kind: 'model' },
        { ref: 'openai/gpt-4.1', kind: 'model' },
      ],
    });
    await finished(race);
    gw.openai.setBehaviour({ text: 'Second from A.' }, 'gpt-4o-mini');
    gw.openai.setBehaviour({ text: 'Recovered.' }, 'gpt-4.1');
    gw.openai.reset();
    gw.anthropic.reset();
    const next = engine.followUp(race.id, 'Follow-up question');
    expect(next.turns).toHaveLength(2);
    expect(() => engine.followUp(race.id, 'too soon')).toThrow(/still running/);
    const done = await finished(next);
    expect(done.turns[1]!.answers.map((a) => a.text)).toEqual(['Second from A.', 'Answer from B.', 'Recovered.']);

    const a = gw.openai.chatRequests().find((r) => r.model === 'gpt-4o-mini')!;
    expect(a.body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'Answer from A.' },
      { role: 'user', content: 'Follow-up question' },
    ]);
    const b = gw.anthropic.chatRequests().find((r) => r.model === 'claude-sonnet-4-6')!;
    expect(b.body.system).toBe('sys');
    expect(JSON.stringify(b.body.messages)).toContain('Answer from B.');
    expect(JSON.stringify(b.body.messages)).not.toContain('Answer from A.');
    // the column that failed turn 0 has no answer to carry: its two prompts are merged into one user turn
    const c = gw.openai.chatRequests().find((r) => r.model === 'gpt-4.1')!;
    expect(c.body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'First question\n\nFollow-up question' },
    ]);
  });

  it('sends images as image_url data URLs and inlines text files', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const race = engine.start({
      prompt: 'What is in the picture?',
      contestants: [
        { ref: 'openai/gpt-4o-mini', kind: 'model' },
        { ref: 'openai/gpt-4o', kind: 'model' },
      ],
      attachments: [
        { kind: 'image', name: 'dot.png', mime: 'image/png', dataUrl: png },
        { kind: 'text', name: 'notes.md', mime: 'text/markdown', text: 'line one\nline two' },
      ],
    });
    const done = await finished(race);
    expect(done.turns[0]!.attachments.map((a) => a.name)).toEqual(['dot.png', 'notes.md']);
    const req = gw.openai.chatRequests().find((r) => r.model === 'gpt-4o')!;
    expect(req.body.messages[0].content).toEqual([
      { type: 'text', text: 'What is in the picture?\n\nAttached file `notes.md`:\n```\nline one\nline two\n```' },
      { type: 'image_url', image_url: { url: png } },
    ]);
  });

  it('votes are saved; the leaderboard sums votes and speed per model', async () => {
    gw.openai.setBehaviour({ tokens: words(5, 'q'), ttftMs: 5 }, 'gpt-4o-mini');
    gw.openai.setBehaviour({ tokens: words(5, 's'), ttftMs: 150 }, 'gpt-4.1-nano');
    const race = engine.start({ prompt: 'Vote me', contestants: [{ ref: 'openai/gpt-4.1-nano', kind: 'model' }, { ref: 'openai/gpt-4o-mini', kind: 'model' }] });
    await finished(race);
    const voted = engine.vote(race.id, 0, 0);
    expect(voted.turns[0]).toMatchObject({ vote: 0, winner: 1 });
    expect(() => engine.vote(race.id, 5, 0)).toThrow(/no turn 6/);
    const board = engine.leaderboard();
    const nano = board.find((r) => r.contestant === 'openai/gpt-4.1-nano')!;
    const mini = board.find((r) => r.contestant === 'openai/gpt-4o-mini')!;
    expect(nano).toMatchObject({ votes: 1, speedWins: 0, kind: 'model' });
    expect(mini.speedWins).toBeGreaterThanOrEqual(1);
    expect(mini.avgTtftMs).not.toBeNull();
    expect(engine.list(10, 'Vote me').map((r) => r.id)).toEqual([race.id]);
  });

  it('logs every column as a request tagged race, with its cost', async () => {
    gw.openai.setBehaviour({ tokens: words(8, 'z') }, 'gpt-4o-mini');
    const race = engine.start({ prompt: 'Logged?', contestants: [{ ref: 'openai/gpt-4o-mini', kind: 'model' }, { ref: 'openai/gpt-4o-mini', kind: 'model' }] });
    const done = await finished(race);
    gw.flush();
    const ids = done.turns[0]!.answers.map((a) => a.metrics.requestId);
    expect(ids.every(Boolean)).toBe(true);
    const rows = gw.app.db.prepare(`SELECT id, source, cost_usd, output_tokens, token_name FROM requests WHERE id IN (?, ?)`).all(...ids) as Array<{
      id: string;
      source: string;
      cost_usd: number;
      output_tokens: number;
      token_name: string;
    }>;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ source: 'race', output_tokens: 8, token_name: 'switchboard-internal' });
      expect(r.cost_usd).toBeGreaterThan(0);
      // the page shows the same cost as the log
      expect(done.turns[0]!.answers.find((a) => a.metrics.requestId === r.id)!.metrics.costUsd).toBeCloseTo(r.cost_usd, 12);
    }
  });
});

describe('history', () => {
  it('persists across an app reopen and reads offline', async () => {
    const local = await startTestGateway();
    let raceId = '';
    try {
      const e1 = raceEngineFor(local.app, { endpoint: () => local.url });
      local.openai.setBehaviour({ text: 'Kept answer.' }, 'gpt-4o-mini');
      local.openai.setBehaviour({ tokens: words(500, 'w'), tokensPerSec: 50 }, 'gpt-4o');
      const race = e1.start({ prompt: 'Remember me', system: 'S', params: { temperature: 1.1 }, contestants: [{ ref: 'openai/gpt-4o-mini', kind: 'model' }, { ref: 'openai/gpt-4o', kind: 'model' }] });
      raceId = race.id;
      await local.openai.waitFor((f) => f.chatRequests().some((r) => r.model === 'gpt-4o' && r.chunksSent > 2), 5000);
      e1.stop(race.id, 1);
      await e1.whenIdle(race.id);
      e1.vote(race.id, 0, 0);
    } finally {
      await local.close();
    }
    const app2 = await SwitchboardApp.open({ dataDir: local.dataDir, env: { SWITCHBOARD_KEYRING: 'master-key-file' } });
    try {
      const offline = new RaceEngine({ store: new RaceStore(app2.db), caller: async () => { throw new Error('offline'); } });
      const [summary] = offline.list();
      expect(summary).toMatchObject({ id: raceId, title: 'Remember me', turns: 1, vote: 0, winner: 0, active: false });
      const detail = offline.get(raceId);
      expect(detail).toMatchObject({ system: 'S', params: { temperature: 1.1, maxTokens: null } });
      const [kept, stopped] = detail.turns[0]!.answers;
      expect(kept).toMatchObject({ status: 'done', text: 'Kept answer.', finishRank: 1 });
      expect(kept!.metrics.outputTokens).toBeGreaterThan(0);
      expect(stopped!.status).toBe('stopped');
      expect(stopped!.text.startsWith('w0 w1')).toBe(true);
      expect(detail.contestants.map((c) => c.ref)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o']);
    } finally {
      app2.close();
    }
  });

  it('a column left running by a process that died shows as interrupted on the next start', async () => {
    const store = new RaceStore(gw.app.db);
    store.createRace({ id: 'race_dead', createdAt: 1, title: 't', system: null, temperature: null, maxTokens: null, contestants: [{ ref: 'a', kind: 'model' }, { ref: 'b', kind: 'route' }] });
    store.addTurn('race_dead', 0, 'p', [], [{ ref: 'a', kind: 'model' }, { ref: 'b', kind: 'route' }], 1);
    store.setRunning('race_dead', 0, 0);
    const fresh = new RaceEngine({ store, caller: async () => { throw new Error('unused'); } });
    expect(fresh.get('race_dead').turns[0]!.answers.map((a) => a.status)).toEqual(['interrupted', 'interrupted']);
    await fresh.delete('race_dead');
    expect(store.exists('race_dead')).toBe(false);
  });
});
