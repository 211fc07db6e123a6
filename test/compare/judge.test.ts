import { describe, expect, it } from 'vitest';
import {
  buildJudgeRequest,
  combineOrders,
  modelFamily,
  normaliseVerdict,
  parseJudgeReply,
  sameFamilyWarnings,
  toPairWinner,
} from '../../electron/compare/judge';

describe('judge prompt', () => {
  const base = {
    criteria: 'helpfulness' as const,
    prompt: 'What is 2+2?',
    system: 'Be terse.',
    reference: '4',
    referenceMode: true,
    responseA: 'It is 4.',
    responseB: 'Five.',
  };

  it('uses neutral labels, the criteria, JSON output; reference only in reference mode', () => {
    const r = buildJudgeRequest({ ...base, format: 'openai' });
    const [sys, user] = r.messages;
    expect(sys!.role).toBe('system');
    expect(sys!.content).toContain('"Response A" and "Response B"');
    expect(sys!.content).toContain('"verdict": "A" | "B" | "tie"');
    expect(sys!.content).toContain('reference answer');
    expect(user!.content).toContain('<response_a>\nIt is 4.\n</response_a>');
    expect(user!.content).toContain('<response_b>\nFive.\n</response_b>');
    expect(user!.content).toContain('<reference_answer>\n4\n</reference_answer>');
    expect(user!.content).toContain('<system_prompt_given_to_assistants>\nBe terse.');
    expect(r.extra).toEqual({ response_format: { type: 'json_object' } });
    // No model names leak into the judge's view.
    expect(JSON.stringify(r)).not.toMatch(/gpt|claude/i);

    const noRef = buildJudgeRequest({ ...base, referenceMode: false, format: 'openai' });
    expect(noRef.messages[1]!.content).not.toContain('reference_answer');
  });

  it('Anthropic judges get the JSON-only instruction and no response_format', () => {
    const r = buildJudgeRequest({ ...base, format: 'anthropic' });
    expect(r.extra).toEqual({});
    expect(r.messages[0]!.content).toContain('Reply with ONLY a JSON object');
  });

  it('criteria presets and a custom rubric', () => {
    expect(buildJudgeRequest({ ...base, criteria: 'code_quality', format: 'openai' }).messages[0]!.content).toContain('Judge the code');
    expect(buildJudgeRequest({ ...base, criteria: 'instruction_following', format: 'openai' }).messages[0]!.content).toContain('follows the instructions');
    expect(buildJudgeRequest({ ...base, criteria: 'correctness', format: 'openai' }).messages[0]!.content).toContain('reference answer');
    const custom = buildJudgeRequest({ ...base, criteria: 'custom', rubric: 'Prefer answers in French.', format: 'openai' });
    expect(custom.messages[0]!.content).toContain('Prefer answers in French.');
    expect(buildJudgeRequest({ ...base, retry: true, format: 'openai' }).messages[1]!.content).toContain('could not be parsed');
  });
});

describe('parseJudgeReply', () => {
  it.each([
    ['{"reasoning":"r","verdict":"A"}', 'A', 'r'],
    ['```json\n{"reasoning": "fenced", "verdict": "B"}\n```', 'B', 'fenced'],
    ['Sure! Here is my answer: {"Reasoning": "x {y} \\"z\\"", "Verdict": "tie"} Hope that helps.', 'tie', 'x {y} "z"'],
    ['{"verdict":"response a","reasoning":"case"}', 'A', 'case'],
    ['{"VERDICT":"[[B]]"}', 'B', ''],
    ['{"reasoning":"no","verdict":"maybe"} {"reasoning":"second","verdict":"b"}', 'B', 'second'],
    ['{"reasoning": "truncated because', null, null],
    ['"verdict": "A", "reasoning": "not an object"', 'A', 'not an object'],
    ['I prefer A.', null, null],
    ['', null, null],
    ['{"verdict": 1}', null, null],
  ])('%s', (text, verdict, reasoning) => {
    const r = parseJudgeReply(text);
    if (verdict === null) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, verdict, reasoning });
  });

  it('normalises verdict spellings', () => {
    expect(normaliseVerdict(' a ')).toBe('A');
    expect(normaliseVerdict('Response B.')).toBe('B');
    expect(normaliseVerdict('Draw')).toBe('tie');
    expect(normaliseVerdict('A and B')).toBeNull();
  });
});

describe('both orders', () => {
  it('maps shown verdicts to the pair and combines them', () => {
    expect(toPairWinner('ab', 'A')).toBe('a');
    expect(toPairWinner('ba', 'A')).toBe('b');
    expect(toPairWinner('ba', 'B')).toBe('a');
    const done = (winner: 'a' | 'b' | 'tie') => ({ status: 'done' as const, winner });
    expect(combineOrders(done('a'), done('a'))).toEqual({ outcome: 'a', inconsistent: false });
    expect(combineOrders(done('tie'), done('tie'))).toEqual({ outcome: 'tie', inconsistent: false });
    // A position-biased judge says "A" both times: a flip → tie, inconsistent.
    expect(combineOrders(done(toPairWinner('ab', 'A')), done(toPairWinner('ba', 'A')))).toEqual({ outcome: 'tie', inconsistent: true });
    expect(combineOrders(done('a'), done('tie'))).toEqual({ outcome: 'tie', inconsistent: true });
    expect(combineOrders(done('a'), { status: 'unparseable' })).toEqual({ outcome: 'unparseable', inconsistent: false });
    expect(combineOrders(done('a'), { status: 'pending' })).toEqual({ outcome: 'incomplete', inconsistent: false });
    expect(combineOrders({ status: 'unparseable' }, { status: 'error' })).toEqual({ outcome: 'incomplete', inconsistent: false });
  });
});

describe('model families', () => {
  it.each([
    ['gpt-4o', 'openai'],
    ['openai/o3-mini', 'openai'],
    ['o4-mini', 'openai'],
    ['claude-sonnet-4-5', 'claude'],
    ['openrouter/anthropic/claude-3.5-haiku', 'claude'],
    ['gemini-2.5-pro', 'gemini'],
    ['xai/grok-4', 'grok'],
    ['mistral-large-latest', 'mistral'],
    ['deepseek-chat', 'deepseek'],
    ['groq/llama-3.3-70b-versatile', 'llama'],
    ['together/meta-llama/Llama-3-70b', 'llama'],
    ['ollama/qwen2.5:7b', 'qwen'],
    ['anthropic/some-new-name', 'claude'],
    ['my-route', null],
  ])('%s → %s', (name, family) => {
    expect(modelFamily(name)?.family ?? null).toBe(family);
  });

  it('warns when the judge shares a family with a contestant', () => {
    expect(sameFamilyWarnings('gpt-4.1', ['gpt-4o-mini', 'claude-sonnet-4-5'])[0]).toMatch(/same model family .*gpt-4o-mini/);
    expect(sameFamilyWarnings('gemini-2.5-pro', ['gpt-4o-mini', 'claude-sonnet-4-5'])).toEqual([]);
    expect(sameFamilyWarnings(null, ['gpt-4o'])).toEqual([]);
  });
});
