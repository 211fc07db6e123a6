/**
 * genai-prices' `calcPrice`, specialised to the five token counts Switchboard
 * reports, for the proxy's per-request pricing (issue 8).
 *
 * Why: `calcPrice` re-validates the price entry, rebuilds the provider, sorts
 * the priced units and re-derives the unit tree on every call (~30 µs, most of
 * the pricing cost on the proxy thread). For one served model all of that is
 * fixed, so it is done once here, and each request only picks the dated price
 * entry and does the arithmetic — in the same order as the library, so the
 * dollars are bit-for-bit the same (test/bench/token-price-equivalence.test.ts checks
 * every model in the bundled data against `calcPrice`).
 *
 * The library stays the authority: a model is compiled only when every one of
 * its price entries passes through `calcPrice` and agrees with the arithmetic
 * here on probe usages; anything unusual (time-of-day prices, per-request
 * fees, price keys this file does not know, data the library rejects) gets
 * `null`, and the caller keeps calling `calcPrice`.
 */
import { calcPrice, type ModelInfo, type ModelPrice, type Provider } from '@pydantic/genai-prices';

/** The usage Switchboard prices, already made self-consistent (cache ≤ input, reasoning ≤ output). */
export interface TokenUsage {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  output_reasoning_tokens: number;
}

/** The part of `calcPrice`'s result that pricing reads. */
export interface TokenPrice {
  model_price: ModelPrice;
  input_price: number;
  output_price: number;
  total_price: number;
}

/** Which of the usage's leaf counts a price key bills (genai-prices' unit tree, for these five keys). */
type Leaf = 'input' | 'cacheRead' | 'cacheWrite' | 'output' | 'reasoning';

const TOKEN_KEYS: Readonly<Record<string, { leaf: Leaf; output: boolean }>> = {
  input_mtok: { leaf: 'input', output: false },
  cache_read_mtok: { leaf: 'cacheRead', output: false },
  cache_write_mtok: { leaf: 'cacheWrite', output: false },
  output_mtok: { leaf: 'output', output: true },
  output_reasoning_mtok: { leaf: 'reasoning', output: true },
};

/**
 * Price keys whose usage Switchboard never reports (audio, images, searches, …):
 * with a zero count they add exactly 0 and leave the token leaves unchanged.
 * Deliberately a list, not "anything else": a key the library does not know
 * makes it warn on every call, and `requests_kcount` bills every request, so
 * models with those stay on `calcPrice`.
 */
const ZERO_USAGE_KEYS = new Set([
  'web_searches_kcount',
  'storage_searches_kcount',
  'cache_write_1h_mtok',
  'input_audio_mtok',
  'output_audio_mtok',
  'cache_audio_read_mtok',
  'input_image_mtok',
  'input_document_kpages',
  'audio_hours',
  'input_annotated_document_kpages',
  'cache_image_read_mtok',
  'output_image_mtok',
  'input_audio_hours',
  'input_text_messages_kcount',
  'input_video_mtok',
  'output_video_mtok',
  'output_citation_mtok',
]);

interface Tiered {
  base: number;
  /** Ascending by `start`, as the library's TieredPrices keeps them. */
  tiers: Array<{ start: number; price: number }>;
}

interface Term {
  rate: number | Tiered;
  leaf: Leaf;
  output: boolean;
}

/** One price entry, ready to apply. */
interface Plan {
  prices: ModelPrice;
  /** Token terms in the entry's key order (the library sums in that order). */
  terms: Term[];
  tiered: boolean;
  /** Whether cache reads / writes / reasoning have their own rate (else they stay in input / output). */
  splitsCacheRead: boolean;
  splitsCacheWrite: boolean;
  splitsReasoning: boolean;
}

interface DatedPlan {
  /** `new Date(start_date)` in ms; undefined: no constraint. */
  startMs: number | undefined;
  plan: Plan;
}

/** A served model's price entries, compiled. */
export interface CompiledTokenPricing {
  /** A single price (no history), or the dated entries in data order. */
  readonly plans: Plan | DatedPlan[];
}

const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The library's own validation of a price value (`le`), or null where it would throw. */
function asRate(v: unknown): number | Tiered | null {
  if (isRate(v)) return v;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const t = v as { base?: unknown; tiers?: unknown };
  if (!isRate(t.base) || !Array.isArray(t.tiers)) return null;
  const tiers: Tiered['tiers'] = [];
  for (const tier of t.tiers as unknown[]) {
    if (typeof tier !== 'object' || tier === null || Array.isArray(tier)) return null;
    const { start, price } = tier as { start?: unknown; price?: unknown };
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0 || !isRate(price)) return null;
    tiers.push({ start, price });
  }
  return { base: t.base, tiers: tiers.sort((a, b) => a.start - b.start) };
}

function planFor(prices: ModelPrice): Plan | null {
  const terms: Term[] = [];
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue;
    const rate = asRate(value);
    if (rate === null) return null;
    const token = TOKEN_KEYS[key];
    if (token) terms.push({ rate, leaf: token.leaf, output: token.output });
    else if (!ZERO_USAGE_KEYS.has(key)) return null;
  }
  const has = (leaf: Leaf) => terms.some((t) => t.leaf === leaf);
  return {
    prices,
    terms,
    tiered: terms.some((t) => typeof t.rate !== 'number'),
    splitsCacheRead: has('cacheRead'),
    splitsCacheWrite: has('cacheWrite'),
    splitsReasoning: has('reasoning'),
  };
}

function apply(plan: Plan, u: TokenUsage): TokenPrice {
  // Leaf counts: a count with its own rate is taken out of its parent's.
  const leaves: Record<Leaf, number> = {
    input: u.input_tokens - ((plan.splitsCacheRead ? u.cache_read_tokens : 0) + (plan.splitsCacheWrite ? u.cache_write_tokens : 0)),
    cacheRead: u.cache_read_tokens,
    cacheWrite: u.cache_write_tokens,
    output: u.output_tokens - (plan.splitsReasoning ? u.output_reasoning_tokens : 0),
    reasoning: u.output_reasoning_tokens,
  };
  // Tiers are chosen by total input tokens.
  const tierBy = plan.tiered ? u.input_tokens : 0;
  let input = 0;
  let output = 0;
  for (const term of plan.terms) {
    const count = leaves[term.leaf];
    let cost: number;
    if (typeof term.rate === 'number') {
      cost = (term.rate * count) / 1e6;
    } else {
      // The library's arithmetic for tiered rates, step for step.
      let rate = term.rate.base;
      for (const tier of term.rate.tiers) if (tierBy > tier.start) rate = tier.price;
      cost = ((count <= 0 ? 0 : (rate * count) / 1e6) * 1e6) / 1e6;
    }
    if (term.output) output += cost;
    else input += cost;
  }
  return { model_price: plan.prices, input_price: input, output_price: output, total_price: input + output };
}

/** Usages that cross tier boundaries and use every token count, to check a plan against the library. */
const PROBES: TokenUsage[] = [
  { input_tokens: 1000, cache_read_tokens: 0, cache_write_tokens: 0, output_tokens: 100, output_reasoning_tokens: 0 },
  { input_tokens: 12_345, cache_read_tokens: 2_000, cache_write_tokens: 1_500, output_tokens: 4_321, output_reasoning_tokens: 1_234 },
  { input_tokens: 250_001, cache_read_tokens: 100_000, cache_write_tokens: 20_000, output_tokens: 9_999, output_reasoning_tokens: 9_999 },
  { input_tokens: 3_000_000, cache_read_tokens: 1_000_000, cache_write_tokens: 500_000, output_tokens: 77_777, output_reasoning_tokens: 7 },
];

/** Whether `plan` gives the library's answer for `prices` on every probe. */
function agreesWithLibrary(provider: Provider, served: ModelInfo, model: string, plan: Plan): boolean {
  const fixed: Provider = { ...provider, models: [{ ...served, prices: plan.prices }], fallback_model_providers: undefined };
  for (const usage of PROBES) {
    let res;
    try {
      res = calcPrice({ ...usage }, model, { provider: fixed });
    } catch {
      return false;
    }
    const mine = apply(plan, usage);
    if (!res || res.input_price !== mine.input_price || res.output_price !== mine.output_price || res.total_price !== mine.total_price) return false;
  }
  return true;
}

/**
 * Compiles how `provider` (a one-model provider from a genai-prices match)
 * prices `model`, or null when this module cannot reproduce `calcPrice` for it.
 */
export function compileTokenPricing(provider: Provider, model: string): CompiledTokenPricing | null {
  let served: ModelInfo;
  try {
    const res = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { provider });
    if (!res) return null;
    served = res.model;
  } catch {
    return null;
  }
  const checked = (prices: ModelPrice): Plan | null => {
    const plan = planFor(prices);
    return plan && agreesWithLibrary(provider, served, model, plan) ? plan : null;
  };
  if (!Array.isArray(served.prices)) {
    const plan = checked(served.prices);
    return plan ? { plans: plan } : null;
  }
  if (served.prices.length === 0) return null;
  const dated: DatedPlan[] = [];
  for (const entry of served.prices) {
    const c = entry.constraint;
    if (c !== undefined && c.type !== 'start_date') return null;
    const plan = checked(entry.prices);
    if (!plan) return null;
    dated.push({ startMs: c === undefined ? undefined : new Date(c.start_date).getTime(), plan });
  }
  return { plans: dated };
}

/**
 * What `calcPrice(usage, model, { provider, timestamp: at })` returns for a
 * compiled model (the fields pricing reads). Throws where it throws (an invalid `at`).
 */
export function priceTokens(compiled: CompiledTokenPricing, usage: TokenUsage, at: Date): TokenPrice {
  const { plans } = compiled;
  if (!Array.isArray(plans)) return apply(plans, usage);
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid time value');
  // The newest entry whose start has passed; the first one otherwise (as the library).
  for (let i = plans.length - 1; i >= 0; i--) {
    const p = plans[i]!;
    if (p.startMs === undefined || t >= p.startMs) return apply(p.plan, usage);
  }
  return apply(plans[0]!.plan, usage);
}
