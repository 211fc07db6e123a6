export { openDatabase, migrate, APPLICATION_ID, type Database, type OpenOptions } from './db';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
export { LogWriter, recordPricer, type LogWriterOptions, type LogWriterStats, type Pricer, type ProviderPricing } from './log-writer';
export { recentRequests, getRequest, cacheModels, cachedModels, spendSince, pruneBefore, type SpendFilter } from './queries';
export { redactHeaders, isSensitiveHeader, REDACTED } from './redact';
export type * from './types';
