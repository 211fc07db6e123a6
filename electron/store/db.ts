/**
 * Opens (creating if needed) the Switchboard SQLite database and brings its
 * schema up to date.
 *
 * Durability: the database runs in WAL mode with `synchronous = NORMAL`. In WAL
 * mode a commit appends its frames to the `-wal` file with write(2) before the
 * commit returns; NORMAL only skips the fsync at each commit (SQLite still
 * fsyncs at checkpoints). Written-but-not-fsynced data sits in the OS page
 * cache, which survives the *process* dying — a crash, an uncaught exception,
 * or `kill -9` — so every committed row is recovered on the next open. Only an
 * OS crash or power loss can roll back the last few commits (never corrupt the
 * file). That is the right trade for a request log: commits stay cheap (no fsync
 * per batch) and nothing the proxy finished is lost when the app is killed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../core/errors';
import { MIGRATIONS, type Migration } from './migrations';

export type { Database } from 'better-sqlite3';

/** `PRAGMA application_id` of a Switchboard database: "SWBD". */
export const APPLICATION_ID = 0x53574244;

export interface OpenOptions {
  /** How long a statement waits for another connection's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Open without writing anything (no migrations, no journal-mode change). */
  readonly?: boolean;
  /** For tests: a different migration list. */
  migrations?: readonly Migration[];
}

const isMemory = (path: string) => path === ':memory:' || path === '';

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function notValid(path: string, why: string): UserFacingError {
  return new UserFacingError(`${path} is not a valid Switchboard database: ${why}`);
}

export function openDatabase(path: string, opts: OpenOptions = {}): Database {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (!opts.readonly && !isMemory(path)) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new UserFacingError(`Cannot create the folder for the Switchboard database ${path}: ${message(err)}`);
    }
  }

  let db: Database;
  try {
    db = new BetterSqlite3(path, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (err) {
    throw new UserFacingError(`Cannot open the Switchboard database ${path}: ${message(err)}`);
  }

  try {
    // Read the header before writing anything, so a file that is not ours (or
    // not SQLite at all) is reported and left exactly as it was.
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) {
      throw notValid(path, `it belongs to another application (application_id ${appId})`);
    }
    if (version === 0 && appId === 0) {
      const objects = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).get() as { n: number };
      if (objects.n > 0) throw notValid(path, 'it already holds tables from something else');
    }
    if (version > latest) {
      throw new UserFacingError(
        `The Switchboard database ${path} was written by a newer version of Switchboard ` +
          `(schema v${version}; this version understands up to v${latest}). ` +
          `Update Switchboard, or point it at a different data folder.`,
      );
    }

    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    if (opts.readonly) {
      if (version < latest) {
        throw new UserFacingError(
          `The Switchboard database ${path} is at schema v${version} and needs upgrading to v${latest}; start Switchboard once to upgrade it.`,
        );
      }
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (err) {
    try {
      db.close();
    } catch {
      /* already failing */
    }
    if (err instanceof UserFacingError) throw err;
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code?.startsWith('SQLITE_CORRUPT_')) {
      throw notValid(path, message(err));
    }
    throw new UserFacingError(`Cannot open the Switchboard database ${path}: ${message(err)}`);
  }
}

/**
 * Applies every migration above the database's `user_version`, all in one
 * IMMEDIATE transaction (so two processes starting at once cannot both
 * migrate, and a failed migration leaves the database as it was).
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (
    (db.pragma('user_version', { simple: true }) as number) >= latest &&
    (db.pragma('application_id', { simple: true }) as number) === APPLICATION_ID
  ) {
    return latest; // up to date: no write, no lock
  }
  const run = db.transaction(() => {
    let current = db.pragma('user_version', { simple: true }) as number;
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      current = m.version;
    }
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    return current;
  });
  return run.immediate();
}
