import type { AutoTier, Route } from '../../../shared/routes';
import { DEFAULT_AUTO_TIERS } from '../../../shared/settings';
import { invalidRequest, type GatewayError } from '../../core/errors';
import { resolveModel } from '../../providers/resolve';
import type { WireFormat } from '../../providers/types';
import { DEFAULT_COOLDOWN } from '../../routing/cooldown';
import { Execution, type RunResult } from '../../routing/executor';
import { DEFAULT_SETTINGS, planRequest, type PlanNode } from '../../routing/plan';
import { readJsonBody } from '../body';
import type { ProxyDeps, RequestContext } from '../context';
import { buildRecord } from '../record';
import { sendError } from '../respond';

export interface GenerateOptions {
  maxBodyBytes: number;
}

const NO_ROUTES: Readonly<Record<string, Route>> = Object.freeze({});
const CACHE_HEADER = 'x-switchboard-cache';

/** The minimum a generation request needs before it is worth routing. */
function validate(format: WireFormat, body: Record<string, unknown>): string {
  if (typeof body.model !== 'string' || body.model.trim() === '') throw invalidRequest('`model` is required and must be a string.', 'model');
  if (!Array.isArray(body.messages)) throw invalidRequest('`messages` is required and must be an array.', 'messages');
  if (body.messages.length === 0) throw invalidRequest('`messages` must not be empty.', 'messages');
  if (format === 'anthropic' && (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)) {
    throw invalidRequest('`max_tokens` is required and must be a positive integer.', 'max_tokens');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalidRequest('`stream` must be a boolean.', 'stream');
  checkShapes(format, body);
  return body.model;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The shapes both APIs fix for good and that translation, caching and routing
 * walk: messages are objects; a content is a string, null or a list of
 * objects; tools and tool calls are lists of objects; Anthropic's `system` is a
 * string or a list of objects. Anything else is the client's mistake, told as
 * a 400 naming the field, rather than whatever a translator would make of it.
 */
function checkShapes(format: WireFormat, body: Record<string, unknown>): void {
  const messages = body.messages as unknown[];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObject(m)) throw invalidRequest(`\`messages[${i}]\` must be an object.`, `messages[${i}]`);
    const content = m.content;
    if (content !== undefined && content !== null && typeof content !== 'string') {
      if (!Array.isArray(content)) throw invalidRequest(`\`messages[${i}].content\` must be a string or an array.`, `messages[${i}].content`);
      const j = content.findIndex((p) => !isObject(p));
      if (j !== -1) throw invalidRequest(`\`messages[${i}].content[${j}]\` must be an object.`, `messages[${i}].content[${j}]`);
    }
    if (m.tool_calls !== undefined && m.tool_calls !== null) {
      if (!Array.isArray(m.tool_calls) || m.tool_calls.some((c) => !isObject(c))) {
        throw invalidRequest(`\`messages[${i}].tool_calls\` must be an array of objects.`, `messages[${i}].tool_calls`);
      }
    }
  }
  if (body.tools !== undefined && body.tools !== null && (!Array.isArray(body.tools) || body.tools.some((t) => !isObject(t)))) {
    throw invalidRequest('`tools` must be an array of objects.', 'tools');
  }
  const system = body.system;
  if (format === 'anthropic' && system !== undefined && typeof system !== 'string') {
    if (!Array.isArray(system) || system.some((b) => !isObject(b))) throw invalidRequest('`system` must be a string or an array of objects.', 'system');
  }
}

/**
 * POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic).
 *
 * plan (route or direct model) → response cache → budget → execute the plan
 * (fallback / loadbalance / race / auto over Attempts, nothing sent yet) →
 * commit the winner, or answer with the error → log the attempt chain.
 */
export async function handleGenerate(ctx: RequestContext, deps: ProxyDeps, format: WireFormat, opts: GenerateOptions): Promise<void> {
  const { json, raw } = await readJsonBody(ctx.req, opts.maxBodyBytes);
  const requestedModel = validate(format, json);
  const stream = json.stream === true;
  const plan = planRequest(requestedModel, deps.routes?.() ?? NO_ROUTES);
  const routeName = plan.kind === 'route' ? plan.name : null;
  const route = plan.kind === 'route' ? plan.route : null;
  const base = {
    clientFormat: format,
    endpoint: format === 'openai' ? ('chat' as const) : ('messages' as const),
    requestedModel,
    route: routeName,
    stream,
    requestRaw: raw,
  };
  const routeHeaders: Record<string, string> = routeName ? { 'x-switchboard-route': routeName } : {};

  // Response cache: a hit is replayed (and costs nothing, so no budget applies).
  const beta = ctx.req.headers['anthropic-beta'];
  const cached = deps.cache?.lookup({
    clientFormat: format,
    body: json,
    route,
    header: ctx.req.headers[CACHE_HEADER],
    vary: typeof beta === 'string' ? `anthropic-beta:${beta}` : undefined,
  }) ?? null;
  if (cached?.hit && deps.cache) {
    const hit = cached.hit;
    const { firstByteAt, endedAt } = deps.cache.replay(ctx.res, hit, {
      'x-switchboard-request-id': ctx.id,
      ...providerHeaders(hit.provider, hit.model),
      ...routeHeaders,
      'x-switchboard-attempts': '0',
    });
    deps.log(buildRecord(ctx, {
      ...base, provider: hit.provider, servedModel: hit.model, status: hit.status, firstByteAt, endedAt,
      usage: hit.usage, cacheHit: true, savedUsd: hit.costUsd, attempts: [], output: hit.output,
    }, deps.logBodies(), ctx.req.headers));
    return;
  }
  const cacheHeaders: Record<string, string> = cached ? { [CACHE_HEADER]: 'miss' } : {};

  deps.budget?.check({ provider: null, route: routeName, tokenName: ctx.tokenName });

  const root: PlanNode = plan.kind === 'route' ? plan.root : { kind: 'model', ref: plan.model, settings: DEFAULT_SETTINGS, weight: 1 };
  const budget = deps.budget;
  const autoTiers = (deps.autoTiers?.() ?? DEFAULT_AUTO_TIERS) as Readonly<Record<AutoTier, readonly string[]>>;
  const exec = new Execution({
    clientFormat: format,
    body: json,
    raw,
    clientHeaders: ctx.req.headers,
    routeName,
    registry: deps.registry(),
    directory: deps.directory(),
    openKey: (id) => deps.openKey(id),
    budgetCheck: budget ? (provider) => budget.check({ provider, route: routeName, tokenName: ctx.tokenName }) : undefined,
    cooldowns: deps.cooldowns ?? null,
    cooldown: route?.cooldown ?? DEFAULT_COOLDOWN,
    autoTiers,
    anthropicBody: route?.promptCaching ? deps.promptCaching : undefined,
  });
  const onClientGone = () => exec.cancel('client_disconnected');
  ctx.res.once('close', onClientGone);
  let result: RunResult;
  try {
    result = await exec.run(root);
  } finally {
    ctx.res.off('close', onClientGone);
  }

  if (result.ok && (exec.cancelled || ctx.res.destroyed)) {
    // The client left just as an answer became ready: drop it, commit nothing.
    exec.abandon(result, 'client_disconnected');
  }
  if (!result.ok || exec.cancelled || ctx.res.destroyed) {
    const clientGone = exec.cancelled || ctx.res.destroyed;
    const failed = result.ok ? exec.cancelledResult() : result;
    let error: GatewayError = failed.error;
    let body: string | undefined = failed.clientBody ?? undefined;
    if (routeName && !failed.final && !clientGone) {
      const onlyBudget = exec.chain.length > 0 && exec.chain.every((e) => e.reason === 'budget');
      if (onlyBudget && exec.lastSkip) {
        error = exec.lastSkip.error; // every target is over a hard cap: the 402 itself
      } else {
        error = exec.allFailedError(routeName);
      }
      body = undefined;
    }
    const lastTried = [...exec.chain].reverse().find((e) => e.outcome !== 'skipped') ?? exec.chain.at(-1);
    if (!clientGone) {
      sendError(ctx, format, error, {
        body,
        headers: {
          ...(lastTried ? providerHeaders(lastTried.provider, lastTried.model) : {}),
          ...routeHeaders,
          'x-switchboard-attempts': String(exec.tried),
          ...(routeName ? { 'x-switchboard-route-reason': headerSafe(reasonFor(exec, root, null)) } : {}),
          ...cacheHeaders,
        },
      });
    }
    deps.log(buildRecord(ctx, {
      ...base, provider: lastTried?.provider ?? null, servedModel: lastTried?.model ?? null,
      status: clientGone ? 499 : error.status, errorType: clientGone ? 'client_disconnected' : error.kind,
      errorMessage: error.message, firstByteAt: null, endedAt: performance.now(), usage: null, attempts: exec.records(),
    }, deps.logBodies(), ctx.req.headers));
    return;
  }

  const { attempt, entry } = result;
  // Built in place rather than from spreads: this runs on every answered request.
  const headers: Record<string, string> = { 'x-switchboard-request-id': ctx.id };
  if (entry.provider) headers['x-switchboard-provider'] = entry.provider;
  if (entry.model) headers['x-switchboard-model'] = entry.model;
  if (routeName) headers['x-switchboard-route'] = routeName;
  headers['x-switchboard-attempts'] = String(exec.tried);
  if (routeName) headers['x-switchboard-route-reason'] = headerSafe(reasonFor(exec, root, entry));
  if (cached) headers[CACHE_HEADER] = 'miss';
  const outcome = await attempt.commit(ctx.res, headers);
  entry.status = attempt.upstreamStatus;
  entry.error = outcome.errorMessage;
  entry.latencyMs = outcome.endedAt - entry.startedAt;
  entry.ttftMs = outcome.firstByteAt === null ? null : outcome.firstByteAt - entry.startedAt;
  entry.outcome = outcome.clientAborted ? 'aborted' : outcome.partial ? 'error' : 'ok';
  entry.reason = outcome.clientAborted ? 'client_disconnected' : outcome.partial ? 'stream_cut' : entry.reason;
  entry.usage = outcome.usage;
  if (routeName && deps.cooldowns) {
    if (outcome.partial) deps.cooldowns.recordFailure(entry.provider, entry.model, route?.cooldown ?? DEFAULT_COOLDOWN, outcome.errorMessage ?? 'stream cut');
    else if (!outcome.clientAborted) deps.cooldowns.recordSuccess(entry.provider, entry.model);
  }
  if (cached && deps.cache && !outcome.partial && !outcome.clientAborted && outcome.status === 200) {
    deps.cache.store(cached.key, {
      clientFormat: format, stream, status: 200, output: outcome.output, provider: entry.provider, model: entry.model, usage: outcome.usage,
    }, cached.ttlSeconds);
  }
  const record = buildRecord(ctx, {
    clientFormat: format, endpoint: base.endpoint, requestedModel, route: routeName, stream, requestRaw: raw,
    provider: entry.provider, servedModel: entry.model, status: outcome.status,
    errorType: outcome.partial ? 'stream_cut' : outcome.clientAborted ? 'client_disconnected' : null,
    errorMessage: outcome.errorMessage, firstByteAt: outcome.firstByteAt, endedAt: outcome.endedAt,
    usage: outcome.usage, partial: outcome.partial, attempts: exec.records(), output: outcome.output,
  }, deps.logBodies(), ctx.req.headers);
  if (exec.autoChoice) {
    // Savings shown honestly: what this auto-routed call would have cost on the
    // default model (the first usable model of the standard tier).
    record.counterfactual = autoBaseline(autoTiers, deps.registry(), deps.directory());
  }
  deps.log(record);
}

function autoBaseline(
  tiers: Readonly<Record<AutoTier, readonly string[]>>,
  registry: ReturnType<ProxyDeps['registry']>,
  directory: ReturnType<ProxyDeps['directory']>,
): { provider: string; model: string } | null {
  for (const ref of tiers.standard) {
    try {
      const r = resolveModel(ref, registry, directory);
      if (r.provider.usable) return { provider: r.provider.spec.id, model: r.model };
    } catch {
      /* an unresolvable tier entry is skipped, as auto itself does */
    }
  }
  return null;
}

function providerHeaders(provider: string | null, model: string | null): Record<string, string> {
  const h: Record<string, string> = {};
  if (provider) h['x-switchboard-provider'] = provider;
  if (model) h['x-switchboard-model'] = model;
  return h;
}

/** `x-switchboard-route-reason`: what the strategies decided, plus what failed on the way. */
function reasonFor(exec: Execution, root: PlanNode, winner: { provider: string; model: string } | null): string {
  const parts = [...exec.notes].reverse();
  if (parts.length === 0 && winner) parts.push(`${root.kind === 'model' ? 'route' : root.kind}: ${winner.provider}/${winner.model}`);
  let failed = 0;
  let skipped = 0;
  const why = new Set<string>();
  for (const e of exec.chain) {
    if (e.outcome === 'skipped') skipped++;
    else if (e.outcome === 'error') failed++;
    else continue;
    if (e.reason) why.add(e.reason.split(',')[0]!);
  }
  if (winner === null) parts.push('all targets failed');
  if (failed || skipped) parts.push(`${failed} failed, ${skipped} skipped before it (${[...why].join(', ')})`);
  return parts.join('; ');
}

/** Header values must be visible ASCII; keep them short. */
function headerSafe(v: string): string {
  return v.replace(/[^\x20-\x7e]/g, '?').slice(0, 600);
}
