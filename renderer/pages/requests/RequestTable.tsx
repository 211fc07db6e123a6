import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { Badge, Box, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconBolt, IconRepeat } from '@tabler/icons-react';
import type { RequestListRow } from '../../../shared/costs';
import { count, fmtRowTime, ms, usdPrecise } from '../costs/format';
import { perfMark } from './perf';

export const ROW_HEIGHT = 44;

/** Asked for one model (or a route) and served by another: not just `openai/gpt-4o` → `gpt-4o`. */
export function isRerouted(r: { requestedModel: string | null; servedModel: string | null; provider: string | null }): boolean {
  if (!r.requestedModel || !r.servedModel) return false;
  return r.requestedModel !== r.servedModel && r.requestedModel !== `${r.provider}/${r.servedModel}`;
}

export function statusColor(status: number | null): string {
  if (status === null) return 'gray';
  if (status < 300) return 'teal';
  if (status < 400) return 'blue';
  if (status === 499) return 'gray';
  if (status < 500) return 'orange';
  return 'red';
}

export function StatusBadge({ row }: { row: Pick<RequestListRow, 'status' | 'errorType' | 'partial'> }) {
  return (
    <Badge size="sm" variant="light" color={statusColor(row.status)} title={row.errorType ?? undefined} radius="sm">
      {row.status ?? 'none'}
      {row.partial ? '·cut' : ''}
    </Badge>
  );
}

/** A plain-element badge for the rows (hundreds of Mantine Badges would slow the first render). */
function RowStatus({ row }: { row: RequestListRow }) {
  const c = statusColor(row.status);
  return (
    <span className="rq-status" style={{ background: `var(--mantine-color-${c}-light)`, color: `var(--mantine-color-${c}-light-color)` }} title={row.errorType ?? undefined}>
      {row.status ?? 'none'}
      {row.partial ? '·cut' : ''}
    </span>
  );
}

const DIM = <span className="rq-dim">—</span>;

const Row = memo(function Row({ row, index, start, selected, onClick }: { row: RequestListRow; index: number; start: number; selected: boolean; onClick: (i: number, open: boolean) => void }) {
  const model = row.servedModel ?? row.requestedModel ?? '—';
  const routed = isRerouted(row);
  // Input is the whole prompt (cached included); output includes reasoning.
  const tokensIn = row.inputTokens;
  const tokensOut = row.outputTokens;
  const unpriced = !row.priced && row.status !== null && row.status < 400;
  return (
    <div
      role="row"
      id={`rq-${row.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="rq-row rq-grid"
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onClick(index, true)}
      data-testid="request-row"
      data-id={row.id}
    >
      <div role="gridcell" className="rq-cell">
        {fmtRowTime(row.ts)}
      </div>
      <div role="gridcell" className="rq-cell rq-flags">
        <RowStatus row={row} />
        {row.cacheHit && <IconBolt size={14} color="var(--mantine-color-yellow-6)" aria-label="cache hit" role="img"><title>Served from the response cache</title></IconBolt>}
        {row.attempts > 1 && <IconRepeat size={13} color="var(--mantine-color-dimmed)" aria-label={`${row.attempts} attempts`} role="img"><title>{`${row.attempts} attempts`}</title></IconRepeat>}
      </div>
      <div role="gridcell" className="rq-cell" title={`${row.provider ?? ''}/${model}`}>
        <span>{model}</span>
        <span className="rq-sub">
          {row.provider ?? 'no provider'}
          {routed ? ` · via ${row.requestedModel}` : ''}
          {row.stream ? ' · stream' : ''}
        </span>
      </div>
      <div role="gridcell" className="rq-cell">
        {row.tokenName || DIM}
        <span className="rq-sub">{row.route ? `route ${row.route}` : '\u00a0'}</span>
      </div>
      <div role="gridcell" className="rq-cell">
        {row.source}
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {tokensIn === null ? DIM : `${count(tokensIn)} → ${count(tokensOut ?? 0)}`}
        <span className="rq-sub">
          {row.cachedTokens ? `${count(row.cachedTokens)} cached` : '\u00a0'}
          {row.usageEstimated ? ' · est.' : ''}
        </span>
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {ms(row.latencyMs)}
        <span className="rq-sub">{row.ttftMs !== null ? `TTFT ${ms(row.ttftMs)}` : '\u00a0'}</span>
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {unpriced ? (
          <span className="rq-status" style={{ background: 'var(--mantine-color-orange-light)', color: 'var(--mantine-color-orange-light-color)' }} title="No known price for this model: set one in Costs → Prices">
            no price
          </span>
        ) : (
          <span className="rq-mono">{usdPrecise(row.costUsd)}</span>
        )}
        <span className="rq-sub">{row.cacheHit ? 'cached' : row.listCostUsd !== null && row.costUsd !== null && row.listCostUsd !== row.costUsd ? `list ${usdPrecise(row.listCostUsd)}` : '\u00a0'}</span>
      </div>
    </div>
  );
});

export function RequestTable({
  rows,
  totalCount,
  hasMore,
  loadingMore,
  loadMore,
  selected,
  onSelect,
  height,
  onFirstPaint,
}: {
  rows: RequestListRow[];
  totalCount: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  selected: number;
  onSelect: (i: number, open: boolean) => void;
  height: number;
  onFirstPaint?: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8, scrollPaddingStart: 34 });
  const items = v.getVirtualItems();
  const last = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - 40) loadMore();
  }, [last, rows.length, hasMore, loadingMore, loadMore]);

  useEffect(() => {
    if (selected >= 0) v.scrollToIndex(selected, { align: 'auto' });
  }, [selected, v]);

  const painted = useRef(false);
  useLayoutEffect(() => {
    if (!painted.current && rows.length > 0 && onFirstPaint) {
      painted.current = true;
      perfMark('requests:rows-committed'); // in the DOM, before style and layout
      requestAnimationFrame(() => onFirstPaint());
    }
  }, [rows.length, onFirstPaint]);

  return (
    <div
      ref={scrollRef}
      className="rq-scroll"
      style={{ height }}
      role="grid"
      aria-label="Logged requests, newest first. j and k move, Enter opens."
      aria-rowcount={totalCount === null ? -1 : totalCount + 1}
      aria-activedescendant={selected >= 0 && rows[selected] ? `rq-${rows[selected]!.id}` : undefined}
      tabIndex={0}
      data-testid="request-table"
    >
      <div role="row" aria-rowindex={1} className="rq-head rq-grid">
        <div role="columnheader">Time</div>
        <div role="columnheader">Status</div>
        <div role="columnheader">Model</div>
        <div role="columnheader">Client</div>
        <div role="columnheader">Source</div>
        <div role="columnheader" className="rq-num">
          Tokens in → out
        </div>
        <div role="columnheader" className="rq-num">
          Latency
        </div>
        <div role="columnheader" className="rq-num">
          Cost
        </div>
      </div>
      <div style={{ height: v.getTotalSize(), position: 'relative', minWidth: 1000 }}>
        {items.map((it) => (
          <Row key={rows[it.index]!.id} row={rows[it.index]!} index={it.index} start={it.start} selected={it.index === selected} onClick={onSelect} />
        ))}
      </div>
      {(loadingMore || (!hasMore && rows.length > 0)) && (
        <Box py={8} ta="center">
          {loadingMore ? (
            <Group justify="center" gap={6}>
              <Loader size="xs" />
              <Text size="xs" c="dimmed">
                Loading more…
              </Text>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              End of the log for these filters.
            </Text>
          )}
        </Box>
      )}
    </div>
  );
}
