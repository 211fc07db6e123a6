import './requests.css';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button, EmptyState, Group, Kbd, Stack, Text } from '@mantine/core';
import { IconListSearch, IconPlug, IconRefresh, IconSearchOff } from '@tabler/icons-react';
import type { MethodOutput } from '../../../shared/contract';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { href, useHashLocation } from '../../router';
import { exact, fmtRowTime } from '../costs/format';
import { parseRequestsQuery, requestsQuery } from '../costs/links';
import { activeCount, Filters, fromLink, toApi, toLink, type UiFilter } from './Filters';
import { RequestDrawer } from './RequestDrawer';
import { RequestTable, ROW_HEIGHT, StatusBadge } from './RequestTable';
import { perfMark } from './perf';
import { prefetchFirstPage, useRequestLog } from './useRequestLog';

/** The hash's filter (`#/requests/<query>`), as the page will start with it. */
function filterFromHash(): UiFilter {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/');
  return fromLink(parseRequestsQuery(parts[0] === 'requests' && parts[1] ? decodeURIComponent(parts[1]) : undefined));
}

// On a cold start straight onto this page, start the first query as soon as this chunk loads,
// while React resolves the lazy page. (In-app navigations start it in the page's first render:
// a hashchange listener here would run after the router's, which re-renders the app synchronously.)
prefetchFirstPage(toApi(filterFromHash()));

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (TYPING.has(el.tagName) || el.isContentEditable);

perfMark('requests:chunk');

/** Marks when the first rows are on screen: called in the frame after they were committed, the task after it painted. */
function markFirstRows() {
  setTimeout(() => perfMark('requests:first-rows'), 0);
}

function useTableHeight(ref: React.RefObject<HTMLElement | null>, deps: unknown[]): number {
  const [h, setH] = useState(520);
  useLayoutEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 300;
      setH(Math.max(360, Math.floor(window.innerHeight - top - 24)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return h;
}

/** Plain elements (not Mantine Skeletons): it is drawn on the way to the first rows, so it must cost next to nothing. */
function TableSkeleton({ height }: { height: number }) {
  return (
    <div className="rq-skeleton" style={{ height }} aria-busy="true" aria-label="Loading requests" data-testid="requests-skeleton">
      <div className="rq-skel" style={{ height: 34 }} />
      {Array.from({ length: Math.min(14, Math.floor(height / (ROW_HEIGHT + 6))) }, (_, i) => (
        <div key={i} className="rq-skel" style={{ height: ROW_HEIGHT - 6, opacity: 1 - i * 0.05 }} />
      ))}
    </div>
  );
}

/** Memoised: the page re-renders as rows arrive, the header never needs to. */
const Header = memo(function Header({ onRefresh, refreshing }: { onRefresh: () => void; refreshing: boolean }) {
  return (
    <PageHeader
      title="Requests"
      description={
        <>
          Every call through Switchboard, newest first. <Kbd size="xs">j</Kbd>/<Kbd size="xs">k</Kbd> move, <Kbd size="xs">Enter</Kbd> opens the details,{' '}
          <Kbd size="xs">Esc</Kbd> closes them, <Kbd size="xs">/</Kbd> searches.
        </>
      }
      actions={
        <Button variant="default" size="sm" leftSection={<IconRefresh size={16} />} onClick={onRefresh} loading={refreshing}>
          Refresh
        </Button>
      }
    />
  );
});

type Facets = MethodOutput<'requests.facets'>;

/**
 * The filters' option lists, asked for once the first rows are on screen (or
 * there are none to wait for): they only fill the pickers' dropdowns, and
 * re-rendering nine pickers must not hold up the rows.
 */
function useFacetsAfter(ready: boolean): Facets | undefined {
  const [facets, setFacets] = useState<Facets>();
  useEffect(() => {
    if (!ready) return;
    let live = true;
    api
      .call('requests.facets', {})
      .then((f) => live && setFacets(f))
      .catch(() => {}); // without them the pickers still take typed values
    return () => {
      live = false;
    };
  }, [ready]);
  return facets;
}

export default function RequestsPage() {
  const rendered = useRef(false);
  if (!rendered.current) {
    rendered.current = true;
    perfMark('requests:render');
  }
  useLayoutEffect(() => perfMark('requests:page-committed'), []);
  const loc = useHashLocation();
  const [filter, setFilter] = useState<UiFilter>(() => fromLink(parseRequestsQuery(loc.rest[0])));
  const apiFilter = useMemo(() => toApi(filter), [filter]);
  const log = useRequestLog(apiFilter);
  const [painted, setPainted] = useState(false);
  const facets = useFacetsAfter(painted || (!log.loading && log.rows.length === 0));
  const [selected, setSelected] = useState(-1);
  const [openId, setOpenId] = useState<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const height = useTableHeight(tableRef, [log.loading && log.rows.length === 0]);

  // Keep the address shareable (and Back-friendly) without a hashchange.
  useEffect(() => {
    const qs = requestsQuery(toLink(filter));
    const next = qs ? href('requests', qs) : href('requests');
    if (window.location.hash !== next) history.replaceState(history.state, '', next);
  }, [filter]);

  // A new filter starts at the top with nothing selected.
  useEffect(() => setSelected(-1), [apiFilter]);

  const rowsRef = useRef(log.rows);
  rowsRef.current = log.rows;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const open = useCallback((i: number) => {
    const r = rowsRef.current[i];
    if (r) setOpenId(r.id);
  }, []);
  const onSelect = useCallback(
    (i: number, andOpen: boolean) => {
      setSelected(i);
      if (andOpen) open(i);
    },
    [open],
  );

  // j/k (and arrows on the table) move; Enter opens; Esc closes (the drawer); / searches.
  const drawerOpen = openId !== null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const onTable = e.target instanceof HTMLElement && e.target.dataset.testid === 'request-table';
      const n = rowsRef.current.length;
      const move = (d: number) => {
        e.preventDefault();
        if (n === 0) return;
        const s = selectedRef.current;
        const next = Math.max(0, Math.min(n - 1, s < 0 ? 0 : s + d));
        setSelected(next);
        if (drawerOpen && rowsRef.current[next]) setOpenId(rowsRef.current[next]!.id);
      };
      if (e.key === 'j' || (onTable && e.key === 'ArrowDown')) move(1);
      else if (e.key === 'k' || (onTable && e.key === 'ArrowUp')) move(-1);
      else if (onTable && e.key === 'PageDown') move(10);
      else if (onTable && e.key === 'PageUp') move(-10);
      else if (onTable && e.key === 'Home') move(-n);
      else if (e.key === 'Enter' && !drawerOpen && (onTable || e.target === document.body)) {
        if (selectedRef.current >= 0) {
          e.preventDefault();
          open(selectedRef.current);
        }
      } else if (e.key === '/' && !drawerOpen) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid=filter-search]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawerOpen, open]);

  const firstPaint = useCallback(() => {
    markFirstRows();
    setPainted(true);
  }, []);
  const openRow = openId === null ? undefined : log.rows.find((r) => r.id === openId);
  const filtered = activeCount(filter) > 0;
  const total = log.total;
  const reload = log.reload;
  const closeDrawer = useCallback(() => setOpenId(null), []);
  const onReplayed = useCallback(
    (id: string | null) => {
      reload();
      if (id) setOpenId(id);
    },
    [reload],
  );
  const drawerTitle = useMemo(
    () =>
      openRow ? (
        <Group gap={8} wrap="nowrap">
          <StatusBadge row={openRow} />
          <Text fw={600} truncate maw={420}>
            {openRow.servedModel ?? openRow.requestedModel ?? 'Request'}
          </Text>
          <Text size="sm" c="dimmed">
            {fmtRowTime(openRow.ts)}
          </Text>
        </Group>
      ) : (
        <Text fw={600}>Request</Text>
      ),
    [openRow],
  );

  return (
    <>
      <Header onRefresh={reload} refreshing={log.loading && log.rows.length > 0} />
      <Stack gap="sm">
        <Filters value={filter} onChange={setFilter} facets={facets} />
        <Group justify="space-between" gap="xs" mih={22}>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="request-count">
            {log.counting && !total
              ? 'Counting…'
              : total
                ? `${total.exact ? '' : 'about '}${exact(total.count)} request${total.count === 1 ? '' : 's'}${filtered ? ' match' : ''}`
                : ''}
          </Text>
          {log.rows.length > 0 && (
            <Text size="xs" c="dimmed" data-testid="loaded-count">
              {exact(log.rows.length)} loaded{log.hasMore ? ' · more load as you scroll' : ''}
            </Text>
          )}
        </Group>
        <div ref={tableRef}>
          {log.error && log.rows.length === 0 ? (
            <ErrorAlert title="Could not load the request log" error={log.error} onRetry={log.reload} />
          ) : log.loading && log.rows.length === 0 ? (
            <TableSkeleton height={height} />
          ) : log.rows.length === 0 ? (
            filtered ? (
              <EmptyState
                py={60}
                icon={<IconSearchOff size={28} />}
                variant="light"
                title="No requests match these filters"
                description="Widen the time range or remove a filter."
                data-testid="requests-empty"
              >
                <EmptyState.Actions>
                  <Button variant="light" onClick={() => setFilter({ time: 'any' })}>
                    Clear all filters
                  </Button>
                </EmptyState.Actions>
              </EmptyState>
            ) : (
              <EmptyState
                py={60}
                icon={<IconListSearch size={28} />}
                variant="light"
                title="No requests logged yet"
                description="Connect a tool with a client token; every call it makes through Switchboard shows up here with its cost."
                data-testid="requests-empty"
              >
                <EmptyState.Actions>
                  <Button component="a" href={href('connect')} variant="light" leftSection={<IconPlug size={16} />}>
                    Open Connect
                  </Button>
                </EmptyState.Actions>
              </EmptyState>
            )
          ) : (
            <>
              {log.error && <ErrorAlert title="Could not load more requests" error={log.error} onRetry={log.reload} />}
              <RequestTable
                rows={log.rows}
                totalCount={total?.count ?? null}
                hasMore={log.hasMore}
                loadingMore={log.loadingMore}
                loadMore={log.loadMore}
                selected={selected}
                onSelect={onSelect}
                height={height}
                onFirstPaint={firstPaint}
              />
            </>
          )}
        </div>
      </Stack>
      <RequestDrawer id={openId} onClose={closeDrawer} onReplayed={onReplayed} title={drawerTitle} />
    </>
  );
}
