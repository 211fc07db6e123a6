import { useMemo, useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/keys`, `#/routes/fast`): works the same from `file://` in
 * Electron and from `switchboard serve`, with no server-side routes.
 */
export interface Location {
  page: string;
  /** Anything after the page, e.g. ['fast'] for `#/routes/fast`. */
  rest: string[];
}

function parse(hash: string): Location {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? '', rest: parts.slice(1) };
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHashLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parse(hash), [hash]);
}

export function href(page: string, ...rest: string[]): string {
  return `#/${[page, ...rest].map(encodeURIComponent).join('/')}`;
}

let focusOnNextPage = false;

/** Navigate, and move keyboard focus to the new page's heading once it renders. */
export function navigate(page: string, ...rest: string[]): void {
  focusOnNextPage = true;
  const next = href(page, ...rest);
  if (window.location.hash !== next) window.location.hash = next;
}

/** True after a user navigation, until the frame has focused the new page's heading. */
export function navigationFocusPending(): boolean {
  return focusOnNextPage;
}

export function clearNavigationFocus(): void {
  focusOnNextPage = false;
}

/** Mark that the next page render came from the user (e.g. a nav link click). */
export function markUserNavigation(): void {
  focusOnNextPage = true;
}
