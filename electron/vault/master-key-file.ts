import fs from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../core/errors';
import { aeadOpen, aeadSeal, SealedAuthError } from './aead';
import { BACKEND_INFO, type Keyring } from './keyring';

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;
const isPosix = process.platform !== 'win32';

/**
 * Fallback backend: 32 random bytes in `<dataDir>/master.key`, mode 0600
 * (repaired if looser). Honest about it: anyone who can read your files can
 * read this key too, so it only protects against casual reads (a settings.json
 * pasted into a bug report, a backup of just that file, …).
 */
export class MasterKeyFileKeyring implements Keyring {
  readonly backend = 'master-key-file';
  readonly protection = BACKEND_INFO['master-key-file']!.protection;
  readonly description = BACKEND_INFO['master-key-file']!.description;
  readonly path: string;
  #key: Buffer | undefined;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, MASTER_KEY_FILE);
  }

  static exists(dataDir: string): boolean {
    return fs.existsSync(join(dataDir, MASTER_KEY_FILE));
  }

  async seal(plaintext: string): Promise<string> {
    return aeadSeal(this.#loadKey(true), plaintext, this.backend);
  }

  async open(sealed: string): Promise<string> {
    try {
      return aeadOpen(this.#loadKey(false), sealed, this.backend);
    } catch (err) {
      if (err instanceof SealedAuthError) {
        throw new UserFacingError(`it was sealed with a different master.key than the one in ${this.dataDir}`);
      }
      throw err;
    }
  }

  #loadKey(create: boolean): Buffer {
    if (this.#key) return this.#key;
    let key: Buffer;
    try {
      key = this.#read();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!create) throw new UserFacingError(`${this.path} is missing`);
      key = this.#create();
    }
    this.#key = key;
    return key;
  }

  #read(): Buffer {
    const st = fs.statSync(this.path);
    if (!st.isFile()) throw new UserFacingError(`${this.path} is not a regular file`);
    if (isPosix && (st.mode & 0o077) !== 0) {
      // Someone loosened it (or a copy/restore did): put it back to owner-only.
      fs.chmodSync(this.path, 0o600);
    }
    const key = fs.readFileSync(this.path);
    if (key.length !== KEY_BYTES) {
      throw new UserFacingError(`${this.path} is damaged (expected ${KEY_BYTES} bytes, found ${key.length})`);
    }
    return key;
  }

  /** Writes a temp file (0600) and hard-links it into place: atomic, and never clobbers a key another process just created. */
  #create(): Buffer {
    fs.mkdirSync(this.dataDir, { recursive: true });
    const key = randomBytes(KEY_BYTES);
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, key);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return this.#read(); // lost the race: use theirs
      // Filesystems without hard links: exclusive create instead.
      fs.writeFileSync(this.path, key, { mode: 0o600, flag: 'wx' });
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    if (isPosix) fs.chmodSync(this.path, 0o600); // umask can't loosen it, but be explicit
    return key;
  }
}
