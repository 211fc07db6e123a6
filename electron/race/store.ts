/**
 * Race history in SQLite (tables from migration "race history" in
 * electron/store/migrations.ts): races, their turns (prompt, attachments,
 * first-to-finish, vote) and every column's answer per turn (text, metrics,
 * finish rank). Everything a race page shows can be rebuilt from here, so a
 * race reopens offline.
 */
import type {
  LeaderboardRow,
  RaceAnswer,
  RaceAttachment,
  RaceColumnStatus,
  RaceContestant,
  RaceDetail,
  RaceMetrics,
  RaceSummary,
  RaceTurn,
} from '../../shared/race';
import type { Database } from '../store/db';

interface RaceRow {
  id: string;
  created_at: number;
  title: string;
  system: string | null;
  temperature: number | null;
  max_tokens: number | null;
  contestants: string;
}

interface TurnRow {
  race_id: string;
  turn: number;
  prompt: string;
  attachments: string;
  created_at: number;
  winner: number | null;
  vote: number | null;
}

interface AnswerRow {
  race_id: string;
  turn: number;
  col: number;
  contestant: string;
  status: RaceColumnStatus;
  text: string;
  error: string | null;
  error_status: number | null;
  finish_reason: string | null;
  request_id: string | null;
  provider: string | null;
  served_model: string | null;
  ttft_ms: number | null;
  latency_ms: number | null;
  tokens_per_sec: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  usage_estimated: number;
  cost_usd: number | null;
  finish_rank: number | null;
}

export interface NewRace {
  id: string;
  createdAt: number;
  title: string;
  system: string | null;
  temperature: number | null;
  maxTokens: number | null;
  contestants: RaceContestant[];
}

export interface AnswerUpdate {
  status: RaceColumnStatus;
  text: string;
  error: { message: string; status: number | null } | null;
  metrics: RaceMetrics;
  finishRank: number | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toAnswer(r: AnswerRow): RaceAnswer {
  return {
    column: r.col,
    status: r.status,
    text: r.text,
    error: r.error === null ? null : { message: r.error, status: r.error_status },
    finishRank: r.finish_rank,
    metrics: {
      ttftMs: r.ttft_ms,
      latencyMs: r.latency_ms,
      tokensPerSec: r.tokens_per_sec,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      usageEstimated: r.usage_estimated === 1,
      costUsd: r.cost_usd,
      finishReason: r.finish_reason,
      provider: r.provider,
      servedModel: r.served_model,
      requestId: r.request_id,
    },
  };
}

export class RaceStore {
  constructor(readonly db: Database) {}

  /** Answers left `running`/`pending` by a process that stopped mid-race: marked interrupted. */
  recoverInterrupted(): number {
    return this.db
      .prepare(`UPDATE race_answers SET status = 'interrupted', error = COALESCE(error, 'Interrupted: the app stopped while this column was streaming.') WHERE status IN ('running', 'pending')`)
      .run().changes;
  }

  createRace(r: NewRace): void {
    this.db
      .prepare(`INSERT INTO races (id, created_at, updated_at, title, system, temperature, max_tokens, contestants) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.createdAt, r.createdAt, r.title, r.system, r.temperature, r.maxTokens, JSON.stringify(r.contestants));
  }

  /** A new turn with one pending answer per column. */
  addTurn(raceId: string, turn: number, prompt: string, attachments: RaceAttachment[], contestants: RaceContestant[], at: number): void {
    const tx = this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO race_turns (race_id, turn, prompt, attachments, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(raceId, turn, prompt, JSON.stringify(attachments), at);
      const ins = this.db.prepare(`INSERT INTO race_answers (race_id, turn, col, contestant, kind, status) VALUES (?, ?, ?, ?, ?, 'pending')`);
      contestants.forEach((c, col) => ins.run(raceId, turn, col, c.ref, c.kind));
      this.db.prepare(`UPDATE races SET updated_at = ? WHERE id = ?`).run(at, raceId);
    });
    tx();
  }

  setRunning(raceId: string, turn: number, col: number): void {
    this.db.prepare(`UPDATE race_answers SET status = 'running' WHERE race_id = ? AND turn = ? AND col = ?`).run(raceId, turn, col);
  }

  saveAnswer(raceId: string, turn: number, col: number, a: AnswerUpdate): void {
    const m = a.metrics;
    this.db
      .prepare(
        `UPDATE race_answers SET status = ?, text = ?, error = ?, error_status = ?, finish_reason = ?, request_id = ?, provider = ?, served_model = ?,
           ttft_ms = ?, latency_ms = ?, tokens_per_sec = ?, input_tokens = ?, output_tokens = ?, usage_estimated = ?, cost_usd = ?, finish_rank = ?
         WHERE race_id = ? AND turn = ? AND col = ?`,
      )
      .run(
        a.status,
        a.text,
        a.error?.message ?? null,
        a.error?.status ?? null,
        m.finishReason,
        m.requestId,
        m.provider,
        m.servedModel,
        m.ttftMs,
        m.latencyMs,
        m.tokensPerSec,
        m.inputTokens,
        m.outputTokens,
        m.usageEstimated ? 1 : 0,
        m.costUsd,
        a.finishRank,
        raceId,
        turn,
        col,
      );
  }

  setWinner(raceId: string, turn: number, winner: number | null): void {
    this.db.prepare(`UPDATE race_turns SET winner = ? WHERE race_id = ? AND turn = ?`).run(winner, raceId, turn);
  }

  setVote(raceId: string, turn: number, vote: number | null): boolean {
    return this.db.prepare(`UPDATE race_turns SET vote = ? WHERE race_id = ? AND turn = ?`).run(vote, raceId, turn).changes > 0;
  }

  delete(raceId: string): boolean {
    return this.db.prepare(`DELETE FROM races WHERE id = ?`).run(raceId).changes > 0;
  }

  exists(raceId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM races WHERE id = ?`).get(raceId) !== undefined;
  }

  get(raceId: string): Omit<RaceDetail, 'active' | 'seq'> | null {
    const r = this.db.prepare(`SELECT * FROM races WHERE id = ?`).get(raceId) as RaceRow | undefined;
    if (!r) return null;
    const turns = this.db.prepare(`SELECT * FROM race_turns WHERE race_id = ? ORDER BY turn`).all(raceId) as TurnRow[];
    const answers = this.db.prepare(`SELECT * FROM race_answers WHERE race_id = ? ORDER BY turn, col`).all(raceId) as AnswerRow[];
    const byTurn = new Map<number, RaceAnswer[]>();
    for (const a of answers) {
      let list = byTurn.get(a.turn);
      if (!list) byTurn.set(a.turn, (list = []));
      list.push(toAnswer(a));
    }
    return {
      id: r.id,
      createdAt: r.created_at,
      title: r.title,
      system: r.system,
      params: { temperature: r.temperature, maxTokens: r.max_tokens },
      contestants: parseJson<RaceContestant[]>(r.contestants, []),
      turns: turns.map(
        (t): RaceTurn => ({
          turn: t.turn,
          prompt: t.prompt,
          attachments: parseJson<RaceAttachment[]>(t.attachments, []),
          createdAt: t.created_at,
          winner: t.winner,
          vote: t.vote,
          answers: byTurn.get(t.turn) ?? [],
        }),
      ),
    };
  }

  /** Newest first; `search` matches prompts and answers. */
  list(limit = 100, search?: string): Array<Omit<RaceSummary, 'active'>> {
    const q = search?.trim();
    const where = q
      ? `WHERE r.id IN (SELECT race_id FROM race_turns WHERE prompt LIKE @q ESCAPE '\\' UNION SELECT race_id FROM race_answers WHERE text LIKE @q ESCAPE '\\' UNION SELECT id FROM races WHERE contestants LIKE @q ESCAPE '\\')`
      : '';
    const rows = this.db
      .prepare(
        `SELECT r.id, r.created_at, r.title, r.contestants,
           (SELECT COUNT(*) FROM race_turns t WHERE t.race_id = r.id) AS turns,
           (SELECT winner FROM race_turns t WHERE t.race_id = r.id AND t.turn = 0) AS winner,
           (SELECT vote FROM race_turns t WHERE t.race_id = r.id AND t.turn = 0) AS vote,
           (SELECT SUM(cost_usd) FROM race_answers a WHERE a.race_id = r.id) AS cost
         FROM races r ${where} ORDER BY r.created_at DESC LIMIT @limit`,
      )
      .all({ limit, ...(q ? { q: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } : {}) }) as Array<{
      id: string;
      created_at: number;
      title: string;
      contestants: string;
      turns: number;
      winner: number | null;
      vote: number | null;
      cost: number | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      title: r.title,
      contestants: parseJson<RaceContestant[]>(r.contestants, []),
      turns: r.turns,
      winner: r.winner,
      vote: r.vote,
      costUsd: r.cost,
    }));
  }

  /** Votes and speed per contestant over every race (finished answers only for the averages). */
  leaderboard(): LeaderboardRow[] {
    const rows = this.db
      .prepare(
        `SELECT a.contestant, a.kind,
           COUNT(DISTINCT a.race_id) AS races,
           COUNT(*) AS answers,
           SUM(CASE WHEN t.vote = a.col THEN 1 ELSE 0 END) AS votes,
           SUM(CASE WHEN t.winner = a.col THEN 1 ELSE 0 END) AS speed_wins,
           SUM(CASE WHEN a.status IN ('error', 'interrupted') THEN 1 ELSE 0 END) AS errors,
           AVG(CASE WHEN a.status = 'done' THEN a.ttft_ms END) AS ttft,
           AVG(CASE WHEN a.status = 'done' THEN a.tokens_per_sec END) AS tps,
           AVG(CASE WHEN a.status = 'done' THEN a.latency_ms END) AS latency,
           AVG(CASE WHEN a.status = 'done' THEN a.cost_usd END) AS avg_cost,
           TOTAL(a.cost_usd) AS total_cost
         FROM race_answers a JOIN race_turns t ON t.race_id = a.race_id AND t.turn = a.turn
         WHERE a.status NOT IN ('pending', 'running')
         GROUP BY a.contestant, a.kind
         ORDER BY votes DESC, speed_wins DESC, tps DESC`,
      )
      .all() as Array<{
      contestant: string;
      kind: 'model' | 'route';
      races: number;
      answers: number;
      votes: number;
      speed_wins: number;
      errors: number;
      ttft: number | null;
      tps: number | null;
      latency: number | null;
      avg_cost: number | null;
      total_cost: number;
    }>;
    return rows.map((r) => ({
      contestant: r.contestant,
      kind: r.kind === 'route' ? 'route' : 'model',
      races: r.races,
      answers: r.answers,
      votes: r.votes,
      speedWins: r.speed_wins,
      errors: r.errors,
      avgTtftMs: r.ttft,
      avgTokensPerSec: r.tps,
      avgLatencyMs: r.latency,
      avgCostUsd: r.avg_cost,
      totalCostUsd: r.total_cost,
    }));
  }
}
