import { UserFacingError } from '../../core/errors';
import { listTokens } from '../../vault/tokens';
import type { CommandArgs } from '../main';
import { openForCommand } from '../open';
import { provideUi } from '../../admin/ui-build';
import { startGateway, type RunningGateway } from '../../api/gateway';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

export async function serveCommand(args: CommandArgs): Promise<number> {
  const host = typeof args.values.host === 'string' ? args.values.host : '127.0.0.1';
  const portFlag = typeof args.values.port === 'string' ? args.values.port : process.env.SWITCHBOARD_PORT;
  const checkPort = (text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserFacingError(`--port must be a port number (got '${text}').`, 2);
    return n;
  };
  if (portFlag !== undefined) checkPort(portFlag);

  const app = await openForCommand(args, true);
  // --port, else SWITCHBOARD_PORT, else the port chosen on the Settings page, else 4141.
  const port = checkPort(portFlag ?? String(app.settings.get().port ?? 4141));
  const exposed = !LOOPBACK.test(host);
  if (exposed) {
    // Anyone on the network could spend on the user's accounts: require both an
    // explicit flag and at least one client token.
    if (!args.values.expose) {
      app.close();
      throw new UserFacingError(`Refusing to bind ${host}: that exposes your provider keys' spending to the network. Pass --expose if you mean it.`, 2);
    }
    if (listTokens(app.settings).length === 0) {
      app.close();
      throw new UserFacingError(`Refusing to bind ${host} with no client tokens. Create one first: switchboard token create NAME`, 2);
    }
  }

  // The UI (the same React app as the desktop window) and its admin API ride on the proxy's port.
  const ui = provideUi({ onReady: () => process.stderr.write('UI ready.\n') });
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({ app, host, port, extraHosts: exposed ? [host] : [], admin: { ui: ui.state } });
  } catch (err) {
    app.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserFacingError(`Port ${port} on ${host} is busy: another program (or Switchboard) is using it. Choose another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new UserFacingError(`Cannot bind ${host}: no such address on this machine.`);
    if (code === 'EACCES') throw new UserFacingError(`Not allowed to bind port ${port} on ${host}.`);
    throw err;
  }
  const { bound } = gateway;
  const shownHost = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  process.stdout.write(`Switchboard listening on http://${shownHost}:${bound.port}\n`);
  // The admin token is per launch: whoever can read this terminal can use the UI.
  process.stdout.write(`UI: ${gateway.admin!.uiUrl}\n`);
  if (listTokens(app.settings).length === 0) {
    process.stderr.write('No client tokens yet, so every call will be refused: create one with `switchboard token create NAME` (or on the Connect page).\n');
  }
  if (app.vault.list().length === 0) {
    process.stderr.write('No provider keys yet: add one with `switchboard keys add PROVIDER` (the key is read from stdin) or on the Keys page.\n');
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${signal}: finishing ${gateway.proxy.inflight} in-flight request(s)…\n`);
      ui.cancel();
      void gateway.close().then(() => {
        app.close();
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
