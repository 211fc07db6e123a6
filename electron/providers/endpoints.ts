import type { Secret } from '../core/secret';
import type { ActiveProvider } from './registry';

export type UpstreamOperation = 'generate' | 'models' | 'embeddings';

/** The upstream URL for an operation. Anthropic-style bases exclude `/v1`; OpenAI-style include it. */
export function upstreamUrl(p: ActiveProvider, op: UpstreamOperation): URL {
  if (p.spec.format === 'anthropic') {
    return new URL(`${p.baseUrl}/v1/${op === 'generate' ? 'messages' : op}`);
  }
  return new URL(`${p.baseUrl}/${op === 'generate' ? 'chat/completions' : op}`);
}

/** Headers that authenticate to the provider. The only place a key is revealed. */
export function authHeaders(p: ActiveProvider, key: Secret | null): Record<string, string> {
  const headers: Record<string, string> = { ...p.spec.headers };
  if (key === null || p.spec.auth === 'none') return headers;
  if (p.spec.auth === 'x-api-key') headers['x-api-key'] = key.reveal();
  else headers.authorization = `Bearer ${key.reveal()}`;
  return headers;
}
