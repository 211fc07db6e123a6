import type { CompareCriteria, CompareStatus, PairOutcomeValue } from '../../../shared/compare';
import type { MethodOutput } from '../../../shared/contract';
import { CRITERIA_PRESETS } from '../../../electron/compare/judge';

export type Experiment = MethodOutput<'compare.list'>[number];
export type Detail = MethodOutput<'compare.get'>;
export type ItemDetail = MethodOutput<'compare.item'>;
export type ItemSummary = MethodOutput<'compare.items'>['items'][number];
export type Estimate = MethodOutput<'compare.estimate'>;
export type Figures = Detail['results']['judge'];
export type Pair = Figures['pairs'][number];
export type Ranking = NonNullable<Figures['ranking']>;

export const STATUS_COLOR: Record<CompareStatus, string> = {
  draft: 'gray',
  running: 'blue',
  paused: 'yellow',
  cancelled: 'orange',
  done: 'teal',
  failed: 'red',
};

export const STATUS_LABEL: Record<CompareStatus, string> = {
  draft: 'Draft',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Failed',
};

export const CRITERIA_OPTIONS: Array<{ value: CompareCriteria; label: string; description: string }> = [
  ...(Object.entries(CRITERIA_PRESETS) as Array<[Exclude<CompareCriteria, 'custom'>, (typeof CRITERIA_PRESETS)[keyof typeof CRITERIA_PRESETS]]>).map(
    ([value, p]) => ({ value, label: p.label, description: p.instructions }),
  ),
  { value: 'custom', label: 'Custom rubric', description: 'Write your own instructions for the judge.' },
];

export function criteriaLabel(c: CompareCriteria): string {
  return CRITERIA_OPTIONS.find((o) => o.value === c)?.label ?? c;
}

export function pct(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x < 1000) return `${Math.round(x)} ms`;
  return `${(x / 1000).toFixed(x < 10_000 ? 2 : 1)} s`;
}

/** "3 min 20 s", "45 s". */
export function duration(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = Math.max(0, Math.round(x / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function int(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.round(x).toLocaleString();
}

/** How a pair outcome reads, from the pair's point of view. */
export function outcomeLabel(o: PairOutcomeValue, aName: string, bName: string): string {
  switch (o) {
    case 'a':
      return `${aName} better`;
    case 'b':
      return `${bName} better`;
    case 'tie':
      return 'Tie';
    case 'unparseable':
      return 'Unparseable';
    default:
      return 'Pending';
  }
}

export function outcomeColor(o: PairOutcomeValue): string {
  return o === 'a' ? 'blue' : o === 'b' ? 'grape' : o === 'tie' ? 'gray' : o === 'unparseable' ? 'red' : 'gray';
}

/** Saves text as a file through a blob URL. */
export function downloadText(filename: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A short, single-line preview of a prompt. */
export function preview(text: string, max = 140): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function originLabel(origin: string | null): string {
  if (!origin) return 'pasted';
  if (origin.startsWith('log:')) return 'request log';
  if (origin === 'race') return 'from Race';
  if (origin === 'import') return 'imported';
  if (origin === 'paste') return 'pasted';
  return origin;
}
