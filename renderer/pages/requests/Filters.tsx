import { memo, useEffect, useState } from 'react';
import { Button, Group, NumberInput, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import type { MethodOutput } from '../../../shared/contract';
import type { RequestFilter } from '../../../shared/costs';
import { DIM_PICKERS, DimPickers, type DimLists } from '../costs/DimPickers';
import { fmtRange, isoDay } from '../costs/format';
import type { RequestLinkFilter } from '../costs/links';
import { addDays } from '../costs/range';

export type TimePreset = 'any' | '1h' | '24h' | '7d' | '30d' | '90d' | 'custom';

export interface UiFilter extends DimLists {
  time: TimePreset;
  from?: number;
  to?: number;
  status?: 'ok' | 'error' | 'client_error' | 'server_error';
  cacheHit?: boolean;
  priced?: false;
  costMin?: number;
  costMax?: number;
  search?: string;
}

const WINDOWS: Record<Exclude<TimePreset, 'any' | 'custom'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 };
const TIME_OPTIONS = [
  { value: 'any', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom…' },
];

export function fromLink(l: RequestLinkFilter): UiFilter {
  const f: UiFilter = { time: l.from !== undefined || l.to !== undefined ? 'custom' : 'any' };
  if (l.from !== undefined) f.from = l.from;
  if (l.to !== undefined) f.to = l.to;
  for (const k of ['providers', 'models', 'tokens', 'routes', 'sources'] as const) if (l[k]?.length) f[k] = l[k];
  if (l.status === 'ok' || l.status === 'error' || l.status === 'client_error' || l.status === 'server_error') f.status = l.status;
  if (l.cacheHit !== undefined) f.cacheHit = l.cacheHit;
  if (l.priced === false) f.priced = false;
  if (l.search) f.search = l.search;
  return f;
}

export function toLink(f: UiFilter): RequestLinkFilter {
  const { time: _t, costMin: _a, costMax: _b, ...rest } = f;
  void _t;
  void _a;
  void _b;
  return rest;
}

export function toApi(f: UiFilter): RequestFilter {
  const out: RequestFilter = {};
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  for (const k of ['providers', 'models', 'tokens', 'routes', 'sources'] as const) if (f[k]?.length) out[k] = f[k];
  if (f.status) out.status = f.status;
  if (f.cacheHit !== undefined) out.cacheHit = f.cacheHit;
  if (f.priced === false) out.priced = false;
  if (f.costMin !== undefined) out.costMin = f.costMin;
  if (f.costMax !== undefined) out.costMax = f.costMax;
  const s = f.search?.trim();
  if (s) out.search = s;
  return out;
}

export function activeCount(f: UiFilter): number {
  const a = toApi(f);
  return Object.keys(a).filter((k) => k !== 'to').length;
}

function CustomTime({ f, onChange }: { f: UiFilter; onChange: (f: UiFilter) => void }) {
  const [open, setOpen] = useState(false);
  const [a, setA] = useState(f.from !== undefined ? isoDay(f.from) : isoDay(addDays(Date.now(), -7)));
  const [b, setB] = useState(f.to !== undefined ? isoDay(f.to - 1) : isoDay(Date.now()));
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : NaN;
  };
  const from = parse(a);
  const to = parse(b);
  const ok = Number.isFinite(from) && Number.isFinite(to) && to >= from;
  const label = f.from !== undefined ? fmtRange(f.from, f.to ?? Date.now()) : 'Pick dates';
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-start" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => setOpen((o) => !o)} aria-label={`Custom dates: ${label}`}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!ok) return;
            onChange({ ...f, time: 'custom', from, to: addDays(to, 1) });
            setOpen(false);
          }}
        >
          <Stack gap="xs" w={240}>
            <TextInput size="xs" type="date" label="From" value={a} onChange={(e) => setA(e.currentTarget.value)} />
            <TextInput size="xs" type="date" label="To (inclusive)" value={b} onChange={(e) => setB(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button size="xs" type="submit" disabled={!ok}>
                Apply
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

function CostRange({ f, onChange }: { f: UiFilter; onChange: (f: UiFilter) => void }) {
  const num = (v: number | string) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  return (
    <Group gap={4} wrap="nowrap">
      <NumberInput
        size="xs"
        w={84}
        min={0}
        decimalScale={6}
        prefix="$"
        placeholder="Cost ≥"
        aria-label="Minimum cost in dollars"
        value={f.costMin ?? ''}
        onChange={(v) => onChange({ ...f, costMin: num(v) })}
        hideControls
      />
      <Text size="xs" c="dimmed">
        –
      </Text>
      <NumberInput
        size="xs"
        w={84}
        min={0}
        decimalScale={6}
        prefix="$"
        placeholder="Cost ≤"
        aria-label="Maximum cost in dollars"
        value={f.costMax ?? ''}
        onChange={(v) => onChange({ ...f, costMax: num(v) })}
        hideControls
      />
    </Group>
  );
}

/**
 * Stand-ins for the five pickers, the same size, until their option lists
 * arrive (just after the first rows are on screen): five Mantine MultiSelects
 * are a third of the page's first render, and would only open empty.
 */
function DimPlaceholders({ w }: { w: number }) {
  return (
    <>
      {DIM_PICKERS.map((p) => (
        <div key={p.key} className="rq-picker-placeholder" style={{ width: w }} aria-hidden="true">
          {p.label}: all
        </div>
      ))}
    </>
  );
}

/** Memoised: a dozen Mantine inputs that need not re-render when rows or the total arrive. */
export const Filters = memo(function Filters({ value, onChange, facets }: { value: UiFilter; onChange: (f: UiFilter) => void; facets: MethodOutput<'requests.facets'> | undefined }) {
  const [search, setSearch] = useState(value.search ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  useEffect(() => {
    if ((value.search ?? '') !== debounced) onChange({ ...value, search: debounced || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const n = activeCount(value);
  return (
    <Stack gap="xs" data-testid="request-filters" role="search" aria-label="Filter the request log">
      <Group gap="xs" wrap="wrap">
        <TextInput
          size="xs"
          w={250}
          leftSection={<IconSearch size={14} />}
          placeholder="Search request and response bodies"
          aria-label="Search in stored bodies"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="filter-search"
        />
        <Select
          size="xs"
          w={130}
          aria-label="Time"
          data={TIME_OPTIONS}
          value={value.time}
          allowDeselect={false}
          onChange={(v) => {
            const t = (v ?? 'any') as TimePreset;
            if (t === 'any') onChange({ ...value, time: t, from: undefined, to: undefined });
            else if (t === 'custom') onChange({ ...value, time: t });
            else onChange({ ...value, time: t, from: Date.now() - WINDOWS[t], to: undefined });
          }}
          data-testid="filter-time"
        />
        {value.time === 'custom' && <CustomTime f={value} onChange={onChange} />}
        <Select
          size="xs"
          w={120}
          aria-label="Status"
          data={[
            { value: 'any', label: 'Any status' },
            { value: 'ok', label: 'Succeeded' },
            { value: 'error', label: 'Failed' },
            { value: 'client_error', label: '4xx errors' },
            { value: 'server_error', label: '5xx errors' },
          ]}
          value={value.status ?? 'any'}
          allowDeselect={false}
          onChange={(v) => onChange({ ...value, status: v === 'any' || !v ? undefined : (v as UiFilter['status']) })}
          data-testid="filter-status"
        />
        <Select
          size="xs"
          w={126}
          aria-label="Cache"
          data={[
            { value: 'any', label: 'Cached or not' },
            { value: 'hit', label: 'Cache hits' },
            { value: 'miss', label: 'Not cached' },
          ]}
          value={value.cacheHit === undefined ? 'any' : value.cacheHit ? 'hit' : 'miss'}
          allowDeselect={false}
          onChange={(v) => onChange({ ...value, cacheHit: v === 'hit' ? true : v === 'miss' ? false : undefined })}
          data-testid="filter-cache"
        />
        <CostRange f={value} onChange={onChange} />
        <Select
          size="xs"
          w={130}
          aria-label="Priced"
          data={[
            { value: 'any', label: 'Any price' },
            { value: 'no', label: 'No known price' },
          ]}
          value={value.priced === false ? 'no' : 'any'}
          allowDeselect={false}
          onChange={(v) => onChange({ ...value, priced: v === 'no' ? false : undefined })}
        />
      </Group>
      <Group gap="xs" wrap="wrap">
        {facets || DIM_PICKERS.some((d) => value[d.key]?.length) ? (
          <DimPickers value={value} onChange={onChange} facets={facets} w={150} />
        ) : (
          <DimPlaceholders w={150} />
        )}
        {n > 0 && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => {
              setSearch('');
              onChange({ time: 'any' });
            }}
            data-testid="clear-filters"
          >
            Clear {n} filter{n === 1 ? '' : 's'}
          </Button>
        )}
      </Group>
    </Stack>
  );
});
