import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, EXPORT_COLUMNS, exportLog } from '../../electron/analytics/export';
import type { RequestRecord } from '../../electron/store/types';
import { localNoon, makeRecord, openTestDb, usage, write, type TestDb } from './helpers';

let t: TestDb;
const N = 6_000; // more than one export chunk (5,000)
beforeAll(() => {
  t = openTestDb();
  write(t.db, fixture());
});
afterAll(() => t.cleanup());

/** RFC 4180: quoted fields may hold commas, doubled quotes, CR and LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

const T0 = localNoon(2025, 6, 1);
const nasty = ['comma, inside', 'quote " inside', 'line\nbreak', 'crlf\r\nbreak', ' leading space', 'trailing space ', 'ünïcödé ✓ 🚀', '=SUM(A1)', ''];

function fixture(): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (let i = 0; i < N; i++) {
    out.push(
      makeRecord({
        id: `e${i}`,
        ts: T0 + i * 1000,
        provider: i % 3 === 0 ? 'anthropic' : 'openai',
        servedModel: i % 3 === 0 ? 'claude-sonnet-4-20250514' : 'gpt-4o',
        tokenName: i % 2 ? 'ci' : null,
        status: i % 50 === 0 ? 500 : 200,
        errorType: i % 50 === 0 ? 'api_error' : null,
        errorMessage: i % 50 === 0 ? nasty[(i / 50) % nasty.length]! : null,
        usage: i % 50 === 0 ? null : usage(100 + i, 10 + (i % 7), { cacheReadTokens: i % 5 }),
        cacheHit: i % 97 === 1,
        counterfactual: i % 13 === 0 ? { provider: 'openai', model: 'gpt-4.1' } : null,
      }),
    );
  }
  return out;
}

function dbRows(where = '1', args: unknown[] = []): Array<Record<string, unknown>> {
  return t.db.prepare(`SELECT * FROM requests WHERE ${where} ORDER BY ts, rowid`).all(...args) as Array<Record<string, unknown>>;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const COLUMN_OF: Record<string, string> = {
  tsMs: 'ts',
  servedModel: 'served_model',
  requestedModel: 'requested_model',
  tokenName: 'token_name',
  costCachedInputUsd: 'cost_cached_input_usd',
};

describe('log export', () => {
  it('CSV round-trips: every row and field, escaping included, in several chunks', async () => {
    const dir = path.join(t.dir, 'exports');
    const res = await exportLog(t.db, { dir, format: 'csv', filter: {} });
    expect(res.rows).toBe(N);
    expect(path.dirname(res.path)).toBe(dir);
    expect(fs.existsSync(`${res.path}.partial`)).toBe(false);
    const text = fs.readFileSync(res.path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(res.bytes);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(EXPORT_COLUMNS.map(([n]) => n));
    const expected = dbRows();
    expect(rows.length).toBe(expected.length);
    rows.forEach((fields, i) => {
      const rec = Object.fromEntries(header!.map((h, j) => [h, fields[j]]));
      const e = expected[i]!;
      expect(rec.id).toBe(e.id);
      expect(Number(rec.tsMs)).toBe(e.ts);
      expect(new Date(rec.time!).getTime()).toBe(e.ts);
      expect(rec.errorMessage).toBe((e.error_message as string | null) ?? '');
      expect(rec.tokenName).toBe((e.token_name as string | null) ?? '');
      expect(rec.costUsd === '' ? null : Number(rec.costUsd)).toBe(e.cost_usd);
      expect(rec.listCostUsd === '' ? null : Number(rec.listCostUsd)).toBe(e.list_cost_usd);
      expect(rec.counterfactualCostUsd === '' ? null : Number(rec.counterfactualCostUsd)).toBe(e.counterfactual_cost_usd);
      expect(rec.cacheHit).toBe(e.cache_hit === 1 ? 'true' : 'false');
      expect(rec.cacheReadTokens === '' ? null : Number(rec.cacheReadTokens)).toBe(e.cache_read_tokens);
    });
  });

  it('JSONL round-trips with a date range and a filter', async () => {
    const from = T0 + 1000 * 1000;
    const to = T0 + 5000 * 1000;
    const res = await exportLog(t.db, { dir: path.join(t.dir, 'exports-jsonl'), format: 'jsonl', filter: { from, to, providers: ['anthropic'], status: 'ok' } });
    const lines = fs.readFileSync(res.path, 'utf8').trimEnd().split('\n');
    const expected = dbRows(`ts >= ? AND ts < ? AND provider = 'anthropic' AND status < 400`, [from, to]);
    expect(res.rows).toBe(expected.length);
    expect(lines.length).toBe(expected.length);
    lines.forEach((line, i) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      const e = expected[i]!;
      for (const [key] of EXPORT_COLUMNS) {
        if (key === 'time') continue;
        const col = COLUMN_OF[key] ?? snake(key);
        const v = e[col];
        if (['stream', 'partial', 'usageEstimated', 'priced', 'cacheHit'].includes(key)) expect(o[key]).toBe(v === 1);
        else expect(o[key]).toEqual(v);
      }
    });
  });

  it('an empty selection is a header-only CSV; file names do not clash', async () => {
    const dir = path.join(t.dir, 'exports-empty');
    const a = await exportLog(t.db, { dir, format: 'csv', filter: { from: 0, to: 1000 } });
    const b = await exportLog(t.db, { dir, format: 'csv', filter: { from: 0, to: 1000 } });
    expect(a.rows).toBe(0);
    expect(a.path).not.toBe(b.path);
    expect(parseCsv(fs.readFileSync(a.path, 'utf8'))).toHaveLength(1);
  });

  it('csvField escapes exactly what needs it', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField('plain')).toBe('plain');
    for (const s of nasty) expect(parseCsv(csvField(s) + '\r\n')[0]).toEqual([s]);
  });
});
