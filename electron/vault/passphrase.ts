import fs from 'node:fs';
import { join } from 'node:path';
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { UserFacingError } from '../core/errors';
import { aeadOpen, aeadSeal, SealedAuthError } from './aead';
import { BACKEND_INFO, type Keyring } from './keyring';

export const VAULT_FILE = 'vault.json';
const CHECK_PLAINTEXT = 'switchboard-passphrase-check';
const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };

interface VaultFile {
  version: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  /** A known plaintext sealed with the derived key: tells a wrong passphrase apart from a damaged key. */
  check: string;
}

function scrypt(passphrase: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const wrongPassphrase = () =>
  new UserFacingError('sealed with a different passphrase: SWITCHBOARD_PASSPHRASE does not match the one the keys were saved with');

/**
 * Key derived from `SWITCHBOARD_PASSPHRASE` with scrypt (N=2^15, r=8, p=1; a
 * random salt in `<dataDir>/vault.json`). Derived once per process (~50-100ms,
 * off the event loop) and cached; the passphrase and derived key are never logged.
 */
export class PassphraseKeyring implements Keyring {
  readonly backend = 'passphrase';
  readonly protection = BACKEND_INFO.passphrase!.protection;
  readonly description = BACKEND_INFO.passphrase!.description;
  readonly path: string;
  readonly #passphrase: string;
  #derived: Promise<Buffer> | undefined;

  constructor(readonly dataDir: string, passphrase: string) {
    if (!passphrase) throw new UserFacingError('SWITCHBOARD_PASSPHRASE is empty');
    this.path = join(dataDir, VAULT_FILE);
    this.#passphrase = passphrase;
  }

  async seal(plaintext: string): Promise<string> {
    return aeadSeal(await this.#key(), plaintext, this.backend);
  }

  async open(sealed: string): Promise<string> {
    const key = await this.#key();
    try {
      return aeadOpen(key, sealed, this.backend);
    } catch (err) {
      if (err instanceof SealedAuthError) throw wrongPassphrase();
      throw err;
    }
  }

  #key(): Promise<Buffer> {
    this.#derived ??= this.#derive();
    return this.#derived;
  }

  async #derive(): Promise<Buffer> {
    const existing = this.#readFile();
    if (existing) {
      const key = await scrypt(this.#passphrase, Buffer.from(existing.salt, 'base64'), scryptOpts(existing));
      try {
        if (aeadOpen(key, existing.check, this.backend) !== CHECK_PLAINTEXT) throw wrongPassphrase();
      } catch (err) {
        if (err instanceof SealedAuthError) throw wrongPassphrase();
        throw err;
      }
      return key;
    }
    const salt = randomBytes(16);
    const key = await scrypt(this.#passphrase, salt, scryptOpts(DEFAULT_PARAMS));
    const doc: VaultFile = {
      version: 1, kdf: 'scrypt', ...DEFAULT_PARAMS, salt: salt.toString('base64'),
      check: aeadSeal(key, CHECK_PLAINTEXT, this.backend),
    };
    fs.mkdirSync(this.dataDir, { recursive: true });
    try {
      fs.writeFileSync(this.path, JSON.stringify(doc, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      this.#derived = undefined; // another process created it first: derive against theirs
      return this.#key();
    }
    return key;
  }

  #readFile(): VaultFile | null {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let doc: Partial<VaultFile>;
    try {
      doc = JSON.parse(text) as Partial<VaultFile>;
    } catch {
      throw new UserFacingError(`${this.path} is not valid JSON; restore it from a backup (keys sealed with the passphrase can't be opened without it)`);
    }
    const ok =
      doc.version === 1 && doc.kdf === 'scrypt' && typeof doc.salt === 'string' && typeof doc.check === 'string' &&
      isPow2(doc.N) && doc.N! <= 2 ** 20 && posInt(doc.r) && doc.r! <= 32 && posInt(doc.p) && doc.p! <= 16;
    if (!ok) throw new UserFacingError(`${this.path} is damaged or from a newer Switchboard`);
    return doc as VaultFile;
  }
}

function scryptOpts(p: { N: number; r: number; p: number }): ScryptOptions {
  return { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r * p.p + 1024 * 1024 };
}
const posInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n > 0;
const isPow2 = (n: unknown): boolean => posInt(n) && ((n as number) & ((n as number) - 1)) === 0 && (n as number) > 1;
