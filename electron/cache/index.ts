export { cacheKey, canonicalJson, IGNORED_FIELDS, MAX_DEPTH, normalizeBody, type KeyOptions } from './key';
export {
  applyPromptCaching,
  countBreakpoints,
  MAX_CACHE_BREAKPOINTS,
  minCacheableTokens,
  promptCacheSaving,
  promptCacheSavingForRow,
  type PromptCacheSaving,
  type PromptCachingOptions,
} from './prompt-caching';
export {
  CACHE_HEADER,
  cacheDirective,
  isComplete,
  ResponseCache,
  sseEvents,
  type CacheDirective,
  type CachedResponse,
  type CacheEntry,
  type CacheLookup,
  type CacheStats,
  type LookupOptions,
  type ResponseCacheOptions,
} from './response-cache';
