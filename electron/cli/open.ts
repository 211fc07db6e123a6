import { SwitchboardApp } from '../app';
import { resolveDataDir } from '../core/paths';
import type { CommandArgs } from './main';

/** Opens the app for a one-shot command (no settings watcher). */
export function openForCommand(args: CommandArgs, watchSettings = false): Promise<SwitchboardApp> {
  const flag = args.values['data-dir'];
  return SwitchboardApp.open({ dataDir: resolveDataDir(typeof flag === 'string' ? flag : undefined), watchSettings });
}

/** Runs `fn` with an app that is always closed (log flushed) afterwards. */
export async function withApp<T>(args: CommandArgs, fn: (app: SwitchboardApp) => Promise<T>): Promise<T> {
  const app = await openForCommand(args);
  try {
    return await fn(app);
  } finally {
    app.close();
  }
}
