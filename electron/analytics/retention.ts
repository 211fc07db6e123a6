/**
 * Retention: drop stored bodies older than N days (metrics stay: the requests
 * row, its attempts and the roll-up are untouched), a manual purge of bodies
 * or whole requests before a date, and the storage report. Deletes run in
 * batches with a yield between them so the proxy keeps logging.
 */
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { compactRollups } from './rollup';
import { DAY_MS } from './days';

const BATCH = 2_000;
const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Deletes bodies of requests older than `beforeMs`. Returns how many. Walks
 * the bodies (oldest first), not the requests: after the first purge most old
 * requests have no body, and walking them would cost every batch a full scan.
 */
export async function purgeBodies(db: Database, beforeMs: number, batch = BATCH): Promise<number> {
  const del = db.prepare(
    `DELETE FROM request_bodies WHERE rowid IN (
       SELECT b.rowid FROM request_bodies b CROSS JOIN requests r ON r.id = b.request_id WHERE r.ts < ? LIMIT ?)`,
  );
  let total = 0;
  for (;;) {
    const n = del.run(beforeMs, batch).changes;
    total += n;
    if (n < batch) return total;
    await tick();
  }
}

/** Deletes whole requests (attempts, bodies; the roll-up follows) older than `beforeMs`. */
export async function purgeRequests(db: Database, beforeMs: number, batch = BATCH): Promise<number> {
  const del = db.prepare(`DELETE FROM requests WHERE rowid IN (SELECT rowid FROM requests WHERE ts < ? ORDER BY ts LIMIT ?)`);
  let total = 0;
  for (;;) {
    const n = del.run(beforeMs, batch).changes;
    total += n;
    if (n < batch) break;
    await tick();
  }
  if (total > 0) compactRollups(db);
  return total;
}

/** Applies `bodyRetentionDays` (null: keep forever). Returns the bodies deleted. */
export async function applyBodyRetention(db: Database, days: number | null, now: number = Date.now()): Promise<number> {
  if (days === null || !(days > 0)) return 0;
  return purgeBodies(db, now - days * DAY_MS);
}

export interface StorageReport {
  path: string;
  /** Database file plus its WAL. */
  bytes: number;
  /** Pages SQLite holds free for reuse (deleted data; the file does not shrink). */
  freeBytes: number;
  requests: number;
  bodies: number;
  /** (bytes − freeBytes) per million logged requests, at this database's mix of bodies. */
  bytesPerMillionRequests: number | null;
  /** Per table and index, when asked for (reads every page: slow on big logs). */
  tables: Array<{ name: string; bytes: number }> | null;
}

export function storageReport(db: Database, dbPath: string, detailed = false): StorageReport {
  const size = (p: string) => {
    try {
      return fs.statSync(p).size;
    } catch {
      return 0;
    }
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const free = (db.pragma('freelist_count', { simple: true }) as number) * pageSize;
  const bytes = size(dbPath) + size(`${dbPath}-wal`);
  const requests = (db.prepare(`SELECT TOTAL(requests) AS n FROM rollup_daily_dim WHERE dim = 'source'`).get() as { n: number }).n;
  const bodies = (db.prepare('SELECT COUNT(*) AS n FROM request_bodies').get() as { n: number }).n;
  let tables: StorageReport['tables'] = null;
  if (detailed) {
    tables = (db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as Array<{ name: string; bytes: number }>).filter(
      (t) => t.bytes > 0,
    );
  }
  return {
    path: dbPath,
    bytes,
    freeBytes: free,
    requests,
    bodies,
    bytesPerMillionRequests: requests > 0 ? Math.round(((bytes - free) / requests) * 1e6) : null,
    tables,
  };
}
