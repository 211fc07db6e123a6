import { describe, expect, it } from 'vitest';
import { Contest, LegClock, tokensPerSecond } from '../../electron/race/contest';
import { buildMessages, bodyParams, userContent } from '../../electron/race/engine';
import { imageSupport, isReasoningModel, raceTitle } from '../../shared/race';

const after = <T,>(ms: number, value: T, signal: AbortSignal) =>
  new Promise<T | 'aborted'>((resolve) => {
    const t = setTimeout(() => resolve(value), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve('aborted');
    });
  });

describe('Contest (the racing core shared by the Race page and the routing race)', () => {
  it('starts every leg at once and ranks them in finishing order (all run to completion)', async () => {
    const started: number[] = [];
    const c = new Contest<string>(
      [60, 10, 35].map((ms, i) => async (signal) => {
        started.push(i);
        return after(ms, `leg${i}`, signal);
      }),
      { isWin: (r) => r.startsWith('leg') },
    );
    expect(started).toEqual([0, 1, 2]); // concurrently, before any settles
    const first = await c.first;
    expect(first).toEqual({ index: 1, result: 'leg1' });
    expect(await c.all).toEqual(['leg0', 'leg1', 'leg2']);
    expect(c.order).toEqual([1, 2, 0]);
    expect(c.ranks).toEqual([3, 1, 2]);
  });

  it('stops one leg through its own signal; a stopped leg does not rank', async () => {
    const c = new Contest<string>([0, 1].map(() => (signal) => after(40, 'ok', signal)), { isWin: (r) => r === 'ok' });
    c.stop(0);
    expect(await c.all).toEqual(['aborted', 'ok']);
    expect(c.ranks).toEqual([null, 1]);
    expect(c.winner?.index).toBe(1);
  });

  it('first-wins mode (routing race): the first win aborts the rest as losers; a late win goes to onLateWin', async () => {
    const reasons: unknown[] = [];
    const late: number[] = [];
    const c = new Contest<string>(
      [
        (signal) => {
          signal.addEventListener('abort', () => reasons.push(signal.reason));
          return after(50, 'slow', signal);
        },
        (signal) => after(5, 'fast', signal),
        // ignores its signal: turns ready after the winner
        async () => new Promise<string>((r) => setTimeout(() => r('stubborn'), 20)),
      ],
      { isWin: (r) => r !== 'aborted' && r !== 'error', firstWins: true, onLateWin: (i) => late.push(i) },
    );
    expect(await c.first).toEqual({ index: 1, result: 'fast' });
    await c.all;
    expect(reasons).toEqual(['lost_race']);
    expect(late).toEqual([2]);
    expect(c.ranks).toEqual([null, 1, null]);
  });

  it('no winner when every leg fails: first resolves null and lastLoss is the last failure', async () => {
    const c = new Contest<string>(
      [
        async () => 'error-a',
        async (signal) => (await after(10, 'error-b', signal)) as string,
        async () => {
          throw new Error('boom');
        },
      ],
      { isWin: () => false, firstWins: true, onThrow: (_i, err) => `thrown: ${(err as Error).message}` },
    );
    expect(await c.first).toBeNull();
    await c.all;
    expect(c.lastLoss).toBe('error-b');
    expect(c.results[2]).toBe('thrown: boom');
  });

  it('LegClock and tokensPerSecond', () => {
    let t = 1000;
    const clock = new LegClock(() => t);
    t = 1250;
    expect(clock.firstToken()).toBe(250);
    t = 1300;
    expect(clock.firstToken()).toBe(250); // idempotent
    t = 2250;
    clock.end();
    expect(clock).toMatchObject({ ttftMs: 250, latencyMs: 1250 });
    expect(clock.tokensPerSec(201)).toBe(200);
    expect(tokensPerSecond(1, 0, 100)).toBeNull();
    expect(tokensPerSecond(null, 0, 100)).toBeNull();
    expect(tokensPerSecond(10, 100, 100)).toBeNull();
  });
});

describe('request building', () => {
  it('reasoning models get neither temperature nor max_tokens', () => {
    expect(bodyParams({ ref: 'openai/gpt-4o', kind: 'model' }, { temperature: 0.5, maxTokens: 100 })).toEqual({ temperature: 0.5, max_tokens: 100 });
    expect(bodyParams({ ref: 'openai/o4-mini', kind: 'model' }, { temperature: 0.5, maxTokens: 100 })).toEqual({ max_completion_tokens: 100 });
    expect(bodyParams({ ref: 'gpt-5.5', kind: 'model' }, { temperature: null, maxTokens: null })).toEqual({});
    expect(bodyParams({ ref: 'o3-route', kind: 'route' }, { temperature: 1, maxTokens: null })).toEqual({ temperature: 1 });
    expect(isReasoningModel('openai/o1')).toBe(true);
  });

  it('text files are fenced safely; images become parts', () => {
    expect(userContent('p', [{ kind: 'text', name: 'a.md', mime: 'text/markdown', text: 'has ``` inside' }])).toBe('p\n\nAttached file `a.md`:\n````\nhas ``` inside\n````');
    const parts = userContent('p', [{ kind: 'image', name: 'x.png', mime: 'image/png', dataUrl: 'data:image/png;base64,AAAA' }]);
    expect(parts).toEqual([{ type: 'text', text: 'p' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]);
  });

  it('each column’s history holds its own answers only', () => {
    const answer = (column: number, text: string) => ({
      column,
      status: 'done' as const,
      text,
      error: null,
      finishRank: null,
      metrics: {} as never,
    });
    const detail = {
      system: null,
      turns: [
        { turn: 0, prompt: 'q0', attachments: [], createdAt: 0, winner: null, vote: null, answers: [answer(0, 'a0'), answer(1, 'b0')] },
        { turn: 1, prompt: 'q1', attachments: [], createdAt: 0, winner: null, vote: null, answers: [answer(0, 'a1'), answer(1, '')] },
        { turn: 2, prompt: 'q2', attachments: [], createdAt: 0, winner: null, vote: null, answers: [] },
      ],
    };
    expect(buildMessages(detail, 0, 2)).toEqual([
      { role: 'user', content: 'q0' },
      { role: 'assistant', content: 'a0' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
    ]);
    expect(buildMessages(detail, 1, 2)).toEqual([
      { role: 'user', content: 'q0' },
      { role: 'assistant', content: 'b0' },
      { role: 'user', content: 'q1\n\nq2' },
    ]);
    expect(buildMessages(detail, 1, 0)).toEqual([{ role: 'user', content: 'q0' }]);
  });
});

describe('image capability check', () => {
  it.each([
    ['openai/gpt-4o-mini', 'yes'],
    ['gpt-4.1', 'yes'],
    ['openai/gpt-5.5', 'yes'],
    ['o4-mini', 'yes'],
    ['o3-mini', 'no'],
    ['anthropic/claude-sonnet-4-6', 'yes'],
    ['claude-3-5-haiku-latest', 'yes'],
    ['google/gemini-2.5-flash', 'yes'],
    ['groq/llama-3.2-90b-vision-preview', 'yes'],
    ['ollama/llava:13b', 'yes'],
    ['openai/gpt-3.5-turbo', 'no'],
    ['gpt-4', 'no'],
    ['deepseek/deepseek-chat', 'no'],
    ['mistral/mixtral-8x7b', 'no'],
    ['openrouter/some-new-model', 'unknown'],
  ])('%s → %s', (ref, want) => {
    expect(imageSupport(ref)).toBe(want);
  });

  it('routes are unknown', () => {
    expect(imageSupport({ ref: 'gpt-4o', kind: 'route' })).toBe('unknown');
  });

  it('titles are one short line', () => {
    expect(raceTitle('  a\n\nb  ')).toBe('a b');
    expect(raceTitle('x'.repeat(200))).toHaveLength(88);
  });
});
