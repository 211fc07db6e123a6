import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { findLeaks, readTree } from './helpers';

/**
 * Regression (fixed in electron/proxy/attempt.ts): an upstream in-stream error
 * event (after content was sent) that quotes the provider key used to reach the
 * client verbatim (same format and translated) and the request log. Every
 * client-bound chunk and non-stream body is now scrubbed of the key.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('an upstream in-stream error that echoes the key', () => {
  it('is scrubbed from the client stream and the log', async () => {
    const bodies: Array<{ where: string; text: string }> = [];
    for (const [model, fake, key] of [
      ['claude-sonnet-4-6', gw.anthropic, gw.keys.anthropic],
      ['gpt-4o-mini', gw.openai, gw.keys.openai],
    ] as const) {
      for (const path of ['/v1/chat/completions', '/v1/messages']) {
        fake.enqueue({ text: 'a b c d e f', streamErrorAfterChunks: 2, errorType: 'overloaded_error', errorMessage: `overloaded (${key})` });
        const r = await fetch(gw.url + path, {
          method: 'POST',
          headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x' }] }),
        });
        bodies.push({ where: `${model} via ${path}`, text: await r.text() });
      }
    }
    gw.flush();
    expect(findLeaks([gw.keys.openai, gw.keys.anthropic], [...bodies, ...readTree(gw.dataDir)])).toEqual([]);
  });
});
