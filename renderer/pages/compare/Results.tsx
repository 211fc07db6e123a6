import { BulletChart } from '@mantine/charts';
import { Badge, Card, Group, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowsExchange, IconGavel, IconScale, IconTrophy } from '@tabler/icons-react';
import { usd } from '../../lib/format';
import { int, ms, pct, type Detail, type Figures, type Pair, type Ranking } from './lib';

function short(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

const PAIR_COLOR = { a: 'teal', b: 'teal', too_close: 'yellow', no_data: 'gray' } as const;

function callLabel(p: Pair): string {
  if (p.call === 'a') return `${p.aName} wins`;
  if (p.call === 'b') return `${p.bName} wins`;
  if (p.call === 'too_close') return 'Too close to call';
  return 'No data yet';
}

/**
 * A win rate with its 95% interval on a 0–100% track: the band is the
 * interval, the bar the point estimate, the marker 50% (parity).
 */
export function WinRateBar({ rate, lo, hi, label, color }: { rate: number; lo: number; hi: number; label: string; color: string }) {
  const L = Math.max(0, Math.min(100, lo * 100));
  const H = Math.max(L + 0.5, Math.min(100, hi * 100));
  return (
    <BulletChart
      role="img"
      aria-label={`${label}: ${pct(rate)}, 95% interval ${pct(lo)} to ${pct(hi)}; the marker is 50%`}
      value={rate * 100}
      target={50}
      ranges={[
        { value: L, color: 'var(--cmp-track)' },
        { value: H, color: `var(--mantine-color-${color}-light)` },
        { value: 100, color: 'var(--cmp-track)' },
      ]}
      barColor={`${color}.6`}
      size={26}
      barSize={8}
      targetRatio={1}
      targetSize={2}
      valueFormatter={(v) => `${Math.round(v)}%`}
      styles={{ rangeLabel: { display: 'none' }, barLabel: { display: 'none' }, trackWrapper: { paddingBottom: 0 } }}
      className="cmp-winrate"
    />
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: React.ReactNode; hint?: string; testId?: string }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed" title={hint} truncate="end">
        {label}
      </Text>
      <Text fw={650} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

export function PairCard({ pair, other, adjusted }: { pair: Pair; other: Pair | null; adjusted: boolean }) {
  const color = pair.call === 'b' ? 'grape' : 'blue';
  return (
    <Card component="section" aria-label={`${pair.aName} versus ${pair.bName}`} data-testid={`pair-${pair.a}-${pair.b}`}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.5 }}>
            Head to head
          </Text>
          <Text fw={650} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
            <Text span c="blue" inherit>
              {pair.aName}
            </Text>{' '}
            <Text span c="dimmed" inherit ff="text">
              vs
            </Text>{' '}
            <Text span c="grape" inherit>
              {pair.bName}
            </Text>
          </Text>
        </div>
        <Badge size="lg" variant="light" color={PAIR_COLOR[pair.call]} leftSection={pair.call === 'a' || pair.call === 'b' ? <IconTrophy size={14} /> : <IconScale size={14} />} data-testid="pair-call">
          {callLabel(pair)}
        </Badge>
      </Group>
      <SimpleGrid cols={3} spacing="xs" mb="md">
        <Stat label={`${short(pair.aName)} wins`} hint={pair.aName} value={pair.wins} testId="pair-wins" />
        <Stat label="Ties" value={pair.ties} hint="Ties include pairs whose verdict flipped when the order was swapped." testId="pair-ties" />
        <Stat label={`${short(pair.bName)} wins`} hint={pair.bName} value={pair.losses} testId="pair-losses" />
      </SimpleGrid>
      {pair.winRate !== null && pair.wilson ? (
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>
              Win rate of {pair.aName}
            </Text>
            <Text size="sm" data-testid="pair-winrate">
              <Text span fw={700}>
                {pct(pair.winRate)}
              </Text>{' '}
              <Text span c="dimmed" size="xs">
                95% CI {pct(pair.wilson.lo)}–{pct(pair.wilson.hi)} (Wilson)
                {pair.bootstrap ? ` · bootstrap ${pct(pair.bootstrap.lo)}–${pct(pair.bootstrap.hi)}` : ''}
              </Text>
            </Text>
          </Group>
          <WinRateBar rate={pair.winRate} lo={pair.wilson.lo} hi={pair.wilson.hi} label={`Win rate of ${pair.aName}`} color={color} />
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="xs" c="dimmed" truncate="end">
              ← {short(pair.bName)} better
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {short(pair.aName)} better →
            </Text>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          No judged items yet.
        </Text>
      )}
      <Text size="sm" mt="sm" data-testid="pair-summary">
        {pair.summary}
      </Text>
      <Group gap="xs" mt="xs">
        <Text size="xs" c="dimmed">
          {pair.n} decided · {pair.inconsistent} flipped with the order · {pair.unparseable} unparseable{pair.incomplete ? ` · ${pair.incomplete} not judged yet` : ''}
        </Text>
      </Group>
      {other && (
        <Text size="xs" c="dimmed" mt={4} data-testid="pair-other">
          {adjusted ? 'As judged' : 'With your overrides'}: {other.wins}/{other.ties}/{other.losses}, win rate {pct(other.winRate)} — {other.call === 'too_close' ? 'too close to call' : callLabel(other).toLowerCase()}.
        </Text>
      )}
    </Card>
  );
}

export function RankingCard({ ranking }: { ranking: Ranking }) {
  const max = Math.max(...ranking.entries.map((e) => e.hi), 0.0001);
  return (
    <Card component="section" aria-labelledby="ranking-heading" data-testid="ranking">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <IconTrophy size={18} />
          <Title order={3} fz="md" id="ranking-heading">
            Ranking (Bradley–Terry)
          </Title>
        </Group>
        <Badge variant="light" color={ranking.tooCloseToCall ? 'yellow' : 'teal'}>
          {ranking.tooCloseToCall ? 'Too close to call' : `Leader: ${ranking.entries.find((e) => e.candidate === ranking.leader)?.name ?? '—'}`}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Strengths sum to 100%; the chance that one candidate beats another is its strength over the sum of both. Bars show 95% bootstrap intervals;
        candidates whose intervals overlap share a rank.
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" aria-label="Bradley–Terry ranking">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Rank</Table.Th>
              <Table.Th>Candidate</Table.Th>
              <Table.Th w={110} ta="right">
                Strength
              </Table.Th>
              <Table.Th w="40%">95% interval</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ranking.entries.map((e) => (
              <Table.Tr key={e.candidate}>
                <Table.Td fw={700}>{e.rank}</Table.Td>
                <Table.Td ff="monospace" fz="sm">
                  {e.name}
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" fw={600}>
                    {pct(e.strength)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {pct(e.lo)}–{pct(e.hi)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <BulletChart
                    role="img"
                    aria-label={`${e.name}: strength ${pct(e.strength)}, 95% interval ${pct(e.lo)} to ${pct(e.hi)}`}
                    value={(e.strength / max) * 100}
                    ranges={[
                      { value: (e.lo / max) * 100, color: 'var(--cmp-track)' },
                      { value: Math.max((e.hi / max) * 100, (e.lo / max) * 100 + 0.5), color: e.rank === 1 ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-blue-light)' },
                      { value: 100, color: 'var(--cmp-track)' },
                    ]}
                    barColor={e.rank === 1 ? 'teal.6' : 'blue.6'}
                    size={20}
                    barSize={6}
                    styles={{ rangeLabel: { display: 'none' }, barLabel: { display: 'none' }, trackWrapper: { paddingTop: 0, paddingBottom: 0 } }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" mt="sm" data-testid="ranking-summary">
        {ranking.summary}
      </Text>
    </Card>
  );
}

export function ReliabilityCard({ judgeFigures, overrides, unparseableCalls, retries }: { judgeFigures: Figures; overrides: number; unparseableCalls: number; retries: number }) {
  const rate = judgeFigures.inconsistencyRate;
  return (
    <Card component="section" aria-labelledby="reliability-heading" data-testid="reliability">
      <Group gap="xs" mb="xs">
        <IconArrowsExchange size={18} />
        <Title order={3} fz="md" id="reliability-heading">
          Judge reliability
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Every pair is judged twice with the answers swapped. A verdict that changes with the order shows position bias; such pairs count as ties.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Stat
          label="Inconsistency rate"
          value={
            <Text span inherit c={rate !== null && rate >= 0.3 ? 'orange' : undefined}>
              {pct(rate)}
            </Text>
          }
          hint="Share of pairs judged in both orders whose verdict changed with the order"
          testId="inconsistency-rate"
        />
        <Stat label="Pairs judged both ways" value={int(judgeFigures.judgedPairs)} />
        <Stat label="Unparseable pairs" value={int(judgeFigures.unparseablePairs)} hint={`${unparseableCalls} judge replies could not be parsed after ${retries} retries`} testId="unparseable-pairs" />
        <Stat label="Your overrides" value={int(overrides)} hint="Verdicts you changed by hand; they count in the adjusted figures only" testId="override-count" />
      </SimpleGrid>
      {rate !== null && rate >= 0.3 && (
        <Group gap={6} mt="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size="sm" variant="light" color="orange">
            <IconAlertTriangle size={14} />
          </ThemeIcon>
          <Text size="sm">
            The judge changed its mind on {pct(rate)} of pairs when the order was swapped: it leans on position more than on content. Consider a stronger
            judge or a sharper rubric.
          </Text>
        </Group>
      )}
      {unparseableCalls > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {unparseableCalls} judge repl{unparseableCalls === 1 ? 'y' : 'ies'} could not be parsed even after a retry; those pairs are shown as unparseable and never
          count as a win.
        </Text>
      )}
    </Card>
  );
}

export function CostTable({ detail }: { detail: Detail }) {
  const { candidates, judgeCost } = detail.results;
  const fastest = Math.min(...candidates.map((c) => c.meanLatencyMs ?? Infinity));
  const cheapest = Math.min(...candidates.filter((c) => c.answers > 0).map((c) => c.costUsd));
  return (
    <Card component="section" aria-labelledby="costs-heading" data-testid="candidate-costs">
      <Group gap="xs" mb="sm">
        <IconScale size={18} />
        <Title order={3} fz="md" id="costs-heading">
          Cost, latency and tokens
        </Title>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={8} aria-label="Cost, latency and tokens per candidate">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Candidate</Table.Th>
              <Table.Th ta="right">Answers</Table.Th>
              <Table.Th ta="right">Cost</Table.Th>
              <Table.Th ta="right">Per answer</Table.Th>
              <Table.Th ta="right">Mean latency</Table.Th>
              <Table.Th ta="right">p50</Table.Th>
              <Table.Th ta="right">Input tok.</Table.Th>
              <Table.Th ta="right">Output tok.</Table.Th>
              <Table.Th ta="right">Mean output</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidates.map((c) => (
              <Table.Tr key={c.candidate}>
                <Table.Td ff="monospace" fz="sm">
                  {c.name}
                </Table.Td>
                <Table.Td ta="right">
                  {c.answers}
                  {c.errors > 0 && (
                    <Text span c="red" size="xs" ml={4}>
                      ({c.errors} failed)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {usd(c.costUsd)}
                  {c.answers > 0 && c.costUsd === cheapest && candidates.length > 1 && (
                    <Badge size="xs" variant="light" color="teal" display="block" ml="auto" w="fit-content">
                      cheapest
                    </Badge>
                  )}
                  {c.unpricedCalls > 0 && (
                    <Tooltip label="Calls whose model isn’t in the price data; their cost is left out">
                      <Text size="xs" c="orange" tabIndex={0}>
                        +{c.unpricedCalls} unpriced
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td ta="right">{c.answers ? usd(c.costUsd / c.answers) : '—'}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {ms(c.meanLatencyMs)}
                  {c.meanLatencyMs !== null && c.meanLatencyMs === fastest && candidates.length > 1 && (
                    <Badge size="xs" variant="light" color="teal" display="block" ml="auto" w="fit-content">
                      fastest
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {ms(c.p50LatencyMs)}
                </Table.Td>
                <Table.Td ta="right">{int(c.inputTokens)}</Table.Td>
                <Table.Td ta="right">{int(c.outputTokens)}</Table.Td>
                <Table.Td ta="right">{int(c.meanOutputTokens)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paper withBorder p="sm" mt="md" radius="md" data-testid="judge-cost">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <IconGavel size={16} />
            <Text fw={600} size="sm">
              Judge
            </Text>
            <Text ff="monospace" size="sm">
              {detail.experiment.config.judge}
            </Text>
          </Group>
          <Group gap="lg">
            <Text size="sm">
              <Text span c="dimmed">
                cost{' '}
              </Text>
              <Text span fw={650}>
                {usd(judgeCost.costUsd)}
              </Text>
              {judgeCost.unpricedCalls > 0 && (
                <Text span c="orange" size="xs">
                  {' '}
                  +{judgeCost.unpricedCalls} unpriced
                </Text>
              )}
            </Text>
            <Text size="sm">
              <Text span c="dimmed">
                calls{' '}
              </Text>
              {int(judgeCost.calls)}
              {judgeCost.retries > 0 && ` (${judgeCost.retries} retries)`}
            </Text>
            <Text size="sm">
              <Text span c="dimmed">
                tokens{' '}
              </Text>
              {int(judgeCost.inputTokens)} in · {int(judgeCost.outputTokens)} out
            </Text>
          </Group>
        </Group>
      </Paper>
    </Card>
  );
}
