/**
 * Soak (long runs only: `npm run reliability`). Sustained concurrent traffic
 * through a fallback route whose first target keeps failing in changing ways
 * (resets, 429/5xx storms, malformed bodies, stalls), with clients that hang
 * up mid-stream. Every request that isn't abandoned must succeed, and the
 * gateway must end where it started: no open upstream streams, no requests
 * in flight, no leaked sockets, bounded heap.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Behaviour } from '../fakes/script';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { figure, LONG, parseJson, sleep, streamShape, until } from './helpers';

const SECONDS = Number(process.env.SWITCHBOARD_SOAK_SECONDS) || 60;

let gw: TestGateway;
beforeAll(async () => {
  if (!LONG) return;
  gw = await startTestGateway();
  gw.app.settings.update((s) => {
    s.routes.soak = {
      strategy: 'fallback',
      targets: [{ model: 'openai/flaky', firstByteTimeoutMs: 300, retries: 1, backoffMs: 1 }, 'anthropic/claude-sonnet-4-6'],
      cooldown: { failures: 1000, windowMs: 1000, cooldownMs: 100 },
    } as never;
  });
});
afterAll(async () => {
  await gw?.close();
});

const FAULTS: Behaviour[] = [
  {},
  { resetBeforeHeaders: true },
  { resetAfterHeaders: true },
  { status: 429, retryAfter: '0' },
  { status: 503 },
  { malformedJson: true },
  { stallBeforeFirstByteMs: 5_000 },
  { tokensPerSec: 200 },
];

const fds = () => {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
};
// A real collection before each heap reading, so growth means retained memory, not garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

describe.skipIf(!LONG)('soak', () => {
  it(`${SECONDS} s of faulty traffic with hang-ups: every request served, nothing left behind`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    let requests = 0;
    let failures = 0;
    let abandoned = 0;
    const problems: string[] = [];
    const end = Date.now() + SECONDS * 1000;
    // The faulty target changes behaviour every 250 ms.
    let f = 0;
    const rotate = setInterval(() => {
      gw.openai.setBehaviour(FAULTS[f++ % FAULTS.length]!, 'flaky');
      // The fakes record every request; that's the test's memory, not the gateway's.
      gw.openai.reset();
      gw.anthropic.reset();
    }, 250);
    let fd0 = 0;
    let heap0 = 0;
    const warm = setTimeout(() => {
      fd0 = fds();
      heap0 = heapMb();
    }, 5_000);

    const worker = async (n: number) => {
      for (let i = 0; Date.now() < end; i++) {
        const anthropic = (n + i) % 2 === 1;
        const stream = (n + i) % 3 !== 0;
        const hangUp = stream && i % 17 === 5;
        const ac = new AbortController();
        requests++;
        try {
          const res = await fetch(`${gw.url}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
            method: 'POST',
            signal: ac.signal,
            headers: {
              authorization: `Bearer ${gw.token}`,
              'content-type': 'application/json',
              ...(anthropic ? { 'anthropic-version': '2023-06-01' } : {}),
            },
            body: JSON.stringify({ model: 'soak', max_tokens: 40, stream, messages: [{ role: 'user', content: `soak ${n}.${i} a b c d e f g` }] }),
          });
          if (hangUp) {
            const reader = res.body!.getReader();
            await reader.read();
            ac.abort();
            abandoned++;
            continue;
          }
          const text = await res.text();
          const format = anthropic ? 'anthropic' : 'openai';
          const ok = res.status === 200 && (stream ? streamShape(format, text).ended === 'complete' : parseJson(text) !== undefined);
          if (!ok) {
            failures++;
            if (problems.length < 10) problems.push(`${res.status} ${text.slice(0, 1000)}`);
          }
        } catch (err) {
          if (hangUp) continue;
          failures++;
          if (problems.length < 10) problems.push(String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
    clearInterval(rotate);
    clearTimeout(warm);
    gw.openai.setBehaviour({}, 'flaky');

    // Everything winds down: no streams left open upstream, nothing in flight, sockets released.
    await until(() => gw.openai.activeStreams === 0 && gw.anthropic.activeStreams === 0 && gw.proxy.inflight === 0, 10_000, 50);
    await sleep(500);
    gw.flush();
    const growth = heapMb() - heap0;
    const fdGrowth = fds() - fd0;
    figure('soak.requests', requests);
    figure('soak.failures', failures);
    figure('soak.heapGrowthMb', Math.max(0, growth), `${requests} requests (${abandoned} hung up) in ${SECONDS} s; fd growth ${fdGrowth}`);
    expect(problems).toEqual([]);
    expect(failures).toBe(0);
    expect(requests).toBeGreaterThan(SECONDS * 10);
    expect(growth).toBeLessThan(32);
    expect(fdGrowth).toBeLessThan(40);
    expect(gw.app.writer.stats.pending).toBe(0);
    expect(gw.app.writer.stats.dropped).toBe(0);
  });
});
