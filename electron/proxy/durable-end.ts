import type { ServerResponse } from 'node:http';

/**
 * Holds back the end of a response until its log row is durable.
 *
 * A client that saw its answer end must find the request in the log, even if
 * Switchboard is killed the next instant. So the response's `end()` — and
 * with it the final bytes: the JSON body, or a stream's terminal events (see
 * Attempt) — waits until the handler's `log` call has made the row durable.
 * Normally that is the journal append (store/journal.ts: one `write(2)`, done
 * synchronously inside `log`, so `release` runs before `log` returns and
 * nothing is deferred); the SQLite commit follows on the log's writer thread.
 * Only without a journal (it could not be opened) does the end wait for the
 * commit itself, a few milliseconds. Everything before it streams live.
 */
export interface EndGate {
  /** A log row is on its way: keep the end until `release`. */
  expect(): void;
  /** The row is durable (or can't be): end the response now if it was waiting. */
  readonly release: () => void;
  /** The handler is done: with no row on its way, nothing to wait for. */
  settle(): void;
}

/** Longest the end is ever held, should a writer never answer. */
const SAFETY_MS = 2_000;

export function holdEnd(res: ServerResponse): EndGate {
  const end = res.end;
  let held: unknown[] | null = null;
  let open = false;
  let expecting = false;
  let timer: NodeJS.Timeout | null = null;
  res.end = function heldEnd(this: ServerResponse, ...args: unknown[]) {
    if (open) return (end as (...a: unknown[]) => ServerResponse).apply(res, args);
    held ??= args;
    return res;
  } as ServerResponse['end'];
  const release = (): void => {
    if (open) return;
    open = true;
    if (timer) clearTimeout(timer);
    res.end = end;
    if (held) (end as (...a: unknown[]) => ServerResponse).apply(res, held);
  };
  return {
    expect() {
      expecting = true;
      timer ??= setTimeout(release, SAFETY_MS);
      timer.unref();
    },
    release,
    settle() {
      if (!expecting) release();
    },
  };
}
