import { memo, useEffect, useRef } from 'react';
import { Badge, Box, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconBolt, IconRepeat } from '@tabler/icons-react';
import type { RequestListRow } from '../../../shared/costs';
import { count, fmtRowTime, ms, usdPrecise } from '../costs/format';

export const ROW_HEIGHT = 44;

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

const Row = memo(function Row({ row, index, start, selected, onClick }: { row: RequestListRow; index: number; start: number; selected: boolean; onClick: (i: number, open: boolean) => void }) {
  const model = row.servedModel ?? row.requestedModel ?? '—';
  const routed = row.requestedModel && row.servedModel && row.requestedModel !== row.servedModel;
  // Input is the whole prompt (cached included); output includes reasoning.
  const tokensIn = row.inputTokens;
  const tokensOut = row.outputTokens;
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
      <div role="gridcell" className="rq-cell">
        <Group gap={3} wrap="nowrap">
          <StatusBadge row={row} />
          {row.cacheHit && (
            <Tooltip label="Served from the response cache">
              <IconBolt size={14} color="var(--mantine-color-yellow-6)" aria-label="cache hit" />
            </Tooltip>
          )}
          {row.attempts > 1 && (
            <Tooltip label={`${row.attempts} attempts`}>
              <IconRepeat size={13} color="var(--mantine-color-dimmed)" aria-label={`${row.attempts} attempts`} />
            </Tooltip>
          )}
        </Group>
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
        {row.tokenName || <Text span c="dimmed" size="sm">—</Text>}
        <span className="rq-sub">{row.route ? `route ${row.route}` : ' '}</span>
      </div>
      <div role="gridcell" className="rq-cell">
        {row.source}
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {tokensIn === null ? <Text span c="dimmed" size="sm">—</Text> : `${count(tokensIn)} → ${count(tokensOut ?? 0)}`}
        <span className="rq-sub">
          {row.cachedTokens ? `${count(row.cachedTokens)} cached` : ' '}
          {row.usageEstimated ? ' · est.' : ''}
        </span>
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {ms(row.latencyMs)}
        <span className="rq-sub">{row.ttftMs !== null ? `TTFT ${ms(row.ttftMs)}` : ' '}</span>
      </div>
      <div role="gridcell" className="rq-cell rq-num">
        {!row.priced && row.status !== null && row.status < 400 ? (
          <Tooltip label="No known price for this model: set one in Costs → Prices">
            <Badge size="xs" color="orange" variant="light">
              no price
            </Badge>
          </Tooltip>
        ) : (
          <span className="rq-mono">{usdPrecise(row.costUsd)}</span>
        )}
        <span className="rq-sub">{row.cacheHit ? 'cached' : row.listCostUsd !== null && row.costUsd !== null && row.listCostUsd !== row.costUsd ? `list ${usdPrecise(row.listCostUsd)}` : ' '}</span>
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
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollPaddingStart: 34 });
  const items = v.getVirtualItems();
  const last = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - 40) loadMore();
  }, [last, rows.length, hasMore, loadingMore, loadMore]);

  useEffect(() => {
    if (selected >= 0) v.scrollToIndex(selected, { align: 'auto' });
  }, [selected, v]);

  const painted = useRef(false);
  useEffect(() => {
    if (!painted.current && rows.length > 0 && onFirstPaint) {
      painted.current = true;
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
