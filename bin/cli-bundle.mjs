// Where the bundled CLI lives, and whether it may be used. Plain JavaScript
// with no dependencies: bin/switchboard.mjs imports it on every start.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = path.join(ROOT, 'dist-cli');
export const BUNDLE_FILE = path.join(BUNDLE_DIR, 'switchboard.mjs');
/** Everything the bundle is built from (besides npm packages, which stay external). */
export const SOURCE_DIRS = ['electron', 'shared', 'bin'];

/** When the bundle was built from the sources (ms), or null when there is no usable bundle. */
function builtAt() {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(BUNDLE_DIR, 'stamp.json'), 'utf8'));
    // A bundle built by another Node major may use what this one lacks; rebuild instead.
    if (stamp.node?.split('.')[0] !== process.version.split('.')[0]) return null;
    return typeof stamp.builtAt === 'number' && fs.existsSync(BUNDLE_FILE) ? stamp.builtAt : null;
  } catch {
    return null;
  }
}

/**
 * True when some source file or folder changed after `since`. Folders count
 * too: adding, removing or renaming a file changes its folder's mtime. ~150
 * files: a millisecond or two, on every CLI start.
 */
function changedSince(since) {
  for (const dir of SOURCE_DIRS) {
    const base = path.join(ROOT, dir);
    let entries;
    try {
      if (fs.statSync(base).mtimeMs > since) return true;
      entries = fs.readdirSync(base, { withFileTypes: true, recursive: true });
    } catch {
      continue; // no such folder
    }
    for (const e of entries) {
      try {
        if (fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > since) return true;
      } catch {
        return true; // raced with an edit: assume changed
      }
    }
  }
  return false;
}

/** The bundle's path when it exists and no source is newer; null means "run the sources through tsx". */
export function freshBundle() {
  const at = builtAt();
  return at !== null && !changedSince(at) ? BUNDLE_FILE : null;
}
