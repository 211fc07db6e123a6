/**
 * The request log, written on a worker thread (log-worker.ts) so no SQLite
 * work — insert, triggers, full-text index, checkpoint fsyncs — runs on the
 * proxy's event loop.
 *
 * The main thread's share per row: `enqueue` pushes to an array (O(1)); one
 * `setImmediate` later the rows queued meanwhile are priced (the pricer reads
 * live settings, so it stays here; ~µs per row), reported to `onLogged`
 * (budgets: spend counts from that turn on, as it did when the commit ran
 * there) and sent to the worker in one `postMessage`. The worker commits
 * whatever has arrived in one transaction per batch and reports progress.
 *
 * Durability is the journal's job (journal.ts): a row is safe once its journal
 * line is written, before the response ends. `onDrained` fires when the worker
 * has committed every row enqueued so far, so the journal can be truncated.
 *
 * `flush()` and `close()` stay synchronous, as callers (shutdown, CLI
 * commands, tests that read the database right after a call) expect: they
 * post a request and block on `Atomics.wait` until the worker has answered,
 * then take its messages with `receiveMessageOnPort`. `whenIdle()` is the
 * non-blocking form. If the worker cannot start or dies, the rows it had not
 * committed are written by an in-thread `LogWriter` on the main connection
 * (replays are idempotent: a row already present is refused by its id).
 *
 * Protocol (one MessageChannel; rows are numbered 1, 2, … in enqueue order and
 * the worker commits them in that order, so "rows done" is always a prefix):
 *   main → worker  rows {seq-ordered records + prices} | flush | pragma | close
 *   worker → main  progress {received, stats, failing} | warn | pragma
 * flush/pragma/close also store their id in `signal[0]` and notify it.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { PriceResult } from '../pricing/price';
import { FREE } from '../pricing/price-results';
import { logWorkerEntry } from './log-thread-entry';
import { LogWriter, priceRow, type LogWriterStats, type Pricer, type PricedRow } from './log-writer';
import type { RequestRecord } from './types';

export interface LogWorkerData {
  dbPath: string;
  port: MessagePort;
  signal: SharedArrayBuffer;
  batchSize: number;
  maxQueue: number;
  retryMs: number;
  coalesceMs: number;
  /** Added to the writer thread's nice value (Linux). */
  niceness: number;
  autocheckpointPages: number;
}

export type ToWorker =
  | { t: 'rows'; rows: Array<{ record: RequestRecord; priced: PricedRow }> }
  | { t: 'flush'; id: number }
  | { t: 'pragma'; id: number; pragma: string }
  | { t: 'close'; id: number };

export type FromWorker =
  | { t: 'progress'; received: number; stats: LogWriterStats; failing: boolean }
  | { t: 'warn'; message: string }
  | { t: 'pragma'; id: number; value: unknown };

export interface ThreadedLogWriterOptions {
  /** Prices each row on the main thread before it is sent. */
  price: Pricer;
  warn?: (msg: string) => void;
  /** Each row once it is handed to the writer thread, with its price as billed (all zeros for a cache hit). */
  onLogged?: (record: RequestRecord, price: PriceResult) => void;
  /** Every row enqueued so far is committed. */
  onDrained?: () => void;
  maxQueue?: number;
  batchSize?: number;
  retryMs?: number;
  /**
   * The writer thread waits this long after a row arrives before committing,
   * so rows finishing close together share a transaction (≈2× less CPU per
   * row than one each). Rows are durable in the journal meanwhile. Default 5 ms.
   */
  coalesceMs?: number;
  /** Longest `flush()`/`close()` block the main thread waiting for the worker. Default 10 s. */
  waitMs?: number;
}

/**
 * How much lower the writer thread's priority is than the proxy's (Linux nice
 * steps: 5 ≈ a third of the CPU share when both compete; not starved).
 */
const WRITER_NICENESS = 5;

/** WAL pages before the writer thread checkpoints (SQLite's default). */
const AUTOCHECKPOINT_PAGES = 1000;

interface Waiter {
  seq: number;
  fn: () => void;
}

/** How long a reader waits for its own just-finished request to be committed (admin API: replay, detail). */
export const READ_YOUR_WRITE_MS = 2_000;

export class ThreadedLogWriter {
  private readonly price: Pricer;
  private readonly warn: (msg: string) => void;
  private readonly onLogged: ThreadedLogWriterOptions['onLogged'];
  private onDrained: (() => void) | undefined;
  private readonly waitMs: number;
  private readonly opts: ThreadedLogWriterOptions;

  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private signal: Int32Array | null = null;
  /** Set when the worker failed: rows are written on this thread from then on. */
  private fallback: LogWriter | null = null;

  /** Rows enqueued (the last row's number). */
  private seq = 0;
  /** Rows committed, refused or dropped by the worker (a prefix: 1..done). */
  private done = 0;
  private failing = false;
  /** Enqueued, not yet sent. */
  private unsent: RequestRecord[] = [];
  /** Sent, not yet done: kept to rewrite them here if the worker dies. */
  private inflight: Array<{ record: RequestRecord; priced: PricedRow }> = [];
  private inflightFirstSeq = 1;
  private immediate: NodeJS.Immediate | null = null;
  private waiters: Waiter[] = [];
  private idleWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private workerStats: LogWriterStats = { written: 0, dropped: 0, rejected: 0, pending: 0, batches: 0, failures: 0 };
  private localDropped = 0;
  private requestId = 0;
  private closed = false;
  private readonly pragmaResults = new Map<number, unknown>();

  constructor(
    private readonly db: Database,
    opts: ThreadedLogWriterOptions,
  ) {
    this.opts = opts;
    this.price = opts.price;
    this.warn = opts.warn ?? ((m) => console.warn(m));
    this.onLogged = opts.onLogged;
    this.onDrained = opts.onDrained;
    this.waitMs = opts.waitMs ?? 10_000;
  }

  /** Starts the writer thread now rather than on the first row (servers: warm before traffic). */
  start(): void {
    if (this.worker || this.fallback || this.closed) return;
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const data: LogWorkerData = {
      dbPath: this.db.name,
      port: port2,
      signal,
      batchSize: Math.max(1, Math.floor(this.opts.batchSize ?? 100)),
      maxQueue: Math.max(1, Math.floor(this.opts.maxQueue ?? 10_000)),
      retryMs: Math.max(0, this.opts.retryMs ?? 1_000),
      coalesceMs: Math.max(0, this.opts.coalesceMs ?? 5),
      niceness: WRITER_NICENESS,
      autocheckpointPages: AUTOCHECKPOINT_PAGES,
    };
    let worker: Worker;
    try {
      const entry = logWorkerEntry();
      worker = new Worker(entry.script, { ...entry.options, workerData: data, transferList: [port2] });
    } catch (err) {
      port1.close();
      this.failOver(err);
      return;
    }
    this.worker = worker;
    this.port = port1;
    this.signal = new Int32Array(signal);
    // Neither may keep a one-shot CLI command alive; close() drains first.
    worker.unref();
    port1.unref();
    port1.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.failOver(err));
    worker.on('exit', (code) => {
      if (!this.closed && this.worker === worker) this.failOver(new Error(`the log writer thread exited (code ${code})`));
    });
    // Checkpoints (and their fsyncs) belong to the writer thread from now on.
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /** Queues a completed request. O(1); pricing and the hand-off happen one turn later. */
  enqueue(record: RequestRecord, settled?: () => void): void {
    if (this.closed) {
      this.localDropped++;
      settled?.();
      return;
    }
    if (this.fallback) {
      this.seq++;
      const priced = priceRow(this.price, record);
      this.logged(record, priced);
      this.fallback.enqueue(record, settled, priced);
      return;
    }
    this.start();
    this.seq++;
    this.unsent.push(record);
    if (settled) this.waiters.push({ seq: this.seq, fn: settled });
    this.immediate ??= setImmediate(this.send);
  }

  setOnDrained(fn: (() => void) | undefined): void {
    this.onDrained = fn;
    this.fallback?.setOnDrained(fn);
  }

  /**
   * Resolves once every row enqueued so far is committed (or refused/dropped),
   * or after `timeoutMs` if given (a store outage keeps rows queued: a reader
   * waiting for its own write must not hang on it).
   */
  whenIdle(timeoutMs?: number): Promise<void> {
    if (this.fallback) {
      this.fallback.flush();
      return Promise.resolve();
    }
    const target = this.seq;
    if (this.done >= target) return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.idleWaiters.push({ seq: target, resolve }));
    if (timeoutMs === undefined) return idle;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
    return Promise.race([idle, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Commits everything enqueued so far before returning (blocking this thread
   * while the worker writes: for shutdown, one-shot commands and tests).
   * Never throws; during a store outage the rows stay queued.
   */
  flush(): void {
    if (this.fallback) return this.fallback.flush();
    if (!this.worker || this.closed) return;
    this.send();
    this.request({ t: 'flush', id: 0 });
  }

  /** Runs a PRAGMA on the writer thread's connection (fault simulation: query_only, max_page_count). */
  writerPragma(pragma: string): unknown {
    if (this.fallback) return this.db.pragma(pragma, { simple: true });
    this.start();
    const id = this.request({ t: 'pragma', id: 0, pragma });
    const value = this.pragmaResults.get(id);
    this.pragmaResults.delete(id);
    if (value && typeof value === 'object' && 'error' in value) throw new Error(String((value as { error: unknown }).error));
    return value;
  }

  /** Flushes, stops the worker (closing its connection). Rows that still can't be written count as dropped. */
  close(): void {
    if (this.closed) return;
    if (this.fallback) {
      this.closed = true;
      this.fallback.close();
      return;
    }
    if (this.worker) {
      this.send();
      this.request({ t: 'close', id: 0 });
      const worker = this.worker;
      this.closed = true;
      this.worker = null;
      this.port?.close();
      void worker.terminate();
      try {
        this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      } catch {
        /* connection already closed */
      }
    }
    this.closed = true;
    this.releaseAll();
  }

  get stats(): LogWriterStats {
    if (this.fallback) {
      const f = this.fallback.stats;
      return { ...f, written: f.written + this.workerStats.written, rejected: f.rejected + this.workerStats.rejected, dropped: f.dropped + this.workerStats.dropped + this.localDropped, batches: f.batches + this.workerStats.batches, failures: f.failures + this.workerStats.failures };
    }
    return { ...this.workerStats, dropped: this.workerStats.dropped + this.localDropped, pending: this.seq - this.done };
  }

  // --- internals ---------------------------------------------------------

  /** Prices the rows queued since the last turn and hands them to the worker in one message. */
  private readonly send = (): void => {
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
    if (this.unsent.length === 0 || !this.port) return;
    const rows = this.unsent.map((record) => {
      const priced = priceRow(this.price, record);
      this.logged(record, priced);
      return { record, priced };
    });
    this.unsent = [];
    for (const r of rows) this.inflight.push(r);
    try {
      this.port.postMessage({ t: 'rows', rows } satisfies ToWorker);
    } catch (err) {
      // A row that can't be cloned (never expected: records are plain data).
      this.failOver(err);
    }
  };

  private logged(record: RequestRecord, priced: PricedRow): void {
    if (!this.onLogged) return;
    try {
      this.onLogged(record, record.cacheHit ? FREE : priced.price);
    } catch {
      /* a listener's bug must not stop the log */
    }
  }

  /** Posts a request the worker acknowledges through `signal`, and blocks until it has (or `waitMs` passed). */
  private request(m: ToWorker & { id: number }): number {
    const id = ++this.requestId;
    const port = this.port;
    const signal = this.signal;
    if (!port || !signal) return id;
    port.postMessage({ ...m, id });
    const deadline = Date.now() + this.waitMs;
    while (Atomics.load(signal, 0) < id) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.warn(`The request-log writer thread did not answer within ${this.waitMs} ms; writing the log on the main thread instead.`);
        this.failOver(null);
        return id;
      }
      Atomics.wait(signal, 0, Atomics.load(signal, 0), left);
    }
    this.drainMessages();
    return id;
  }

  /** Handles every message the worker has sent so far, synchronously. */
  private drainMessages(): void {
    if (!this.port) return;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.onMessage(m.message as FromWorker);
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'warn':
        this.warn(m.message);
        break;
      case 'pragma':
        this.pragmaResults.set(m.id, m.value);
        break;
      case 'progress': {
        this.workerStats = m.stats;
        this.failing = m.failing;
        const done = m.stats.written + m.stats.rejected + m.stats.dropped;
        if (done > this.done) {
          this.inflight.splice(0, done - this.done);
          this.inflightFirstSeq = done + 1;
          this.done = done;
        }
        // During an outage nobody waits for the store (as with LogWriter).
        this.release(this.failing ? m.received : this.done);
        if (this.done === this.seq) {
          this.resolveIdle();
          this.drained();
        }
        break;
      }
    }
  }

  private release(upTo: number): void {
    let i = 0;
    while (i < this.waiters.length && this.waiters[i]!.seq <= upTo) i++;
    if (i === 0) return;
    const ready = this.waiters.splice(0, i);
    for (const w of ready) safely(w.fn);
  }

  private resolveIdle(): void {
    const ready = this.idleWaiters.filter((w) => w.seq <= this.done);
    this.idleWaiters = this.idleWaiters.filter((w) => w.seq > this.done);
    for (const w of ready) w.resolve();
  }

  private releaseAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) safely(w.fn);
    const idle = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of idle) w.resolve();
  }

  private drained(): void {
    if (this.onDrained) safely(this.onDrained);
  }

  /**
   * The worker could not start, died, or stopped answering: from now on rows
   * are written on this thread, starting with those it had not committed.
   */
  private failOver(err: unknown): void {
    if (this.fallback || this.closed) return;
    if (err) this.warn(`The request-log writer thread failed (${err instanceof Error ? err.message : String(err)}); writing the log on the main thread instead.`);
    const worker = this.worker;
    this.worker = null;
    this.port?.close();
    this.port = null;
    if (worker) void worker.terminate();
    try {
      this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      /* connection closed */
    }
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
    const fallback = new LogWriter(this.db, {
      price: this.price,
      warn: this.warn,
      maxQueue: this.opts.maxQueue,
      batchSize: this.opts.batchSize,
      retryMs: this.opts.retryMs,
      onDrained: () => this.onDrained?.(),
    });
    this.fallback = fallback;
    // Rows the worker may or may not have committed: a duplicate is refused by its id.
    let seq = this.inflightFirstSeq;
    const waiters = this.waiters;
    this.waiters = [];
    const settledFor = (s: number) => {
      const mine = waiters.filter((w) => w.seq === s);
      return mine.length ? () => mine.forEach((w) => safely(w.fn)) : undefined;
    };
    for (const r of this.inflight) fallback.enqueue(r.record, settledFor(seq++), r.priced);
    for (const record of this.unsent) {
      const priced = priceRow(this.price, record);
      this.logged(record, priced);
      fallback.enqueue(record, settledFor(seq++), priced);
    }
    this.inflight = [];
    this.unsent = [];
    fallback.flush();
    const idle = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of idle) w.resolve();
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* a waiter's bug must not stop the log */
  }
}
