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

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(V1) },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
