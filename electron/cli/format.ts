/** Plain-text tables for the terminal: left-aligned, two spaces between columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function usd(v: number | null | undefined, estimated = false): string {
  if (v === null || v === undefined) return '?';
  const s = v === 0 ? '$0' : v < 0.0001 ? `$${v.toExponential(1)}` : `$${v.toFixed(v < 0.01 ? 6 : 4)}`;
  return estimated ? `~${s}` : s;
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)}s` : `${Math.round(v)}ms`;
}

export function num(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : String(v);
}
