import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../electron/core/errors';
import { APPLICATION_ID, openDatabase } from '../../electron/store/db';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/store/migrations';
import { tempDir } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);

describe('openDatabase', () => {
  it('creates the schema, in WAL mode with the expected pragmas', () => {
    const path = join(dir(), 'nested', 'switchboard.db');
    const db = openDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      // Each feature's migration adds its own tables; these are the log's.
      expect(tables(db)).toEqual(
        expect.arrayContaining(['attempts', 'model_cache', 'request_bodies', 'requests', 'response_cache', 'rollup_daily', 'rollup_daily_dim', 'analytics_meta', 'request_bodies_fts']),
      );
      const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL`).all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes.sort()).toEqual(['requests_counterfactual', 'requests_model_ts', 'requests_provider_ts', 'requests_route_ts', 'requests_source_ts', 'requests_token_ts', 'requests_ts']);
    } finally {
      db.close();
    }
  });

  it('is idempotent: reopening keeps data and re-runs nothing', () => {
    const path = join(dir(), 'sb.db');
    let calls = 0;
    const migrations = [{ ...MIGRATIONS[0]!, up: (d: BetterSqlite3.Database) => (calls++, MIGRATIONS[0]!.up(d)) }];
    const a = openDatabase(path, { migrations });
    a.prepare(`INSERT INTO model_cache VALUES ('openai', 'gpt-4o', 1)`).run();
    a.close();
    const b = openDatabase(path, { migrations });
    expect(calls).toBe(1);
    expect(b.prepare('SELECT count(*) AS n FROM model_cache').get()).toEqual({ n: 1 });
    expect(b.pragma('user_version', { simple: true })).toBe(1);
    b.close();
  });

  it('applies a later migration in a transaction, and rolls back a failing one', () => {
    const path = join(dir(), 'sb.db');
    openDatabase(path).close();
    const next = SCHEMA_VERSION + 1;
    const bad = [...MIGRATIONS, { version: next, name: 'broken', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE extra (x); SELECT * FROM nope;') }];
    expect(() => openDatabase(path, { migrations: bad })).toThrow(UserFacingError);
    const check = new BetterSqlite3(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(tables(check)).not.toContain('extra');
    check.close();
    const good = [...MIGRATIONS, { version: next, name: 'extra', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE extra (x)') }];
    const db = openDatabase(path, { migrations: good });
    expect(db.pragma('user_version', { simple: true })).toBe(next);
    expect(tables(db)).toContain('extra');
    db.close();
  });

  it('refuses a corrupt file, naming it and leaving it untouched', () => {
    const d = dir();
    const path = join(d, 'switchboard.db');
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    writeFileSync(path, garbage);
    let err: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/is not a valid Switchboard database/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a short text file too', () => {
    const path = join(dir(), 'notes.db');
    writeFileSync(path, 'hello, I am not a database\n');
    expect(() => openDatabase(path)).toThrow(/notes\.db is not a valid Switchboard database/);
    expect(readFileSync(path, 'utf8')).toBe('hello, I am not a database\n');
  });

  it("refuses another application's SQLite database", () => {
    const path = join(dir(), 'other.db');
    const other = new BetterSqlite3(path);
    other.exec('CREATE TABLE requests (x)');
    other.close();
    expect(() => openDatabase(path)).toThrow(/other\.db is not a valid Switchboard database: it already holds tables/);
  });

  it('refuses a database from a newer Switchboard with a clear error', () => {
    const path = join(dir(), 'sb.db');
    const db = openDatabase(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(UserFacingError);
    expect(() => openDatabase(path)).toThrow(`newer version of Switchboard (schema v${SCHEMA_VERSION + 5}; this version understands up to v${SCHEMA_VERSION})`);
  });

  it('opens read-only without writing', () => {
    const path = join(dir(), 'sb.db');
    openDatabase(path).close();
    const ro = openDatabase(path, { readonly: true });
    expect(() => ro.prepare(`INSERT INTO model_cache VALUES ('a', 'b', 1)`).run()).toThrow(/readonly/i);
    ro.close();
  });
});
