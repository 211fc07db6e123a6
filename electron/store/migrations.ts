import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, in order. Migration N brings the database to
 * `PRAGMA user_version = N`. Never edit a released migration: append one.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

const V1 = `
CREATE TABLE requests (
  id                    TEXT PRIMARY KEY,
  ts                    INTEGER NOT NULL,
  client_format         TEXT NOT NULL,
  endpoint              TEXT NOT NULL,
  token_name            TEXT,
  source                TEXT NOT NULL DEFAULT 'proxy',
  requested_model       TEXT,
  route                 TEXT,
  provider              TEXT,
  served_model          TEXT,
  status                INTEGER,
  error_type            TEXT,
  error_message         TEXT,
  stream                INTEGER NOT NULL DEFAULT 0,
  latency_ms            REAL,
  ttft_ms               REAL,
  input_tokens          INTEGER,
  output_tokens         INTEGER,
  cache_read_tokens     INTEGER,
  cache_write_tokens    INTEGER,
  reasoning_tokens      INTEGER,
  usage_estimated       INTEGER NOT NULL DEFAULT 0,
  cost_usd              REAL,
  list_cost_usd         REAL,
  cost_input_usd        REAL,
  cost_cached_input_usd REAL,
  cost_output_usd       REAL,
  cost_reasoning_usd    REAL,
  priced                INTEGER NOT NULL DEFAULT 0,
  cache_hit             INTEGER NOT NULL DEFAULT 0,
  saved_usd             REAL,
  partial               INTEGER NOT NULL DEFAULT 0,
  attempts              INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_ts          ON requests (ts);
CREATE INDEX requests_provider_ts ON requests (provider, ts);
CREATE INDEX requests_token_ts    ON requests (token_name, ts);
CREATE INDEX requests_model_ts    ON requests (served_model, ts);
CREATE INDEX requests_route_ts    ON requests (route, ts);
CREATE INDEX requests_source_ts   ON requests (source, ts);

-- Bodies live apart so retention can drop them and keep the metrics.
CREATE TABLE request_bodies (
  request_id      TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  request_headers TEXT,
  request_body    TEXT,
  response_body   TEXT
);

CREATE TABLE attempts (
  request_id    TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  provider      TEXT NOT NULL,
  model         TEXT NOT NULL,
  status        INTEGER,
  error         TEXT,
  latency_ms    REAL,
  ttft_ms       REAL,
  outcome       TEXT NOT NULL,
  reason        TEXT,
  input_tokens  INTEGER,
  output_tokens INTEGER,
  cost_usd      REAL,
  PRIMARY KEY (request_id, seq)
);

CREATE TABLE model_cache (
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (provider, model)
);
`;

/**
 * The response cache (electron/cache/response-cache.ts). One row per
 * canonical request hash; `output` is exactly what the client received, in
 * its wire format (SSE text for streams). `last_used_at` orders LRU eviction;
 * `expires_at` is the TTL.
 */
const V2_RESPONSE_CACHE = `
CREATE TABLE response_cache (
  key           TEXT PRIMARY KEY,
  client_format TEXT NOT NULL,
  stream        INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  output        TEXT NOT NULL,
  provider      TEXT,
  model         TEXT,
  usage         TEXT,
  cost_usd      REAL,
  bytes         INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL,
  hits          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX response_cache_lru     ON response_cache (last_used_at);
CREATE INDEX response_cache_expires ON response_cache (expires_at);
`;

/**
 * Compare (issue 6): A/B experiments judged by an LLM. Every row carries a
 * status so a run resumes after a restart without repeating finished calls.
 * `compare_calls` holds one row per HTTP call made through the proxy (its
 * `request_id` joins the request log).
 */
const V_COMPARE = `
CREATE TABLE compare_experiments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  status      TEXT NOT NULL,
  config      TEXT NOT NULL,
  message     TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER
);
CREATE TABLE compare_items (
  experiment_id TEXT NOT NULL REFERENCES compare_experiments (id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  prompt        TEXT NOT NULL,
  system        TEXT,
  reference     TEXT,
  origin        TEXT,
  PRIMARY KEY (experiment_id, idx)
);
CREATE TABLE compare_answers (
  experiment_id TEXT NOT NULL REFERENCES compare_experiments (id) ON DELETE CASCADE,
  item_idx      INTEGER NOT NULL,
  candidate     INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending',
  text          TEXT,
  error         TEXT,
  request_id    TEXT,
  served_model  TEXT,
  latency_ms    REAL,
  input_tokens  INTEGER,
  output_tokens INTEGER,
  cost_usd      REAL,
  updated_at    INTEGER,
  PRIMARY KEY (experiment_id, item_idx, candidate)
);
CREATE TABLE compare_judgements (
  experiment_id TEXT NOT NULL REFERENCES compare_experiments (id) ON DELETE CASCADE,
  item_idx      INTEGER NOT NULL,
  cand_a        INTEGER NOT NULL,
  cand_b        INTEGER NOT NULL,
  ord           TEXT NOT NULL CHECK (ord IN ('ab', 'ba')),
  status        TEXT NOT NULL DEFAULT 'pending',
  verdict       TEXT,
  winner        TEXT,
  reasoning     TEXT,
  raw           TEXT,
  error         TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER,
  PRIMARY KEY (experiment_id, item_idx, cand_a, cand_b, ord)
);
CREATE TABLE compare_overrides (
  experiment_id TEXT NOT NULL REFERENCES compare_experiments (id) ON DELETE CASCADE,
  item_idx      INTEGER NOT NULL,
  cand_a        INTEGER NOT NULL,
  cand_b        INTEGER NOT NULL,
  verdict       TEXT NOT NULL CHECK (verdict IN ('a', 'b', 'tie')),
  note          TEXT,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (experiment_id, item_idx, cand_a, cand_b)
);
CREATE TABLE compare_calls (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  experiment_id TEXT NOT NULL REFERENCES compare_experiments (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('answer', 'judge')),
  item_idx      INTEGER NOT NULL,
  candidate     INTEGER,
  cand_a        INTEGER,
  cand_b        INTEGER,
  ord           TEXT,
  model         TEXT NOT NULL,
  request_id    TEXT,
  status        INTEGER,
  ok            INTEGER NOT NULL,
  latency_ms    REAL,
  input_tokens  INTEGER,
  output_tokens INTEGER,
  cost_usd      REAL,
  ts            INTEGER NOT NULL
);
CREATE INDEX compare_calls_experiment ON compare_calls (experiment_id, kind);
`;

/**
 * Costs & Requests (issue 7).
 *  - `counterfactual_*`: for auto-routed calls, the model the client asked for
 *    and what the same usage would have cost on it (priced by the LogWriter).
 *  - `rollup_daily`: per local calendar day × provider × served model × client
 *    token × route × source, the sums the Costs page charts; used for filtered
 *    views. `rollup_daily_dim`: the same per day and ONE dimension (`model` —
 *    keyed by provider, sub-keyed by model —, `token`, `route`, `source`), a
 *    few dozen rows per day, for the unfiltered views and single-dimension
 *    filters. NULL dimensions are stored as ''.
 *    Both are kept exact by triggers on `requests` (insert, delete, and updates
 *    of the rolled-up columns), so every writer — the LogWriter, price
 *    recomputes, retention — keeps them in step with no code of its own.
 *    `day` is SQLite's `localtime` day; `analytics_meta.rollup_tz`
 *    fingerprints the zone it was built in (the app rebuilds the roll-ups if
 *    the zone changes).
 *  - `request_bodies_fts`: full-text index over stored bodies (external
 *    content: the text is not stored twice), kept by triggers.
 */
const ROLLUP_MEASURES = `requests, errors, unpriced, cache_hits, routed,
  input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
  cost, list_cost, cost_input, cost_cached, cost_output, cost_reasoning, saved, routed_cost, counterfactual_cost`;

const ROLLUP_MEASURE_COLUMNS = `
  requests            INTEGER NOT NULL,
  errors              INTEGER NOT NULL,
  unpriced            INTEGER NOT NULL,
  cache_hits          INTEGER NOT NULL,
  routed              INTEGER NOT NULL,
  input_tokens        INTEGER NOT NULL,
  cache_read_tokens   INTEGER NOT NULL,
  cache_write_tokens  INTEGER NOT NULL,
  output_tokens       INTEGER NOT NULL,
  reasoning_tokens    INTEGER NOT NULL,
  cost                REAL NOT NULL,
  list_cost           REAL NOT NULL,
  cost_input          REAL NOT NULL,
  cost_cached         REAL NOT NULL,
  cost_output         REAL NOT NULL,
  cost_reasoning      REAL NOT NULL,
  saved               REAL NOT NULL,
  routed_cost         REAL NOT NULL,
  counterfactual_cost REAL NOT NULL`;

/** One row's measures (negated for OLD rows), in ROLLUP_MEASURES order. */
function rollupValues(row: 'NEW' | 'OLD', sign: '' | '-'): string {
  const v = (expr: string) => (sign ? `-(${expr})` : expr);
  const hit = `${row}.cache_hit = 1`;
  const routed = `${row}.counterfactual_cost_usd IS NOT NULL AND ${row}.cache_hit = 0`;
  return [
    v('1'),
    v(`${row}.status IS NULL OR ${row}.status >= 400`),
    v(`${row}.priced = 0`),
    v(hit),
    v(routed),
    ...['input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens'].map((c) => v(`COALESCE(${row}.${c}, 0)`)),
    ...['cost_usd', 'list_cost_usd', 'cost_input_usd', 'cost_cached_input_usd', 'cost_output_usd', 'cost_reasoning_usd'].map((c) => v(`COALESCE(${row}.${c}, 0)`)),
    v(`CASE WHEN ${hit} THEN COALESCE(${row}.saved_usd, 0) ELSE 0 END`),
    v(`CASE WHEN ${routed} THEN COALESCE(${row}.cost_usd, 0) ELSE 0 END`),
    v(`CASE WHEN ${routed} THEN ${row}.counterfactual_cost_usd ELSE 0 END`),
  ].join(', ');
}

const ROLLUP_ADD = ROLLUP_MEASURES.split(',')
  .map((c) => c.trim())
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ');

/** Adds (or, with sign '-', removes) one row in both roll-ups. */
function rollupUpserts(row: 'NEW' | 'OLD', sign: '' | '-'): string {
  const day = `date(${row}.ts / 1000, 'unixepoch', 'localtime')`;
  const d = (c: string) => `COALESCE(${row}.${c}, '')`;
  const values = rollupValues(row, sign);
  const upsert = (table: string, keyCols: string, keys: string) =>
    `INSERT INTO ${table} (${keyCols}, ${ROLLUP_MEASURES}) VALUES (${keys}, ${values}) ON CONFLICT DO UPDATE SET ${ROLLUP_ADD};`;
  return [
    upsert('rollup_daily', 'day, provider, model, token, route, source', `${day}, ${d('provider')}, ${d('served_model')}, ${d('token_name')}, ${d('route')}, ${d('source')}`),
    upsert('rollup_daily_dim', 'dim, day, key, sub', `'model', ${day}, ${d('provider')}, ${d('served_model')}`),
    upsert('rollup_daily_dim', 'dim, day, key, sub', `'token', ${day}, ${d('token_name')}, ''`),
    upsert('rollup_daily_dim', 'dim, day, key, sub', `'route', ${day}, ${d('route')}, ''`),
    upsert('rollup_daily_dim', 'dim, day, key, sub', `'source', ${day}, ${d('source')}, ''`),
  ].join('\n  ');
}

/** The rolled-up columns of `requests`: an UPDATE touching any of them moves the row's totals. */
const ROLLUP_SOURCE_COLUMNS =
  'ts, provider, served_model, token_name, route, source, status, priced, cache_hit, input_tokens, cache_read_tokens, ' +
  'cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, list_cost_usd, cost_input_usd, cost_cached_input_usd, ' +
  'cost_output_usd, cost_reasoning_usd, saved_usd, counterfactual_cost_usd';

const SUM_MEASURES = ROLLUP_MEASURES.split(',')
  .map((c) => c.trim())
  .map((c) => `SUM(${c})`)
  .join(', ');

const V_ANALYTICS = `
ALTER TABLE requests ADD COLUMN counterfactual_provider TEXT;
ALTER TABLE requests ADD COLUMN counterfactual_model TEXT;
ALTER TABLE requests ADD COLUMN counterfactual_cost_usd REAL;
CREATE INDEX requests_counterfactual ON requests (counterfactual_provider, counterfactual_model) WHERE counterfactual_model IS NOT NULL;

CREATE TABLE rollup_daily (
  day      TEXT NOT NULL,
  provider TEXT NOT NULL,
  model    TEXT NOT NULL,
  token    TEXT NOT NULL,
  route    TEXT NOT NULL,
  source   TEXT NOT NULL,${ROLLUP_MEASURE_COLUMNS},
  PRIMARY KEY (day, provider, model, token, route, source)
) WITHOUT ROWID;

CREATE TABLE rollup_daily_dim (
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  key TEXT NOT NULL,
  sub TEXT NOT NULL,${ROLLUP_MEASURE_COLUMNS},
  PRIMARY KEY (dim, day, key, sub)
) WITHOUT ROWID;

CREATE TABLE analytics_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TRIGGER requests_rollup_insert AFTER INSERT ON requests BEGIN
  ${rollupUpserts('NEW', '')}
END;
CREATE TRIGGER requests_rollup_delete AFTER DELETE ON requests BEGIN
  ${rollupUpserts('OLD', '-')}
END;
CREATE TRIGGER requests_rollup_update AFTER UPDATE OF ${ROLLUP_SOURCE_COLUMNS} ON requests BEGIN
  ${rollupUpserts('OLD', '-')}
  ${rollupUpserts('NEW', '')}
END;

INSERT INTO rollup_daily (day, provider, model, token, route, source, ${ROLLUP_MEASURES})
SELECT date(ts / 1000, 'unixepoch', 'localtime'), COALESCE(provider, ''), COALESCE(served_model, ''), COALESCE(token_name, ''),
  COALESCE(route, ''), COALESCE(source, ''),
  COUNT(*), TOTAL(status IS NULL OR status >= 400), TOTAL(priced = 0), TOTAL(cache_hit = 1), 0,
  TOTAL(input_tokens), TOTAL(cache_read_tokens), TOTAL(cache_write_tokens), TOTAL(output_tokens), TOTAL(reasoning_tokens),
  TOTAL(cost_usd), TOTAL(list_cost_usd), TOTAL(cost_input_usd), TOTAL(cost_cached_input_usd), TOTAL(cost_output_usd),
  TOTAL(cost_reasoning_usd), TOTAL(CASE WHEN cache_hit = 1 THEN saved_usd END), 0, 0
FROM requests GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO rollup_daily_dim (dim, day, key, sub, ${ROLLUP_MEASURES})
  SELECT 'model', day, provider, model, ${SUM_MEASURES} FROM rollup_daily GROUP BY day, provider, model;
INSERT INTO rollup_daily_dim (dim, day, key, sub, ${ROLLUP_MEASURES})
  SELECT 'token', day, token, '', ${SUM_MEASURES} FROM rollup_daily GROUP BY day, token;
INSERT INTO rollup_daily_dim (dim, day, key, sub, ${ROLLUP_MEASURES})
  SELECT 'route', day, route, '', ${SUM_MEASURES} FROM rollup_daily GROUP BY day, route;
INSERT INTO rollup_daily_dim (dim, day, key, sub, ${ROLLUP_MEASURES})
  SELECT 'source', day, source, '', ${SUM_MEASURES} FROM rollup_daily GROUP BY day, source;

INSERT INTO analytics_meta (key, value) VALUES ('rollup_tz',
  strftime('%Y-%m-%dT%H:%M', 1704067200, 'unixepoch', 'localtime') || ' ' || strftime('%Y-%m-%dT%H:%M', 1719792000, 'unixepoch', 'localtime'));

CREATE VIRTUAL TABLE request_bodies_fts USING fts5(
  request_body, response_body, content = 'request_bodies', content_rowid = 'rowid'
);
CREATE TRIGGER request_bodies_fts_insert AFTER INSERT ON request_bodies BEGIN
  INSERT INTO request_bodies_fts (rowid, request_body, response_body) VALUES (NEW.rowid, NEW.request_body, NEW.response_body);
END;
CREATE TRIGGER request_bodies_fts_delete AFTER DELETE ON request_bodies BEGIN
  INSERT INTO request_bodies_fts (request_bodies_fts, rowid, request_body, response_body)
  VALUES ('delete', OLD.rowid, OLD.request_body, OLD.response_body);
END;
CREATE TRIGGER request_bodies_fts_update AFTER UPDATE OF request_body, response_body ON request_bodies BEGIN
  INSERT INTO request_bodies_fts (request_bodies_fts, rowid, request_body, response_body)
  VALUES ('delete', OLD.rowid, OLD.request_body, OLD.response_body);
  INSERT INTO request_bodies_fts (rowid, request_body, response_body) VALUES (NEW.rowid, NEW.request_body, NEW.response_body);
END;
INSERT INTO request_bodies_fts (request_bodies_fts) VALUES ('rebuild');
`;

/** Race (issue 5): races, their turns and every column's answer per turn (electron/race/store.ts). */
const V_RACE = `
CREATE TABLE races (
  id          TEXT PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  title       TEXT NOT NULL,
  system      TEXT,
  temperature REAL,
  max_tokens  INTEGER,
  contestants TEXT NOT NULL
);
CREATE INDEX races_created ON races (created_at);

CREATE TABLE race_turns (
  race_id     TEXT NOT NULL REFERENCES races (id) ON DELETE CASCADE,
  turn        INTEGER NOT NULL,
  prompt      TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]',
  created_at  INTEGER NOT NULL,
  winner      INTEGER,
  vote        INTEGER,
  PRIMARY KEY (race_id, turn)
);

CREATE TABLE race_answers (
  race_id         TEXT NOT NULL,
  turn            INTEGER NOT NULL,
  col             INTEGER NOT NULL,
  contestant      TEXT NOT NULL,
  kind            TEXT NOT NULL DEFAULT 'model',
  status          TEXT NOT NULL,
  text            TEXT NOT NULL DEFAULT '',
  error           TEXT,
  error_status    INTEGER,
  finish_reason   TEXT,
  request_id      TEXT,
  provider        TEXT,
  served_model    TEXT,
  ttft_ms         REAL,
  latency_ms      REAL,
  tokens_per_sec  REAL,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  usage_estimated INTEGER NOT NULL DEFAULT 0,
  cost_usd        REAL,
  finish_rank     INTEGER,
  PRIMARY KEY (race_id, turn, col),
  FOREIGN KEY (race_id, turn) REFERENCES race_turns (race_id, turn) ON DELETE CASCADE
);
CREATE INDEX race_answers_contestant ON race_answers (contestant);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(V1) },
  { version: 2, name: 'response cache', up: (db) => db.exec(V2_RESPONSE_CACHE) },
  { version: 3, name: 'compare experiments', up: (db) => db.exec(V_COMPARE) },
  { version: 4, name: 'costs analytics: roll-ups, body search, counterfactual cost', up: (db) => db.exec(V_ANALYTICS) },
  { version: 5, name: 'race history', up: (db) => db.exec(V_RACE) },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
