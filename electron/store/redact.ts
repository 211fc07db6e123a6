/**
 * Masks credentials in request headers before they are logged. Header names
 * are matched case-insensitively; values of anything that looks like a key,
 * token, secret, credential, cookie or auth header become `[redacted]`.
 */
export const REDACTED = '[redacted]';

const SENSITIVE_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
  'x-goog-api-key',
]);

const SENSITIVE_PATTERN = /key|token|secret|auth|passw|credential|session|cookie|signature/i;

export type HeaderInput =
  | Record<string, string | string[] | number | undefined | null>
  | Iterable<[string, string]>;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_NAMES.has(name.toLowerCase()) || SENSITIVE_PATTERN.test(name);
}

export function redactHeaders(headers: HeaderInput): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: Iterable<[string, unknown]> =
    Symbol.iterator in headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function'
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue;
    out[name] = isSensitiveHeader(name)
      ? REDACTED
      : Array.isArray(value)
        ? value.join(', ')
        : String(value);
  }
  return out;
}
