/**
 * SQLite access for Compare (tables from the `compare experiments` migration).
 * Everything the runner does is written here as it happens, so a run resumes
 * after a crash or restart from exactly the rows still pending.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { CompareConfig, CompareExperiment, CompareItem, CompareItemInput, CompareStatus } from '../../shared/compare';
import { CompareConfigSchema } from '../../shared/compare';
import type { Order, PairWinner, ShownVerdict } from './judge';

export type AnswerStatus = 'pending' | 'done' | 'error';
export type JudgementStatus = 'pending' | 'done' | 'unparseable' | 'error' | 'skipped';

export interface AnswerRow {
  itemIdx: number;
  candidate: number;
  status: AnswerStatus;
  text: string | null;
  error: string | null;
  requestId: string | null;
  servedModel: string | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface JudgementRow {
  itemIdx: number;
  a: number;
  b: number;
  order: Order;
  status: JudgementStatus;
  verdict: ShownVerdict | null;
  winner: PairWinner | null;
  reasoning: string | null;
  raw: string | null;
  error: string | null;
  attempts: number;
}

export interface OverrideRow {
  itemIdx: number;
  a: number;
  b: number;
  verdict: PairWinner;
  note: string | null;
  createdAt: number;
}

export interface CallRow {
  kind: 'answer' | 'judge';
  itemIdx: number;
  candidate?: number | null;
  a?: number | null;
  b?: number | null;
  order?: Order | null;
  model: string;
  requestId: string | null;
  status: number | null;
  ok: boolean;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

interface RawExperiment {
  id: string;
  name: string;
  status: string;
  config: string;
  message: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  item_count: number;
}

/** Every unordered pair (a < b) of `k` candidates. */
export function pairsOf(k: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) out.push([a, b]);
  return out;
}

export class CompareStore {
  readonly #stmts = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  #s(sql: string): Statement {
    let s = this.#stmts.get(sql);
    if (!s) this.#stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  // -- experiments ----------------------------------------------------------

  createExperiment(name: string, config: CompareConfig, items: readonly CompareItemInput[], now = Date.now()): string {
    const id = `cmp_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    this.db.transaction(() => {
      this.#s(
        `INSERT INTO compare_experiments (id, name, status, config, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?)`,
      ).run(id, name, JSON.stringify(config), now, now);
      this.#insertItems(id, 0, items);
    })();
    return id;
  }

  #insertItems(id: string, from: number, items: readonly CompareItemInput[]): void {
    const ins = this.#s(`INSERT INTO compare_items (experiment_id, idx, prompt, system, reference, origin) VALUES (?, ?, ?, ?, ?, ?)`);
    items.forEach((it, i) => ins.run(id, from + i, it.prompt, it.system ?? null, it.reference ?? null, it.origin ?? null));
  }

  replaceItems(id: string, items: readonly CompareItemInput[]): void {
    this.db.transaction(() => {
      this.#s(`DELETE FROM compare_items WHERE experiment_id = ?`).run(id);
      this.#insertItems(id, 0, items);
    })();
  }

  appendItems(id: string, items: readonly CompareItemInput[]): void {
    this.db.transaction(() => {
      const { n } = this.#s(`SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM compare_items WHERE experiment_id = ?`).get(id) as { n: number };
      this.#insertItems(id, n, items);
    })();
  }

  #toExperiment(r: RawExperiment): CompareExperiment {
    return {
      id: r.id,
      name: r.name,
      status: r.status as CompareStatus,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      message: r.message,
      itemCount: r.item_count,
      config: CompareConfigSchema.parse(JSON.parse(r.config)),
    };
  }

  getExperiment(id: string): CompareExperiment | null {
    const r = this.#s(
      `SELECT e.*, (SELECT COUNT(*) FROM compare_items i WHERE i.experiment_id = e.id) AS item_count FROM compare_experiments e WHERE e.id = ?`,
    ).get(id) as RawExperiment | undefined;
    return r ? this.#toExperiment(r) : null;
  }

  listExperiments(): CompareExperiment[] {
    const rows = this.#s(
      `SELECT e.*, (SELECT COUNT(*) FROM compare_items i WHERE i.experiment_id = e.id) AS item_count FROM compare_experiments e ORDER BY e.created_at DESC, e.id`,
    ).all() as RawExperiment[];
    return rows.map((r) => this.#toExperiment(r));
  }

  updateExperiment(id: string, patch: { name?: string; config?: CompareConfig }, now = Date.now()): void {
    if (patch.name !== undefined) this.#s(`UPDATE compare_experiments SET name = ?, updated_at = ? WHERE id = ?`).run(patch.name, now, id);
    if (patch.config !== undefined) this.#s(`UPDATE compare_experiments SET config = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(patch.config), now, id);
  }

  setStatus(id: string, status: CompareStatus, opts: { message?: string | null; started?: boolean; finished?: boolean } = {}, now = Date.now()): void {
    this.#s(
      `UPDATE compare_experiments SET status = ?, message = ?, updated_at = ?,
         started_at = CASE WHEN ? THEN COALESCE(started_at, ?) ELSE started_at END,
         finished_at = CASE WHEN ? THEN ? ELSE NULL END
       WHERE id = ?`,
    ).run(status, opts.message ?? null, now, opts.started ? 1 : 0, now, opts.finished ? 1 : 0, now, id);
  }

  deleteExperiment(id: string): void {
    this.#s(`DELETE FROM compare_experiments WHERE id = ?`).run(id);
  }

  // -- items ----------------------------------------------------------------

  items(id: string, offset = 0, limit = -1): Array<CompareItem & { idx: number }> {
    return (
      this.#s(`SELECT idx, prompt, system, reference, origin FROM compare_items WHERE experiment_id = ? ORDER BY idx LIMIT ? OFFSET ?`).all(
        id,
        limit,
        offset,
      ) as Array<CompareItem & { idx: number }>
    ).map((r) => ({ ...r }));
  }

  item(id: string, idx: number): (CompareItem & { idx: number }) | null {
    const r = this.#s(`SELECT idx, prompt, system, reference, origin FROM compare_items WHERE experiment_id = ? AND idx = ?`).get(id, idx) as
      | (CompareItem & { idx: number })
      | undefined;
    return r ?? null;
  }

  itemIndexes(id: string): number[] {
    return (this.#s(`SELECT idx FROM compare_items WHERE experiment_id = ? ORDER BY idx`).all(id) as Array<{ idx: number }>).map((r) => r.idx);
  }

  // -- work rows ------------------------------------------------------------

  /** Creates the answer and judgement rows for every item (idempotent). */
  plan(id: string, candidates: number): void {
    this.db.transaction(() => {
      const idxs = this.itemIndexes(id);
      const ans = this.#s(`INSERT OR IGNORE INTO compare_answers (experiment_id, item_idx, candidate) VALUES (?, ?, ?)`);
      const jud = this.#s(`INSERT OR IGNORE INTO compare_judgements (experiment_id, item_idx, cand_a, cand_b, ord) VALUES (?, ?, ?, ?, ?)`);
      for (const idx of idxs) {
        for (let c = 0; c < candidates; c++) ans.run(id, idx, c);
        for (const [a, b] of pairsOf(candidates)) {
          jud.run(id, idx, a, b, 'ab');
          jud.run(id, idx, a, b, 'ba');
        }
      }
    })();
  }

  /** Puts failed rows back in the queue (on resume). Finished rows are never touched. */
  requeueFailed(id: string): void {
    this.db.transaction(() => {
      this.#s(`UPDATE compare_answers SET status = 'pending', error = NULL WHERE experiment_id = ? AND status = 'error'`).run(id);
      this.#s(`UPDATE compare_judgements SET status = 'pending', error = NULL WHERE experiment_id = ? AND status IN ('error', 'skipped')`).run(id);
    })();
  }

  answers(id: string, itemIdx?: number): AnswerRow[] {
    const rows = (
      itemIdx === undefined
        ? this.#s(`SELECT * FROM compare_answers WHERE experiment_id = ? ORDER BY item_idx, candidate`).all(id)
        : this.#s(`SELECT * FROM compare_answers WHERE experiment_id = ? AND item_idx = ? ORDER BY candidate`).all(id, itemIdx)
    ) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      itemIdx: r.item_idx as number,
      candidate: r.candidate as number,
      status: r.status as AnswerStatus,
      text: r.text as string | null,
      error: r.error as string | null,
      requestId: r.request_id as string | null,
      servedModel: r.served_model as string | null,
      latencyMs: r.latency_ms as number | null,
      inputTokens: r.input_tokens as number | null,
      outputTokens: r.output_tokens as number | null,
      costUsd: r.cost_usd as number | null,
    }));
  }

  judgements(id: string, itemIdx?: number): JudgementRow[] {
    const rows = (
      itemIdx === undefined
        ? this.#s(`SELECT * FROM compare_judgements WHERE experiment_id = ? ORDER BY item_idx, cand_a, cand_b, ord`).all(id)
        : this.#s(`SELECT * FROM compare_judgements WHERE experiment_id = ? AND item_idx = ? ORDER BY cand_a, cand_b, ord`).all(id, itemIdx)
    ) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      itemIdx: r.item_idx as number,
      a: r.cand_a as number,
      b: r.cand_b as number,
      order: r.ord as Order,
      status: r.status as JudgementStatus,
      verdict: r.verdict as ShownVerdict | null,
      winner: r.winner as PairWinner | null,
      reasoning: r.reasoning as string | null,
      raw: r.raw as string | null,
      error: r.error as string | null,
      attempts: r.attempts as number,
    }));
  }

  saveAnswer(id: string, row: AnswerRow, now = Date.now()): void {
    this.#s(
      `UPDATE compare_answers SET status = ?, text = ?, error = ?, request_id = ?, served_model = ?, latency_ms = ?,
         input_tokens = ?, output_tokens = ?, cost_usd = ?, updated_at = ?
       WHERE experiment_id = ? AND item_idx = ? AND candidate = ?`,
    ).run(row.status, row.text, row.error, row.requestId, row.servedModel, row.latencyMs, row.inputTokens, row.outputTokens, row.costUsd, now, id, row.itemIdx, row.candidate);
  }

  saveJudgement(id: string, row: JudgementRow, now = Date.now()): void {
    this.#s(
      `UPDATE compare_judgements SET status = ?, verdict = ?, winner = ?, reasoning = ?, raw = ?, error = ?, attempts = ?, updated_at = ?
       WHERE experiment_id = ? AND item_idx = ? AND cand_a = ? AND cand_b = ? AND ord = ?`,
    ).run(row.status, row.verdict, row.winner, row.reasoning, row.raw, row.error, row.attempts, now, id, row.itemIdx, row.a, row.b, row.order);
  }

  recordCall(id: string, c: CallRow, now = Date.now()): void {
    this.#s(
      `INSERT INTO compare_calls (experiment_id, kind, item_idx, candidate, cand_a, cand_b, ord, model, request_id, status, ok, latency_ms, input_tokens, output_tokens, cost_usd, ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      c.kind,
      c.itemIdx,
      c.candidate ?? null,
      c.a ?? null,
      c.b ?? null,
      c.order ?? null,
      c.model,
      c.requestId,
      c.status,
      c.ok ? 1 : 0,
      c.latencyMs,
      c.inputTokens,
      c.outputTokens,
      c.costUsd,
      now,
    );
  }

  calls(id: string): Array<CallRow & { ts: number }> {
    const rows = this.#s(`SELECT * FROM compare_calls WHERE experiment_id = ? ORDER BY id`).all(id) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      kind: r.kind as 'answer' | 'judge',
      itemIdx: r.item_idx as number,
      candidate: r.candidate as number | null,
      a: r.cand_a as number | null,
      b: r.cand_b as number | null,
      order: r.ord as Order | null,
      model: r.model as string,
      requestId: r.request_id as string | null,
      status: r.status as number | null,
      ok: r.ok === 1,
      latencyMs: r.latency_ms as number | null,
      inputTokens: r.input_tokens as number | null,
      outputTokens: r.output_tokens as number | null,
      costUsd: r.cost_usd as number | null,
      ts: r.ts as number,
    }));
  }

  /**
   * What each call cost: the request log's price where the log has the row
   * (authoritative: discounts, cache hits), else the runner's own estimate.
   */
  costs(id: string): { answer: number; judge: number; unpriced: number; byCandidate: Map<number, { cost: number; unpriced: number; calls: number }> } {
    const hasRequests = this.#hasRequestsTable();
    const rows = this.#s(
      hasRequests
        ? `SELECT c.kind, c.candidate, c.ok, COALESCE(r.cost_usd, c.cost_usd) AS cost FROM compare_calls c LEFT JOIN requests r ON r.id = c.request_id WHERE c.experiment_id = ?`
        : `SELECT c.kind, c.candidate, c.ok, c.cost_usd AS cost FROM compare_calls c WHERE c.experiment_id = ?`,
    ).all(id) as Array<{ kind: string; candidate: number | null; ok: number; cost: number | null }>;
    let answer = 0;
    let judge = 0;
    let unpriced = 0;
    const byCandidate = new Map<number, { cost: number; unpriced: number; calls: number }>();
    for (const r of rows) {
      // A failed call is billed nothing unless the log says otherwise; an unknown price is only for answered calls.
      const isUnpriced = r.cost === null && r.ok === 1;
      if (isUnpriced) unpriced++;
      const cost = r.cost ?? 0;
      if (r.kind === 'judge') judge += cost;
      else {
        answer += cost;
        const c = r.candidate ?? -1;
        const e = byCandidate.get(c) ?? { cost: 0, unpriced: 0, calls: 0 };
        e.cost += cost;
        e.calls++;
        if (isUnpriced) e.unpriced++;
        byCandidate.set(c, e);
      }
    }
    return { answer, judge, unpriced, byCandidate };
  }

  #requestsTable: boolean | undefined;
  #hasRequestsTable(): boolean {
    this.#requestsTable ??= this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'`).get() !== undefined;
    return this.#requestsTable;
  }

  counts(id: string): {
    answers: Record<AnswerStatus, number>;
    judgements: Record<JudgementStatus, number>;
  } {
    const answers: Record<AnswerStatus, number> = { pending: 0, done: 0, error: 0 };
    const judgements: Record<JudgementStatus, number> = { pending: 0, done: 0, unparseable: 0, error: 0, skipped: 0 };
    for (const r of this.#s(`SELECT status, COUNT(*) AS n FROM compare_answers WHERE experiment_id = ? GROUP BY status`).all(id) as Array<{ status: AnswerStatus; n: number }>) {
      answers[r.status] = r.n;
    }
    for (const r of this.#s(`SELECT status, COUNT(*) AS n FROM compare_judgements WHERE experiment_id = ? GROUP BY status`).all(id) as Array<{
      status: JudgementStatus;
      n: number;
    }>) {
      judgements[r.status] = r.n;
    }
    return { answers, judgements };
  }

  // -- overrides ------------------------------------------------------------

  overrides(id: string): OverrideRow[] {
    return (
      this.#s(`SELECT item_idx, cand_a, cand_b, verdict, note, created_at FROM compare_overrides WHERE experiment_id = ?`).all(id) as Array<
        Record<string, unknown>
      >
    ).map((r) => ({
      itemIdx: r.item_idx as number,
      a: r.cand_a as number,
      b: r.cand_b as number,
      verdict: r.verdict as PairWinner,
      note: r.note as string | null,
      createdAt: r.created_at as number,
    }));
  }

  setOverride(id: string, itemIdx: number, a: number, b: number, verdict: PairWinner | null, note: string | null, now = Date.now()): void {
    if (verdict === null) {
      this.#s(`DELETE FROM compare_overrides WHERE experiment_id = ? AND item_idx = ? AND cand_a = ? AND cand_b = ?`).run(id, itemIdx, a, b);
      return;
    }
    this.#s(
      `INSERT INTO compare_overrides (experiment_id, item_idx, cand_a, cand_b, verdict, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (experiment_id, item_idx, cand_a, cand_b) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, created_at = excluded.created_at`,
    ).run(id, itemIdx, a, b, verdict, note, now);
  }
}
