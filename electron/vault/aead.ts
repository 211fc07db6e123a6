import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh 96-bit IV per seal. Format (all base64url):
 *   `v1.<iv>.<tag>.<ciphertext>`
 * `aad` binds the sealed string to its backend, so one backend's output is
 * never mistaken for another's.
 */
const VERSION = 'v1';

export class SealedFormatError extends Error {}
/** Authentication failed: wrong key, or the sealed string was altered. */
export class SealedAuthError extends Error {}

export function aeadSeal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function aeadOpen(key: Buffer, sealed: string, aad: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SealedFormatError(`unrecognised sealed-key format (expected ${VERSION})`);
  }
  const iv = Buffer.from(parts[1]!, 'base64url');
  const tag = Buffer.from(parts[2]!, 'base64url');
  const ct = Buffer.from(parts[3]!, 'base64url');
  if (iv.length !== 12 || tag.length !== 16) throw new SealedFormatError('damaged sealed key');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedAuthError('authentication failed');
  }
}
