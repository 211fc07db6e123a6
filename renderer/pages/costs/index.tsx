import '@mantine/charts/styles.css';
import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Group, SimpleGrid, Stack, Switch, Tabs } from '@mantine/core';
import { IconChartBar, IconCurrencyDollar, IconDatabaseExport, IconFilterOff } from '@tabler/icons-react';
import type { DimFilter } from '../../../shared/costs';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { href, useHashLocation } from '../../router';
import { ExportCard, StorageCard } from './DataTab';
import { DimPickers } from './DimPickers';
import { fmtRange } from './format';
import { BudgetsCard, PreviousNote, SavingsCard, SpendCard, SummaryCards, TokensCard, TopCard, UnpricedAlert } from './Overview';
import { PricesTab } from './Prices';
import { RangePicker } from './RangePicker';
import { allowedBuckets, defaultBucket, presetRange, type Bucket, type DateRange } from './range';

const STATE_KEY = 'switchboard.costs.view';

interface ViewState {
  range: DateRange;
  compare: boolean;
  filter: DimFilter;
}

function loadState(): ViewState {
  const fallback: ViewState = { range: presetRange('30d'), compare: true, filter: {} };
  try {
    const raw = sessionStorage.getItem(STATE_KEY);
    if (!raw) return fallback;
    const s = JSON.parse(raw) as ViewState;
    // Presets are relative to today: recompute them so a page left open overnight moves on.
    const range = s.range.preset === 'custom' ? s.range : presetRange(s.range.preset);
    return { range, compare: s.compare !== false, filter: s.filter ?? {} };
  } catch {
    return fallback;
  }
}

const TABS = ['overview', 'prices', 'data'] as const;
type Tab = (typeof TABS)[number];

function activeFilter(f: DimFilter): DimFilter {
  const out: DimFilter = {};
  for (const [k, v] of Object.entries(f) as Array<[keyof DimFilter, string[] | undefined]>) if (v && v.length) out[k] = v;
  return out;
}

function Overview({ view, bucket, setBucket, openPrices }: { view: ViewState; bucket: Bucket; setBucket: (b: Bucket) => void; openPrices: () => void }) {
  const { range, compare } = view;
  const filter = activeFilter(view.filter);
  const base = { from: range.from, to: range.to, filter };
  const key = JSON.stringify(base);
  const summary = useApiQuery('costs.summary', { ...base, compare }, `${key}:${compare}`);
  const savings = useApiQuery('costs.savings', base, key);
  const budgets = useApiQuery('costs.budgets', {});

  return (
    <Stack gap="md">
      {summary.error && <ErrorAlert title="Could not load the cost summary" error={summary.error} onRetry={() => void summary.reload()} />}
      <SummaryCards summary={summary.data} savedUsd={savings.data?.totalSavedUsd} compare={compare} />
      {compare && <PreviousNote summary={summary.data} />}
      <UnpricedAlert n={summary.data?.current.unpricedRequests ?? 0} onOpenPrices={openPrices} />
      <SpendCard range={range} filter={filter} compare={compare} bucket={bucket} setBucket={setBucket} budgets={budgets.data} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <TokensCard range={range} filter={filter} bucket={bucket} />
        <BudgetsCard budgets={budgets} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <TopCard range={range} filter={filter} compare={compare} />
        <SavingsCard savings={savings} />
      </SimpleGrid>
    </Stack>
  );
}

export default function CostsPage() {
  const loc = useHashLocation();
  const tab: Tab = (TABS as readonly string[]).includes(loc.rest[0] ?? '') ? (loc.rest[0] as Tab) : 'overview';
  const [view, setView] = useState<ViewState>(loadState);
  const [bucket, setBucket] = useState<Bucket>(() => defaultBucket(view.range));
  const [version, setVersion] = useState(0);
  const facets = useApiQuery('requests.facets', {});
  const prices = useApiQuery('prices.list', { includeCatalog: false }, String(version));

  useEffect(() => {
    try {
      sessionStorage.setItem(STATE_KEY, JSON.stringify(view));
    } catch {
      /* private mode: keep it in memory */
    }
  }, [view]);

  const setRange = (range: DateRange) => {
    setView((v) => ({ ...v, range }));
    if (!allowedBuckets(range).includes(bucket)) setBucket(defaultBucket(range));
  };
  const filter = activeFilter(view.filter);
  const filtered = Object.keys(filter).length > 0;
  const unknownModels = useMemo(() => (prices.data?.rows ?? []).filter((r) => r.source === 'unknown').length, [prices.data]);

  return (
    <>
      <PageHeader
        title="Costs"
        description="Where every dollar goes: spend and tokens over time, top models and clients, savings, budgets and the prices behind them."
        actions={
          <Group gap="sm">
            <RangePicker value={view.range} onChange={setRange} />
            <Switch label="vs. previous period" checked={view.compare} onChange={(e) => setView((v) => ({ ...v, compare: e.currentTarget.checked }))} />
          </Group>
        }
      />
      <Group gap="xs" mb="md" wrap="wrap" data-testid="costs-filters" role="group" aria-label="Filter the costs">
        <DimPickers value={view.filter} onChange={(f) => setView((v) => ({ ...v, filter: f }))} facets={facets.data} w={160} />
        {filtered && (
          <Button size="xs" variant="subtle" leftSection={<IconFilterOff size={14} />} onClick={() => setView((v) => ({ ...v, filter: {} }))}>
            Clear filters
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={(t) => (window.location.hash = t && t !== 'overview' ? href('costs', t) : href('costs'))} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview" leftSection={<IconChartBar size={16} />}>
            Overview
          </Tabs.Tab>
          <Tabs.Tab
            value="prices"
            leftSection={<IconCurrencyDollar size={16} />}
            rightSection={
              unknownModels > 0 ? (
                <Badge size="xs" color="red" variant="filled" aria-label={`${unknownModels} models without a price`}>
                  {unknownModels}
                </Badge>
              ) : null
            }
          >
            Prices
          </Tabs.Tab>
          <Tabs.Tab value="data" leftSection={<IconDatabaseExport size={16} />}>
            Export &amp; retention
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview key={version} view={view} bucket={bucket} setBucket={setBucket} openPrices={() => (window.location.hash = href('costs', 'prices'))} />
        </Tabs.Panel>
        <Tabs.Panel value="prices">
          <PricesTab onChanged={() => setVersion((v) => v + 1)} />
        </Tabs.Panel>
        <Tabs.Panel value="data">
          <Stack gap="md">
            <ExportCard
              filter={{ from: view.range.from, to: view.range.to, ...filter }}
              describe={`${fmtRange(view.range.from, view.range.to)}${filtered ? ' matching the filters above' : ''}`}
            />
            <StorageCard onPurged={() => setVersion((v) => v + 1)} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
