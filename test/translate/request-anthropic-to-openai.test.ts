import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC_DROPPABLE_FIELDS,
  anthropicToOpenaiRequest,
  effortForBudget,
  openaiToAnthropicRequest,
} from '../../electron/translate';
import type { AnthropicRequest } from '../../shared/wire/anthropic';
import type { OpenAIChatRequest } from '../../shared/wire/openai';
import { expectUntranslatable } from './helpers';

const base = (extra: Partial<AnthropicRequest> = {}): AnthropicRequest => ({
  model: 'gpt-alias',
  max_tokens: 512,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('anthropicToOpenaiRequest: basics', () => {
  it('maps a minimal request with max_tokens (not max_completion_tokens)', () => {
    expect(anthropicToOpenaiRequest(base(), 'gpt-4o')).toEqual({
      model: 'gpt-4o',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('maps system as a string or text blocks (cache_control ignored)', () => {
    expect(anthropicToOpenaiRequest(base({ system: 'Be brief.' }), 'm').messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    const out = anthropicToOpenaiRequest(
      base({ system: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } }] }),
      'm',
    );
    expect(out.messages[0]).toEqual({ role: 'system', content: 'A\nB' });
  });

  it('maps sampling, stop_sequences, metadata.user_id', () => {
    const out = anthropicToOpenaiRequest(
      base({ temperature: 0.2, top_p: 0.8, stop_sequences: ['X', 'Y'], metadata: { user_id: 'u1' } }),
      'm',
    );
    expect(out).toMatchObject({ temperature: 0.2, top_p: 0.8, stop: ['X', 'Y'], user: 'u1' });
  });

  it('asks for stream usage when streaming', () => {
    expect(anthropicToOpenaiRequest(base({ stream: true }), 'm')).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(anthropicToOpenaiRequest(base({ stream: false }), 'm').stream_options).toBeUndefined();
  });

  it('rejects top_k and unknown fields, drops the listed hints', () => {
    expectUntranslatable(() => anthropicToOpenaiRequest(base({ top_k: 5 }), 'm'), 'top_k');
    expectUntranslatable(() => anthropicToOpenaiRequest(base({ mcp_servers: [{ url: 'x' }] }), 'm'), 'mcp_servers');
    expectUntranslatable(() => anthropicToOpenaiRequest(base({ container: 'c' }), 'm'), 'container');
    expectUntranslatable(() => anthropicToOpenaiRequest(base({ inference_geo: 'us' }), 'm'), 'inference_geo');
    expect([...ANTHROPIC_DROPPABLE_FIELDS].sort()).toEqual(['cache_control', 'diagnostics', 'service_tier', 'speed']);
    const out = anthropicToOpenaiRequest(base({ cache_control: { type: 'ephemeral' }, service_tier: 'auto', speed: 'fast' }), 'm');
    expect(Object.keys(out).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });
});

describe('anthropicToOpenaiRequest: content', () => {
  it('maps images (base64 → data URL, url → url) and keeps text parts', () => {
    const out = anthropicToOpenaiRequest(
      base({
        messages: [{
          role: 'user',
          content: [
            { type: 'text', text: 'look', cache_control: { type: 'ephemeral' } },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          ],
        }],
      }),
      'm',
    );
    expect(out.messages).toEqual([{
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ],
    }]);
  });

  it('maps tool_use → tool_calls and tool_result → one tool message each, before the user text', () => {
    const out = anthropicToOpenaiRequest(
      base({
        messages: [
          { role: 'user', content: 'weather?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Need two calls.', signature: 'sig' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: 'toolu_2', name: 'weather', input: { city: 'Rome' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'timeout' }], is_error: true },
              { type: 'text', text: 'and tomorrow?' },
            ],
          },
        ],
      }),
      'm',
    );
    expect(out.messages).toEqual([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'Need two calls.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: timeout' },
      { role: 'user', content: 'and tomorrow?' },
    ]);
  });

  it('rejects images inside tool results and unsupported blocks', () => {
    expectUntranslatable(
      () => anthropicToOpenaiRequest(base({
        messages: [{
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }],
        }],
      }), 'm'),
      'messages[0].content[0].content[0].type',
    );
    expectUntranslatable(
      () => anthropicToOpenaiRequest(base({ messages: [{ role: 'user', content: [{ type: 'document', source: {} } as never] }] }), 'm'),
      'messages[0].content[0].type',
    );
  });

  it('refuses assistant prefill (a trailing assistant message)', () => {
    expectUntranslatable(
      () => anthropicToOpenaiRequest(base({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: '{' }] }), 'm'),
      'messages[1].role',
    );
  });
});

describe('anthropicToOpenaiRequest: tools and thinking', () => {
  const tools: AnthropicRequest['tools'] = [
    { name: 'weather', description: 'Get weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, cache_control: { type: 'ephemeral' } },
  ];

  it('maps tools and tool_choice', () => {
    const out = anthropicToOpenaiRequest(base({ tools }), 'm');
    expect(out.tools).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    ]);
    expect(anthropicToOpenaiRequest(base({ tools, tool_choice: { type: 'auto' } }), 'm').tool_choice).toBe('auto');
    expect(anthropicToOpenaiRequest(base({ tools, tool_choice: { type: 'any' } }), 'm').tool_choice).toBe('required');
    expect(anthropicToOpenaiRequest(base({ tools, tool_choice: { type: 'none' } }), 'm').tool_choice).toBe('none');
    expect(anthropicToOpenaiRequest(base({ tools, tool_choice: { type: 'tool', name: 'weather' } }), 'm').tool_choice)
      .toEqual({ type: 'function', function: { name: 'weather' } });
  });

  it('maps disable_parallel_tool_use to parallel_tool_calls:false', () => {
    const out = anthropicToOpenaiRequest(base({ tools, tool_choice: { type: 'auto', disable_parallel_tool_use: true } }), 'm');
    expect(out).toMatchObject({ tool_choice: 'auto', parallel_tool_calls: false });
  });

  it('rejects Anthropic-defined tools', () => {
    expectUntranslatable(
      () => anthropicToOpenaiRequest(base({ tools: [{ type: 'web_search_20250305', name: 'web_search', input_schema: {} }] }), 'm'),
      'tools[0].type',
    );
  });

  it('maps thinking budgets to reasoning_effort bands', () => {
    expect(effortForBudget(1024)).toBe('low');
    expect(effortForBudget(2048)).toBe('low');
    expect(effortForBudget(2049)).toBe('medium');
    expect(effortForBudget(8192)).toBe('medium');
    expect(effortForBudget(8193)).toBe('high');
    expect(anthropicToOpenaiRequest(base({ max_tokens: 9000, thinking: { type: 'enabled', budget_tokens: 4096 } }), 'm').reasoning_effort).toBe('medium');
    expect(anthropicToOpenaiRequest(base({ thinking: { type: 'disabled' } }), 'm').reasoning_effort).toBeUndefined();
  });

  it('maps output_config: effort and json_schema format', () => {
    const schema = { type: 'object', properties: {}, additionalProperties: false };
    const out = anthropicToOpenaiRequest(base({ output_config: { effort: 'high', format: { type: 'json_schema', schema } } }), 'm');
    expect(out.reasoning_effort).toBe('high');
    expect(out.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
    expectUntranslatable(() => anthropicToOpenaiRequest(base({ output_config: { effort: 'max' } }), 'm'), 'output_config.effort');
  });
});

describe('round trips', () => {
  it('openai → anthropic → openai keeps the conversation and parameters', () => {
    const original: OpenAIChatRequest = {
      model: 'alias',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }] },
        { role: 'tool', tool_call_id: 'call_9', content: 'a cat' },
      ],
      max_tokens: 300,
      temperature: 0.5,
      top_p: 0.9,
      stop: ['\n\n'],
      stream: true,
      user: 'user-7',
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    };
    const back = anthropicToOpenaiRequest(openaiToAnthropicRequest(original, 'claude'), 'alias');
    expect(back).toEqual({
      ...original,
      stream_options: { include_usage: true },
    });
  });

  it('anthropic → openai → anthropic keeps the conversation', () => {
    const original: AnthropicRequest = {
      model: 'alias',
      system: 'Sys',
      max_tokens: 1000,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'calling' }, { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }, { type: 'text', text: 'next' }] },
      ],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: { a: { type: 'number' } } } }],
      tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true },
      stop_sequences: ['STOP'],
      temperature: 0.1,
      metadata: { user_id: 'u' },
    };
    const back = openaiToAnthropicRequest(anthropicToOpenaiRequest(original, 'gpt'), 'alias');
    expect(back).toEqual(original);
  });
});
