import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../electron/core/errors';
import { PROVIDER_ID_PATTERN } from '../../electron/providers/catalog';
import { SettingsStore } from '../../electron/settings/store';
import { DEFAULT_AUTO_TIERS, defaultSettings, PROVIDER_ID_RE, SettingsSchema } from '../../shared/settings';
import { tempDir, waitFor } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
const stores: SettingsStore[] = [];
const open = (opts?: ConstructorParameters<typeof SettingsStore>[1]) => {
  const s = new SettingsStore(dir, opts);
  stores.push(s);
  return s;
};
const file = () => join(dir, 'settings.json');

beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await cleanup();
});

function expectUserError(fn: () => unknown): UserFacingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserFacingError);
    return err as UserFacingError;
  }
  throw new Error('expected a UserFacingError');
}

describe('schema', () => {
  it('an empty document gets every default', () => {
    expect(defaultSettings()).toEqual({
      schemaVersion: 1, providers: {}, tokens: [], allowedOrigins: [], logBodies: true,
      bodyRetentionDays: null, routes: {}, budgets: [], burnRate: null, priceOverrides: {},
      auto: { tiers: { simple: [...DEFAULT_AUTO_TIERS.simple], standard: [...DEFAULT_AUTO_TIERS.standard], complex: [...DEFAULT_AUTO_TIERS.complex] } },
    });
    expect(SettingsSchema.parse({ providers: { openai: {} } }).providers.openai).toEqual({ discount: 1 });
  });

  it('provider id rule matches the catalog', () => {
    expect(PROVIDER_ID_RE.source).toBe(PROVIDER_ID_PATTERN.source);
  });

  it('rejects bad values with their path', () => {
    const r = SettingsSchema.safeParse({ providers: { openai: { discount: 11, baseUrl: 'ftp://x' } }, schemaVersion: 2 });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['providers.openai.discount', 'providers.openai.baseUrl', 'schemaVersion']));
  });

  it('rejects duplicate token names', () => {
    const t = { name: 'a', hash: 'a'.repeat(64), hint: 'sb-…abcd', createdAt: new Date().toISOString() };
    expect(SettingsSchema.safeParse({ tokens: [t, t] }).success).toBe(false);
  });
});

describe('SettingsStore', () => {
  it('starts from defaults without creating the file', () => {
    const s = open({ watch: false });
    expect(s.get()).toEqual(defaultSettings());
    expect(fs.existsSync(file())).toBe(false);
  });

  it('parses an empty object / old file', () => {
    fs.writeFileSync(file(), JSON.stringify({ providers: { openai: { baseUrl: 'https://example.com/v1' } } }));
    const s = open({ watch: false });
    expect(s.get().providers.openai).toEqual({ baseUrl: 'https://example.com/v1', discount: 1 });
    expect(s.get().logBodies).toBe(true);
  });

  it('corrupt JSON → UserFacingError naming the path; the file is left untouched', () => {
    const garbage = '{"providers": {"openai": ';
    fs.writeFileSync(file(), garbage);
    const err = expectUserError(() => open());
    expect(err.message).toContain(file());
    expect(err.message).toMatch(/not valid JSON/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(garbage);
  });

  it('an empty file is an error too, not a reset', () => {
    fs.writeFileSync(file(), '');
    expect(expectUserError(() => open()).message).toMatch(/empty/);
    expect(fs.readFileSync(file(), 'utf8')).toBe('');
  });

  it('schema violation → UserFacingError naming the field; file untouched', () => {
    const bad = JSON.stringify({ providers: { openai: { discount: 'cheap' } } });
    fs.writeFileSync(file(), bad);
    const err = expectUserError(() => open());
    expect(err.message).toContain(file());
    expect(err.message).toContain('providers.openai.discount');
    expect(fs.readFileSync(file(), 'utf8')).toBe(bad);
  });

  it('update validates, writes atomically (0600) and refreshes the snapshot', () => {
    const s = open({ watch: false });
    const next = s.update((d) => {
      d.allowedOrigins.push('http://localhost:5173');
      d.providers.openai = { discount: 0.8 };
    });
    expect(next.providers.openai?.discount).toBe(0.8);
    expect(s.get()).toBe(next);
    const onDisk = JSON.parse(fs.readFileSync(file(), 'utf8'));
    expect(onDisk.allowedOrigins).toEqual(['http://localhost:5173']);
    if (process.platform !== 'win32') expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']); // no temp files left behind

    const before = fs.readFileSync(file(), 'utf8');
    const err = expectUserError(() => s.update((d) => { d.providers.openai!.discount = 50; }));
    expect(err.message).toContain('providers.openai.discount');
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(s.get().providers.openai?.discount).toBe(0.8);
  });

  it('snapshot is frozen and cheap (same object between changes)', () => {
    const s = open({ watch: false, maxStaleMs: 60_000 });
    s.update((d) => { d.allowedOrigins.push('a'); });
    const a = s.get();
    expect(s.get()).toBe(a);
    expect(() => { (a.allowedOrigins as string[]).push('b'); }).toThrow();
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) s.get();
    expect((performance.now() - t0) / 100_000).toBeLessThan(0.01); // < 10µs per call, typically ~0.02µs
  });

  it('preserves unknown top-level keys (electron-store internals, newer fields)', () => {
    fs.writeFileSync(file(), JSON.stringify({ __internal__: { migrations: { version: '0.1.0' } }, windowBounds: { w: 800 } }));
    const s = open({ watch: false });
    s.update((d) => { d.logBodies = false; });
    const onDisk = JSON.parse(fs.readFileSync(file(), 'utf8'));
    expect(onDisk.__internal__).toEqual({ migrations: { version: '0.1.0' } });
    expect(onDisk.windowBounds).toEqual({ w: 800 });
    expect(onDisk.logBodies).toBe(false);
  });

  it('picks up a write by a second instance promptly (watcher) and emits change', async () => {
    const a = open();
    const b = open({ watch: false });
    let changes = 0;
    a.on('change', () => changes++);
    const t0 = performance.now();
    b.update((d) => { d.logBodies = false; });
    // Poll the event, not get(): get() would force a stat and hide a slow watcher.
    const ms = await waitFor(() => changes > 0, 1000);
    expect(a.get().logBodies).toBe(false);
    expect(ms).toBeLessThan(200);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('picks up a write by another process (child writes temp + rename)', async () => {
    const s = open();
    let seen = false;
    s.on('change', (next) => { seen = next.bodyRetentionDays === 7; });
    const script = `
      const fs = require('fs');
      const f = process.argv[1];
      fs.writeFileSync(f + '.tmp', JSON.stringify({ schemaVersion: 1, bodyRetentionDays: 7 }));
      fs.renameSync(f + '.tmp', f);
      process.stdout.write(String(Date.now()));`;
    const child = spawn(process.execPath, ['-e', script, file()], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await new Promise((r) => child.on('exit', r));
    await waitFor(() => seen, 1000);
    const lag = Date.now() - Number(out);
    expect(lag).toBeLessThan(200);
    expect(s.get().bodyRetentionDays).toBe(7);
  });

  it('without a watcher, get() is never staler than maxStaleMs', async () => {
    const a = open({ watch: false, maxStaleMs: 20 });
    const b = open({ watch: false });
    expect(a.get().logBodies).toBe(true);
    b.update((d) => { d.logBodies = false; });
    await new Promise((r) => setTimeout(r, 25));
    expect(a.get().logBodies).toBe(false);
  });

  it('reload() is a no-op stat when nothing changed, and forces pickup when it did', () => {
    const a = open({ watch: false, maxStaleMs: 60_000 });
    const b = open({ watch: false });
    expect(a.reload()).toBe(false);
    b.update((d) => { d.logBodies = false; });
    expect(a.get().logBodies).toBe(true); // stale by design: maxStaleMs is huge here
    expect(a.reload()).toBe(true);
    expect(a.get().logBodies).toBe(false);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) a.reload();
    expect((performance.now() - t0) / 1000).toBeLessThan(0.5); // ms per unchanged reload (a stat)
  });

  it('a broken write by another process keeps the last good snapshot and reports it', async () => {
    const s = open();
    s.update((d) => { d.logBodies = false; });
    const invalid: string[] = [];
    s.on('invalid', (e) => invalid.push(e.message));
    fs.writeFileSync(file(), '{ nope');
    await waitFor(() => invalid.length > 0, 1000);
    expect(invalid[0]).toContain(file());
    expect(s.get().logBodies).toBe(false);
    expect(() => s.reload()).toThrow(UserFacingError);
    expect(() => s.update(() => {})).toThrow(UserFacingError); // never overwrites a file it can't read
    expect(fs.readFileSync(file(), 'utf8')).toBe('{ nope');
    fs.writeFileSync(file(), JSON.stringify({ logBodies: true }));
    await waitFor(() => s.get().logBodies === true, 1000);
    expect(s.lastError).toBeUndefined();
  });
});
