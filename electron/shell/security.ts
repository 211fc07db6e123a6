/**
 * The desktop shell's security settings as plain data and pure functions, so a
 * plain-Node unit test (test/shell/security.test.ts) can assert them without
 * launching Electron. main.ts applies them; nothing here imports Electron at
 * runtime (the WebPreferences import is type-only).
 */
import type { WebPreferences } from 'electron';

/** The renderer is served from this privileged custom scheme, never file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** BrowserWindow webPreferences (main.ts adds `preload`). */
export const WINDOW_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} satisfies WebPreferences);

/**
 * Shared by both surfaces. `style-src 'unsafe-inline'` is for the component
 * library's runtime CSS variables and `style` attributes; scripts are never
 * inline and never evaluated from strings.
 */
const COMMON_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'self'",
  "manifest-src 'self'",
];

/**
 * The desktop window's CSP. The renderer talks to main over IPC; connect-src
 * also allows loopback so later pages (Race, Compare) can call the local proxy.
 */
export const CONTENT_SECURITY_POLICY = [...COMMON_DIRECTIVES, "connect-src 'self' http://127.0.0.1:* http://localhost:*"].join('; ');

/**
 * The CSP of the UI served by `switchboard serve`: everything, the admin API
 * included, is the page's own origin (the proxy's).
 */
export const BROWSER_CONTENT_SECURITY_POLICY = [...COMMON_DIRECTIVES, "connect-src 'self'"].join('; ');

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The window may only ever show the app's own pages (in-app hash/route changes). */
export function isAllowedNavigation(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * Links the user clicks (a provider's "get a key" page) open in the system
 * browser, never inside the app — and only https.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === 'https:' && u.username === '' && u.password === '';
}

/** `window.open` never opens a window: the app answers every request with deny. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/**
 * IPC senders: only a frame showing the app's own origin. `isMainFrame` is
 * false for iframes (the CSP forbids them anyway).
 */
export function isTrustedSender(url: string | undefined | null, isMainFrame = true): boolean {
  if (!url || !isMainFrame) return false;
  return isAllowedNavigation(url);
}

/** IPC channel names: one per contract method, plus the stream control channels. */
export const IPC_PREFIX = 'switchboard:';
export const ipcMethodChannel = (name: string) => `${IPC_PREFIX}call:${name}`;
export const IPC_SUBSCRIBE = `${IPC_PREFIX}subscribe`;
export const IPC_UNSUBSCRIBE = `${IPC_PREFIX}unsubscribe`;
export const IPC_EVENT = `${IPC_PREFIX}event`;
