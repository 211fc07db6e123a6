import { safeStorage } from 'electron';
import { UserFacingError } from '../core/errors';
import { BACKEND_INFO, type Keyring, type Protection } from '../vault/keyring';

const PREFIX = 'ss1:';

/** What `getSelectedStorageBackend()` returns where the OS has no secret store (Linux). */
export const BASIC_TEXT = 'basic_text';

export const BASIC_TEXT_WARNING =
  'No OS secret store (GNOME Keyring, KWallet) is available, so Electron safeStorage falls back to a fixed built-in key: ' +
  'your provider keys are not really protected on disk. Switch on passphrase mode, or install and unlock a secret service and restart Switchboard.';

/** The parts of Electron's `safeStorage` this uses (so tests can pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  getSelectedStorageBackend?(): string;
}

/**
 * The desktop app's keyring: Electron safeStorage (Keychain on macOS, DPAPI on
 * Windows, libsecret/KWallet on Linux). Uses the async encrypt/decrypt API
 * where this Electron has it. On Linux with `basic_text` (no secret store) the
 * protection is reported as 'none' with a warning the Keys page shows, which
 * also offers passphrase mode.
 */
export class SafeStorageKeyring implements Keyring {
  readonly backend = 'safeStorage';
  readonly protection: Protection;
  readonly description: string;
  /** Non-null when keys aren't really protected (Linux basic_text). */
  readonly weakWarning: string | null;
  readonly storageBackend: string;
  readonly #ss: SafeStorageLike;
  readonly #async: boolean;

  private constructor(ss: SafeStorageLike, useAsync: boolean, platform: NodeJS.Platform) {
    this.#ss = ss;
    this.#async = useAsync;
    this.storageBackend = platform === 'linux' ? (ss.getSelectedStorageBackend?.() ?? 'unknown') : platform === 'darwin' ? 'keychain' : 'dpapi';
    const weak = platform === 'linux' && this.storageBackend === BASIC_TEXT;
    this.protection = weak ? 'none' : BACKEND_INFO.safeStorage!.protection;
    this.weakWarning = weak ? BASIC_TEXT_WARNING : null;
    this.description = weak
      ? 'Electron safeStorage with no OS secret store (basic_text): a fixed key, so keys are effectively unprotected'
      : `${BACKEND_INFO.safeStorage!.description}, via ${this.storageBackend}`;
  }

  /** The keyring, or why safeStorage can't be used here (call after `app.whenReady()`). */
  static async create(
    ss: SafeStorageLike = safeStorage as unknown as SafeStorageLike,
    platform: NodeJS.Platform = process.platform,
  ): Promise<{ ok: true; keyring: SafeStorageKeyring } | { ok: false; reason: string }> {
    let useAsync = typeof ss.encryptStringAsync === 'function' && typeof ss.decryptStringAsync === 'function';
    if (useAsync && typeof ss.isAsyncEncryptionAvailable === 'function') {
      try {
        useAsync = await ss.isAsyncEncryptionAvailable();
      } catch {
        useAsync = false;
      }
    }
    if (!useAsync && !ss.isEncryptionAvailable()) return { ok: false, reason: 'Electron safeStorage reports that encryption is not available' };
    return { ok: true, keyring: new SafeStorageKeyring(ss, useAsync, platform) };
  }

  async seal(plaintext: string): Promise<string> {
    const buf = this.#async ? await this.#ss.encryptStringAsync!(plaintext) : this.#ss.encryptString(plaintext);
    return PREFIX + buf.toString('base64');
  }

  async open(sealed: string): Promise<string> {
    if (!sealed.startsWith(PREFIX)) throw new UserFacingError('not a safeStorage record');
    const buf = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    try {
      if (this.#async) return (await this.#ss.decryptStringAsync!(buf)).result;
      return this.#ss.decryptString(buf);
    } catch (err) {
      throw new UserFacingError(`safeStorage could not decrypt it (${(err as Error).message}); the OS keychain entry may have changed`);
    }
  }
}
