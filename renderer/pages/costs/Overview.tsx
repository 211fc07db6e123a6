import { useState } from 'react';
import type { ChartReferenceLineProps } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Card,
  Code,
  EmptyState,
  Group,
  LoadingOverlay,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowDownRight, IconArrowUpRight, IconChartAreaLine, IconFlame, IconPigMoney } from '@tabler/icons-react';
import type { MethodOutput } from '../../../shared/contract';
import type { DimFilter } from '../../../shared/costs';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SpendChart, TokensChart, type Metric } from './charts';
import { count, exact, fmtRange, pct, usd } from './format';
import { requestsHref } from './links';
import { href } from '../../router';
import { allowedBuckets, type Bucket, type DateRange } from './range';

type Summary = MethodOutput<'costs.summary'>;
type Dim = 'provider' | 'model' | 'token' | 'route' | 'source';

export const DIM_LABELS: Record<Dim, string> = { provider: 'Provider', model: 'Model', token: 'Client token', route: 'Route', source: 'Source' };

/** A change vs. the previous period: spend rising is orange, falling teal; counts are neutral. */
export function DeltaBadge({ value, upIsBad = false, neutral = false, compact = false, label }: { value: number | null | undefined; upIsBad?: boolean; neutral?: boolean; compact?: boolean; label: string }) {
  const text = pct(value);
  if (text === null) {
    return (
      <Badge size="sm" variant="light" color="gray" aria-label={`${label}: nothing to compare with in the previous period`}>
        new
      </Badge>
    );
  }
  const up = (value ?? 0) > 0;
  const flat = text === '±0%';
  const color = flat || neutral ? 'gray' : up === upIsBad ? 'orange' : 'teal';
  return (
    <Badge
      size="sm"
      variant="light"
      color={color}
      tt="none"
      style={{ overflow: 'visible', flex: 'none' }}
      leftSection={flat || compact ? null : up ? <IconArrowUpRight size={12} /> : <IconArrowDownRight size={12} />}
      aria-label={`${label}: ${text} vs. the previous period`}
      data-testid="delta-badge"
    >
      {text}
    </Badge>
  );
}

function Stat({ label, value, delta, sub, testId }: { label: string; value: string; delta?: React.ReactNode; sub?: React.ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.4 }}>
          {label}
        </Text>
        {delta}
      </Group>
      <Text fz={26} fw={700} mt={4} lh={1.2} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed" mt={4}>
          {sub}
        </Text>
      )}
    </Paper>
  );
}

export function SummaryCards({ summary, savedUsd, compare }: { summary: Summary | undefined; savedUsd: number | undefined; compare: boolean }) {
  if (!summary) {
    return (
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={104} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  const c = summary.current;
  const ch = compare ? summary.change : null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
      <Stat
        testId="stat-spend"
        label="Spend"
        value={usd(c.costUsd)}
        delta={compare && <DeltaBadge value={ch?.costPct} upIsBad label="Spend" />}
        sub={
          <>
            {c.listCostUsd !== c.costUsd ? `${usd(c.listCostUsd)} at list price` : 'At list price (no discounts)'}
            {c.unpricedRequests > 0 && ` · ${exact(c.unpricedRequests)} unpriced`}
          </>
        }
      />
      <Stat
        testId="stat-requests"
        label="Requests"
        value={exact(c.requests)}
        delta={compare && <DeltaBadge value={ch?.requestsPct} neutral label="Requests" />}
        sub={`${exact(c.errors)} errors · ${exact(c.cacheHits)} cache hits`}
      />
      <Stat
        testId="stat-tokens"
        label="Tokens"
        value={count(c.tokens.total)}
        delta={compare && <DeltaBadge value={ch?.tokensPct} neutral label="Tokens" />}
        sub={`${count(c.tokens.input + c.tokens.cached)} in · ${count(c.tokens.output + c.tokens.reasoning)} out`}
      />
      <Stat testId="stat-saved" label="Saved" value={savedUsd === undefined ? '…' : usd(savedUsd)} sub="Cache, routing and discounts (below)" />
    </SimpleGrid>
  );
}

export function UnpricedAlert({ n, onOpenPrices }: { n: number; onOpenPrices: () => void }) {
  if (n <= 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={`${exact(n)} request${n === 1 ? ' has' : 's have'} no known price`} data-testid="unpriced-alert">
      <Text size="sm">
        Their models have no price in genai-prices and no override, so they are left out of the totals — never counted as $0.{' '}
        <Anchor component="button" size="sm" onClick={onOpenPrices}>
          Set a price
        </Anchor>{' '}
        to include them.
      </Text>
    </Alert>
  );
}

type Budgets = MethodOutput<'costs.budgets'>;

function budgetName(b: Budgets['budgets'][number]): string {
  return b.scope === 'global' ? 'All traffic' : `${DIM_LABELS[b.scope === 'token' ? 'token' : b.scope]} ${b.name ?? ''}`.trim();
}

/** Budget caps of the chart's period as reference lines (a daily cap on a daily chart…). */
export function budgetReferenceLines(budgets: Budgets | undefined, bucket: Bucket, metric: Metric): ChartReferenceLineProps[] {
  if (!budgets || metric !== 'cost' || (bucket !== 'day' && bucket !== 'month')) return [];
  return budgets.budgets
    .filter((b) => b.period === bucket)
    .map((b) => ({
      y: b.limitUsd,
      color: b.mode === 'hard' ? 'red.6' : 'orange.6',
      label: `${budgetName(b)} ${b.period === 'day' ? 'daily' : 'monthly'} cap ${usd(b.limitUsd)}${b.mode === 'soft' ? ' (soft)' : ''}`,
      labelPosition: 'insideTopLeft',
      strokeDasharray: '4 3',
    }));
}

const STACKS: Array<{ value: Dim | 'none'; label: string }> = [
  { value: 'none', label: 'Total' },
  { value: 'provider', label: 'Provider' },
  { value: 'model', label: 'Model' },
  { value: 'token', label: 'Client token' },
  { value: 'route', label: 'Route' },
  { value: 'source', label: 'Source' },
];
const BUCKET_LABELS: Record<Bucket, string> = { hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' };

export function SpendCard({
  range,
  filter,
  compare,
  bucket,
  setBucket,
  budgets,
}: {
  range: DateRange;
  filter: DimFilter;
  compare: boolean;
  bucket: Bucket;
  setBucket: (b: Bucket) => void;
  budgets: Budgets | undefined;
}) {
  const [stackBy, setStackBy] = useState<Dim | 'none'>('provider');
  const [metric, setMetric] = useState<Metric>('cost');
  const input = { from: range.from, to: range.to, bucket, stackBy: stackBy === 'none' ? null : stackBy, metric, filter, compare, maxSeries: 8 };
  const ts = useApiQuery('costs.timeseries', input, JSON.stringify(input));
  const lines = budgetReferenceLines(budgets, bucket, metric);
  const hiddenCaps = budgets && metric === 'cost' ? budgets.budgets.filter((b) => b.period !== bucket).length : 0;
  const buckets = allowedBuckets(range);
  const empty = ts.data && ts.data.points.every((p) => p.requests === 0);

  return (
    <Card component="section" aria-labelledby="spend-heading">
      <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
        <Group gap="xs">
          <IconChartAreaLine size={18} />
          <Title order={2} fz="md" id="spend-heading">
            {metric === 'requests' ? 'Requests' : metric === 'listCost' ? 'Spend at list price' : 'Spend'} over time
          </Title>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Select
            size="xs"
            w={150}
            aria-label="Metric"
            allowDeselect={false}
            value={metric}
            onChange={(v) => v && setMetric(v as Metric)}
            data={[
              { value: 'cost', label: 'Effective spend' },
              { value: 'listCost', label: 'List price' },
              { value: 'requests', label: 'Requests' },
            ]}
          />
          <Select
            size="xs"
            w={140}
            aria-label="Stack by"
            allowDeselect={false}
            value={stackBy}
            onChange={(v) => v && setStackBy(v as Dim | 'none')}
            data={STACKS.map((s) => ({ value: s.value, label: s.value === 'none' ? 'No stacking' : `By ${s.label.toLowerCase()}` }))}
            data-testid="stack-by"
          />
          <SegmentedControl
            size="xs"
            aria-label="Bucket"
            data-testid="bucket"
            value={bucket}
            onChange={(v) => setBucket(v as Bucket)}
            data={(['hour', 'day', 'week', 'month'] as Bucket[]).map((b) => ({ value: b, label: BUCKET_LABELS[b], disabled: !buckets.includes(b) }))}
          />
        </Group>
      </Group>
      <Box pos="relative">
        <LoadingOverlay visible={ts.loading && !!ts.data} overlayProps={{ blur: 1, backgroundOpacity: 0.25 }} loaderProps={{ size: 'sm' }} />
        {ts.error ? (
          <ErrorAlert title="Could not load spend over time" error={ts.error} onRetry={() => void ts.reload()} />
        ) : !ts.data ? (
          <Skeleton h={300} />
        ) : empty ? (
          <EmptyState h={300} icon={<IconChartAreaLine size={28} />} title="No requests in this range" description="Pick a wider range, or clear the filters." />
        ) : (
          <SpendChart ts={ts.data} withPrevious={compare} referenceLines={lines} />
        )}
      </Box>
      {metric === 'cost' && budgets && budgets.budgets.length > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          {lines.length > 0 ? `Dashed lines: ${lines.length} ${bucket === 'day' ? 'daily' : 'monthly'} cap${lines.length === 1 ? '' : 's'}.` : ''}{' '}
          {hiddenCaps > 0 && `${hiddenCaps} cap${hiddenCaps === 1 ? '' : 's'} for another period — switch to ${bucket === 'day' ? 'Month' : 'Day'} to see ${hiddenCaps === 1 ? 'it' : 'them'}.`}
        </Text>
      )}
    </Card>
  );
}

export function TokensCard({ range, filter, bucket }: { range: DateRange; filter: DimFilter; bucket: Bucket }) {
  const input = { from: range.from, to: range.to, bucket, stackBy: null, metric: 'tokens' as const, filter };
  const ts = useApiQuery('costs.timeseries', input, JSON.stringify(input));
  const empty = ts.data && ts.data.points.every((p) => p.tokens.total === 0);
  return (
    <Card component="section" aria-labelledby="tokens-heading">
      <Title order={2} fz="md" id="tokens-heading" mb="sm">
        Tokens over time
      </Title>
      {ts.error ? (
        <ErrorAlert title="Could not load tokens over time" error={ts.error} onRetry={() => void ts.reload()} />
      ) : !ts.data ? (
        <Skeleton h={260} />
      ) : empty ? (
        <EmptyState h={260} title="No tokens in this range" description="Nothing was logged with token counts here." />
      ) : (
        <TokensChart ts={ts.data} />
      )}
    </Card>
  );
}

const TOP_TABS: Array<{ value: Dim; label: string }> = [
  { value: 'model', label: 'Models' },
  { value: 'token', label: 'Clients' },
  { value: 'route', label: 'Routes' },
  { value: 'provider', label: 'Providers' },
  { value: 'source', label: 'Sources' },
];

function TopTable({ range, filter, by, compare }: { range: DateRange; filter: DimFilter; by: Dim; compare: boolean }) {
  const input = { from: range.from, to: range.to, by, filter, limit: 10, compare };
  const top = useApiQuery('costs.top', input, JSON.stringify(input));
  if (top.error) return <ErrorAlert title="Could not load the top list" error={top.error} onRetry={() => void top.reload()} />;
  if (!top.data) return <Skeleton h={280} />;
  if (top.data.rows.length === 0) return <EmptyState h={200} title="Nothing to rank" description="No requests in this range." />;
  return (
    <Table verticalSpacing={6} highlightOnHover data-testid={`top-${by}`} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{DIM_LABELS[by]}</Table.Th>
          <Table.Th ta="right" w={90}>
            Spend
          </Table.Th>
          <Table.Th ta="right" w={80}>
            Requests
          </Table.Th>
          {compare && (
            <Table.Th ta="right" w={100}>
              vs. prev.
            </Table.Th>
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {top.data.rows.map((r) => {
          const link =
            by === 'model'
              ? { providers: r.provider ? [r.provider] : undefined, models: r.model ? [r.model] : undefined }
              : { [`${by}s`]: [r.key] };
          const change = r.previousCostUsd ? ((r.costUsd - r.previousCostUsd) / r.previousCostUsd) * 100 : null;
          const name = by === 'model' && r.model ? r.model : r.label;
          return (
            <Table.Tr key={r.key} data-testid="top-row">
              <Table.Td>
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Anchor href={requestsHref({ from: range.from, to: range.to, ...link })} size="sm" c="inherit" title={`${r.label}: show these requests`} truncate="end" style={{ minWidth: 0 }}>
                    {name}
                    {by === 'model' && r.provider && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {r.provider}
                      </Text>
                    )}
                  </Anchor>
                  {r.unpricedRequests > 0 && (
                    <Tooltip label={`${exact(r.unpricedRequests)} requests with no known price are not in the spend`}>
                      <Badge size="xs" color="orange" variant="light" style={{ flex: 'none' }}>
                        {exact(r.unpricedRequests)} unpriced
                      </Badge>
                    </Tooltip>
                  )}
                </Group>
                <Progress value={r.share * 100} size={4} mt={4} aria-label={`${Math.round(r.share * 100)}% of spend`} />
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="sm">
                {usd(r.costUsd)}
              </Table.Td>
              <Table.Td ta="right" fz="sm">
                {exact(r.requests)}
              </Table.Td>
              {compare && (
                <Table.Td ta="right">
                  <DeltaBadge value={change} upIsBad compact label={`${r.label} spend`} />
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
        {top.data.otherCount > 0 && (
          <Table.Tr>
            <Table.Td c="dimmed" fz="sm">
              {exact(top.data.otherCount)} more
            </Table.Td>
            <Table.Td ta="right" ff="monospace" fz="sm" c="dimmed">
              {usd(top.data.otherCostUsd)}
            </Table.Td>
            <Table.Td />
            {compare && <Table.Td />}
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

export function TopCard({ range, filter, compare }: { range: DateRange; filter: DimFilter; compare: boolean }) {
  const [by, setBy] = useState<Dim>('model');
  return (
    <Card component="section" aria-labelledby="top-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md" id="top-heading">
          Top by spend
        </Title>
      </Group>
      <Tabs value={by} onChange={(v) => v && setBy(v as Dim)} keepMounted={false}>
        <Tabs.List mb="xs">
          {TOP_TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TOP_TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            <TopTable range={range} filter={filter} by={t.value} compare={compare} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Card>
  );
}

type Savings = MethodOutput<'costs.savings'>;

function SavingRow({ title, amount, detail, negative }: { title: string; amount: number; detail: React.ReactNode; negative?: boolean }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      </Stack>
      <Text fw={700} c={negative ? 'red' : amount > 0 ? 'teal' : undefined} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {negative ? `−${usd(-amount)}` : usd(amount)}
      </Text>
    </Group>
  );
}

export function SavingsCard({ savings }: { savings: { data?: Savings; error: Error | null; reload: () => Promise<void> } }) {
  const s = savings.data;
  return (
    <Card component="section" aria-labelledby="savings-heading" data-testid="savings-card">
      <Group gap="xs" mb="sm">
        <IconPigMoney size={18} />
        <Title order={2} fz="md" id="savings-heading">
          Savings
        </Title>
      </Group>
      {savings.error ? (
        <ErrorAlert title="Could not load savings" error={savings.error} onRetry={() => void savings.reload()} />
      ) : !s ? (
        <Skeleton h={180} />
      ) : (
        <Stack gap="sm">
          <SavingRow
            title="Response cache"
            amount={s.cache.savedUsd}
            detail={
              s.cache.hits > 0
                ? `What the ${exact(s.cache.hits)} cache hit${s.cache.hits === 1 ? '' : 's'} would have cost had they gone to the provider.`
                : 'No cache hits in this range.'
            }
          />
          <SavingRow
            title="Auto-routing"
            amount={s.routing.savedUsd}
            negative={s.routing.savedUsd < 0}
            detail={
              s.routing.requests > 0 ? (
                <>
                  {exact(s.routing.requests)} routed call{s.routing.requests === 1 ? '' : 's'} cost {usd(s.routing.actualUsd)}; the same usage on the requested or
                  default model would have cost {usd(s.routing.counterfactualUsd)}
                  {s.routing.savedUsd < 0 ? ' — routing cost more here.' : '.'}
                </>
              ) : (
                'No auto-routed calls in this range.'
              )
            }
          />
          <SavingRow
            title="Provider discounts"
            amount={s.discounts.savedUsd}
            detail={s.discounts.savedUsd !== 0 ? `${usd(s.discounts.listUsd)} at list price, ${usd(s.discounts.effectiveUsd)} after your discounts.` : 'No provider discounts set (Settings).'}
          />
          {s.routing.byRoute.length > 0 && (
            <Table fz="xs" verticalSpacing={4} mt={4} data-testid="savings-by-route">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Route</Table.Th>
                  <Table.Th ta="right">Calls</Table.Th>
                  <Table.Th ta="right">Actual</Table.Th>
                  <Table.Th ta="right">Would have cost</Table.Th>
                  <Table.Th ta="right">Saved</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.routing.byRoute.map((r) => (
                  <Table.Tr key={r.route}>
                    <Table.Td>{r.label}</Table.Td>
                    <Table.Td ta="right">{exact(r.requests)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {usd(r.actualUsd)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {usd(r.counterfactualUsd)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace" c={r.savedUsd < 0 ? 'red' : 'teal'}>
                      {r.savedUsd < 0 ? `−${usd(-r.savedUsd)}` : usd(r.savedUsd)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Text size="xs" c="dimmed">
            Counterfactuals are priced at the effective prices of the time each call was logged; nothing here is counted twice in Spend.
          </Text>
        </Stack>
      )}
    </Card>
  );
}

export function BudgetsCard({ budgets }: { budgets: { data?: Budgets; error: Error | null; reload: () => Promise<void> } }) {
  const b = budgets.data;
  return (
    <Card component="section" aria-labelledby="budgets-heading" data-testid="budgets-card">
      <Group gap="xs" mb="sm" justify="space-between">
        <Group gap="xs">
          <IconFlame size={18} />
          <Title order={2} fz="md" id="budgets-heading">
            Budgets and burn rate
          </Title>
        </Group>
        <Anchor href={href('settings', 'budgets')} size="sm" data-testid="manage-budgets">
          Manage budgets
        </Anchor>
      </Group>
      {budgets.error ? (
        <ErrorAlert title="Could not load budgets" error={budgets.error} onRetry={() => void budgets.reload()} />
      ) : !b ? (
        <Skeleton h={180} />
      ) : (
        <Stack gap="sm">
          <Paper withBorder p="sm" radius="md" data-testid="burn-rate">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  Today so far
                </Text>
                <Text fw={700} fz="lg">
                  {usd(b.burn.todayUsd)}
                </Text>
              </Stack>
              <Stack gap={0} ta="right">
                <Text size="xs" c="dimmed">
                  Burn rate
                </Text>
                <Text fw={700} fz="lg" c={b.burn.thresholdUsdPerHour !== null && b.burn.lastHourUsd > b.burn.thresholdUsdPerHour ? 'red' : undefined}>
                  {usd(b.burn.hourlyRateUsd)}/h
                </Text>
              </Stack>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {usd(b.burn.lastHourUsd)} in the last hour · on pace for {usd(b.burn.projectedTodayUsd)} today
              {b.burn.thresholdUsdPerHour !== null ? ` · alert above ${usd(b.burn.thresholdUsdPerHour)}/h` : ''}
            </Text>
          </Paper>
          {b.budgets.length === 0 ? (
            <Text size="sm" c="dimmed">
              No spending caps yet. <Anchor href={href('settings', 'budgets')}>Add one in Settings</Anchor> (or with <Code>switchboard budget set</Code>); caps show here and as lines on the chart.
            </Text>
          ) : (
            b.budgets.map((x) => (
              <Stack key={x.id} gap={4} data-testid={`budget-${x.id}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {budgetName(x)}
                    </Text>
                    <Badge size="xs" variant="light" color="gray">
                      {x.period === 'day' ? 'daily' : 'monthly'}
                    </Badge>
                    <Badge size="xs" variant="light" color={x.mode === 'hard' ? 'red' : 'orange'}>
                      {x.mode === 'hard' ? 'hard cap' : 'soft'}
                    </Badge>
                    {x.exceeded && (
                      <Badge size="xs" color="red">
                        reached
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {usd(x.spentUsd)} / {usd(x.limitUsd)}
                  </Text>
                </Group>
                <Progress
                  value={Math.min(100, x.fraction * 100)}
                  color={x.exceeded ? 'red' : x.fraction > 0.8 ? 'orange' : 'teal'}
                  size="sm"
                  aria-label={`${budgetName(x)}: ${Math.round(x.fraction * 100)}% of the ${x.period === 'day' ? 'daily' : 'monthly'} cap`}
                />
              </Stack>
            ))
          )}
        </Stack>
      )}
    </Card>
  );
}

export function PreviousNote({ summary }: { summary: Summary | undefined }) {
  if (!summary?.previous) return null;
  return (
    <Text size="xs" c="dimmed">
      Compared with {fmtRange(summary.previous.from, summary.previous.to)}.
    </Text>
  );
}
