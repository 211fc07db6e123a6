import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestFilter, RequestListRow } from '../../../shared/costs';
import { api } from '../../api';
import { perfMark } from './perf';

export interface RequestLog {
  rows: RequestListRow[];
  total: { count: number; exact: boolean } | null;
  /** The total is still being counted (it comes separately from the first page). */
  counting: boolean;
  /** First page still loading (no rows to show yet for this filter). */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: Error | null;
  loadMore: () => void;
  reload: () => void;
}

/** Rows in the first page: a screenful (44 px rows) plus the virtualiser's overscan and some slack, so the first response is small. */
export function firstPageSize(viewportHeight = typeof window === 'undefined' ? 900 : window.innerHeight): number {
  return Math.min(100, Math.max(30, Math.ceil(viewportHeight / 44) + 20));
}
const NEXT_PAGE = 300;
/** The total's request also reads a page: this size keeps the estimate (for filters the roll-ups can't count) as before. */
const TOTAL_SAMPLE = 100;

type Page = Awaited<ReturnType<typeof api.call<'requests.query'>>>;
interface FirstLoad {
  page: Promise<Page>;
  total: Promise<Page['total']>;
}
let prefetched: { key: string; at: number; load: FirstLoad } | null = null;

/**
 * The first page without its total, and the total in a second request sent
 * right after it: counting may take longer than the page (or estimate), and
 * the rows need not wait for it.
 */
function startFirstLoad(filter: RequestFilter): FirstLoad {
  perfMark('requests:page-sent');
  const page = api.call('requests.query', { ...filter, limit: firstPageSize(), withTotal: false });
  page.then(() => perfMark('requests:page-received')).catch(() => {});
  const total = api.call('requests.query', { ...filter, limit: TOTAL_SAMPLE, withTotal: true }).then((p) => p.total);
  page.catch(() => {}); // reported by the hook that takes it (not an unhandled rejection if none does)
  total.catch(() => {});
  return { page, total };
}

/**
 * Starts loading the first page for a filter before the page has rendered
 * (called when the Requests chunk loads), so the query and the lazy page's
 * resolution overlap. `useRequestLog` takes it if the filter matches and it
 * is fresh.
 */
export function prefetchFirstPage(filter: RequestFilter): void {
  prefetched = { key: JSON.stringify(filter), at: Date.now(), load: startFirstLoad(filter) };
}

/** A prefetch is taken by the render it was started for, within a frame or a chunk load; an older one would show stale rows. */
const PREFETCH_FRESH_MS = 1500;

/**
 * The first load for a filter: the prefetched one if it is fresh, else a new
 * one, left in the prefetch slot until an effect consumes it, so a render
 * React discards and restarts (a concurrent render interrupted by an update)
 * reuses it rather than sending the same query again.
 */
function firstLoadFor(key: string): FirstLoad {
  const p = prefetched;
  if (p && p.key === key && Date.now() - p.at < PREFETCH_FRESH_MS) return p.load;
  const load = startFirstLoad(JSON.parse(key) as RequestFilter);
  prefetched = { key, at: Date.now(), load };
  return load;
}

function consume(load: FirstLoad): void {
  if (prefetched?.load === load) prefetched = null;
}

/** The log for a filter, newest first, keyset-paged (`nextCursor`) as the table scrolls. */
export function useRequestLog(filter: RequestFilter): RequestLog {
  const key = JSON.stringify(filter);
  const [rows, setRows] = useState<RequestListRow[]>([]);
  const [total, setTotal] = useState<RequestLog['total']>(null);
  const [counting, setCounting] = useState(true);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const cursor = useRef<string | null>(null);
  const more = useRef(false);
  const gen = useRef(0);
  const countedKey = useRef<string | null>(null);
  // The first load starts in the first render, not in the effect after the commit: the request is
  // on the wire while React renders and commits the page.
  const pending = useRef<{ key: string; load: FirstLoad } | null | undefined>(undefined);
  if (pending.current === undefined) pending.current = { key, load: firstLoadFor(key) };
  const busy = useRef(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const mine = ++gen.current;
    setLoading(true);
    setCounting(true);
    // Another filter's count must not stand beside these rows; a reload keeps its count until the new one.
    if (countedKey.current !== key) setTotal(null);
    countedKey.current = key;
    setError(null);
    busy.current = true;
    const started = pending.current;
    pending.current = null;
    const first = started && started.key === key ? started.load : startFirstLoad(JSON.parse(key) as RequestFilter);
    consume(first);
    first.total
      .then((t) => mine === gen.current && setTotal(t))
      .catch(() => mine === gen.current && setTotal(null)) // the page's own error is what the user sees
      .finally(() => mine === gen.current && setCounting(false));
    first.page
      .then((page) => {
        if (mine !== gen.current) return;
        setRows(page.rows);
        cursor.current = page.nextCursor;
        more.current = page.nextCursor !== null;
      })
      .catch((err: unknown) => {
        if (mine !== gen.current) return;
        setRows([]);
        setTotal(null);
        more.current = false;
        setError(err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => {
        if (mine !== gen.current) return;
        busy.current = false;
        setLoading(false);
      });
  }, [key, reloads]);

  const loadMore = useCallback(() => {
    if (busy.current || !more.current || !cursor.current) return;
    const mine = gen.current;
    busy.current = true;
    setLoadingMore(true);
    api
      .call('requests.query', { ...(JSON.parse(key) as RequestFilter), cursor: cursor.current, limit: NEXT_PAGE, withTotal: false })
      .then((page) => {
        if (mine !== gen.current) return;
        setRows((r) => r.concat(page.rows));
        cursor.current = page.nextCursor;
        more.current = page.nextCursor !== null;
      })
      .catch((err: unknown) => {
        if (mine !== gen.current) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        more.current = false;
      })
      .finally(() => {
        if (mine !== gen.current) return;
        busy.current = false;
        setLoadingMore(false);
      });
  }, [key]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return { rows, total, counting, loading, loadingMore, hasMore: more.current, error, loadMore, reload };
}
