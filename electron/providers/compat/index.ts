import { openaiCompatible } from '../types';

// Hosted providers that speak the OpenAI wire format. Each is only its base
// URL and the bare model names that unambiguously belong to it.
export const mistral = openaiCompatible({
  id: 'mistral', label: 'Mistral', baseUrl: 'https://api.mistral.ai/v1',
  modelPatterns: [/^mistral-/, /^codestral/, /^pixtral-/, /^ministral-/, /^magistral-/, /^devstral-/, /^open-mistral/, /^open-mixtral/],
  embeddings: true, keyUrl: 'https://console.mistral.ai/api-keys',
});
export const groq = openaiCompatible({
  id: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1',
  modelPatterns: [], keyUrl: 'https://console.groq.com/keys',
});
export const cerebras = openaiCompatible({
  id: 'cerebras', label: 'Cerebras', baseUrl: 'https://api.cerebras.ai/v1',
  modelPatterns: [], keyUrl: 'https://cloud.cerebras.ai',
});
export const deepinfra = openaiCompatible({
  id: 'deepinfra', label: 'DeepInfra', baseUrl: 'https://api.deepinfra.com/v1/openai',
  modelPatterns: [], embeddings: true, keyUrl: 'https://deepinfra.com/dash/api_keys',
});
export const xai = openaiCompatible({
  id: 'xai', label: 'xAI', baseUrl: 'https://api.x.ai/v1',
  modelPatterns: [/^grok-/], keyUrl: 'https://console.x.ai',
});
export const deepseek = openaiCompatible({
  id: 'deepseek', label: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1',
  modelPatterns: [/^deepseek-/], keyUrl: 'https://platform.deepseek.com/api_keys',
});
export const openrouter = openaiCompatible({
  id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1',
  modelPatterns: [], keyUrl: 'https://openrouter.ai/keys',
});
export const together = openaiCompatible({
  id: 'together', label: 'Together AI', baseUrl: 'https://api.together.xyz/v1',
  modelPatterns: [], embeddings: true, pricingId: 'together', keyUrl: 'https://api.together.ai/settings/api-keys',
});
export const fireworks = openaiCompatible({
  id: 'fireworks', label: 'Fireworks AI', baseUrl: 'https://api.fireworks.ai/inference/v1',
  modelPatterns: [/^accounts\/fireworks\//], embeddings: true, keyUrl: 'https://fireworks.ai/account/api-keys',
});
export const perplexity = openaiCompatible({
  id: 'perplexity', label: 'Perplexity', baseUrl: 'https://api.perplexity.ai',
  modelPatterns: [/^sonar/], streamUsage: false, keyUrl: 'https://www.perplexity.ai/settings/api',
});

// Local servers: no key, nothing billed.
export const ollama = openaiCompatible({
  id: 'ollama', label: 'Ollama (local)', baseUrl: 'http://127.0.0.1:11434/v1',
  modelPatterns: [], auth: 'none', local: true, embeddings: true,
});
export const lmstudio = openaiCompatible({
  id: 'lmstudio', label: 'LM Studio (local)', baseUrl: 'http://127.0.0.1:1234/v1',
  modelPatterns: [], auth: 'none', local: true, embeddings: true,
});
