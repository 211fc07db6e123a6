import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UserFacingError } from '../core/errors';
import type { SettingsStore } from '../settings/store';
import { TOKEN_NAME_RE, type Settings } from '../../shared/settings';

/**
 * Client tokens: what apps present to the local proxy (`Authorization: Bearer
 * sb-…` or `x-api-key`). Only sha256(token) and a hint are stored; the token
 * is shown once, at creation. A plain sha256 is right here: tokens carry 256
 * random bits, so there is nothing to brute-force.
 */
export const TOKEN_PREFIX = 'sb-';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenHint(token: string): string {
  return `${TOKEN_PREFIX}…${token.slice(-4)}`;
}

export interface TokenInfo {
  name: string;
  hint: string;
  createdAt: string;
}

/** Creates a token named `name` and returns it — the only time the full token exists. */
export function createToken(store: SettingsStore, name: string): string {
  const trimmed = name.trim();
  if (!TOKEN_NAME_RE.test(trimmed)) {
    throw new UserFacingError(`Invalid token name "${name}": use 1-64 characters of A-Z a-z 0-9 . _ -`);
  }
  const token = generateToken();
  store.update((draft) => {
    if (draft.tokens.some((t) => t.name === trimmed)) {
      throw new UserFacingError(`A token named "${trimmed}" already exists; revoke it first or pick another name.`);
    }
    draft.tokens.push({ name: trimmed, hash: hashToken(token), hint: tokenHint(token), createdAt: new Date().toISOString() });
  });
  return token;
}

/** Revokes (deletes) a token. A running server refuses it within ~50ms (see SettingsStore). */
export function revokeToken(store: SettingsStore, name: string): void {
  store.update((draft) => {
    const i = draft.tokens.findIndex((t) => t.name === name.trim());
    if (i < 0) {
      const known = draft.tokens.map((t) => t.name);
      throw new UserFacingError(`No token named "${name}".${known.length ? ` Tokens: ${known.join(', ')}.` : ' There are no tokens.'}`);
    }
    draft.tokens.splice(i, 1);
  });
}

export function listTokens(store: SettingsStore): TokenInfo[] {
  return store.get().tokens.map(({ name, hint, createdAt }) => ({ name, hint, createdAt }));
}

/**
 * Checks presented tokens against the current settings snapshot. Every call
 * goes through `store.get()`, so a revocation written by another process is
 * honoured as soon as the store sees it (≤ maxStaleMs, default 50ms). The
 * digest buffers are rebuilt only when the snapshot object changes.
 */
export class TokenVerifier {
  readonly #store: SettingsStore;
  #snapshot: Readonly<Settings> | undefined;
  #entries: Array<{ name: string; digest: Buffer }> = [];

  constructor(store: SettingsStore) {
    this.#store = store;
  }

  /** Whether any token exists (the proxy decides what an empty list means). */
  get hasTokens(): boolean {
    return this.#current().length > 0;
  }

  verify(presented: string): { name: string } | null {
    const entries = this.#current();
    // Hashing first makes every comparison 32 bytes against 32 bytes, whatever was presented.
    // One-shot hash (no Hash object per request): the same digest, on every proxied call.
    const digest = hash('sha256', presented.trim(), 'buffer');
    let match: string | null = null;
    // Compare against every token, no early exit: the time taken doesn't depend on which (if any) matched.
    for (const entry of entries) {
      const equal = timingSafeEqual(digest, entry.digest);
      if (equal && match === null) match = entry.name;
    }
    return match === null ? null : { name: match };
  }

  #current(): Array<{ name: string; digest: Buffer }> {
    const snap = this.#store.get();
    if (snap !== this.#snapshot) {
      this.#snapshot = snap;
      this.#entries = snap.tokens.map((t) => ({ name: t.name, digest: Buffer.from(t.hash, 'hex') }));
    }
    return this.#entries;
  }
}
