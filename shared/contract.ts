import { z } from 'zod';
import * as K from './costs';
import { compareMethods as C, CompareProgressInputSchema, CompareProgressSchema } from './compare';
import { raceMethods as R, RaceEventSchema, RaceEventsInputSchema } from './race';
import { BUDGET_MODES, BUDGET_PERIODS, BUDGET_SCOPES, BudgetSchema } from './settings';

/**
 * The one API contract between the renderer and the main process. Every
 * method and event stream is declared here once, with zod schemas for its
 * input and output. Two transports carry it:
 *  - Electron: the preload exposes one named function per entry (no raw
 *    ipcRenderer); main validates every payload and checks the sender.
 *  - `switchboard serve`: HTTP (`POST /api/<method>`, JSON) and SSE
 *    (`GET /api/stream/<name>`), behind a per-launch admin token.
 * The renderer gets one `Api` object and never knows which transport it is on.
 *
 * Provider keys travel renderer→main only, in `keys.set`. No output schema has
 * a field that could carry one back.
 */

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ kind: 'method' as const, input, output });
export const stream = <I extends z.ZodType, E extends z.ZodType>(input: I, event: E) => ({ kind: 'stream' as const, input, event });

const None = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const ProviderId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _');

export const ProtectionSchema = z.enum(['strong', 'passphrase', 'weak', 'none']);

export const KeyringInfoSchema = z.object({
  backend: z.string(),
  protection: ProtectionSchema,
  description: z.string(),
  /** Linux with no secret store: keys are not really protected; the Keys page says so and offers passphrase mode. */
  weakWarning: z.string().nullable(),
  /** Whether passphrase mode can be switched on from the UI (desktop shell). */
  passphraseModeAvailable: z.boolean(),
});

export const ProviderInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  format: z.enum(['openai', 'anthropic']),
  local: z.boolean(),
  custom: z.boolean(),
  /** False for local servers (Ollama, LM Studio) and custom endpoints added without a key. */
  needsKey: z.boolean(),
  keyUrl: z.string().nullable(),
  defaultBaseUrl: z.string(),
  baseUrl: z.string(),
  discount: z.number(),
  /** Masked key and who sealed it; null when no key is stored. Never the key itself. */
  key: z
    .object({
      mask: z.string(),
      backend: z.string(),
      protection: ProtectionSchema,
      description: z.string(),
      available: z.boolean(),
      reason: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  models: z.array(z.string()),
  modelsFetchedAt: z.number().nullable(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

export const KeyTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number(),
  /** The provider's own answer (key scrubbed), e.g. "Incorrect API key provided". */
  message: z.string(),
  models: z.array(z.string()),
});

export const TokenInfoSchema = z.object({ name: z.string(), hint: z.string(), createdAt: z.string() });

/**
 * A spending cap as the app adds or edits it. Only the shape is checked here;
 * the rules (limits, a name for non-global scopes) are BudgetSchema's
 * (shared/settings.ts), applied by electron/budget/manage.ts. The id is
 * derived from scope, name and period; `replaces` names the cap being edited
 * when one of those changed.
 */
export const BudgetEditSchema = z
  .object({
    scope: z.enum(BUDGET_SCOPES),
    name: z.string().max(128).optional(),
    period: z.enum(BUDGET_PERIODS),
    limitUsd: z.number(),
    mode: z.enum(BUDGET_MODES),
    replaces: z.string().max(128).optional(),
  })
  .strict();
export type BudgetEdit = z.infer<typeof BudgetEditSchema>;

export const StatusSchema = z.object({
  version: z.string(),
  /** The proxy's base URL, e.g. http://127.0.0.1:4141 */
  endpoint: z.string(),
  paused: z.boolean(),
  transport: z.enum(['ipc', 'http']),
  dataDir: z.string(),
  keyring: KeyringInfoSchema,
  requestsLastMinute: z.number(),
  spendTodayUsd: z.number(),
  keyCount: z.number(),
  tokenCount: z.number(),
});
export type Status = z.infer<typeof StatusSchema>;

export const RouteEntrySchema = z.object({ name: z.string(), route: z.unknown() });
export const ValidationSchema = z.object({ ok: z.boolean(), issues: z.array(z.string()) });

export const EditableSettingsSchema = z.object({
  logBodies: z.boolean(),
  bodyRetentionDays: z.number().int().min(1).max(3650).nullable(),
  allowedOrigins: z.array(z.string().url().or(z.literal('*'))),
  port: z.number().int().min(1).max(65535),
  discounts: z.record(z.string(), z.number().min(0).max(10)),
});
export const SettingsViewSchema = EditableSettingsSchema.extend({ dataDir: z.string() });

export const AppEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSchema }),
  z.object({ type: z.literal('alert'), level: z.enum(['info', 'warning', 'error']), title: z.string(), message: z.string() }),
]);
export type AppEvent = z.infer<typeof AppEventSchema>;

export const contract = {
  'app.status': method(None, StatusSchema),
  'app.setPaused': method(z.object({ paused: z.boolean() }).strict(), StatusSchema),

  'providers.list': method(None, z.array(ProviderInfoSchema)),
  'providers.addCustom': method(
    z.object({ id: ProviderId, baseUrl: z.string().url(), needsKey: z.boolean() }).strict(),
    ProviderInfoSchema,
  ),
  'keys.set': method(
    z.object({ provider: ProviderId, key: z.string().min(1).max(8192), baseUrl: z.string().url().nullable().optional() }).strict(),
    ProviderInfoSchema,
  ),
  'keys.remove': method(z.object({ provider: ProviderId }).strict(), Ok),
  /** Calls the provider's models endpoint with the key; caches the list for offline use. */
  'keys.test': method(z.object({ provider: ProviderId }).strict(), KeyTestResultSchema),
  'keyring.info': method(None, KeyringInfoSchema),
  /**
   * Desktop shell only (`passphraseModeAvailable`): seal keys with a passphrase
   * from now on, re-sealing the keys already stored; after a restart, the same
   * call unlocks keys sealed that way. Over HTTP it answers `not_available`
   * (headless: start with SWITCHBOARD_PASSPHRASE set instead).
   */
  'keyring.usePassphrase': method(z.object({ passphrase: z.string().min(8, 'use at least 8 characters').max(1024) }).strict(), KeyringInfoSchema),

  'tokens.list': method(None, z.array(TokenInfoSchema)),
  /** The only time a client token is shown. */
  'tokens.create': method(z.object({ name: z.string().min(1).max(64) }).strict(), z.object({ name: z.string(), token: z.string() })),
  'tokens.revoke': method(z.object({ name: z.string() }).strict(), Ok),

  // Budgets: caps are listed with their spend by `costs.budgets`; these change them (as `switchboard budget` does).
  /** Adds a cap, or edits the one named by `replaces`; refuses a second cap on the same scope, name and period. */
  'budgets.set': method(BudgetEditSchema, BudgetSchema),
  'budgets.remove': method(z.object({ id: z.string().min(1).max(128) }).strict(), Ok),
  /** Alert when the last hour's spend goes above this; null switches the alert off. */
  'budgets.setBurnRate': method(z.object({ usdPerHour: z.number().nullable() }).strict(), Ok),

  'routes.list': method(None, z.array(RouteEntrySchema)),
  'routes.validate': method(z.object({ route: z.unknown() }).strict(), ValidationSchema),
  'routes.save': method(z.object({ name: z.string(), route: z.unknown() }).strict(), RouteEntrySchema),
  'routes.remove': method(z.object({ name: z.string() }).strict(), Ok),

  'settings.get': method(None, SettingsViewSchema),
  'settings.update': method(EditableSettingsSchema.partial().strict(), SettingsViewSchema),

  // Compare (issue 6): A/B experiments judged by an LLM. Schemas in shared/compare.ts.
  /** Creates a draft experiment: prompt set, candidates, judge, criteria, shared generation parameters. */
  'compare.create': method(C.create.input, C.create.output),
  /** Edits a draft (set-up, or items: replace or append). */
  'compare.update': method(C.update.input, C.update.output),
  'compare.list': method(C.list.input, C.list.output),
  /** Experiment, progress, results (judge and human-adjusted figures), warnings (same-family judge, …). */
  'compare.get': method(C.get.input, C.get.output),
  /** Item summaries (paged) for the drill-down table. */
  'compare.items': method(C.items.input, C.items.output),
  /** One item: prompt, answers side by side, both verdicts of every pair with reasoning, override. */
  'compare.item': method(C.item.input, C.item.output),
  /** Cost estimate before starting, judge calls (both orders) included. */
  'compare.estimate': method(C.estimate.input, C.estimate.output),
  'compare.start': method(C.start.input, C.start.output),
  'compare.pause': method(C.pause.input, C.pause.output),
  'compare.cancel': method(C.cancel.input, C.cancel.output),
  /** Continues a paused, cancelled or interrupted run (also after a restart); finished calls are kept. */
  'compare.resume': method(C.resume.input, C.resume.output),
  /** Human verdict for one item's pair (null clears it). */
  'compare.override': method(C.override.input, C.override.output),
  'compare.export': method(C.export.input, C.export.output),
  /** Pasted text, JSONL or CSV → items; errors name the line. */
  'compare.importItems': method(C.importItems.input, C.importItems.output),
  /** N prompts sampled from the request log, by client token, model and date range. */
  'compare.sampleFromLog': method(C.sampleFromLog.input, C.sampleFromLog.output),
  /** Race → Compare: adds a race's prompt to a (new) draft. */
  'compare.fromRace': method(C.fromRace.input, C.fromRace.output),
  'compare.delete': method(C.delete.input, C.delete.output),
  /** Progress of runs (all, or one experiment): done/total, ETA, running cost, status changes. */
  'compare.progress': stream(CompareProgressInputSchema, CompareProgressSchema),

  // Costs & Requests (issue 7): spend, tokens, savings and budgets over the request log; the
  // searchable log; effective prices with overrides; export and retention. Schemas in shared/costs.ts.
  /** Totals for [from, to) and for the period before it (see shared/costs.ts). */
  'costs.summary': method(K.CostSummaryInputSchema, K.CostSummarySchema),
  /** Spend (or list cost, requests, tokens, savings) per hour/day/week/month, stacked by a dimension; tokens by kind per bucket. */
  'costs.timeseries': method(K.TimeseriesInputSchema, K.TimeseriesSchema),
  /** Top models, providers, client tokens, routes or sources by spend. */
  'costs.top': method(K.TopInputSchema, K.TopSchema),
  /** What cache hits, auto-routing and provider discounts saved. */
  'costs.savings': method(K.SavingsInputSchema, K.SavingsSchema),
  /** Budget caps with their current spend (lines for the charts), and today's burn rate. */
  'costs.budgets': method(K.BudgetsInputSchema, K.BudgetLinesSchema),
  /** One page of the log, newest first, filtered (incl. text search in bodies); keyset-paged by `cursor`. */
  'requests.query': method(K.RequestQueryInputSchema, K.RequestPageSchema),
  /** One request: attempt chain, timings, tokens, cost breakdown, redacted headers, bodies. */
  'requests.get': method(z.object({ id: z.string().min(1).max(200) }).strict(), K.RequestDetailSchema),
  /** Filter values seen in the log (providers, models, tokens, routes, sources). */
  'requests.facets': method(None, K.FacetsSchema),
  /** Effective prices (genai-prices × discount, with overrides); unknown-price models first. */
  'prices.list': method(K.PricesListInputSchema, K.PricesListSchema),
  /** Sets a list-price override for provider/model; says which logged rows it affects (not recomputed until `prices.recompute`). */
  'prices.setOverride': method(K.PriceOverrideInputSchema, K.PriceChangeSchema),
  'prices.removeOverride': method(z.object({ provider: ProviderId, model: z.string().min(1).max(200) }).strict(), K.PriceChangeSchema),
  /** Which logged rows a price for provider (and model) covers: count, day span, cost now, estimate at a candidate price. */
  'prices.affected': method(K.AffectedInputSchema, K.AffectedSchema),
  /** Re-prices logged rows (a provider/model, a provider, or all) with today's prices; resolves when done. */
  'prices.recompute': method(K.RecomputeInputSchema, K.RecomputeResultSchema),
  'prices.recomputeStatus': method(None, K.RecomputeStatusSchema),
  /** Writes the filtered log as CSV or JSONL to the data folder's exports/ and returns the path. */
  'log.export': method(K.ExportInputSchema, K.ExportResultSchema),
  /** Deletes bodies (metrics kept) or whole requests logged before a time. */
  'log.purge': method(K.PurgeInputSchema, K.PurgeResultSchema),
  /** Database size, rows, bodies, bytes per million requests, retention setting. */
  'log.storage': method(K.StorageInputSchema, K.StorageSchema),
  // End of Costs & Requests (issue 7).

  /** Requests page (issue 7): sends a logged request's stored body through the proxy again (source `replay`, cache bypassed); resolves when the answer is complete. */
  'requests.replay': method(
    z.object({ id: z.string().min(1).max(200) }).strict(),
    z.object({ id: z.string().nullable(), status: z.number(), ok: z.boolean(), error: z.string().nullable(), latencyMs: z.number() }),
  ),

  // Race (issue 5): one prompt, 2–6 contestants streamed side by side. Schemas in shared/race.ts.
  /** Starts a race: each contestant is a real proxied streaming call (source `race`); events on `race.events`. */
  'race.start': method(R.start.input, R.start.output),
  /** A follow-up turn: every column continues its own conversation. */
  'race.followUp': method(R.followUp.input, R.followUp.output),
  /** Stops one column (aborting its upstream call) or all. */
  'race.stop': method(R.stop.input, R.stop.output),
  /** Saves the user's best answer for a turn (null clears it). */
  'race.vote': method(R.vote.input, R.vote.output),
  /** One race from history (live state overlaid while it runs); works offline. */
  'race.get': method(R.get.input, R.get.output),
  'race.list': method(R.list.input, R.list.output),
  'race.delete': method(R.delete.input, R.delete.output),
  /** Votes and speed per contestant over all races. */
  'race.leaderboard': method(R.leaderboard.input, R.leaderboard.output),
  /** Turn/start/delta/metrics/done/error/finished events, all races or one; deltas batched in main. */
  'race.events': stream(RaceEventsInputSchema, RaceEventSchema),
  // End of Race (issue 5).

  /** Status changes (live request counter, pause) and alerts (budgets, burn rate, storage). */
  'events': stream(None, AppEventSchema),
} as const;

export type Contract = typeof contract;
type Methods = { [K in keyof Contract as Contract[K]['kind'] extends 'method' ? K : never]: Contract[K] };
type Streams = { [K in keyof Contract as Contract[K]['kind'] extends 'stream' ? K : never]: Contract[K] };
export type MethodName = keyof Methods & string;
export type StreamName = keyof Streams & string;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type StreamInput<S extends StreamName> = z.input<Streams[S]['input']>;
export type StreamEvent<S extends StreamName> = z.output<Streams[S]['event']>;

/** What the renderer calls. Implemented over IPC (preload) and over HTTP (browser). */
export interface Api {
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to an event stream; returns the unsubscribe function. */
  subscribe<S extends StreamName>(name: S, input: StreamInput<S>, onEvent: (e: StreamEvent<S>) => void): () => void;
  readonly transport: 'ipc' | 'http';
}

/** An error as it crosses either transport: a message a person can act on, and a stable code. */
export const ApiErrorSchema = z.object({ error: z.object({ message: z.string(), code: z.string(), issues: z.array(z.string()).optional() }) });

export const METHOD_NAMES = Object.keys(contract).filter((k) => contract[k as keyof Contract].kind === 'method') as MethodName[];
export const STREAM_NAMES = Object.keys(contract).filter((k) => contract[k as keyof Contract].kind === 'stream') as StreamName[];
