/** Number formatting shared by the Costs and Requests pages. */
import { usd } from '../../lib/format';

export { usd };

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** 1.2M, 34k, 950: for axes and dense cells. */
export function count(n: number): string {
  return Math.abs(n) >= 10_000 ? compact.format(n) : whole.format(n);
}

/** Exact integer with separators: 1,234,567. */
export function exact(n: number): string {
  return whole.format(n);
}

/** $1.2k, $34, $0.52, $0.004: short money for chart axes. */
export function usdShort(amount: number): string {
  const a = Math.abs(amount);
  if (a === 0) return '$0';
  if (a >= 1000) return `$${compact.format(amount)}`;
  if (a >= 10) return `$${amount.toFixed(0)}`;
  if (a >= 1) return `$${amount.toFixed(2).replace(/\.?0+$/, '')}`;
  if (a >= 0.01) return `$${amount.toFixed(2)}`;
  // $0.0004, never 4e-4
  return `$${amount.toFixed(Math.min(10, Math.ceil(-Math.log10(a)) + 1)).replace(/0+$/, '')}`;
}

/** A request's cost: 4 significant digits for tiny amounts ($0.0003125), cents otherwise. */
export function usdPrecise(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  if (amount === 0) return '$0';
  if (Math.abs(amount) < 1) {
    const a = Math.abs(amount);
    const digits = Math.min(12, Math.max(2, Math.ceil(-Math.log10(a)) + 2));
    return `${amount < 0 ? '−' : ''}$${a.toFixed(digits).replace(/(\.\d*?[1-9])0+$/, '$1')}`;
  }
  return usd(amount);
}

/** Per-million-token rate: $0.15, $2.5, $15. */
export function rate(perMTok: number | null | undefined): string {
  if (perMTok === null || perMTok === undefined) return '—';
  return `$${Number(perMTok.toPrecision(4))}`;
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(v / 60_000)} min ${Math.round((v % 60_000) / 1000)} s`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** +12.3%, −4%, or null when there is nothing to compare with. */
export function pct(p: number | null | undefined): string | null {
  if (p === null || p === undefined || !Number.isFinite(p)) return null;
  const r = Math.abs(p) >= 10 ? Math.round(p) : Math.round(p * 10) / 10;
  if (r === 0) return '±0%';
  return `${r > 0 ? '+' : '−'}${Math.abs(r)}%`;
}

/** Local "YYYY-MM-DD" for a time. */
export function isoDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dayYearFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const rowTimeFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const fmtDay = (t: number) => dayFmt.format(t);
export const fmtDayYear = (t: number) => dayYearFmt.format(t);
export const fmtMonth = (t: number) => monthFmt.format(t);
export const fmtTime = (t: number) => timeFmt.format(t);
export const fmtRowTime = (t: number) => rowTimeFmt.format(t);

/** "Nov 3 – Nov 9, 2026" for a [from, to) range. */
export function fmtRange(from: number, to: number): string {
  const last = to - 1;
  const sameYear = new Date(from).getFullYear() === new Date(last).getFullYear();
  if (isoDay(from) === isoDay(last)) return fmtDayYear(from);
  return `${sameYear ? fmtDay(from) : fmtDayYear(from)} – ${fmtDayYear(last)}`;
}

/** "openai/gpt-4o" → "gpt-4o" with "openai" as a hint. */
export function splitModelKey(key: string): { provider: string | null; model: string } {
  const i = key.indexOf('/');
  return i > 0 ? { provider: key.slice(0, i), model: key.slice(i + 1) } : { provider: null, model: key };
}
