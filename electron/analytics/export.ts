/**
 * Export of the request log for a date range and filter, as CSV (RFC 4180)
 * or JSONL, for reconciling against provider invoices. Streams in keyset
 * chunks (constant memory; the connection is free between chunks, so the log
 * writer keeps writing) to `<dataDir>/exports/`, via a temporary file renamed
 * into place when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { dayKey } from './days';
import { buildWhere, scanSql, type RequestFilter } from './requests';
import { stmt } from './sql';

export type ExportFormat = 'csv' | 'jsonl';

/** Columns, in order: [header / JSON key, SQL expression over `requests r`]. */
export const EXPORT_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'r.id'],
  ['time', "strftime('%Y-%m-%dT%H:%M:%fZ', r.ts / 1000.0, 'unixepoch')"],
  ['tsMs', 'r.ts'],
  ['provider', 'r.provider'],
  ['servedModel', 'r.served_model'],
  ['requestedModel', 'r.requested_model'],
  ['route', 'r.route'],
  ['source', 'r.source'],
  ['tokenName', 'r.token_name'],
  ['clientFormat', 'r.client_format'],
  ['endpoint', 'r.endpoint'],
  ['status', 'r.status'],
  ['errorType', 'r.error_type'],
  ['errorMessage', 'r.error_message'],
  ['stream', 'r.stream'],
  ['partial', 'r.partial'],
  ['latencyMs', 'r.latency_ms'],
  ['ttftMs', 'r.ttft_ms'],
  ['inputTokens', 'r.input_tokens'],
  ['cacheReadTokens', 'r.cache_read_tokens'],
  ['cacheWriteTokens', 'r.cache_write_tokens'],
  ['outputTokens', 'r.output_tokens'],
  ['reasoningTokens', 'r.reasoning_tokens'],
  ['usageEstimated', 'r.usage_estimated'],
  ['priced', 'r.priced'],
  ['costUsd', 'r.cost_usd'],
  ['listCostUsd', 'r.list_cost_usd'],
  ['costInputUsd', 'r.cost_input_usd'],
  ['costCachedInputUsd', 'r.cost_cached_input_usd'],
  ['costOutputUsd', 'r.cost_output_usd'],
  ['costReasoningUsd', 'r.cost_reasoning_usd'],
  ['cacheHit', 'r.cache_hit'],
  ['savedUsd', 'r.saved_usd'],
  ['counterfactualProvider', 'r.counterfactual_provider'],
  ['counterfactualModel', 'r.counterfactual_model'],
  ['counterfactualCostUsd', 'r.counterfactual_cost_usd'],
  ['attempts', 'r.attempts'],
];

/** 0/1 columns, written as true/false. */
const BOOLEAN_COLUMNS = new Set(['stream', 'partial', 'usageEstimated', 'priced', 'cacheHit']);

/** One CSV field: quoted when it holds a comma, quote, CR or LF, or leading/trailing space; quotes doubled. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const NAMES = EXPORT_COLUMNS.map(([n]) => n);
const IS_BOOLEAN = NAMES.map((n) => BOOLEAN_COLUMNS.has(n));
const TS_INDEX = NAMES.indexOf('tsMs');

/** Row values (SQL order) → output values: 0/1 flags as booleans. */
function convert(values: unknown[]): unknown[] {
  for (let i = 0; i < values.length; i++) if (IS_BOOLEAN[i] && values[i] !== null) values[i] = values[i] === 1;
  return values;
}

function jsonLine(values: unknown[]): string {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < NAMES.length; i++) o[NAMES[i]!] = values[i];
  return JSON.stringify(o) + '\n';
}

export interface ExportResult {
  path: string;
  format: ExportFormat;
  rows: number;
  bytes: number;
}

const CHUNK = 5_000;

/** Local day, as the Costs page shows dates. */
const stamp = (ms: number) => dayKey(ms);

/**
 * Writes the rows matching `filter` (oldest first) to `<dir>/switchboard-requests-<from>_<to>.<ext>`.
 * `onProgress` gets the rows written so far.
 */
export async function exportLog(
  db: Database,
  opts: { dir: string; format: ExportFormat; filter: RequestFilter; onProgress?: (rows: number) => void; now?: number },
): Promise<ExportResult> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const now = opts.now ?? Date.now();
  const from = opts.filter.from;
  const to = opts.filter.to;
  const base = `switchboard-requests-${from !== undefined ? stamp(from) : 'start'}_${to !== undefined ? stamp(to - 1) : stamp(now)}`;
  let file = path.join(opts.dir, `${base}.${opts.format}`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(opts.dir, `${base}-${i}.${opts.format}`);
  const tmp = `${file}.partial`;
  const fh = await fs.promises.open(tmp, 'w', 0o600);
  const columns = EXPORT_COLUMNS.map(([name, expr]) => `${expr} AS "${name}"`).join(', ') + ', r.rowid';
  const built = buildWhere(opts.filter);
  let rows = 0;
  let bytes = 0;
  try {
    const write = async (s: string) => {
      const buf = Buffer.from(s, 'utf8');
      bytes += buf.length;
      await fh.write(buf);
    };
    if (opts.format === 'csv') await write(EXPORT_COLUMNS.map(([n]) => n).join(',') + '\r\n');
    let cursor: { ts: number; rid: number } | null = null;
    for (;;) {
      const where = { ...built, where: [...built.where], args: [...built.args] };
      if (cursor) {
        where.where.push('r.ts >= ?', '(r.ts > ? OR r.rowid > ?)');
        where.args.push(cursor.ts, cursor.ts, cursor.rid);
      }
      const q = scanSql(where, 'ASC', columns);
      // Arrays, not objects: the last value is the rowid (the keyset), the rest are EXPORT_COLUMNS.
      const chunk = stmt(db, `${q.sql} LIMIT ${CHUNK}`).raw(true).all(...q.args) as unknown[][];
      if (chunk.length === 0) break;
      const parts: string[] = [];
      for (const row of chunk) {
        const values = convert(row.slice(0, NAMES.length));
        parts.push(opts.format === 'csv' ? values.map(csvField).join(',') + '\r\n' : jsonLine(values));
      }
      await write(parts.join(''));
      rows += chunk.length;
      opts.onProgress?.(rows);
      const last = chunk[chunk.length - 1]!;
      cursor = { ts: last[TS_INDEX] as number, rid: last[NAMES.length] as number };
      if (chunk.length < CHUNK) break;
    }
    await fh.close();
    fs.renameSync(tmp, file);
  } catch (err) {
    await fh.close().catch(() => {});
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { path: file, format: opts.format, rows, bytes };
}
