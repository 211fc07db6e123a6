import fs from 'node:fs';
import { inspect } from 'node:util';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../electron/core/errors';
import { Secret } from '../../electron/core/secret';
import { SettingsStore } from '../../electron/settings/store';
import { KeyUnavailableError } from '../../electron/vault/keyring';
import { MasterKeyFileKeyring } from '../../electron/vault/master-key-file';
import { PassphraseKeyring } from '../../electron/vault/passphrase';
import { normalizeKey, Vault } from '../../electron/vault/vault';
import { tempDir } from '../settings/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: SettingsStore;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sb-vault-'));
  store = new SettingsStore(dir, { watch: false });
});
afterEach(async () => {
  store.close();
  await cleanup();
});

const KEY = 'sk-ant-api03-SUPERSECRETVALUE-abcdefghijklmnop-wxyz';

describe('Secret', () => {
  it('never prints its plaintext', () => {
    const s = new Secret(KEY);
    for (const shown of [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: { s } }), s + '', s.masked]) {
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain('SUPERSECRET');
    }
    expect(String(s)).toBe('sk-…wxyz');
    expect(s.reveal()).toBe(KEY);
  });
});

describe('Vault', () => {
  it('set / list / open / remove; plaintext never on disk', async () => {
    const vault = new Vault(store, new MasterKeyFileKeyring(dir));
    const entry = await vault.setKey('anthropic', `  ${KEY}\n`, { baseUrl: 'https://proxy.example.com' });
    expect(entry).toMatchObject({
      provider: 'anthropic', mask: 'sk-…wxyz', backend: 'master-key-file', protection: 'weak',
      available: true, baseUrl: 'https://proxy.example.com',
    });
    expect(entry.description).toMatch(/casual reads/);
    const secret = await vault.open('anthropic');
    expect(secret).toBeInstanceOf(Secret);
    expect(secret!.reveal()).toBe(KEY); // trimmed
    expect(await vault.open('openai')).toBeNull();

    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(join(dir, f));
      expect(bytes.includes(KEY), f).toBe(false);
      expect(bytes.includes('SUPERSECRET'), f).toBe(false);
    }
    const onDisk = JSON.parse(fs.readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.providers.anthropic.key.backend).toBe('master-key-file');

    // A second process (new store + vault over the same dir) opens it.
    const store2 = new SettingsStore(dir, { watch: false });
    expect((await new Vault(store2, new MasterKeyFileKeyring(dir)).open('anthropic'))!.reveal()).toBe(KEY);
    store2.close();

    expect(vault.removeKey('anthropic')).toBe(true);
    expect(vault.removeKey('anthropic')).toBe(false);
    expect(vault.list()).toEqual([]);
    expect(store.get().providers.anthropic).toEqual({ baseUrl: 'https://proxy.example.com', discount: 1 }); // other settings kept
  });

  it('validates provider ids and key input', async () => {
    const vault = new Vault(store, new MasterKeyFileKeyring(dir));
    const err = await vault.setKey('opnai', 'sk-x').catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.message).toMatch(/Unknown provider "opnai".*openai, anthropic/);
    await expect(vault.setKey('openai', ' \n\t')).rejects.toThrow(/empty/);
    await expect(vault.setKey('openai', 'sk-a\nsk-b')).rejects.toThrow(/line breaks/);
    await expect(vault.setKey('openai', 'sk-x', { baseUrl: 'not a url' })).rejects.toThrow(/providers\.openai\.baseUrl/);
    expect(normalizeKey('\uFEFFsk-abc\r\n')).toBe('sk-abc');

    // custom providers from settings are accepted
    store.update((d) => { d.providers.myvllm = { baseUrl: 'http://localhost:8000/v1', discount: 1, custom: { format: 'openai', needsKey: true } }; });
    await vault.setKey('myvllm', 'tok-123456789');
    expect(vault.knownProviders()).toContain('myvllm');
    expect((await vault.open('myvllm'))!.reveal()).toBe('tok-123456789');
  });

  it('a key sealed by a backend not available now is reported, not crashed on', async () => {
    await new Vault(store, new PassphraseKeyring(dir, 'pw')).setKey('openai', 'sk-openai-1234567890');
    await new Vault(store, new MasterKeyFileKeyring(dir)).setKey('groq', 'gsk_1234567890abcd');
    // Records from other machines/shells: the desktop app's safeStorage, an unknown future backend.
    store.update((d) => {
      d.providers.mistral = { discount: 1, key: { backend: 'safeStorage', sealed: 'djEwXYZ', mask: 'ms…abcd', updatedAt: new Date().toISOString() } };
      d.providers.xai = { discount: 1, key: { backend: 'quantum-hsm', sealed: 'zzz', mask: 'xai-…0000', updatedAt: new Date().toISOString() } };
    });

    // This process: master-key file only, no passphrase.
    const vault = new Vault(store, new MasterKeyFileKeyring(dir));
    const list = Object.fromEntries(vault.list().map((e) => [e.provider, e]));
    expect(list.groq).toMatchObject({ available: true, backend: 'master-key-file' });
    expect(list.groq!.reason).toBeUndefined();
    expect(list.openai).toMatchObject({ available: false, backend: 'passphrase', protection: 'passphrase' });
    expect(list.openai!.reason).toMatch(/SWITCHBOARD_PASSPHRASE is not set/);
    expect(list.mistral).toMatchObject({ available: false, backend: 'safeStorage' });
    expect(list.mistral!.reason).toMatch(/desktop app/);
    expect(list.xai).toMatchObject({ available: false, protection: 'none' });

    const err = await vault.open('openai').catch((e) => e);
    expect(err).toBeInstanceOf(KeyUnavailableError);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err).toMatchObject({ code: 'key_unavailable', provider: 'openai', backend: 'passphrase' });
    expect((await vault.open('groq'))!.reveal()).toBe('gsk_1234567890abcd');

    // With the passphrase supplied as another keyring, the old key opens again.
    const both = new Vault(store, new MasterKeyFileKeyring(dir), [new PassphraseKeyring(dir, 'pw')]);
    expect((await both.open('openai'))!.reveal()).toBe('sk-openai-1234567890');
    // Wrong passphrase: reported as unavailable with the reason, not a crash.
    const wrong = new Vault(store, new MasterKeyFileKeyring(dir), [new PassphraseKeyring(dir, 'nope')]);
    await expect(wrong.open('openai')).rejects.toThrow(/different passphrase/);
  });

  it('open() is fast enough for the request path', async () => {
    const vault = new Vault(store, new MasterKeyFileKeyring(dir));
    await vault.setKey('openai', 'sk-proj-' + 'x'.repeat(120));
    await vault.open('openai'); // warm: loads master.key once
    const n = 5000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await vault.open('openai');
    const perCallUs = ((performance.now() - t0) / n) * 1000;
    console.log(`Vault.open(): ${perCallUs.toFixed(1)}µs per call (master-key-file, cached key)`);
    expect(perCallUs).toBeLessThan(1000); // generous: parallel test files share the CPU
  });
});
