/**
 * Token usage in one wire-neutral shape. `inputTokens` is the *total* prompt
 * (uncached + cache reads + cache writes), as OpenAI reports it; Anthropic's
 * `input_tokens` excludes cached tokens and is normalised on the way in.
 * `outputTokens` includes reasoning/thinking tokens.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});
