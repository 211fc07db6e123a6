import http from 'node:http';
import { Sample } from './stats';

/**
 * The load generator: node:http with one keep-alive agent per endpoint,
 * precomputed request bodies and headers, and as little work per response as
 * possible (no JSON parsing; streamed tokens are found by a byte scan).
 */
export interface Endpoint {
  /** Target name, for messages. */
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  streamBody: Buffer;
  /** Text a complete non-stream answer contains. */
  expectBody: string;
  /** Text a complete stream contains (its terminal event). */
  expectStreamEnd: string;
}

export interface Prepared {
  ep: Endpoint;
  agent: http.Agent;
  opts: http.RequestOptions;
  streamOpts: http.RequestOptions;
  expectBody: Buffer;
  expectEnd: Buffer;
}

export function prepare(ep: Endpoint): Prepared {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096, scheduling: 'lifo' });
  const base = { host: '127.0.0.1', port: ep.port, path: ep.path, method: 'POST', agent };
  return {
    ep,
    agent,
    opts: { ...base, headers: { ...ep.headers, 'content-length': String(ep.body.length) } },
    streamOpts: { ...base, headers: { ...ep.headers, accept: 'text/event-stream', 'content-length': String(ep.streamBody.length) } },
    expectBody: Buffer.from(ep.expectBody),
    expectEnd: Buffer.from(ep.expectStreamEnd),
  };
}

export class Tally {
  ok = 0;
  errors = 0;
  firstError: string | null = null;

  fail(why: string): void {
    this.errors++;
    this.firstError ??= why;
  }
}

/** One non-stream call. Records latency (ms) into `lat` on success. */
export function callOnce(p: Prepared, lat: Sample | null, tally: Tally, validate = false): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(p.opts, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] | null = validate || status !== 200 ? [] : null;
      res.on('data', (c: Buffer) => chunks?.push(c));
      res.on('end', () => {
        const t = performance.now() - t0;
        if (status !== 200) {
          tally.fail(`HTTP ${status}: ${Buffer.concat(chunks!).toString('utf8').slice(0, 300)}`);
        } else if (chunks && !Buffer.concat(chunks).includes(p.expectBody)) {
          tally.fail(`unexpected body: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
        } else {
          tally.ok++;
          lat?.push(t);
        }
        resolve();
      });
      res.on('error', (err) => {
        tally.fail(err.message);
        resolve();
      });
    });
    req.on('error', (err) => {
      tally.fail(err.message);
      resolve();
    });
    req.end(p.ep.body);
  });
}

export interface StreamSamples {
  /** Time to the first streamed token, ms. */
  ttft: Sample;
  /** Gap between consecutive token arrivals at the client, ms. */
  gap: Sample;
  /** Per-token transit: arrival at the client minus the upstream's send stamp, ms. */
  transit: Sample;
  /** Whole stream, ms. */
  total: Sample;
}

export function streamSamples(): StreamSamples {
  return { ttft: new Sample(), gap: new Sample(), transit: new Sample(), total: new Sample() };
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * One streamed call. Tokens are `w@<micros> ` stamps written by the fake
 * upstream with the shared monotonic clock; `tokens` of them must arrive.
 */
export function streamOnce(p: Prepared, s: StreamSamples | null, tally: Tally, tokens: number): Promise<void> {
  return new Promise((resolve) => {
    const t0 = nowUs();
    let seen = 0;
    let last = 0;
    let carry = '';
    let tail: Buffer = Buffer.alloc(0);
    const req = http.request(p.streamOpts, (res) => {
      const status = res.statusCode ?? 0;
      const errChunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (status !== 200) {
          errChunks.push(c);
          return;
        }
        const at = nowUs();
        const text = carry + c.toString('latin1');
        carry = '';
        let i = 0;
        for (;;) {
          const w = text.indexOf('w@', i);
          if (w === -1) {
            if (text.endsWith('w')) carry = 'w';
            break;
          }
          const end = text.indexOf(' ', w + 2);
          if (end === -1) {
            carry = text.slice(w);
            break;
          }
          const stamp = Number(text.slice(w + 2, end));
          i = end + 1;
          if (!Number.isFinite(stamp)) continue;
          if (s) {
            if (seen === 0) s.ttft.push((at - t0) / 1000);
            else s.gap.push((at - last) / 1000);
            s.transit.push((at - stamp) / 1000);
          }
          last = at;
          seen++;
        }
        tail = c.length >= 64 ? c.subarray(c.length - 64) : Buffer.concat([tail, c]).subarray(-64);
      });
      res.on('end', () => {
        if (status !== 200) tally.fail(`HTTP ${status}: ${Buffer.concat(errChunks).toString('utf8').slice(0, 300)}`);
        else if (seen !== tokens) tally.fail(`stream carried ${seen} of ${tokens} tokens`);
        else if (!tail.includes(p.expectEnd)) tally.fail(`stream ended without ${p.ep.expectStreamEnd}: …${tail.toString('utf8')}`);
        else {
          tally.ok++;
          s?.total.push((nowUs() - t0) / 1000);
        }
        resolve();
      });
      res.on('error', (err) => {
        tally.fail(err.message);
        resolve();
      });
    });
    req.on('error', (err) => {
      tally.fail(err.message);
      resolve();
    });
    req.end(p.ep.streamBody);
  });
}

/**
 * Runs `fn` from `concurrency` workers until `count` calls were issued or
 * `durationMs` has passed (whichever is given first). Returns elapsed ms.
 */
export async function closedLoop(
  concurrency: number,
  limit: { count?: number; durationMs?: number },
  fn: () => Promise<void>,
): Promise<{ elapsedMs: number; issued: number }> {
  const t0 = performance.now();
  const deadline = limit.durationMs !== undefined ? t0 + limit.durationMs : Infinity;
  const count = limit.count ?? Infinity;
  let issued = 0;
  const worker = async () => {
    while (issued < count && performance.now() < deadline) {
      issued++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { elapsedMs: performance.now() - t0, issued };
}
