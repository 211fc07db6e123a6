/**
 * Misbehaving clients: a slow reader must not make the proxy buffer the
 * upstream's answer (backpressure reaches the provider), and a client that
 * hangs up mid-stream gets its upstream call aborted within 100 ms.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { figure, sleep, until } from './helpers';

let gw: TestGateway;
let port: number;

beforeAll(async () => {
  gw = await startTestGateway();
  port = Number(new URL(gw.url).port);
});
afterAll(async () => {
  await gw?.close();
});

function open(path: string, model: string, format: 'openai' | 'anthropic'): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    agent: false,
    headers: {
      authorization: `Bearer ${gw.token}`,
      'content-type': 'application/json',
      ...(format === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}),
    },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  response.catch(() => undefined);
  req.end(JSON.stringify({ model, max_tokens: 100_000, stream: true, messages: [{ role: 'user', content: 'go' }] }));
  return { req, response };
}

const heap = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

describe('a slow reader', () => {
  // 4 000 chunks of 16 KiB: 64 MiB the fake is ready to send as fast as it may.
  const CHUNK = 'x'.repeat(16 * 1024);
  const CHUNKS = 4_000;

  for (const [path, model, format, fake] of [
    ['/v1/chat/completions', 'slow-oa', 'openai', 'openai'],
    ['/v1/messages', 'slow-an', 'anthropic', 'anthropic'],
    ['/v1/chat/completions', 'slow-tr', 'openai', 'anthropic'],
  ] as const) {
    it(`${format} client, ${fake} provider: the upstream is paused and memory stays bounded`, { timeout: 30_000 }, async () => {
      const f = fake === 'openai' ? gw.openai : gw.anthropic;
      f.setBehaviour({ tokens: Array.from({ length: CHUNKS }, () => CHUNK) }, model);
      const res = await open(path, `${fake}/${model}`, format).response;
      expect(res.statusCode).toBe(200);
      // Read a little, then stop reading altogether.
      await new Promise<void>((resolve) => res.once('data', () => resolve()));
      res.pause();
      const rec = () => f.chatRequests().find((r) => r.model === model)!;
      await sleep(300); // let the socket buffers fill
      const before = heap();
      const sentAtPause = rec().chunksSent;
      await sleep(1_000);
      const sentLater = rec().chunksSent;
      const growthMb = (heap() - before) / 1024 / 1024;
      // Backpressure reached the provider: it stopped sending; what it sent sits in
      // the kernel's socket buffers (several MiB per loopback connection), not in the proxy.
      expect(sentLater - sentAtPause).toBeLessThanOrEqual(2);
      expect(sentLater).toBeLessThan(CHUNKS / 3);
      expect(growthMb).toBeLessThan(16);
      figure('client.slowReaderGrowthMb', Math.max(0, growthMb), `${format}/${fake}: upstream stopped after ${sentLater} of ${CHUNKS} chunks`);
      // Reading again lets the provider go on; hanging up then aborts it.
      res.resume();
      await until(() => rec().chunksSent > sentLater + 50, 10_000);
      res.destroy();
      await until(() => rec().aborted, 3_000);
    });
  }
});

describe('a client that disconnects', () => {
  const cases = [
    ['mid-stream, same format', '/v1/chat/completions', 'openai', 'openai', { text: 'a b c d e f g h i j k l m n o p', tokensPerSec: 20 }],
    ['mid-stream, translated', '/v1/messages', 'anthropic', 'openai', { text: 'a b c d e f g h i j k l m n o p', tokensPerSec: 20 }],
    ['mid-stream, anthropic', '/v1/messages', 'anthropic', 'anthropic', { text: 'a b c d e f g h i j k l m n o p', tokensPerSec: 20 }],
    ['before the first byte', '/v1/chat/completions', 'openai', 'anthropic', { stallBeforeFirstByteMs: 20_000 }],
  ] as const;
  for (const [what, path, format, fake, behaviour] of cases) {
    it(`${what}: the upstream call is aborted within 100 ms`, async () => {
      const f = fake === 'openai' ? gw.openai : gw.anthropic;
      const model = `gone-${format}-${fake}-${what.length}`;
      f.setBehaviour(behaviour, model);
      const { req, response } = open(path, `${fake}/${model}`, format);
      const rec = () => f.chatRequests().find((r) => r.model === model);
      let res: http.IncomingMessage | null = null;
      if ('tokensPerSec' in behaviour) {
        res = await response;
        await until(() => (rec()?.chunksSent ?? 0) >= 2, 3_000);
      } else {
        await until(() => rec(), 3_000);
      }
      const disconnectedAt = Date.now();
      req.destroy();
      res?.destroy();
      await until(() => rec()?.aborted, 2_000, 2);
      const latency = rec()!.abortedAt! - disconnectedAt;
      figure('client.abortLatencyMs', latency, what);
      expect(latency).toBeLessThan(100);
      // Logged as the client's doing.
      const row = await until(() => {
        gw.flush();
        return gw.app.db.prepare('SELECT error_type AS errorType, status FROM requests WHERE requested_model = ?').get(`${fake}/${model}`) as
          | { errorType: string; status: number }
          | undefined;
      }, 3_000);
      expect(row).toMatchObject({ errorType: 'client_disconnected', status: 499 });
    });
  }
});
