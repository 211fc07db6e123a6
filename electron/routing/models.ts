import { priceUsage, pricedModelInfo } from '../pricing/price';
import type { ActiveProvider } from '../providers/registry';

/**
 * What routing needs to know about a model: its list price and context window.
 * The one place these come from: the bundled price data (@pydantic/genai-prices),
 * with a small table for context windows the data lacks. Memoised per
 * provider/model, so after the first request this is a map read.
 */
export interface ModelFacts {
  /** $ per million input / output tokens at list price; null when unknown. */
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  /** Tokens; null when unknown. */
  contextWindow: number | null;
  local: boolean;
}

/** Context windows the price data lacks (or gets wrong), by model-name prefix. Longest prefix wins. */
const CONTEXT_TABLE: ReadonlyArray<readonly [string, number]> = (
  [
    ['gemini-2.5-pro', 1_048_576],
    ['gemini-2.5-flash', 1_048_576],
    ['gemini-2.0-flash', 1_048_576],
    ['gpt-4o', 128_000],
    ['gpt-4.1', 1_047_576],
    ['gpt-5', 400_000],
    ['o3', 200_000],
    ['o4-mini', 200_000],
    ['claude-', 200_000],
  ] as Array<readonly [string, number]>
).sort((a, b) => b[0].length - a[0].length);

const memo = new Map<string, ModelFacts>();
const ONE_M = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
const ONE_M_OUT = { ...ONE_M, inputTokens: 0, outputTokens: 1_000_000 };

export function modelFacts(provider: ActiveProvider, model: string): ModelFacts {
  const key = `${provider.spec.id}\u0000${model}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const base = { providerId: provider.spec.id, pricingId: provider.spec.pricingId, model, local: provider.spec.local };
  const inp = priceUsage({ ...base, usage: ONE_M });
  const out = priceUsage({ ...base, usage: ONE_M_OUT });
  const info = provider.spec.local ? null : pricedModelInfo(provider.spec.id, provider.spec.pricingId, model);
  const facts: ModelFacts = {
    inputPerMTok: inp.listCostUsd,
    outputPerMTok: out.listCostUsd,
    contextWindow: info?.context_window ?? tableWindow(model),
    local: provider.spec.local === true,
  };
  if (memo.size > 5_000) memo.clear();
  memo.set(key, facts);
  return facts;
}

function tableWindow(model: string): number | null {
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  for (const [prefix, n] of CONTEXT_TABLE) if (bare.startsWith(prefix)) return n;
  return null;
}

/** Estimated list cost of one call, for ranking candidates; Infinity when unpriced. */
export function estimatedCost(f: ModelFacts, inputTokens: number, outputTokens: number): number {
  if (f.local) return 0;
  if (f.inputPerMTok === null || f.outputPerMTok === null) return Number.POSITIVE_INFINITY;
  return (inputTokens * f.inputPerMTok + outputTokens * f.outputPerMTok) / 1e6;
}
