import type { Secret } from '../core/secret';
import { getJson } from '../proxy/upstream';
import { authHeaders, upstreamUrl } from './endpoints';
import type { ActiveProvider } from './registry';

export type ModelListResult =
  | { ok: true; models: string[] }
  | { ok: false; status: number; message: string };

/**
 * Asks a provider for its models with the user's key. This is both the key
 * test (`keys test`, the Keys page) and the source of the offline model cache.
 * Errors are the provider's own words, with the key scrubbed out.
 */
export async function fetchModelList(p: ActiveProvider, key: Secret | null, timeoutMs = 10_000): Promise<ModelListResult> {
  const secret = key?.reveal();
  const scrub = (s: string) => (secret && s.includes(secret) ? s.split(secret).join('[redacted]') : s);
  try {
    const { status, body, text } = await getJson(upstreamUrl(p, 'models'), authHeaders(p, key), timeoutMs);
    if (status >= 400) {
      return { ok: false, status, message: scrub(errorMessage(body) ?? (text.slice(0, 300) || `HTTP ${status}`)) };
    }
    const data = (body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) return { ok: false, status, message: 'the provider answered, but not with a model list' };
    const models = data
      .map((m) => (typeof m === 'object' && m !== null ? (m as { id?: unknown }).id : undefined))
      .filter((id): id is string => typeof id === 'string')
      .map((id) => id.replace(/^models\//, ''));
    return { ok: true, models };
  } catch (err) {
    return { ok: false, status: 0, message: scrub((err as Error).message) };
  }
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const e = (body as { error?: unknown }).error;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return undefined;
}
