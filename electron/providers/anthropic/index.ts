import type { ProviderSpec } from '../types';

/** The API version Switchboard speaks when it, not the client, talks to Anthropic. */
export const ANTHROPIC_VERSION = '2023-06-01';

export const anthropic: ProviderSpec = {
  id: 'anthropic',
  label: 'Anthropic',
  baseUrl: 'https://api.anthropic.com',
  format: 'anthropic',
  auth: 'x-api-key',
  headers: { 'anthropic-version': ANTHROPIC_VERSION },
  modelPatterns: [/^claude-/],
  keyUrl: 'https://console.anthropic.com/settings/keys',
};
