import { openaiCompatible } from '../types';

// Gemini through Google's OpenAI-compatible endpoint: chat, streaming with
// usage, tools and embeddings, without a third wire format to maintain.
export const google = openaiCompatible({
  id: 'google',
  label: 'Google Gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  modelPatterns: [/^gemini-/, /^gemma-/],
  embeddings: true,
  keyUrl: 'https://aistudio.google.com/apikey',
});
