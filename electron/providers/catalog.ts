import { anthropic } from './anthropic';
import { cerebras, deepinfra, deepseek, fireworks, groq, lmstudio, mistral, ollama, openrouter, perplexity, together, xai } from './compat';
import { google } from './google';
import { openai } from './openai';
import { openaiCompatible, type ProviderSpec } from './types';

/** The one list of built-in providers. Order is display order. */
export const BUILTIN_PROVIDERS: readonly ProviderSpec[] = [
  openai, anthropic, google, mistral, groq, cerebras, deepinfra, xai, deepseek,
  openrouter, together, fireworks, perplexity, ollama, lmstudio,
];

const byId = new Map(BUILTIN_PROVIDERS.map((p) => [p.id, p]));

export function builtinProvider(id: string): ProviderSpec | undefined {
  return byId.get(id);
}

/** A user-defined OpenAI-compatible endpoint (vLLM, a corporate proxy, …). */
export function customProvider(id: string, baseUrl: string, needsKey: boolean): ProviderSpec {
  return openaiCompatible({ id, label: id, baseUrl, modelPatterns: [], auth: needsKey ? 'bearer' : 'none', embeddings: true });
}

export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
