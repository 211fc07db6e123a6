/** CSV and JSON exports of an experiment: one CSV row per item × pair; JSON with everything. */
import type { z } from 'zod';
import type { CompareExperiment, CompareItemDetailSchema, CompareResults, PairOutcomeValue } from '../../shared/compare';

type ItemDetail = z.infer<typeof CompareItemDetailSchema>;

/** RFC 4180 field; text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(fields: readonly unknown[]): string {
  return fields.map(csvField).join(',');
}

function outcomeName(o: PairOutcomeValue, aName: string, bName: string): string {
  return o === 'a' ? aName : o === 'b' ? bName : o;
}

export const CSV_COLUMNS = [
  'item',
  'prompt',
  'system',
  'reference',
  'candidate_a',
  'candidate_b',
  'answer_a',
  'answer_b',
  'verdict_a_first',
  'reasoning_a_first',
  'verdict_b_first',
  'reasoning_b_first',
  'judge_outcome',
  'inconsistent',
  'override',
  'override_note',
  'final_outcome',
  'cost_a_usd',
  'cost_b_usd',
  'latency_a_ms',
  'latency_b_ms',
  'output_tokens_a',
  'output_tokens_b',
] as const;

export function toCsv(exp: CompareExperiment, items: readonly ItemDetail[]): string {
  const names = exp.config.candidates;
  const lines = [csvLine(CSV_COLUMNS)];
  for (const it of items) {
    for (const p of it.pairs) {
      const A = it.answers[p.a];
      const B = it.answers[p.b];
      const aName = names[p.a]!;
      const bName = names[p.b]!;
      const ab = p.judgements.find((j) => j.order === 'ab');
      const ba = p.judgements.find((j) => j.order === 'ba');
      const verdictText = (j: typeof ab) =>
        !j ? '' : j.status === 'done' && j.winner ? outcomeName(j.winner, aName, bName) : j.status === 'pending' ? '' : j.status;
      lines.push(
        csvLine([
          it.idx,
          it.prompt,
          it.system,
          it.reference,
          aName,
          bName,
          A?.text ?? A?.error,
          B?.text ?? B?.error,
          verdictText(ab),
          ab?.reasoning ?? (ab?.status === 'unparseable' ? ab.raw : null),
          verdictText(ba),
          ba?.reasoning ?? (ba?.status === 'unparseable' ? ba.raw : null),
          outcomeName(p.judge, aName, bName),
          p.inconsistent ? 'yes' : 'no',
          p.override ? outcomeName(p.override.verdict, aName, bName) : '',
          p.override?.note,
          outcomeName(p.final, aName, bName),
          A?.costUsd,
          B?.costUsd,
          A?.latencyMs === null || A?.latencyMs === undefined ? null : Math.round(A.latencyMs),
          B?.latencyMs === null || B?.latencyMs === undefined ? null : Math.round(B.latencyMs),
          A?.outputTokens,
          B?.outputTokens,
        ]),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function toJson(exp: CompareExperiment, results: CompareResults, items: readonly ItemDetail[], warnings: readonly string[]): string {
  return JSON.stringify(
    {
      format: 'switchboard-compare',
      version: 1,
      exportedAt: new Date().toISOString(),
      experiment: exp,
      warnings,
      results,
      items,
    },
    null,
    2,
  );
}

export function exportFilename(exp: CompareExperiment, ext: 'csv' | 'json'): string {
  const slug =
    exp.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'experiment';
  return `compare-${slug}-${exp.id.slice(-8)}.${ext}`;
}
