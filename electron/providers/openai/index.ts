import { openaiCompatible } from '../types';

export const openai = openaiCompatible({
  id: 'openai',
  label: 'OpenAI',
  baseUrl: 'https://api.openai.com/v1',
  modelPatterns: [/^gpt-/, /^o1/, /^o3/, /^o4/, /^chatgpt-/, /^text-embedding-/, /^davinci/, /^babbage/, /^codex-/],
  embeddings: true,
  keyUrl: 'https://platform.openai.com/api-keys',
});
