/**
 * The two fixed price results: no known price, and free (local models, cache
 * hits). Kept apart from price.ts so the log's writer thread can use them
 * without loading the genai-prices tables (the type import below is erased).
 */
import type { PriceResult } from './price';

/** No known price: every cost null, never silently 0. */
export const UNPRICED: PriceResult = Object.freeze({
  listCostUsd: null,
  costUsd: null,
  inputCostUsd: null,
  cachedInputCostUsd: null,
  outputCostUsd: null,
  reasoningCostUsd: null,
  priced: false,
});

/** Billed nothing: local providers, and what a response-cache hit costs. */
export const FREE: PriceResult = Object.freeze({
  listCostUsd: 0,
  costUsd: 0,
  inputCostUsd: 0,
  cachedInputCostUsd: 0,
  outputCostUsd: 0,
  reasoningCostUsd: 0,
  priced: true,
});
