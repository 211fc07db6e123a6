/**
 * Date ranges for the Costs and Requests pages. Ranges are [from, to) in ms,
 * on LOCAL calendar days (like the backend's day/week/month buckets).
 */

export type PresetId = 'today' | '24h' | '7d' | '30d' | '90d' | 'mtd' | 'lastMonth' | 'ytd' | '12m' | 'custom';
export type Bucket = 'hour' | 'day' | 'week' | 'month';

export interface DateRange {
  preset: PresetId;
  from: number;
  to: number;
}

export const PRESETS: Array<{ id: Exclude<PresetId, 'custom'>; label: string }> = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'This month' },
  { id: 'lastMonth', label: 'Last month' },
  { id: 'ytd', label: 'This year' },
  { id: '12m', label: 'Last 12 months' },
];

const DAY = 86_400_000;

export function startOfDay(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Local midnight `n` days after the day of `t` (DST-safe). */
export function addDays(t: number, n: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n).getTime();
}

export function presetRange(id: Exclude<PresetId, 'custom'>, now = Date.now()): DateRange {
  const today = startOfDay(now);
  const tomorrow = addDays(today, 1);
  const d = new Date(now);
  switch (id) {
    case 'today':
      return { preset: id, from: today, to: tomorrow };
    case '24h': {
      const to = Math.ceil(now / 3_600_000) * 3_600_000;
      return { preset: id, from: to - DAY, to };
    }
    case '7d':
      return { preset: id, from: addDays(today, -6), to: tomorrow };
    case '30d':
      return { preset: id, from: addDays(today, -29), to: tomorrow };
    case '90d':
      return { preset: id, from: addDays(today, -89), to: tomorrow };
    case 'mtd':
      return { preset: id, from: new Date(d.getFullYear(), d.getMonth(), 1).getTime(), to: tomorrow };
    case 'lastMonth':
      return { preset: id, from: new Date(d.getFullYear(), d.getMonth() - 1, 1).getTime(), to: new Date(d.getFullYear(), d.getMonth(), 1).getTime() };
    case 'ytd':
      return { preset: id, from: new Date(d.getFullYear(), 0, 1).getTime(), to: tomorrow };
    case '12m':
      return { preset: id, from: new Date(d.getFullYear(), d.getMonth() - 11, 1).getTime(), to: tomorrow };
  }
}

/** A custom range from two local dates "YYYY-MM-DD" (both inclusive). */
export function customRange(fromDay: string, toDay: string): DateRange | null {
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : NaN;
  };
  const a = parse(fromDay);
  const b = parse(toDay);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return { preset: 'custom', from: lo, to: addDays(hi, 1) };
}

export function rangeDays(r: { from: number; to: number }): number {
  return Math.max(1, Math.round((r.to - r.from) / DAY));
}

/** The bucket that gives a readable number of points for the range. */
export function defaultBucket(r: { from: number; to: number }): Bucket {
  const days = rangeDays(r);
  if (days <= 2) return 'hour';
  if (days <= 92) return 'day';
  if (days <= 270) return 'week';
  return 'month';
}

/** Buckets that make sense for the range (the backend allows `hour` for ≤ 7 days). */
export function allowedBuckets(r: { from: number; to: number }): Bucket[] {
  const days = rangeDays(r);
  const out: Bucket[] = [];
  if (days <= 7) out.push('hour');
  if (days <= 400) out.push('day');
  if (days >= 7) out.push('week');
  if (days >= 28) out.push('month');
  if (!out.includes('day') && !out.includes('week')) out.push('week');
  return out;
}

export function presetLabel(r: DateRange): string {
  return PRESETS.find((p) => p.id === r.preset)?.label ?? 'Custom range';
}
