/**
 * Daily upkeep of the request log, started with the app: body retention
 * (`bodyRetentionDays`), re-keying the roll-up if the time zone changed, and
 * `PRAGMA optimize` (keeps the planner's statistics fresh for the Requests
 * page filters). First run shortly after start-up, then every 24 hours; the
 * timers never keep the process alive.
 */
import type { Database } from 'better-sqlite3';
import { applyBodyRetention } from './retention';
import { ensureRollupZone } from './rollup';

export interface MaintenanceResult {
  rollupRebuilt: boolean;
  bodiesDeleted: number;
}

export async function runMaintenance(db: Database, bodyRetentionDays: number | null, now: number = Date.now()): Promise<MaintenanceResult> {
  const rollupRebuilt = ensureRollupZone(db);
  const bodiesDeleted = await applyBodyRetention(db, bodyRetentionDays, now);
  if (db.open) db.pragma('optimize');
  return { rollupRebuilt, bodiesDeleted };
}

export interface MaintenanceOptions {
  db: Database;
  bodyRetentionDays: () => number | null;
  warn?: (message: string) => void;
  /** Default 10 s after start (keeps one-shot CLI commands fast: they exit before). */
  firstRunDelayMs?: number;
  /** Default 24 h. */
  intervalMs?: number;
}

export interface Maintenance {
  stop(): void;
  /** Runs now (also what the timers call). Never rejects. */
  runNow(): Promise<MaintenanceResult | null>;
}

export function startLogMaintenance(opts: MaintenanceOptions): Maintenance {
  let stopped = false;
  let running: Promise<MaintenanceResult | null> | null = null;
  const runNow = (): Promise<MaintenanceResult | null> => {
    if (stopped || !opts.db.open) return Promise.resolve(null);
    if (running) return running;
    running = runMaintenance(opts.db, opts.bodyRetentionDays())
      .then((r) => {
        if (r.rollupRebuilt) opts.warn?.('The time zone changed: cost roll-ups were rebuilt so days match local time.');
        return r;
      })
      .catch((err: unknown) => {
        if (!stopped && opts.db.open) opts.warn?.(`Log maintenance failed: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const first = setTimeout(() => void runNow(), opts.firstRunDelayMs ?? 10_000);
  const every = setInterval(() => void runNow(), opts.intervalMs ?? 86_400_000);
  first.unref();
  every.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
    runNow,
  };
}
