/**
 * The Race page's engine (main process). A turn starts every column at once
 * through a `Contest` (electron/race/contest.ts, the racing core shared with
 * the routing `race` strategy); each column is a real streaming call through
 * the local proxy (stream-client.ts), tagged `race`, so it lands in the
 * request log with its cost. All columns run to completion (or until
 * stopped): the contest's settle order gives the finishing ranks and the
 * first to finish.
 *
 * Measured here, in main: time to first token, tokens per second, total
 * latency, input/output tokens (from the reported usage; estimated, and said
 * so, when there is none), cost (priced like the log prices it), finish
 * reason. Events go to subscribers (the `race.events` contract stream);
 * deltas are coalesced per column every `deltaFlushMs` (50 ms), so six fast
 * streams cost the transport ~120 events a second, not thousands.
 *
 * Every turn, answer and vote is written to SQLite (store.ts) as it settles.
 */
import { randomUUID } from 'node:crypto';
import {
  emptyRaceMetrics,
  isReasoningModel,
  raceTitle,
  type RaceAttachment,
  type RaceContestant,
  type RaceDetail,
  type RaceEvent,
  type RaceMetrics,
  type RaceParams,
} from '../../shared/race';
import type { Usage } from '../../shared/usage';
import { estimateTokens } from '../pricing/price';
import { Contest, LegClock } from './contest';
import type { RaceStore } from './store';
import type { StreamCaller, StreamMessage, StreamMessagePart, StreamResult } from './stream-client';

export class RaceError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'RaceError';
  }
}

/** Prices a finished call; null when the price is unknown. */
export type RacePricer = (call: { provider: string; model: string; usage: Usage }) => number | null;

export interface RaceEngineDeps {
  store: RaceStore;
  caller: StreamCaller;
  price?: RacePricer;
  /** How often buffered deltas are sent per race. Default 50 ms (20 updates a second per column; the first token goes at once). */
  deltaFlushMs?: number;
  now?: () => number;
}

export interface StartInput {
  prompt: string;
  system?: string | null;
  params?: RaceParams;
  contestants: RaceContestant[];
  attachments?: RaceAttachment[];
}

type DistEvent<T> = T extends unknown ? Omit<T, 'seq'> : never;
type EventBody = DistEvent<RaceEvent>;

interface LiveColumn {
  status: 'pending' | 'running' | 'done' | 'error' | 'stopped';
  text: string;
  chunks: number;
  metrics: RaceMetrics;
  error: { message: string; status: number | null } | null;
  finishRank: number | null;
  /** Text received but not yet sent to subscribers. */
  pending: string;
}

interface LiveTurn {
  turn: number;
  contest: Contest<StreamResult>;
  columns: LiveColumn[];
  idle: Promise<void>;
}

interface LiveRace {
  id: string;
  seq: number;
  turn: LiveTurn | null;
  flushTimer: NodeJS.Timeout | null;
}

export class RaceEngine {
  readonly #store: RaceStore;
  readonly #deps: RaceEngineDeps;
  readonly #live = new Map<string, LiveRace>();
  readonly #listeners = new Set<(e: RaceEvent) => void>();

  constructor(deps: RaceEngineDeps) {
    this.#deps = deps;
    this.#store = deps.store;
    this.#store.recoverInterrupted();
  }

  get store(): RaceStore {
    return this.#store;
  }

  subscribe(fn: (e: RaceEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #emit(race: LiveRace, body: EventBody): void {
    const e = { ...body, seq: ++race.seq } as RaceEvent;
    for (const fn of this.#listeners) {
      try {
        fn(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  #liveRace(id: string): LiveRace {
    let r = this.#live.get(id);
    if (!r) this.#live.set(id, (r = { id, seq: 0, turn: null, flushTimer: null }));
    return r;
  }

  isActive(raceId: string): boolean {
    return this.#live.get(raceId)?.turn != null;
  }

  /** Resolves when the race's running turn (if any) has settled. */
  async whenIdle(raceId: string): Promise<void> {
    await this.#live.get(raceId)?.turn?.idle;
  }

  // -- commands ---------------------------------------------------------------

  start(input: StartInput): RaceDetail {
    const now = this.#deps.now?.() ?? Date.now();
    const id = `race_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const system = input.system?.trim() ? input.system : null;
    this.#store.createRace({
      id,
      createdAt: now,
      title: raceTitle(input.prompt),
      system,
      temperature: input.params?.temperature ?? null,
      maxTokens: input.params?.maxTokens ?? null,
      contestants: input.contestants,
    });
    this.#beginTurn(id, 0, input.prompt, input.attachments ?? [], now);
    return this.get(id);
  }

  followUp(raceId: string, prompt: string, attachments: RaceAttachment[] = []): RaceDetail {
    const detail = this.#store.get(raceId);
    if (!detail) throw new RaceError(`No race "${raceId}".`, 'not_found', 404);
    if (this.isActive(raceId)) throw new RaceError('This race is still running: wait for every column to finish, or stop them, before following up.', 'race_running', 409);
    const turn = (detail.turns.at(-1)?.turn ?? -1) + 1;
    this.#beginTurn(raceId, turn, prompt, attachments, this.#deps.now?.() ?? Date.now());
    return this.get(raceId);
  }

  /** Stops one column, or every running column. No-op when nothing is running. */
  stop(raceId: string, column?: number): void {
    if (!this.#store.exists(raceId) && !this.#live.has(raceId)) throw new RaceError(`No race "${raceId}".`, 'not_found', 404);
    const t = this.#live.get(raceId)?.turn;
    if (!t) return;
    if (column === undefined) t.contest.stopAll('stopped');
    else {
      if (column >= t.columns.length) throw new RaceError(`This race has no column ${column + 1}.`, 'not_found', 404);
      t.contest.stop(column, 'stopped');
    }
  }

  vote(raceId: string, turn: number, column: number | null): RaceDetail {
    const detail = this.#store.get(raceId);
    if (!detail) throw new RaceError(`No race "${raceId}".`, 'not_found', 404);
    if (column !== null && column >= detail.contestants.length) throw new RaceError(`This race has no column ${column + 1}.`, 'invalid_vote', 400);
    if (!this.#store.setVote(raceId, turn, column)) throw new RaceError(`This race has no turn ${turn + 1}.`, 'not_found', 404);
    return this.get(raceId);
  }

  get(raceId: string): RaceDetail {
    const d = this.#store.get(raceId);
    if (!d) throw new RaceError(`No race "${raceId}".`, 'not_found', 404);
    const live = this.#live.get(raceId);
    const t = live?.turn;
    if (t) {
      const turn = d.turns.find((x) => x.turn === t.turn);
      if (turn) {
        turn.answers = turn.answers.map((a) => {
          const c = t.columns[a.column];
          if (!c) return a;
          return { ...a, status: c.status, text: c.text, error: c.error, metrics: { ...c.metrics }, finishRank: c.finishRank };
        });
      }
    }
    return { ...d, active: Boolean(t), seq: live?.seq ?? 0 };
  }

  list(limit?: number, search?: string) {
    return this.#store.list(limit, search).map((r) => ({ ...r, active: this.isActive(r.id) }));
  }

  leaderboard() {
    return this.#store.leaderboard();
  }

  async delete(raceId: string): Promise<void> {
    if (!this.#store.exists(raceId)) throw new RaceError(`No race "${raceId}".`, 'not_found', 404);
    if (this.isActive(raceId)) {
      this.stop(raceId);
      await this.whenIdle(raceId);
    }
    this.#store.delete(raceId);
    this.#live.delete(raceId);
  }

  /** Aborts every running column (app quit) and waits for them to settle. */
  async stopAll(): Promise<void> {
    const turns = [...this.#live.values()].map((r) => r.turn).filter((t): t is LiveTurn => t !== null);
    for (const t of turns) t.contest.stopAll('app_quit');
    await Promise.all(turns.map((t) => t.idle));
  }

  // -- one turn ---------------------------------------------------------------

  #beginTurn(raceId: string, turn: number, prompt: string, attachments: RaceAttachment[], at: number): void {
    const before = this.#store.get(raceId)!;
    this.#store.addTurn(raceId, turn, prompt, attachments, before.contestants, at);
    const detail = this.#store.get(raceId)!;
    const race = this.#liveRace(raceId);
    this.#emit(race, {
      type: 'turn',
      raceId,
      turn,
      prompt,
      title: detail.title,
      system: detail.system,
      contestants: detail.contestants,
      createdAt: at,
    });
    const columns: LiveColumn[] = detail.contestants.map(() => ({
      status: 'pending',
      text: '',
      chunks: 0,
      metrics: emptyRaceMetrics(),
      error: null,
      finishRank: null,
      pending: '',
    }));
    const messagesFor = (col: number) => buildMessages(detail, col, turn);
    const contest = new Contest<StreamResult>(
      detail.contestants.map((c, col) => (signal) => this.#runColumn(race, turn, col, c, messagesFor(col), detail.params, columns[col]!, signal)),
      {
        isWin: (r) => r.status === 'done',
        onThrow: (col, err) => {
          const message = `internal error: ${(err as Error)?.message ?? String(err)}`;
          return { status: 'error', httpStatus: 0, text: columns[col]?.text ?? '', error: message, finishReason: null, usage: null, requestId: null, provider: null, servedModel: null, chunks: 0, clock: new LegClock() };
        },
        onSettle: (col, r, rank) => this.#settleColumn(race, turn, col, detail.contestants[col]!, messagesFor(col), r, rank, columns[col]!),
      },
    );
    const liveTurn: LiveTurn = { turn, contest, columns, idle: Promise.resolve() };
    liveTurn.idle = contest.all
      .catch(() => undefined)
      .then(() => {
        this.#flush(race);
        const winner = contest.winner?.index ?? null;
        try {
          this.#store.setWinner(raceId, turn, winner);
        } catch {
          /* deleted meanwhile, or the database is closing */
        }
        race.turn = null;
        this.#emit(race, { type: 'finished', raceId, turn, winner });
      });
    race.turn = liveTurn;
  }

  async #runColumn(
    race: LiveRace,
    turn: number,
    col: number,
    contestant: RaceContestant,
    messages: StreamMessage[],
    params: RaceDetail['params'],
    live: LiveColumn,
    signal: AbortSignal,
  ): Promise<StreamResult> {
    live.status = 'running';
    this.#store.setRunning(race.id, turn, col);
    this.#emit(race, { type: 'start', raceId: race.id, turn, column: col });
    return this.#deps.caller(
      { model: contestant.ref, messages, params: bodyParams(contestant, params), signal },
      {
        onHeaders: (h) => {
          live.metrics = { ...live.metrics, provider: h.provider, servedModel: h.model, requestId: h.requestId };
          this.#emit(race, { type: 'metrics', raceId: race.id, turn, column: col, metrics: { ...live.metrics } });
        },
        onDelta: (text, clock) => {
          const first = live.chunks === 0;
          live.text += text;
          live.chunks++;
          live.pending += text;
          if (first) {
            live.metrics = { ...live.metrics, ttftMs: clock.ttftMs };
            this.#emit(race, { type: 'metrics', raceId: race.id, turn, column: col, metrics: { ...live.metrics } });
            this.#flushColumn(race, turn, col, live, clock.elapsedMs);
          } else {
            this.#scheduleFlush(race);
          }
        },
      },
    );
  }

  #settleColumn(race: LiveRace, turn: number, col: number, contestant: RaceContestant, messages: StreamMessage[], r: StreamResult, rank: number | null, live: LiveColumn): void {
    this.#flushColumn(race, turn, col, live, r.clock.elapsedMs);
    const text = r.text || live.text;
    let usage = r.usage;
    let estimated = false;
    if (!usage && text) {
      // No usage reported (stopped, or cut off): estimate it, and say so.
      estimated = true;
      usage = { inputTokens: estimateTokens(JSON.stringify(messages)), outputTokens: estimateTokens(text), cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    }
    const provider = r.provider ?? live.metrics.provider;
    const served = r.servedModel ?? live.metrics.servedModel;
    let cost: number | null = null;
    if (usage && provider) {
      try {
        cost = this.#deps.price?.({ provider, model: served ?? contestant.ref, usage }) ?? null;
      } catch {
        cost = null;
      }
    } else if (!text && r.status !== 'done') {
      cost = 0; // nothing generated: nothing billed
    }
    const clock = r.clock;
    clock.end();
    const metrics: RaceMetrics = {
      ttftMs: clock.ttftMs,
      latencyMs: clock.latencyMs,
      tokensPerSec: clock.tokensPerSec(usage?.outputTokens ?? null),
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      usageEstimated: estimated,
      costUsd: cost,
      finishReason: r.finishReason,
      provider,
      servedModel: served,
      requestId: r.requestId ?? live.metrics.requestId,
    };
    live.metrics = metrics;
    live.text = text;
    live.finishRank = rank;
    const status = r.status === 'done' ? 'done' : r.status === 'stopped' ? 'stopped' : 'error';
    live.status = status;
    live.error = status === 'error' ? { message: r.error ?? 'failed', status: r.httpStatus || null } : null;
    try {
      this.#store.saveAnswer(race.id, turn, col, { status, text, error: live.error, metrics, finishRank: rank });
    } catch {
      /* deleted meanwhile, or the database is closing */
    }
    if (status === 'error') {
      this.#emit(race, { type: 'error', raceId: race.id, turn, column: col, error: live.error!, text, metrics });
    } else {
      this.#emit(race, { type: 'done', raceId: race.id, turn, column: col, status, text, metrics, finishRank: rank });
    }
  }

  // -- delta batching -----------------------------------------------------------

  #scheduleFlush(race: LiveRace): void {
    if (race.flushTimer) return;
    race.flushTimer = setTimeout(() => {
      race.flushTimer = null;
      this.#flush(race);
    }, this.#deps.deltaFlushMs ?? 50);
  }

  #flush(race: LiveRace): void {
    if (race.flushTimer) {
      clearTimeout(race.flushTimer);
      race.flushTimer = null;
    }
    const t = race.turn;
    if (!t) return;
    t.columns.forEach((c, col) => this.#flushColumn(race, t.turn, col, c, null));
  }

  #flushColumn(race: LiveRace, turn: number, col: number, live: LiveColumn, elapsedMs: number | null): void {
    if (!live.pending) return;
    const text = live.pending;
    live.pending = '';
    this.#emit(race, { type: 'delta', raceId: race.id, turn, column: col, text, chunks: live.chunks, elapsedMs: elapsedMs ?? 0 });
  }
}

// -- request building -----------------------------------------------------------

/** Generation parameters for one contestant (reasoning models take neither temperature nor max_tokens). */
export function bodyParams(c: RaceContestant, p: RaceDetail['params']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const reasoning = c.kind === 'model' && isReasoningModel(c.ref);
  if (p.temperature !== null && !reasoning) out.temperature = p.temperature;
  if (p.maxTokens !== null) out[reasoning ? 'max_completion_tokens' : 'max_tokens'] = p.maxTokens;
  return out;
}

/** A user message: the prompt with text files inlined, and images as `image_url` parts. */
export function userContent(prompt: string, attachments: readonly RaceAttachment[]): string | StreamMessagePart[] {
  let text = prompt;
  for (const a of attachments) {
    if (a.kind !== 'text') continue;
    const fence = a.text.includes('```') ? '````' : '```';
    text += `\n\nAttached file \`${a.name}\`:\n${fence}\n${a.text}\n${fence}`;
  }
  const images = attachments.filter((a) => a.kind === 'image');
  if (images.length === 0) return text;
  return [{ type: 'text', text }, ...images.map((a) => ({ type: 'image_url' as const, image_url: { url: a.dataUrl } }))];
}

function asParts(c: string | StreamMessagePart[]): StreamMessagePart[] {
  return typeof c === 'string' ? [{ type: 'text', text: c }] : c;
}

/**
 * One column's conversation up to `turn`: the system prompt, then each earlier
 * turn's prompt and THIS column's own answer to it, then the new prompt. A
 * turn the column didn't answer (error, nothing streamed) leaves its prompt
 * in; consecutive user messages are merged so roles still alternate.
 */
export function buildMessages(detail: Pick<RaceDetail, 'system' | 'turns'>, column: number, turn: number): StreamMessage[] {
  const out: StreamMessage[] = [];
  if (detail.system) out.push({ role: 'system', content: detail.system });
  const pushUser = (content: string | StreamMessagePart[]) => {
    const last = out.at(-1);
    if (last?.role === 'user') {
      last.content =
        typeof last.content === 'string' && typeof content === 'string' ? `${last.content}\n\n${content}` : [...asParts(last.content), ...asParts(content)];
    } else out.push({ role: 'user', content });
  };
  for (const t of detail.turns) {
    if (t.turn > turn) break;
    pushUser(userContent(t.prompt, t.attachments));
    if (t.turn === turn) break;
    const answer = t.answers.find((a) => a.column === column);
    if (answer?.text) out.push({ role: 'assistant', content: answer.text });
  }
  return out;
}
