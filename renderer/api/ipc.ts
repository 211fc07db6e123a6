import {
  contract,
  type Api,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StreamEvent,
  type StreamInput,
  type StreamName,
} from '../../shared/contract';
import { ApiError, fromErrorBody } from './errors';

type Fn = (...args: unknown[]) => unknown;

/**
 * What the Electron preload exposes as `window.switchboard`: one named
 * function per contract method (flat, `bridge['keys.set'](input)`, or nested,
 * `bridge.keys.set(input)`), plus `subscribe(name, input, onEvent) → unsubscribe`.
 */
export type PreloadBridge = Record<string, unknown> & {
  subscribe?: (name: string, input: unknown, onEvent: (e: unknown) => void) => () => void;
};

function lookup(bridge: PreloadBridge, name: string): Fn | undefined {
  const flat = bridge[name];
  if (typeof flat === 'function') return flat as Fn;
  let node: unknown = bridge;
  for (const part of name.split('.')) {
    if (node == null || (typeof node !== 'object' && typeof node !== 'function')) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'function' ? (node as Fn) : undefined;
}

/** Electron wraps errors from main as "Error invoking remote method 'x': Error: message". */
function ipcError(err: unknown, method: string): ApiError {
  if (err instanceof ApiError) return err;
  const fromBody = fromErrorBody(err, method);
  if (fromBody) return fromBody;
  const raw = err instanceof Error ? err.message : String(err);
  const message = raw.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(?:[A-Za-z]*Error):\s*/, '');
  try {
    const json = fromErrorBody(JSON.parse(message), method);
    if (json) return json;
  } catch {
    // plain text message
  }
  const code = err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' ? (err as { code: string }).code : 'ipc_error';
  return new ApiError(message, code, method);
}

export function createIpcApi(bridge: PreloadBridge): Api {
  async function call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const fn = lookup(bridge, name);
    if (!fn) throw new ApiError(`This version of the desktop shell has no "${name}" method.`, 'not_implemented', name);
    let out: unknown;
    try {
      out = await fn(input ?? {});
    } catch (err) {
      throw ipcError(err, name);
    }
    const asError = fromErrorBody(out, name);
    if (asError) throw asError;
    const parsed = contract[name].output.safeParse(out);
    if (!parsed.success) {
      throw new ApiError(`Unexpected answer from Switchboard for ${name}.`, 'bad_response', name, undefined, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
    }
    return parsed.data as MethodOutput<M>;
  }

  function subscribe<S extends StreamName>(name: S, input: StreamInput<S>, onEvent: (e: StreamEvent<S>) => void): () => void {
    if (typeof bridge.subscribe !== 'function') return () => {};
    const schema = contract[name].event;
    return bridge.subscribe(name, input ?? {}, (e) => {
      const parsed = schema.safeParse(e);
      if (parsed.success) onEvent(parsed.data as StreamEvent<S>);
    });
  }

  return { call, subscribe, transport: 'ipc' };
}
