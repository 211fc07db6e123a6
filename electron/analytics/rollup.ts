/**
 * Upkeep of the derived tables the triggers maintain (store/migrations.ts,
 * "costs analytics"): the daily roll-up and the body search index.
 */
import type { Database } from 'better-sqlite3';
import { RAW_DAY, RAW_SELECT } from './sql';

const ZONE_SQL = `SELECT strftime('%Y-%m-%dT%H:%M', 1704067200, 'unixepoch', 'localtime') || ' ' ||
  strftime('%Y-%m-%dT%H:%M', 1719792000, 'unixepoch', 'localtime') AS zone`;

/** How SQLite's `localtime` sees this machine's zone (its offsets in January and July). */
export function zoneFingerprint(db: Database): string {
  return (db.prepare(ZONE_SQL).get() as { zone: string }).zone;
}

/** Column order of `rollup_daily`, mapped from the measures of sql.ts. */
const REBUILD_SQL = `INSERT INTO rollup_daily (
  day, provider, model, token, route, source, requests, errors, unpriced, cache_hits, routed,
  input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
  cost, list_cost, cost_input, cost_cached, cost_output, cost_reasoning, saved, routed_cost, counterfactual_cost)
SELECT day, provider, model, token, route, source, requests, errors, unpriced, cacheHits, routed,
  inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, reasoningTokens,
  cost, listCost, costInput, costCached, costOutput, costReasoning, saved, routedCost, counterfactualCost
FROM (
  SELECT ${RAW_DAY} AS day, COALESCE(provider, '') AS provider, COALESCE(served_model, '') AS model,
    COALESCE(token_name, '') AS token, COALESCE(route, '') AS route, COALESCE(source, '') AS source, ${RAW_SELECT}
  FROM requests GROUP BY 1, 2, 3, 4, 5, 6
)`;

const MEASURE_COLUMNS = `requests, errors, unpriced, cache_hits, routed, input_tokens, cache_read_tokens, cache_write_tokens,
  output_tokens, reasoning_tokens, cost, list_cost, cost_input, cost_cached, cost_output, cost_reasoning, saved, routed_cost, counterfactual_cost`;
const SUMS = MEASURE_COLUMNS.split(',')
  .map((c) => `SUM(${c.trim()})`)
  .join(', ');
const DIM_REBUILD = [
  `SELECT 'model', day, provider, model, ${SUMS} FROM rollup_daily GROUP BY day, provider, model`,
  `SELECT 'token', day, token, '', ${SUMS} FROM rollup_daily GROUP BY day, token`,
  `SELECT 'route', day, route, '', ${SUMS} FROM rollup_daily GROUP BY day, route`,
  `SELECT 'source', day, source, '', ${SUMS} FROM rollup_daily GROUP BY day, source`,
].map((q) => `INSERT INTO rollup_daily_dim (dim, day, key, sub, ${MEASURE_COLUMNS}) ${q}`);

/** Recomputes both roll-ups from `requests` (seconds per million rows). */
export function rebuildRollups(db: Database): void {
  db.transaction(() => {
    db.exec('DELETE FROM rollup_daily');
    db.exec('DELETE FROM rollup_daily_dim');
    db.exec(REBUILD_SQL);
    for (const q of DIM_REBUILD) db.exec(q);
    db.prepare(`INSERT OR REPLACE INTO analytics_meta (key, value) VALUES ('rollup_tz', (${ZONE_SQL}))`).run();
  }).immediate();
}

/**
 * Day keys are local days: if the machine's time zone changed since the
 * roll-up was built, rebuild it so days line up with the new zone (and with
 * the budgets). Returns true when it rebuilt.
 */
export function ensureRollupZone(db: Database): boolean {
  const stored = db.prepare(`SELECT value FROM analytics_meta WHERE key = 'rollup_tz'`).get() as { value: string } | undefined;
  if (stored?.value === zoneFingerprint(db)) return false;
  rebuildRollups(db);
  return true;
}

/** Drops roll-up rows that netted to nothing (after deletes). */
export function compactRollups(db: Database): number {
  return db.prepare('DELETE FROM rollup_daily WHERE requests = 0').run().changes + db.prepare('DELETE FROM rollup_daily_dim WHERE requests = 0').run().changes;
}

/** Rebuilds the body search index from `request_bodies` (e.g. after a VACUUM renumbered rowids). */
export function rebuildSearchIndex(db: Database): void {
  db.exec(`INSERT INTO request_bodies_fts (request_bodies_fts) VALUES ('rebuild')`);
}

/**
 * Bulk loading (the seed script): runs `load` with the roll-up triggers
 * dropped, then rebuilds the roll-ups from the rows in one pass and puts the
 * triggers back — much faster than maintaining them row by row. Only for a
 * database no one else is writing to.
 */
export function withRollupsDeferred<T>(db: Database, load: () => T): T {
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'requests_rollup_%'`)
    .all() as Array<{ name: string; sql: string }>;
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  try {
    return load();
  } finally {
    for (const t of triggers) db.exec(t.sql);
    rebuildRollups(db);
  }
}
