/**
 * Prompt sets from the user's real traffic: N requests from the local log
 * (chat/messages rows with a stored body), filtered by client token, model and
 * date range; each becomes an item of its last user message and its system
 * prompt.
 */
import type { Database } from 'better-sqlite3';
import type { CompareItem } from '../../shared/compare';
import { mulberry32 } from './stats';

export interface SampleFilter {
  count: number;
  tokenName?: string | null;
  /** Matches the requested or the served model (also `provider/model`). */
  model?: string | null;
  from?: number | null;
  to?: number | null;
  /** Include the app's own calls (Race, Compare, judge). Default false. */
  includeAppTraffic?: boolean;
  seed?: number;
  /** Rows read at most before sampling (newest first). Default 20 000. */
  scanLimit?: number;
}

export interface SampleResult {
  items: CompareItem[];
  /** Rows that matched the filter. */
  matched: number;
  /** Matched rows that yielded no prompt (body not logged, truncated, or no user text). */
  skipped: number;
}

/** Text of an OpenAI `content` (string or parts) or Anthropic content blocks; images etc. are left out. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const out: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') out.push(part);
    else if (part && typeof part === 'object' && (part as { type?: unknown }).type === 'text' && typeof (part as { text?: unknown }).text === 'string') {
      out.push((part as { text: string }).text);
    }
  }
  return out.join('\n');
}

/**
 * The prompt of a logged request body: the last user message with text, and
 * the system prompt (OpenAI `system`/`developer` messages, Anthropic `system`).
 */
export function extractPrompt(body: unknown): { prompt: string; system: string | null } | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { messages?: unknown; system?: unknown };
  if (!Array.isArray(b.messages)) return null;
  const systems: string[] = [];
  const sys = contentText(b.system);
  if (sys.trim()) systems.push(sys);
  let prompt: string | null = null;
  for (const m of b.messages) {
    if (!m || typeof m !== 'object') continue;
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (role === 'system' || role === 'developer') {
      const t = contentText(content);
      if (t.trim()) systems.push(t);
    } else if (role === 'user') {
      const t = contentText(content);
      if (t.trim()) prompt = t;
    }
  }
  if (!prompt) return null;
  return { prompt, system: systems.length ? systems.join('\n\n') : null };
}

export function sampleFromLog(db: Database, f: SampleFilter): SampleResult {
  const where: string[] = [`r.endpoint IN ('chat', 'messages')`, `(r.status IS NULL OR r.status < 400)`, `b.request_body IS NOT NULL`];
  const params: unknown[] = [];
  if (!f.includeAppTraffic) where.push(`r.source = 'proxy'`);
  if (f.tokenName) {
    where.push(`r.token_name = ?`);
    params.push(f.tokenName);
  }
  if (f.model) {
    const m = f.model;
    const bare = m.includes('/') ? m.slice(m.indexOf('/') + 1) : m;
    where.push(`(r.requested_model = ? OR r.served_model = ? OR r.served_model = ? OR (r.provider || '/' || r.served_model) = ?)`);
    params.push(m, m, bare, m);
  }
  if (typeof f.from === 'number') {
    where.push(`r.ts >= ?`);
    params.push(f.from);
  }
  if (typeof f.to === 'number') {
    where.push(`r.ts < ?`);
    params.push(f.to);
  }
  const rows = db
    .prepare(
      `SELECT r.id, b.request_body AS body FROM requests r JOIN request_bodies b ON b.request_id = r.id
       WHERE ${where.join(' AND ')} ORDER BY r.ts DESC LIMIT ?`,
    )
    .all(...params, f.scanLimit ?? 20_000) as Array<{ id: string; body: string }>;

  const seen = new Set<string>();
  const usable: CompareItem[] = [];
  let skipped = 0;
  for (const r of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.body);
    } catch {
      skipped++;
      continue;
    }
    const p = extractPrompt(parsed);
    if (!p) {
      skipped++;
      continue;
    }
    const key = `${p.system ?? ''}\u0000${p.prompt}`;
    if (seen.has(key)) continue; // the same prompt twice adds nothing to a comparison
    seen.add(key);
    usable.push({ prompt: p.prompt, system: p.system, reference: null, origin: `log:${r.id}` });
  }
  // A seeded partial Fisher–Yates shuffle: a random sample, reproducible with `seed`.
  const rand = mulberry32(f.seed ?? Date.now() & 0x7fffffff);
  const n = Math.min(f.count, usable.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (usable.length - i));
    [usable[i], usable[j]] = [usable[j]!, usable[i]!];
  }
  return { items: usable.slice(0, n), matched: rows.length, skipped };
}
