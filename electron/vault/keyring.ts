import { UserFacingError } from '../core/errors';

export type Protection = 'strong' | 'passphrase' | 'weak' | 'none';

/**
 * Seals provider keys at rest. Each backend encrypts with a key it keeps
 * somewhere else than settings.json; settings.json only ever holds the sealed
 * string plus which backend sealed it. The desktop shell adds a `safeStorage`
 * backend implementing this same interface.
 */
export interface Keyring {
  /** 'os-keyring' | 'passphrase' | 'master-key-file' | 'safeStorage' */
  readonly backend: string;
  readonly protection: Protection;
  /** One plain sentence for `keys list`. */
  readonly description: string;
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export const BACKEND_NAMES = ['os-keyring', 'passphrase', 'master-key-file'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  protection: Protection;
  description: string;
  /** Why a key sealed by this backend can't be opened when the backend isn't available. */
  unavailable: string;
}

/** What `keys list` says about a backend even when it isn't available in this process. */
export const BACKEND_INFO: Record<string, BackendInfo> = {
  'os-keyring': {
    protection: 'strong',
    description: 'OS keyring (Keychain, Credential Manager or Secret Service): the master key never touches disk',
    unavailable: 'the OS keyring is not reachable from this process (no secret service, locked keyring, or SWITCHBOARD_KEYRING forces another backend)',
  },
  passphrase: {
    protection: 'passphrase',
    description: 'key derived from SWITCHBOARD_PASSPHRASE (scrypt): as strong as the passphrase, which must be set wherever keys are used',
    unavailable: 'SWITCHBOARD_PASSPHRASE is not set; set it to the passphrase used when the key was saved',
  },
  'master-key-file': {
    protection: 'weak',
    description: 'master-key file (0600) in the data dir: only protects against casual reads; anyone who can read your files can open the keys',
    unavailable: 'master.key is missing from the data dir',
  },
  safeStorage: {
    protection: 'strong',
    description: "Electron safeStorage (the OS's encryption for the desktop app)",
    unavailable: 'it was sealed by the desktop app (Electron safeStorage) and can only be opened there',
  },
};

export function backendInfo(backend: string): BackendInfo {
  return (
    BACKEND_INFO[backend] ?? {
      protection: 'none',
      description: `unknown keyring backend "${backend}"`,
      unavailable: `this version of Switchboard doesn't know the "${backend}" backend`,
    }
  );
}

/**
 * A stored key that can't be opened right now: sealed by a backend that isn't
 * available, a different passphrase, or a damaged record. The proxy maps
 * `code === 'key_unavailable'` to a 401-style gateway error for that provider.
 */
export class KeyUnavailableError extends UserFacingError {
  readonly code = 'key_unavailable';
  constructor(
    readonly provider: string,
    readonly backend: string,
    reason: string,
  ) {
    super(`The ${provider} key can't be opened: ${reason}. Re-add it with \`switchboard keys add ${provider}\`.`);
    this.name = 'KeyUnavailableError';
  }
}
