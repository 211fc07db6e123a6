/**
 * The request log's writer (log-batch-writer.ts) and its standard pricer.
 * Kept apart so the log's writer thread (log-worker.ts), which receives rows
 * already priced, doesn't load the pricing tables (~19 MB).
 */
import { priceUsage, type PriceOverride } from '../pricing/price';
import { FREE, UNPRICED } from '../pricing/price-results';
import type { Pricer } from './log-batch-writer';

export * from './log-batch-writer';

export interface ProviderPricing {
  pricingId?: string;
  local?: boolean;
  /** Multiplier on list price for this provider (default 1). */
  discount?: number;
  /** The user's list-price override for one of this provider's models (settings `priceOverrides`). */
  priceOverride?: (model: string) => PriceOverride | undefined;
}

/**
 * The standard pricing function for a LogWriter: prices the served model with
 * `priceUsage`, looking each provider up (e.g. in the provider catalog) for its
 * genai-prices id, local flag and discount. A failed request with no usage is
 * not billed (0); a successful one with no usage is unpriced (null).
 */
export function recordPricer(resolve: (providerId: string) => ProviderPricing | undefined): Pricer {
  return (r) => {
    if (!r.usage) {
      return r.status >= 400 || r.cacheHit
        ? { ...FREE }
        : { ...UNPRICED };
    }
    const model = r.servedModel ?? r.requestedModel;
    if (!r.provider || !model) return { ...UNPRICED };
    const spec = resolve(r.provider);
    return priceUsage({
      providerId: r.provider,
      pricingId: spec?.pricingId,
      local: spec?.local,
      discount: spec?.discount,
      override: spec?.priceOverride?.(model),
      model,
      usage: r.usage,
      at: r.ts,
    });
  };
}
