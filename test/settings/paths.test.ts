import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, defaultDataDir, resolveDataDir, settingsPath } from '../../electron/core/paths';

describe('data dir', () => {
  it('matches Electron userData per platform', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/Switchboard');
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Switchboard'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux')).toBe(join(homedir(), '.config', 'Switchboard'));
    expect(defaultDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Switchboard'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Roaming', 'Switchboard'));
  });

  it('flag beats env beats default', () => {
    expect(resolveDataDir('/flag', { SWITCHBOARD_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { SWITCHBOARD_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir('', { XDG_CONFIG_HOME: '/x' })).toBe(process.platform === 'linux' ? '/x/Switchboard' : defaultDataDir({ XDG_CONFIG_HOME: '/x' }));
    expect(resolveDataDir('~/sb', {})).toBe(join(homedir(), 'sb'));
  });

  it('file names', () => {
    expect(settingsPath('/d')).toBe(join('/d', 'settings.json'));
    expect(databasePath('/d')).toBe(join('/d', 'switchboard.db'));
  });
});
