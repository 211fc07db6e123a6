/**
 * Upstream faults, injected with the provider fakes, through the real gateway.
 *
 * Every fault runs for both provider formats (so both the pass-through and the
 * translated paths see it), both client formats, stream and non-stream where
 * the fault applies, and three ways:
 *  - `fallback`: a route whose first target is faulty and second healthy → the
 *    client sees a normal success from the second target;
 *  - `alone`: a route with the faulty target only → a well-formed error in the
 *    client's wire format;
 *  - `direct`: the faulty model called by name (no route) → the same.
 * Faults that strike after the first token has reached the client (a reset
 * mid-stream, a stall between chunks, a truncated stream, an in-stream error)
 * can't move to another target without the client seeing two answers spliced
 * together: they must end the stream with one well-formed error event, and the
 * log must mark the row partial. (A non-stream answer cut half-way has sent
 * nothing yet, so it does fall back.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequest } from '../../electron/store/queries';
import type { Behaviour } from '../fakes/script';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { closedPort } from '../routing/helpers';
import { findLeaks } from '../cli/helpers';
import { figure, isWireError, parseJson, pool, streamShape, until, type WireFormat } from './helpers';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
  const port = await closedPort();
  gw.app.settings.update((s) => {
    s.providers.deadend = { baseUrl: `http://127.0.0.1:${port}/v1`, custom: { format: 'openai', needsKey: false }, discount: 1 };
  });
});
afterAll(async () => {
  await gw?.close();
});

type Mode = 'stream' | 'json';
type Variant = 'fallback' | 'alone' | 'direct';

interface Fault {
  name: string;
  behaviour: (key: string) => Behaviour;
  modes: Mode[];
  /** Per-target settings for the faulty target. */
  settings?: Record<string, unknown>;
  /** In stream mode the fault strikes after the first token: error event + partial row. */
  afterFirstToken?: boolean;
  /** Either a fallback success or an error event (timing decides whether content was committed first). */
  either?: boolean;
  /** Direct calls would wait for the default timeouts (minutes): routes only. */
  noDirect?: boolean;
  /** Served by the `deadend` provider (nothing listening) instead of a fake. */
  refused?: boolean;
}

const TEXT = 'alpha beta gamma delta epsilon zeta eta theta';

const FAULTS: Fault[] = [
  { name: 'reset before headers', behaviour: () => ({ resetBeforeHeaders: true }), modes: ['stream', 'json'] },
  { name: 'reset after headers, before the first chunk', behaviour: () => ({ resetAfterHeaders: true }), modes: ['stream', 'json'] },
  { name: 'reset mid-stream', behaviour: () => ({ text: TEXT, cutAfterChunks: 3 }), modes: ['stream', 'json'], afterFirstToken: true },
  {
    name: 'stall before the first byte',
    behaviour: () => ({ stallBeforeFirstByteMs: 20_000 }),
    modes: ['stream', 'json'],
    settings: { firstByteTimeoutMs: 400 },
    noDirect: true,
  },
  {
    name: 'stall between chunks',
    behaviour: () => ({ text: TEXT, stallAfterChunks: { after: 2, ms: 20_000 } }),
    modes: ['stream'],
    settings: { idleTimeoutMs: 400 },
    afterFirstToken: true,
    noDirect: true,
  },
  { name: '429 storm', behaviour: () => ({ status: 429, retryAfter: '0' }), modes: ['stream', 'json'], settings: { retries: 2, backoffMs: 1 } },
  { name: 'malformed JSON', behaviour: () => ({ malformedJson: true }), modes: ['json'] },
  { name: 'malformed SSE', behaviour: () => ({ text: TEXT, malformedSse: true }), modes: ['stream'], either: true },
  { name: 'truncated SSE', behaviour: () => ({ text: TEXT, truncatedSse: true }), modes: ['stream'], afterFirstToken: true },
  {
    name: 'in-stream error event quoting the key',
    behaviour: (key) => ({ text: TEXT, streamErrorAfterChunks: 2, errorType: 'overloaded_error', errorMessage: `overloaded for ${key}` }),
    modes: ['stream'],
    afterFirstToken: true,
  },
  { name: 'connection refused', behaviour: () => ({}), modes: ['stream', 'json'], refused: true },
];

interface Case {
  id: number;
  fault: Fault;
  provider: 'openai' | 'anthropic' | 'deadend';
  client: WireFormat;
  mode: Mode;
  variant: Variant;
  model: string;
  healthy: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  let id = 0;
  for (const fault of FAULTS) {
    for (const provider of fault.refused ? (['deadend'] as const) : (['openai', 'anthropic'] as const)) {
      for (const client of ['openai', 'anthropic'] as const) {
        for (const mode of fault.modes) {
          for (const variant of ['fallback', 'alone', 'direct'] as const) {
            if (variant === 'direct' && fault.noDirect) continue;
            id++;
            const other = provider === 'anthropic' ? 'openai' : 'anthropic';
            out.push({ id, fault, provider, client, mode, variant, model: `fault-${id}`, healthy: `${other}/healthy-${id}` });
          }
        }
      }
    }
  }
  return out;
}

function body(c: Case, model: string): string {
  const messages = [{ role: 'user', content: `case ${c.id}` }];
  const b: Record<string, unknown> = { model, messages, stream: c.mode === 'stream' };
  if (c.client === 'anthropic') b.max_tokens = 64;
  return JSON.stringify(b);
}

async function send(c: Case, model: string) {
  const path = c.client === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const headers: Record<string, string> = { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' };
  if (c.client === 'anthropic') headers['anthropic-version'] = '2023-06-01';
  const res = await fetch(gw.url + path, { method: 'POST', headers, body: body(c, model) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, id: res.headers.get('x-switchboard-request-id') ?? '' };
}

function isSuccess(c: Case, status: number, text: string): boolean {
  if (status !== 200) return false;
  if (c.mode === 'stream') {
    const s = streamShape(c.client, text);
    return s.wellFormed && s.ended === 'complete' && s.content.length > 0;
  }
  const j = parseJson(text) as any;
  return c.client === 'openai' ? typeof j?.choices?.[0]?.message?.content === 'string' : j?.type === 'message' && Array.isArray(j.content);
}

function isErrorEvent(c: Case, status: number, text: string): boolean {
  if (status !== 200) return false;
  const s = streamShape(c.client, text);
  return s.wellFormed && s.ended === 'error' && s.content.length > 0;
}

function isErrorResponse(c: Case, status: number, text: string): boolean {
  return status >= 400 && isWireError(c.client, parseJson(text));
}

describe('upstream faults', () => {
  it('each fault: a success through a healthy fallback target, a well-formed error without one', { timeout: 120_000 }, async () => {
    const all = cases();
    for (const c of all) {
      const fake = c.provider === 'anthropic' ? gw.anthropic : gw.openai;
      if (!c.fault.refused) fake.setBehaviour(c.fault.behaviour(c.provider === 'anthropic' ? gw.keys.anthropic : gw.keys.openai), c.model);
    }
    gw.app.settings.update((s) => {
      for (const c of all) {
        const faulty = { model: `${c.provider}/${c.model}`, ...c.fault.settings };
        if (c.variant === 'fallback') s.routes[`r${c.id}`] = { strategy: 'fallback', targets: [faulty, c.healthy] } as never;
        if (c.variant === 'alone') s.routes[`r${c.id}`] = { strategy: 'fallback', targets: [faulty] } as never;
      }
    });

    const failures: string[] = [];
    const texts: Array<{ where: string; text: string }> = [];
    const results = await pool(6, all.map((c) => async () => {
      const label = `${c.fault.name} | ${c.provider} → ${c.client} client | ${c.mode} | ${c.variant}`;
      const r = await send(c, c.variant === 'direct' ? `${c.provider}/${c.model}` : `r${c.id}`);
      texts.push({ where: label, text: [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n\n' + r.text });
      const midStream = c.mode === 'stream' && c.fault.afterFirstToken;
      let ok: boolean;
      let expected: string;
      if (midStream) {
        expected = 'a 200 stream ending in one well-formed error event';
        ok = isErrorEvent(c, r.status, r.text);
      } else if (c.fault.either && c.mode === 'stream') {
        expected = c.variant === 'fallback' ? 'a success, or an error event after content' : 'an error response or an error event';
        ok = (c.variant === 'fallback' && isSuccess(c, r.status, r.text)) || isErrorEvent(c, r.status, r.text) || isErrorResponse(c, r.status, r.text);
      } else if (c.variant === 'fallback') {
        expected = 'a success from the fallback target';
        ok = isSuccess(c, r.status, r.text) && r.headers.get('x-switchboard-model') === c.healthy.split('/')[1];
      } else {
        expected = 'a well-formed error in the client format';
        ok = isErrorResponse(c, r.status, r.text);
        if (c.fault.name === '429 storm' && c.variant === 'direct') ok &&= r.status === 429 && r.headers.get('retry-after') !== null;
      }
      // The log has the row, partial when the stream was cut.
      gw.flush();
      const row = r.id ? await until(() => (gw.flush(), getRequest(gw.app.db, r.id)), 3_000).catch(() => undefined) : undefined;
      if (!row) {
        ok = false;
        expected += ' (and a log row)';
      } else if (midStream && !row.partial) {
        ok = false;
        expected += ' (and a partial log row)';
      } else if (!midStream && c.variant === 'fallback' && !c.fault.either && (row.status !== 200 || row.attempts[0]?.outcome !== 'error')) {
        ok = false;
        expected += ' (and a 200 row whose first attempt failed)';
      }
      if (!ok) failures.push(`${label}: expected ${expected}; got ${r.status} ${r.text.slice(0, 300)}`);
      return ok;
    }));

    const survived = results.filter(Boolean).length;
    figure('faults.injected', all.length);
    figure('faults.survived', survived);
    expect(failures).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(100);

    // No key reached any client through any fault, and every upstream call was closed.
    expect(findLeaks([gw.keys.openai, gw.keys.anthropic], texts)).toEqual([]);
    await gw.openai.waitFor((f) => f.activeStreams === 0, 5_000);
    await gw.anthropic.waitFor((f) => f.activeStreams === 0, 5_000);
    // The gateway still answers.
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
  });
});
