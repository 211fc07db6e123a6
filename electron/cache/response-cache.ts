/**
 * Switchboard's response cache: exact-match replies kept in SQLite
 * (`response_cache`, migration 2), opt-in per route (`route.cache`) or per
 * request (`x-switchboard-cache: use`).
 *
 * - Key: sha256 of the canonical request (see key.ts).
 * - Value: exactly what the first client received, in its wire format: the
 *   JSON body, or the SSE text of a stream. A stream is replayed as the same
 *   events, so an SDK parses a hit exactly as it parsed the original.
 * - TTL per entry (the route's `ttlSeconds`, else the default) and an LRU
 *   bound on entries and bytes: the least recently used go first.
 * - `lookup` is one primary-key read. Everything else (storing, eviction,
 *   refreshing a hit's LRU position, deleting an expired row) is deferred with
 *   setImmediate, off the latency path. A cache that cannot read or write
 *   (database locked, disk full) degrades to a miss and never fails a request.
 */
import type { ServerResponse } from 'node:http';
import type { Database, Statement } from 'better-sqlite3';
import type { Route } from '../../shared/routes';
import type { Usage } from '../../shared/usage';
import type { WireFormat } from '../providers/types';
import { parseSseEvent, SseSplitter } from '../proxy/sse';
import { cacheKey } from './key';

/** Request header: `use` opts a request in, `bypass` skips the cache, `refresh` skips the read but stores the fresh answer. */
export const CACHE_HEADER = 'x-switchboard-cache';
export type CacheDirective = 'use' | 'bypass' | 'refresh';

export interface CacheEntry {
  clientFormat: WireFormat;
  stream: boolean;
  status: number;
  /** Exactly what the client received (AttemptOutcome.output). */
  output: string;
  provider: string | null;
  model: string | null;
  usage: Usage | null;
  /** What the call cost; when absent it is priced from `usage` (off the latency path). */
  costUsd?: number | null;
}

export interface CachedResponse {
  key: string;
  clientFormat: WireFormat;
  stream: boolean;
  status: number;
  output: string;
  provider: string | null;
  model: string | null;
  usage: Usage | null;
  /** What the original call cost: a hit's `savedUsd`. */
  costUsd: number | null;
  createdAt: number;
  expiresAt: number;
  hits: number;
}

export interface CacheLookup {
  key: string;
  /** null: a miss (or `refresh`): call upstream, then `store(key, …, ttlSeconds)`. */
  hit: CachedResponse | null;
  /** How long to keep the answer: the route's `cache.ttlSeconds`, else the default. */
  ttlSeconds: number;
  mode: 'use' | 'refresh';
}

export interface LookupOptions {
  clientFormat: WireFormat;
  /** The client's parsed body. */
  body: Record<string, unknown>;
  /** The route the client asked for, if any (its `cache` setting opts in). */
  route: Route | null;
  /** The request's `x-switchboard-cache` header. */
  header?: string | string[];
  /** Anything outside the body that changes the answer, e.g. the `anthropic-beta` header. */
  vary?: string;
}

export interface ResponseCacheOptions {
  /** Most entries kept. Default 10 000. */
  maxEntries?: number;
  /** Most bytes of stored output. Default 256 MiB. */
  maxBytes?: number;
  /** Larger answers are not stored. Default 4 MiB. */
  maxEntryBytes?: number;
  /** TTL when a request opts in by header and its route sets none. Default 3600 s. */
  defaultTtlSeconds?: number;
  /** Prices a stored answer that came without `costUsd`. */
  price?: (provider: string, model: string, usage: Usage) => number | null;
  warn?: (message: string) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
}

interface Row {
  key: string;
  client_format: string;
  stream: number;
  status: number;
  output: string;
  provider: string | null;
  model: string | null;
  usage: string | null;
  cost_usd: number | null;
  created_at: number;
  expires_at: number;
  hits: number;
}

const PURGE_EVERY_MS = 60_000;

/** Parses the header; unknown values are ignored (treated as absent). */
export function cacheDirective(header: string | string[] | undefined): CacheDirective | null {
  const v = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (v === 'use' || v === 'bypass' || v === 'refresh') return v;
  return null;
}

export class ResponseCache {
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  private readonly defaultTtl: number;
  private readonly now: () => number;
  private readonly warnFn: (m: string) => void;
  private readonly q: {
    get: Statement;
    sizeOf: Statement;
    put: Statement;
    touch: Statement;
    del: Statement;
    expired: Statement;
    lru: Statement;
    totals: Statement;
  };
  private entries = 0;
  private bytes = 0;
  private readonly counters = { hits: 0, misses: 0, stores: 0, evictions: 0 };
  private readonly touches = new Map<string, number>();
  private readonly deletes = new Set<string>();
  private readonly pending: Array<{ key: string; entry: CacheEntry; ttlSeconds: number }> = [];
  private flushScheduled = false;
  private lastPurge = 0;
  private warned = false;
  private closed = false;

  constructor(private readonly db: Database, private readonly opts: ResponseCacheOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(opts.maxEntries ?? 10_000));
    this.maxBytes = Math.max(1, Math.floor(opts.maxBytes ?? 256 * 1024 * 1024));
    this.maxEntryBytes = Math.max(1, Math.floor(opts.maxEntryBytes ?? 4 * 1024 * 1024));
    this.defaultTtl = Math.max(1, opts.defaultTtlSeconds ?? 3600);
    this.now = opts.now ?? Date.now;
    this.warnFn = opts.warn ?? ((m) => console.warn(`[switchboard] ${m}`));
    this.q = {
      get: db.prepare(
        'SELECT key, client_format, stream, status, output, provider, model, usage, cost_usd, created_at, expires_at, hits FROM response_cache WHERE key = ?',
      ),
      sizeOf: db.prepare('SELECT bytes FROM response_cache WHERE key = ?'),
      put: db.prepare(`INSERT OR REPLACE INTO response_cache
        (key, client_format, stream, status, output, provider, model, usage, cost_usd, bytes, created_at, expires_at, last_used_at, hits)
        VALUES (@key, @clientFormat, @stream, @status, @output, @provider, @model, @usage, @costUsd, @bytes, @now, @expiresAt, @now, 0)`),
      touch: db.prepare('UPDATE response_cache SET last_used_at = ?, hits = hits + 1 WHERE key = ?'),
      del: db.prepare('DELETE FROM response_cache WHERE key = ? RETURNING bytes'),
      expired: db.prepare('DELETE FROM response_cache WHERE expires_at <= ? RETURNING bytes'),
      lru: db.prepare(
        'DELETE FROM response_cache WHERE key IN (SELECT key FROM response_cache ORDER BY last_used_at, rowid LIMIT ?) RETURNING bytes',
      ),
      totals: db.prepare('SELECT count(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM response_cache'),
    };
    this.recount();
  }

  /**
   * Decides whether this request uses the cache and, if so, reads it (one
   * primary-key lookup). Returns null when caching is not enabled for the
   * request (no route opt-in, no `use`/`refresh` header, or `bypass`).
   */
  lookup(opts: LookupOptions): CacheLookup | null {
    const directive = cacheDirective(opts.header);
    if (directive === 'bypass') return null;
    const routeCache = opts.route?.cache;
    if (directive === null && routeCache?.enabled !== true) return null;
    const ttlSeconds = routeCache?.ttlSeconds ?? this.defaultTtl;
    const key = cacheKey(opts.clientFormat, opts.body, { vary: opts.vary });
    if (key === null) return null;
    if (directive === 'refresh') return { key, hit: null, ttlSeconds, mode: 'refresh' };
    const hit = this.read(key, opts.clientFormat, opts.body.stream === true);
    if (hit) this.counters.hits++;
    else this.counters.misses++;
    return { key, hit, ttlSeconds, mode: 'use' };
  }

  /**
   * Keeps a successful answer for `ttlSeconds`. Returns at once: validating,
   * pricing and writing happen on a later turn. Answers that are not complete
   * and successful (an error, a cut stream, a truncated body) are not stored.
   */
  store(key: string, entry: CacheEntry, ttlSeconds: number): void {
    if (this.closed || entry.status < 200 || entry.status >= 300) return;
    this.pending.push({ key, entry, ttlSeconds });
    this.schedule();
  }

  /**
   * Sends a hit to the client: the stored JSON body, or the stored stream as
   * the same SSE events. Adds `x-switchboard-cache: hit`. Returns the
   * performance.now() times of the first byte and the end, for the log.
   */
  replay(res: ServerResponse, hit: CachedResponse, headers: Record<string, string> = {}): { firstByteAt: number; endedAt: number } {
    const h: Record<string, string> = { ...headers, [CACHE_HEADER]: 'hit' };
    if (hit.stream) {
      res.writeHead(hit.status, {
        ...h,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const firstByteAt = performance.now();
      res.cork(); // one write to the socket; end() uncorks
      for (const event of sseEvents(hit.output)) res.write(event);
      res.end();
      return { firstByteAt, endedAt: performance.now() };
    }
    res.writeHead(hit.status, { ...h, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(hit.output)) });
    const firstByteAt = performance.now();
    res.end(hit.output);
    return { firstByteAt, endedAt: performance.now() };
  }

  /** Writes anything deferred now (tests, shutdown). */
  flush(): void {
    this.flushScheduled = false;
    if (!this.db.open) return;
    try {
      this.db.transaction(() => {
        for (const k of this.deletes) this.subtract(this.q.del.all(k) as Array<{ bytes: number }>, false);
        this.deletes.clear();
        for (const [k, t] of this.touches) this.q.touch.run(t, k);
        this.touches.clear();
        const batch = this.pending.splice(0);
        for (const p of batch) this.write(p.key, p.entry, p.ttlSeconds);
        this.enforceBounds();
      })();
    } catch (err) {
      this.pending.length = 0;
      this.touches.clear();
      this.deletes.clear();
      this.warnOnce(`the response cache could not be written (${(err as Error).message}); answers are served uncached meanwhile.`);
      this.recount();
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.pending.length = 0;
    this.touches.clear();
    this.deletes.clear();
    this.db.prepare('DELETE FROM response_cache').run();
    this.recount();
  }

  get stats(): CacheStats {
    return { entries: this.entries, bytes: this.bytes, ...this.counters };
  }

  /** Flushes and stops accepting stores. Does not close the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  // --- internals ---------------------------------------------------------

  private read(key: string, clientFormat: WireFormat, stream: boolean): CachedResponse | null {
    let row: Row | undefined;
    try {
      row = this.q.get.get(key) as Row | undefined;
    } catch (err) {
      this.warnOnce(`the response cache could not be read (${(err as Error).message}); treating it as a miss.`);
      return null;
    }
    if (!row) return null;
    const now = this.now();
    if (row.expires_at <= now) {
      this.deletes.add(key);
      this.schedule();
      return null;
    }
    // The key already covers both; a mismatch means a hash collision or a hand-edited row.
    if (row.client_format !== clientFormat || (row.stream === 1) !== stream) return null;
    this.touches.set(key, now);
    this.schedule();
    let usage: Usage | null = null;
    try {
      usage = row.usage ? (JSON.parse(row.usage) as Usage) : null;
    } catch {
      usage = null;
    }
    return {
      key,
      clientFormat,
      stream,
      status: row.status,
      output: row.output,
      provider: row.provider,
      model: row.model,
      usage,
      costUsd: row.cost_usd,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      hits: row.hits + 1,
    };
  }

  private schedule(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      if (this.flushScheduled) this.flush();
    });
  }

  private write(key: string, entry: CacheEntry, ttlSeconds: number): void {
    if (!isComplete(entry)) return;
    const bytes = Buffer.byteLength(entry.output);
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return;
    let costUsd = entry.costUsd ?? null;
    if (costUsd === null && entry.usage && entry.provider && entry.model && this.opts.price) {
      try {
        costUsd = this.opts.price(entry.provider, entry.model, entry.usage);
      } catch {
        costUsd = null;
      }
    }
    const now = this.now();
    const old = this.q.sizeOf.get(key) as { bytes: number } | undefined;
    this.q.put.run({
      key,
      clientFormat: entry.clientFormat,
      stream: entry.stream ? 1 : 0,
      status: entry.status,
      output: entry.output,
      provider: entry.provider,
      model: entry.model,
      usage: entry.usage ? JSON.stringify(entry.usage) : null,
      costUsd: typeof costUsd === 'number' && Number.isFinite(costUsd) ? costUsd : null,
      bytes,
      now,
      expiresAt: now + Math.max(1, ttlSeconds) * 1000,
    });
    if (old) this.bytes -= old.bytes;
    else this.entries++;
    this.bytes += bytes;
    this.counters.stores++;
  }

  /** Expired rows first (at most once a minute unless over a bound), then least recently used. */
  private enforceBounds(): void {
    const now = this.now();
    const over = () => this.entries > this.maxEntries || this.bytes > this.maxBytes;
    if (over() || now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.subtract(this.q.expired.all(now) as Array<{ bytes: number }>, false);
    }
    while (over() && this.entries > 0) {
      const excess = Math.max(1, this.entries - this.maxEntries);
      const removed = this.q.lru.all(excess) as Array<{ bytes: number }>;
      if (removed.length === 0) break;
      this.subtract(removed, true);
    }
  }

  private subtract(rows: Array<{ bytes: number }>, evicted: boolean): void {
    for (const r of rows) {
      this.entries--;
      this.bytes -= r.bytes;
      if (evicted) this.counters.evictions++;
    }
  }

  private recount(): void {
    try {
      const t = this.q.totals.get() as { n: number; b: number };
      this.entries = t.n;
      this.bytes = t.b;
    } catch {
      /* keep the old counts */
    }
  }

  private warnOnce(m: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warnFn(m);
  }
}

/** The stored SSE text as its events (each ending with its blank line); a trailing partial event is kept as is. */
export function sseEvents(text: string): string[] {
  const splitter = new SseSplitter();
  const events = splitter.push(text);
  if (splitter.pending.trim()) events.push(splitter.pending);
  return events;
}

/**
 * Only complete, successful answers are worth replaying: a JSON body that
 * parses and is not an error, or a stream that reached its terminal event with
 * no error event (a cut or truncated stream never is).
 */
export function isComplete(entry: Pick<CacheEntry, 'clientFormat' | 'stream' | 'status' | 'output'>): boolean {
  if (entry.status < 200 || entry.status >= 300 || entry.output.length === 0) return false;
  if (!entry.stream) {
    let body: unknown;
    try {
      body = JSON.parse(entry.output);
    } catch {
      return false;
    }
    if (typeof body !== 'object' || body === null || 'error' in body) return false;
    return entry.clientFormat === 'anthropic' ? (body as { type?: unknown }).type === 'message' : Array.isArray((body as { choices?: unknown }).choices);
  }
  const splitter = new SseSplitter();
  const events = splitter.push(entry.output);
  if (splitter.pending.trim() || events.length === 0) return false;
  let terminal = false;
  for (const raw of events) {
    const e = parseSseEvent(raw);
    if (terminal) return false; // nothing may follow the end
    if (entry.clientFormat === 'anthropic') {
      if (e.event === 'error') return false;
      if (e.event === 'message_stop') terminal = true;
    } else {
      if (e.data === '[DONE]') terminal = true;
      else if (e.data.startsWith('{') && e.data.includes('"error"')) {
        try {
          if ('error' in (JSON.parse(e.data) as object)) return false;
        } catch {
          return false;
        }
      }
    }
  }
  return terminal;
}
