import { join } from 'node:path';
import { openDatabase, type Database } from '../../electron/store/db';
import { LogWriter, recordPricer, type Pricer, type ProviderPricing } from '../../electron/store/log-writer';
import type { RequestRecord } from '../../electron/store/types';
import { makeRecord, tempDir } from '../store/helpers';

export { makeRecord, tempDir };

export interface TestDb {
  db: Database;
  dir: string;
  path: string;
  cleanup: () => void;
}

export function openTestDb(): TestDb {
  const t = tempDir();
  const path = join(t.dir, 'switchboard.db');
  const db = openDatabase(path);
  return {
    db,
    dir: t.dir,
    path,
    cleanup: () => {
      if (db.open) db.close();
      t.cleanup();
    },
  };
}

/** A pricer over genai-prices with fixed discounts (anthropic 0.5), like the app's. */
export function testPricer(discounts: Record<string, number> = { anthropic: 0.5 }, overrides: Record<string, { inputPerMTok: number; outputPerMTok: number; cachedInputPerMTok?: number }> = {}): Pricer {
  return recordPricer((id): ProviderPricing => ({
    discount: discounts[id] ?? 1,
    priceOverride: (model) => overrides[`${id}/${model}`],
  }));
}

export function write(db: Database, records: RequestRecord[], price: Pricer = testPricer()): void {
  const writer = new LogWriter(db, { price, warn: () => {}, batchSize: 1_000, maxQueue: Math.max(1, records.length) });
  for (const r of records) writer.enqueue(r);
  writer.close();
}

/** Local noon of a day `n` days from a fixed local date (timezone-proof timestamps). */
export function localNoon(y: number, m: number, d: number, hour = 12): number {
  return new Date(y, m - 1, d, hour).getTime();
}

export const usage = (inputTokens: number, outputTokens: number, extra: Partial<{ cacheReadTokens: number; cacheWriteTokens: number; reasoningTokens: number }> = {}) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens: extra.cacheReadTokens ?? 0,
  cacheWriteTokens: extra.cacheWriteTokens ?? 0,
  reasoningTokens: extra.reasoningTokens ?? 0,
});
