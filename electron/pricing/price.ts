/**
 * Turns a request's normalised token usage into dollars, using the price data
 * bundled with @pydantic/genai-prices (offline; no network at runtime).
 *
 * Rules:
 *  - Local providers (Ollama, LM Studio, …) cost exactly 0 and count as priced.
 *  - A model the price data does not know costs `null` with `priced: false` —
 *    never a silent 0, so unknown spend is visible rather than under-reported.
 *  - Reasoning tokens are part of `outputTokens`; they are billed at the output
 *    rate (or the model's own `output_reasoning_mtok` where the data has one),
 *    and their share is reported separately as `reasoningCostUsd`.
 *  - Cache reads and writes use the model's own cache rates.
 *  - `discount` (a multiplier, e.g. 0.5 for a batch/committed-use discount)
 *    applies to `costUsd` and the component costs, never to `listCostUsd`.
 */
import { calcPrice, type ModelInfo, type PriceCalculation, type Provider } from '@pydantic/genai-prices';
import type { Usage } from '../../shared/usage';
import { FREE, UNPRICED } from './price-results';
import { compileTokenPricing, priceTokens, type CompiledTokenPricing } from './token-price';

export interface PriceInput {
  /** Switchboard's provider id (`openai`, `xai`, a custom id, …). */
  providerId: string;
  /** The provider's id in genai-prices, where it differs (ProviderSpec.pricingId). */
  pricingId?: string;
  /** The model the provider actually served. */
  model: string;
  usage: Usage;
  /** Runs on the user's machine: never billed. */
  local?: boolean;
  /** Price multiplier applied to `costUsd` (not `listCostUsd`). Default 1. */
  discount?: number;
  /** When the request happened, for prices that changed over time. Default: now. */
  at?: Date | number;
  /**
   * A user-set list price for this provider/model (settings `priceOverrides`).
   * Replaces the genai-prices data (and the local-provider rule); `discount`
   * still applies on top of it.
   */
  override?: PriceOverride;
}

/** $ per million tokens, as set by the user for one provider/model. */
export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Cache reads; default: the input rate. */
  cachedInputPerMTok?: number;
  /** Cache writes; default: the input rate. */
  cacheWritePerMTok?: number;
}

export interface PriceResult {
  /** What the request costs at list price; `null` when the model is unknown. */
  listCostUsd: number | null;
  /** What the request costs after `discount`; `null` when the model is unknown. */
  costUsd: number | null;
  /** Uncached input (total input minus cache reads and writes). */
  inputCostUsd: number | null;
  /** Cache reads plus cache writes, at their own rates. */
  cachedInputCostUsd: number | null;
  /** All output, reasoning included. */
  outputCostUsd: number | null;
  /** The reasoning share of `outputCostUsd` (already included in it). */
  reasoningCostUsd: number | null;
  priced: boolean;
  /** `provider:model` as matched in the price data, e.g. `anthropic:claude-sonnet-4-0`. */
  matchedModel?: string;
}

/**
 * Our provider ids → genai-prices provider ids, where they differ. A spec's own
 * `pricingId` wins over this table. (genai-prices also fuzzy-matches ids such
 * as `gemini` → `google`, but being explicit keeps us independent of that.)
 */
const PRICING_IDS: Readonly<Record<string, string>> = {
  xai: 'x-ai',
  google: 'google',
  gemini: 'google',
  'google-gla': 'google',
  'google-vertex': 'google',
  moonshot: 'moonshotai',
};

/** Providers that run locally and are never billed, even without `local: true`. */
const LOCAL_PROVIDERS = new Set(['ollama', 'lmstudio']);

/** A matched model, wrapped as a one-model provider so pricing it skips the search. */
interface Match {
  provider: Provider;
  model: ModelInfo;
  label: string;
  /** How this model's tokens are priced without `calcPrice` (token-price.ts); null: it can't be; unset: not compiled yet. */
  tokens?: CompiledTokenPricing | null;
}

const MAX_MEMO = 2_000;
const memo = new Map<string, Match | null>();

/** Forget memoised model lookups (tests; or after the price data is updated). */
export function clearPriceCache(): void {
  memo.clear();
}

const ZERO_USAGE = { input_tokens: 0, output_tokens: 0 };

function tryMatch(model: string, providerId?: string): Match | null {
  let res: PriceCalculation | null;
  try {
    res = calcPrice(ZERO_USAGE, model, providerId ? { providerId } : undefined);
  } catch {
    return null;
  }
  if (!res) return null;
  // A provider with just the matched model: `calcPrice(…, { provider })` then
  // matches one model instead of searching hundreds on every request.
  const provider: Provider = { ...res.provider, models: [res.model], fallback_model_providers: undefined };
  return { provider, model: res.model, label: `${res.provider.id}:${res.model.id}` };
}

function lookup(providerId: string, pricingId: string | undefined, model: string): Match | null {
  const key = `${pricingId ?? ''}\u0000${providerId}\u0000${model}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const pid = pricingId ?? PRICING_IDS[providerId] ?? providerId;
  let found = tryMatch(model, pid);
  // Fall back to matching on the model name alone (custom providers, or a
  // provider the price data lacks, serving a well-known model).
  if (!found) found = tryMatch(model);
  if (!found && model.includes('/')) found = tryMatch(model.slice(model.lastIndexOf('/') + 1));
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, found);
  return found;
}

/**
 * The price data's entry for a model (its id, context window, …), or null when
 * unknown. Memoised like pricing itself; routing reads context windows here.
 */
export function pricedModelInfo(providerId: string, pricingId: string | undefined, model: string): ModelInfo | null {
  return lookup(providerId, pricingId, model)?.model ?? null;
}

type Rate = number | { base: number; tiers: Array<{ start: number; price: number }> } | undefined;

/** $/MTok for a price key, honouring tiers (chosen by total input tokens, as genai-prices does). */
function rateOf(price: Record<string, unknown>, key: string, totalInput: number): number | undefined {
  const r = price[key] as Rate;
  if (r === undefined) return undefined;
  if (typeof r === 'number') return r;
  let rate = r.base;
  for (const t of [...r.tiers].sort((a, b) => a.start - b.start)) if (totalInput > t.start) rate = t.price;
  return rate;
}

const nonNeg = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

export function priceUsage(input: PriceInput): PriceResult {
  if (input.override) return priceWithOverride(input, input.override);
  if (input.local || LOCAL_PROVIDERS.has(input.providerId)) return { ...FREE };
  const match = lookup(input.providerId, input.pricingId, input.model);
  if (!match) return { ...UNPRICED };

  // Make the usage self-consistent: genai-prices rejects cache > input.
  const u = input.usage;
  const cacheRead = nonNeg(u.cacheReadTokens);
  const cacheWrite = nonNeg(u.cacheWriteTokens);
  const totalInput = Math.max(nonNeg(u.inputTokens), cacheRead + cacheWrite);
  const output = nonNeg(u.outputTokens);
  const reasoning = Math.min(nonNeg(u.reasoningTokens), output);

  const usage = {
    input_tokens: totalInput,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    output_tokens: output,
    output_reasoning_tokens: reasoning,
  };
  // The memo key includes the model, so a match prices exactly one model name.
  if (match.tokens === undefined) match.tokens = compileTokenPricing(match.provider, input.model);
  let res: Pick<PriceCalculation, 'model_price' | 'input_price' | 'output_price' | 'total_price'> | null;
  try {
    const at = input.at === undefined ? undefined : new Date(input.at);
    res = match.tokens
      ? priceTokens(match.tokens, usage, at ?? new Date())
      : calcPrice(usage, input.model, { provider: match.provider, timestamp: at });
  } catch {
    return { ...UNPRICED, matchedModel: match.label };
  }
  if (!res) return { ...UNPRICED, matchedModel: match.label };

  const mp = res.model_price as Record<string, unknown>;
  const inputRate = rateOf(mp, 'input_mtok', totalInput) ?? 0;
  const readRate = rateOf(mp, 'cache_read_mtok', totalInput) ?? inputRate;
  const writeRate = rateOf(mp, 'cache_write_mtok', totalInput) ?? inputRate;
  const outputRate = rateOf(mp, 'output_mtok', totalInput) ?? 0;
  const reasoningRate = rateOf(mp, 'output_reasoning_mtok', totalInput) ?? outputRate;

  const cached = (cacheRead * readRate + cacheWrite * writeRate) / 1e6;
  const uncached = Math.max(0, res.input_price - cached);
  const reasoningCost = (reasoning * reasoningRate) / 1e6;
  const list = res.total_price;
  const d = input.discount ?? 1;
  const k = Number.isFinite(d) && d >= 0 ? d : 1;
  return {
    listCostUsd: list,
    costUsd: list * k,
    inputCostUsd: uncached * k,
    cachedInputCostUsd: cached * k,
    outputCostUsd: res.output_price * k,
    reasoningCostUsd: reasoningCost * k,
    priced: true,
    matchedModel: match.label,
  };
}

const discountOf = (d: number | undefined) => (d !== undefined && Number.isFinite(d) && d >= 0 ? d : 1);

/** Prices usage at a user-set list price (no tiers, no price history). */
function priceWithOverride(input: PriceInput, o: PriceOverride): PriceResult {
  const u = input.usage;
  const cacheRead = nonNeg(u.cacheReadTokens);
  const cacheWrite = nonNeg(u.cacheWriteTokens);
  const totalInput = Math.max(nonNeg(u.inputTokens), cacheRead + cacheWrite);
  const output = nonNeg(u.outputTokens);
  const reasoning = Math.min(nonNeg(u.reasoningTokens), output);
  const inRate = nonNeg(o.inputPerMTok);
  const outRate = nonNeg(o.outputPerMTok);
  const cached = (cacheRead * nonNeg(o.cachedInputPerMTok ?? inRate) + cacheWrite * nonNeg(o.cacheWritePerMTok ?? inRate)) / 1e6;
  const uncached = ((totalInput - cacheRead - cacheWrite) * inRate) / 1e6;
  const out = (output * outRate) / 1e6;
  const list = uncached + cached + out;
  const k = discountOf(input.discount);
  return {
    listCostUsd: list,
    costUsd: list * k,
    inputCostUsd: uncached * k,
    cachedInputCostUsd: cached * k,
    outputCostUsd: out * k,
    reasoningCostUsd: ((reasoning * outRate) / 1e6) * k,
    priced: true,
    matchedModel: 'override',
  };
}

/** A model's list rates in $/MTok, as the price data has them at `at` (the base tier where prices are tiered). */
export interface ListRates {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number;
  cacheWritePerMTok: number;
  /** Some rate changes with the prompt length (the base tier is shown). */
  tiered: boolean;
  /** `provider:model` as matched in the price data. */
  matchedModel: string;
}

/** The price data's list rates for a model, or null when the model is unknown. Local providers are not special-cased here. */
export function listRates(providerId: string, pricingId: string | undefined, model: string, at?: Date | number): ListRates | null {
  const match = lookup(providerId, pricingId, model);
  if (!match) return null;
  let res: PriceCalculation | null;
  try {
    res = calcPrice(ZERO_USAGE, model, { provider: match.provider, timestamp: at === undefined ? undefined : new Date(at) });
  } catch {
    return null;
  }
  if (!res) return null;
  const mp = res.model_price as Record<string, unknown>;
  const input = rateOf(mp, 'input_mtok', 0) ?? 0;
  return {
    inputPerMTok: input,
    outputPerMTok: rateOf(mp, 'output_mtok', 0) ?? 0,
    cachedInputPerMTok: rateOf(mp, 'cache_read_mtok', 0) ?? input,
    cacheWritePerMTok: rateOf(mp, 'cache_write_mtok', 0) ?? input,
    tiered: ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'].some((k) => typeof mp[k] === 'object' && mp[k] !== null),
    matchedModel: match.label,
  };
}

/** Whether a provider id is one of the always-free local servers. */
export function isLocalProvider(providerId: string): boolean {
  return LOCAL_PROVIDERS.has(providerId);
}

/**
 * A rough token count for text whose usage the provider did not report:
 * ceil(characters / 4). It is an ESTIMATE (real tokenisers vary by model and
 * language); rows priced from it are stored with `usage_estimated = 1`.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
