import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The product name Electron derives `userData` from (package.json `productName`). */
export const PRODUCT_NAME = 'Switchboard';

/**
 * The folder Electron's `app.getPath('userData')` returns for productName
 * "Switchboard", so the CLI and the desktop app share one settings file, vault
 * and database:
 * - Linux: `$XDG_CONFIG_HOME/Switchboard`, else `~/.config/Switchboard`
 * - macOS: `~/Library/Application Support/Switchboard`
 * - Windows: `%APPDATA%\Switchboard`
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  if (platform === 'win32') {
    return join(env.APPDATA || join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  // Electron (like the XDG spec) ignores a relative XDG_CONFIG_HOME.
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), PRODUCT_NAME);
}

/** `--data-dir` flag, else `SWITCHBOARD_DATA_DIR`, else the desktop app's folder. Always absolute. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag?.trim() || env.SWITCHBOARD_DATA_DIR?.trim();
  if (!chosen) return defaultDataDir(env);
  return resolve(expandHome(chosen));
}

function expandHome(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(homedir(), p.slice(2));
  return p;
}

export const SETTINGS_FILE = 'settings.json';
export const DATABASE_FILE = 'switchboard.db';

export function settingsPath(dir: string): string {
  return join(dir, SETTINGS_FILE);
}

export function databasePath(dir: string): string {
  return join(dir, DATABASE_FILE);
}
