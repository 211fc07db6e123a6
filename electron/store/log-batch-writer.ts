/**
 * The request log's batching writer (imported through log-writer.ts, which
 * adds the standard pricer; the writer thread imports this file alone). In the app it runs on the log's writer
 * thread (log-worker.ts, started by threaded-log.ts) with its own connection,
 * so none of this runs on the proxy's event loop; scripts, benches and tests
 * also use it directly on a connection of their own.
 *
 * `enqueue()` only appends to an in-memory ring buffer (O(1), no SQLite). A
 * `setImmediate` (or, with `coalesceMs`, a short timer) then writes everything
 * queued in one transaction. Rows may come priced (`priceRow`, as the writer
 * thread's do: the pricer lives on the main thread); otherwise they are priced
 * here, at write time.
 *
 * If SQLite cannot take the rows (locked by another process, read-only, disk
 * full, …) the writer warns once per outage, keeps the newest `maxQueue` rows
 * in memory (dropping and counting the oldest), and retries every `retryMs`.
 *
 * `enqueue(record, settled)` also says when the row's fate is known: `settled`
 * runs once its transaction has committed (or SQLite refused the row), or at
 * once when the store is failing, the row is evicted or the writer is closed.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { PriceResult } from '../pricing/price';
import { FREE, UNPRICED } from '../pricing/price-results';
import type { AttemptRecord, RequestRecord } from './types';

export type Pricer = (record: RequestRecord) => PriceResult;

export interface LogWriterOptions {
  /** Prices a record at write time (see `recordPricer`). */
  price: Pricer;
  /** Called once per outage (and once for the first rejected row). Default: console.warn. */
  warn?: (msg: string) => void;
  /** Rows kept in memory while SQLite is unavailable. Default 10 000. */
  maxQueue?: number;
  /** Most rows written per transaction (per event-loop turn). Default 500 (≈15 ms of work). */
  batchSize?: number;
  /**
   * Waits this long after the first queued row before writing, so rows that
   * finish close together share one transaction (the per-transaction cost —
   * commit, WAL frames of the shared index pages — is most of a row's cost at
   * batch 1). Default 0: the next event-loop turn. Only for a writer whose
   * rows are already durable elsewhere (the log worker: see journal.ts).
   */
  coalesceMs?: number;
  /** Delay before retrying after a failed write. Default 1 000 ms. */
  retryMs?: number;
  /**
   * busy_timeout while the writer holds the connection: how long a batch may
   * block the event loop waiting for another process's lock before giving up
   * and retrying later. Default 50 ms.
   */
  writeBusyTimeoutMs?: number;
  /**
   * Called once per request row after its transaction has committed (never for
   * a rejected or dropped row), with the price as billed: all zeros for a
   * response-cache hit. Feeds running totals such as budgets. Runs on the
   * writer's turn, off the latency path; an exception here is swallowed.
   */
  onWritten?: (record: RequestRecord, price: PriceResult) => void;
  /** Every queued row is committed (e.g. the write-ahead journal can be truncated). */
  onDrained?: () => void;
}

export interface LogWriterStats {
  /** Request rows committed. */
  written: number;
  /** Rows lost: evicted from a full queue, or still queued at `close()`. */
  dropped: number;
  /** Rows SQLite refused outright (e.g. a duplicate request id); not retried. */
  rejected: number;
  /** Rows waiting in memory. */
  pending: number;
  /** Transactions committed. */
  batches: number;
  /** Write attempts that failed and will be retried. */
  failures: number;
}

interface Entry {
  record: RequestRecord;
  /** Called once when the row is committed or its write has failed for now. */
  settled?: () => void;
  price?: PriceResult;
  /** Attempt and counterfactual costs, when priced before enqueueing (see `priceRow`). */
  priced?: PricedRow;
  /** SQLite refused this row (set by the row-by-row retry). */
  rejected?: boolean;
}

/** A fixed-capacity FIFO: O(1) push (evicting the oldest when full) and shift. */
class Ring<T> {
  private readonly buf: Array<T | undefined>;
  private head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity);
  }

  /** Appends; returns the oldest item when it had to be evicted. */
  push(item: T): T | undefined {
    if (this.size === this.capacity) {
      const evicted = this.buf[this.head];
      this.buf[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      return evicted;
    }
    this.buf[(this.head + this.size) % this.capacity] = item;
    this.size++;
    return undefined;
  }

  /** The oldest `n` items, without removing them. */
  peek(n: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < n && i < this.size; i++) out.push(this.buf[(this.head + i) % this.capacity] as T);
    return out;
  }

  drop(n: number): void {
    for (let i = 0; i < n && this.size > 0; i++) {
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
  }
}

/** Errors that mean "the store cannot take writes right now", as opposed to a bad row. */
const ROW_ERROR = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;
function isRowError(db: Database, err: unknown): boolean {
  if (!db.open) return false;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return ROW_ERROR.test(code);
  return err instanceof TypeError || err instanceof RangeError; // a value SQLite cannot bind
}

const b = (v: boolean | undefined) => (v ? 1 : 0);
const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const INSERT_REQUEST = `INSERT INTO requests (
  id, ts, client_format, endpoint, token_name, source, requested_model, route, provider, served_model,
  status, error_type, error_message, stream, latency_ms, ttft_ms,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, usage_estimated,
  cost_usd, list_cost_usd, cost_input_usd, cost_cached_input_usd, cost_output_usd, cost_reasoning_usd,
  priced, cache_hit, saved_usd, partial, attempts,
  counterfactual_provider, counterfactual_model, counterfactual_cost_usd
) VALUES (
  @id, @ts, @clientFormat, @endpoint, @tokenName, @source, @requestedModel, @route, @provider, @servedModel,
  @status, @errorType, @errorMessage, @stream, @latencyMs, @ttftMs,
  @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens, @reasoningTokens, @usageEstimated,
  @costUsd, @listCostUsd, @costInputUsd, @costCachedInputUsd, @costOutputUsd, @costReasoningUsd,
  @priced, @cacheHit, @savedUsd, @partial, @attempts,
  @counterfactualProvider, @counterfactualModel, @counterfactualCostUsd
)`;

const INSERT_ATTEMPT = `INSERT INTO attempts (
  request_id, seq, provider, model, status, error, latency_ms, ttft_ms, outcome, reason,
  input_tokens, output_tokens, cost_usd
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_BODIES = `INSERT INTO request_bodies (request_id, request_headers, request_body, response_body)
VALUES (?, ?, ?, ?)`;

export class LogWriter {
  private readonly queue: Ring<Entry>;
  private readonly price: Pricer;
  private readonly warn: (msg: string) => void;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly busyMs: number;
  private readonly insRequest: Statement;
  private readonly insAttempt: Statement;
  private readonly insBodies: Statement;
  /** `PRAGMA busy_timeout` read and set through cached statements: db.pragma() compiles one per call (3 per batch). */
  private readonly getBusyTimeout: Statement;
  private readonly setBusyTimeout = new Map<number, Statement>();
  private readonly writeRow: (e: Entry) => void;
  private readonly writeBatch: (entries: Entry[]) => number;
  private readonly writeBatchFast: (entries: Entry[]) => void;
  private readonly onWritten: ((record: RequestRecord, price: PriceResult) => void) | undefined;
  private onDrained: (() => void) | undefined;

  private immediate: NodeJS.Immediate | null = null;
  private coalesceTimer: NodeJS.Timeout | null = null;
  private readonly coalesceMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private inOutage = false;
  private warnedRejected = false;
  private closed = false;
  private readonly counters = { written: 0, dropped: 0, rejected: 0, batches: 0, failures: 0 };

  constructor(private readonly db: Database, opts: LogWriterOptions) {
    this.price = opts.price;
    this.warn = opts.warn ?? ((msg) => console.warn(msg));
    this.queue = new Ring<Entry>(Math.max(1, Math.floor(opts.maxQueue ?? 10_000)));
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 500));
    this.retryMs = Math.max(0, opts.retryMs ?? 1_000);
    this.coalesceMs = Math.max(0, opts.coalesceMs ?? 0);
    this.busyMs = Math.max(0, Math.floor(opts.writeBusyTimeoutMs ?? 50));
    this.onWritten = opts.onWritten;
    this.onDrained = opts.onDrained;
    this.insRequest = db.prepare(INSERT_REQUEST);
    this.insAttempt = db.prepare(INSERT_ATTEMPT);
    this.insBodies = db.prepare(INSERT_BODIES);
    this.getBusyTimeout = db.prepare('PRAGMA busy_timeout').pluck();
    // Fast path: the whole batch in one transaction. If a row is refused, the
    // batch is rolled back and redone with each row in its own savepoint, so
    // one bad row cannot sink the rest.
    this.writeBatchFast = db.transaction((entries: Entry[]) => {
      for (const e of entries) this.insert(e);
    });
    this.writeRow = db.transaction((e: Entry) => this.insert(e));
    this.writeBatch = db.transaction((entries: Entry[]) => {
      let rejected = 0;
      for (const e of entries) {
        try {
          this.writeRow(e);
        } catch (err) {
          if (!isRowError(db, err)) throw err; // store unavailable: roll back, retry later
          e.rejected = true;
          rejected++;
          if (!this.warnedRejected) {
            this.warnedRejected = true;
            this.warn(`Switchboard could not log request ${e.record.id}: ${(err as Error).message}. The row was skipped.`);
          }
        }
      }
      return rejected;
    });
  }

  /**
   * Queues a completed request for logging. O(1): never touches SQLite and
   * never prices; the write happens on the next event-loop turn.
   */
  enqueue(record: RequestRecord, settled?: () => void, priced?: PricedRow): void {
    if (this.closed) {
      this.counters.dropped++;
      settle(settled);
      return;
    }
    // During an outage nobody waits for the store: the row is queued, the caller goes on.
    const evicted = this.queue.push({ record, settled: this.inOutage ? undefined : settled, priced, price: priced?.price });
    if (this.inOutage) settle(settled);
    if (evicted) {
      this.counters.dropped++;
      settleEntry(evicted);
    }
    if (this.immediate === null && this.retryTimer === null) {
      if (this.coalesceMs > 0 && this.queue.size < this.batchSize) {
        this.coalesceTimer ??= setTimeout(this.onCoalesced, this.coalesceMs);
      } else {
        if (this.coalesceTimer !== null) clearTimeout(this.coalesceTimer);
        this.coalesceTimer = null;
        this.immediate = setImmediate(this.onTurn);
      }
    }
  }

  /** Sets the hook called whenever every queued row is committed. */
  setOnDrained(fn: (() => void) | undefined): void {
    this.onDrained = fn;
  }

  /** Writes everything queued, synchronously (e.g. at shutdown). Never throws. */
  flush(): void {
    this.cancelTimers();
    while (this.queue.size > 0) {
      if (!this.writeSome()) break;
    }
    if (this.queue.size > 0 && !this.closed) this.scheduleRetry();
  }

  /** Flushes, then stops. Rows that still cannot be written are counted as dropped. Does not close the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.cancelTimers();
    if (this.queue.size > 0) {
      const lost = this.queue.size;
      this.counters.dropped += lost;
      for (const e of this.queue.peek(lost)) settleEntry(e);
      this.queue.drop(lost);
      this.warn(`Switchboard lost ${lost} request-log row(s) at shutdown: the database could not be written.`);
    }
  }

  get stats(): LogWriterStats {
    return { ...this.counters, pending: this.queue.size };
  }

  /** The last write failed (the store is unavailable); rows wait for the retry. */
  get failing(): boolean {
    return this.inOutage;
  }

  private readonly onTurn = (): void => {
    this.immediate = null;
    if (this.closed) return;
    if (!this.writeSome()) {
      this.scheduleRetry();
    } else if (this.queue.size > 0) {
      this.immediate = setImmediate(this.onTurn); // more than one batch: yield between them
    }
  };

  private readonly onCoalesced = (): void => {
    this.coalesceTimer = null;
    if (this.immediate === null) this.onTurn();
  };

  private readonly onRetry = (): void => {
    this.retryTimer = null;
    this.onTurn();
  };

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.closed) return;
    this.retryTimer = setTimeout(this.onRetry, this.retryMs);
    this.retryTimer.unref();
  }

  private cancelTimers(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.coalesceTimer !== null) clearTimeout(this.coalesceTimer);
    this.immediate = null;
    this.retryTimer = null;
    this.coalesceTimer = null;
  }

  /** Writes up to one batch in one transaction. False when the store is unavailable. */
  private writeSome(): boolean {
    const entries = this.queue.peek(this.batchSize);
    if (entries.length === 0) return true;
    let rejected: number;
    let previousTimeout: number | undefined;
    try {
      previousTimeout = this.getBusyTimeout.get() as number;
      if (previousTimeout !== this.busyMs) this.busyTimeout(this.busyMs);
      try {
        this.writeBatchFast(entries);
        rejected = 0;
      } catch (err) {
        if (!isRowError(this.db, err)) throw err;
        for (const e of entries) e.rejected = false;
        rejected = this.writeBatch(entries);
      }
    } catch (err) {
      this.counters.failures++;
      // Whoever waits on these rows stops waiting: they stay queued for the retry.
      for (const e of this.queue.peek(this.queue.size)) settleEntry(e);
      if (!this.inOutage) {
        this.inOutage = true;
        this.warn(
          `Switchboard cannot write its request log right now (${(err as Error).message}). ` +
            `Requests are still being served; up to ${this.queue.capacity} log rows are kept in memory ` +
            `(older ones are dropped) and the write is retried every ${this.retryMs} ms.`,
        );
      }
      return false;
    } finally {
      if (previousTimeout !== undefined && previousTimeout !== this.busyMs) {
        try {
          this.busyTimeout(previousTimeout);
        } catch {
          /* connection gone */
        }
      }
    }
    this.queue.drop(entries.length);
    for (const e of entries) settleEntry(e);
    if (this.queue.size === 0) this.onDrained?.();
    this.counters.batches++;
    this.counters.rejected += rejected;
    this.counters.written += entries.length - rejected;
    this.inOutage = false;
    if (this.onWritten) {
      for (const e of entries) {
        if (e.rejected) continue;
        try {
          this.onWritten(e.record, e.record.cacheHit ? FREE : this.priceOf(e));
        } catch {
          /* a listener's bug must not stop the log */
        }
      }
    }
    return true;
  }

  private busyTimeout(ms: number): void {
    let st = this.setBusyTimeout.get(ms);
    if (!st) {
      st = this.db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(ms))}`);
      if (this.setBusyTimeout.size < 8) this.setBusyTimeout.set(ms, st);
    }
    st.run();
  }

  private priceOf(e: Entry): PriceResult {
    e.price ??= safePrice(this.price, e.record);
    return e.price;
  }

  private attemptCost(e: Entry, a: AttemptRecord, i: number): number | null {
    if (e.priced) return e.priced.attemptCosts[i] ?? null;
    return attemptCost(this.price, e.record, this.priceOf(e), a);
  }

  private insert(e: Entry): void {
    const r = e.record;
    const p = this.priceOf(e);
    const u = r.usage;
    const hit = r.cacheHit;
    this.insRequest.run({
      id: r.id,
      ts: Math.round(r.ts),
      clientFormat: r.clientFormat,
      endpoint: r.endpoint,
      tokenName: r.tokenName ?? null,
      source: r.source ?? 'proxy',
      requestedModel: r.requestedModel ?? null,
      route: r.route ?? null,
      provider: r.provider ?? null,
      servedModel: r.servedModel ?? null,
      status: n(r.status),
      errorType: r.errorType ?? null,
      errorMessage: r.errorMessage ?? null,
      stream: b(r.stream),
      latencyMs: n(r.latencyMs),
      ttftMs: n(r.ttftMs),
      inputTokens: u ? u.inputTokens : null,
      outputTokens: u ? u.outputTokens : null,
      cacheReadTokens: u ? u.cacheReadTokens : null,
      cacheWriteTokens: u ? u.cacheWriteTokens : null,
      reasoningTokens: u ? u.reasoningTokens : null,
      usageEstimated: b(r.usageEstimated),
      // A response-cache hit is not billed; what it would have cost is `saved_usd`.
      costUsd: hit ? 0 : n(p.costUsd),
      listCostUsd: hit ? 0 : n(p.listCostUsd),
      costInputUsd: hit ? 0 : n(p.inputCostUsd),
      costCachedInputUsd: hit ? 0 : n(p.cachedInputCostUsd),
      costOutputUsd: hit ? 0 : n(p.outputCostUsd),
      costReasoningUsd: hit ? 0 : n(p.reasoningCostUsd),
      priced: hit ? 1 : b(p.priced),
      cacheHit: b(hit),
      savedUsd: hit ? n(r.savedUsd ?? p.costUsd) : n(r.savedUsd),
      partial: b(r.partial),
      attempts: r.attempts.length,
      counterfactualProvider: r.counterfactual?.provider ?? null,
      counterfactualModel: r.counterfactual?.model ?? null,
      counterfactualCostUsd: e.priced ? e.priced.counterfactualCostUsd : counterfactualCost(this.price, r),
    });
    for (let i = 0; i < r.attempts.length; i++) {
      const a = r.attempts[i]!;
      this.insAttempt.run(
        r.id,
        a.seq,
        a.provider,
        a.model,
        n(a.status),
        a.error ?? null,
        n(a.latencyMs),
        n(a.ttftMs),
        a.outcome,
        a.reason ?? null,
        a.usage ? a.usage.inputTokens : null,
        a.usage ? a.usage.outputTokens : null,
        this.attemptCost(e, a, i),
      );
    }
    if (r.bodies) {
      this.insBodies.run(r.id, JSON.stringify(r.bodies.requestHeaders), r.bodies.requestBody, r.bodies.responseBody);
    }
  }
}

/**
 * Everything a row's insert needs from the pricer, computed up front: lets a
 * writer on another thread (log-worker.ts) store rows priced by the main
 * thread's pricer, which reads live settings and the provider registry.
 */
export interface PricedRow {
  price: PriceResult;
  /** Per attempt, in `record.attempts` order. */
  attemptCosts: Array<number | null>;
  counterfactualCostUsd: number | null;
}

export function priceRow(price: Pricer, record: RequestRecord): PricedRow {
  const p = safePrice(price, record);
  return {
    price: p,
    attemptCosts: record.attempts.map((a) => attemptCost(price, record, p, a)),
    counterfactualCostUsd: counterfactualCost(price, record),
  };
}

function safePrice(price: Pricer, record: RequestRecord): PriceResult {
  try {
    return price(record);
  } catch {
    return UNPRICED;
  }
}

function attemptCost(price: Pricer, r: RequestRecord, rowPrice: PriceResult, a: AttemptRecord): number | null {
  if (a.costUsd !== undefined) return n(a.costUsd);
  if (!a.usage) return null;
  // The usual single attempt: the same provider, model and usage as the row
  // itself, so the same pricer input; reuse the row's price.
  if (!r.cacheHit && a.usage === r.usage && a.provider === r.provider && a.model === r.servedModel) return rowPrice.costUsd;
  try {
    return price({ ...r, provider: a.provider, servedModel: a.model, usage: a.usage, cacheHit: false }).costUsd;
  } catch {
    return null;
  }
}

/** What the same usage would have cost on the requested/default model (auto-routed calls). */
function counterfactualCost(price: Pricer, r: RequestRecord): number | null {
  const cf = r.counterfactual;
  if (!cf || !r.usage || r.status >= 400) return null;
  try {
    const p = price({ ...r, provider: cf.provider, servedModel: cf.model, cacheHit: false, counterfactual: null });
    return p.priced ? n(p.costUsd) : null;
  } catch {
    return null;
  }
}

function settle(fn: (() => void) | undefined): void {
  if (!fn) return;
  try {
    fn();
  } catch {
    /* a waiter's bug must not stop the log */
  }
}

function settleEntry(e: Entry): void {
  const fn = e.settled;
  e.settled = undefined;
  settle(fn);
}
