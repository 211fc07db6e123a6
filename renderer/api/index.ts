import type { Api } from '../../shared/contract';
import { UNAUTHORIZED_EVENT } from './errors';
import { createHttpApi } from './http';
import { createIpcApi, type PreloadBridge } from './ipc';

export { ApiError, errorMessage, UNAUTHORIZED_EVENT } from './errors';

declare global {
  interface Window {
    switchboard?: PreloadBridge;
  }
}

const TOKEN_KEY = 'switchboard.adminToken';

/**
 * `switchboard serve` prints `http://127.0.0.1:PORT/#token=…`. Keep the token in
 * sessionStorage (per tab, gone when it closes) and strip it from the address
 * bar so it doesn't end up in history or screenshots.
 */
export function takeTokenFromHash(): void {
  const m = /(?:^#|[#&])token=([^&]+)/.exec(window.location.hash);
  if (!m?.[1]) return;
  try {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  } catch {
    memoryToken = decodeURIComponent(m[1]);
  }
  const rest = window.location.hash.replace(/^#/, '').split('&').filter((p) => !p.startsWith('token=')).join('&');
  history.replaceState(history.state, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
}

let memoryToken: string | null = null;
export function adminToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

function createApi(): Api {
  if (typeof window !== 'undefined' && window.switchboard) return createIpcApi(window.switchboard);
  takeTokenFromHash();
  return createHttpApi({
    baseUrl: new URL('/', window.location.href).toString(),
    getToken: adminToken,
    onUnauthorized: () => window.dispatchEvent(new Event(UNAUTHORIZED_EVENT)),
  });
}

let instance: Api | null = null;

/** The one api object. Pages never know which transport it is on. */
export const api: Api = {
  call: (name, input) => (instance ??= createApi()).call(name, input),
  subscribe: (name, input, onEvent) => (instance ??= createApi()).subscribe(name, input, onEvent),
  get transport() {
    return (instance ??= createApi()).transport;
  },
};

/** Initialise eagerly (reads and strips `#token=` before the router looks at the hash). */
export function initApi(): Api {
  instance ??= createApi();
  return api;
}
