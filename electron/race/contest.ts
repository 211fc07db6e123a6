/**
 * The racing engine's core: start N legs at once, each with its own abort
 * signal, and settle them in the order they finish. It is the one mechanism
 * for both kinds of race in Switchboard:
 *
 *  - The Race page (electron/race/engine.ts): every leg is a real streaming
 *    HTTP call through the local proxy and ALL legs run to completion
 *    (`firstWins: false`); the settle order is the finishing order, the first
 *    winning leg is "first to finish", and single legs can be stopped.
 *  - The routing `race` strategy (electron/routing/executor.ts `runRace`):
 *    the legs are in-process `Attempt`s inside one proxied request, and the
 *    first leg ready to commit wins (`firstWins: true`); the others are
 *    aborted as losers, a leg that turns ready after the winner goes to
 *    `onLateWin` (aborted and logged as `lost_race`), and when every leg
 *    fails the contest ends with no winner (the caller reports the last
 *    failure).
 *
 * The boundary: this module knows nothing about HTTP, SSE, Attempts or
 * SQLite. A leg is `(signal) => Promise<R>`; what a win is (`isWin`) and what
 * aborting means (the signal) belong to the caller. The routing strategy
 * cancels its Scope from the signal; the Race page aborts its fetch, so the
 * proxy sees the client leave and aborts the upstream call.
 *
 * Timing is shared too: `LegClock` measures time to first token, total
 * latency and tokens per second the same way for both.
 */

export type Leg<R> = (signal: AbortSignal, index: number) => Promise<R>;

export interface ContestOptions<R> {
  /** Whether a settled leg counts as a win (an answer, not an error or a stop). */
  isWin: (result: R, index: number) => boolean;
  /** The first win ends the contest: every other leg is aborted with `loserReason`. Default false (all run to completion). */
  firstWins?: boolean;
  /** Abort reason given to losers in first-wins mode. Default 'lost_race'. */
  loserReason?: string;
  /** Called as each leg settles, in settle order; `rank` counts wins only (1 = first to finish). */
  onSettle?: (index: number, result: R, rank: number | null) => void;
  /** First-wins mode: a leg that won after the winner was decided (a loser all the same). */
  onLateWin?: (index: number, result: R) => void;
  /** A leg threw instead of resolving: turn the error into a result. Default: rethrow into `all`. */
  onThrow?: (index: number, err: unknown) => R;
}

export interface ContestWinner<R> {
  index: number;
  result: R;
}

export class Contest<R> {
  /** Leg indexes in the order they settled. */
  readonly order: number[] = [];
  /** Win rank per leg (1-based), null for legs that did not win or have not settled. */
  readonly ranks: Array<number | null>;
  readonly results: Array<R | undefined>;
  /** The first leg to settle with a win. */
  readonly first: Promise<ContestWinner<R> | null>;
  /** Every leg's result, in leg order, once all have settled. */
  readonly all: Promise<R[]>;
  /** The result of the leg that settled last without a win (the routing race's "last failure"). */
  lastLoss: R | undefined;
  readonly #controllers: AbortController[];
  #wins = 0;
  #winner: ContestWinner<R> | null = null;
  #resolveFirst!: (w: ContestWinner<R> | null) => void;

  constructor(
    legs: ReadonlyArray<Leg<R>>,
    readonly opts: ContestOptions<R>,
  ) {
    this.ranks = legs.map(() => null);
    this.results = legs.map(() => undefined);
    this.#controllers = legs.map(() => new AbortController());
    this.first = new Promise((r) => (this.#resolveFirst = r));
    // Start every leg before awaiting any: they run concurrently.
    const runs = legs.map((leg, i) =>
      (async () => leg(this.#controllers[i]!.signal, i))().then(
        (r) => this.#settle(i, r),
        (err) => {
          if (!opts.onThrow) throw err;
          return this.#settle(i, opts.onThrow(i, err));
        },
      ),
    );
    this.all = Promise.all(runs).finally(() => {
      if (!this.#winner) this.#resolveFirst(null);
    });
    this.all.catch(() => this.#resolveFirst(null));
  }

  get size(): number {
    return this.#controllers.length;
  }

  get winner(): ContestWinner<R> | null {
    return this.#winner;
  }

  settled(index: number): boolean {
    return this.results[index] !== undefined;
  }

  /** Aborts one leg (it still settles, with whatever its caller makes of the abort). */
  stop(index: number, reason = 'stopped'): void {
    const c = this.#controllers[index];
    if (c && !c.signal.aborted && !this.settled(index)) c.abort(reason);
  }

  /** Aborts every leg still running. */
  stopAll(reason = 'stopped'): void {
    for (let i = 0; i < this.#controllers.length; i++) this.stop(i, reason);
  }

  #settle(i: number, r: R): R {
    this.results[i] = r;
    this.order.push(i);
    const win = this.opts.isWin(r, i);
    let rank: number | null = null;
    if (win && this.opts.firstWins && this.#winner) {
      this.opts.onLateWin?.(i, r);
    } else if (win) {
      rank = ++this.#wins;
      this.ranks[i] = rank;
      if (!this.#winner) {
        this.#winner = { index: i, result: r };
        if (this.opts.firstWins) {
          const reason = this.opts.loserReason ?? 'lost_race';
          this.#controllers.forEach((c, j) => j !== i && !c.signal.aborted && c.abort(reason));
        }
        this.#resolveFirst(this.#winner);
      }
    } else {
      this.lastLoss = r;
    }
    this.opts.onSettle?.(i, r, rank);
    return r;
  }
}

/**
 * One leg's clock: request sent → first token → end. Times come from
 * `performance.now()` in the process that makes the call (for the Race page:
 * main, not the renderer).
 */
export class LegClock {
  readonly startedAt: number;
  firstTokenAt: number | null = null;
  endedAt: number | null = null;

  constructor(readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
  }

  /** Marks the first token (idempotent); returns the time to first token. */
  firstToken(): number {
    this.firstTokenAt ??= this.now();
    return this.firstTokenAt - this.startedAt;
  }

  end(): void {
    this.endedAt ??= this.now();
  }

  get elapsedMs(): number {
    return (this.endedAt ?? this.now()) - this.startedAt;
  }

  get ttftMs(): number | null {
    return this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt;
  }

  get latencyMs(): number | null {
    return this.endedAt === null ? null : this.endedAt - this.startedAt;
  }

  /** Output tokens per second of generation (first token → end); null when it can't be told. */
  tokensPerSec(outputTokens: number | null): number | null {
    return tokensPerSecond(outputTokens, this.firstTokenAt, this.endedAt);
  }
}

/**
 * Generation speed: the tokens after the first one, over the time from the
 * first token to the last. (Counting from the request would mix in the time
 * to first token, which is reported on its own.)
 */
export function tokensPerSecond(outputTokens: number | null, firstTokenAt: number | null, endedAt: number | null): number | null {
  if (outputTokens === null || firstTokenAt === null || endedAt === null || outputTokens < 2) return null;
  const ms = endedAt - firstTokenAt;
  if (ms <= 0) return null;
  return ((outputTokens - 1) * 1000) / ms;
}
