import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * DNS-rebinding defence: a web page can make a browser send requests to
 * 127.0.0.1 under its own hostname. Only loopback names (and the bind address
 * when the user chose to expose the proxy) are accepted as `Host`.
 */
export function checkHost(req: IncomingMessage, extraHosts: ReadonlySet<string>): void {
  const host = req.headers.host;
  if (!host) throw new GatewayError(400, 'invalid_request', 'Missing Host header.');
  const name = hostName(host);
  if (LOOPBACK_HOSTS.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name) || extraHosts.has(name)) return;
  throw new GatewayError(403, 'permission', `Host '${name}' is not allowed: Switchboard answers on loopback names only.`, {
    code: 'host_not_allowed',
  });
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1).toLowerCase();
  const colon = host.lastIndexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/**
 * Any web page can POST to localhost from a user's browser. Requests carrying
 * a browser `Origin` are refused unless the user allowed that origin.
 */
export function checkOrigin(req: IncomingMessage, allowed: readonly string[]): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (allowed.includes(origin) || allowed.includes('*')) return origin;
  throw new GatewayError(403, 'permission', `Origin '${origin}' is not allowed. Add it to allowed origins in Settings to call Switchboard from that page.`, {
    code: 'origin_not_allowed',
  });
}

/** The client token from `Authorization: Bearer` (OpenAI SDKs, Anthropic SDK 1.x) or `x-api-key` (Anthropic SDK 0.x). */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key.length > 0) return key.trim();
  return undefined;
}
