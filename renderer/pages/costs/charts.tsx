import { AreaChart, BarChart, type ChartReferenceLineProps } from '@mantine/charts';
import type { MethodOutput } from '../../../shared/contract';
import { count, fmtDay, fmtMonth, fmtTime, usd, usdShort } from './format';
import type { Bucket } from './range';

export type Timeseries = MethodOutput<'costs.timeseries'>;
export type Metric = Timeseries['metric'];

/** Distinct in both themes; "Other" is grey. */
export const PALETTE = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6', 'lime.7', 'indigo.5', 'yellow.6', 'red.5', 'violet.5', 'green.6'];
export const OTHER_COLOR = 'gray.5';
const PREV_KEY = 'prev';

export function bucketTick(key: string, start: number, bucket: Bucket, multiDay: boolean): string {
  if (bucket === 'hour') return multiDay ? `${fmtDay(start)} ${fmtTime(start)}` : fmtTime(start);
  if (bucket === 'month') return fmtMonth(start);
  void key;
  return fmtDay(start);
}

export function bucketTitle(start: number, bucket: Bucket): string {
  if (bucket === 'hour') return `${fmtDay(start)}, ${fmtTime(start)}`;
  if (bucket === 'week') return `Week of ${fmtDay(start)}`;
  if (bucket === 'month') return fmtMonth(start);
  return new Date(start).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
}

export const metricFormatter = (m: Metric) => (m === 'requests' || m === 'tokens' ? (v: number) => count(v) : (v: number) => usd(v));
export const metricAxis = (m: Metric) => (m === 'requests' || m === 'tokens' ? (v: number) => count(v) : (v: number) => usdShort(v));

interface Shaped {
  data: Array<Record<string, number | string>>;
  series: Array<{ name: string; label: string; color: string; strokeDasharray?: string }>;
  titles: Map<string, string>;
  ticks: Map<string, string>;
}

/**
 * Timeseries → chart rows. Series keys (`openai/gpt-4.1`) would be read by
 * recharts as object paths, so each series gets a safe name (`s0`, `s1`…)
 * and keeps its real label for the legend and tooltip.
 */
export function shapeTimeseries(ts: Timeseries, withPrevious: boolean): Shaped {
  const bucket = ts.bucket as Bucket;
  const kept = ts.series.filter((s, i) => s.total !== 0 || (i === 0 && ts.series.length === 1));
  const names = new Map(kept.map((s, i) => [s.key, `s${i}`]));
  const series: Shaped['series'] = kept.map((s, i) => ({
    name: names.get(s.key)!,
    label: s.label,
    color: s.key === '__other__' ? OTHER_COLOR : (PALETTE[i % PALETTE.length] as string),
  }));
  const hasPrev = withPrevious && ts.previous !== null;
  if (hasPrev) series.push({ name: PREV_KEY, label: 'Previous period', color: 'gray.6', strokeDasharray: '6 4' });
  const multiDay = ts.points.length > 0 && ts.points[ts.points.length - 1]!.start - ts.points[0]!.start >= 86_400_000;
  const titles = new Map<string, string>();
  const ticks = new Map<string, string>();
  const data = ts.points.map((p, i) => {
    const row: Record<string, number | string> = { key: p.key, total: p.total };
    for (const s of kept) row[names.get(s.key)!] = p.values[s.key] ?? 0;
    if (hasPrev) row[PREV_KEY] = ts.previous![i] ?? 0;
    titles.set(p.key, bucketTitle(p.start, bucket));
    ticks.set(p.key, bucketTick(p.key, p.start, bucket, multiDay));
    return row;
  });
  return { data, series, titles, ticks };
}

/** Room for a wrapping legend below the chart (labels ≈ 7 px a character, plus the swatch). */
function legendHeight(labels: string[], width = 960): number {
  let rows = 1;
  let x = 0;
  for (const l of labels) {
    const w = l.length * 7 + 34;
    if (x + w > width && x > 0) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return 20 + rows * 24;
}

/** The top of a 0-based axis with 4 round steps (1, 2, 2.5 or 5 × 10^k each). */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const raw = v / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return step * 4;
}

export function SpendChart({
  ts,
  withPrevious,
  referenceLines,
  height = 300,
}: {
  ts: Timeseries;
  withPrevious: boolean;
  referenceLines?: ChartReferenceLineProps[];
  height?: number;
}) {
  const { data, series, titles, ticks } = shapeTimeseries(ts, withPrevious);
  const fmt = metricFormatter(ts.metric);
  const totals = new Map(data.map((d) => [d.key as string, d.total as number]));
  const stacked = ts.stackBy !== null;
  // Headroom above the highest point or cap line, so a cap is never drawn on the chart's edge.
  const capMax = Math.max(0, ...(referenceLines ?? []).map((l) => (typeof l.y === 'number' ? l.y : 0)));
  const legendH = legendHeight(series.map((x) => x.label));
  return (
    <AreaChart
      h={height + legendH - 44}
      data={data}
      dataKey="key"
      series={series}
      type={stacked ? 'stacked' : 'default'}
      curveType="monotone"
      withDots={false}
      fillOpacity={0.35}
      strokeWidth={1.5}
      withLegend
      legendProps={{ verticalAlign: 'bottom', height: legendH }}
      valueFormatter={fmt}
      gridAxis="x"
      tickLine="none"
      referenceLines={referenceLines}
      xAxisProps={{ tickFormatter: (k: string) => ticks.get(k) ?? k, minTickGap: 24, interval: 'preserveStartEnd' }}
      yAxisProps={{ tickFormatter: metricAxis(ts.metric), width: 64, domain: [0, (dataMax: number) => niceMax(Math.max(dataMax, capMax) * 1.04)], tickCount: 5, allowDecimals: ts.metric !== 'requests' }}
      tooltipProps={{ labelFormatter: (l) => { const k = String(l); return `${titles.get(k) ?? k}${stacked ? ` · total ${fmt(totals.get(k) ?? 0)}` : ''}`; } }}
      areaProps={(s) => (s.name === PREV_KEY ? { stackId: 'previous', fillOpacity: 0 } : {})}
      data-testid="spend-chart"
    />
  );
}

export const TOKEN_SERIES = [
  { name: 'input', label: 'Input', color: 'blue.6' },
  { name: 'cached', label: 'Cached input', color: 'cyan.5' },
  { name: 'output', label: 'Output', color: 'orange.6' },
  { name: 'reasoning', label: 'Reasoning', color: 'grape.6' },
];

export function TokensChart({ ts, height = 260 }: { ts: Timeseries; height?: number }) {
  const bucket = ts.bucket as Bucket;
  const multiDay = ts.points.length > 0 && ts.points[ts.points.length - 1]!.start - ts.points[0]!.start >= 86_400_000;
  const titles = new Map<string, string>();
  const ticks = new Map<string, string>();
  const data = ts.points.map((p) => {
    titles.set(p.key, bucketTitle(p.start, bucket));
    ticks.set(p.key, bucketTick(p.key, p.start, bucket, multiDay));
    return { key: p.key, input: p.tokens.input, cached: p.tokens.cached, output: p.tokens.output, reasoning: p.tokens.reasoning, total: p.tokens.total };
  });
  const totals = new Map(data.map((d) => [d.key, d.total]));
  return (
    <BarChart
      h={height}
      data={data}
      dataKey="key"
      series={TOKEN_SERIES}
      type="stacked"
      withLegend
      legendProps={{ verticalAlign: 'bottom', height: 36 }}
      valueFormatter={(v) => count(v)}
      gridAxis="x"
      tickLine="none"
      maxBarWidth={28}
      xAxisProps={{ tickFormatter: (k: string) => ticks.get(k) ?? k, minTickGap: 24, interval: 'preserveStartEnd' }}
      yAxisProps={{ tickFormatter: (v: number) => count(v), width: 56, allowDecimals: false }}
      tooltipProps={{ labelFormatter: (l) => `${titles.get(String(l)) ?? String(l)} · ${count(totals.get(String(l)) ?? 0)} tokens` }}
      data-testid="tokens-chart"
    />
  );
}
