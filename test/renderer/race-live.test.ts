/**
 * The Race page's streaming path, without a browser: the live store (events
 * applied once a frame, each changed column told once) and the markdown
 * splitting that lets finished blocks be parsed once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RaceEvent } from '../../shared/race';
import { LiveRaces } from '../../renderer/pages/race/live';
import { openFence, splitBlocks } from '../../renderer/pages/race/Markdown';

describe('splitBlocks / openFence', () => {
  it('splits at blank lines outside fences; the growing fence stays one block', () => {
    const md = 'Intro **bold**.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.';
    expect(splitBlocks(md)).toEqual(['Intro **bold**.', '```js\nconst a = 1;\n\nconst b = 2;\n```', 'After.']);
    expect(splitBlocks('Intro.\n\n```py\nx = 1\n\ny')).toEqual(['Intro.', '```py\nx = 1\n\ny']);
  });

  it('recognises a fence still being written (shown as plain code, not parsed)', () => {
    expect(openFence('```js\nconst x = 1;\n')).toEqual({ lang: 'js', code: 'const x = 1;\n' });
    expect(openFence('```')).toEqual({ lang: '', code: '' });
    expect(openFence('~~~py\nprint(1)\n~~')).toEqual({ lang: 'py', code: 'print(1)\n~~' });
    expect(openFence('```js\nconst x = 1;\n```')).toBeNull();
    expect(openFence('Some `code` in prose')).toBeNull();
  });
});

describe('LiveRaces', () => {
  // Node has no animation frames: a frame is whatever nextFrame() runs.
  let frames = new Map<number, () => void>();
  let lastId = 0;
  const g = globalThis as unknown as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown };
  beforeEach(() => {
    frames = new Map();
    g.requestAnimationFrame = (cb: () => void) => (frames.set(++lastId, cb), lastId);
    g.cancelAnimationFrame = (id: number) => frames.delete(id);
  });
  afterEach(() => {
    delete g.requestAnimationFrame;
    delete g.cancelAnimationFrame;
  });
  const nextFrame = () => {
    const due = [...frames.values()];
    frames = new Map();
    for (const f of due) f();
  };

  const raceId = 'r1';
  let seq = 0;
  const turn = (): RaceEvent => ({
    type: 'turn',
    raceId,
    seq: ++seq,
    turn: 0,
    prompt: 'p',
    title: 't',
    system: null,
    contestants: Array.from({ length: 6 }, (_, i) => ({ ref: `openai/m${i}`, kind: 'model' as const })),
    createdAt: 0,
  });
  const delta = (column: number, text: string): RaceEvent => ({ type: 'delta', raceId, seq: ++seq, turn: 0, column, text, chunks: 1, elapsedMs: 0 });

  it('applies a frame’s events at once: each changed column is told once, the page only on structural changes', () => {
    const store = new LiveRaces();
    const renders: number[] = [];
    for (let c = 0; c < 6; c++) store.subscribe(`col:${raceId}:${c}`, () => renders.push(c));
    let pageRenders = 0;
    store.subscribe(`race:${raceId}`, () => pageRenders++);

    store.push(turn());
    nextFrame();
    expect(pageRenders).toBe(1); // the new turn
    renders.length = 0;
    for (let c = 5; c >= 0; c--) store.push(delta(c, `a${c}`));
    store.push(delta(0, 'b0'));
    expect(frames.size).toBe(1); // one frame scheduled for all seven events
    nextFrame();
    expect(renders.sort()).toEqual([0, 1, 2, 3, 4, 5]); // column 0 changed twice, told once
    expect(pageRenders).toBe(1); // text is not structural
    expect(frames.size).toBe(0); // nothing pending: no idle frames requested
    expect(store.get(raceId)!.cols.map((col) => col[0]!.text)).toEqual(['a0b0', 'a1', 'a2', 'a3', 'a4', 'a5']);
  });
});
