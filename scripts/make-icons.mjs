#!/usr/bin/env node
// Draws the app icon (a rounded tile with three switchboard lines and jacks)
// and writes it as PNGs with nothing but zlib: build/icon.png (512, used by
// electron-builder for mac/win and by the tray) and build/icons/<n>x<n>.png
// (Linux). Run with `npm run icons`; the outputs are committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGBA pixels (Uint8Array, w*h*4) → PNG bytes. */
export function encodePng(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (x) => Math.max(0, Math.min(1, x));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** Signed distance to a rounded box centred at (0,0), half-size b, radius r. */
function sdRoundBox(x, y, b, r) {
  const qx = Math.abs(x) - b + r;
  const qy = Math.abs(y) - b + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function sdSegment(px, py, ax, ay, bx, by) {
  const pax = px - ax, pay = py - ay, bax = bx - ax, bay = by - ay;
  const h = clamp((pax * bax + pay * bay) / (bax * bax + bay * bay));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

export function drawIcon(size) {
  const px = new Uint8Array(size * size * 4);
  const top = [99, 102, 241]; // indigo
  const bottom = [14, 165, 233]; // sky
  const white = [255, 255, 255];
  // Three lines, patched between jacks: a switchboard.
  const lines = [
    [-0.5, -0.42, 0.5, -0.42],
    [-0.5, 0.0, 0.5, 0.42],
    [-0.5, 0.42, 0.5, 0.0],
  ];
  const jacks = [[-0.5, -0.42], [0.5, -0.42], [-0.5, 0], [0.5, 0.42], [-0.5, 0.42], [0.5, 0]];
  const aa = 2 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = ((i + 0.5) / size) * 2 - 1;
      const y = ((j + 0.5) / size) * 2 - 1;
      const tile = clamp(0.5 - sdRoundBox(x, y, 0.92, 0.36) / aa);
      let color = mix(top, bottom, clamp((y + 1) / 2));
      let fg = 0;
      for (const [ax, ay, bx, by] of lines) fg = Math.max(fg, clamp(0.5 - (sdSegment(x, y, ax * 1.2, ay * 1.2, bx * 1.2, by * 1.2) - 0.055) / aa));
      for (const [cx, cy] of jacks) fg = Math.max(fg, clamp(0.5 - (Math.hypot(x - cx * 1.2, y - cy * 1.2) - 0.13) / aa));
      color = mix(color, white, fg);
      const o = (j * size + i) * 4;
      px[o] = Math.round(color[0]);
      px[o + 1] = Math.round(color[1]);
      px[o + 2] = Math.round(color[2]);
      px[o + 3] = Math.round(tile * 255);
    }
  }
  return encodePng(size, size, px);
}

export function writeIcons(root = ROOT) {
  const out = path.join(root, 'build');
  fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
  const written = [];
  for (const size of [512, 256, 128, 64, 32, 16]) {
    const png = drawIcon(size);
    const file = path.join(out, 'icons', `${size}x${size}.png`);
    fs.writeFileSync(file, png);
    written.push(file);
    if (size === 512) {
      fs.writeFileSync(path.join(out, 'icon.png'), png);
      written.push(path.join(out, 'icon.png'));
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of writeIcons()) console.log(path.relative(ROOT, f));
}
