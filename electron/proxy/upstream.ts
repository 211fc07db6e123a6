import http from 'node:http';
import https from 'node:https';
import type { OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { urlToHttpOptions } from 'node:url';

// Keep-alive pools: reusing upstream connections saves a TCP (and TLS)
// handshake per call, which dwarfs everything else the proxy does. LIFO keeps
// the warmest sockets in use.
const httpAgent = new http.Agent({ keepAlive: true, scheduling: 'lifo', maxSockets: 512, keepAliveMsecs: 10_000 });
const httpsAgent = new https.Agent({ keepAlive: true, scheduling: 'lifo', maxSockets: 512, keepAliveMsecs: 10_000 });

export interface UpstreamRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: OutgoingHttpHeaders;
  body?: Buffer | string;
}

/**
 * Sends one upstream request. Returns the ClientRequest (so callers can abort
 * it by destroying it) and a promise for the response headers.
 */
export function sendUpstream(r: UpstreamRequest): { request: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const isHttps = r.url.protocol === 'https:';
  const headers: OutgoingHttpHeaders = { ...r.headers };
  if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
  const t = targetOptions(r.url);
  // A literal rather than a spread of the cached options: a fixed shape V8 builds fast.
  const request = (isHttps ? https : http).request({
    protocol: t.protocol,
    hostname: t.hostname,
    port: t.port,
    path: t.path,
    auth: t.auth,
    method: r.method,
    headers,
    agent: isHttps ? httpsAgent : httpAgent,
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  // Avoid an unhandled rejection when the caller aborts before awaiting.
  response.catch(() => undefined);
  request.end(r.body);
  return { request, response };
}

/**
 * `http.request(url)` converts the URL to options on every call (a dozen URL
 * getters). The few upstream URLs there are (one per provider and endpoint)
 * are converted once. Only URLs that can't carry a credential are kept: keys
 * travel in headers, and a URL with a query or credentials (a key in
 * `?key=`, `user:pass@`) is converted afresh every time. Bounded so a stream
 * of distinct URLs can't grow it.
 */
const TARGETS_MAX = 256;
type Target = Pick<RequestOptions, 'protocol' | 'hostname' | 'port' | 'path' | 'auth'>;
const targets = new Map<string, Readonly<Target>>();

function targetOptions(url: URL): Readonly<Target> {
  if (url.search !== '' || url.username !== '' || url.password !== '') return urlToHttpOptions(url);
  const href = url.href;
  let t = targets.get(href);
  if (!t) {
    if (targets.size >= TARGETS_MAX) targets.clear();
    const o = urlToHttpOptions(url);
    t = Object.freeze({ protocol: o.protocol, hostname: o.hostname, port: o.port, path: o.path, auth: o.auth });
    targets.set(href, t);
  }
  return t;
}

/** Reads a whole (small) body, bounded so a misbehaving upstream can't exhaust memory. */
export function readBody(res: http.IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        res.destroy(new Error(`upstream body over ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    res.once('error', reject);
    res.once('aborted', () => reject(new Error('upstream connection reset')));
  });
}

/** Simple GET with a timeout, for model lists and key tests. */
export async function getJson(url: URL, headers: OutgoingHttpHeaders, timeoutMs = 10_000): Promise<{ status: number; body: unknown; text: string }> {
  const { request, response } = sendUpstream({ url, method: 'GET', headers });
  const timer = setTimeout(() => request.destroy(new Error(`no answer from ${url.host} within ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await response;
    const buf = await readBody(res, 16 * 1024 * 1024);
    const text = buf.toString('utf8');
    let body: unknown = undefined;
    try {
      body = JSON.parse(text);
    } catch {
      /* non-JSON error pages are reported as text */
    }
    return { status: res.statusCode ?? 0, body, text };
  } finally {
    clearTimeout(timer);
  }
}
