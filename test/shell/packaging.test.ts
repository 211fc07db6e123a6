import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers';

const require = createRequire(import.meta.url);

function pngSize(file: string): { w: number; h: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

describe('packaging', () => {
  it('electron-builder.yml passes electron-builder’s own schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    const cfg = await getConfig(ROOT, null, null);
    await validateConfiguration(cfg, new DebugLogger(false));
    expect(cfg).toMatchObject({ appId: 'dev.switchboard.app', productName: 'Switchboard' });
    expect(cfg.linux.target).toEqual(['AppImage', 'deb']);
    expect(cfg.mac.target).toEqual(['dmg']);
    expect(cfg.win.target).toEqual(['nsis']);
    const files = JSON.stringify(cfg.files); // the validator normalises it to [{ filter: [...] }]
    for (const f of ['dist-electron/**', 'dist/renderer/**', 'build/icon.png']) expect(files).toContain(f);
    expect(cfg.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**']));
  });

  it('icons exist as real PNGs: 512x512 and 256x256 (and the Linux set)', () => {
    expect(pngSize(path.join(ROOT, 'build/icon.png'))).toEqual({ w: 512, h: 512 });
    for (const n of [512, 256, 128, 64, 32, 16]) expect(pngSize(path.join(ROOT, `build/icons/${n}x${n}.png`))).toEqual({ w: n, h: n });
  });

  it('package.json main points at the built main process', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist-electron/main.js');
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });
});
