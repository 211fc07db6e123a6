/**
 * Effective prices: the genai-prices list price (or the user's override) for
 * each provider/model, times the provider's discount. Also which logged rows a
 * price change touches, and re-pricing those rows on request.
 *
 * An override is a LIST price: the provider discount still applies on top, so
 * "list" and "effective" keep their meaning in every row and table.
 */
import type { Database } from 'better-sqlite3';
import type { PriceOverride } from '../../shared/settings';
import { isLocalProvider, listRates } from './price';

export interface Rates {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number;
  cacheWritePerMTok: number;
}

export type PriceSource = 'genai-prices' | 'override' | 'local' | 'unknown';

export interface EffectivePrice {
  provider: string;
  model: string;
  source: PriceSource;
  /** `provider:model` matched in genai-prices, when it knows the model. */
  matchedModel: string | null;
  /** The genai-prices list rates today (null when unknown or local). */
  defaults: Rates | null;
  override: PriceOverride | null;
  /** List rates in use: the override, else the defaults; null when unknown. */
  list: Rates | null;
  discount: number;
  /** list × discount. */
  effective: Rates | null;
  /** Some default rate depends on prompt length (the base tier is shown). */
  tiered: boolean;
  /** Logged requests served by this model, and how many of them have no price. */
  requests: number;
  unpricedRequests: number;
  firstDay: string | null;
  lastDay: string | null;
}

export interface ProviderPriceInfo {
  discount: number;
  pricingId?: string | undefined;
  local?: boolean | undefined;
}

/** `provider/model` (the model may contain `/`). */
export const overrideKey = (provider: string, model: string) => `${provider}/${model}`;

export function parseOverrideKey(key: string): { provider: string; model: string } | null {
  const i = key.indexOf('/');
  if (i <= 0 || i === key.length - 1) return null;
  return { provider: key.slice(0, i), model: key.slice(i + 1) };
}

const scale = (r: Rates, k: number): Rates => ({
  inputPerMTok: r.inputPerMTok * k,
  outputPerMTok: r.outputPerMTok * k,
  cachedInputPerMTok: r.cachedInputPerMTok * k,
  cacheWritePerMTok: r.cacheWritePerMTok * k,
});

export function overrideRates(o: PriceOverride): Rates {
  return {
    inputPerMTok: o.inputPerMTok,
    outputPerMTok: o.outputPerMTok,
    cachedInputPerMTok: o.cachedInputPerMTok ?? o.inputPerMTok,
    cacheWritePerMTok: o.cacheWritePerMTok ?? o.inputPerMTok,
  };
}

export function effectivePrice(
  provider: string,
  model: string,
  info: ProviderPriceInfo | undefined,
  override: PriceOverride | undefined,
  usage: { requests: number; unpricedRequests: number; firstDay: string | null; lastDay: string | null } = { requests: 0, unpricedRequests: 0, firstDay: null, lastDay: null },
  now: number = Date.now(),
): EffectivePrice {
  const local = info?.local === true || isLocalProvider(provider);
  const d = info?.discount ?? 1;
  const discount = Number.isFinite(d) && d >= 0 ? d : 1;
  const found = local ? null : listRates(provider, info?.pricingId, model, now);
  const defaults: Rates | null = found
    ? { inputPerMTok: found.inputPerMTok, outputPerMTok: found.outputPerMTok, cachedInputPerMTok: found.cachedInputPerMTok, cacheWritePerMTok: found.cacheWritePerMTok }
    : null;
  const zero: Rates = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0, cacheWritePerMTok: 0 };
  const list = override ? overrideRates(override) : local ? zero : defaults;
  return {
    provider,
    model,
    source: override ? 'override' : local ? 'local' : defaults ? 'genai-prices' : 'unknown',
    matchedModel: found?.matchedModel ?? null,
    defaults,
    override: override ?? null,
    list,
    discount,
    effective: list ? scale(list, discount) : null,
    tiered: found?.tiered ?? false,
    ...usage,
  };
}

export interface PriceTableDeps {
  /** Discount, genai-prices id and local flag of a provider. */
  provider: (id: string) => ProviderPriceInfo | undefined;
  overrides: Readonly<Record<string, PriceOverride>>;
  /** Extra models to list (e.g. cached model lists), beyond those seen in the log. */
  extraModels?: ReadonlyArray<{ provider: string; model: string }>;
  now?: number;
}

/**
 * The Prices table: every provider/model seen in the log, every override,
 * and any `extraModels`; unknown-price models first (they need attention),
 * then by requests.
 */
export function priceTable(db: Database, deps: PriceTableDeps): EffectivePrice[] {
  const seen = db
    .prepare(
      `SELECT key AS provider, sub AS model, SUM(requests) AS requests, SUM(unpriced) AS unpriced, MIN(day) AS first, MAX(day) AS last
       FROM rollup_daily_dim WHERE dim = 'model' AND key != '' AND sub != '' AND requests > 0 GROUP BY key, sub`,
    )
    .all() as Array<{ provider: string; model: string; requests: number; unpriced: number; first: string; last: string }>;
  const rows = new Map<string, { provider: string; model: string; requests: number; unpricedRequests: number; firstDay: string | null; lastDay: string | null }>();
  for (const s of seen) rows.set(overrideKey(s.provider, s.model), { provider: s.provider, model: s.model, requests: s.requests, unpricedRequests: s.unpriced, firstDay: s.first, lastDay: s.last });
  const add = (provider: string, model: string) => {
    const k = overrideKey(provider, model);
    if (!rows.has(k)) rows.set(k, { provider, model, requests: 0, unpricedRequests: 0, firstDay: null, lastDay: null });
  };
  for (const k of Object.keys(deps.overrides)) {
    const p = parseOverrideKey(k);
    if (p) add(p.provider, p.model);
  }
  for (const m of deps.extraModels ?? []) add(m.provider, m.model);
  const out = [...rows.entries()].map(([k, r]) =>
    effectivePrice(r.provider, r.model, deps.provider(r.provider), deps.overrides[k], { requests: r.requests, unpricedRequests: r.unpricedRequests, firstDay: r.firstDay, lastDay: r.lastDay }, deps.now),
  );
  const rank = (e: EffectivePrice) => (e.unpricedRequests > 0 || e.source === 'unknown' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || b.requests - a.requests || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

export interface Affected {
  provider: string;
  /** null: every model of the provider (a discount change). */
  model: string | null;
  /** Logged requests whose cost depends on this price. */
  requests: number;
  /** Of those, how many have no price today. */
  unpricedRequests: number;
  /** Auto-routed requests whose counterfactual is this model. */
  counterfactualRequests: number;
  /** Local days of the first and last affected request. */
  firstDay: string | null;
  lastDay: string | null;
  /** What those requests cost now (effective and list). */
  costUsd: number;
  listCostUsd: number;
  /**
   * What they would cost (effective) at `candidate` list rates, from their
   * summed tokens: an estimate (no prompt-length tiers); null without a candidate.
   */
  estimatedCostUsd: number | null;
}

/** Which logged rows a price change for `provider` (and `model`) touches. From the roll-up: cheap. */
export function affectedRows(db: Database, q: { provider: string; model?: string | null; candidate?: { rates: Rates; discount: number } }): Affected {
  const where = [`dim = 'model'`, 'key = ?', 'requests > 0'];
  const args: string[] = [q.provider];
  if (q.model) (where.push('sub = ?'), args.push(q.model));
  const r = db
    .prepare(
      `SELECT TOTAL(requests) AS requests, TOTAL(unpriced) AS unpriced, MIN(day) AS first, MAX(day) AS last, TOTAL(cost) AS cost, TOTAL(list_cost) AS list,
        TOTAL(input_tokens) AS input, TOTAL(cache_read_tokens) AS cr, TOTAL(cache_write_tokens) AS cw, TOTAL(output_tokens) AS output,
        TOTAL(cache_hits) AS hits
       FROM rollup_daily_dim WHERE ${where.join(' AND ')}`,
    )
    .get(...args) as {
    requests: number;
    unpriced: number;
    first: string | null;
    last: string | null;
    cost: number;
    list: number;
    input: number;
    cr: number;
    cw: number;
    output: number;
    hits: number;
  };
  const cf = db
    .prepare(
      `SELECT COUNT(*) AS n FROM requests WHERE counterfactual_model IS NOT NULL AND counterfactual_provider = ?${q.model ? ' AND counterfactual_model = ?' : ''}`,
    )
    .get(...args) as { n: number };
  let estimated: number | null = null;
  if (q.candidate) {
    const k = q.candidate.rates;
    const uncached = Math.max(0, r.input - r.cr - r.cw);
    // Cache hits are billed 0 whatever the price; scale them out by their share.
    const billedShare = r.requests > 0 ? (r.requests - r.hits) / r.requests : 1;
    estimated =
      ((uncached * k.inputPerMTok + r.cr * k.cachedInputPerMTok + r.cw * k.cacheWritePerMTok + r.output * k.outputPerMTok) / 1e6) * q.candidate.discount * billedShare;
  }
  return {
    provider: q.provider,
    model: q.model ?? null,
    requests: r.requests,
    unpricedRequests: r.unpriced,
    counterfactualRequests: cf.n,
    firstDay: r.first,
    lastDay: r.last,
    costUsd: r.cost,
    listCostUsd: r.list,
    estimatedCostUsd: estimated,
  };
}
