import { describe, expect, it, vi } from 'vitest';

// Importing the real 'electron' package in plain Node tries to download the binary.
vi.mock('electron', () => ({ safeStorage: {} }));

const { SafeStorageKeyring, BASIC_TEXT_WARNING } = await import('../../electron/shell/safe-storage-keyring');

/** A reversible fake of Electron's safeStorage (XOR + base64 is plenty for a fake). */
function fakeSafeStorage(opts: { backend?: string; asyncApi?: boolean; available?: boolean } = {}) {
  const calls: string[] = [];
  const enc = (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a));
  const dec = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8');
  const ss = {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s: string) => (calls.push('encryptString'), enc(s)),
    decryptString: (b: Buffer) => (calls.push('decryptString'), dec(b)),
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    ...(opts.asyncApi
      ? {
          isAsyncEncryptionAvailable: async () => opts.available ?? true,
          encryptStringAsync: async (s: string) => (calls.push('encryptStringAsync'), enc(s)),
          decryptStringAsync: async (b: Buffer) => (calls.push('decryptStringAsync'), { result: dec(b), shouldReEncrypt: false }),
        }
      : {}),
  };
  return { ss, calls };
}

describe('SafeStorageKeyring', () => {
  it('uses the async encrypt/decrypt API when Electron has it', async () => {
    const { ss, calls } = fakeSafeStorage({ asyncApi: true });
    const r = await SafeStorageKeyring.create(ss, 'darwin');
    if (!r.ok) throw new Error(r.reason);
    const sealed = await r.keyring.seal('sk-secret-123456');
    expect(sealed).toMatch(/^ss1:/);
    expect(sealed).not.toContain('sk-secret');
    expect(await r.keyring.open(sealed)).toBe('sk-secret-123456');
    expect(calls).toEqual(['encryptStringAsync', 'decryptStringAsync']);
    expect(r.keyring).toMatchObject({ backend: 'safeStorage', protection: 'strong', weakWarning: null });
  });

  it('falls back to the sync API on older Electrons', async () => {
    const { ss, calls } = fakeSafeStorage();
    const r = await SafeStorageKeyring.create(ss, 'win32');
    if (!r.ok) throw new Error(r.reason);
    expect(await r.keyring.open(await r.keyring.seal('k-1'))).toBe('k-1');
    expect(calls).toEqual(['encryptString', 'decryptString']);
  });

  it("Linux basic_text: protection 'none' and a warning the Keys page shows", async () => {
    const { ss } = fakeSafeStorage({ backend: 'basic_text', asyncApi: true });
    const r = await SafeStorageKeyring.create(ss, 'linux');
    if (!r.ok) throw new Error(r.reason);
    expect(r.keyring.protection).toBe('none');
    expect(r.keyring.weakWarning).toBe(BASIC_TEXT_WARNING);
    expect(r.keyring.weakWarning).toMatch(/passphrase mode/);
    expect(r.keyring.storageBackend).toBe('basic_text');
  });

  it('Linux with a secret service is strong', async () => {
    const { ss } = fakeSafeStorage({ backend: 'kwallet6' });
    const r = await SafeStorageKeyring.create(ss, 'linux');
    expect(r.ok && r.keyring.protection).toBe('strong');
    expect(r.ok && r.keyring.description).toMatch(/kwallet6/);
  });

  it('reports unavailability instead of throwing', async () => {
    const { ss } = fakeSafeStorage({ available: false });
    const r = await SafeStorageKeyring.create(ss, 'linux');
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/not available/) });
  });

  it('a record from another backend or a damaged one is a clear error', async () => {
    const { ss } = fakeSafeStorage();
    const r = await SafeStorageKeyring.create(ss, 'darwin');
    if (!r.ok) throw new Error(r.reason);
    await expect(r.keyring.open('v1:abc')).rejects.toThrow(/not a safeStorage record/);
  });
});
