/**
 * Budget periods are calendar periods in the machine's local time zone: a day
 * runs from local midnight to the next local midnight (23 or 25 hours across a
 * DST change), a month from the 1st at 00:00 to the 1st of the next month.
 */
import type { Budget } from '../../shared/settings';

export type BudgetPeriod = Budget['period'];

export interface PeriodBounds {
  /** Inclusive, ms since epoch. */
  start: number;
  /** Exclusive: when the period resets. */
  end: number;
}

export function periodBounds(period: BudgetPeriod, now: number): PeriodBounds {
  const d = new Date(now);
  const y = d.getFullYear();
  const m = d.getMonth();
  if (period === 'day') {
    const day = d.getDate();
    return { start: new Date(y, m, day).getTime(), end: new Date(y, m, day + 1).getTime() };
  }
  return { start: new Date(y, m, 1).getTime(), end: new Date(y, m + 1, 1).getTime() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 in local time with its UTC offset, e.g. `2025-06-02T00:00:00+02:00`. */
export function localIso(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}

/** "$5.00", "$0.0042": cents for amounts over a dollar-cent, more digits below. */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return '$?';
  if (v === 0) return '$0.00';
  const abs = Math.abs(v);
  return `$${v.toFixed(abs >= 0.01 ? 2 : 6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
