/**
 * Electron main process. Kept thin: it opens the same SwitchboardApp and
 * starts the same proxy as `switchboard serve`, serves the built renderer
 * from app://switchboard/, carries the API contract over IPC, and adds the
 * desktop parts (single instance, tray, notifications, graceful quit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Notification, app, clipboard, dialog, protocol, session, shell, type WebContents } from 'electron';
import { mimeType, resolveStaticFile } from '../admin/static';
import { SwitchboardApp } from '../app';
import { startGateway, type RunningGateway } from '../api/gateway';
import { resolveDataDir } from '../core/paths';
import type { Keyring } from '../vault/keyring';
import { otherKeyrings, selectKeyrings } from '../vault/select';
import { registerIpc } from './ipc';
import { SafeStorageKeyring } from './safe-storage-keyring';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  WINDOW_WEB_PREFERENCES,
  isAllowedNavigation,
  isSafeExternalUrl,
  windowOpenDecision,
} from './security';
import { createTray } from './tray';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist-electron/
const appRoot = path.resolve(here, '..');
const UI_DIR = process.env.SWITCHBOARD_UI_DIR ? path.resolve(process.env.SWITCHBOARD_UI_DIR) : path.join(appRoot, 'dist', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
const ICON = path.join(appRoot, 'build', 'icon.png');

// Must happen before `ready`: app:// behaves like a real origin (CSP 'self', fetch, storage).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

let win: BrowserWindow | null = null;
let core: SwitchboardApp | null = null;
let gateway: RunningGateway | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another Switchboard owns the port, the database and the tray: hand over to it.
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    // Keep running in the tray: the proxy serves the user's other apps.
  });
  app.on('activate', () => showWindow());
  app.on('before-quit', (e) => {
    if (quitting || !gateway) return;
    e.preventDefault();
    quitting = true;
    void shutdown().finally(() => app.quit());
  });
  app.whenReady().then(boot, (err) => fatal(err));
}

async function boot(): Promise<void> {
  installProtocol();
  denyPermissions();

  const dataDir = resolveDataDir(undefined);
  const { primary, others, fallbacks, warning } = await chooseKeyrings(dataDir);
  core = await SwitchboardApp.open({
    dataDir,
    keyring: primary,
    warn: (m) => {
      console.warn(`[switchboard] ${m}`);
      gateway?.service.alert('warning', 'Switchboard', m);
    },
    // Budget and burn-rate alerts also arrive on `app.budget.events`, which the API
    // forwards to the events stream (and the notification below): just log them here.
    alert: (a) => console.warn(`[switchboard] ${a.title}. ${a.message}`),
  });
  core.useKeyring(primary, others);

  const envPort = process.env.SWITCHBOARD_PORT;
  const port = envPort !== undefined && envPort !== '' ? Number(envPort) : (core.settings.get().port ?? 4141);
  try {
    gateway = await startGateway({
      app: core,
      host: '127.0.0.1',
      port,
      runtime: { keyringWarning: () => (core?.vault.keyring === primary ? warning : null), passphraseFallbacks: () => fallbacks },
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `Port ${port} is busy: another program (or \`switchboard serve\`) is using it. Stop it, or set SWITCHBOARD_PORT, and start Switchboard again.`
        : (err as Error).message;
    dialog.showErrorBox('Switchboard could not start its proxy', why);
    core.close();
    core = null;
    app.exit(1);
    return;
  }
  console.log(`Switchboard listening on ${gateway.endpoint}`);
  registerIpc(gateway.service);

  const tray = fs.existsSync(ICON)
    ? createTray(ICON, {
        open: () => showWindow(),
        copyEndpoint: () => gateway && clipboard.writeText(gateway.endpoint),
        setPaused: (paused) => void gateway?.service.dispatch('app.setPaused', { paused }, { transport: 'ipc' }),
        quit: () => app.quit(),
      })
    : null;
  gateway.service.events.listen((e) => {
    if (e.type === 'status') tray?.update(e.status);
    else if (e.type === 'alert' && Notification.isSupported()) {
      new Notification({ title: e.title, body: e.message, urgency: e.level === 'error' ? 'critical' : 'normal' }).show();
    }
  });
  const first = await gateway.service.dispatch('app.status', {}, { transport: 'ipc' });
  if (first.ok) tray?.update(first.value as Parameters<NonNullable<typeof tray>['update']>[0]);

  showWindow();
}

/** safeStorage seals new keys; the headless backends stay able to open keys sealed by the CLI. */
async function chooseKeyrings(dataDir: string): Promise<{ primary: Keyring; others: Keyring[]; fallbacks: Keyring[]; warning: string | null }> {
  const ss = await SafeStorageKeyring.create();
  if (ss.ok) {
    const others = await otherKeyrings(dataDir, ss.keyring);
    return { primary: ss.keyring, others, fallbacks: [ss.keyring, ...others], warning: ss.keyring.weakWarning };
  }
  console.warn(`[switchboard] ${ss.reason}; using the headless keyring choice instead.`);
  const { primary, others } = await selectKeyrings(dataDir);
  return { primary, others, fallbacks: [primary, ...others], warning: null };
}

function showWindow(): void {
  if (!gateway) return;
  if (win && !win.isDestroyed()) {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return;
  }
  win = new BrowserWindow({
    width: 1240,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Switchboard',
    ...(fs.existsSync(ICON) ? { icon: ICON } : {}),
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: PRELOAD },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('close', (e) => {
    // Closing the window hides it; the proxy keeps running (quit from the tray or the app menu).
    if (!quitting && process.platform !== 'linux') {
      e.preventDefault();
      win?.hide();
    }
  });
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

/** app://switchboard/<file> from the built renderer, with the CSP on every response. */
function installProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404, headers });
    const file = resolveStaticFile(UI_DIR, url.pathname);
    if (!file) {
      const missing = !fs.existsSync(path.join(UI_DIR, 'index.html'));
      return new Response(missing ? `The UI is not built (${UI_DIR}). Run \`npm run build:renderer\`.` : 'Not found', { status: 404, headers });
    }
    return new Response(await fs.promises.readFile(file), { status: 200, headers: { ...headers, 'content-type': mimeType(file) } });
  });
  // Belt and braces: anything else the window loads over http(s) gets the same CSP.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** No camera, microphone, geolocation, notifications-from-page…: only clipboard writes (copy buttons) from the app itself. */
function denyPermissions(): void {
  const allowed = new Set(['clipboard-sanitized-write']);
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => {
    callback(allowed.has(permission) && isAllowedNavigation(wc.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((wc, permission) => allowed.has(permission) && wc !== null && isAllowedNavigation(wc.getURL()));
}

/** Navigation away and new windows are denied; https links open in the system browser. */
function lockDown(contents: WebContents): void {
  const guard = (e: Electron.Event, url: string) => {
    if (isAllowedNavigation(url)) return;
    e.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = windowOpenDecision(url);
    if (d.openExternally) void shell.openExternal(url);
    return { action: d.action };
  });
}

/** In-flight calls finish (up to 30 s), then the log is flushed and files closed. */
async function shutdown(): Promise<void> {
  try {
    await gateway?.close(30_000);
  } finally {
    gateway = null;
    core?.close();
    core = null;
  }
}

function fatal(err: unknown): void {
  console.error('[switchboard]', err);
  dialog.showErrorBox('Switchboard could not start', (err as Error)?.message ?? String(err));
  app.exit(1);
}
