import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import Conf from 'conf';
import { UserFacingError } from '../core/errors';
import { SETTINGS_FILE, settingsPath } from '../core/paths';
import { SettingsSchema, formatSettingsIssues, type Settings } from '../../shared/settings';

export interface SettingsStoreOptions {
  /**
   * Watch the data dir for writes by other processes (the CLI while `serve`
   * runs, the desktop app). Default true. Tests and one-shot CLI commands can
   * turn it off; `get()` still notices changes through its stat guard.
   */
  watch?: boolean;
  /**
   * Upper bound on how stale `get()` may be: if this long has passed since the
   * last check, `get()` stats the file (one `fs.statSync`, ~2µs, no read) and
   * reloads if it changed. 0 = stat on every call. Default 50ms.
   */
  maxStaleMs?: number;
}

type Events = {
  /** A new snapshot was loaded (own write or another process's). */
  change: [next: Readonly<Settings>, previous: Readonly<Settings>];
  /** Another process left the file invalid; the last good snapshot stays in use. */
  invalid: [error: UserFacingError];
};

/** What identifies one version of the file without reading it. */
function signature(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const KNOWN_KEYS = new Set(Object.keys(SettingsSchema.shape));

interface Loaded {
  raw: string | null;
  sig: string | null;
  settings: Settings;
  /** Top-level keys we don't know (electron-store's `__internal__`, newer fields): preserved on write. */
  extras: Record<string, unknown>;
}

/**
 * The settings document (`<dataDir>/settings.json`), shared with the desktop
 * app: it is written through `conf` — the library electron-store wraps — with the
 * same file name and format, so `new Store({ name: 'settings' })` in the shell
 * reads and writes the same file.
 *
 * Reads come from a parsed, validated, deep-frozen in-memory snapshot: `get()`
 * never reads the file. Freshness, for changes made by another process:
 * - an `fs.watch` on the data dir (inotify/FSEvents/ReadDirectoryChangesW)
 *   reloads ~5ms after a write lands;
 * - independently, `get()` stats the file when the snapshot is older than
 *   `maxStaleMs` (default 50ms), so even where watching is unreliable (network
 *   filesystems, exhausted inotify watches) a request never sees settings more
 *   than ~50ms older than the file — e.g. a `token revoke` from the CLI.
 * `reload()` costs one stat when nothing changed, one read + JSON parse + zod
 * validation (tens of µs for a typical file) when it did.
 *
 * A file that is not valid JSON or fails the schema is never reset: the
 * constructor throws a UserFacingError naming the file and the problem; a bad
 * write by another process while running emits `invalid` and keeps the last
 * good snapshot.
 */
export class SettingsStore extends EventEmitter<Events> {
  readonly dataDir: string;
  readonly path: string;
  readonly #conf: Conf<Record<string, unknown>>;
  readonly #maxStaleMs: number;
  #snapshot: Readonly<Settings>;
  #extras: Record<string, unknown>;
  #raw: string | null;
  /** Signature of the file version last examined (good or bad). */
  #sig: string | null;
  #checkedAt = 0;
  #watcher: fs.FSWatcher | undefined;
  #pending: NodeJS.Timeout | undefined;
  #lastError: UserFacingError | undefined;

  constructor(dataDir: string, opts: SettingsStoreOptions = {}) {
    super();
    this.dataDir = dataDir;
    this.path = settingsPath(dataDir);
    this.#maxStaleMs = opts.maxStaleMs ?? 50;
    fs.mkdirSync(dataDir, { recursive: true });

    // Validate before conf sees the file, so a corrupt file gets our error and is never rewritten.
    const loaded = this.#load();
    try {
      this.#conf = new Conf<Record<string, unknown>>({
        cwd: dataDir,
        configName: SETTINGS_FILE.replace(/\.json$/, ''),
        projectName: 'switchboard',
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        // Holds sealed keys and token hashes: owner-only.
        configFileMode: 0o600,
        watch: false,
      });
    } catch (err) {
      throw this.#corrupt(err instanceof Error ? err.message : String(err));
    }
    this.#snapshot = deepFreeze(loaded.settings);
    this.#extras = loaded.extras;
    this.#raw = loaded.raw;
    this.#sig = loaded.sig;
    this.#checkedAt = Date.now();

    if (opts.watch ?? true) this.#startWatching();
  }

  /** The current settings. Cheap: an in-memory snapshot (plus, at most every `maxStaleMs`, one stat). */
  get(): Readonly<Settings> {
    if (Date.now() - this.#checkedAt >= this.#maxStaleMs) this.#quietRefresh();
    return this.#snapshot;
  }

  /** The problem with the file on disk, if another process left it invalid. */
  get lastError(): UserFacingError | undefined {
    return this.#lastError;
  }

  /**
   * Re-reads the file if it changed on disk. Returns true if the snapshot
   * changed (and `change` was emitted). Throws a UserFacingError if the file is
   * now invalid (the previous snapshot stays in use).
   */
  reload(): boolean {
    return this.#refresh(true);
  }

  /**
   * Applies `mutator` to a copy of the latest settings (re-read from disk first,
   * so a concurrent CLI change isn't lost), validates the result, writes it
   * atomically (temp file + rename, via conf) and returns the new snapshot.
   * A validation failure throws a UserFacingError and writes nothing.
   */
  update(mutator: (draft: Settings) => void): Readonly<Settings> {
    this.#refresh(true);
    const draft = structuredClone(this.#snapshot) as Settings;
    mutator(draft);
    const parsed = SettingsSchema.safeParse(draft);
    if (!parsed.success) {
      throw new UserFacingError(`Refusing to save settings: ${formatSettingsIssues(parsed.error)}`);
    }
    this.#conf.store = { ...this.#extras, ...parsed.data };
    this.#refresh(true);
    return this.#snapshot;
  }

  /** Stops watching. The store still works (through the stat guard). */
  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = undefined;
  }

  #startWatching(): void {
    try {
      this.#watcher = fs.watch(this.dataDir, { persistent: false }, (_event, filename) => {
        if (filename && filename !== SETTINGS_FILE) return;
        // Coalesce the burst of events an atomic write produces.
        this.#pending ??= setTimeout(() => {
          this.#pending = undefined;
          this.#quietRefresh();
        }, 5);
        this.#pending.unref?.();
      });
      this.#watcher.on('error', () => this.close());
    } catch {
      // e.g. ENOSPC (inotify watch limit): the stat guard in get() still bounds staleness.
      this.#watcher = undefined;
    }
  }

  /** For the hot path and the watcher: never throws; problems surface as `invalid` / `lastError`. */
  #quietRefresh(): void {
    try {
      this.#refresh(false);
    } catch (err) {
      this.#lastError = new UserFacingError(`Cannot read settings file ${this.path}: ${(err as Error).message}`);
    }
  }

  #refresh(throwOnInvalid: boolean): boolean {
    this.#checkedAt = Date.now();
    let sig: string | null;
    try {
      sig = signature(fs.statSync(this.path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      sig = null;
    }
    if (sig === this.#sig) {
      if (throwOnInvalid && this.#lastError) throw this.#lastError;
      return false;
    }
    let loaded: Loaded;
    try {
      loaded = this.#load();
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      this.#sig = sig; // don't re-read the same bad version on every get()
      this.#lastError = err;
      this.emit('invalid', err);
      if (throwOnInvalid) throw err;
      return false;
    }
    this.#lastError = undefined;
    this.#sig = loaded.sig;
    this.#extras = loaded.extras;
    if (loaded.raw === this.#raw) return false;
    this.#raw = loaded.raw;
    const previous = this.#snapshot;
    this.#snapshot = deepFreeze(loaded.settings);
    this.emit('change', this.#snapshot, previous);
    return true;
  }

  #load(): Loaded {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { raw: null, sig: null, settings: SettingsSchema.parse({}), extras: {} };
      }
      throw new UserFacingError(`Cannot read settings file ${this.path}: ${(err as Error).message}`);
    }
    let raw: string;
    let sig: string;
    try {
      sig = signature(fs.fstatSync(fd));
      raw = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw this.#corrupt(raw.trim() === '' ? 'the file is empty' : `not valid JSON (${(err as Error).message})`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      throw this.#corrupt('expected a JSON object at the top level');
    }
    const parsed = SettingsSchema.safeParse(json);
    if (!parsed.success) throw this.#corrupt(formatSettingsIssues(parsed.error));
    const extras: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json)) if (!KNOWN_KEYS.has(k)) extras[k] = v;
    return { raw, sig, settings: parsed.data, extras };
  }

  #corrupt(problem: string): UserFacingError {
    return new UserFacingError(
      `Settings file ${this.path} is invalid: ${problem}. Fix it or move it aside; Switchboard will not overwrite it.`,
    );
  }
}
