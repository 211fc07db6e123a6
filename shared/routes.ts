import { z } from 'zod';

/**
 * Routes: named virtual models with a routing policy. Clients call them by
 * name (`fast`) or with the `route/` prefix (`route/fast`). Strategies nest:
 * any target may itself be a strategy, or `route/NAME` (another route).
 *
 * shared/ is the bottom layer: this module imports nothing of ours.
 */

export const ROUTE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Client model names starting with this always mean a route (`route/fast`). */
export const ROUTE_PREFIX = 'route/';

/** Default upstream statuses that trigger a retry or a move to the next target. */
export const DEFAULT_RETRY_ON: readonly number[] = [408, 409, 429, 500, 502, 503, 504, 529];

/** Settings every target can carry; a strategy passes its own down to its targets (a target's own win). */
export const TargetSettingsSchema = z.object({
  /** Time allowed until the first content (stream) or the whole answer (non-stream). */
  firstByteTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
  /** Longest silence between stream chunks once it has started (a stalled stream). */
  idleTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
  /** Extra tries on the same target, with exponential backoff that honours `retry-after`. */
  retries: z.number().int().min(0).max(10).optional(),
  /** Base backoff delay between retries. */
  backoffMs: z.number().int().min(0).max(60_000).optional(),
  /** Upstream statuses that trigger a retry or a move to the next target (default: 408, 409, 429, 5xx). */
  retryOn: z.array(z.number().int().min(400).max(599)).optional(),
  /**
   * Also move on after 401/403 (a key failure). Off by default: the user decides
   * where traffic and billing go.
   */
  fallbackOnAuthError: z.boolean().optional(),
});
export type TargetSettings = z.infer<typeof TargetSettingsSchema>;

/** `provider/model`, a bare model name, or `route/name`. */
export const ModelRefSchema = z.string().trim().min(1, 'must not be empty').max(200);

export interface ModelTarget extends TargetSettings {
  model: string;
  /** Relative weight under `loadbalance` (default 1). */
  weight?: number;
}

export type Target = string | ModelTarget | Strategy;

export interface FallbackStrategy extends TargetSettings {
  strategy: 'fallback';
  targets: Target[];
  weight?: number;
}
export interface LoadbalanceStrategy extends TargetSettings {
  strategy: 'loadbalance';
  targets: Target[];
  weight?: number;
}
export interface RaceStrategy extends TargetSettings {
  strategy: 'race';
  targets: Target[];
  weight?: number;
}
export interface AutoStrategy extends TargetSettings {
  strategy: 'auto';
  /** Override the tier lists from settings for this route. */
  tiers?: Partial<Record<AutoTier, string[]>>;
  weight?: number;
}
export type Strategy = FallbackStrategy | LoadbalanceStrategy | RaceStrategy | AutoStrategy;
export type StrategyName = Strategy['strategy'];
export const STRATEGIES = ['fallback', 'loadbalance', 'race', 'auto'] as const satisfies readonly StrategyName[];

export const AUTO_TIERS = ['simple', 'standard', 'complex'] as const;
export type AutoTier = (typeof AUTO_TIERS)[number];

const weight = z.number().positive().max(1_000_000).optional();

export const ModelTargetSchema: z.ZodType<ModelTarget> = TargetSettingsSchema.extend({ model: ModelRefSchema, weight }).strict();

/**
 * A target: a string, a strategy (an object with `strategy`/`targets`) or a
 * model object. Dispatched on shape rather than tried as a union, so an error
 * names the field at fault (`targets.1.model: …`) instead of "Invalid input".
 */
export const TargetSchema: z.ZodType<Target> = z.unknown().transform((value, ctx): Target => {
  const schema: z.ZodType =
    typeof value === 'string'
      ? ModelRefSchema
      : value && typeof value === 'object' && !Array.isArray(value) && ('strategy' in value || 'targets' in value)
        ? StrategySchema
        : value && typeof value === 'object' && !Array.isArray(value)
          ? ModelTargetSchema
          : z.string({ error: 'must be a model name, a {model} object or a strategy object' });
  const r = schema.safeParse(value);
  if (r.success) return r.data as Target;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  return z.NEVER;
});

const targets = z.array(TargetSchema).min(1, 'needs at least one target').max(32);
const raceTargets = z.array(TargetSchema).min(2, 'a race needs at least two targets').max(6, 'a race takes at most six targets');
const tiers = z.partialRecord(z.enum(AUTO_TIERS), z.array(ModelRefSchema).min(1, 'needs at least one model').max(32));

const STRATEGY_SHAPES = {
  fallback: TargetSettingsSchema.extend({ strategy: z.literal('fallback'), targets, weight }),
  loadbalance: TargetSettingsSchema.extend({ strategy: z.literal('loadbalance'), targets, weight }),
  race: TargetSettingsSchema.extend({ strategy: z.literal('race'), targets: raceTargets, weight }),
  auto: TargetSettingsSchema.extend({ strategy: z.literal('auto'), tiers: tiers.optional(), weight }),
};

export const StrategySchema: z.ZodType<Strategy> = z.lazy(() =>
  z.discriminatedUnion('strategy', [
    STRATEGY_SHAPES.fallback.strict(),
    STRATEGY_SHAPES.loadbalance.strict(),
    STRATEGY_SHAPES.race.strict(),
    STRATEGY_SHAPES.auto.strict(),
  ]),
) as z.ZodType<Strategy>;

export const CooldownSchema = z
  .object({
    /** Failures within `windowMs` that put a target in cooldown. */
    failures: z.number().int().min(1).max(1000).default(3),
    windowMs: z.number().int().min(100).max(86_400_000).default(60_000),
    /** How long a cooled-down target is skipped. */
    cooldownMs: z.number().int().min(100).max(86_400_000).default(30_000),
  })
  .strict();
export type Cooldown = z.output<typeof CooldownSchema>;

export const RouteCacheSchema = z
  .object({
    enabled: z.boolean().default(true),
    ttlSeconds: z.number().int().min(1).max(30 * 86_400).default(3600),
  })
  .strict();
export type RouteCache = z.output<typeof RouteCacheSchema>;

/** Options only the top of a route carries. */
export interface RouteOptions {
  description?: string;
  /** Switchboard's response cache for this route. */
  cache?: RouteCache;
  /** Add Anthropic `cache_control` to long, stable system prompts and tools. */
  promptCaching?: boolean;
  /** When a failing target is skipped for a while (defaults apply when absent). */
  cooldown?: Cooldown;
}

const ROUTE_OPTIONS = {
  description: z.string().max(500).optional(),
  cache: RouteCacheSchema.optional(),
  promptCaching: z.boolean().optional(),
  cooldown: CooldownSchema.optional(),
};

/** A route as stored in settings: a strategy plus route-level options. Unknown keys are errors (typos name the key). */
export type Route = Strategy & RouteOptions;
export const RouteSchema: z.ZodType<Route> = z.lazy(() =>
  z.discriminatedUnion('strategy', [
    STRATEGY_SHAPES.fallback.extend(ROUTE_OPTIONS).strict(),
    STRATEGY_SHAPES.loadbalance.extend(ROUTE_OPTIONS).strict(),
    STRATEGY_SHAPES.race.extend(ROUTE_OPTIONS).strict(),
    STRATEGY_SHAPES.auto.extend(ROUTE_OPTIONS).strict(),
  ]),
) as z.ZodType<Route>;

/** Readable zod issues: `targets.1.model: Required`. Names the field, as the CLI and UI show it. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(route)'}: ${i.message}`);
}
