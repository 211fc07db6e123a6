import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../core/errors';
import { aeadOpen, aeadSeal, SealedAuthError } from './aead';
import { BACKEND_INFO, type Keyring } from './keyring';

export const KEYRING_SERVICE = 'Switchboard';
export const KEYRING_ACCOUNT = 'master-key';
const PROBE_ACCOUNT = 'probe';
const TIMEOUT_MS = 5_000;

/** The slice of `@napi-rs/keyring` we use (typed locally: the package is optional). */
interface AsyncEntryLike {
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}
interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } } | null) => AsyncEntryLike;
}

export type OsKeyringProbe = { ok: true; keyring: OsKeyring } | { ok: false; reason: string };

async function loadModule(): Promise<KeyringModule> {
  const name = '@napi-rs/keyring'; // a variable, so bundlers/tsc don't require the optional package
  const mod = (await import(name)) as KeyringModule & { default?: KeyringModule };
  const m = mod.AsyncEntry ? mod : mod.default;
  if (!m?.AsyncEntry) throw new Error('@napi-rs/keyring has no AsyncEntry');
  return m;
}

function entry(mod: KeyringModule, account: string): AsyncEntryLike {
  // On Linux, pin to the Secret Service: the library's fallback (the kernel
  // keyutils keyring) forgets everything at logout/reboot, which would make
  // every sealed key unreadable.
  return new mod.AsyncEntry(KEYRING_SERVICE, account, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
}

const signal = () => AbortSignal.timeout(TIMEOUT_MS);

function decodeKey(stored: string | null): Buffer | undefined {
  if (!stored) return undefined;
  const key = Buffer.from(stored, 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * A random 32-byte master key kept in the OS keyring (service "Switchboard",
 * account "master-key"); provider keys are sealed with AES-256-GCM under it.
 * The master key is fetched once per process and cached.
 */
export class OsKeyring implements Keyring {
  readonly backend = 'os-keyring';
  readonly protection = BACKEND_INFO['os-keyring']!.protection;
  readonly description = BACKEND_INFO['os-keyring']!.description;
  readonly #mod: KeyringModule;
  #key: Promise<Buffer> | undefined;

  private constructor(mod: KeyringModule, key: Buffer | undefined) {
    this.#mod = mod;
    if (key) this.#key = Promise.resolve(key);
  }

  /** The keyring, or null if the module doesn't load or a real set/get round trip fails. Never throws. */
  static async available(): Promise<OsKeyring | null> {
    const probe = await OsKeyring.probe();
    return probe.ok ? probe.keyring : null;
  }

  static async probe(): Promise<OsKeyringProbe> {
    let mod: KeyringModule;
    try {
      mod = await loadModule();
    } catch (err) {
      return { ok: false, reason: `@napi-rs/keyring did not load (${(err as Error).message.split('\n')[0]})` };
    }
    try {
      const existing = decodeKey(await entry(mod, KEYRING_ACCOUNT).getPassword(signal()));
      if (existing) return { ok: true, keyring: new OsKeyring(mod, existing) };
      // No master key yet: prove we can write *and read back* (some stores accept writes they can't return).
      const probe = entry(mod, PROBE_ACCOUNT);
      const value = randomBytes(16).toString('hex');
      await probe.setPassword(value, signal());
      const got = await probe.getPassword(signal());
      await probe.deletePassword(signal()).catch(() => false);
      if (got !== value) return { ok: false, reason: 'the OS keyring did not return what was stored' };
      return { ok: true, keyring: new OsKeyring(mod, undefined) };
    } catch (err) {
      return { ok: false, reason: `the OS keyring is not usable (${(err as Error).message.split('\n')[0]})` };
    }
  }

  async seal(plaintext: string): Promise<string> {
    return aeadSeal(await this.#masterKey(true), plaintext, this.backend);
  }

  async open(sealed: string): Promise<string> {
    const key = await this.#masterKey(false);
    try {
      return aeadOpen(key, sealed, this.backend);
    } catch (err) {
      if (err instanceof SealedAuthError) throw new UserFacingError('it was sealed with a different OS-keyring master key (was the keyring entry replaced?)');
      throw err;
    }
  }

  #masterKey(create: boolean): Promise<Buffer> {
    const p = (this.#key ??= this.#fetch(create));
    // Don't cache a failure: the keyring may be unlocked later.
    p.catch(() => { if (this.#key === p) this.#key = undefined; });
    return p;
  }

  async #fetch(create: boolean): Promise<Buffer> {
    const e = entry(this.#mod, KEYRING_ACCOUNT);
    const existing = decodeKey(await e.getPassword(signal()));
    if (existing) return existing;
    if (!create) throw new UserFacingError(`the OS keyring has no "${KEYRING_SERVICE}/${KEYRING_ACCOUNT}" entry (was it deleted?)`);
    await e.setPassword(randomBytes(32).toString('base64'), signal());
    // Read back: if another process created one concurrently, theirs is the one that stuck.
    const stored = decodeKey(await e.getPassword(signal()));
    if (!stored) throw new UserFacingError('the OS keyring did not keep the master key');
    return stored;
  }
}
