/**
 * A short lock-out after repeated bad tokens from one address, so a program on
 * the machine can't hammer the proxy guessing tokens. Valid clients are not
 * slowed: only failures count.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, { count: number; windowStart: number; blockedUntil: number }>();

  constructor(
    private readonly maxFailures = 20,
    private readonly windowMs = 10_000,
    private readonly blockMs = 5_000,
  ) {}

  /** Seconds left on a block, or 0 when the address may try. */
  blockedFor(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry || entry.blockedUntil <= now) return 0;
    return Math.ceil((entry.blockedUntil - now) / 1000);
  }

  recordFailure(address: string, now = Date.now()): void {
    let entry = this.failures.get(address);
    if (!entry || now - entry.windowStart > this.windowMs) {
      entry = { count: 0, windowStart: now, blockedUntil: 0 };
      this.failures.set(address, entry);
    }
    entry.count++;
    if (entry.count >= this.maxFailures) {
      entry.blockedUntil = now + this.blockMs;
      entry.count = 0;
      entry.windowStart = now;
    }
    if (this.failures.size > 10_000) this.failures.clear();
  }
}
