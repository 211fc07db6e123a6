/**
 * Finished proxy requests over the last minute, for the Connect page's live
 * indicator and the tray. 60 one-second buckets: `record()` is O(1) on the
 * request path, `lastMinute()` sums 60 numbers.
 */
export class ActivityCounter {
  readonly #buckets = new Uint32Array(60);
  readonly #stamps = new Float64Array(60);
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(): void {
    const sec = Math.floor(this.#now() / 1000);
    const i = sec % 60;
    if (this.#stamps[i] !== sec) {
      this.#stamps[i] = sec;
      this.#buckets[i] = 0;
    }
    this.#buckets[i]!++;
  }

  lastMinute(): number {
    const sec = Math.floor(this.#now() / 1000);
    let total = 0;
    for (let i = 0; i < 60; i++) if (sec - this.#stamps[i]! < 60) total += this.#buckets[i]!;
    return total;
  }
}
