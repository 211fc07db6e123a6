/**
 * Local calendar days, the unit of the `rollup_daily` table. A day key is
 * `YYYY-MM-DD` in the machine's time zone — the same day SQLite's
 * `date(ts / 1000, 'unixepoch', 'localtime')` gives, and the same calendar
 * the budgets use (electron/budget/periods.ts). Keys sort chronologically as
 * strings.
 */

export type Bucket = 'hour' | 'day' | 'week' | 'month';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` of the local day containing `ms`. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function parts(key: string): [number, number, number] {
  const [y, m, d] = key.split('-').map(Number);
  return [y ?? 1970, (m ?? 1) - 1, d ?? 1];
}

/** Local midnight starting the day `key` (ms). */
export function dayStart(key: string): number {
  const [y, m, d] = parts(key);
  return new Date(y, m, d).getTime();
}

export function addDays(key: string, n: number): string {
  const [y, m, d] = parts(key);
  return dayKey(new Date(y, m, d + n, 12).getTime());
}

/** Local midnight at or before `ms`. */
export function startOfDay(ms: number): number {
  return dayStart(dayKey(ms));
}

/**
 * Splits [from, to) into whole local days (answered from the roll-up) and the
 * partial days at either end (answered from raw rows).
 */
export interface RangeSplit {
  /** Whole days [fromDay, toDay) — toDay exclusive — or null when there are none. */
  days: { fromDay: string; toDay: string } | null;
  /** Raw [from, to) pieces, at most two. */
  raw: Array<[number, number]>;
}

export function splitRange(from: number, to: number): RangeSplit {
  if (!(to > from)) return { days: null, raw: [] };
  const firstKey = dayStart(dayKey(from)) === from ? dayKey(from) : addDays(dayKey(from), 1);
  const lastKey = dayKey(to); // the day containing `to`: whole days end at its midnight
  const firstMs = dayStart(firstKey);
  const lastMs = dayStart(lastKey);
  if (firstMs >= lastMs) return { days: null, raw: [[from, to]] };
  const raw: Array<[number, number]> = [];
  if (from < firstMs) raw.push([from, firstMs]);
  if (lastMs < to) raw.push([lastMs, to]);
  return { days: { fromDay: firstKey, toDay: lastKey }, raw };
}

/** The bucket key a day falls in: the day itself, the Monday of its week, or `YYYY-MM`. */
export function bucketOfDay(key: string, bucket: Exclude<Bucket, 'hour'>): string {
  if (bucket === 'day') return key;
  if (bucket === 'month') return key.slice(0, 7);
  const [y, m, d] = parts(key);
  const dow = (new Date(y, m, d, 12).getDay() + 6) % 7; // Monday = 0
  return addDays(key, -dow);
}

/** Local start (ms) of a bucket key: `YYYY-MM-DD HH`, `YYYY-MM-DD` or `YYYY-MM`. */
export function bucketStart(key: string, bucket: Bucket): number {
  if (bucket === 'month') {
    const [y, m] = key.split('-').map(Number);
    return new Date(y ?? 1970, (m ?? 1) - 1, 1).getTime();
  }
  if (bucket === 'hour') {
    const [day, hour] = key.split(' ');
    const [y, m, d] = parts(day ?? '1970-01-01');
    return new Date(y, m, d, Number(hour ?? 0)).getTime();
  }
  return dayStart(key);
}

/** The key of the bucket containing `ms`. */
export function bucketKey(ms: number, bucket: Bucket): string {
  if (bucket === 'hour') return `${dayKey(ms)} ${pad(new Date(ms).getHours())}`;
  return bucketOfDay(dayKey(ms), bucket);
}

/** The bucket after `key`. */
export function nextBucket(key: string, bucket: Bucket): string {
  if (bucket === 'hour') {
    // Hours repeat or vanish across DST changes: step until the key changes.
    let ms = bucketStart(key, 'hour');
    let next = key;
    for (let i = 0; i < 4 && next <= key; i++) next = bucketKey((ms += HOUR_MS), 'hour');
    return next;
  }
  if (bucket === 'day') return addDays(key, 1);
  if (bucket === 'week') return addDays(key, 7);
  const [y, m] = key.split('-').map(Number);
  const d = new Date(y ?? 1970, m ?? 1, 1); // JS months are 0-based: `m` is already the next month
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** Every bucket key overlapping [from, to), in order. */
export function bucketsIn(from: number, to: number, bucket: Bucket, max = 5_000): string[] {
  const out: string[] = [];
  if (!(to > from)) return out;
  let key = bucketKey(from, bucket);
  while (bucketStart(key, bucket) < to && out.length < max) {
    out.push(key);
    key = nextBucket(key, bucket);
  }
  return out;
}
