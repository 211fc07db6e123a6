import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson, IGNORED_FIELDS, MAX_DEPTH, normalizeBody } from '../../electron/cache/key';

const base = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  temperature: 0,
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'é"\n' })).toBe('{"b":"é\\"\\n"}');
    expect(canonicalJson([undefined, Number.NaN, 1.5])).toBe('[null,null,1.5]');
  });
});

describe('cacheKey', () => {
  const key = (body: Record<string, unknown>, format: 'openai' | 'anthropic' = 'openai', vary?: string) => cacheKey(format, body, { vary });

  it('is a sha256 hex digest, the same for the same request whatever the key order', () => {
    const k = key(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    const reordered = {
      temperature: 0,
      messages: [
        { content: 'Be brief.', role: 'system' },
        { content: 'Hi', role: 'user' },
      ],
      model: 'gpt-4o-mini',
    };
    expect(key(reordered)).toBe(k);
    // JSON text that parses to the same value (whitespace, 0 vs 0.0) is the same request.
    expect(key(JSON.parse(JSON.stringify(base, null, 2).replace('"temperature": 0', '"temperature": 0.0')))).toBe(k);
  });

  it('ignores fields that cannot change the answer', () => {
    const k = key(base);
    expect(
      key({ ...base, user: 'u-1', metadata: { tag: 'x' }, store: true, service_tier: 'flex', safety_identifier: 's', prompt_cache_key: 'p', prompt_cache_retention: '24h' }),
    ).toBe(k);
    expect(key({ ...base, stream_options: { include_usage: true } })).toBe(k); // non-stream: no effect
    for (const f of Object.keys(IGNORED_FIELDS)) expect(IGNORED_FIELDS[f]!.length).toBeGreaterThan(10); // each says why
  });

  it('keeps everything that can change the answer', () => {
    const k = key(base);
    expect(key({ ...base, temperature: 0.7 })).not.toBe(k);
    expect(key({ ...base, model: 'gpt-4o' })).not.toBe(k);
    expect(key({ ...base, messages: [...base.messages].reverse() })).not.toBe(k);
    expect(key({ ...base, messages: [base.messages[0], { role: 'user', content: 'Hi ' }] })).not.toBe(k);
    expect(key({ ...base, max_tokens: 5 })).not.toBe(k);
    expect(key({ ...base, seed: 1 })).not.toBe(k);
    expect(key({ ...base, tools: [] })).not.toBe(k);
    expect(key(base, 'openai', 'beta-a')).not.toBe(k);
  });

  it('keeps the client format, stream vs not, and (for streams) include_usage in the key', () => {
    const json = key(base);
    const stream = key({ ...base, stream: true });
    const streamUsage = key({ ...base, stream: true, stream_options: { include_usage: true } });
    expect(new Set([json, stream, streamUsage, key(base, 'anthropic')]).size).toBe(4);
    expect(key({ ...base, stream: false })).toBe(json);
    expect(key({ ...base, stream: true, stream_options: { include_usage: false } })).toBe(stream);
  });

  it('ignores Anthropic cache_control markers on system, tools and content blocks', () => {
    const an = {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      system: [{ type: 'text', text: 'You are helpful.' }],
      tools: [{ name: 't', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    };
    const marked = {
      ...an,
      system: [{ type: 'text', text: 'You are helpful.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 't', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
    };
    expect(key(marked, 'anthropic')).toBe(key(an, 'anthropic'));
    // ...but a property of that name inside a tool's schema is content, and is kept.
    const schema = { ...an, tools: [{ name: 't', input_schema: { type: 'object', properties: { cache_control: { type: 'string' } } } }] };
    expect(key(schema, 'anthropic')).not.toBe(key(an, 'anthropic'));
    // normalizeBody copies; the input keeps its markers.
    normalizeBody(marked);
    expect(marked.system[0]!.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('refuses (null) a body nested deeper than the guard, and non-objects', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { d: deep };
    expect(key({ ...base, extra: deep })).toBeNull();
    let ok: unknown = 'x';
    for (let i = 0; i < 20; i++) ok = [ok];
    expect(key({ ...base, extra: ok })).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('openai', [1, 2])).toBeNull();
    expect(cacheKey('openai', null)).toBeNull();
  });
});
