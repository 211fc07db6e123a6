import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { METHOD_NAMES } from '../../shared/contract';
import type { ApiService } from '../api/service';
import { IPC_SUBSCRIBE, IPC_UNSUBSCRIBE, IPC_EVENT, ipcMethodChannel, isTrustedSender } from './security';

const FORBIDDEN = { error: { message: 'This window is not allowed to call Switchboard.', code: 'forbidden' } };

/** Only the app's own top-level page may call: checks the sending frame's URL and that it is the main frame. */
function trusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return isTrustedSender(frame.url, frame === event.sender.mainFrame);
}

/**
 * One `ipcMain.handle` per contract method, each going through the same
 * `dispatch` as HTTP (zod-parsed input and output). Event streams are pushed
 * with `webContents.send`. Returns a function that removes every handler.
 */
export function registerIpc(service: ApiService): () => void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcMethodChannel(name), async (event, input: unknown) => {
      if (!trusted(event)) return FORBIDDEN;
      const r = await service.dispatch(name, input, { transport: 'ipc' });
      return r.ok ? r.value : { error: r.error };
    });
  }

  const subs = new Map<WebContents, Map<number, () => void>>();
  const forSender = (wc: WebContents) => {
    let m = subs.get(wc);
    if (!m) {
      m = new Map();
      subs.set(wc, m);
      wc.once('destroyed', () => {
        for (const off of subs.get(wc)?.values() ?? []) off();
        subs.delete(wc);
      });
    }
    return m;
  };

  const onSubscribe = (event: IpcMainEvent, msg: unknown) => {
    if (!trusted(event)) return;
    const { id, name, input } = (msg ?? {}) as { id?: unknown; name?: unknown; input?: unknown };
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof name !== 'string') return;
    const wc = event.sender;
    const mine = forSender(wc);
    mine.get(id)?.();
    const r = service.subscribe(name, input, { transport: 'ipc' }, (e) => {
      if (!wc.isDestroyed()) wc.send(IPC_EVENT, id, e);
    });
    if (r.ok) mine.set(id, r.unsubscribe);
  };
  const onUnsubscribe = (event: IpcMainEvent, msg: unknown) => {
    const id = (msg as { id?: unknown } | null)?.id;
    if (typeof id !== 'number') return;
    const mine = subs.get(event.sender);
    mine?.get(id)?.();
    mine?.delete(id);
  };
  ipcMain.on(IPC_SUBSCRIBE, onSubscribe);
  ipcMain.on(IPC_UNSUBSCRIBE, onUnsubscribe);

  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(ipcMethodChannel(name));
    ipcMain.off(IPC_SUBSCRIBE, onSubscribe);
    ipcMain.off(IPC_UNSUBSCRIBE, onUnsubscribe);
    for (const m of subs.values()) for (const off of m.values()) off();
    subs.clear();
  };
}
