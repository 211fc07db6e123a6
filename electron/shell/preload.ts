/**
 * The desktop renderer's only door to main. Sandboxed (bundled to one CJS
 * file, dist-electron/preload.cjs). It exposes `window.switchboard` with one
 * named function per contract method plus `subscribe` for event streams —
 * never ipcRenderer itself. Main validates the sender and every payload again.
 *
 * Each method resolves to the method's output, or to `{ error: { message,
 * code, issues? } }` (the contract's ApiErrorSchema) when main refused it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  METHOD_NAMES,
  STREAM_NAMES,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StreamEvent,
  type StreamInput,
  type StreamName,
} from '../../shared/contract';
import { IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE, ipcMethodChannel } from './security';

export interface BridgeError {
  error: { message: string; code: string; issues?: string[] };
}

type Methods = { readonly [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M> | BridgeError> };

const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcMethodChannel(name), input ?? {})]),
) as unknown as Methods;

const handlers = new Map<number, (e: unknown) => void>();
let nextId = 0;

ipcRenderer.on(IPC_EVENT, (_event, id: unknown, payload: unknown) => {
  if (typeof id === 'number') handlers.get(id)?.(payload);
});

const bridge = {
  ...methods,
  transport: 'ipc' as const,
  /** Starts an event stream; returns the unsubscribe function. */
  subscribe<S extends StreamName>(name: S, input: StreamInput<S>, onEvent: (e: StreamEvent<S>) => void): () => void {
    if (!(STREAM_NAMES as string[]).includes(name)) throw new Error(`Unknown event stream "${name}"`);
    const id = ++nextId;
    handlers.set(id, onEvent as (e: unknown) => void);
    ipcRenderer.send(IPC_SUBSCRIBE, { id, name, input: input ?? {} });
    return () => {
      if (!handlers.delete(id)) return;
      ipcRenderer.send(IPC_UNSUBSCRIBE, { id });
    };
  },
};

/** The type of `window.switchboard` (the renderer derives its bridge type from this). */
export type SwitchboardBridge = typeof bridge;

contextBridge.exposeInMainWorld('switchboard', bridge);
