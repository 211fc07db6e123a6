/**
 * The Race page's live state, outside React: `race.events` land in a queue
 * and are applied once per animation frame; then only the subscribers whose
 * slice changed are told. A column re-renders when ITS text or metrics
 * changed, at most once a frame; the page re-renders only on structural
 * changes (a turn began, a column's status changed, a vote). That keeps six
 * streams at 200 tokens/s from re-rendering every column per token.
 *
 * Data is column-major: `cols[c][t]` is column c's answer to turn t, so a
 * column subscribes to one array whose identity changes when it changes.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { RaceAnswer, RaceAttachment, RaceContestant, RaceDetail, RaceEvent, RaceMetrics } from '../../../shared/race';
import { emptyRaceMetrics } from '../../../shared/race';

export interface ColTurn {
  status: RaceAnswer['status'];
  text: string;
  metrics: RaceMetrics;
  error: RaceAnswer['error'];
  finishRank: number | null;
  /** performance.now() in the renderer when streaming began (for the live clock only; metrics come from main). */
  startedAt: number | null;
}

export interface TurnMeta {
  turn: number;
  prompt: string;
  attachments: RaceAttachment[];
  createdAt: number;
  winner: number | null;
  vote: number | null;
}

export interface LiveRace {
  id: string;
  title: string;
  createdAt: number;
  system: string | null;
  params: RaceDetail['params'];
  contestants: RaceContestant[];
  turns: TurnMeta[];
  cols: ColTurn[][];
  active: boolean;
  seq: number;
}

const blankCol = (): ColTurn => ({ status: 'pending', text: '', metrics: emptyRaceMetrics(), error: null, finishRank: null, startedAt: null });

export function fromDetail(d: RaceDetail): LiveRace {
  return {
    id: d.id,
    title: d.title,
    createdAt: d.createdAt,
    system: d.system,
    params: d.params,
    contestants: d.contestants,
    turns: d.turns.map((t) => ({ turn: t.turn, prompt: t.prompt, attachments: t.attachments, createdAt: t.createdAt, winner: t.winner, vote: t.vote })),
    cols: d.contestants.map((_c, col) =>
      d.turns.map((t) => {
        const a = t.answers.find((x) => x.column === col);
        return a ? { status: a.status, text: a.text, metrics: a.metrics, error: a.error, finishRank: a.finishRank, startedAt: null } : blankCol();
      }),
    ),
    active: d.active,
    seq: d.seq,
  };
}

type Listener = () => void;

export class LiveRaces {
  readonly #races = new Map<string, LiveRace>();
  readonly #queue: RaceEvent[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();
  #frame = 0;
  /** Events applied (for tests and the perf figure). */
  applied = 0;
  frames = 0;

  get(id: string | null): LiveRace | undefined {
    return id ? this.#races.get(id) : undefined;
  }

  /** Puts a snapshot (from `race.get`/`race.start`) in place; queued events it already contains are skipped. */
  load(d: RaceDetail): LiveRace {
    const cur = this.#races.get(d.id);
    if (cur && cur.seq > d.seq) {
      // events already took us further: keep them, take what events don't carry (attachments, params)
      const turns = cur.turns.map((t) => ({ ...t, attachments: d.turns.find((x) => x.turn === t.turn)?.attachments ?? t.attachments }));
      const merged = { ...cur, turns, params: d.params };
      this.#races.set(d.id, merged);
      this.#notify(`race:${d.id}`);
      return merged;
    }
    const r = fromDetail(d);
    this.#races.set(d.id, r);
    this.#notify(`race:${d.id}`);
    r.cols.forEach((_c, i) => this.#notify(`col:${d.id}:${i}`));
    return r;
  }

  forget(id: string): void {
    this.#races.delete(id);
    this.#notify(`race:${id}`);
  }

  push(e: RaceEvent): void {
    this.#queue.push(e);
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.flush());
  }

  /** Applies every queued event, then notifies each changed slice once. */
  flush(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.frames++;
    const changed = new Set<string>();
    const events = this.#queue.splice(0);
    for (const e of events) this.#apply(e, changed);
    for (const key of changed) this.#notify(key);
  }

  subscribe(key: string, fn: Listener): () => void {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  #notify(key: string): void {
    for (const fn of this.#listeners.get(key) ?? []) fn();
  }

  #apply(e: RaceEvent, changed: Set<string>): void {
    let r = this.#races.get(e.raceId);
    if (e.type === 'turn') {
      if (r && r.seq >= e.seq) return;
      if (!r) {
        r = {
          id: e.raceId,
          title: e.title,
          createdAt: e.createdAt,
          system: e.system,
          params: { temperature: null, maxTokens: null },
          contestants: e.contestants,
          turns: [],
          cols: e.contestants.map(() => []),
          active: true,
          seq: e.seq,
        };
      }
      const attachments = r.turns.find((t) => t.turn === e.turn)?.attachments ?? [];
      const turns = r.turns.filter((t) => t.turn !== e.turn);
      turns.push({ turn: e.turn, prompt: e.prompt, attachments, createdAt: e.createdAt, winner: null, vote: null });
      turns.sort((a, b) => a.turn - b.turn);
      const cols = r.cols.map((c) => {
        const next = c.slice();
        next[e.turn] = blankCol();
        return next;
      });
      r = { ...r, turns, cols, active: true, seq: e.seq };
      this.#races.set(e.raceId, r);
      changed.add(`race:${r.id}`);
      cols.forEach((_c, i) => changed.add(`col:${r!.id}:${i}`));
      return;
    }
    if (!r || e.seq <= r.seq) return; // unknown race (not on screen), or already in the snapshot
    r.seq = e.seq;
    this.applied++;
    if (e.type === 'finished') {
      const turns = r.turns.map((t) => (t.turn === e.turn ? { ...t, winner: e.winner } : t));
      this.#races.set(r.id, { ...r, turns, active: false });
      changed.add(`race:${r.id}`);
      return;
    }
    const col = r.cols[e.column];
    const cur = col?.[e.turn];
    if (!col || !cur) return;
    let next: ColTurn;
    let structural = false;
    switch (e.type) {
      case 'start':
        next = { ...cur, status: 'running', startedAt: performance.now() };
        structural = true;
        break;
      case 'delta':
        next = { ...cur, text: cur.text + e.text };
        break;
      case 'metrics':
        next = { ...cur, metrics: e.metrics };
        break;
      case 'done':
        next = { ...cur, status: e.status, text: e.text, metrics: e.metrics, finishRank: e.finishRank };
        structural = true;
        break;
      case 'error':
        next = { ...cur, status: 'error', text: e.text, metrics: e.metrics, error: e.error };
        structural = true;
        break;
    }
    const arr = col.slice();
    arr[e.turn] = next;
    r.cols[e.column] = arr;
    changed.add(`col:${r.id}:${e.column}`);
    if (structural) {
      // a new race object: page-level views (status badges, toolbar) re-render
      this.#races.set(r.id, { ...r, cols: r.cols.slice() });
      changed.add(`race:${r.id}`);
    }
  }

  /** Local vote (after `race.vote` answered). */
  setVote(id: string, turn: number, vote: number | null): void {
    const r = this.#races.get(id);
    if (!r) return;
    this.#races.set(id, { ...r, turns: r.turns.map((t) => (t.turn === turn ? { ...t, vote } : t)) });
    this.#notify(`race:${id}`);
  }
}

export const liveRaces = new LiveRaces();

export function useLiveRace(id: string | null): LiveRace | undefined {
  const subscribe = useCallback((fn: () => void) => (id ? liveRaces.subscribe(`race:${id}`, fn) : () => {}), [id]);
  return useSyncExternalStore(subscribe, () => liveRaces.get(id));
}

export function useLiveColumn(id: string, col: number): ColTurn[] | undefined {
  const subscribe = useCallback((fn: () => void) => liveRaces.subscribe(`col:${id}:${col}`, fn), [id, col]);
  return useSyncExternalStore(subscribe, () => liveRaces.get(id)?.cols[col]);
}
