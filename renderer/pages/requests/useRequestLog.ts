import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestFilter, RequestListRow } from '../../../shared/costs';
import { api } from '../../api';

export interface RequestLog {
  rows: RequestListRow[];
  total: { count: number; exact: boolean } | null;
  /** First page still loading (no rows to show yet for this filter). */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: Error | null;
  loadMore: () => void;
  reload: () => void;
}

const FIRST_PAGE = 100;
const NEXT_PAGE = 300;

type Page = Awaited<ReturnType<typeof api.call<'requests.query'>>>;
let prefetched: { key: string; at: number; page: Promise<Page> } | null = null;

/**
 * Starts loading the first page for a filter before the page has rendered
 * (called when the Requests chunk loads), so the query and the first render
 * overlap. `useRequestLog` takes it if the filter matches and it is fresh.
 */
export function prefetchFirstPage(filter: RequestFilter): void {
  const key = JSON.stringify(filter);
  prefetched = { key, at: Date.now(), page: api.call('requests.query', { ...filter, limit: FIRST_PAGE, withTotal: true }) };
  prefetched.page.catch(() => {}); // the hook reports errors when it takes it
}

function takePrefetched(key: string): Promise<Page> | null {
  const p = prefetched;
  prefetched = null;
  return p && p.key === key && Date.now() - p.at < 5000 ? p.page : null;
}

/** The log for a filter, newest first, keyset-paged (`nextCursor`) as the table scrolls. */
export function useRequestLog(filter: RequestFilter): RequestLog {
  const key = JSON.stringify(filter);
  const [rows, setRows] = useState<RequestListRow[]>([]);
  const [total, setTotal] = useState<RequestLog['total']>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const cursor = useRef<string | null>(null);
  const more = useRef(false);
  const gen = useRef(0);
  const busy = useRef(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const mine = ++gen.current;
    setLoading(true);
    setError(null);
    busy.current = true;
    (takePrefetched(key) ?? api.call('requests.query', { ...(JSON.parse(key) as RequestFilter), limit: FIRST_PAGE, withTotal: true }))
      .then((page) => {
        if (mine !== gen.current) return;
        setRows(page.rows);
        setTotal(page.total);
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

  return { rows, total, loading, loadingMore, hasMore: more.current, error, loadMore, reload };
}
