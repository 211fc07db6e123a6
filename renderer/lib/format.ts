/** "3 min ago", "yesterday", for timestamps (ms or ISO). */
export function relativeTime(when: number | string, now = Date.now()): string {
  const t = typeof when === 'number' ? when : Date.parse(when);
  if (!Number.isFinite(t)) return 'unknown';
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 30) return `${d} days ago`;
  return new Date(t).toLocaleDateString();
}

export function absoluteTime(when: number | string): string {
  const t = typeof when === 'number' ? when : Date.parse(when);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : String(when);
}

/** Dollars for display: cents, and "<$0.01" for a non-zero amount below a cent (see usdExact). */
export function usd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount > 0 && amount < 0.01) return '<$0.01';
  return amount.toLocaleString(undefined, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const modKey = isMac ? '⌘' : 'Ctrl';

/** Every significant digit that matters, for tooltips: $0.0000013, $12.3456. */
export function usdExact(amount: number): string {
  if (amount === 0) return '$0';
  if (Math.abs(amount) < 0.01) return `$${Number(amount.toPrecision(3))}`;
  return `$${Number(amount.toFixed(4))}`;
}
