/**
 * The response cache's key: sha256 over a canonical form of the request.
 *
 * Canonical means two requests that must get the same answer get the same
 * key: object keys are sorted at every depth (so `{"a":1,"b":2}` and
 * `{"b":2,"a":1}` match), and fields that cannot change the answer are dropped
 * (IGNORED_FIELDS, with the reason for each). Array order, numbers and strings
 * are kept exactly. What the key also carries, because the stored reply is the
 * exact bytes the first client received:
 *  - the client's wire format (OpenAI and Anthropic replies differ);
 *  - stream vs non-stream (SSE text vs a JSON body);
 *  - for OpenAI streams, `stream_options.include_usage` (it adds a final usage
 *    chunk a client may not expect);
 *  - `vary`: anything outside the body that changes the answer (the caller
 *    passes e.g. the `anthropic-beta` header).
 */
import { createHash } from 'node:crypto';
import type { WireFormat } from '../providers/types';

/**
 * Top-level request fields that do not affect the model's output, so requests
 * differing only in these share a cache entry. One list, both wire formats.
 */
export const IGNORED_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  stream: 'stream vs non-stream is its own part of the key (the stored reply is SSE or JSON accordingly)',
  stream_options: 'delivery options; the one that changes the bytes (include_usage) is keyed separately for streams',
  user: 'OpenAI: an end-user id for abuse monitoring; not seen by the model',
  safety_identifier: 'OpenAI: the successor of `user`; not seen by the model',
  metadata: 'tags for the provider dashboard (OpenAI) or an end-user id (Anthropic); not seen by the model',
  store: 'OpenAI: whether OpenAI keeps the completion for evals; not seen by the model',
  service_tier: 'latency/price class (auto, default, flex, priority); not the content',
  prompt_cache_key: "OpenAI: routing hint for the provider's own prompt cache",
  prompt_cache_retention: "OpenAI: how long the provider's own prompt cache keeps the prefix",
});

/**
 * Anthropic `cache_control` markers (on system blocks, tools and message
 * content blocks) only tell the provider where to cache a prefix; the answer
 * is the same with or without them, so they are dropped from those positions.
 */
const CACHE_CONTROL = 'cache_control';

/** Deeper than any real request; a body nested further is simply not cached. */
export const MAX_DEPTH = 64;

class TooDeep extends Error {}

/** JSON with object keys sorted at every depth. Throws TooDeep past MAX_DEPTH. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, 0, out);
  return out.join('');
}

function write(v: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (v === null || typeof v !== 'object') {
    // Strings escaped, non-finite numbers as null, as JSON.stringify does.
    out.push(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : JSON.stringify(v) ?? 'null');
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(',');
      const item: unknown = v[i];
      write(item === undefined ? null : item, depth + 1, out);
    }
    out.push(']');
    return;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i) out.push(',');
    out.push(JSON.stringify(k), ':');
    write(obj[k], depth + 1, out);
  });
  out.push('}');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutCacheControl(v: unknown): unknown {
  if (!isObj(v) || !(CACHE_CONTROL in v)) return v;
  const { [CACHE_CONTROL]: _drop, ...rest } = v;
  return rest;
}

const stripList = (v: unknown): unknown => (Array.isArray(v) ? v.map(withoutCacheControl) : v);

/** The body with IGNORED_FIELDS and positional `cache_control` removed (shallow copies; the input is untouched). */
export function normalizeBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Object.hasOwn(IGNORED_FIELDS, k)) continue;
    out[k] = v;
  }
  if (out.system !== undefined) out.system = stripList(out.system);
  if (out.tools !== undefined) out.tools = stripList(out.tools);
  if (Array.isArray(out.messages)) {
    out.messages = out.messages.map((m) => {
      const msg = withoutCacheControl(m);
      if (!isObj(msg) || !Array.isArray(msg.content)) return msg;
      return { ...msg, content: msg.content.map(withoutCacheControl) };
    });
  }
  return out;
}

export interface KeyOptions {
  /** Extra inputs that change the answer (e.g. the `anthropic-beta` header). */
  vary?: string;
}

/** sha256 hex of the canonical request, or null when the body can't be keyed (not an object, or too deep). */
export function cacheKey(clientFormat: WireFormat, body: unknown, opts: KeyOptions = {}): string | null {
  if (!isObj(body)) return null;
  const stream = body.stream === true;
  const includeUsage = stream && isObj(body.stream_options) && body.stream_options.include_usage === true;
  let canonical: string;
  try {
    canonical = canonicalJson(normalizeBody(body));
  } catch (err) {
    if (err instanceof TooDeep) return null;
    throw err;
  }
  return createHash('sha256')
    .update(`switchboard-cache-v1\u0000${clientFormat}\u0000${stream ? 'stream' : 'json'}\u0000${includeUsage ? 'usage' : ''}\u0000${opts.vary ?? ''}\u0000`)
    .update(canonical)
    .digest('hex');
}
