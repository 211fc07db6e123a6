/** Percentile (nearest-rank on a sorted copy). NaN for an empty sample. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return sorted[rank]!;
}

/** A growable sample of doubles; sorted lazily. */
export class Sample {
  private buf = new Float64Array(1024);
  private n = 0;
  private sorted: Float64Array | null = null;

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
    this.sorted = null;
  }

  pushAll(other: Sample): void {
    for (let i = 0; i < other.n; i++) this.push(other.buf[i]!);
  }

  get count(): number {
    return this.n;
  }

  p(q: number): number {
    if (!this.sorted) this.sorted = this.buf.slice(0, this.n).sort();
    return percentile(this.sorted, q);
  }

  mean(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.buf[i]!;
    return this.n ? s / this.n : NaN;
  }
}

export interface Pcts {
  p50: number;
  p90: number;
  p99: number;
  n: number;
}

export function pcts(s: Sample): Pcts {
  return { p50: s.p(50), p90: s.p(90), p99: s.p(99), n: s.count };
}
