/**
 * Bad input: property-based fuzzing (fast-check) of the three endpoints'
 * request bodies and headers, and the hand-made monsters (oversized bodies,
 * wrong content types, invalid UTF-8, deep nesting, 100k messages, 10k tools).
 *
 * Every answer must be a success or a well-formed error in the endpoint's own
 * wire format (OpenAI `{error:{message,type}}` for /v1/chat/completions and
 * /v1/embeddings, Anthropic `{type:"error",error:{type,message}}` for
 * /v1/messages). A transport failure (reset, no answer), an answer in the
 * wrong shape, or an internal error (a 500 Switchboard raised itself) counts
 * as a crash. The gateway must still be healthy afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { figure, isWireError, LONG, parseJson, rawRequest, scale, streamShape, type RawResponse, type WireFormat } from './helpers';

let gw: TestGateway;
let port: number;

beforeAll(async () => {
  gw = await startTestGateway();
  port = Number(new URL(gw.url).port);
});
afterAll(async () => {
  await gw?.close();
});

const ENDPOINTS = [
  { path: '/v1/chat/completions', format: 'openai' },
  { path: '/v1/messages', format: 'anthropic' },
  { path: '/v1/embeddings', format: 'openai' },
] as const;

const MODELS = ['gpt-4o-mini', 'claude-sonnet-4-6', 'openai/gpt-4o', 'anthropic/claude-haiku-4-5', 'text-embedding-3-small', 'no-such-model', 'route/none', ''];

let inputs = 0;
const crashes: string[] = [];
const statuses = new Map<number, number>();

/** Judges one exchange; returns a description of what is wrong, or null. */
function verdict(format: WireFormat, r: RawResponse): string | null {
  const type = String(r.headers['content-type'] ?? '');
  if (r.status >= 200 && r.status < 300) {
    if (type.startsWith('text/event-stream')) {
      const s = streamShape(format, r.text);
      return s.wellFormed && s.ended !== 'open' ? null : `malformed stream: ${r.text.slice(0, 200)}`;
    }
    return parseJson(r.text) !== undefined ? null : `2xx with a non-JSON body: ${r.text.slice(0, 200)}`;
  }
  const json = parseJson(r.text);
  if (!isWireError(format, json)) return `${r.status} not a ${format} error: ${r.text.slice(0, 300)}`;
  const message = String((json as any).error.message);
  // An error Switchboard raised on itself (an uncaught exception, a translator's TypeError) is a crash.
  if (r.status === 500 && !r.headers['x-switchboard-provider']) return `internal error: ${message.slice(0, 300)}`;
  if (/TypeError|ReferenceError|RangeError|Cannot read properties|is not a function|undefined is not/.test(message)) return `internal error leaked: ${message.slice(0, 300)}`;
  return null;
}

async function exchange(label: string, format: WireFormat, req: Parameters<typeof rawRequest>[0]): Promise<boolean> {
  inputs++;
  let r: RawResponse;
  try {
    r = await rawRequest({ timeoutMs: 20_000, ...req });
  } catch (err) {
    crashes.push(`${label}: transport failure ${(err as Error).message}`);
    return false;
  }
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const v = verdict(format, r);
  if (v) crashes.push(`${label}: ${v}\n  request: ${String(req.body ?? '').slice(0, 300)}\n  headers: ${JSON.stringify(req.headers).slice(0, 300)}`);
  return v === null;
}

const goodHeaders = (format: WireFormat): Record<string, string> => ({
  authorization: `Bearer ${gw.token}`,
  'content-type': 'application/json',
  ...(format === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}),
});

// --- arbitraries ----------------------------------------------------------------

const anyJson = fc.jsonValue({ maxDepth: 4 });
const wrongType = fc.oneof(anyJson, fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', 'x', [], {}, [null], { a: 1 }));
const role = fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool', 'developer', 'function'), wrongType);
const part = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.oneof(fc.string(), wrongType) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(fc.record({ url: fc.oneof(fc.webUrl(), fc.string()) }), wrongType) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('image'), source: wrongType }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('tool_use'), id: fc.oneof(fc.string(), wrongType), name: fc.oneof(fc.string(), wrongType), input: wrongType }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('tool_result'), tool_use_id: fc.oneof(fc.string(), wrongType), content: wrongType }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('thinking'), thinking: wrongType, signature: wrongType }, { requiredKeys: ['type'] }),
  wrongType,
);
const message = fc.oneof(
  fc.record(
    {
      role,
      content: fc.oneof(fc.string({ maxLength: 50 }), fc.array(part, { maxLength: 3 }), wrongType),
      name: wrongType,
      tool_calls: fc.oneof(
        fc.array(fc.record({ id: fc.oneof(fc.string(), wrongType), type: fc.oneof(fc.constant('function'), wrongType), function: fc.oneof(fc.record({ name: fc.oneof(fc.string(), wrongType), arguments: fc.oneof(fc.string(), wrongType) }), wrongType) }, { requiredKeys: [] }), { maxLength: 2 }),
        wrongType,
      ),
      tool_call_id: wrongType,
    },
    { requiredKeys: ['role'] },
  ),
  wrongType,
);
const tool = fc.oneof(
  fc.record({ type: fc.oneof(fc.constant('function'), wrongType), function: fc.oneof(fc.record({ name: fc.oneof(fc.string(), wrongType), parameters: wrongType }, { requiredKeys: [] }), wrongType) }, { requiredKeys: [] }),
  fc.record({ name: fc.oneof(fc.string(), wrongType), input_schema: wrongType, description: wrongType }, { requiredKeys: [] }),
  wrongType,
);
/** Objects shaped like a request, with any field of any type. */
const requestLike = fc.record(
  {
    model: fc.oneof(fc.constantFrom(...MODELS), wrongType),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), wrongType),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 100 }), wrongType),
    stream: fc.oneof(fc.boolean(), wrongType),
    stream_options: fc.oneof(fc.record({ include_usage: fc.oneof(fc.boolean(), wrongType) }), wrongType),
    system: fc.oneof(fc.string({ maxLength: 30 }), fc.array(part, { maxLength: 2 }), wrongType),
    tools: fc.oneof(fc.array(tool, { maxLength: 3 }), wrongType),
    tool_choice: wrongType,
    temperature: fc.oneof(fc.double(), wrongType),
    thinking: wrongType,
    response_format: wrongType,
    metadata: wrongType,
    stop: wrongType,
    input: fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), wrongType),
    n: wrongType,
  },
  { requiredKeys: [] },
);
/** A valid request with some fields replaced: gets past validation into routing, translation and the providers. */
const FIELDS = ['messages', 'max_tokens', 'stream', 'stream_options', 'system', 'tools', 'tool_choice', 'temperature', 'thinking', 'response_format', 'metadata', 'stop', 'input', 'n'] as const;
const nearValid = fc
  .tuple(
    fc.constantFrom('gpt-4o-mini', 'claude-sonnet-4-6', 'openai/gpt-4o', 'anthropic/claude-haiku-4-5', 'text-embedding-3-small'),
    fc.boolean(),
    fc.array(message, { minLength: 1, maxLength: 3 }),
    fc.subarray([...FIELDS], { maxLength: 2 }),
    requestLike,
  )
  .map(([model, stream, messages, fields, o]) => {
    const out: Record<string, unknown> = model.startsWith('text-embedding') ? { model, input: 'x' } : { model, max_tokens: 16, stream, messages };
    for (const f of fields) if (f in o) out[f] = (o as Record<string, unknown>)[f];
    return out;
  });
const body = fc.oneof(
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: requestLike.map((v) => JSON.stringify(v)) },
  { weight: 4, arbitrary: nearValid.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
);

/** Header values a client might send (HTTP-legal: no CR/LF or other control characters). */
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const authForm = fc.oneof(
  fc.constant<Record<string, string>>({}),
  fc.constant('GOOD').map(() => ({ authorization: `Bearer ${gw.token}` })),
  fc.constant('GOOD').map(() => ({ 'x-api-key': gw.token })),
  fc.constant('GOOD').map(() => ({ authorization: `bearer   ${gw.token}  ` })),
  headerValue.map((v) => ({ authorization: v })),
  headerValue.map((v) => ({ authorization: `Bearer ${v}` })),
  headerValue.map((v) => ({ authorization: `Basic ${Buffer.from(v).toString('base64')}` })),
  headerValue.map((v) => ({ 'x-api-key': v })),
  fc.constant('GOOD').map(() => ({ authorization: `Bearer ${gw.token}x` })),
);
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', ''),
  headerValue,
);
const extraHeaders = fc.record(
  {
    'anthropic-version': headerValue,
    'anthropic-beta': headerValue,
    'x-switchboard-cache': fc.oneof(fc.constantFrom('use', 'refresh', 'bypass', 'hit'), headerValue),
    'x-switchboard-source': fc.oneof(fc.constantFrom('race', 'compare', 'judge', 'replay', 'proxy'), headerValue),
    accept: headerValue,
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', '*'),
    'user-agent': headerValue,
  },
  { requiredKeys: [] },
);

// Fuzzed bad tokens would trip the bad-token rate limit for 127.0.0.1; each
// header-fuzz request comes from its own loopback address instead.
let nextAddress = 0;
const loopback = () => `127.0.${1 + (Math.floor(nextAddress / 250) % 250)}.${2 + (nextAddress++ % 250)}`;

describe('fuzzing request bodies and headers', () => {
  const runs = scale(200, 3_000);

  it(`request bodies on every endpoint (${runs} runs each)`, { timeout: LONG ? 900_000 : 120_000 }, async () => {
    for (const ep of ENDPOINTS) {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          await exchange(`body → ${ep.path}`, ep.format, { port, path: ep.path, headers: goodHeaders(ep.format), body: b });
        }),
        // Failures are collected in `crashes` (with their input) rather than shrunk: the figure counts them all.
        { numRuns: runs },
      );
    }
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    expect(crashes).toEqual([]);
  });

  it(`request headers on every endpoint (${runs} runs each)`, { timeout: LONG ? 900_000 : 120_000 }, async () => {
    const validBody = (format: WireFormat, path: string) =>
      JSON.stringify(
        path.endsWith('embeddings')
          ? { model: 'text-embedding-3-small', input: 'hi' }
          : { model: format === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      );
    for (const ep of ENDPOINTS) {
      await fc.assert(
        fc.asyncProperty(authForm, contentType, extraHeaders, body, fc.boolean(), async (auth, ct, extra, b, useValidBody) => {
          const headers: Record<string, string> = { ...extra, ...auth };
          if (ct !== '') headers['content-type'] = ct;
          await exchange(`headers → ${ep.path}`, ep.format, {
            port,
            path: ep.path,
            headers,
            body: useValidBody ? validBody(ep.format, ep.path) : b,
            localAddress: loopback(),
          });
        }),
        { numRuns: runs },
      );
    }
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    expect(crashes).toEqual([]);
  });
});

describe('monster inputs', () => {
  const post = (path: string, format: WireFormat, b: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest({ port, path, headers: { ...goodHeaders(format), ...headers }, body: b, timeoutMs: 60_000 });

  it('an oversized body gets 413 (by Content-Length, and while streaming in a chunked body)', { timeout: 60_000 }, async () => {
    for (const ep of ENDPOINTS) {
      // Declared too large: refused before reading.
      const declared = await new Promise<RawResponse>((resolve, reject) => {
        import('node:http').then(({ default: http }) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: ep.path, headers: { ...goodHeaders(ep.format), 'content-length': String(64 * 1024 * 1024) } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              req.destroy();
              const b = Buffer.concat(chunks);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString('utf8') });
            });
          });
          req.on('error', reject);
          req.write('{"model":"x"');
        }, reject);
      });
      inputs++;
      expect(declared.status).toBe(413);
      expect(isWireError(ep.format, parseJson(declared.text))).toBe(true);
    }
    // Chunked, no length: counted while it arrives (33 MB against the 32 MB limit).
    const big = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const r = await post('/v1/chat/completions', 'openai', big, { 'transfer-encoding': 'chunked' });
    inputs++;
    expect(r.status).toBe(413);
    expect(isWireError('openai', parseJson(r.text))).toBe(true);
  });

  it('a wrong or missing content type gets 415 in the right format', async () => {
    for (const ep of ENDPOINTS) {
      for (const ct of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
        const headers = goodHeaders(ep.format) as Record<string, string>;
        if (ct === undefined) delete headers['content-type'];
        else headers['content-type'] = ct;
        const r = await rawRequest({ port, path: ep.path, headers, body: '{"model":"gpt-4o-mini"}' });
        inputs++;
        expect(r.status, `${ep.path} ${ct}`).toBe(415);
        expect(isWireError(ep.format, parseJson(r.text)), r.text).toBe(true);
      }
    }
  });

  it('invalid UTF-8, deep nesting (100k levels), 100k messages, 10k tools', { timeout: 120_000 }, async () => {
    const msgs = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    for (const ep of ENDPOINTS) {
      const invalid = Buffer.concat([Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}]}')]);
      const cases: Array<[string, string | Buffer, number | null]> = [
        ['invalid UTF-8', invalid, 400],
        ['100k nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), 400],
        ['100k nested objects', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), 400],
        ['nesting in a field', `{"model":"gpt-4o-mini","max_tokens":5,"messages":[{"role":"user","content":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`, 400],
        ['unclosed nesting', '{"model":' + '['.repeat(100_000), 400],
        ['brackets inside strings are not nesting', JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: '['.repeat(100_000) }] }), null],
        ['100k messages', JSON.stringify({ model: ep.format === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-6', max_tokens: 5, messages: msgs(100_000) }), null],
        ['100k messages, translated', JSON.stringify({ model: ep.format === 'openai' ? 'claude-sonnet-4-6' : 'gpt-4o-mini', max_tokens: 5, messages: msgs(100_000) }), null],
        [
          '10k tools',
          JSON.stringify({
            model: ep.format === 'openai' ? 'claude-sonnet-4-6' : 'gpt-4o-mini',
            max_tokens: 5,
            messages: msgs(1),
            tools:
              ep.format === 'openai'
                ? Array.from({ length: 10_000 }, (_, i) => ({ type: 'function', function: { name: `t${i}`, parameters: { type: 'object', properties: {} } } }))
                : Array.from({ length: 10_000 }, (_, i) => ({ name: `t${i}`, input_schema: { type: 'object', properties: {} } })),
          }),
          null,
        ],
        ['100k inputs', JSON.stringify({ model: 'text-embedding-3-small', input: Array.from({ length: 100_000 }, (_, i) => `i${i}`) }), null],
      ];
      for (const [what, b, status] of cases) {
        const ok = await exchange(`${what} → ${ep.path}`, ep.format, { port, path: ep.path, headers: goodHeaders(ep.format), body: b, timeoutMs: 60_000 });
        expect(ok, `${what} → ${ep.path}: ${crashes.at(-1)}`).toBe(true);
        if (status !== null) {
          const r = await rawRequest({ port, path: ep.path, headers: goodHeaders(ep.format), body: b });
          expect(r.status, `${what} → ${ep.path}`).toBe(status);
        }
      }
    }
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
  });

  it('reports its figures', () => {
    console.log(`fuzz: ${inputs} inputs; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    figure('fuzz.inputs', inputs);
    figure('fuzz.crashes', crashes.length);
    expect(crashes).toEqual([]);
  });
});
