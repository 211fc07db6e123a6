import { z } from 'zod';

/**
 * Race (issue 5): one prompt, 2–6 contestants (provider/model or a route),
 * streamed side by side. Schemas for the `race.*` methods and the
 * `race.events` stream in shared/contract.ts.
 *
 * Conventions: a contestant is referred to by its column index (its position
 * in `contestants`; the same model may appear twice). Turn 0 is the first
 * prompt; follow-ups are turns 1, 2, … and each column continues its OWN
 * conversation (its own earlier answers are the context, never another
 * column's).
 */

export const RACE_MIN_CONTESTANTS = 2;
export const RACE_MAX_CONTESTANTS = 6;
/** Images are downscaled in the renderer; this caps one data URL (base64). */
export const RACE_MAX_IMAGE_DATA_URL = 3_000_000;
export const RACE_MAX_TEXT_FILE = 400_000;

const RaceId = z.string().min(1).max(64);
const Column = z.number().int().min(0).max(RACE_MAX_CONTESTANTS - 1);

export const RaceContestantSchema = z
  .object({
    /** `provider/model`, a bare model name, or a route name (what goes in the request's `model`). */
    ref: z.string().trim().min(1).max(200),
    kind: z.enum(['model', 'route']),
  })
  .strict();
export type RaceContestant = z.infer<typeof RaceContestantSchema>;

export const RaceParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).nullable().optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .strict();
export type RaceParams = z.infer<typeof RaceParamsSchema>;

export const RaceAttachmentSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('image'),
      name: z.string().max(300),
      mime: z.string().regex(/^image\/(png|jpeg|gif|webp)$/, 'PNG, JPEG, GIF or WebP'),
      /** `data:image/…;base64,…`, sent as an OpenAI `image_url` part. */
      dataUrl: z
        .string()
        .max(RACE_MAX_IMAGE_DATA_URL, 'image too large')
        .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, 'a base64 data: URL'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('text'),
      name: z.string().max(300),
      mime: z.string().max(100),
      /** Inlined into the prompt as a fenced block named after the file. */
      text: z.string().max(RACE_MAX_TEXT_FILE, 'file too large'),
    })
    .strict(),
]);
export type RaceAttachment = z.infer<typeof RaceAttachmentSchema>;

export const RaceColumnStatusSchema = z.enum(['pending', 'running', 'done', 'error', 'stopped', 'interrupted']);
export type RaceColumnStatus = z.infer<typeof RaceColumnStatusSchema>;

/** What one column's call did, measured in the main process. */
export const RaceMetricsSchema = z.object({
  /** Request sent → first generated token (ms). */
  ttftMs: z.number().nullable(),
  /** Request sent → stream ended (ms). */
  latencyMs: z.number().nullable(),
  /** Output tokens ÷ (last token − first token). */
  tokensPerSec: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** Token counts are estimates (no usage reported, e.g. a stopped column). */
  usageEstimated: z.boolean(),
  costUsd: z.number().nullable(),
  finishReason: z.string().nullable(),
  provider: z.string().nullable(),
  servedModel: z.string().nullable(),
  /** The proxy's request id (the Requests page). */
  requestId: z.string().nullable(),
});
export type RaceMetrics = z.infer<typeof RaceMetricsSchema>;

export const emptyRaceMetrics = (): RaceMetrics => ({
  ttftMs: null,
  latencyMs: null,
  tokensPerSec: null,
  inputTokens: null,
  outputTokens: null,
  usageEstimated: false,
  costUsd: null,
  finishReason: null,
  provider: null,
  servedModel: null,
  requestId: null,
});

export const RaceErrorSchema = z.object({ message: z.string(), status: z.number().nullable() });
export type RaceError = z.infer<typeof RaceErrorSchema>;

export const RaceAnswerSchema = z.object({
  column: z.number().int(),
  status: RaceColumnStatusSchema,
  text: z.string(),
  error: RaceErrorSchema.nullable(),
  metrics: RaceMetricsSchema,
  /** 1 = first to finish this turn (successful answers only). */
  finishRank: z.number().int().nullable(),
});
export type RaceAnswer = z.infer<typeof RaceAnswerSchema>;

export const RaceTurnSchema = z.object({
  turn: z.number().int(),
  prompt: z.string(),
  attachments: z.array(RaceAttachmentSchema),
  createdAt: z.number(),
  /** The column that finished first (successfully). */
  winner: z.number().int().nullable(),
  /** The user's vote for the best answer. */
  vote: z.number().int().nullable(),
  answers: z.array(RaceAnswerSchema),
});
export type RaceTurn = z.infer<typeof RaceTurnSchema>;

export const RaceDetailSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  title: z.string(),
  system: z.string().nullable(),
  params: z.object({ temperature: z.number().nullable(), maxTokens: z.number().nullable() }),
  contestants: z.array(RaceContestantSchema),
  turns: z.array(RaceTurnSchema),
  /** A turn is streaming in this process right now. */
  active: z.boolean(),
  /** The last event number applied to this snapshot (events with a higher `seq` are newer). */
  seq: z.number().int(),
});
export type RaceDetail = z.infer<typeof RaceDetailSchema>;

export const RaceSummarySchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  title: z.string(),
  contestants: z.array(RaceContestantSchema),
  turns: z.number().int(),
  winner: z.number().int().nullable(),
  vote: z.number().int().nullable(),
  costUsd: z.number().nullable(),
  active: z.boolean(),
});
export type RaceSummary = z.infer<typeof RaceSummarySchema>;

export const LeaderboardRowSchema = z.object({
  /** The contestant ref (`provider/model`, bare model or route). */
  contestant: z.string(),
  kind: z.enum(['model', 'route']),
  races: z.number().int(),
  answers: z.number().int(),
  /** Turns where the user voted this column best. */
  votes: z.number().int(),
  /** Turns where this column finished first. */
  speedWins: z.number().int(),
  errors: z.number().int(),
  avgTtftMs: z.number().nullable(),
  avgTokensPerSec: z.number().nullable(),
  avgLatencyMs: z.number().nullable(),
  avgCostUsd: z.number().nullable(),
  totalCostUsd: z.number(),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRowSchema>;

const Prompt = z.string().trim().min(1, 'write a prompt').max(200_000);

export const raceMethods = {
  /** Starts a race: every contestant gets the prompt at once, each a real proxied streaming call tagged `race`. */
  start: {
    input: z
      .object({
        prompt: Prompt,
        system: z.string().max(100_000).nullable().optional(),
        params: RaceParamsSchema.optional(),
        contestants: z
          .array(RaceContestantSchema)
          .min(RACE_MIN_CONTESTANTS, `pick at least ${RACE_MIN_CONTESTANTS} contestants`)
          .max(RACE_MAX_CONTESTANTS, `at most ${RACE_MAX_CONTESTANTS} contestants`),
        attachments: z.array(RaceAttachmentSchema).max(4).optional(),
      })
      .strict(),
    output: RaceDetailSchema,
  },
  /** A follow-up turn: each column continues its own conversation. */
  followUp: {
    input: z.object({ raceId: RaceId, prompt: Prompt, attachments: z.array(RaceAttachmentSchema).max(4).optional() }).strict(),
    output: RaceDetailSchema,
  },
  /** Stops one column (its HTTP call is aborted, so the proxy aborts upstream) or, without `column`, all. */
  stop: { input: z.object({ raceId: RaceId, column: Column.optional() }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** The user's best answer for a turn (null clears it). */
  vote: {
    input: z.object({ raceId: RaceId, turn: z.number().int().min(0), column: Column.nullable() }).strict(),
    output: RaceDetailSchema,
  },
  get: { input: z.object({ raceId: RaceId }).strict(), output: RaceDetailSchema },
  list: {
    input: z
      .object({ limit: z.number().int().min(1).max(500).optional(), search: z.string().max(200).optional() })
      .strict(),
    output: z.array(RaceSummarySchema),
  },
  delete: { input: z.object({ raceId: RaceId }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** Votes and speed per contestant over every race. */
  leaderboard: { input: z.object({}).strict(), output: z.array(LeaderboardRowSchema) },
} as const;

const EventBase = { raceId: z.string(), seq: z.number().int() };
const ColumnBase = { ...EventBase, turn: z.number().int(), column: z.number().int() };

export const RaceEventSchema = z.discriminatedUnion('type', [
  /** A turn began (the first prompt or a follow-up). */
  z.object({
    type: z.literal('turn'),
    ...EventBase,
    turn: z.number().int(),
    prompt: z.string(),
    title: z.string(),
    system: z.string().nullable(),
    contestants: z.array(RaceContestantSchema),
    createdAt: z.number(),
  }),
  /** A column's request was sent. */
  z.object({ type: z.literal('start'), ...ColumnBase }),
  /** Streamed text (batched in main, a few per 100 ms). */
  z.object({ type: z.literal('delta'), ...ColumnBase, text: z.string(), chunks: z.number().int(), elapsedMs: z.number() }),
  /** Live metrics: at the first token (time to first token) and when the proxy answered (provider, model). */
  z.object({ type: z.literal('metrics'), ...ColumnBase, metrics: RaceMetricsSchema }),
  /** The column finished (or was stopped): final text and metrics. */
  z.object({
    type: z.literal('done'),
    ...ColumnBase,
    status: z.enum(['done', 'stopped']),
    text: z.string(),
    metrics: RaceMetricsSchema,
    finishRank: z.number().int().nullable(),
  }),
  z.object({ type: z.literal('error'), ...ColumnBase, error: RaceErrorSchema, text: z.string(), metrics: RaceMetricsSchema }),
  /** Every column of the turn has settled. */
  z.object({ type: z.literal('finished'), ...EventBase, turn: z.number().int(), winner: z.number().int().nullable() }),
]);
export type RaceEvent = z.infer<typeof RaceEventSchema>;

export const RaceEventsInputSchema = z.object({ raceId: RaceId.optional() }).strict();

// ---------------------------------------------------------------------------
// Image capability (a simple, documented name check)
// ---------------------------------------------------------------------------

/**
 * Whether a model takes image input, from its name. A deliberately simple
 * check over well-known vision-capable families; anything unrecognised is
 * 'unknown' (the Race page warns, and the provider's own error, if any, shows
 * in that column). Routes are 'unknown': the target that answers is decided
 * per request.
 *
 * yes: GPT-4o / 4.1 / 4-turbo / 5.x, o1 / o3 / o4 (not the -mini of o1/o3),
 *      Claude 3 and later, Gemini, Grok 4 / *-vision, Llama 3.2 vision / Llama 4,
 *      Pixtral, Mistral Small/Medium 3, Gemma 3, Qwen-VL, LLaVA, MiniCPM-V,
 *      moondream, anything named *vision* or *-vl*.
 * no:  GPT-3.5, plain GPT-4, o1-mini, o3-mini, embeddings, DeepSeek chat/reasoner,
 *      Claude 2 / instant, Mixtral, Codestral, Llama 2 / 3.0 / 3.1.
 */
export function imageSupport(contestant: RaceContestant | string): 'yes' | 'no' | 'unknown' {
  const c = typeof contestant === 'string' ? { ref: contestant, kind: 'model' as const } : contestant;
  if (c.kind === 'route') return 'unknown';
  const name = c.ref.slice(c.ref.indexOf('/') + 1).toLowerCase();
  if (/vision|[-_.]vl\b|-vl-|llava|pixtral|moondream|minicpm-v/.test(name)) return 'yes';
  if (/gpt-3\.5|embedding|^text-|^o1-mini|^o3-mini|^gpt-4(-0\d{3})?$|claude-2|claude-instant|deepseek|mixtral|codestral|llama-?2|llama-?3(\.[01])?[-:]/.test(name)) return 'no';
  if (/^(chatgpt-4o|gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|o1|o3|o4)/.test(name)) return 'yes';
  if (/claude-(3|sonnet|opus|haiku)|claude-\d/.test(name)) return 'yes';
  if (/gemini|gemma-?3|grok-4|llama-?4|llama-?3\.2.*vision|mistral-(small|medium)-3|qwen.*vl/.test(name)) return 'yes';
  return 'unknown';
}

/** OpenAI reasoning models reject `temperature` and `max_tokens` (they want `max_completion_tokens`). */
export function isReasoningModel(ref: string): boolean {
  const bare = ref.slice(ref.lastIndexOf('/') + 1).toLowerCase();
  return /^(o\d|gpt-5)/.test(bare);
}

/** A short title for a race: its first prompt, on one line. */
export function raceTitle(prompt: string): string {
  const one = prompt.replace(/\s+/g, ' ').trim();
  return one.length > 90 ? `${one.slice(0, 87)}…` : one;
}
