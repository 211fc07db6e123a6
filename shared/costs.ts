import { z } from 'zod';
import { PriceOverrideSchema } from './settings';

/**
 * Costs & Requests (issue 7): schemas for the `costs.*`, `requests.*`,
 * `prices.*` and `log.*` methods in shared/contract.ts.
 *
 * Conventions:
 *  - Times are ms since the epoch; ranges are [from, to). Days, weeks (from
 *    Monday) and months are LOCAL calendar periods of the machine running
 *    Switchboard, like the budgets.
 *  - Money is USD. `costUsd` is what is billed (list price × provider
 *    discount, user overrides applied); `listCostUsd` the same at list price.
 *    A request whose model has no known price is counted in
 *    `unpricedRequests` and adds nothing to the cost sums: its cost is
 *    unknown, never silently zero.
 *  - Dimension filters match any listed value; `''` matches "none" (no client
 *    token, no route…). Models are served-model names; in results a model's
 *    key is `provider/model`.
 */

const Ms = z.number().int().min(0).max(253_402_300_799_999);
const Name = z.string().max(200);
const Names = z.array(Name).max(200).optional();
const Usd = z.number();

export const DimensionSchema = z.enum(['provider', 'model', 'token', 'route', 'source']);
export type Dimension = z.infer<typeof DimensionSchema>;

export const DimFilterSchema = z
  .object({ providers: Names, models: Names, tokens: Names, routes: Names, sources: Names })
  .strict();
export type DimFilter = z.infer<typeof DimFilterSchema>;

const Range = { from: Ms, to: Ms };
const rangeOk = (v: { from: number; to: number }) => v.to > v.from;
const rangeIssue = { message: '`to` must be after `from`', path: ['to'] };

export const TokenTotalsSchema = z.object({
  /** Prompt tokens not read from or written to a prompt cache. */
  input: z.number(),
  /** Prompt tokens read from or written to the provider's prompt cache. */
  cached: z.number(),
  /** Completion tokens other than reasoning. */
  output: z.number(),
  reasoning: z.number(),
  total: z.number(),
});

export const CostTotalsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  unpricedRequests: z.number(),
  cacheHits: z.number(),
  costUsd: Usd,
  listCostUsd: Usd,
  breakdown: z.object({ inputUsd: Usd, cachedInputUsd: Usd, outputUsd: Usd, reasoningUsd: Usd }),
  tokens: TokenTotalsSchema,
  /** What response-cache hits would have cost. */
  cacheSavedUsd: Usd,
  /** Auto-routed calls vs. the same usage on the requested/default model. */
  routed: z.object({ requests: z.number(), actualUsd: Usd, counterfactualUsd: Usd, savedUsd: Usd }),
});
export type CostTotals = z.infer<typeof CostTotalsSchema>;

export const CostSummaryInputSchema = z
  .object({ ...Range, filter: DimFilterSchema.optional(), compare: z.boolean().default(true) })
  .strict()
  .refine(rangeOk, rangeIssue);
export const CostSummarySchema = z.object({
  from: z.number(),
  to: z.number(),
  current: CostTotalsSchema,
  /** The period before: moved back by its length, in whole local days when it is a day or longer (same time of day). */
  previous: z.object({ from: z.number(), to: z.number(), totals: CostTotalsSchema }).nullable(),
  /** Percent change vs. the previous period (null where it was 0). */
  change: z.object({ costPct: z.number().nullable(), requestsPct: z.number().nullable(), tokensPct: z.number().nullable() }).nullable(),
});

export const BucketSchema = z.enum(['hour', 'day', 'week', 'month']);
export const MetricSchema = z.enum(['cost', 'listCost', 'requests', 'tokens', 'saved']);

export const TimeseriesInputSchema = z
  .object({
    ...Range,
    /** `hour` needs a range of 7 days or less. */
    bucket: BucketSchema.default('day'),
    /** null: a single `total` series. */
    stackBy: DimensionSchema.nullable().default(null),
    metric: MetricSchema.default('cost'),
    filter: DimFilterSchema.optional(),
    /** Most series; the rest are summed into `__other__` ("Other"). */
    maxSeries: z.number().int().min(1).max(30).default(8),
    /** Also return the previous period's metric per bucket. */
    compare: z.boolean().default(false),
  })
  .strict()
  .refine(rangeOk, rangeIssue);
export const TimeseriesSchema = z.object({
  bucket: BucketSchema,
  metric: MetricSchema,
  stackBy: DimensionSchema.nullable(),
  /** Largest first; `key` indexes `points[].values`. */
  series: z.array(z.object({ key: z.string(), label: z.string(), total: z.number() })),
  /** Every bucket of the range, empty ones included. */
  points: z.array(
    z.object({
      /** `YYYY-MM-DD HH`, `YYYY-MM-DD` (a day, or a week's Monday) or `YYYY-MM`. */
      key: z.string(),
      start: z.number(),
      values: z.record(z.string(), z.number()),
      total: z.number(),
      costUsd: Usd,
      requests: z.number(),
      tokens: TokenTotalsSchema,
    }),
  ),
  /** The previous period's metric per bucket, aligned with `points` (when `compare`). */
  previous: z.array(z.number()).nullable(),
});

export const TopInputSchema = z
  .object({
    ...Range,
    by: DimensionSchema,
    filter: DimFilterSchema.optional(),
    limit: z.number().int().min(1).max(200).default(10),
    compare: z.boolean().default(false),
  })
  .strict()
  .refine(rangeOk, rangeIssue);
export const TopSchema = z.object({
  by: DimensionSchema,
  totalCostUsd: Usd,
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      provider: z.string().nullable(),
      model: z.string().nullable(),
      costUsd: Usd,
      listCostUsd: Usd,
      requests: z.number(),
      errors: z.number(),
      unpricedRequests: z.number(),
      tokens: z.number(),
      /** Of the range's cost, 0..1. */
      share: z.number(),
      previousCostUsd: Usd.nullable(),
    }),
  ),
  otherCostUsd: Usd,
  otherCount: z.number(),
});

export const SavingsInputSchema = z.object({ ...Range, filter: DimFilterSchema.optional() }).strict().refine(rangeOk, rangeIssue);
export const SavingsSchema = z.object({
  cache: z.object({ hits: z.number(), savedUsd: Usd }),
  routing: z.object({
    requests: z.number(),
    actualUsd: Usd,
    counterfactualUsd: Usd,
    /** Negative when routing cost more than the requested model would have. */
    savedUsd: Usd,
    byRoute: z.array(z.object({ route: z.string(), label: z.string(), requests: z.number(), actualUsd: Usd, counterfactualUsd: Usd, savedUsd: Usd })),
  }),
  discounts: z.object({ listUsd: Usd, effectiveUsd: Usd, savedUsd: Usd }),
  totalSavedUsd: Usd,
});

export const BudgetsInputSchema = z.object({ now: Ms.optional() }).strict();
export const BudgetLinesSchema = z.object({
  budgets: z.array(
    z.object({
      id: z.string(),
      scope: z.enum(['global', 'provider', 'route', 'token']),
      name: z.string().nullable(),
      period: z.enum(['day', 'month']),
      mode: z.enum(['hard', 'soft']),
      limitUsd: Usd,
      spentUsd: Usd,
      fraction: z.number(),
      exceeded: z.boolean(),
      periodStart: z.number(),
      periodEnd: z.number(),
    }),
  ),
  burn: z.object({
    todayStart: z.number(),
    todayUsd: Usd,
    lastHourUsd: Usd,
    hourlyRateUsd: Usd,
    projectedTodayUsd: Usd,
    thresholdUsdPerHour: z.number().nullable(),
  }),
});

export const StatusFilterSchema = z.enum(['ok', 'error', 'client_error', 'server_error']);

/** Filters of the Requests page (and of exports). */
export const RequestFilterSchema = DimFilterSchema.extend({
  from: Ms.optional(),
  to: Ms.optional(),
  /** ok: < 400; error: ≥ 400 or none; client_error: 4xx; server_error: ≥ 500. */
  status: StatusFilterSchema.optional(),
  /** Effective cost bounds (USD, inclusive); unpriced rows never match a bound. */
  costMin: z.number().min(0).optional(),
  costMax: z.number().min(0).optional(),
  cacheHit: z.boolean().optional(),
  /** false: only rows whose model had no known price. */
  priced: z.boolean().optional(),
  /**
   * Words in stored request/response bodies (all must occur; the last may be a
   * prefix). With a search, rows come newest-logged first (the order requests
   * finished, ≈ time) and totals over ~5,000 matches are estimates.
   */
  search: z.string().max(500).optional(),
}).strict();
export type RequestFilter = z.infer<typeof RequestFilterSchema>;

export const RequestQueryInputSchema = RequestFilterSchema.extend({
  /** From the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullable().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  /** Count the matching rows (default: on the first page only). */
  withTotal: z.boolean().optional(),
}).strict();

export const RequestListRowSchema = z.object({
  id: z.string(),
  ts: z.number(),
  provider: z.string().nullable(),
  servedModel: z.string().nullable(),
  requestedModel: z.string().nullable(),
  route: z.string().nullable(),
  source: z.string(),
  tokenName: z.string().nullable(),
  status: z.number().nullable(),
  errorType: z.string().nullable(),
  stream: z.boolean(),
  partial: z.boolean(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** Cache reads + writes. */
  cachedTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  usageEstimated: z.boolean(),
  costUsd: Usd.nullable(),
  listCostUsd: Usd.nullable(),
  priced: z.boolean(),
  cacheHit: z.boolean(),
  attempts: z.number(),
  hasBody: z.boolean(),
});
export type RequestListRow = z.infer<typeof RequestListRowSchema>;

export const RequestPageSchema = z.object({
  /** Newest first. */
  rows: z.array(RequestListRowSchema),
  nextCursor: z.string().nullable(),
  /** Exact, or an estimate when `exact` is false (filters the roll-ups cannot count); null when not counted. */
  total: z.object({ count: z.number(), exact: z.boolean() }).nullable(),
});

export const AttemptViewSchema = z.object({
  seq: z.number(),
  provider: z.string(),
  model: z.string(),
  status: z.number().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  costUsd: Usd.nullable(),
});

export const RequestDetailSchema = RequestListRowSchema.omit({ attempts: true, cachedTokens: true, hasBody: true }).extend({
  clientFormat: z.string(),
  endpoint: z.string(),
  errorMessage: z.string().nullable(),
  cacheReadTokens: z.number().nullable(),
  cacheWriteTokens: z.number().nullable(),
  costInputUsd: Usd.nullable(),
  costCachedInputUsd: Usd.nullable(),
  costOutputUsd: Usd.nullable(),
  costReasoningUsd: Usd.nullable(),
  savedUsd: Usd.nullable(),
  attemptCount: z.number(),
  /** The attempt chain, in order (fallbacks, retries, race legs). */
  attempts: z.array(AttemptViewSchema),
  /** Null when bodies were not logged or were removed by retention. Headers are redacted. */
  bodies: z.object({ requestHeaders: z.record(z.string(), z.string()), requestBody: z.string(), responseBody: z.string() }).nullable(),
  /** A body longer than 2,000,000 characters was cut. */
  bodiesTruncated: z.boolean(),
  counterfactual: z.object({ provider: z.string(), model: z.string(), costUsd: Usd.nullable() }).nullable(),
});
export type RequestDetailView = z.infer<typeof RequestDetailSchema>;

export const FacetsSchema = z.object({
  providers: z.array(z.string()),
  models: z.array(z.object({ provider: z.string(), model: z.string() })),
  tokens: z.array(z.string()),
  routes: z.array(z.string()),
  sources: z.array(z.string()),
});

export const RatesSchema = z.object({
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
  cachedInputPerMTok: z.number(),
  cacheWritePerMTok: z.number(),
});

export const EffectivePriceSchema = z.object({
  provider: z.string(),
  model: z.string(),
  /** unknown: no price — its requests are unpriced (flag it). */
  source: z.enum(['genai-prices', 'override', 'local', 'unknown']),
  matchedModel: z.string().nullable(),
  /** genai-prices list rates today. */
  defaults: RatesSchema.nullable(),
  override: PriceOverrideSchema.nullable(),
  /** The list rates in use (override, else defaults). */
  list: RatesSchema.nullable(),
  discount: z.number(),
  /** list × discount. */
  effective: RatesSchema.nullable(),
  tiered: z.boolean(),
  requests: z.number(),
  unpricedRequests: z.number(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
});
export type EffectivePriceView = z.infer<typeof EffectivePriceSchema>;

export const PricesListInputSchema = z.object({ includeCatalog: z.boolean().default(false) }).strict();
export const PricesListSchema = z.object({
  /** Unknown-price models first, then by requests. */
  rows: z.array(EffectivePriceSchema),
  /** Logged requests with no known price, over all models. */
  unpricedRequests: z.number(),
});

const ProviderRef = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _');
const ModelRef = z.string().min(1).max(200);

export const AffectedSchema = z.object({
  provider: z.string(),
  model: z.string().nullable(),
  requests: z.number(),
  unpricedRequests: z.number(),
  counterfactualRequests: z.number(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
  costUsd: Usd,
  listCostUsd: Usd,
  /** At the candidate price, from summed tokens (no tiers): an estimate. */
  estimatedCostUsd: Usd.nullable(),
});

export const PriceOverrideInputSchema = PriceOverrideSchema.extend({ provider: ProviderRef, model: ModelRef }).strict();
export const PriceChangeSchema = z.object({ price: EffectivePriceSchema, affected: AffectedSchema });

export const AffectedInputSchema = z
  .object({
    provider: ProviderRef,
    /** null/absent: all of the provider's models (a discount change). */
    model: ModelRef.nullable().optional(),
    /** Estimate the cost at these list rates (with the provider's discount). */
    candidate: PriceOverrideSchema.optional(),
  })
  .strict();

export const RecomputeInputSchema = z.object({ provider: ProviderRef.nullable().optional(), model: ModelRef.nullable().optional() }).strict();
export const RecomputeProgressSchema = z.object({ done: z.number(), total: z.number(), updated: z.number() });
export const RecomputeResultSchema = RecomputeProgressSchema.extend({ counterfactualUpdated: z.number(), tookMs: z.number() });
export const RecomputeStatusSchema = z.object({
  running: z.boolean(),
  progress: RecomputeProgressSchema.nullable(),
  last: RecomputeResultSchema.nullable(),
});

export const ExportInputSchema = RequestFilterSchema.extend({ format: z.enum(['csv', 'jsonl']) }).strict();
export const ExportResultSchema = z.object({
  /** In the data folder's `exports/`. */
  path: z.string(),
  format: z.enum(['csv', 'jsonl']),
  rows: z.number(),
  bytes: z.number(),
});

export const PurgeInputSchema = z
  .object({
    /** bodies: drop stored bodies, keep the metrics. requests: drop whole rows (costs charts lose them too). */
    what: z.enum(['bodies', 'requests']),
    before: Ms,
  })
  .strict();
export const PurgeResultSchema = z.object({ bodies: z.number(), requests: z.number() });

export const StorageInputSchema = z.object({ detailed: z.boolean().default(false) }).strict();
export const StorageSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  freeBytes: z.number(),
  requests: z.number(),
  bodies: z.number(),
  bytesPerMillionRequests: z.number().nullable(),
  bodyRetentionDays: z.number().nullable(),
  tables: z.array(z.object({ name: z.string(), bytes: z.number() })).nullable(),
});
