/**
 * What an experiment will cost before it starts: each candidate answers each
 * item once, and the judge sees every pair twice (both orders). Input tokens
 * are estimated from the text (≈ 4 characters per token), output tokens from
 * an assumed answer length; prices come from electron/pricing/price.ts.
 */
import type { CompareEstimate, CompareExperiment, CompareItem } from '../../shared/compare';
import type { Usage } from '../../shared/usage';
import { estimateTokens } from '../pricing/price';
import { buildJudgeRequest, sameFamilyWarnings } from './judge';
import { pairsOf } from './store';

/** Prices one call; null when the model is not in the price data. */
export type ModelPricer = (model: string, usage: Usage) => number | null;

export const DEFAULT_ASSUMED_OUTPUT_TOKENS = 400;
/** What a judge's JSON reply ({reasoning, verdict}) usually takes. */
export const JUDGE_OUTPUT_TOKENS = 150;
/** Per-message framing the providers add. */
const MESSAGE_OVERHEAD = 4;

const usage = (inputTokens: number, outputTokens: number): Usage => ({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });

export function estimateExperiment(
  exp: CompareExperiment,
  items: readonly CompareItem[],
  price: ModelPricer,
  opts: { assumedOutputTokens?: number; judgeFormat?: (model: string) => 'openai' | 'anthropic' } = {},
): CompareEstimate {
  const cfg = exp.config;
  const assumed = opts.assumedOutputTokens ?? (cfg.genParams.max_tokens ? Math.min(cfg.genParams.max_tokens, DEFAULT_ASSUMED_OUTPUT_TOKENS) : DEFAULT_ASSUMED_OUTPUT_TOKENS);
  const pairs = pairsOf(cfg.candidates.length).length;
  const unpriced = new Set<string>();
  const candidates = cfg.candidates.map((name, candidate) => ({ candidate, name, inputTokens: 0, outputTokens: 0, costUsd: 0 as number | null }));
  const judge = { name: cfg.judge, inputTokens: 0, outputTokens: 0, costUsd: (cfg.judge ? 0 : null) as number | null };
  const placeholder = 'x'.repeat(assumed * 4);
  for (const it of items) {
    const input = estimateTokens(it.prompt) + (it.system ? estimateTokens(it.system) + MESSAGE_OVERHEAD : 0) + MESSAGE_OVERHEAD;
    for (const c of candidates) {
      c.inputTokens += input;
      c.outputTokens += assumed;
      const cost = price(c.name, usage(input, assumed));
      if (cost === null) {
        unpriced.add(c.name);
        c.costUsd = null;
      } else if (c.costUsd !== null) c.costUsd += cost;
    }
    if (cfg.judge && pairs > 0) {
      const req = buildJudgeRequest({
        criteria: cfg.criteria,
        rubric: cfg.rubric,
        prompt: it.prompt,
        system: it.system,
        reference: it.reference,
        referenceMode: cfg.referenceMode,
        responseA: placeholder,
        responseB: placeholder,
        format: opts.judgeFormat?.(cfg.judge) ?? 'openai',
      });
      const perCall = req.messages.reduce((s, m) => s + estimateTokens(m.content) + MESSAGE_OVERHEAD, 0);
      const calls = pairs * 2;
      judge.inputTokens += perCall * calls;
      judge.outputTokens += JUDGE_OUTPUT_TOKENS * calls;
      const cost = price(cfg.judge, usage(perCall, JUDGE_OUTPUT_TOKENS));
      if (cost === null) {
        unpriced.add(cfg.judge);
        judge.costUsd = null;
      } else if (judge.costUsd !== null) judge.costUsd += cost * calls;
    }
  }
  const totalUsd = candidates.reduce((s, c) => s + (c.costUsd ?? 0), 0) + (judge.costUsd ?? 0);
  const warnings = sameFamilyWarnings(cfg.judge, cfg.candidates);
  if (unpriced.size) warnings.push(`No price data for ${[...unpriced].join(', ')}: the total leaves ${unpriced.size === 1 ? 'it' : 'them'} out.`);
  return {
    items: items.length,
    candidateCalls: items.length * cfg.candidates.length,
    judgeCalls: cfg.judge ? items.length * pairs * 2 : 0,
    assumedOutputTokens: assumed,
    candidates,
    judge,
    totalUsd,
    unpriced: [...unpriced],
    warnings,
    note: `Input tokens estimated from the text (about 4 characters per token); each answer assumed to be ${assumed} tokens, each verdict ${JUDGE_OUTPUT_TOKENS}. The judge sees every pair twice (both orders); an unparseable verdict is retried once, which can add to the judge's cost.`,
  };
}
