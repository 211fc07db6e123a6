import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const spy = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      spy.calls++;
      return real.timingSafeEqual(a, b);
    },
  };
});

import { UserFacingError } from '../../electron/core/errors';
import { SettingsStore } from '../../electron/settings/store';
import { createToken, hashToken, listTokens, revokeToken, TokenVerifier } from '../../electron/vault/tokens';
import { tempDir } from '../settings/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: SettingsStore;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sb-tokens-'));
  store = new SettingsStore(dir);
});
afterEach(async () => {
  store.close();
  await cleanup();
});

describe('client tokens', () => {
  it('create → verify → revoke; only the hash is stored', () => {
    const token = createToken(store, 'cursor');
    expect(token).toMatch(/^sb-[A-Za-z0-9_-]{43}$/);
    const [info] = listTokens(store);
    expect(info).toMatchObject({ name: 'cursor', hint: `sb-…${token.slice(-4)}` });
    const raw = fs.readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(raw).not.toContain(token);
    expect(raw).toContain(hashToken(token));

    const v = new TokenVerifier(store);
    expect(v.verify(token)).toEqual({ name: 'cursor' });
    expect(v.verify(` ${token} `)).toEqual({ name: 'cursor' });
    expect(v.verify(token.slice(0, -1))).toBeNull();
    expect(v.verify('')).toBeNull();

    revokeToken(store, 'cursor');
    expect(v.verify(token)).toBeNull();
    expect(listTokens(store)).toEqual([]);
  });

  it('rejects duplicate and invalid names; revoking an unknown name lists the known ones', () => {
    createToken(store, 'a');
    expect(() => createToken(store, 'a')).toThrow(/already exists/);
    expect(() => createToken(store, 'has space')).toThrow(UserFacingError);
    expect(() => createToken(store, 'x'.repeat(65))).toThrow(UserFacingError);
    expect(() => revokeToken(store, 'b')).toThrow(/No token named "b". Tokens: a/);
  });

  it('compares against every stored hash, whichever matches (no early exit)', () => {
    const tokens = ['t1', 't2', 't3', 't4'].map((n) => createToken(store, n));
    const v = new TokenVerifier(store);
    for (const [i, t] of [...tokens, 'sb-nope'].entries()) {
      spy.calls = 0;
      const r = v.verify(t);
      expect(r?.name ?? null).toBe(i < 4 ? `t${i + 1}` : null);
      expect(spy.calls).toBe(4);
    }
  });

  it('a revoke from another process is refused by a running verifier within 200ms', async () => {
    const token = createToken(store, 'ci');
    const v = new TokenVerifier(store);
    expect(v.verify(token)).toEqual({ name: 'ci' });

    let refusedAt = 0;
    const poll = setInterval(() => {
      if (!refusedAt && v.verify(token) === null) refusedAt = Date.now();
    }, 2);
    const fixture = fileURLToPath(new URL('./fixtures/revoke.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir, 'ci'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code, err).toBe(0);
    const writtenAt = Number(out);
    const deadline = Date.now() + 1000;
    while (!refusedAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    clearInterval(poll);
    expect(refusedAt).toBeGreaterThan(0);
    const lag = refusedAt - writtenAt;
    console.log(`cross-process revoke picked up after ${lag}ms`);
    expect(lag).toBeLessThan(200);
  });
});
