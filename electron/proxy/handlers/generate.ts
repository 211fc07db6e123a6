import { invalidRequest } from '../../core/errors';
import { requireKey, resolveModel } from '../../providers/resolve';
import type { WireFormat } from '../../providers/types';
import type { AttemptRecord } from '../../store/types';
import { Attempt } from '../attempt';
import { readJsonBody } from '../body';
import type { ProxyDeps, RequestContext } from '../context';
import { buildRecord } from '../record';
import { sendError } from '../respond';

export interface GenerateOptions {
  maxBodyBytes: number;
}

/** The minimum a generation request needs before it is worth routing. */
function validate(format: WireFormat, body: Record<string, unknown>): string {
  if (typeof body.model !== 'string' || body.model.trim() === '') throw invalidRequest('`model` is required and must be a string.', 'model');
  if (!Array.isArray(body.messages)) throw invalidRequest('`messages` is required and must be an array.', 'messages');
  if (body.messages.length === 0) throw invalidRequest('`messages` must not be empty.', 'messages');
  if (format === 'anthropic' && (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)) {
    throw invalidRequest('`max_tokens` is required and must be a positive integer.', 'max_tokens');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalidRequest('`stream` must be a boolean.', 'stream');
  return body.model;
}

/** POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic). */
export async function handleGenerate(ctx: RequestContext, deps: ProxyDeps, format: WireFormat, opts: GenerateOptions): Promise<void> {
  const { json, raw } = await readJsonBody(ctx.req, opts.maxBodyBytes);
  const requestedModel = validate(format, json);
  const stream = json.stream === true;
  const target = resolveModel(requestedModel, deps.registry(), deps.directory());
  requireKey(target);
  const key = await deps.openKey(target.provider.spec.id);

  const attempt = new Attempt({ clientFormat: format, target, key, body: json, raw, clientHeaders: ctx.req.headers });
  const onClientGone = () => attempt.abort();
  ctx.res.once('close', onClientGone);

  const ready = await attempt.ready;
  const providerId = target.provider.spec.id;
  const base = {
    clientFormat: format,
    endpoint: format === 'openai' ? ('chat' as const) : ('messages' as const),
    requestedModel,
    provider: providerId,
    servedModel: target.model,
    stream,
    requestRaw: raw,
  };
  if (!ready.ok) {
    ctx.res.off('close', onClientGone);
    const status = ready.error.status;
    const attemptRow: AttemptRecord = {
      seq: 0, provider: providerId, model: target.model, status, error: ready.error.message,
      latencyMs: ready.latencyMs, ttftMs: null, outcome: attempt.wasAborted ? 'aborted' : 'error', reason: null,
    };
    if (!ctx.res.destroyed) {
      sendError(ctx, format, ready.error, { body: ready.clientBody, headers: providerHeaders(providerId, target.model) });
    }
    deps.log(buildRecord(ctx, {
      ...base, status: attempt.wasAborted ? 499 : status, errorType: ready.error.kind, errorMessage: ready.error.message,
      firstByteAt: null, endedAt: performance.now(), usage: null, attempts: [attemptRow],
    }, deps.logBodies(), ctx.req.headers));
    return;
  }

  const outcome = await attempt.commit(ctx.res, {
    'x-switchboard-request-id': ctx.id,
    ...providerHeaders(providerId, target.model),
    'x-switchboard-attempts': '1',
  });
  ctx.res.off('close', onClientGone);
  const attemptRow: AttemptRecord = {
    seq: 0, provider: providerId, model: target.model, status: attempt.upstreamStatus,
    error: outcome.errorMessage, latencyMs: outcome.endedAt - attempt.startedAt,
    ttftMs: outcome.firstByteAt === null ? null : outcome.firstByteAt - attempt.startedAt,
    outcome: outcome.clientAborted ? 'aborted' : outcome.partial ? 'error' : 'ok', reason: outcome.clientAborted ? 'client_disconnected' : null,
    usage: outcome.usage,
  };
  deps.log(buildRecord(ctx, {
    ...base, status: outcome.status, errorType: outcome.partial ? 'stream_cut' : outcome.clientAborted ? 'client_disconnected' : null,
    errorMessage: outcome.errorMessage, firstByteAt: outcome.firstByteAt, endedAt: outcome.endedAt,
    usage: outcome.usage, partial: outcome.partial, attempts: [attemptRow], output: outcome.output,
  }, deps.logBodies(), ctx.req.headers));
}

function providerHeaders(provider: string, model: string): Record<string, string> {
  return { 'x-switchboard-provider': provider, 'x-switchboard-model': model };
}

