import type { GatewayError } from '../core/errors';
import type { WireFormat } from '../providers/types';
import type { RequestContext } from './context';
import { errorBody } from './wire-errors';

/**
 * Sends an error in the client's wire format, keeping the status (a 429 stays
 * a 429) and `retry-after`. `body` overrides the rendered body, e.g. the
 * upstream's own error when formats match.
 */
export function sendError(
  ctx: RequestContext,
  format: WireFormat,
  err: GatewayError,
  extra: { body?: string; headers?: Record<string, string> } = {},
): void {
  const { res } = ctx;
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = extra.body || JSON.stringify(errorBody(format, err));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-switchboard-request-id': ctx.id,
    ...extra.headers,
  };
  if (err.retryAfter) headers['retry-after'] = err.retryAfter;
  res.writeHead(err.status, headers);
  res.end(body);
}

export function sendJson(ctx: RequestContext, status: number, value: unknown, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { 'content-type': 'application/json', 'x-switchboard-request-id': ctx.id, ...headers });
  ctx.res.end(JSON.stringify(value));
}
