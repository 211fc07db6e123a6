import { Secret, maskKey } from '../core/secret';
import { UserFacingError } from '../core/errors';
import { BUILTIN_PROVIDERS, builtinProvider } from '../providers/catalog';
import type { SettingsStore } from '../settings/store';
import type { ProviderSettings } from '../../shared/settings';
import { backendInfo, KeyUnavailableError, type Keyring, type Protection } from './keyring';

export interface VaultEntry {
  provider: string;
  mask: string;
  backend: string;
  protection: Protection;
  description: string;
  /** false when the backend that sealed it isn't available in this process. */
  available: boolean;
  /** Why it isn't available (only when `available` is false). */
  reason?: string;
  baseUrl?: string;
  updatedAt: string;
}

const MAX_KEY_LENGTH = 8192;

/** Trims what a paste or `echo key |` adds (whitespace, newlines, BOM); rejects empty or multi-part input. */
export function normalizeKey(input: string): string {
  const key = input.replace(/^\uFEFF/, '').trim();
  if (!key) throw new UserFacingError('The key is empty.');
  if (/\s/.test(key)) throw new UserFacingError('The key contains spaces or line breaks; paste exactly one key.');
  if (key.length > MAX_KEY_LENGTH) throw new UserFacingError(`The key is longer than ${MAX_KEY_LENGTH} characters; is that really a key?`);
  return key;
}

/**
 * Provider keys, sealed at rest in settings.json. `keyring` seals new keys;
 * `otherKeyrings` can still open keys sealed earlier by another backend. A key
 * sealed by a backend that isn't available is listed (available: false, with
 * the reason) and `open()` throws KeyUnavailableError for it — never a crash.
 *
 * `open()` is on the proxy's request path: a snapshot lookup plus one
 * AES-256-GCM open under a cached master key (~15µs per call measured, incl. the
 * settings snapshot lookup and the await; see
 * test/vault/vault.test.ts). Provider plaintexts are never cached; each call
 * returns a fresh Secret.
 */
export class Vault {
  readonly #settings: SettingsStore;
  readonly #keyring: Keyring;
  readonly #byBackend: Map<string, Keyring>;

  constructor(settings: SettingsStore, keyring: Keyring, otherKeyrings: readonly Keyring[] = []) {
    this.#settings = settings;
    this.#keyring = keyring;
    this.#byBackend = new Map(otherKeyrings.map((k) => [k.backend, k]));
    this.#byBackend.set(keyring.backend, keyring);
  }

  /** The backend new keys are sealed with. */
  get keyring(): Keyring {
    return this.#keyring;
  }

  /** Built-in provider ids plus custom providers from settings. */
  knownProviders(): string[] {
    const custom = Object.entries(this.#settings.get().providers).filter(([, p]) => p.custom).map(([id]) => id);
    return [...BUILTIN_PROVIDERS.map((p) => p.id), ...custom.filter((id) => !builtinProvider(id))];
  }

  async setKey(provider: string, plaintext: string, opts: { baseUrl?: string } = {}): Promise<VaultEntry> {
    const id = this.#checkProvider(provider);
    const key = normalizeKey(plaintext);
    const sealed = await this.#keyring.seal(key);
    const record = { backend: this.#keyring.backend, sealed, mask: maskKey(key), updatedAt: new Date().toISOString() };
    this.#settings.update((draft) => {
      const current: ProviderSettings = draft.providers[id] ?? { discount: 1 };
      draft.providers[id] = { ...current, key: record, ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}) };
    });
    return this.#entry(id, this.#settings.get().providers[id]!)!;
  }

  /** Returns false if there was no key. The provider's other settings (baseUrl, discount, custom) stay. */
  removeKey(provider: string): boolean {
    const id = this.#checkProvider(provider);
    if (!this.#settings.get().providers[id]?.key) return false;
    this.#settings.update((draft) => {
      const p = draft.providers[id];
      if (!p) return;
      delete p.key;
      if (p.baseUrl === undefined && p.custom === undefined && p.discount === 1) delete draft.providers[id];
    });
    return true;
  }

  has(provider: string): boolean {
    return Boolean(this.#settings.get().providers[provider]?.key);
  }

  list(): VaultEntry[] {
    const out: VaultEntry[] = [];
    for (const [id, p] of Object.entries(this.#settings.get().providers)) {
      const entry = this.#entry(id, p);
      if (entry) out.push(entry);
    }
    return out;
  }

  /**
   * The provider's key, or null if none is stored. Throws KeyUnavailableError
   * (a UserFacingError with `code: 'key_unavailable'`) if it's stored but can't
   * be opened here.
   */
  async open(provider: string): Promise<Secret | null> {
    const record = this.#settings.get().providers[provider]?.key;
    if (!record) return null;
    const keyring = this.#byBackend.get(record.backend);
    if (!keyring) throw new KeyUnavailableError(provider, record.backend, `it was sealed by ${record.backend}, but ${backendInfo(record.backend).unavailable}`);
    try {
      return new Secret(await keyring.open(record.sealed));
    } catch (err) {
      throw new KeyUnavailableError(provider, record.backend, (err as Error).message);
    }
  }

  #entry(provider: string, p: Readonly<ProviderSettings>): VaultEntry | null {
    if (!p.key) return null;
    const info = this.#byBackend.get(p.key.backend) ?? backendInfo(p.key.backend);
    const available = this.#byBackend.has(p.key.backend);
    return {
      provider,
      mask: p.key.mask,
      backend: p.key.backend,
      protection: info.protection,
      description: info.description,
      available,
      ...(available ? {} : { reason: backendInfo(p.key.backend).unavailable }),
      ...(p.baseUrl !== undefined ? { baseUrl: p.baseUrl } : {}),
      updatedAt: p.key.updatedAt,
    };
  }

  #checkProvider(provider: string): string {
    const id = provider.trim().toLowerCase();
    if (builtinProvider(id) || this.#settings.get().providers[id]?.custom) return id;
    throw new UserFacingError(`Unknown provider "${provider}". Known providers: ${this.knownProviders().join(', ')}.`);
  }
}
