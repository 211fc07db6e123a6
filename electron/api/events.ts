import type { AppEvent, Status } from '../../shared/contract';
import type { Transport } from './runtime';

export type AlertEvent = Extract<AppEvent, { type: 'alert' }>;
type StatusCore = Omit<Status, 'transport'>;

interface Subscriber {
  transport: Transport;
  send: (e: AppEvent) => void;
}

/**
 * The `events` stream: status snapshots when something changed (requests in
 * the last minute decay on their own, so it polls once a second while anyone
 * listens), immediately after a mutation (`poke`), and alerts as they happen.
 */
export class EventHub {
  readonly #subs = new Set<Subscriber>();
  readonly #computeStatus: () => StatusCore;
  readonly #pollMs: number;
  #timer: NodeJS.Timeout | undefined;
  #last = '';
  #poked = false;
  /** Extra listeners for in-process consumers (tray, notifications). */
  readonly #listeners = new Set<(e: AppEvent) => void>();

  constructor(computeStatus: () => StatusCore, pollMs = 1000) {
    this.#computeStatus = computeStatus;
    this.#pollMs = pollMs;
  }

  /** Sends the current status at once, then every change, then alerts. */
  subscribe(transport: Transport, send: (e: AppEvent) => void): () => void {
    const sub: Subscriber = { transport, send };
    this.#subs.add(sub);
    const status = this.#safeStatus();
    if (status) send({ type: 'status', status: { ...status, transport } });
    this.#ensureTimer();
    return () => {
      this.#subs.delete(sub);
      this.#ensureTimer();
    };
  }

  /** In-process listener (gets status changes without a transport, and alerts). */
  listen(fn: (e: AppEvent) => void): () => void {
    this.#listeners.add(fn);
    this.#ensureTimer();
    return () => {
      this.#listeners.delete(fn);
      this.#ensureTimer();
    };
  }

  /** Something changed (pause, keys, tokens): publish a fresh status soon. */
  poke(): void {
    if (this.#poked) return;
    this.#poked = true;
    setImmediate(() => {
      this.#poked = false;
      this.#tick(true);
    });
  }

  alert(level: AlertEvent['level'], title: string, message: string): void {
    const e: AlertEvent = { type: 'alert', level, title, message };
    for (const sub of this.#subs) this.#deliver(sub.send, e);
    for (const fn of this.#listeners) this.#deliver(fn, e);
  }

  close(): void {
    this.#subs.clear();
    this.#listeners.clear();
    this.#ensureTimer();
  }

  #ensureTimer(): void {
    const wanted = this.#subs.size + this.#listeners.size > 0;
    if (wanted && !this.#timer) {
      this.#timer = setInterval(() => this.#tick(false), this.#pollMs);
      this.#timer.unref?.();
    } else if (!wanted && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#last = '';
    }
  }

  #tick(force: boolean): void {
    if (this.#subs.size + this.#listeners.size === 0) return;
    const status = this.#safeStatus();
    if (!status) return;
    const json = JSON.stringify(status);
    if (!force && json === this.#last) return;
    this.#last = json;
    for (const sub of this.#subs) this.#deliver(sub.send, { type: 'status', status: { ...status, transport: sub.transport } });
    // In-process listeners don't care about the transport; 'ipc' is as good as any.
    for (const fn of this.#listeners) this.#deliver(fn, { type: 'status', status: { ...status, transport: 'ipc' } });
  }

  #safeStatus(): StatusCore | null {
    try {
      return this.#computeStatus();
    } catch (err) {
      console.error('[switchboard] status:', (err as Error).message);
      return null;
    }
  }

  #deliver(fn: (e: AppEvent) => void, e: AppEvent): void {
    try {
      fn(e);
    } catch (err) {
      console.error('[switchboard] event subscriber failed:', (err as Error).message);
    }
  }
}
