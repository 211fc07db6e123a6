import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_TOKENS,
  JSON_OBJECT_INSTRUCTION,
  OPENAI_DROPPABLE_FIELDS,
  openaiToAnthropicRequest,
} from '../../electron/translate';
import type { OpenAIChatRequest } from '../../shared/wire/openai';
import { expectUntranslatable } from './helpers';

const base = (extra: Partial<OpenAIChatRequest> = {}): OpenAIChatRequest => ({
  model: 'claude-alias',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('openaiToAnthropicRequest: basics', () => {
  it('maps a minimal request, using the upstream model and the default max_tokens', () => {
    const out = openaiToAnthropicRequest(base(), 'claude-sonnet-4-5');
    expect(out).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });

  it('prefers max_completion_tokens over max_tokens', () => {
    expect(openaiToAnthropicRequest(base({ max_tokens: 100 }), 'm').max_tokens).toBe(100);
    expect(openaiToAnthropicRequest(base({ max_tokens: 100, max_completion_tokens: 200 }), 'm').max_tokens).toBe(200);
    expect(openaiToAnthropicRequest(base({ max_tokens: null }), 'm').max_tokens).toBe(DEFAULT_MAX_TOKENS);
  });

  it('hoists system and developer messages into system, in order', () => {
    const one = openaiToAnthropicRequest(base({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'x' }] }), 'm');
    expect(one.system).toBe('Be brief.');
    const two = openaiToAnthropicRequest(
      base({
        messages: [
          { role: 'system', content: 'A' },
          { role: 'developer', content: [{ type: 'text', text: 'B' }] },
          { role: 'user', content: 'x' },
        ],
      }),
      'm',
    );
    expect(two.system).toEqual([{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }]);
    expect(two.messages).toHaveLength(1);
  });

  it('passes stream, temperature, top_p, top_k and stop through', () => {
    const out = openaiToAnthropicRequest(base({ stream: true, temperature: 0.3, top_p: 0.9, top_k: 40, stop: 'END' }), 'm');
    expect(out).toMatchObject({ stream: true, temperature: 0.3, top_p: 0.9, top_k: 40, stop_sequences: ['END'] });
    expect(openaiToAnthropicRequest(base({ stop: ['a', 'b'] }), 'm').stop_sequences).toEqual(['a', 'b']);
    expect(openaiToAnthropicRequest(base({ stop: null }), 'm').stop_sequences).toBeUndefined();
  });

  it('refuses temperature above 1 rather than rescaling it', () => {
    expect(openaiToAnthropicRequest(base({ temperature: 1 }), 'm').temperature).toBe(1);
    expectUntranslatable(() => openaiToAnthropicRequest(base({ temperature: 1.5 }), 'm'), 'temperature');
  });

  it('maps user (or safety_identifier) to metadata.user_id', () => {
    expect(openaiToAnthropicRequest(base({ user: 'u-1' }), 'm').metadata).toEqual({ user_id: 'u-1' });
    expect(openaiToAnthropicRequest(base({ safety_identifier: 'sid' }), 'm').metadata).toEqual({ user_id: 'sid' });
  });
});

describe('openaiToAnthropicRequest: multi-turn history', () => {
  it('merges consecutive same-role messages so roles alternate', () => {
    const out = openaiToAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'one' },
          { role: 'user', content: 'two' },
          { role: 'assistant', content: 'three' },
          { role: 'assistant', content: [{ type: 'text', text: 'four' }] },
          { role: 'user', content: 'five' },
        ],
      }),
      'm',
    );
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'three' }, { type: 'text', text: 'four' }] },
      { role: 'user', content: [{ type: 'text', text: 'five' }] },
    ]);
  });

  it('turns assistant tool_calls into tool_use and tool messages into one user message of tool_results', () => {
    const out = openaiToAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '18C' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
          { role: 'user', content: 'thanks' },
        ],
      }),
      'm',
    );
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
  });

  it('accepts assistant messages echoed back verbatim from a response (nulls, empty content)', () => {
    const out = openaiToAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant', content: null, refusal: null, annotations: [], audio: null, function_call: null,
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '' } }],
          },
          { role: 'tool', tool_call_id: 'c', content: 'ok' },
        ],
      }),
      'm',
    );
    expect(out.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'f', input: {} }] });
  });

  it('rejects invalid tool call JSON, naming the field', () => {
    expectUntranslatable(
      () => openaiToAnthropicRequest(base({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] },
        ],
      }), 'm'),
      'messages[1].tool_calls[0].function.arguments',
    );
  });

  it('converts data: URLs to base64 sources and http(s) URLs to url sources', () => {
    const out = openaiToAnthropicRequest(
      base({
        messages: [{
          role: 'user',
          content: [
            { type: 'text', text: 'compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        }],
      }),
      'm',
    );
    expect(out.messages[0]!.content).toEqual([
      { type: 'text', text: 'compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects unsupported content parts and image URLs, naming the part', () => {
    expectUntranslatable(
      () => openaiToAnthropicRequest(base({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }), 'm'),
      'messages[0].content[0].type',
    );
    expectUntranslatable(
      () => openaiToAnthropicRequest(base({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }), 'm'),
      'messages[0].content[0].image_url.url',
    );
  });

  it('rejects per-message name, legacy function role and unknown message fields', () => {
    expectUntranslatable(() => openaiToAnthropicRequest(base({ messages: [{ role: 'user', content: 'x', name: 'bob' }] }), 'm'), 'messages[0].name');
    expectUntranslatable(() => openaiToAnthropicRequest(base({ messages: [{ role: 'function', content: 'x', name: 'f' }] }), 'm'), 'messages[0].name');
    expectUntranslatable(() => openaiToAnthropicRequest(base({ messages: [{ role: 'function', content: 'x' }] }), 'm'), 'messages[0].role');
  });

  it('carries cache_control hints on content parts', () => {
    const out = openaiToAnthropicRequest(base({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'long doc', cache_control: { type: 'ephemeral' } }] }],
    }), 'm');
    expect(out.messages[0]!.content).toEqual([{ type: 'text', text: 'long doc', cache_control: { type: 'ephemeral' } }]);
  });
});

describe('openaiToAnthropicRequest: tools', () => {
  const tools: OpenAIChatRequest['tools'] = [
    { type: 'function', function: { name: 'weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function', function: { name: 'now' } },
  ];

  it('maps function tools to input_schema tools', () => {
    const out = openaiToAnthropicRequest(base({ tools }), 'm');
    expect(out.tools).toEqual([
      { name: 'weather', description: 'Get weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(out.tool_choice).toBeUndefined();
  });

  it('maps tool_choice none/auto/required/named', () => {
    expect(openaiToAnthropicRequest(base({ tools, tool_choice: 'none' }), 'm').tool_choice).toEqual({ type: 'none' });
    expect(openaiToAnthropicRequest(base({ tools, tool_choice: 'auto' }), 'm').tool_choice).toEqual({ type: 'auto' });
    expect(openaiToAnthropicRequest(base({ tools, tool_choice: 'required' }), 'm').tool_choice).toEqual({ type: 'any' });
    expect(openaiToAnthropicRequest(base({ tools, tool_choice: { type: 'function', function: { name: 'now' } } }), 'm').tool_choice)
      .toEqual({ type: 'tool', name: 'now' });
  });

  it('maps parallel_tool_calls:false to disable_parallel_tool_use', () => {
    expect(openaiToAnthropicRequest(base({ tools, parallel_tool_calls: false }), 'm').tool_choice)
      .toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(openaiToAnthropicRequest(base({ tools, tool_choice: 'required', parallel_tool_calls: false }), 'm').tool_choice)
      .toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(openaiToAnthropicRequest(base({ tools, parallel_tool_calls: true }), 'm').tool_choice).toBeUndefined();
  });

  it('rejects non-function tools', () => {
    expectUntranslatable(
      () => openaiToAnthropicRequest(base({ tools: [{ type: 'custom', custom: { name: 'x' } } as never] }), 'm'),
      'tools[0].type',
    );
  });
});

describe('openaiToAnthropicRequest: response_format and reasoning', () => {
  it('json_object adds a JSON-only system instruction after the client system prompt', () => {
    const out = openaiToAnthropicRequest(
      base({ messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'x' }], response_format: { type: 'json_object' } }),
      'm',
    );
    expect(out.system).toEqual([{ type: 'text', text: 'S' }, { type: 'text', text: JSON_OBJECT_INSTRUCTION }]);
    expect(openaiToAnthropicRequest(base({ response_format: { type: 'json_object' } }), 'm').system).toBe(JSON_OBJECT_INSTRUCTION);
    expect(openaiToAnthropicRequest(base({ response_format: { type: 'text' } }), 'm').system).toBeUndefined();
  });

  it('json_schema maps to Anthropic native structured output', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };
    const out = openaiToAnthropicRequest(base({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema, strict: true } } }), 'm');
    expect(out.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expectUntranslatable(
      () => openaiToAnthropicRequest(base({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }), 'm'),
      'response_format.json_schema.schema',
    );
  });

  it('maps reasoning_effort to a thinking budget and keeps max_tokens above it', () => {
    const low = openaiToAnthropicRequest(base({ reasoning_effort: 'low' }), 'm');
    expect(low.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(low.max_tokens).toBe(1024 + DEFAULT_MAX_TOKENS);
    expect(openaiToAnthropicRequest(base({ reasoning_effort: 'medium' }), 'm').thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    const high = openaiToAnthropicRequest(base({ reasoning_effort: 'high', max_completion_tokens: 32000 }), 'm');
    expect(high.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(high.max_tokens).toBe(32000);
    expect(openaiToAnthropicRequest(base({ reasoning_effort: 'none' }), 'm').thinking).toBeUndefined();
  });

  it('keeps an explicit cap below the budget by shrinking the budget, and refuses caps too small for thinking', () => {
    const out = openaiToAnthropicRequest(base({ reasoning_effort: 'high', max_completion_tokens: 8000 }), 'm');
    expect(out.max_tokens).toBe(8000);
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: 4000 });
    expect(out.thinking!.type === 'enabled' && out.thinking!.budget_tokens < out.max_tokens).toBe(true);
    expectUntranslatable(() => openaiToAnthropicRequest(base({ reasoning_effort: 'low', max_tokens: 1000 }), 'm'), 'max_tokens');
    expectUntranslatable(() => openaiToAnthropicRequest(base({ reasoning_effort: 'ultra' }), 'm'), 'reasoning_effort');
  });
});

describe('openaiToAnthropicRequest: untranslatable and droppable fields', () => {
  it.each([
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 3 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: -1 }],
    ['audio', { audio: { voice: 'alloy', format: 'wav' } }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['functions', { functions: [{ name: 'f' }] }],
    ['function_call', { function_call: 'auto' }],
    ['web_search_options', { web_search_options: {} }],
    ['verbosity', { verbosity: 'low' }],
    ['some_future_field', { some_future_field: 1 }],
  ])('rejects %s', (param, extra) => {
    expectUntranslatable(() => openaiToAnthropicRequest(base(extra as Partial<OpenAIChatRequest>), 'm'), param);
  });

  it('accepts neutral values of unsupported fields (they ask for nothing)', () => {
    expect(() =>
      openaiToAnthropicRequest(
        base({ n: 1, logprobs: false, logit_bias: {}, frequency_penalty: 0, presence_penalty: 0, modalities: ['text'], top_logprobs: null, functions: undefined }),
        'm',
      ),
    ).not.toThrow();
  });

  it('drops only the listed output-neutral fields', () => {
    expect([...OPENAI_DROPPABLE_FIELDS].sort()).toEqual(
      ['metadata', 'prediction', 'prompt_cache_key', 'prompt_cache_retention', 'seed', 'service_tier', 'store', 'stream_options'].sort(),
    );
    const out = openaiToAnthropicRequest(
      base({ stream: true, stream_options: { include_usage: true }, store: true, metadata: { a: 'b' }, service_tier: 'auto', seed: 7, prompt_cache_key: 'k' }),
      'm',
    );
    expect(Object.keys(out).sort()).toEqual(['max_tokens', 'messages', 'model', 'stream']);
  });
});
