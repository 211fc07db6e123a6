import { createAdminMount, generateAdminToken, type AdminMount, type UiState } from '../admin/server';
import type { SwitchboardApp } from '../app';
import type { ProxyServer } from '../proxy/server';
import type { ApiRuntime } from './runtime';
import { ApiService } from './service';
import { APP_VERSION } from './version';
import { stopCompareRuns } from './compare';
import { stopRaces } from './race';

export interface GatewayOptions {
  app: SwitchboardApp;
  host: string;
  port: number;
  /** Extra `Host` names the proxy accepts (the bind address when exposed on purpose). */
  extraHosts?: string[];
  /** Mount the HTTP admin API and UI (`switchboard serve`); the desktop shell uses IPC instead. */
  admin?: { ui: () => UiState; token?: string };
  /** Desktop-only runtime facts (keyring warning, passphrase mode). */
  runtime?: Omit<ApiRuntime, 'version' | 'endpoint'>;
  /** Status poll interval of the events stream (tests shorten it). */
  pollMs?: number;
}

export interface RunningGateway {
  service: ApiService;
  proxy: ProxyServer;
  /** `http://127.0.0.1:4141` */
  endpoint: string;
  bound: { host: string; port: number };
  /** Present when the admin API is mounted. */
  admin?: { token: string; mount: AdminMount; uiUrl: string };
  /** Ends event streams, lets in-flight calls finish (up to graceMs), closes the port. Doesn't close the app. */
  close(graceMs?: number): Promise<void>;
}

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

/**
 * The proxy plus the contract's implementation, as `switchboard serve` and the
 * desktop shell both run it: the same modules, the same port.
 */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const { app } = opts;
  let endpoint = '';
  const service = new ApiService(app, { version: APP_VERSION, endpoint: () => endpoint, ...opts.runtime }, { pollMs: opts.pollMs });
  const token = opts.admin ? (opts.admin.token ?? generateAdminToken()) : undefined;
  const mount = opts.admin && token ? createAdminMount({ service, token, ui: opts.admin.ui }) : undefined;
  const proxy = app.createProxy({ extraHosts: opts.extraHosts ?? [], mount: mount?.mount });
  let bound: { host: string; port: number };
  try {
    bound = await proxy.listen(opts.port, opts.host);
  } catch (err) {
    service.close();
    throw err;
  }
  const shownHost = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  const wildcard = bound.host === '0.0.0.0' || bound.host === '::';
  endpoint = `http://${wildcard ? '127.0.0.1' : shownHost}:${bound.port}`;
  // The admin UI answers loopback names only; an exposed bind is still reached locally as 127.0.0.1.
  const uiBase = LOOPBACK.test(bound.host) ? `http://${shownHost}:${bound.port}` : `http://127.0.0.1:${bound.port}`;
  return {
    service,
    proxy,
    endpoint,
    bound,
    admin: mount && token ? { token, mount, uiUrl: `${uiBase}/#token=${token}` } : undefined,
    async close(graceMs = 30_000) {
      mount?.close();
      // The app's own long-running work (race columns, compare runs) is stopped
      // and saved first, so nothing writes after the database closes.
      await Promise.allSettled([stopRaces(app), stopCompareRuns(app)]);
      service.close();
      await proxy.close(graceMs);
    },
  };
}
