import { UserFacingError } from '../../core/errors';
import { listTokens } from '../../vault/tokens';
import type { CommandArgs } from '../main';
import { openForCommand } from '../open';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

export async function serveCommand(args: CommandArgs): Promise<number> {
  const host = typeof args.values.host === 'string' ? args.values.host : '127.0.0.1';
  const portText = typeof args.values.port === 'string' ? args.values.port : process.env.SWITCHBOARD_PORT ?? '4141';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserFacingError(`--port must be a port number (got '${portText}').`, 2);

  const app = await openForCommand(args, true);
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

  const proxy = app.createProxy({ extraHosts: exposed ? [host] : [] });
  let bound: { port: number; host: string };
  try {
    bound = await proxy.listen(port, host);
  } catch (err) {
    app.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserFacingError(`Port ${port} on ${host} is busy: another program (or Switchboard) is using it. Choose another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new UserFacingError(`Cannot bind ${host}: no such address on this machine.`);
    if (code === 'EACCES') throw new UserFacingError(`Not allowed to bind port ${port} on ${host}.`);
    throw err;
  }
  const shownHost = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  process.stdout.write(`Switchboard listening on http://${shownHost}:${bound.port}\n`);
  if (listTokens(app.settings).length === 0) {
    process.stderr.write('No client tokens yet, so every call will be refused: create one with `switchboard token create NAME`.\n');
  }
  if (app.vault.list().length === 0) {
    process.stderr.write('No provider keys yet: add one with `switchboard keys add PROVIDER` (the key is read from stdin).\n');
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${signal}: finishing ${proxy.inflight} in-flight request(s)…\n`);
      void proxy.close().then(() => {
        app.close();
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
