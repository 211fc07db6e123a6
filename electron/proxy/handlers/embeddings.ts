import { GatewayError, invalidRequest } from '../../core/errors';
import { authHeaders, upstreamUrl } from '../../providers/endpoints';
import { requireKey, resolveModel } from '../../providers/resolve';
import { readJsonBody } from '../body';
import type { ProxyDeps, RequestContext } from '../context';
import { buildRecord } from '../record';
import { sendError } from '../respond';
import { KeyScrubber } from '../scrub';
import { readBody, sendUpstream } from '../upstream';
import { kindFromStatus } from '../wire-errors';

/** POST /v1/embeddings, for OpenAI-format providers that serve embeddings. */
export async function handleEmbeddings(ctx: RequestContext, deps: ProxyDeps, maxBodyBytes: number): Promise<void> {
  const { json, raw } = await readJsonBody(ctx.req, maxBodyBytes);
  if (typeof json.model !== 'string' || json.model === '') throw invalidRequest('`model` is required and must be a string.', 'model');
  if (json.input === undefined) throw invalidRequest('`input` is required.', 'input');
  const target = resolveModel(json.model, deps.registry(), deps.directory());
  const { spec } = target.provider;
  if (spec.format !== 'openai' || !spec.embeddings) {
    throw new GatewayError(400, 'invalid_request', `Provider '${spec.id}' does not serve embeddings through Switchboard.`, { param: 'model' });
  }
  requireKey(target);
  const key = await deps.openKey(spec.id);
  const body = json.model === target.model ? raw : JSON.stringify({ ...json, model: target.model });
  const { request, response } = sendUpstream({
    url: upstreamUrl(target.provider, 'embeddings'),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(target.provider, key) },
    body,
  });
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) request.destroy();
  });
  let status: number;
  let out: Buffer;
  try {
    const res = await response;
    status = res.statusCode ?? 502;
    out = await readBody(res);
  } catch (err) {
    throw new GatewayError(502, 'bad_gateway', `${spec.id}: ${(err as Error).message}`);
  }
  // A provider quoting the key (in any spelling) must not pass it on.
  const text = new KeyScrubber(key?.reveal()).text(out.toString('utf8'));
  let usage = null;
  if (status < 400) {
    try {
      const parsed = JSON.parse(text) as { usage?: { prompt_tokens?: number } };
      const input = parsed.usage?.prompt_tokens ?? 0;
      usage = { inputTokens: input, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    } catch {
      throw new GatewayError(502, 'bad_gateway', `${spec.id}: the provider returned a body that is not valid JSON`);
    }
    ctx.res.writeHead(200, {
      'content-type': 'application/json',
      'x-switchboard-request-id': ctx.id,
      'x-switchboard-provider': spec.id,
      'x-switchboard-model': target.model,
    });
    ctx.res.end(text);
  } else {
    sendError(ctx, 'openai', new GatewayError(status, kindFromStatus(status), `${spec.id} returned ${status}`), { body: text });
  }
  const endedAt = performance.now();
  deps.log(buildRecord(ctx, {
    clientFormat: 'openai', endpoint: 'embeddings', requestedModel: json.model, provider: spec.id, servedModel: target.model,
    status, stream: false, firstByteAt: endedAt, endedAt, usage, requestRaw: raw,
    errorMessage: status >= 400 ? text.slice(0, 300) : null,
    attempts: [{ seq: 0, provider: spec.id, model: target.model, status, error: null, latencyMs: endedAt - ctx.t0, ttftMs: null, outcome: status < 400 ? 'ok' : 'error', reason: null, usage }],
  }, false, ctx.req.headers));
}
