/**
 * The request log's writer thread: a `LogWriter` on its own better-sqlite3
 * connection to the same database file (WAL: the main thread's connection
 * keeps reading while this one writes). Every SQLite cost of a logged request
 * — the insert, the roll-up and full-text triggers, the indexes, WAL
 * checkpoints and their fsyncs — runs here, never on the proxy's event loop.
 *
 * Started by `ThreadedLogWriter` (threaded-log.ts), which documents the
 * protocol; the messages are the `ToWorker`/`FromWorker` types there. Rows
 * arrive already priced (the pricer reads the main thread's live settings).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openDatabase } from './db';
import { LogWriter } from './log-batch-writer';
import type { FromWorker, LogWorkerData, ToWorker } from './threaded-log';

/**
 * On Linux a thread has its own nice value: lower this one's priority so that,
 * when the cores are busy, the proxy's thread runs first and the log catches
 * up in the gaps (rows are durable in the journal meanwhile). Elsewhere, or
 * if not permitted, it runs at normal priority.
 */
function lowerThreadPriority(nice: number): void {
  if (process.platform !== 'linux' || nice <= 0) return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) os.setPriority(tid, Math.min(19, os.getPriority(tid) + nice));
  } catch {
    /* not permitted or no /proc: normal priority */
  }
}

function main(data: LogWorkerData, control: MessagePort | null): void {
  lowerThreadPriority(data.niceness);
  const port = data.port;
  const signal = new Int32Array(data.signal);
  const post = (m: FromWorker) => port.postMessage(m);
  const db = openDatabase(data.dbPath);
  // This connection owns checkpoints (the main thread's runs with
  // wal_autocheckpoint = 0), so their fsyncs land on this thread.
  db.pragma(`wal_autocheckpoint = ${data.autocheckpointPages}`);
  /** Rows received so far (they arrive numbered 1, 2, … in order). */
  let received = 0;
  let reportQueued = false;

  const writer = new LogWriter(db, {
    // Never called: every row comes with its price (see `priceRow`).
    price: () => ({ listCostUsd: null, costUsd: null, inputCostUsd: null, cachedInputCostUsd: null, outputCostUsd: null, reasoningCostUsd: null, priced: false }),
    warn: (message) => post({ t: 'warn', message }),
    batchSize: data.batchSize,
    maxQueue: data.maxQueue,
    retryMs: data.retryMs,
    coalesceMs: data.coalesceMs,
    onDrained: () => queueReport(),
  });

  /** One progress report per turn, after whatever this turn committed. */
  function queueReport(): void {
    if (reportQueued) return;
    reportQueued = true;
    setImmediate(report);
  }
  function report(): void {
    reportQueued = false;
    post({ t: 'progress', received, stats: writer.stats, failing: writer.failing });
  }

  const onMessage = (m: ToWorker): void => {
    switch (m.t) {
      case 'rows':
        for (const row of m.rows) writer.enqueue(row.record, queueReport, row.priced);
        received += m.rows.length;
        break;
      case 'flush':
        writer.flush();
        report();
        Atomics.store(signal, 0, m.id);
        Atomics.notify(signal, 0);
        break;
      case 'pragma': {
        // Fault simulation for tests (read-only, disk full) on this connection.
        let value: unknown;
        try {
          value = db.pragma(m.pragma, { simple: true });
        } catch (err) {
          value = { error: (err as Error).message };
        }
        post({ t: 'pragma', id: m.id, value });
        Atomics.store(signal, 0, m.id);
        Atomics.notify(signal, 0);
        break;
      }
      case 'close':
        writer.close();
        report();
        try {
          db.close();
        } catch {
          /* already closed */
        }
        port.close();
        control?.close();
        Atomics.store(signal, 0, m.id);
        Atomics.notify(signal, 0);
        break;
    }
  };
  port.on('message', onMessage);
}

main(workerData as LogWorkerData, parentPort);
