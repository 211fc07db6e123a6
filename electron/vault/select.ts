import { UserFacingError } from '../core/errors';
import { BACKEND_NAMES, type Keyring } from './keyring';
import { MasterKeyFileKeyring } from './master-key-file';
import { OsKeyring } from './os-keyring';
import { PassphraseKeyring } from './passphrase';

export type KeyringEnv = Record<string, string | undefined>;

function forcedBackend(env: KeyringEnv): string | undefined {
  const forced = env.SWITCHBOARD_KEYRING?.trim();
  if (!forced) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
    throw new UserFacingError(`SWITCHBOARD_KEYRING=${forced} is not a keyring backend; use one of: ${BACKEND_NAMES.join(', ')}`);
  }
  return forced;
}

/**
 * The keyring new keys are sealed with: the OS keyring if it works, else the
 * passphrase if SWITCHBOARD_PASSPHRASE is set, else the master-key file.
 * `SWITCHBOARD_KEYRING=os-keyring|passphrase|master-key-file` forces one (and
 * fails loudly if it isn't usable).
 */
export async function selectKeyring(dataDir: string, env: KeyringEnv = process.env): Promise<Keyring> {
  const passphrase = env.SWITCHBOARD_PASSPHRASE;
  switch (forcedBackend(env)) {
    case 'os-keyring': {
      const probe = await OsKeyring.probe();
      if (!probe.ok) throw new UserFacingError(`SWITCHBOARD_KEYRING=os-keyring, but ${probe.reason}`);
      return probe.keyring;
    }
    case 'passphrase':
      if (!passphrase) throw new UserFacingError('SWITCHBOARD_KEYRING=passphrase, but SWITCHBOARD_PASSPHRASE is not set');
      return new PassphraseKeyring(dataDir, passphrase);
    case 'master-key-file':
      return new MasterKeyFileKeyring(dataDir);
  }
  const os = await OsKeyring.available();
  if (os) return os;
  if (passphrase) return new PassphraseKeyring(dataDir, passphrase);
  return new MasterKeyFileKeyring(dataDir);
}

/**
 * Other backends that can open keys sealed earlier (e.g. a key sealed with the
 * master-key file before the OS keyring became available). Cheap ones only when
 * a backend is forced: forcing means "don't touch the OS keyring".
 */
export async function otherKeyrings(dataDir: string, primary: Keyring, env: KeyringEnv = process.env): Promise<Keyring[]> {
  const out: Keyring[] = [];
  if (primary.backend !== 'os-keyring' && !forcedBackend(env)) {
    const os = await OsKeyring.available();
    if (os) out.push(os);
  }
  if (primary.backend !== 'passphrase' && env.SWITCHBOARD_PASSPHRASE) out.push(new PassphraseKeyring(dataDir, env.SWITCHBOARD_PASSPHRASE));
  if (primary.backend !== 'master-key-file' && MasterKeyFileKeyring.exists(dataDir)) out.push(new MasterKeyFileKeyring(dataDir));
  return out;
}

/** `selectKeyring` + `otherKeyrings`, ready for `new Vault(settings, primary, others)`. */
export async function selectKeyrings(dataDir: string, env: KeyringEnv = process.env): Promise<{ primary: Keyring; others: Keyring[] }> {
  const primary = await selectKeyring(dataDir, env);
  return { primary, others: await otherKeyrings(dataDir, primary, env) };
}
