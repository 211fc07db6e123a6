import fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../electron/core/errors';
import { MasterKeyFileKeyring } from '../../electron/vault/master-key-file';
import { OsKeyring } from '../../electron/vault/os-keyring';
import { PassphraseKeyring } from '../../electron/vault/passphrase';
import { otherKeyrings, selectKeyring } from '../../electron/vault/select';
import type { Keyring } from '../../electron/vault/keyring';
import { tempDir } from '../settings/helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir('sb-vault-')));
afterEach(() => cleanup());

const posix = process.platform !== 'win32';
const PLAIN = 'sk-proj-THIS-IS-A-TEST-KEY-0123456789abcdef';

async function roundTrip(k: Keyring) {
  const sealed = await k.seal(PLAIN);
  expect(sealed).not.toContain(PLAIN);
  expect(sealed).toMatch(/^v1\./); // version + iv + tag + ciphertext
  expect(await k.seal(PLAIN)).not.toBe(sealed); // fresh IV each time
  expect(await k.open(sealed)).toBe(PLAIN);
  // Tampering is detected, not decrypted to garbage.
  const parts = sealed.split('.');
  const ct = Buffer.from(parts[3]!, 'base64url');
  ct[0]! ^= 1;
  parts[3] = ct.toString('base64url');
  await expect(k.open(parts.join('.'))).rejects.toThrow();
  return sealed;
}

describe('master-key-file', () => {
  it('round trips; master.key is 32 bytes, mode 0600', async () => {
    const k = new MasterKeyFileKeyring(dir);
    expect(k.backend).toBe('master-key-file');
    expect(k.protection).toBe('weak');
    expect(k.description).toMatch(/only protects against casual reads/);
    const sealed = await roundTrip(k);
    const st = fs.statSync(join(dir, 'master.key'));
    expect(st.size).toBe(32);
    if (posix) expect(st.mode & 0o777).toBe(0o600);
    // A second instance (another process) reads the same key.
    expect(await new MasterKeyFileKeyring(dir).open(sealed)).toBe(PLAIN);
    expect(fs.readdirSync(dir)).toEqual(['master.key']);
  });

  it.skipIf(!posix)('repairs loose permissions', async () => {
    const sealed = await new MasterKeyFileKeyring(dir).seal(PLAIN);
    fs.chmodSync(join(dir, 'master.key'), 0o644);
    expect(await new MasterKeyFileKeyring(dir).open(sealed)).toBe(PLAIN);
    expect(fs.statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('missing or damaged master.key is a clear error, and open never creates one', async () => {
    const sealed = await new MasterKeyFileKeyring(dir).seal(PLAIN);
    fs.rmSync(join(dir, 'master.key'));
    await expect(new MasterKeyFileKeyring(dir).open(sealed)).rejects.toThrow(/master\.key is missing/);
    expect(fs.existsSync(join(dir, 'master.key'))).toBe(false);
    fs.writeFileSync(join(dir, 'master.key'), 'short', { mode: 0o600 });
    await expect(new MasterKeyFileKeyring(dir).open(sealed)).rejects.toThrow(/damaged/);
  });
});

describe('passphrase', () => {
  it('round trips; vault.json holds salt + params, never the passphrase or key', async () => {
    const k = new PassphraseKeyring(dir, 'correct horse battery staple');
    expect(k.protection).toBe('passphrase');
    const sealed = await roundTrip(k);
    const vault = JSON.parse(fs.readFileSync(join(dir, 'vault.json'), 'utf8'));
    expect(vault).toMatchObject({ version: 1, kdf: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(vault.salt, 'base64')).toHaveLength(16);
    expect(JSON.stringify(vault)).not.toContain('correct horse');
    expect(await new PassphraseKeyring(dir, 'correct horse battery staple').open(sealed)).toBe(PLAIN);
  });

  it('a different passphrase → "sealed with a different passphrase"', async () => {
    const sealed = await new PassphraseKeyring(dir, 'right').seal(PLAIN);
    const wrong = new PassphraseKeyring(dir, 'wrong');
    await expect(wrong.open(sealed)).rejects.toThrow(/sealed with a different passphrase/);
    await expect(wrong.open(sealed)).rejects.toBeInstanceOf(UserFacingError);
    // and it refuses to seal new keys under the wrong passphrase
    await expect(wrong.seal('x')).rejects.toThrow(/different passphrase/);
  });

  it('derives once per instance', async () => {
    const k = new PassphraseKeyring(dir, 'pw');
    const sealed = await k.seal(PLAIN);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await k.open(sealed);
    expect((performance.now() - t0) / 200).toBeLessThan(1); // scrypt would be ~50ms each
  });
});

describe('os-keyring', () => {
  it('probe never throws; round trips when the OS keyring works', async () => {
    const probe = await OsKeyring.probe();
    if (!probe.ok) {
      expect(probe.reason).toMatch(/keyring/i);
      expect(await OsKeyring.available()).toBeNull();
      return;
    }
    // A real keyring (developer machine): exercise it, but the master key is shared, so only round trip.
    expect(await probe.keyring.open(await probe.keyring.seal(PLAIN))).toBe(PLAIN);
  });
});

describe('selectKeyring', () => {
  it('honours SWITCHBOARD_KEYRING', async () => {
    expect((await selectKeyring(dir, { SWITCHBOARD_KEYRING: 'master-key-file' })).backend).toBe('master-key-file');
    expect((await selectKeyring(dir, { SWITCHBOARD_KEYRING: 'passphrase', SWITCHBOARD_PASSPHRASE: 'x' })).backend).toBe('passphrase');
    await expect(selectKeyring(dir, { SWITCHBOARD_KEYRING: 'passphrase' })).rejects.toThrow(/SWITCHBOARD_PASSPHRASE is not set/);
    await expect(selectKeyring(dir, { SWITCHBOARD_KEYRING: 'vault9000' })).rejects.toThrow(/os-keyring, passphrase, master-key-file/);
  });

  it('falls back: OS keyring, else passphrase, else master-key file', async () => {
    const os = await OsKeyring.available();
    const withPass = await selectKeyring(dir, { SWITCHBOARD_PASSPHRASE: 'x' });
    const without = await selectKeyring(dir, {});
    expect(withPass.backend).toBe(os ? 'os-keyring' : 'passphrase');
    expect(without.backend).toBe(os ? 'os-keyring' : 'master-key-file');
  });

  it('otherKeyrings offers backends that can open older keys', async () => {
    const env = { SWITCHBOARD_KEYRING: 'passphrase', SWITCHBOARD_PASSPHRASE: 'x' };
    const primary = await selectKeyring(dir, env);
    expect(await otherKeyrings(dir, primary, env)).toEqual([]);
    await new MasterKeyFileKeyring(dir).seal('k');
    expect((await otherKeyrings(dir, primary, env)).map((k) => k.backend)).toEqual(['master-key-file']);
  });
});
