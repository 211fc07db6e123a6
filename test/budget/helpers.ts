import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetGuard, type BudgetAlert } from '../../electron/budget/guard';
import type { PriceResult } from '../../electron/pricing/price';
import { openDatabase, type Database } from '../../electron/store/db';
import { LogWriter } from '../../electron/store/log-writer';
import type { RequestRecord } from '../../electron/store/types';
import type { Budget, BurnRate } from '../../shared/settings';

export function price(cost: number | null): PriceResult {
  return {
    listCostUsd: cost,
    costUsd: cost,
    inputCostUsd: cost,
    cachedInputCostUsd: 0,
    outputCostUsd: 0,
    reasoningCostUsd: 0,
    priced: cost !== null,
  };
}

let n = 0;
/** A log row whose price is `cost` (carried in `requestedModel` for the fixed pricer below). */
export function row(ts: number, cost: number, over: Partial<RequestRecord> = {}): RequestRecord {
  n++;
  return {
    id: `req_budget_${process.pid}_${n}`,
    ts,
    clientFormat: 'openai',
    endpoint: 'chat',
    tokenName: 'ide',
    source: 'proxy',
    requestedModel: `cost:${cost}`,
    route: null,
    provider: 'openai',
    servedModel: 'gpt-4o',
    status: 200,
    errorType: null,
    errorMessage: null,
    stream: false,
    latencyMs: 10,
    ttftMs: null,
    usage: { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    cacheHit: false,
    savedUsd: null,
    partial: false,
    attempts: [],
    ...over,
  };
}

export interface Harness {
  db: Database;
  writer: LogWriter;
  guard: BudgetGuard;
  alerts: BudgetAlert[];
  budgets: Budget[];
  burn: { value: BurnRate | null };
  clock: { now: number };
  /** Logs rows through the real LogWriter (so the onWritten hook runs) and flushes. */
  log(...rows: RequestRecord[]): void;
  /** A new guard over the same database (as after a restart). */
  restart(): BudgetGuard;
  setBudgets(b: Budget[]): void;
}

const cleanups: Array<() => void> = [];
export function cleanup(): void {
  while (cleanups.length) cleanups.pop()!();
}

export function harness(opts: { now: number; budgets?: Budget[]; burnRate?: BurnRate | null; seed?: RequestRecord[] }): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'sb-budget-'));
  const db = openDatabase(join(dir, 'switchboard.db'));
  const alerts: BudgetAlert[] = [];
  const clock = { now: opts.now };
  const burn = { value: opts.burnRate ?? null };
  let budgets: Budget[] = opts.budgets ?? [];
  let guard: BudgetGuard | null = null;
  const writer = new LogWriter(db, {
    price: (r) => price(Number(String(r.requestedModel).slice(5))),
    warn: () => {},
    onWritten: (r, p) => guard?.onWritten(r, p),
  });
  if (opts.seed?.length) {
    for (const r of opts.seed) writer.enqueue(r);
    writer.flush();
  }
  const make = () =>
    new BudgetGuard(db, {
      budgets: () => budgets,
      burnRate: () => burn.value,
      alert: (a) => alerts.push(a),
      now: () => clock.now,
    });
  guard = make();
  cleanups.push(() => {
    writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const h: Harness = {
    db,
    writer,
    guard,
    alerts,
    get budgets() {
      return budgets;
    },
    burn,
    clock,
    log(...rows) {
      for (const r of rows) writer.enqueue(r);
      writer.flush();
    },
    restart() {
      guard = make();
      h.guard = guard;
      return guard;
    },
    setBudgets(b) {
      budgets = b; // a new array, as a settings reload gives
    },
  };
  return h;
}

export function budget(b: Partial<Budget> & Pick<Budget, 'scope' | 'period' | 'limitUsd'>): Budget {
  return { id: `${b.scope}-${b.name ?? ''}-${b.period}`.replace('--', '-'), mode: 'hard', ...b };
}
