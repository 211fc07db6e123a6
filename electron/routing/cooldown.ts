import fs from 'node:fs';
import path from 'node:path';
import type { Cooldown } from '../../shared/routes';

/** Route-level defaults when a route sets no `cooldown`. */
export const DEFAULT_COOLDOWN: Cooldown = { failures: 3, windowMs: 60_000, cooldownMs: 30_000 };

/** The file a running proxy keeps its cooldown state in, for `switchboard routes show`. */
export const COOLDOWN_FILE = 'cooldowns.json';

export interface CooldownEntry {
  provider: string;
  model: string;
  /** ms since epoch when the target is tried again. */
  until: number;
  since: number;
  /** The failure that tipped it over. */
  lastError: string;
}

export interface CooldownSnapshot {
  /** When the proxy wrote this, ms since epoch. */
  writtenAt: number;
  pid: number;
  entries: CooldownEntry[];
}

interface State {
  failures: number[];
  until: number;
  since: number;
  lastError: string;
}

/**
 * In-memory circuit breaker per provider/model: `failures` trigger failures
 * within `windowMs` put the target in cooldown for `cooldownMs`, during which
 * routes skip it (logged as `skipped`/`cooldown`). Once the period is over the
 * target is tried again with a clean slate. State lives in the running proxy;
 * each change into or out of cooldown is mirrored to `<dataDir>/cooldowns.json`
 * (written off the request path) so the CLI can show it.
 */
export class CooldownTracker {
  private readonly states = new Map<string, State>();
  private writeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  static forDataDir(dataDir: string): CooldownTracker {
    return new CooldownTracker(path.join(dataDir, COOLDOWN_FILE));
  }

  /** ms until the target may be tried again; 0 when it is not cooling down. */
  remaining(provider: string, model: string): number {
    const s = this.states.get(key(provider, model));
    if (!s || s.until === 0) return 0;
    const left = s.until - this.now();
    if (left > 0) return left;
    // The period is over: a clean slate (the next failure starts a new count).
    this.states.delete(key(provider, model));
    this.changed();
    return 0;
  }

  /** Returns true when this failure put the target into cooldown. */
  recordFailure(provider: string, model: string, cfg: Cooldown, error: string): boolean {
    const k = key(provider, model);
    const t = this.now();
    let s = this.states.get(k);
    if (!s) this.states.set(k, (s = { failures: [], until: 0, since: 0, lastError: '' }));
    if (s.until > t) return false;
    s.failures = s.failures.filter((at) => t - at < cfg.windowMs);
    s.failures.push(t);
    s.lastError = error;
    if (s.failures.length < cfg.failures) return false;
    s.failures = [];
    s.since = t;
    s.until = t + cfg.cooldownMs;
    this.changed();
    return true;
  }

  recordSuccess(provider: string, model: string): void {
    const k = key(provider, model);
    const s = this.states.get(k);
    if (s && s.until === 0) this.states.delete(k);
  }

  /** Targets currently cooling down. */
  entries(): CooldownEntry[] {
    const t = this.now();
    const out: CooldownEntry[] = [];
    for (const [k, s] of this.states) {
      if (s.until <= t) continue;
      const [provider, model] = k.split('\u0000') as [string, string];
      out.push({ provider, model, until: s.until, since: s.since, lastError: s.lastError });
    }
    return out;
  }

  /** Forget everything (tests). */
  clear(): void {
    this.states.clear();
    this.changed();
  }

  /** Writes the snapshot now (used at shutdown and by tests). */
  flush(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    if (!this.file) return;
    const snap: CooldownSnapshot = { writtenAt: Date.now(), pid: process.pid, entries: this.entries() };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, `${JSON.stringify(snap, null, 2)}\n`, { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      /* visibility only: the in-memory state is what routing uses */
    }
  }

  private changed(): void {
    if (!this.file || this.writeTimer) return;
    this.writeTimer = setTimeout(() => this.flush(), 20);
    this.writeTimer.unref?.();
  }
}

function key(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}

/** Reads what a running proxy last wrote; entries whose period is over are dropped. */
export function readCooldownSnapshot(dataDir: string, now = Date.now()): CooldownSnapshot | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, COOLDOWN_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const snap = JSON.parse(text) as CooldownSnapshot;
    if (!Array.isArray(snap.entries)) return null;
    return { ...snap, entries: snap.entries.filter((e) => e && e.until > now) };
  } catch {
    return null;
  }
}
