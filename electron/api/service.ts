import type { z } from 'zod';
import { contract, type Contract, type MethodName, type StreamEvent, type StreamName } from '../../shared/contract';
import type { SwitchboardApp } from '../app';
import { subscribeCompareProgress } from './compare';
import { subscribeRaceEvents } from './race';
import { ApiError, toApiError, zodIssues, type ApiErrorBody } from './errors';
import { EventHub, type AlertEvent } from './events';
import { createMethods, statusCore, type MethodImpls } from './methods';
import type { ApiRuntime, CallContext } from './runtime';

type StreamInputOf<S extends StreamName> = Contract[S] extends { kind: 'stream'; input: infer I } ? (I extends z.ZodType ? z.output<I> : never) : never;

/** One implementation per contract stream: starts it, returns the unsubscribe function. May throw (ApiError) to refuse. */
export type StreamImpls = {
  [S in StreamName]: (input: StreamInputOf<S>, ctx: CallContext, send: (e: StreamEvent<S>) => void) => () => void;
};

export type DispatchResult = { ok: true; value: unknown } | { ok: false; status: number; error: ApiErrorBody };
export type SubscribeResult = { ok: true; unsubscribe: () => void } | { ok: false; status: number; error: ApiErrorBody };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name) && contract[name as keyof Contract].kind === 'method';
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(contract, name) && contract[name as keyof Contract].kind === 'stream';
}

/** `undefined` / `null` mean "no input" (HTTP with an empty body, IPC with no argument). */
const orEmpty = (raw: unknown) => (raw === undefined || raw === null ? {} : raw);

/**
 * The contract's one implementation, shared by both transports (Electron IPC
 * and the HTTP admin API). Every call goes through `dispatch`: the input is
 * parsed with the method's zod schema, the implementation runs, and its result
 * is parsed with the output schema — which strips anything not declared, so a
 * sealed key or a plaintext can't ride along by accident.
 */
export class ApiService {
  readonly events: EventHub;
  readonly #impls: MethodImpls;
  readonly #streams: StreamImpls;

  constructor(
    readonly app: SwitchboardApp,
    readonly runtime: ApiRuntime,
    opts: { pollMs?: number } = {},
  ) {
    this.events = new EventHub(() => statusCore({ app, runtime }), opts.pollMs);
    this.#impls = createMethods({ app, runtime, events: this.events });
    this.#streams = {
      events: (_input, ctx, send) => this.events.subscribe(ctx.transport, send),
      'compare.progress': (input, _ctx, send) => subscribeCompareProgress({ app, runtime }, input, send),
      'race.events': (input, _ctx, send) => subscribeRaceEvents({ app, runtime }, input, send),
    };
    attachAlertSources(app, (a) => this.events.alert(a.level, a.title, a.message));
  }

  async dispatch(name: string, raw: unknown, ctx: CallContext): Promise<DispatchResult> {
    if (!isMethodName(name)) {
      return { ok: false, status: 404, error: { message: `Unknown method "${name}".`, code: 'unknown_method' } };
    }
    const def = contract[name];
    const input = def.input.safeParse(orEmpty(raw));
    if (!input.success) {
      const issues = zodIssues(input.error);
      return { ok: false, status: 400, error: { message: `Invalid input for ${name}: ${issues.slice(0, 3).join('; ')}`, code: 'invalid_input', issues } };
    }
    let value: unknown;
    try {
      const impl = this.#impls[name] as (input: unknown, ctx: CallContext) => unknown;
      value = await impl(input.data, ctx);
    } catch (err) {
      const { status, body } = toApiError(err);
      if (body.code === 'internal') console.error(`[switchboard] api ${name}:`, err);
      return { ok: false, status, error: body };
    }
    const output = def.output.safeParse(value);
    if (!output.success) {
      // Paths and messages only: never the value, which is what failed to fit.
      console.error(`[switchboard] api ${name}: output does not match the contract: ${zodIssues(output.error).join('; ')}`);
      return { ok: false, status: 500, error: { message: 'Internal error in Switchboard; see the app log for details.', code: 'internal' } };
    }
    return { ok: true, value: output.data };
  }

  /** Starts an event stream; `send` gets only events that match the stream's schema. */
  subscribe(name: string, raw: unknown, ctx: CallContext, send: (e: unknown) => void): SubscribeResult {
    if (!isStreamName(name)) {
      return { ok: false, status: 404, error: { message: `Unknown event stream "${name}".`, code: 'unknown_stream' } };
    }
    const def = contract[name];
    const input = def.input.safeParse(orEmpty(raw));
    if (!input.success) {
      const issues = zodIssues(input.error);
      return { ok: false, status: 400, error: { message: `Invalid input for ${name}: ${issues.join('; ')}`, code: 'invalid_input', issues } };
    }
    const checked = (e: unknown) => {
      const parsed = def.event.safeParse(e);
      if (parsed.success) send(parsed.data);
      else console.error(`[switchboard] dropped a ${name} event that does not match the contract: ${zodIssues(parsed.error).join('; ')}`);
    };
    try {
      const impl = this.#streams[name] as (input: unknown, ctx: CallContext, send: (e: unknown) => void) => () => void;
      return { ok: true, unsubscribe: impl(input.data, ctx, checked) };
    } catch (err) {
      const { status, body } = toApiError(err);
      if (body.code === 'internal') console.error(`[switchboard] api stream ${name}:`, err);
      return { ok: false, status, error: body };
    }
  }

  /** Raises an alert on the events stream (and desktop notifications). */
  alert(level: AlertEvent['level'], title: string, message: string): void {
    this.events.alert(level, title, message);
  }

  close(): void {
    this.events.close();
  }
}

/** Calls a method and throws an ApiError on failure (in-process callers: tray, tests). */
export async function callOrThrow(service: ApiService, name: MethodName, input: unknown, ctx: CallContext): Promise<unknown> {
  const r = await service.dispatch(name, input, ctx);
  if (!r.ok) throw new ApiError(r.error.message, r.error.code, r.status, r.error.issues);
  return r.value;
}

/**
 * Budget and burn-rate alerts: forwards `alert` events from the budgets
 * module's emitter (`app.budget.events`) or an `app.alerts` emitter, when the
 * app has one. Duck-typed, so the API works with or without them.
 */
function attachAlertSources(app: SwitchboardApp, forward: (a: Omit<AlertEvent, 'type'>) => void): void {
  type Emitter = { on?: (event: string, fn: (a: unknown) => void) => unknown };
  const candidates: unknown[] = [];
  const loose = app as unknown as { alerts?: unknown; budget?: { events?: unknown } };
  try {
    candidates.push(loose.budget?.events, loose.alerts);
  } catch {
    // a failing getter: no alerts from it
  }
  for (const emitter of new Set(candidates)) {
    if (typeof (emitter as Emitter | undefined)?.on !== 'function') continue;
    (emitter as Required<Emitter>).on('alert', (a: unknown) => {
      const x = (a ?? {}) as { level?: unknown; title?: unknown; message?: unknown };
      const level = x.level === 'info' || x.level === 'warning' || x.level === 'error' ? x.level : 'warning';
      forward({ level, title: typeof x.title === 'string' ? x.title : 'Switchboard', message: typeof x.message === 'string' ? x.message : String(a) });
    });
  }
}
