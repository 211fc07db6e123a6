/**
 * Deep links into the Requests page: `#/requests/<query string>`, e.g.
 * `#/requests/provider=openai&model=gpt-4o&from=…&to=…`. Both pages use these.
 */
import { href } from '../../router';

export interface RequestLinkFilter {
  from?: number;
  to?: number;
  providers?: string[];
  models?: string[];
  tokens?: string[];
  routes?: string[];
  sources?: string[];
  status?: string;
  cacheHit?: boolean;
  priced?: boolean;
  search?: string;
}

const LISTS = [
  ['providers', 'provider'],
  ['models', 'model'],
  ['tokens', 'token'],
  ['routes', 'route'],
  ['sources', 'source'],
] as const;

export function requestsQuery(f: RequestLinkFilter): string {
  const q = new URLSearchParams();
  if (f.from !== undefined) q.set('from', String(f.from));
  if (f.to !== undefined) q.set('to', String(f.to));
  for (const [k, p] of LISTS) for (const v of f[k] ?? []) q.append(p, v);
  if (f.status) q.set('status', f.status);
  if (f.cacheHit !== undefined) q.set('cache', f.cacheHit ? 'hit' : 'miss');
  if (f.priced === false) q.set('priced', 'no');
  if (f.search) q.set('q', f.search);
  return q.toString();
}

export function requestsHref(f: RequestLinkFilter): string {
  const qs = requestsQuery(f);
  return qs ? href('requests', qs) : href('requests');
}

export function parseRequestsQuery(qs: string | undefined): RequestLinkFilter {
  const out: RequestLinkFilter = {};
  if (!qs) return out;
  const q = new URLSearchParams(qs);
  const num = (k: string) => {
    const v = q.get(k);
    const n = v === null ? NaN : Number(v);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const from = num('from');
  const to = num('to');
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  for (const [k, p] of LISTS) {
    const vs = q.getAll(p);
    if (vs.length) out[k] = vs;
  }
  const status = q.get('status');
  if (status) out.status = status;
  const cache = q.get('cache');
  if (cache === 'hit' || cache === 'miss') out.cacheHit = cache === 'hit';
  if (q.get('priced') === 'no') out.priced = false;
  const search = q.get('q');
  if (search) out.search = search;
  return out;
}
