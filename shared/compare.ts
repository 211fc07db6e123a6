import { z } from 'zod';

/**
 * Compare (issue 6): A/B experiments scored by an LLM judge. Schemas for the
 * `compare.*` methods and the `compare.progress` stream in shared/contract.ts.
 *
 * Conventions: candidates are referred to by their index in
 * `config.candidates`; a pair is `[a, b]` with a < b, and pair-relative
 * outcomes use 'a' / 'b' for those two.
 */

export const CompareCriteriaSchema = z.enum(['helpfulness', 'correctness', 'code_quality', 'instruction_following', 'custom']);
export type CompareCriteria = z.infer<typeof CompareCriteriaSchema>;

export const CompareStatusSchema = z.enum(['draft', 'running', 'paused', 'cancelled', 'done', 'failed']);
export type CompareStatus = z.infer<typeof CompareStatusSchema>;

const Text = (max: number) => z.string().max(max);
const ExperimentId = z.string().min(1).max(64);
const ModelName = z.string().trim().min(1).max(200);

export const CompareItemInputSchema = z.object({
  prompt: z.string().min(1, 'prompt must not be empty').max(500_000),
  system: Text(500_000).nullable().optional(),
  reference: Text(500_000).nullable().optional(),
  /** Where the item came from: `paste`, `import`, `race`, `log:<request id>`. */
  origin: Text(200).nullable().optional(),
});
export type CompareItemInput = z.infer<typeof CompareItemInputSchema>;

export const CompareItemSchema = z.object({
  prompt: z.string(),
  system: z.string().nullable(),
  reference: z.string().nullable(),
  origin: z.string().nullable(),
});
export type CompareItem = z.infer<typeof CompareItemSchema>;

/** Generation parameters shared by every candidate. */
export const GenParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().optional(),
  })
  .strict();
export type GenParams = z.infer<typeof GenParamsSchema>;

export const CompareConfigSchema = z.object({
  /** Two or more models (`provider/model` or a bare name) or route names. */
  candidates: z.array(ModelName).max(12),
  judge: ModelName.nullable(),
  criteria: CompareCriteriaSchema,
  /** The custom rubric (criteria = 'custom'). */
  rubric: Text(20_000).nullable(),
  /** The judge sees each item's reference answer, when it has one. */
  referenceMode: z.boolean(),
  genParams: GenParamsSchema,
  /** Calls in flight at once. */
  concurrency: z.number().int().min(1).max(32),
});
export type CompareConfig = z.infer<typeof CompareConfigSchema>;

export const CompareExperimentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: CompareStatusSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** Why it failed or stopped, or a note such as "interrupted by an app restart". */
  message: z.string().nullable(),
  itemCount: z.number(),
  config: CompareConfigSchema,
});
export type CompareExperiment = z.infer<typeof CompareExperimentSchema>;

export const CompareProgressSchema = z.object({
  experimentId: z.string(),
  status: CompareStatusSchema,
  /** Calls planned (answers + judgements, both orders); a retry is not a new task. */
  total: z.number(),
  /** Finished tasks, failed ones included. */
  done: z.number(),
  failed: z.number(),
  answers: z.object({ done: z.number(), total: z.number() }),
  judgements: z.object({ done: z.number(), total: z.number(), unparseable: z.number() }),
  costUsd: z.number(),
  candidateCostUsd: z.number(),
  judgeCostUsd: z.number(),
  /** Calls whose cost is unknown (model missing from the price data). */
  unpricedCalls: z.number(),
  /** Running time of the current run. */
  elapsedMs: z.number(),
  /** Estimated time left; null until there is something to go on. */
  etaMs: z.number().nullable(),
  message: z.string().nullable(),
});
export type CompareProgress = z.infer<typeof CompareProgressSchema>;

const IntervalSchema = z.object({ lo: z.number(), hi: z.number() });

export const PairOutcomeSchema = z.enum(['a', 'b', 'tie', 'unparseable', 'incomplete']);
export type PairOutcomeValue = z.infer<typeof PairOutcomeSchema>;

export const PairResultSchema = z.object({
  a: z.number(),
  b: z.number(),
  aName: z.string(),
  bName: z.string(),
  /** From a's side. Ties include pairs whose verdict flipped with the order. */
  wins: z.number(),
  ties: z.number(),
  losses: z.number(),
  /** Decided pairs (wins + ties + losses). */
  n: z.number(),
  unparseable: z.number(),
  incomplete: z.number(),
  inconsistent: z.number(),
  /** a's win rate, ties as half: (wins + ties/2) / n. */
  winRate: z.number().nullable(),
  wilson: IntervalSchema.nullable(),
  bootstrap: IntervalSchema.nullable(),
  /** 'too_close' when the interval holds 0.5 (the two sides' intervals overlap). */
  call: z.enum(['a', 'b', 'too_close', 'no_data']),
  summary: z.string(),
});
export type PairResult = z.infer<typeof PairResultSchema>;

export const RankingSchema = z.object({
  method: z.literal('bradley-terry'),
  entries: z.array(
    z.object({
      candidate: z.number(),
      name: z.string(),
      /** Strengths sum to 1; P(i beats j) = s_i / (s_i + s_j). */
      strength: z.number(),
      lo: z.number(),
      hi: z.number(),
      /** Candidates whose intervals overlap share a rank. */
      rank: z.number(),
    }),
  ),
  leader: z.number().nullable(),
  tooCloseToCall: z.boolean(),
  summary: z.string(),
});

export const FiguresSchema = z.object({
  pairs: z.array(PairResultSchema),
  /** Bradley–Terry with bootstrap intervals; null with fewer than 3 candidates. */
  ranking: RankingSchema.nullable(),
  /** Pairs judged in both orders. */
  judgedPairs: z.number(),
  inconsistentPairs: z.number(),
  /** Share of pairs judged in both orders whose verdict changed with the order. */
  inconsistencyRate: z.number().nullable(),
  unparseablePairs: z.number(),
  overrides: z.number(),
});
export type Figures = z.infer<typeof FiguresSchema>;

export const CandidateStatsSchema = z.object({
  candidate: z.number(),
  name: z.string(),
  answers: z.number(),
  errors: z.number(),
  calls: z.number(),
  costUsd: z.number(),
  unpricedCalls: z.number(),
  meanLatencyMs: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  meanOutputTokens: z.number().nullable(),
});

export const CompareResultsSchema = z.object({
  /** The judge's figures, as judged. */
  judge: FiguresSchema,
  /** With human overrides applied (equal to `judge` when there are none). */
  adjusted: FiguresSchema,
  candidates: z.array(CandidateStatsSchema),
  judgeCost: z.object({
    calls: z.number(),
    costUsd: z.number(),
    unpricedCalls: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    /** Calls repeated because the first reply could not be parsed. */
    retries: z.number(),
    unparseable: z.number(),
  }),
});
export type CompareResults = z.infer<typeof CompareResultsSchema>;

export const CompareDetailSchema = z.object({
  experiment: CompareExperimentSchema,
  progress: CompareProgressSchema,
  results: CompareResultsSchema,
  warnings: z.array(z.string()),
});

export const CompareItemSummarySchema = z.object({
  idx: z.number(),
  prompt: z.string(),
  hasReference: z.boolean(),
  origin: z.string().nullable(),
  answers: z.array(z.enum(['pending', 'done', 'error'])),
  pairs: z.array(
    z.object({ a: z.number(), b: z.number(), judge: PairOutcomeSchema, final: PairOutcomeSchema, inconsistent: z.boolean(), overridden: z.boolean() }),
  ),
});

export const JudgementViewSchema = z.object({
  order: z.enum(['ab', 'ba']),
  /** The candidates shown as "Response A" and "Response B". */
  shownA: z.number(),
  shownB: z.number(),
  status: z.enum(['pending', 'done', 'unparseable', 'error', 'skipped']),
  verdict: z.enum(['A', 'B', 'tie']).nullable(),
  /** Pair-relative winner of this order. */
  winner: z.enum(['a', 'b', 'tie']).nullable(),
  reasoning: z.string().nullable(),
  /** The judge's raw reply (kept for unparseable ones). */
  raw: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
});

export const CompareItemDetailSchema = z.object({
  idx: z.number(),
  prompt: z.string(),
  system: z.string().nullable(),
  reference: z.string().nullable(),
  origin: z.string().nullable(),
  answers: z.array(
    z.object({
      candidate: z.number(),
      name: z.string(),
      status: z.enum(['pending', 'done', 'error']),
      text: z.string().nullable(),
      error: z.string().nullable(),
      requestId: z.string().nullable(),
      servedModel: z.string().nullable(),
      latencyMs: z.number().nullable(),
      inputTokens: z.number().nullable(),
      outputTokens: z.number().nullable(),
      costUsd: z.number().nullable(),
    }),
  ),
  pairs: z.array(
    z.object({
      a: z.number(),
      b: z.number(),
      judgements: z.array(JudgementViewSchema),
      judge: PairOutcomeSchema,
      inconsistent: z.boolean(),
      override: z.object({ verdict: z.enum(['a', 'b', 'tie']), note: z.string().nullable(), at: z.number() }).nullable(),
      final: PairOutcomeSchema,
    }),
  ),
});

export const CompareEstimateSchema = z.object({
  items: z.number(),
  candidateCalls: z.number(),
  judgeCalls: z.number(),
  assumedOutputTokens: z.number(),
  candidates: z.array(
    z.object({ candidate: z.number(), name: z.string(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number().nullable() }),
  ),
  judge: z.object({ name: z.string().nullable(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number().nullable() }),
  /** Sum of what could be priced; see `unpriced`. */
  totalUsd: z.number(),
  /** Models the price data doesn't know (their cost is left out of the total). */
  unpriced: z.array(z.string()),
  warnings: z.array(z.string()),
  note: z.string(),
});
export type CompareEstimate = z.infer<typeof CompareEstimateSchema>;

export const ImportErrorSchema = z.object({ line: z.number(), message: z.string() });

const SetupFields = {
  name: z.string().trim().min(1).max(200),
  candidates: z.array(ModelName).max(12),
  judge: ModelName.nullable(),
  criteria: CompareCriteriaSchema,
  rubric: Text(20_000).nullable(),
  referenceMode: z.boolean(),
  genParams: GenParamsSchema,
  concurrency: z.number().int().min(1).max(32),
};

export const CompareCreateInputSchema = z
  .object({
    ...SetupFields,
    candidates: SetupFields.candidates.default([]),
    judge: SetupFields.judge.default(null),
    criteria: SetupFields.criteria.default('helpfulness'),
    rubric: SetupFields.rubric.default(null),
    referenceMode: SetupFields.referenceMode.default(true),
    genParams: SetupFields.genParams.default({}),
    concurrency: SetupFields.concurrency.default(4),
    items: z.array(CompareItemInputSchema).max(10_000).default([]),
  })
  .strict();

export const CompareUpdateInputSchema = z
  .object({
    experimentId: ExperimentId,
    name: SetupFields.name.optional(),
    candidates: SetupFields.candidates.optional(),
    judge: SetupFields.judge.optional(),
    criteria: SetupFields.criteria.optional(),
    rubric: SetupFields.rubric.optional(),
    referenceMode: SetupFields.referenceMode.optional(),
    genParams: SetupFields.genParams.optional(),
    concurrency: SetupFields.concurrency.optional(),
    /** Replaces the items. */
    items: z.array(CompareItemInputSchema).max(10_000).optional(),
    /** Appends items. */
    addItems: z.array(CompareItemInputSchema).max(10_000).optional(),
  })
  .strict();

export const ExperimentRef = z.object({ experimentId: ExperimentId }).strict();

export const compareMethods = {
  /** Creates a draft experiment (prompt set + set-up). Nothing runs until `compare.start`. */
  create: { input: CompareCreateInputSchema, output: CompareExperimentSchema },
  /** Edits a draft (not once it has started). */
  update: { input: CompareUpdateInputSchema, output: CompareExperimentSchema },
  list: { input: z.object({}).strict(), output: z.array(CompareExperimentSchema) },
  /** An experiment with its progress, results (judge and adjusted figures) and warnings. */
  get: { input: ExperimentRef, output: CompareDetailSchema },
  /** Item summaries for the drill-down table. */
  items: {
    input: z.object({ experimentId: ExperimentId, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ total: z.number(), items: z.array(CompareItemSummarySchema) }),
  },
  /** One item: prompt, the answers side by side, both verdicts of every pair with reasoning. */
  item: { input: z.object({ experimentId: ExperimentId, idx: z.number().int().min(0) }).strict(), output: CompareItemDetailSchema },
  /** Cost estimate before starting (candidates + the judge's calls in both orders). */
  estimate: {
    input: z.object({ experimentId: ExperimentId, assumedOutputTokens: z.number().int().min(1).max(100_000).optional() }).strict(),
    output: CompareEstimateSchema,
  },
  start: { input: ExperimentRef, output: CompareProgressSchema },
  /** Stops starting calls; the ones in flight finish and are kept. */
  pause: { input: ExperimentRef, output: CompareProgressSchema },
  /** Stops at once (calls in flight are aborted and will be redone on resume). */
  cancel: { input: ExperimentRef, output: CompareProgressSchema },
  /** Continues a paused, cancelled, failed or interrupted run; finished calls are never repeated. */
  resume: { input: ExperimentRef, output: CompareProgressSchema },
  /** Overrides (or, with verdict null, clears the override of) one item's pair verdict. */
  override: {
    input: z
      .object({
        experimentId: ExperimentId,
        idx: z.number().int().min(0),
        a: z.number().int().min(0),
        b: z.number().int().min(0),
        verdict: z.enum(['a', 'b', 'tie']).nullable(),
        note: Text(2000).nullable().optional(),
      })
      .strict(),
    output: CompareItemDetailSchema,
  },
  export: {
    input: z.object({ experimentId: ExperimentId, format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), content: z.string() }),
  },
  /** Parses pasted text, JSONL or CSV into items; errors name the line. */
  importItems: {
    input: z.object({ text: z.string().max(50_000_000), format: z.enum(['auto', 'jsonl', 'csv', 'text']).default('auto') }).strict(),
    output: z.object({ format: z.enum(['jsonl', 'csv', 'text']), items: z.array(CompareItemSchema), errors: z.array(ImportErrorSchema) }),
  },
  /** N requests from the local log (user traffic only by default): last user message + system. */
  sampleFromLog: {
    input: z
      .object({
        count: z.number().int().min(1).max(5000),
        tokenName: z.string().max(64).nullable().optional(),
        model: z.string().max(200).nullable().optional(),
        /** ms since epoch, inclusive / exclusive. */
        from: z.number().nullable().optional(),
        to: z.number().nullable().optional(),
        /** Include Race/Compare/judge traffic too. Default false. */
        includeAppTraffic: z.boolean().optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    output: z.object({ items: z.array(CompareItemSchema), matched: z.number(), skipped: z.number() }),
  },
  /** Race → Compare: adds the prompt to a draft (a new one unless `experimentId` names a draft). */
  fromRace: {
    input: z
      .object({
        prompt: z.string().min(1).max(500_000),
        system: Text(500_000).nullable().optional(),
        candidates: z.array(ModelName).max(12).optional(),
        experimentId: ExperimentId.optional(),
      })
      .strict(),
    output: CompareExperimentSchema,
  },
  /** Deletes an experiment that is not running. */
  delete: { input: ExperimentRef, output: z.object({ ok: z.literal(true) }) },
} as const;

export const CompareProgressInputSchema = z.object({ experimentId: ExperimentId.optional() }).strict();
