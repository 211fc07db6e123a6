/**
 * The client token the app uses for its own proxied calls (Compare, judge).
 * Like every token, only its hash is stored; the plaintext lives in this
 * process's memory only. Each process makes a fresh one the first time it
 * needs it (revoking the previous launch's, whose plaintext is gone), and
 * again if the user revoked it meanwhile.
 */
import type { SwitchboardApp } from '../app';
import { createToken, revokeToken } from '../vault/tokens';

export const INTERNAL_TOKEN_NAME = 'switchboard-internal';

const tokens = new WeakMap<object, string>();

export interface TokenHost {
  settings: SwitchboardApp['settings'];
  tokens: Pick<SwitchboardApp['tokens'], 'verify'>;
}

/** The internal token's plaintext, creating (or re-creating) it when needed. */
export function ensureInternalToken(app: TokenHost): string {
  const cached = tokens.get(app);
  if (cached && app.tokens.verify(cached)?.name === INTERNAL_TOKEN_NAME) return cached;
  if (app.settings.get().tokens.some((t) => t.name === INTERNAL_TOKEN_NAME)) revokeToken(app.settings, INTERNAL_TOKEN_NAME);
  const token = createToken(app.settings, INTERNAL_TOKEN_NAME);
  tokens.set(app, token);
  return token;
}

/** Forgets the cached plaintext so the next call makes a new token (after a 401). */
export function forgetInternalToken(app: TokenHost): void {
  tokens.delete(app);
}
