/**
 * Runs experiments: every candidate answers every item, then the judge sees
 * every pair of answers in both orders. All calls go through a `ChatCaller`
 * (in the app: real HTTP to the local proxy, see client.ts) under a
 * concurrency limit. Every result is written to SQLite as it arrives, so
 * pause/cancel/resume — also after the app was killed — never repeats a
 * finished call.
 */
import type { CompareExperiment, CompareItem, CompareProgress, CompareStatus } from '../../shared/compare';
import type { Usage } from '../../shared/usage';
import type { ChatCaller, ChatCall, ChatMessage, ChatResult } from './client';
import { buildJudgeRequest, parseJudgeReply, toPairWinner, type Order } from './judge';
import type { CompareStore, JudgementRow } from './store';

/** Prices one finished call (the runner's running cost); null when unknown. */
export type CallPricer = (call: { provider: string | null; model: string; usage: Usage }) => number | null;

export interface RunnerDeps {
  store: CompareStore;
  caller: ChatCaller;
  price?: CallPricer;
  /** The judge's provider format (structured output differs). Default 'openai'. */
  judgeFormat?: (model: string) => 'openai' | 'anthropic';
  /** Delay before retry `attempt` (1-based) of a transient failure. Default 1 s, 2 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Attempts per call for transient failures (429, 5xx, network). Default 3. */
  maxAttempts?: number;
  /** Minimum gap between progress events per experiment. Default 100 ms. */
  progressIntervalMs?: number;
}

export class CompareError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'CompareError';
  }
}

interface RunState {
  id: string;
  stopping: null | 'pause' | 'cancel';
  controller: AbortController;
  startedAt: number;
  doneThisRun: number;
  promise: Promise<void>;
}

class Semaphore {
  #free: number;
  readonly #queue: Array<() => void> = [];
  constructor(n: number) {
    this.#free = n;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((r) => this.#queue.push(r));
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

const TRANSIENT = new Set([0, 408, 409, 425, 429, 500, 502, 503, 504, 529]);

/** Reasoning models reject a temperature other than the default. */
export function judgeParams(model: string): Record<string, unknown> {
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return /^(o\d|gpt-5)/.test(bare) ? {} : { temperature: 0 };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class CompareRunner {
  readonly #deps: RunnerDeps;
  readonly #store: CompareStore;
  readonly #active = new Map<string, RunState>();
  readonly #listeners = new Set<(p: CompareProgress) => void>();
  readonly #lastEmit = new Map<string, number>();
  readonly #pendingEmit = new Map<string, NodeJS.Timeout>();

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
    this.#store = deps.store;
  }

  // -- events ---------------------------------------------------------------

  /** Progress events for every experiment (filter by `experimentId`). */
  subscribe(fn: (p: CompareProgress) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #emit(id: string, force = false): void {
    if (this.#listeners.size === 0) return;
    const gap = this.#deps.progressIntervalMs ?? 100;
    const since = Date.now() - (this.#lastEmit.get(id) ?? 0);
    if (!force && since < gap) {
      if (!this.#pendingEmit.has(id)) {
        this.#pendingEmit.set(
          id,
          setTimeout(() => {
            this.#pendingEmit.delete(id);
            this.#emit(id, true);
          }, gap - since),
        );
      }
      return;
    }
    const t = this.#pendingEmit.get(id);
    if (t) {
      clearTimeout(t);
      this.#pendingEmit.delete(id);
    }
    this.#lastEmit.set(id, Date.now());
    let p: CompareProgress;
    try {
      p = this.progress(id);
    } catch {
      return; // deleted meanwhile
    }
    for (const fn of this.#listeners) {
      try {
        fn(p);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  progress(id: string): CompareProgress {
    const exp = this.#store.getExperiment(id);
    if (!exp) throw new CompareError(`No experiment "${id}".`, 'not_found', 404);
    const { answers, judgements } = this.#store.counts(id);
    const costs = this.#store.costs(id);
    const aTotal = answers.pending + answers.done + answers.error;
    const jTotal = judgements.pending + judgements.done + judgements.unparseable + judgements.error + judgements.skipped;
    const aDone = answers.done + answers.error;
    const jDone = judgements.done + judgements.unparseable + judgements.error + judgements.skipped;
    const total = aTotal + jTotal;
    const done = aDone + jDone;
    const state = this.#active.get(id);
    const elapsedMs = state ? Date.now() - state.startedAt : 0;
    const etaMs = state && state.doneThisRun > 0 && total > done ? Math.round(((total - done) * elapsedMs) / state.doneThisRun) : total > 0 && done >= total ? 0 : null;
    return {
      experimentId: id,
      status: exp.status,
      total,
      done,
      failed: answers.error + judgements.error + judgements.skipped,
      answers: { done: aDone, total: aTotal },
      judgements: { done: jDone, total: jTotal, unparseable: judgements.unparseable },
      costUsd: costs.answer + costs.judge,
      candidateCostUsd: costs.answer,
      judgeCostUsd: costs.judge,
      unpricedCalls: costs.unpriced,
      elapsedMs,
      etaMs,
      message: exp.message,
    };
  }

  isActive(id: string): boolean {
    return this.#active.has(id);
  }

  /** Resolves when the experiment's current run has stopped (finished, paused or cancelled). */
  async whenIdle(id: string): Promise<void> {
    await this.#active.get(id)?.promise;
  }

  // -- control --------------------------------------------------------------

  /** Checks a draft can run; returns the reasons it can't. */
  problems(exp: CompareExperiment): string[] {
    const out: string[] = [];
    const c = exp.config;
    if (c.candidates.length < 2) out.push('Pick at least two candidates.');
    if (new Set(c.candidates).size !== c.candidates.length) out.push('Each candidate must be different.');
    if (!c.judge) out.push('Pick a judge model.');
    if (exp.itemCount === 0) out.push('Add at least one prompt.');
    if (c.criteria === 'custom' && !(c.rubric ?? '').trim()) out.push('Write the custom rubric, or pick a preset.');
    return out;
  }

  start(id: string): CompareProgress {
    const exp = this.#require(id);
    if (exp.status !== 'draft') throw new CompareError(`Experiment "${exp.name}" has already started (${exp.status}); use resume.`, 'already_started', 409);
    const problems = this.problems(exp);
    if (problems.length) throw new CompareError(`Can't start "${exp.name}": ${problems.join(' ')}`, 'not_ready', 400);
    this.#store.plan(id, exp.config.candidates.length);
    this.#launch(id, { started: true });
    return this.progress(id);
  }

  async resume(id: string): Promise<CompareProgress> {
    const running = this.#active.get(id);
    if (running && !running.stopping) return this.progress(id);
    if (running) await running.promise; // a pause or cancel still settling: let it, then go again
    if (this.#active.has(id)) return this.progress(id);
    const exp = this.#require(id);
    if (exp.status === 'draft') return this.start(id);
    // 'running' with no run in this process: interrupted (the app was killed or restarted).
    this.#store.plan(id, exp.config.candidates.length);
    this.#store.requeueFailed(id);
    const { answers, judgements } = this.#store.counts(id);
    if (answers.pending + judgements.pending === 0) {
      this.#store.setStatus(id, 'done', { finished: true, message: exp.status === 'done' ? exp.message : null });
      this.#emit(id, true);
      return this.progress(id);
    }
    this.#launch(id, {});
    return this.progress(id);
  }

  pause(id: string): CompareProgress {
    return this.#stop(id, 'pause');
  }

  cancel(id: string): CompareProgress {
    return this.#stop(id, 'cancel');
  }

  #stop(id: string, how: 'pause' | 'cancel'): CompareProgress {
    const exp = this.#require(id);
    const state = this.#active.get(id);
    if (state) {
      state.stopping = how === 'cancel' || state.stopping === 'cancel' ? 'cancel' : 'pause';
      if (how === 'cancel') state.controller.abort();
    } else if (exp.status === 'running') {
      // Interrupted run (no runner here): just record the intent.
      this.#store.setStatus(id, how === 'cancel' ? 'cancelled' : 'paused', { message: null });
      this.#emit(id, true);
    } else if (exp.status === 'draft' && how === 'cancel') {
      this.#store.setStatus(id, 'cancelled', { message: null });
      this.#emit(id, true);
    }
    return this.progress(id);
  }

  /** Stops every run in this process (app quit): in-flight calls are aborted; rows stay pending. */
  async stopAll(): Promise<void> {
    for (const s of this.#active.values()) {
      s.stopping = 'pause';
      s.controller.abort();
    }
    await Promise.all([...this.#active.values()].map((s) => s.promise));
  }

  #require(id: string): CompareExperiment {
    const exp = this.#store.getExperiment(id);
    if (!exp) throw new CompareError(`No experiment "${id}".`, 'not_found', 404);
    return exp;
  }

  #launch(id: string, opts: { started?: boolean }): void {
    this.#store.setStatus(id, 'running', { started: opts.started ?? false, message: null });
    const state: RunState = { id, stopping: null, controller: new AbortController(), startedAt: Date.now(), doneThisRun: 0, promise: Promise.resolve() };
    this.#active.set(id, state);
    state.promise = this.#run(state)
      .then(() => this.#finish(state))
      .catch((err) => {
        try {
          this.#store.setStatus(id, 'failed', { message: `The run stopped on an internal error: ${(err as Error).message}. Resume to continue.` });
        } catch {
          /* the database is gone (app quitting): the run shows as interrupted next time */
        }
      })
      .finally(() => {
        this.#active.delete(id);
        this.#emit(id, true);
      });
    this.#emit(id, true);
  }

  #finish(state: RunState): void {
    const id = state.id;
    if (state.stopping === 'cancel') {
      this.#store.setStatus(id, 'cancelled', { message: 'Cancelled. Resume to run the remaining calls; finished ones are kept.' });
      return;
    }
    if (state.stopping === 'pause') {
      this.#store.setStatus(id, 'paused', { message: null });
      return;
    }
    const { answers, judgements } = this.#store.counts(id);
    const failed = answers.error + judgements.error + judgements.skipped;
    const status: CompareStatus = 'done';
    this.#store.setStatus(id, status, {
      finished: true,
      message: failed ? `${failed} call${failed === 1 ? '' : 's'} failed (see the items); resume to retry ${failed === 1 ? 'it' : 'them'}.` : null,
    });
  }

  async #run(state: RunState): Promise<void> {
    const exp = this.#require(state.id);
    const items = this.#store.itemIndexes(state.id);
    const sem = new Semaphore(exp.config.concurrency);
    let next = 0;
    const worker = async () => {
      while (!state.stopping) {
        const i = next++;
        if (i >= items.length) return;
        await this.#processItem(state, exp, items[i]!, sem);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(exp.config.concurrency, items.length)) }, worker));
  }

  async #processItem(state: RunState, exp: CompareExperiment, idx: number, sem: Semaphore): Promise<void> {
    const id = state.id;
    const item = this.#store.item(id, idx);
    if (!item) return;
    const todo = this.#store.answers(id, idx).filter((a) => a.status !== 'done');
    await Promise.all(todo.map((a) => sem.run(async () => (state.stopping ? undefined : this.#answer(state, exp, item, idx, a.candidate)))));
    if (state.stopping) return;
    const answers = new Map(this.#store.answers(id, idx).map((a) => [a.candidate, a]));
    const judgements = this.#store.judgements(id, idx).filter((j) => j.status !== 'done' && j.status !== 'unparseable');
    await Promise.all(
      judgements.map(async (j) => {
        const A = answers.get(j.a);
        const B = answers.get(j.b);
        if (A?.status !== 'done' || B?.status !== 'done') {
          if (state.stopping) return;
          this.#store.saveJudgement(id, { ...j, status: 'skipped', error: 'not judged: an answer failed' });
          state.doneThisRun++;
          this.#emit(id);
          return;
        }
        await sem.run(async () => (state.stopping ? undefined : this.#judge(state, exp, item, j, A.text ?? '', B.text ?? '')));
      }),
    );
  }

  /** One call with retries for transient failures; every HTTP attempt is recorded. */
  async #call(state: RunState, call: Omit<ChatCall, 'signal'>, record: (r: ChatResult) => void): Promise<ChatResult> {
    const max = this.#deps.maxAttempts ?? 3;
    let result: ChatResult | undefined;
    for (let attempt = 1; attempt <= max; attempt++) {
      result = await this.#deps.caller({ ...call, signal: state.controller.signal });
      record(result);
      if (result.ok || result.aborted || !TRANSIENT.has(result.status) || attempt === max || state.stopping) break;
      await sleep(this.#deps.retryDelayMs?.(attempt) ?? 1000 * attempt, state.controller.signal);
      if (state.controller.signal.aborted) break;
    }
    return result!;
  }

  #price(r: ChatResult & { ok: true }, model: string): number | null {
    if (!r.usage) return null;
    try {
      return this.#deps.price?.({ provider: r.provider, model: r.servedModel ?? model, usage: r.usage }) ?? null;
    } catch {
      return null;
    }
  }

  #recordCall(id: string, base: { kind: 'answer' | 'judge'; itemIdx: number; model: string; candidate?: number; a?: number; b?: number; order?: Order }, r: ChatResult): number | null {
    const cost = r.ok ? this.#price(r, base.model) : null;
    this.#store.recordCall(id, {
      ...base,
      requestId: r.requestId,
      status: r.status,
      ok: r.ok,
      latencyMs: r.latencyMs,
      inputTokens: r.ok ? (r.usage?.inputTokens ?? null) : null,
      outputTokens: r.ok ? (r.usage?.outputTokens ?? null) : null,
      costUsd: cost,
    });
    return cost;
  }

  async #answer(state: RunState, exp: CompareExperiment, item: CompareItem, idx: number, candidate: number): Promise<void> {
    const id = state.id;
    const model = exp.config.candidates[candidate]!;
    const messages: ChatMessage[] = [];
    if (item.system) messages.push({ role: 'system', content: item.system });
    messages.push({ role: 'user', content: item.prompt });
    let cost: number | null = null;
    const r = await this.#call(state, { model, messages, params: { ...exp.config.genParams }, source: 'compare' }, (res) => {
      cost = this.#recordCall(id, { kind: 'answer', itemIdx: idx, model, candidate }, res);
    });
    if (!r.ok && r.aborted) return; // cancelled: stays pending
    if (r.ok) {
      this.#store.saveAnswer(id, {
        itemIdx: idx,
        candidate,
        status: 'done',
        text: r.text,
        error: null,
        requestId: r.requestId,
        servedModel: r.servedModel,
        latencyMs: r.latencyMs,
        inputTokens: r.usage?.inputTokens ?? null,
        outputTokens: r.usage?.outputTokens ?? null,
        costUsd: cost,
      });
    } else {
      this.#store.saveAnswer(id, {
        itemIdx: idx,
        candidate,
        status: 'error',
        text: null,
        error: r.status ? `HTTP ${r.status}: ${r.error}` : r.error,
        requestId: r.requestId,
        servedModel: null,
        latencyMs: r.latencyMs,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
      });
    }
    state.doneThisRun++;
    this.#emit(id);
  }

  async #judge(state: RunState, exp: CompareExperiment, item: CompareItem, j: JudgementRow, textA: string, textB: string): Promise<void> {
    const id = state.id;
    const cfg = exp.config;
    const judge = cfg.judge!;
    const [responseA, responseB] = j.order === 'ab' ? [textA, textB] : [textB, textA];
    const format = this.#deps.judgeFormat?.(judge) ?? 'openai';
    const replies: string[] = [];
    let attempts = 0;
    for (const retry of [false, true]) {
      const req = buildJudgeRequest({
        criteria: cfg.criteria,
        rubric: cfg.rubric,
        prompt: item.prompt,
        system: item.system,
        reference: item.reference,
        referenceMode: cfg.referenceMode,
        responseA,
        responseB,
        format,
        retry,
      });
      const r = await this.#call(state, { model: judge, messages: req.messages, params: { ...judgeParams(judge), ...req.extra }, source: 'judge' }, (res) =>
        this.#recordCall(id, { kind: 'judge', itemIdx: j.itemIdx, model: judge, a: j.a, b: j.b, order: j.order }, res),
      );
      if (!r.ok) {
        if (r.aborted) return; // cancelled: stays pending
        this.#store.saveJudgement(id, { ...j, status: 'error', error: r.status ? `HTTP ${r.status}: ${r.error}` : r.error, attempts: attempts, raw: replies.at(-1) ?? null });
        state.doneThisRun++;
        this.#emit(id);
        return;
      }
      attempts++;
      replies.push(r.text);
      const parsed = parseJudgeReply(r.text);
      if (parsed.ok) {
        this.#store.saveJudgement(id, {
          ...j,
          status: 'done',
          verdict: parsed.verdict,
          winner: toPairWinner(j.order, parsed.verdict),
          reasoning: parsed.reasoning,
          raw: r.text,
          error: null,
          attempts,
        });
        state.doneThisRun++;
        this.#emit(id);
        return;
      }
      if (state.stopping) break;
    }
    if (state.stopping && replies.length < 2) return; // paused between the two tries: judge it again later
    this.#store.saveJudgement(id, {
      ...j,
      status: 'unparseable',
      verdict: null,
      winner: null,
      reasoning: null,
      raw: replies.join('\n\n--- retry ---\n\n'),
      error: 'The judge\'s reply could not be parsed as {"reasoning", "verdict"} (after one retry).',
      attempts,
    });
    state.doneThisRun++;
    this.#emit(id);
  }
}
