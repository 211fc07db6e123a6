import { z } from 'zod';

/**
 * The settings document (`settings.json` in the data dir), shared by the CLI,
 * the proxy and the desktop app. Every field has a default, so an empty or older
 * file parses; a file that doesn't parse is an error, never silently reset.
 *
 * shared/ is the bottom layer: this module imports nothing of ours.
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
    /** Defined by the routing issue; kept opaque here. */
    routes: z.record(z.string(), z.unknown()).default({}),
    budgets: z.array(z.unknown()).default([]),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.tokens.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'name'], message: `duplicate token name "${t.name}"` });
      seen.add(t.name);
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
