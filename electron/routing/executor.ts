import type { IncomingHttpHeaders } from 'node:http';
import type { AutoTier, Cooldown } from '../../shared/routes';
import type { Usage } from '../../shared/usage';
import type { AnthropicRequest } from '../../shared/wire/anthropic';
import { GatewayError } from '../core/errors';
import type { Secret } from '../core/secret';
import { estimateTokens } from '../pricing/price';
import type { ProviderRegistry } from '../providers/registry';
import { requireKey, resolveModel, type ModelDirectory, type ResolvedModel } from '../providers/resolve';
import type { WireFormat } from '../providers/types';
import { Attempt, type AttemptFailure } from '../proxy/attempt';
import type { AttemptOutcome, AttemptRecord } from '../store/types';
import { chooseAuto, scoreRequest, type AutoChoice } from './auto';
import type { CooldownTracker } from './cooldown';
import { modelFacts } from './models';
import type { AutoNode, GroupNode, ModelNode, PlanNode } from './plan';
import { retryDelay } from './retry';

export interface ExecOptions {
  clientFormat: WireFormat;
  body: Record<string, unknown>;
  raw: Buffer;
  clientHeaders: IncomingHttpHeaders;
  /** null: a plain model call (one target, errors passed through as they are). */
  routeName: string | null;
  registry: ProviderRegistry;
  directory: ModelDirectory;
  openKey(providerId: string): Promise<Secret | null>;
  /** Throws a 402 GatewayError when a hard cap stops calls to this provider. */
  budgetCheck?: (provider: string) => void;
  cooldowns: CooldownTracker | null;
  cooldown: Cooldown;
  autoTiers: Readonly<Record<AutoTier, readonly string[]>>;
  anthropicBody?: (body: AnthropicRequest) => AnthropicRequest;
}

/** One link of the attempt chain: a target tried, skipped, failed or aborted. */
export interface ChainEntry {
  seq: number;
  provider: string;
  model: string;
  status: number | null;
  error: string | null;
  /** performance.now() when it started. */
  startedAt: number;
  latencyMs: number | null;
  ttftMs: number | null;
  outcome: AttemptOutcome | 'pending';
  reason: string | null;
  usage: Usage | null;
}

export interface RouteFailure {
  error: GatewayError;
  /** The error body in the client's format (the upstream's own when formats match); null to render `error`. */
  clientBody: string | null;
  /** Stop routing: the client gets this error as it is (a 400, or a key failure the route doesn't move on from). */
  final: boolean;
  contextExceeded: boolean;
  /** The context window of the model that was exceeded, when known. */
  contextWindow: number | null;
}

export type RunResult = { ok: true; attempt: Attempt; entry: ChainEntry } | ({ ok: false } & RouteFailure);

type Failed = Extract<RunResult, { ok: false }>;

/** Live attempts and pending waits of one branch, so a race can cancel its losers. */
class Scope {
  cancelled: string | null = null;
  private readonly live = new Map<Attempt, ChainEntry>();
  private readonly kids: Scope[] = [];
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly onAbort: (a: Attempt, e: ChainEntry, reason: string) => void,
    parent?: Scope,
  ) {
    if (parent) {
      parent.kids.push(this);
      this.cancelled = parent.cancelled;
    }
  }

  child(): Scope {
    return new Scope(this.onAbort, this);
  }

  track(a: Attempt, e: ChainEntry): void {
    this.live.set(a, e);
  }

  untrack(a: Attempt): void {
    this.live.delete(a);
  }

  cancel(reason: string): void {
    if (this.cancelled) return;
    this.cancelled = reason;
    for (const [a, e] of this.live) this.onAbort(a, e, reason);
    this.live.clear();
    for (const k of this.kids) k.cancel(reason);
    for (const w of this.wakers) w();
  }

  /** Waits `ms`, or less if the branch is cancelled meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}

/**
 * Runs one request's plan: strategies over Attempts, with retries, cooldowns,
 * budgets and the attempt chain. Nothing reaches the client here: the
 * executor ends with either a ready-to-commit Attempt or a failure, and the
 * handler sends one or the other.
 */
export class Execution {
  readonly chain: ChainEntry[] = [];
  /** Short explanations for `x-switchboard-route-reason`, innermost first. */
  readonly notes: string[] = [];
  autoChoice: AutoChoice | null = null;
  /** The most recent upstream failure, and the most recent skip (for the all-failed 502). */
  lastError: RouteFailure | null = null;
  lastSkip: RouteFailure | null = null;
  private readonly root: Scope;
  private readonly direct: boolean;

  constructor(private readonly o: ExecOptions) {
    this.direct = o.routeName === null;
    this.root = new Scope((a, e, reason) => this.abortLeg(a, e, reason));
  }

  run(node: PlanNode): Promise<RunResult> {
    return this.runNode(node, this.root);
  }

  /** The client went away: abort whatever is in flight and stop. */
  cancel(reason: string): void {
    this.root.cancel(reason);
  }

  /** Drops a ready answer that will not be committed (the client left), logging it as aborted. */
  abandon(result: Extract<RunResult, { ok: true }>, reason: string): void {
    this.abortLeg(result.attempt, result.entry, reason);
  }

  /** The failure a cancelled run ends with. */
  cancelledResult(): Failed {
    return this.cancelledFailure(this.root);
  }

  get cancelled(): boolean {
    return this.root.cancelled !== null;
  }

  /** Upstream calls made (skipped targets are in the chain, not counted here). */
  get tried(): number {
    let n = 0;
    for (const e of this.chain) if (e.outcome !== 'skipped') n++;
    return n;
  }

  /** The chain as log rows. */
  records(): AttemptRecord[] {
    return this.chain.map((e) => ({
      seq: e.seq,
      provider: e.provider,
      model: e.model,
      status: e.status,
      error: e.error,
      latencyMs: e.latencyMs === null ? null : Math.round(e.latencyMs * 1000) / 1000,
      ttftMs: e.ttftMs === null ? null : Math.round(e.ttftMs * 1000) / 1000,
      outcome: e.outcome === 'pending' ? 'aborted' : e.outcome,
      reason: e.reason,
      usage: e.usage,
    }));
  }

  /** The 502 for a route whose every target failed: one line per attempt, the last error's type. */
  allFailedError(routeName: string): GatewayError {
    const last = this.lastError ?? this.lastSkip;
    const lines = this.chain.map((e) => {
      const what = e.outcome === 'skipped' ? 'skipped' : e.outcome === 'aborted' ? 'aborted' : String(e.status ?? '-');
      const msg = (e.error ?? '').replace(/\s+/g, ' ').slice(0, 200);
      return `- ${e.provider} ${e.model}: ${what}${e.reason ? ` [${e.reason}]` : ''}${msg ? ` ${msg}` : ''}`;
    });
    const n = this.chain.length;
    return new GatewayError(
      502,
      last?.error.kind ?? 'bad_gateway',
      `Route '${routeName}': all targets failed (${n} attempt${n === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      { code: 'all_targets_failed', retryAfter: last?.error.retryAfter },
    );
  }

  // --- strategies -----------------------------------------------------------

  private async runNode(node: PlanNode, scope: Scope): Promise<RunResult> {
    if (this.direct) return this.runModel(node as ModelNode, scope);
    try {
      switch (node.kind) {
        case 'model':
          return await this.runModel(node, scope);
        case 'fallback':
          return await this.runSequence(node.children, scope, 'fallback');
        case 'loadbalance':
          return await this.runSequence(this.weightedOrder(node), scope, 'loadbalance');
        case 'race':
          return await this.runRace(node, scope);
        case 'auto':
          return await this.runAuto(node, scope);
        case 'broken':
          return this.skip('route', node.ref, 'broken_route', node.why);
      }
    } catch (err) {
      // Routing must not crash a request: an unexpected error is one failed target.
      const e = err instanceof GatewayError ? err : new GatewayError(502, 'bad_gateway', `routing error: ${(err as Error)?.message ?? String(err)}`);
      return this.skip('-', '-', 'error', e.message, e);
    }
  }

  private async runSequence(children: readonly PlanNode[], scope: Scope, kind: 'fallback' | 'loadbalance' | 'auto'): Promise<RunResult> {
    let remaining = children.slice();
    let last: Failed | null = null;
    let position = 0;
    while (remaining.length > 0) {
      if (scope.cancelled) return this.cancelledFailure(scope);
      const child = remaining.shift()!;
      position++;
      const r = await this.runNode(child, scope);
      if (r.ok) {
        if (kind === 'fallback' && position > 1) this.notes.push(`fallback: target ${children.indexOf(child) + 1} of ${children.length}`);
        return r;
      }
      if (r.final) return r;
      last = r;
      if (r.contextExceeded) remaining = this.preferLarger(remaining, r.contextWindow);
    }
    return last ?? this.skip('-', '-', 'no_targets', 'no targets to try');
  }

  /** Weighted random order without replacement (Efraimidis–Spirakis): the first is the draw, the rest the fall-through. */
  private weightedOrder(node: GroupNode): PlanNode[] {
    const keyed = node.children.map((c) => ({ c, k: Math.random() ** (1 / c.weight) }));
    keyed.sort((a, b) => b.k - a.k);
    const order = keyed.map((x) => x.c);
    const total = node.children.reduce((s, c) => s + c.weight, 0);
    const first = order[0];
    if (first) this.notes.push(`loadbalance: drew ${label(first)} (weight ${first.weight} of ${total})`);
    return order;
  }

  private runRace(node: GroupNode, scope: Scope): Promise<RunResult> {
    const started = performance.now();
    return new Promise<RunResult>((resolve) => {
      const subs = node.children.map(() => scope.child());
      let pending = node.children.length;
      let settled = false;
      let last: Failed | null = null;
      node.children.forEach((child, i) => {
        void this.runNode(child, subs[i]!).then((r) => {
          pending--;
          if (r.ok) {
            if (settled) {
              // Ready at the same moment as the winner: a loser all the same.
              this.abortLeg(r.attempt, r.entry, 'lost_race');
            } else {
              settled = true;
              subs.forEach((s, j) => j !== i && s.cancel('lost_race'));
              const what = r.attempt.stream ? 'first token' : 'answer';
              this.notes.push(`race: ${r.entry.provider}/${r.entry.model} won (${what} in ${Math.round(performance.now() - started)} ms)`);
              resolve(r);
            }
          } else if (!settled) {
            last = r;
          }
          if (pending === 0 && !settled) {
            settled = true;
            resolve(last ?? this.skip('-', '-', 'no_targets', 'no targets to try'));
          }
        });
      });
    });
  }

  private async runAuto(node: AutoNode, scope: Scope): Promise<RunResult> {
    const difficulty = scoreRequest(this.o.clientFormat, this.o.body);
    const tiers = node.tiers ? { ...this.o.autoTiers, ...node.tiers } : this.o.autoTiers;
    const choice = chooseAuto(difficulty, tiers as Record<AutoTier, readonly string[]>, this.o.registry, this.o.directory);
    this.autoChoice = choice;
    this.notes.push(choice.reason);
    if (choice.candidates.length === 0) return this.skip('auto', choice.tier, 'no_usable_model', choice.reason);
    const children: ModelNode[] = choice.candidates.map((c) => ({
      kind: 'model',
      ref: `${c.resolved.provider.spec.id}/${c.resolved.model}`,
      settings: node.settings,
      weight: 1,
    }));
    return this.runSequence(children, scope, 'auto');
  }

  // --- one target, with retries ----------------------------------------------

  private async runModel(node: ModelNode, scope: Scope): Promise<RunResult> {
    const s = node.settings;
    let target: ResolvedModel;
    try {
      target = resolveModel(node.ref, this.o.registry, this.o.directory);
    } catch (err) {
      if (this.direct || !(err instanceof GatewayError)) throw err;
      const slash = node.ref.indexOf('/');
      return this.skip(slash > 0 ? node.ref.slice(0, slash) : '?', slash > 0 ? node.ref.slice(slash + 1) : node.ref, 'unknown_model', err.message, err);
    }
    const provider = target.provider.spec.id;
    const model = target.model;
    if (this.direct) requireKey(target);
    else if (!target.provider.usable) {
      return this.skip(provider, model, 'no_key', `no key for provider '${provider}' (add one with \`switchboard keys add ${provider}\`)`);
    }
    const cooldowns = this.direct ? null : this.o.cooldowns;
    const left = cooldowns?.remaining(provider, model) ?? 0;
    if (left > 0) {
      const secs = Math.ceil(left / 1000);
      return this.skip(provider, model, 'cooldown', `in cooldown for another ${secs} s`, new GatewayError(503, 'overloaded', `${provider}/${model} is cooling down`, { retryAfter: String(secs) }));
    }
    if (this.o.budgetCheck) {
      try {
        this.o.budgetCheck(provider);
      } catch (err) {
        if (this.direct || !(err instanceof GatewayError)) throw err;
        return this.skip(provider, model, 'budget', err.message, err);
      }
    }
    let key: Secret | null;
    try {
      key = await this.o.openKey(provider);
    } catch (err) {
      if (this.direct || !(err instanceof GatewayError)) throw err;
      return this.skip(provider, model, 'key_unavailable', err.message, err);
    }

    for (let i = 0; ; i++) {
      if (scope.cancelled) return this.cancelledFailure(scope);
      const entry = this.push(provider, model);
      const attempt = new Attempt({
        clientFormat: this.o.clientFormat,
        target,
        key,
        body: this.o.body,
        raw: this.o.raw,
        clientHeaders: this.o.clientHeaders,
        firstByteTimeoutMs: s.firstByteTimeoutMs,
        idleTimeoutMs: s.idleTimeoutMs,
        anthropicBody: this.o.anthropicBody,
      });
      scope.track(attempt, entry);
      const r = await attempt.ready;
      scope.untrack(attempt);
      if (attempt.wasAborted) return this.cancelledFailure(scope); // the entry was closed by abortLeg
      if (r.ok) return { ok: true, attempt, entry };

      const upstream = attempt.upstreamStatus >= 400 ? attempt.upstreamStatus : 0;
      entry.status = upstream || r.error.status;
      entry.error = r.error.message;
      entry.latencyMs = r.latencyMs;
      entry.outcome = 'error';
      entry.reason = classify(r, upstream);
      const failure: RouteFailure = {
        error: r.error,
        clientBody: r.clientBody || null,
        final: false,
        contextExceeded: r.contextExceeded,
        contextWindow: null,
      };
      this.lastError = failure;
      if (this.direct) return { ok: false, ...failure, final: true };
      if (r.contextExceeded) {
        failure.contextWindow = modelFacts(target.provider, model).contextWindow;
        return { ok: false, ...failure };
      }
      if (r.keyFailure) return { ok: false, ...failure, final: !s.fallbackOnAuthError };
      const trigger = upstream ? s.retryOn.has(upstream) : r.retryable;
      if (!trigger) {
        // A field this target's format can't carry: another target may take it.
        if (r.error.code === 'untranslatable_field') return { ok: false, ...failure };
        return { ok: false, ...failure, final: true };
      }
      if (cooldowns?.recordFailure(provider, model, this.o.cooldown, `${entry.status} ${r.error.message}`.slice(0, 300))) {
        entry.reason += ', cooldown_started';
        return { ok: false, ...failure };
      }
      if (i >= s.retries) return { ok: false, ...failure };
      const delay = retryDelay(i, s.backoffMs, r.retryAfter);
      if (delay === null) {
        entry.reason += ', retry_after_over_cap';
        return { ok: false, ...failure };
      }
      entry.reason += `, retry_in_${delay}ms`;
      await scope.sleep(delay);
    }
  }

  // --- helpers ---------------------------------------------------------------

  private push(provider: string, model: string): ChainEntry {
    const e: ChainEntry = {
      seq: this.chain.length,
      provider,
      model,
      status: null,
      error: null,
      startedAt: performance.now(),
      latencyMs: null,
      ttftMs: null,
      outcome: 'pending',
      reason: null,
      usage: null,
    };
    this.chain.push(e);
    return e;
  }

  private skip(provider: string, model: string, reason: string, message: string, error?: GatewayError): Failed {
    const e = this.push(provider, model);
    e.outcome = 'skipped';
    e.reason = reason;
    e.error = message;
    e.latencyMs = 0;
    if (error) e.status = error.status;
    const failure: RouteFailure = {
      error: error ?? new GatewayError(502, 'bad_gateway', `${provider}/${model}: ${message}`),
      clientBody: null,
      final: false,
      contextExceeded: false,
      contextWindow: null,
    };
    this.lastSkip = failure;
    return { ok: false, ...failure };
  }

  private cancelledFailure(scope: Scope): Failed {
    return {
      ok: false,
      error: new GatewayError(499, 'api_error', `cancelled (${scope.cancelled ?? 'aborted'})`),
      clientBody: null,
      final: false,
      contextExceeded: false,
      contextWindow: null,
    };
  }

  /** Drops an attempt before commit (a race loser, or the client left), keeping what it consumed for the log. */
  private abortLeg(a: Attempt, e: ChainEntry, reason: string): void {
    a.abort();
    if (e.outcome !== 'pending' && e.outcome !== 'ok') return;
    e.outcome = 'aborted';
    e.reason = reason;
    e.latencyMs = performance.now() - e.startedAt;
    e.status = a.upstreamStatus || null;
    e.usage = this.partialUsage(a);
  }

  /**
   * What an aborted attempt consumed: the provider's own counts where it sent
   * them (Anthropic reports input tokens up front), otherwise estimates: the
   * prompt as sent, and the text produced before the abort.
   */
  private partialUsage(a: Attempt): Usage {
    const u = a.partialUsage;
    const produced = estimateTokens(streamText(a.outputSoFar));
    return {
      inputTokens: u && u.inputTokens > 0 ? u.inputTokens : estimateTokens(this.o.raw.toString('utf8')),
      outputTokens: Math.max(u?.outputTokens ?? 0, produced),
      cacheReadTokens: u?.cacheReadTokens ?? 0,
      cacheWriteTokens: u?.cacheWriteTokens ?? 0,
      reasoningTokens: u?.reasoningTokens ?? 0,
    };
  }

  /**
   * After a context-window-exceeded failure: targets known to be no larger are
   * skipped; larger ones go first, unknown sizes after them.
   */
  private preferLarger(remaining: PlanNode[], exceeded: number | null): PlanNode[] {
    if (exceeded === null) return remaining;
    const larger: PlanNode[] = [];
    const unknown: PlanNode[] = [];
    for (const node of remaining) {
      const w = this.windowOf(node);
      if (w === null) unknown.push(node);
      else if (w > exceeded) larger.push(node);
      else {
        const names = this.namesOf(node);
        this.skip(names.provider, names.model, 'context_too_small', `context window ${w} tokens is not larger than the ${exceeded} just exceeded`);
      }
    }
    return [...larger, ...unknown];
  }

  private windowOf(node: PlanNode): number | null {
    if (node.kind === 'model') {
      try {
        const t = resolveModel(node.ref, this.o.registry, this.o.directory);
        return modelFacts(t.provider, t.model).contextWindow;
      } catch {
        return null;
      }
    }
    if (node.kind === 'auto' || node.kind === 'broken') return null;
    let max = 0;
    for (const c of node.children) {
      const w = this.windowOf(c);
      if (w === null) return null;
      max = Math.max(max, w);
    }
    return max;
  }

  private namesOf(node: PlanNode): { provider: string; model: string } {
    if (node.kind === 'model') {
      try {
        const t = resolveModel(node.ref, this.o.registry, this.o.directory);
        return { provider: t.provider.spec.id, model: t.model };
      } catch {
        return { provider: '?', model: node.ref };
      }
    }
    return { provider: node.kind, model: label(node) };
  }
}

function label(node: PlanNode): string {
  if (node.kind === 'model') return node.ref;
  if (node.kind === 'broken') return node.ref;
  if (node.kind === 'auto') return 'auto';
  return `${node.kind}(${node.children.map(label).join(', ')})`;
}

/** Why an attempt failed, as a short word for the chain. */
function classify(r: AttemptFailure, upstream: number): string {
  if (r.contextExceeded) return 'context_exceeded';
  if (r.keyFailure) return 'key_failure';
  if (upstream) {
    if (upstream === 429) return 'rate_limited';
    if (upstream === 408) return 'timeout';
    if (upstream >= 500) return 'server_error';
    return `status_${upstream}`;
  }
  const m = r.error.message;
  if (r.error.kind === 'timeout') return /stalled/.test(m) ? 'idle_timeout' : 'first_byte_timeout';
  if (r.error.code === 'untranslatable_field') return 'untranslatable';
  if (/malformed|not valid JSON|expected an event stream/.test(m)) return 'malformed';
  if (/upstream stream error/.test(m)) return 'stream_error';
  if (r.error.status < 500) return `status_${r.error.status}`;
  return 'connection_error';
}

/** The text in a (partial) SSE output in either client format, to estimate the tokens a loser produced. */
export function streamText(sse: string): string {
  if (!sse) return '';
  let out = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data || data === '[DONE]') continue;
    try {
      const j = JSON.parse(data) as {
        choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string; tool_calls?: Array<{ function?: { arguments?: string } }> } }>;
        delta?: { text?: string; thinking?: string; partial_json?: string };
      };
      const d = j.choices?.[0]?.delta;
      if (d) {
        out += d.content ?? '';
        out += d.reasoning_content ?? '';
        for (const t of d.tool_calls ?? []) out += t.function?.arguments ?? '';
      }
      if (j.delta) out += j.delta.text ?? j.delta.thinking ?? j.delta.partial_json ?? '';
    } catch {
      /* not JSON: ignore */
    }
  }
  return out;
}
