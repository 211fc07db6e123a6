/**
 * Token usage between the two wire formats and the gateway's normalised
 * `Usage` (see shared/usage.ts: input is the TOTAL prompt, cache included;
 * output includes reasoning).
 */
import type { Usage } from '../../shared/usage';
import type { OpenAIUsage } from '../../shared/wire/openai';
import type { AnthropicUsage } from '../../shared/wire/anthropic';
import { count, isRecord } from './util';

export function usageFromOpenAI(u: OpenAIUsage | null | undefined): Usage {
  if (!u) return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  const prompt = isRecord(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const completion = isRecord(u.completion_tokens_details) ? u.completion_tokens_details : {};
  return {
    inputTokens: count(u.prompt_tokens),
    outputTokens: count(u.completion_tokens),
    // DeepSeek reports cache hits as a top-level `prompt_cache_hit_tokens`
    // instead of OpenAI's `prompt_tokens_details.cached_tokens`.
    cacheReadTokens: count(prompt.cached_tokens) || count(u.prompt_cache_hit_tokens),
    // OpenAI neither bills nor reports cache writes separately.
    cacheWriteTokens: 0,
    reasoningTokens: count(completion.reasoning_tokens),
  };
}

export function usageFromAnthropic(u: Partial<AnthropicUsage> | null | undefined): Usage {
  if (!u) return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  const cacheRead = count(u.cache_read_input_tokens);
  const cacheWrite = count(u.cache_creation_input_tokens);
  return {
    // Anthropic's `input_tokens` excludes cached tokens; normalise to the total.
    inputTokens: count(u.input_tokens) + cacheRead + cacheWrite,
    outputTokens: count(u.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(u.output_tokens_details?.thinking_tokens),
  };
}

/** Normalised → OpenAI. Cache writes stay inside `prompt_tokens` (OpenAI has no field for them). */
export function usageToOpenAI(u: Usage): OpenAIUsage {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

/** Normalised → Anthropic: `input_tokens` is the uncached remainder. */
export function usageToAnthropic(u: Usage): AnthropicUsage {
  const out: AnthropicUsage = {
    input_tokens: Math.max(0, u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens),
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
  };
  if (u.reasoningTokens > 0) out.output_tokens_details = { thinking_tokens: u.reasoningTokens };
  return out;
}
