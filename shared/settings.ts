import { z } from 'zod';
import { AUTO_TIERS, ROUTE_NAME_RE, RouteSchema, type AutoTier } from './routes';

/**
 * The settings document (`settings.json` in the data dir), shared by the CLI,
 * the proxy and the desktop app. Every field has a default, so an empty or older
 * file parses; a file that doesn't parse is an error, never silently reset.
 *
 * shared/ is the bottom layer: this module imports nothing outside shared/.
 */

export const SETTINGS_SCHEMA_VERSION = 1;

/** Same rule as the provider catalog's PROVIDER_ID_PATTERN (kept in step by a test). */
export const PROVIDER_ID_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const TOKEN_NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;

const isoDate = z.iso.datetime({ offset: true });

/** A provider key as stored: sealed by one keyring backend, never plaintext. */
export const SealedKeySchema = z.object({
  /** The keyring backend that sealed it: 'os-keyring' | 'passphrase' | 'master-key-file' | 'safeStorage' | … */
  backend: z.string().min(1),
  /** Opaque ciphertext string produced by that backend. */
  sealed: z.string().min(1),
  /** `sk-…wxyz`, for display. */
  mask: z.string(),
  updatedAt: isoDate,
});
export type SealedKey = z.infer<typeof SealedKeySchema>;

export const CustomProviderSchema = z.object({
  format: z.literal('openai'),
  needsKey: z.boolean(),
});

export const ProviderSettingsSchema = z.object({
  /** Overrides the catalog base URL (required for custom providers). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  key: SealedKeySchema.optional(),
  /** Price multiplier applied to list prices (negotiated discounts, credits). */
  discount: z.number().min(0).max(10).default(1),
  /** Present for user-defined OpenAI-compatible endpoints. */
  custom: CustomProviderSchema.optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

export const ClientTokenSchema = z.object({
  name: z.string().regex(TOKEN_NAME_RE, 'must be 1-64 characters of A-Z a-z 0-9 . _ -'),
  /** sha256 (hex) of the full token; the token itself is never stored. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  /** Masked token for display, e.g. `sb-…ab12`. */
  hint: z.string(),
  createdAt: isoDate,
});
export type ClientToken = z.infer<typeof ClientTokenSchema>;

/** Budgets: spend caps on a scope, per calendar day or month (local time). */
export const BUDGET_SCOPES = ['global', 'provider', 'route', 'token'] as const;
export const BUDGET_PERIODS = ['day', 'month'] as const;
export const BUDGET_MODES = ['hard', 'soft'] as const;

export const BudgetSchema = z
  .object({
    /** Stable id, e.g. `provider-openai-day` (what `switchboard budget rm ID` takes). */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -'),
    scope: z.enum(BUDGET_SCOPES),
    /** The provider id, route name or client-token name; absent for `global`. */
    name: z.string().min(1).max(128).optional(),
    period: z.enum(BUDGET_PERIODS),
    limitUsd: z.number().min(0).max(1_000_000_000),
    /** hard: refuse calls with 402 once reached. soft: let them through and raise an alert. */
    mode: z.enum(BUDGET_MODES).default('hard'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.scope === 'global' && b.name !== undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a global budget takes no name' });
    if (b.scope !== 'global' && b.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: `a ${b.scope} budget needs a name` });
  });
export type Budget = z.output<typeof BudgetSchema>;

/** Alert when the spend over the last hour goes above this rate. */
export const BurnRateSchema = z.object({ usdPerHour: z.number().positive().max(1_000_000_000) }).strict();
export type BurnRate = z.output<typeof BurnRateSchema>;

/** Sensible defaults: cheap fast models, solid all-rounders, the strongest reasoners. */
export const DEFAULT_AUTO_TIERS: Readonly<Record<AutoTier, readonly string[]>> = {
  simple: ['gpt-4o-mini', 'gpt-5-mini', 'claude-haiku-4-5', 'gemini-2.5-flash'],
  standard: ['gpt-4.1', 'claude-sonnet-4-6', 'gemini-2.5-pro'],
  complex: ['o3', 'claude-opus-4-6', 'gpt-5'],
};

const tierList = (tier: AutoTier) => z.array(z.string().trim().min(1).max(200)).max(32).default(() => [...DEFAULT_AUTO_TIERS[tier]]);

export const AutoSettingsSchema = z
  .object({
    tiers: z
      .object(Object.fromEntries(AUTO_TIERS.map((t) => [t, tierList(t)])) as Record<AutoTier, ReturnType<typeof tierList>>)
      .strict()
      .default(() => ({ simple: [...DEFAULT_AUTO_TIERS.simple], standard: [...DEFAULT_AUTO_TIERS.standard], complex: [...DEFAULT_AUTO_TIERS.complex] })),
  })
  .strict();
export type AutoSettings = z.output<typeof AutoSettingsSchema>;

/** A user-set list price for one `provider/model`, in $ per million tokens (the provider discount still applies). */
export const PriceOverrideSchema = z
  .object({
    inputPerMTok: z.number().min(0).max(1_000_000),
    outputPerMTok: z.number().min(0).max(1_000_000),
    /** Cache reads; default: the input rate. */
    cachedInputPerMTok: z.number().min(0).max(1_000_000).optional(),
    /** Cache writes; default: the input rate. */
    cacheWritePerMTok: z.number().min(0).max(1_000_000).optional(),
  })
  .strict();
export type PriceOverride = z.output<typeof PriceOverrideSchema>;
/** `provider/model` (the model may itself contain `/`, e.g. `openrouter/openai/gpt-4o`). */
export const PRICE_OVERRIDE_KEY_RE = /^[a-z0-9][a-z0-9_-]{0,39}\/.{1,200}$/;

export const SettingsSchema = z
  .object({
    schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION, {
      error: `unsupported schemaVersion (this Switchboard reads version ${SETTINGS_SCHEMA_VERSION}; was the file written by a newer version?)`,
    }).default(SETTINGS_SCHEMA_VERSION),
    providers: z.record(z.string().regex(PROVIDER_ID_RE, 'invalid provider id'), ProviderSettingsSchema).default({}),
    tokens: z.array(ClientTokenSchema).default([]),
    allowedOrigins: z.array(z.string()).default([]),
    logBodies: z.boolean().default(true),
    /** null = keep request/response bodies forever. */
    bodyRetentionDays: z.number().int().positive().nullable().default(null),
    /** Named virtual models with a routing policy (see shared/routes.ts). */
    routes: z.record(z.string().regex(ROUTE_NAME_RE, 'invalid route name (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)'), RouteSchema).default({}),
    /** The `auto` strategy's tiers: it takes the cheapest usable model of the tier a request's difficulty lands in. */
    auto: AutoSettingsSchema.default(() => AutoSettingsSchema.parse({})),
    budgets: z.array(BudgetSchema).default([]),
    /** null = no burn-rate alert. */
    burnRate: BurnRateSchema.nullable().default(null),
    /** The proxy's port when set from the Settings page (`--port` / SWITCHBOARD_PORT override it); absent = 4141. */
    port: z.number().int().min(1).max(65535).optional(),
    /** Per-model list-price overrides, keyed `provider/model` (Costs → Prices). */
    priceOverrides: z.record(z.string().regex(PRICE_OVERRIDE_KEY_RE, 'must be provider/model'), PriceOverrideSchema).default({}),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.tokens.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'name'], message: `duplicate token name "${t.name}"` });
      seen.add(t.name);
    });
    const ids = new Set<string>();
    s.budgets.forEach((b, i) => {
      if (ids.has(b.id)) ctx.addIssue({ code: 'custom', path: ['budgets', i, 'id'], message: `duplicate budget id "${b.id}"` });
      ids.add(b.id);
    });
  });

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/** `providers.openai.discount: Too big: expected number to be <=10` — one line per issue, for error messages. */
export function formatSettingsIssues(error: z.ZodError, max = 3): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (error.issues.length > max) lines.push(`(+${error.issues.length - max} more)`);
  return lines.join('; ');
}
