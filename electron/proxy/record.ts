import type { IncomingHttpHeaders } from 'node:http';
import type { Usage } from '../../shared/usage';
import { estimateTokens } from '../pricing/price';
import { redactHeaders } from '../store/redact';
import type { AttemptRecord, Endpoint, RequestRecord } from '../store/types';
import type { WireFormat } from '../providers/types';
import type { RequestContext } from './context';

const BODY_CAP = 1024 * 1024;

export interface RecordFields {
  clientFormat: WireFormat;
  endpoint: Endpoint;
  requestedModel: string | null;
  route?: string | null;
  provider: string | null;
  servedModel: string | null;
  status: number;
  errorType?: string | null;
  errorMessage?: string | null;
  stream: boolean;
  firstByteAt: number | null;
  endedAt: number;
  usage: Usage | null;
  partial?: boolean;
  cacheHit?: boolean;
  savedUsd?: number | null;
  attempts: AttemptRecord[];
  /** Raw request bytes and the text the client received, for body logging and estimates. */
  requestRaw?: Buffer;
  output?: string;
}

/**
 * Builds the log row for a finished request. Runs after the response has
 * completed. Where the provider reported no usage, tokens are estimated from
 * the text and the row is marked as estimated.
 */
export function buildRecord(ctx: RequestContext, f: RecordFields, logBodies: boolean, headers: IncomingHttpHeaders): RequestRecord {
  let usage = f.usage;
  let usageEstimated = false;
  if (!usage && f.status < 400 && f.requestRaw && f.endpoint !== 'models') {
    usage = {
      inputTokens: estimateTokens(f.requestRaw.toString('utf8')),
      outputTokens: estimateTokens(f.output ?? ''),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    usageEstimated = true;
  }
  const record: RequestRecord = {
    id: ctx.id,
    ts: ctx.ts,
    clientFormat: f.clientFormat,
    endpoint: f.endpoint,
    tokenName: ctx.tokenName,
    source: ctx.source,
    requestedModel: f.requestedModel,
    route: f.route ?? null,
    provider: f.provider,
    servedModel: f.servedModel,
    status: f.status,
    errorType: f.errorType ?? null,
    errorMessage: f.errorMessage ?? null,
    stream: f.stream,
    latencyMs: round(f.endedAt - ctx.t0),
    ttftMs: f.firstByteAt === null ? null : round(f.firstByteAt - ctx.t0),
    usage,
    usageEstimated,
    cacheHit: f.cacheHit ?? false,
    savedUsd: f.savedUsd ?? null,
    partial: f.partial ?? false,
    attempts: f.attempts,
  };
  if (logBodies && f.requestRaw) {
    record.bodies = {
      requestHeaders: redactHeaders(headers as Record<string, string | string[] | undefined>),
      requestBody: f.requestRaw.toString('utf8', 0, Math.min(f.requestRaw.length, BODY_CAP)),
      responseBody: (f.output ?? '').slice(0, BODY_CAP),
    };
  }
  return record;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
