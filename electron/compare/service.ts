/**
 * Compare's facade: what the `compare.*` API methods call. One per app
 * (`compareServiceFor`); tests build one directly over a database and a caller.
 */
import type { z } from 'zod';
import type {
  CompareConfig,
  CompareCreateInputSchema,
  CompareEstimate,
  CompareExperiment,
  CompareItemDetailSchema,
  CompareItemInput,
  CompareItemSummarySchema,
  CompareProgress,
  CompareResults,
  CompareUpdateInputSchema,
} from '../../shared/compare';
import type { Usage } from '../../shared/usage';
import type { SwitchboardApp } from '../app';
import { priceUsage } from '../pricing/price';
import { resolveModel } from '../providers/resolve';
import type { Database } from '../store/db';
import { proxyCaller, type ChatCaller } from './client';
import { estimateExperiment } from './estimate';
import { exportFilename, toCsv, toJson } from './export';
import { importItems, type ImportResult } from './import';
import { ensureInternalToken, forgetInternalToken } from './internal-token';
import { CRITERIA_PRESETS, sameFamilyWarnings, type PairWinner } from './judge';
import { computeResults, pairCells } from './results';
import { CompareError, CompareRunner, type CallPricer } from './runner';
import { sampleFromLog, type SampleFilter, type SampleResult } from './sample';
import { CompareStore } from './store';

type ItemDetail = z.infer<typeof CompareItemDetailSchema>;
type ItemSummary = z.infer<typeof CompareItemSummarySchema>;
type CreateInput = z.output<typeof CompareCreateInputSchema>;
type UpdateInput = z.output<typeof CompareUpdateInputSchema>;

export interface ModelInfo {
  providerId: string;
  model: string;
  format: 'openai' | 'anthropic';
  pricingId?: string;
  local?: boolean;
  discount?: number;
}

export interface CompareServiceDeps {
  db: Database;
  caller: ChatCaller;
  /** Provider facts for a model name (judge format, pricing); null when unknown (e.g. a route). */
  modelInfo?: (name: string) => ModelInfo | null;
  /** Runner options (tests: short retry delays). */
  retryDelayMs?: (attempt: number) => number;
  maxAttempts?: number;
  progressIntervalMs?: number;
}

export class CompareService {
  readonly store: CompareStore;
  readonly runner: CompareRunner;
  readonly #modelInfo: (name: string) => ModelInfo | null;

  constructor(deps: CompareServiceDeps) {
    this.store = new CompareStore(deps.db);
    this.#modelInfo = deps.modelInfo ?? defaultModelInfo;
    const price: CallPricer = ({ provider, model, usage }) => this.#priceCall(provider, model, usage);
    this.runner = new CompareRunner({
      store: this.store,
      caller: deps.caller,
      price,
      judgeFormat: (m) => this.#modelInfo(m)?.format ?? 'openai',
      retryDelayMs: deps.retryDelayMs,
      maxAttempts: deps.maxAttempts,
      progressIntervalMs: deps.progressIntervalMs,
    });
  }

  /**
   * Marks runs left 'running' by a previous process (killed or quit mid-run)
   * as paused, so the UI offers Resume. Call once at app start.
   */
  recoverInterrupted(): number {
    let n = 0;
    for (const e of this.store.listExperiments()) {
      if (e.status === 'running' && !this.runner.isActive(e.id)) {
        this.store.setStatus(e.id, 'paused', { message: 'Interrupted (the app stopped mid-run). Resume to continue; finished calls are kept.' });
        n++;
      }
    }
    return n;
  }

  #priceCall(provider: string | null, model: string, usage: Usage): number | null {
    const info: Pick<ModelInfo, 'providerId' | 'model'> & Partial<ModelInfo> | null = provider
      ? (this.#modelInfo(`${provider}/${model}`) ?? { providerId: provider, model })
      : this.#modelInfo(model);
    if (!info) return null;
    return priceUsage({ providerId: info.providerId, pricingId: info.pricingId, local: info.local, discount: info.discount, model: info.model, usage }).costUsd;
  }

  #priceModel(name: string, usage: Usage): number | null {
    const info = this.#modelInfo(name);
    if (!info) return null;
    return priceUsage({ providerId: info.providerId, pricingId: info.pricingId, local: info.local, discount: info.discount, model: info.model, usage }).costUsd;
  }

  #require(id: string): CompareExperiment {
    const exp = this.store.getExperiment(id);
    if (!exp) throw new CompareError(`No experiment "${id}".`, 'not_found', 404);
    return exp;
  }

  #requireDraft(id: string): CompareExperiment {
    const exp = this.#require(id);
    if (exp.status !== 'draft') throw new CompareError(`"${exp.name}" has started; its set-up and prompts can no longer change.`, 'not_draft', 409);
    return exp;
  }

  // -- set-up ---------------------------------------------------------------

  create(input: CreateInput): CompareExperiment {
    const config: CompareConfig = {
      candidates: dedupe(input.candidates),
      judge: input.judge,
      criteria: input.criteria,
      rubric: input.rubric,
      referenceMode: input.referenceMode,
      genParams: input.genParams,
      concurrency: input.concurrency,
    };
    const id = this.store.createExperiment(input.name, config, input.items.map(withOrigin('paste')));
    return this.#require(id);
  }

  update(input: UpdateInput): CompareExperiment {
    const exp = this.#requireDraft(input.experimentId);
    const c = exp.config;
    const config: CompareConfig = {
      candidates: input.candidates ? dedupe(input.candidates) : c.candidates,
      judge: input.judge !== undefined ? input.judge : c.judge,
      criteria: input.criteria ?? c.criteria,
      rubric: input.rubric !== undefined ? input.rubric : c.rubric,
      referenceMode: input.referenceMode ?? c.referenceMode,
      genParams: input.genParams ?? c.genParams,
      concurrency: input.concurrency ?? c.concurrency,
    };
    this.store.updateExperiment(exp.id, { name: input.name, config });
    if (input.items) this.store.replaceItems(exp.id, input.items.map(withOrigin('paste')));
    if (input.addItems) this.store.appendItems(exp.id, input.addItems.map(withOrigin('paste')));
    return this.#require(exp.id);
  }

  /** Race → Compare: the race's prompt becomes an item of a draft. */
  fromRace(input: { prompt: string; system?: string | null; candidates?: string[]; experimentId?: string }): CompareExperiment {
    const item: CompareItemInput = { prompt: input.prompt, system: input.system ?? null, reference: null, origin: 'race' };
    if (input.experimentId) {
      const exp = this.#requireDraft(input.experimentId);
      this.store.appendItems(exp.id, [item]);
      if (input.candidates?.length && exp.config.candidates.length === 0) {
        this.store.updateExperiment(exp.id, { config: { ...exp.config, candidates: dedupe(input.candidates) } });
      }
      return this.#require(exp.id);
    }
    const preview = input.prompt.replace(/\s+/g, ' ').trim();
    return this.create({
      name: `From Race: ${preview.length > 60 ? `${preview.slice(0, 57)}…` : preview}`,
      candidates: dedupe(input.candidates ?? []),
      judge: null,
      criteria: 'helpfulness',
      rubric: null,
      referenceMode: true,
      genParams: {},
      concurrency: 4,
      items: [item],
    });
  }

  list(): CompareExperiment[] {
    return this.store.listExperiments();
  }

  delete(id: string): void {
    this.#require(id);
    if (this.runner.isActive(id)) throw new CompareError('Pause or cancel the run before deleting it.', 'running', 409);
    this.store.deleteExperiment(id);
  }

  importItems(text: string, format: 'auto' | 'jsonl' | 'csv' | 'text' = 'auto'): ImportResult {
    return importItems(text, format);
  }

  sampleFromLog(filter: SampleFilter): SampleResult {
    return sampleFromLog(this.store.db, filter);
  }

  warnings(exp: CompareExperiment): string[] {
    const c = exp.config;
    const out = sameFamilyWarnings(c.judge, c.candidates);
    const items = this.store.items(exp.id);
    const withRef = items.filter((i) => i.reference && i.reference.trim()).length;
    const preset = c.criteria === 'custom' ? null : CRITERIA_PRESETS[c.criteria];
    if (preset?.needsReference && (!c.referenceMode || withRef === 0)) {
      out.push(
        c.referenceMode
          ? `"${preset.label}" needs reference answers, and no item has one: the judge will fall back on its own knowledge.`
          : `"${preset.label}" works best in reference mode: switch it on so the judge sees the reference answers.`,
      );
    } else if (c.referenceMode && withRef > 0 && withRef < items.length) {
      out.push(`${items.length - withRef} of ${items.length} items have no reference answer; the judge sees references only where they exist.`);
    }
    return out;
  }

  estimate(id: string, assumedOutputTokens?: number): CompareEstimate {
    const exp = this.#require(id);
    return estimateExperiment(exp, this.store.items(exp.id), (m, u) => this.#priceModel(m, u), {
      assumedOutputTokens,
      judgeFormat: (m) => this.#modelInfo(m)?.format ?? 'openai',
    });
  }

  // -- running --------------------------------------------------------------

  start(id: string): CompareProgress {
    return this.runner.start(id);
  }
  pause(id: string): CompareProgress {
    return this.runner.pause(id);
  }
  cancel(id: string): CompareProgress {
    return this.runner.cancel(id);
  }
  resume(id: string): Promise<CompareProgress> {
    return this.runner.resume(id);
  }
  progress(id: string): CompareProgress {
    return this.runner.progress(id);
  }
  subscribe(fn: (p: CompareProgress) => void): () => void {
    return this.runner.subscribe(fn);
  }
  whenIdle(id: string): Promise<void> {
    return this.runner.whenIdle(id);
  }

  // -- results --------------------------------------------------------------

  results(id: string): CompareResults {
    const { cells: _cells, ...results } = computeResults(this.store, this.#require(id));
    return results;
  }

  get(id: string): { experiment: CompareExperiment; progress: CompareProgress; results: CompareResults; warnings: string[] } {
    const experiment = this.#require(id);
    return { experiment, progress: this.runner.progress(id), results: this.results(id), warnings: this.warnings(experiment) };
  }

  items(id: string, offset = 0, limit = 100): { total: number; items: ItemSummary[] } {
    const exp = this.#require(id);
    const k = exp.config.candidates.length;
    const page = this.store.items(id, offset, limit);
    const idxs = page.map((p) => p.idx);
    const wanted = new Set(idxs);
    const answers = this.store.answers(id).filter((a) => wanted.has(a.itemIdx));
    const cells = pairCells(
      this.store.judgements(id).filter((j) => wanted.has(j.itemIdx)),
      this.store.overrides(id).filter((o) => wanted.has(o.itemIdx)),
      idxs,
      k,
    );
    return {
      total: exp.itemCount,
      items: page.map((it) => ({
        idx: it.idx,
        prompt: it.prompt.length > 300 ? `${it.prompt.slice(0, 299)}…` : it.prompt,
        hasReference: Boolean(it.reference && it.reference.trim()),
        origin: it.origin,
        answers: Array.from({ length: k }, (_, c) => answers.find((a) => a.itemIdx === it.idx && a.candidate === c)?.status ?? 'pending'),
        pairs: cells
          .filter((c) => c.itemIdx === it.idx)
          .map((c) => ({ a: c.a, b: c.b, judge: c.judge, final: c.final, inconsistent: c.inconsistent, overridden: c.override !== null })),
      })),
    };
  }

  item(id: string, idx: number): ItemDetail {
    const exp = this.#require(id);
    const it = this.store.item(id, idx);
    if (!it) throw new CompareError(`Experiment "${exp.name}" has no item ${idx}.`, 'not_found', 404);
    return this.#detail(exp, it, this.store.answers(id, idx), this.store.judgements(id, idx), this.store.overrides(id).filter((o) => o.itemIdx === idx));
  }

  #detail(
    exp: CompareExperiment,
    it: { idx: number; prompt: string; system: string | null; reference: string | null; origin: string | null },
    answers: ReturnType<CompareStore['answers']>,
    judgements: ReturnType<CompareStore['judgements']>,
    overrides: ReturnType<CompareStore['overrides']>,
  ): ItemDetail {
    const names = exp.config.candidates;
    const cells = pairCells(judgements, overrides, [it.idx], names.length);
    return {
      idx: it.idx,
      prompt: it.prompt,
      system: it.system,
      reference: it.reference,
      origin: it.origin,
      answers: names.map((name, candidate) => {
        const a = answers.find((x) => x.candidate === candidate);
        return {
          candidate,
          name,
          status: a?.status ?? 'pending',
          text: a?.text ?? null,
          error: a?.error ?? null,
          requestId: a?.requestId ?? null,
          servedModel: a?.servedModel ?? null,
          latencyMs: a?.latencyMs ?? null,
          inputTokens: a?.inputTokens ?? null,
          outputTokens: a?.outputTokens ?? null,
          costUsd: a?.costUsd ?? null,
        };
      }),
      pairs: cells.map((c) => ({
        a: c.a,
        b: c.b,
        judgements: (['ab', 'ba'] as const).map((order) => {
          const j = judgements.find((x) => x.a === c.a && x.b === c.b && x.order === order);
          return {
            order,
            shownA: order === 'ab' ? c.a : c.b,
            shownB: order === 'ab' ? c.b : c.a,
            status: j?.status ?? 'pending',
            verdict: j?.verdict ?? null,
            winner: j?.winner ?? null,
            reasoning: j?.reasoning ?? null,
            raw: j?.raw ?? null,
            error: j?.error ?? null,
            attempts: j?.attempts ?? 0,
          };
        }),
        judge: c.judge,
        inconsistent: c.inconsistent,
        override: c.override ? { verdict: c.override.verdict, note: c.override.note, at: c.override.createdAt } : null,
        final: c.final,
      })),
    };
  }

  override(input: { experimentId: string; idx: number; a: number; b: number; verdict: PairWinner | null; note?: string | null }): ItemDetail {
    const exp = this.#require(input.experimentId);
    const k = exp.config.candidates.length;
    let { a, b, verdict } = input;
    if (a === b || a < 0 || b < 0 || a >= k || b >= k) throw new CompareError(`No pair (${a}, ${b}): candidates are numbered 0 to ${k - 1}.`, 'invalid_pair', 400);
    if (a > b) {
      // Accept either order; store pair-relative to (lower, higher).
      [a, b] = [b, a];
      verdict = verdict === 'a' ? 'b' : verdict === 'b' ? 'a' : verdict;
    }
    if (!this.store.item(exp.id, input.idx)) throw new CompareError(`Experiment "${exp.name}" has no item ${input.idx}.`, 'not_found', 404);
    this.store.setOverride(exp.id, input.idx, a, b, verdict, input.note ?? null);
    return this.item(exp.id, input.idx);
  }

  export(id: string, format: 'csv' | 'json'): { filename: string; mimeType: string; content: string } {
    const exp = this.#require(id);
    const answers = this.store.answers(id);
    const judgements = this.store.judgements(id);
    const overrides = this.store.overrides(id);
    const items = this.store
      .items(id)
      .map((it) =>
        this.#detail(
          exp,
          it,
          answers.filter((a) => a.itemIdx === it.idx),
          judgements.filter((j) => j.itemIdx === it.idx),
          overrides.filter((o) => o.itemIdx === it.idx),
        ),
      );
    if (format === 'csv') return { filename: exportFilename(exp, 'csv'), mimeType: 'text/csv', content: toCsv(exp, items) };
    return { filename: exportFilename(exp, 'json'), mimeType: 'application/json', content: toJson(exp, this.results(id), items, this.warnings(exp)) };
  }

  /** Stops runs in this process (app quit); they resume later from SQLite. */
  stopAll(): Promise<void> {
    return this.runner.stopAll();
  }
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
}

const withOrigin =
  (origin: string) =>
  (it: CompareItemInput): CompareItemInput => ({ ...it, origin: it.origin ?? origin });

/** Without an app: `provider/model`, else guessed from well-known name prefixes. */
function defaultModelInfo(name: string): ModelInfo | null {
  const slash = name.indexOf('/');
  if (slash > 0) {
    const providerId = name.slice(0, slash);
    return { providerId, model: name.slice(slash + 1), format: providerId === 'anthropic' ? 'anthropic' : 'openai' };
  }
  if (/^claude-/.test(name)) return { providerId: 'anthropic', model: name, format: 'anthropic' };
  if (/^(gpt-|o\d|chatgpt-)/.test(name)) return { providerId: 'openai', model: name, format: 'openai' };
  return null;
}

/** Provider facts from the app's registry and cached model lists. */
export function appModelInfo(app: SwitchboardApp): (name: string) => ModelInfo | null {
  return (name) => {
    try {
      const r = resolveModel(name, app.registry(), app.directory());
      return {
        providerId: r.provider.spec.id,
        model: r.model,
        format: r.provider.spec.format,
        pricingId: r.provider.spec.pricingId,
        local: r.provider.spec.local,
        discount: r.provider.discount,
      };
    } catch {
      return null; // a route name, or a model no provider claims
    }
  };
}

const services = new WeakMap<SwitchboardApp, CompareService>();

/** The app's Compare service if one was made (for quitting: `await existing?.stopAll()` before closing the database). */
export function existingCompareService(app: SwitchboardApp): CompareService | undefined {
  return services.get(app);
}

/**
 * The app's Compare service: calls go to the proxy at `endpoint()` with the
 * internal client token. Made once per app; interrupted runs are marked
 * paused on creation.
 */
export function compareServiceFor(app: SwitchboardApp, opts: { endpoint: () => string }): CompareService {
  let s = services.get(app);
  if (!s) {
    s = new CompareService({
      db: app.db,
      caller: proxyCaller({
        baseUrl: opts.endpoint,
        token: () => ensureInternalToken(app),
        renewToken: () => {
          forgetInternalToken(app);
          return ensureInternalToken(app);
        },
      }),
      modelInfo: appModelInfo(app),
    });
    s.recoverInterrupted();
    services.set(app, s);
  }
  return s;
}
