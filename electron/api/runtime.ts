import type { Keyring } from '../vault/keyring';

/** Which transport a call arrived on (reported back in `app.status`). */
export type Transport = 'ipc' | 'http';

export interface CallContext {
  transport: Transport;
}

/**
 * What the API needs beyond the SwitchboardApp: facts about the process that
 * hosts it (`switchboard serve` or the desktop shell).
 */
export interface ApiRuntime {
  version: string;
  /** The proxy's base URL, e.g. `http://127.0.0.1:4141` (known once it listens). */
  endpoint(): string;
  /** Desktop shell: a warning about the primary keyring (safeStorage on `basic_text`). */
  keyringWarning?(): string | null;
  /**
   * Desktop shell: keyrings that stay able to open older keys when passphrase
   * mode takes over sealing (safeStorage, the master-key file). Its presence
   * turns on `keyring.usePassphrase`.
   */
  passphraseFallbacks?(): readonly Keyring[];
}
