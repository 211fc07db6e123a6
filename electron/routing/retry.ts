/** Longest `retry-after` Switchboard waits out; beyond it the target is left and the next one tried. */
export const RETRY_AFTER_CAP_MS = 30_000;
/** Longest computed backoff between two tries of one target. */
export const BACKOFF_CAP_MS = 10_000;

/** `retry-after` as ms: delta-seconds (possibly fractional) or an HTTP date. null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff from
 * `baseMs` with ±50 % jitter, but never shorter than the provider's
 * `retry-after`. Returns null when `retry-after` asks for longer than the cap:
 * the caller moves on instead of waiting.
 */
export function retryDelay(attempt: number, baseMs: number, retryAfter: string | undefined, random = Math.random): number | null {
  const ra = parseRetryAfter(retryAfter);
  if (ra !== null && ra > RETRY_AFTER_CAP_MS) return null;
  const backoff = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** attempt) * (0.5 + random());
  return Math.round(Math.max(ra ?? 0, backoff));
}
