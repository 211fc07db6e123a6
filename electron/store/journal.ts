import fs from 'node:fs';
import path from 'node:path';
import type { RequestRecord } from './types';

/**
 * A write-ahead journal for request-log rows, so that a completed request's
 * row survives `kill -9` without putting the SQLite write (indexes, roll-up
 * triggers, full-text index: ~0.3–1.5 ms) on the response's path.
 *
 * Before a response's last bytes go out, its row is appended here as one JSON
 * line (one `write(2)`: a few microseconds; once it returns the data is in the
 * OS page cache, which outlives the process). The log's writer thread
 * (threaded-log.ts) commits rows to SQLite in batches a few milliseconds
 * later; whenever it has committed every row enqueued so far, everything in
 * the journal is in SQLite and the file is truncated. A process that dies
 * leaves its journal behind; the next server start replays the rows SQLite
 * doesn't have yet, keyed by request id (`recoverLog`), so a row both
 * journaled and committed before the kill is not added twice.
 *
 * Each process has its own file (`journal-<pid>.ndjson`), so a one-shot CLI
 * command never touches a running server's journal; only files of processes
 * that are gone are replayed. Bodies are not journaled (metrics rows only):
 * they are large, and losing them on a crash loses no accounting.
 */
export class RowJournal {
  private fd: number | null;
  private bytes = 0;
  private overflowed = false;

  private constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly warn: (m: string) => void,
  ) {
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  static open(dataDir: string, warn: (m: string) => void, maxBytes = 64 * 1024 * 1024): RowJournal {
    return new RowJournal(path.join(dataDir, `journal-${process.pid}.ndjson`), maxBytes, warn);
  }

  append(record: RequestRecord): void {
    if (this.fd === null) return;
    if (this.bytes > this.maxBytes) {
      // The store has been unavailable for a long time; the in-memory queue is
      // bounded too. Stop growing the file rather than fill the disk.
      if (!this.overflowed) this.warn('The request-log journal is full; rows are kept in memory only until the database is writable.');
      this.overflowed = true;
      return;
    }
    const { bodies: _bodies, ...row } = record;
    const line = `${JSON.stringify(row)}\n`;
    try {
      fs.writeSync(this.fd, line);
      this.bytes += line.length;
    } catch (err) {
      this.warn(`Could not write the request-log journal (${(err as Error).message}); rows are kept in memory only.`);
      this.close();
    }
  }

  /** Everything journaled is committed to SQLite: start the file afresh. */
  reset(): void {
    if (this.fd === null || this.bytes === 0) return;
    try {
      fs.ftruncateSync(this.fd, 0);
      this.bytes = 0;
      this.overflowed = false;
    } catch {
      /* a journal that can't be truncated is replayed (deduplicated) later */
    }
  }

  /** Closes and removes this process's journal (after a clean flush). */
  close(remove = false): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
    if (remove) fs.rmSync(this.file, { force: true });
  }
}

/**
 * Rows left in the journals of processes that are gone (killed or crashed).
 * Returns them with the files to delete once they are committed.
 */
export function orphanedJournalRows(dataDir: string): { rows: RequestRecord[]; files: string[] } {
  const rows: RequestRecord[] = [];
  const files: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return { rows, files };
  }
  for (const name of names) {
    const m = /^journal-(\d+)\.ndjson$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    const file = path.join(dataDir, name);
    files.push(file);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        rows.push(JSON.parse(line) as RequestRecord);
      } catch {
        /* a line cut by the kill itself: that response never completed */
      }
    }
  }
  return { rows, files };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
