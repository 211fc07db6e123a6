/**
 * Stands in for `better-sqlite3` in the Electron main bundle (a Vite alias,
 * see scripts/build-electron.mjs). `npm start` rebuilds the native addon for
 * Electron's ABI into a separate cache folder (so the Node build the tests use
 * stays intact) and passes its path in SWITCHBOARD_SQLITE_BINDING; packaged
 * builds get an Electron-ABI addon from electron-builder and leave it unset.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// A runtime require(): the alias doesn't apply to it, so this is the real module.
const Real = require('better-sqlite3') as new (filename?: string, options?: Record<string, unknown>) => object;
const binding = process.env.SWITCHBOARD_SQLITE_BINDING;

function Database(filename?: string, options: Record<string, unknown> = {}): object {
  return new Real(filename, binding && options.nativeBinding === undefined ? { ...options, nativeBinding: binding } : options);
}
Database.prototype = Real.prototype;

export default Database;
