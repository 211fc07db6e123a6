import { describe, expect, it } from 'vitest';
import {
  anthropicStopToOpenAI,
  anthropicToOpenaiResponse,
  openaiFinishToAnthropic,
  openaiToAnthropicResponse,
  usageFromAnthropic,
  usageFromOpenAI,
} from '../../electron/translate';
import { GatewayError } from '../../electron/core/errors';
import type { AnthropicResponse } from '../../shared/wire/anthropic';
import type { OpenAIChatResponse } from '../../shared/wire/openai';

const anthropicRes = (extra: Partial<AnthropicResponse> = {}): AnthropicResponse => ({
  id: 'msg_01ABC',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hello' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5 },
  ...extra,
});

const openaiRes = (message: Partial<OpenAIChatResponse['choices'][number]['message']>, extra: Partial<OpenAIChatResponse> = {}): OpenAIChatResponse => ({
  id: 'chatcmpl-XYZ',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', ...message }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
  ...extra,
});

describe('usage helpers', () => {
  it('normalises OpenAI usage (prompt is already the total)', () => {
    expect(usageFromOpenAI({
      prompt_tokens: 100, completion_tokens: 50, total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 40 }, completion_tokens_details: { reasoning_tokens: 20 },
    })).toEqual({ inputTokens: 100, outputTokens: 50, cacheReadTokens: 40, cacheWriteTokens: 0, reasoningTokens: 20 });
    expect(usageFromOpenAI({ prompt_tokens: 7, completion_tokens: 1, total_tokens: 8, prompt_tokens_details: null, completion_tokens_details: null }))
      .toEqual({ inputTokens: 7, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(usageFromOpenAI({ prompt_tokens: 9, completion_tokens: 1, total_tokens: 10, prompt_cache_hit_tokens: 4 }).cacheReadTokens).toBe(4);
    expect(usageFromOpenAI(null).inputTokens).toBe(0);
  });

  it('normalises Anthropic usage (input excludes cache; add it back)', () => {
    expect(usageFromAnthropic({
      input_tokens: 10, output_tokens: 30, cache_read_input_tokens: 200, cache_creation_input_tokens: 50,
      output_tokens_details: { thinking_tokens: 12 },
    })).toEqual({ inputTokens: 260, outputTokens: 30, cacheReadTokens: 200, cacheWriteTokens: 50, reasoningTokens: 12 });
    expect(usageFromAnthropic({ input_tokens: 3, output_tokens: 1, cache_read_input_tokens: null, cache_creation_input_tokens: null }))
      .toEqual({ inputTokens: 3, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });
});

describe('stop reasons', () => {
  it('maps both ways', () => {
    expect(anthropicStopToOpenAI('end_turn')).toBe('stop');
    expect(anthropicStopToOpenAI('stop_sequence')).toBe('stop');
    expect(anthropicStopToOpenAI('max_tokens')).toBe('length');
    expect(anthropicStopToOpenAI('tool_use')).toBe('tool_calls');
    expect(anthropicStopToOpenAI('refusal')).toBe('content_filter');
    expect(anthropicStopToOpenAI(null)).toBeNull();
    expect(openaiFinishToAnthropic('stop')).toBe('end_turn');
    expect(openaiFinishToAnthropic('length')).toBe('max_tokens');
    expect(openaiFinishToAnthropic('tool_calls')).toBe('tool_use');
    expect(openaiFinishToAnthropic('content_filter')).toBe('refusal');
    expect(openaiFinishToAnthropic(null)).toBeNull();
  });
});

describe('anthropicToOpenaiResponse', () => {
  it('maps text, model, id, finish reason and usage with cache', () => {
    const out = anthropicToOpenaiResponse(
      anthropicRes({ usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 } }),
      'my-alias',
    );
    expect(out).toMatchObject({
      id: 'chatcmpl-msg_01ABC',
      object: 'chat.completion',
      model: 'my-alias',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: {
        prompt_tokens: 130, completion_tokens: 5, total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(typeof out.created).toBe('number');
  });

  it('maps thinking to reasoning_content and tool_use to tool_calls', () => {
    const out = anthropicToOpenaiResponse(
      anthropicRes({
        content: [
          { type: 'thinking', thinking: 'Let me think.', signature: 'sig' },
          { type: 'text', text: 'Calling.' },
          { type: 'tool_use', id: 'toolu_1', name: 'f', input: { x: [1, 2] } },
          { type: 'tool_use', id: 'toolu_2', name: 'g', input: {} },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 1, output_tokens: 40, output_tokens_details: { thinking_tokens: 25 } },
      }),
      'a',
    );
    const choice = out.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Calling.');
    expect(choice.message.reasoning_content).toBe('Let me think.');
    expect(choice.message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"x":[1,2]}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'g', arguments: '{}' } },
    ]);
    expect(out.usage!.completion_tokens_details).toEqual({ reasoning_tokens: 25 });
  });

  it('uses content null when there is no text', () => {
    const out = anthropicToOpenaiResponse(anthropicRes({ content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'tool_use' }), 'a');
    expect(out.choices[0]!.message.content).toBeNull();
  });

  it('keeps an id already in OpenAI style', () => {
    expect(anthropicToOpenaiResponse(anthropicRes({ id: 'chatcmpl-1' }), 'a').id).toBe('chatcmpl-1');
  });
});

describe('openaiToAnthropicResponse', () => {
  it('maps text, id, stop reason and usage (input = prompt - cached)', () => {
    const out = openaiToAnthropicResponse(
      openaiRes({ content: 'Hi' }, { usage: { prompt_tokens: 100, completion_tokens: 8, total_tokens: 108, prompt_tokens_details: { cached_tokens: 60 } } }),
      'alias',
    );
    expect(out).toEqual({
      id: 'msg_chatcmpl-XYZ',
      type: 'message',
      role: 'assistant',
      model: 'alias',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 8, cache_read_input_tokens: 60, cache_creation_input_tokens: 0 },
    });
  });

  it('maps reasoning_content to a thinking block and tool_calls to tool_use', () => {
    const res = openaiRes({
      content: null,
      reasoning_content: 'Hmm.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
        { id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } },
      ],
    });
    res.choices[0]!.finish_reason = 'tool_calls';
    const out = openaiToAnthropicResponse(res, 'alias');
    expect(out.content).toEqual([
      { type: 'thinking', thinking: 'Hmm.', signature: '' },
      { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
    ]);
    expect(out.stop_reason).toBe('tool_use');
  });

  it('maps length and content_filter; a refusal becomes text with stop_reason refusal', () => {
    const long = openaiRes({ content: 'cut' });
    long.choices[0]!.finish_reason = 'length';
    expect(openaiToAnthropicResponse(long, 'a').stop_reason).toBe('max_tokens');
    const refused = openaiToAnthropicResponse(openaiRes({ content: null, refusal: "I can't help with that." }), 'a');
    expect(refused.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(refused.stop_reason).toBe('refusal');
  });

  it('fails loudly (502) on tool arguments that are not JSON', () => {
    const res = openaiRes({ content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }] });
    expect(() => openaiToAnthropicResponse(res, 'a')).toThrow(GatewayError);
    try {
      openaiToAnthropicResponse(res, 'a');
    } catch (e) {
      expect((e as GatewayError).status).toBe(502);
    }
  });

  it('round trips anthropic → openai → anthropic', () => {
    const original = anthropicRes({
      content: [
        { type: 'thinking', thinking: 'plan', signature: '' },
        { type: 'text', text: 'Sure.' },
        { type: 'tool_use', id: 'toolu_9', name: 'f', input: { q: 'x' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 5, output_tokens: 9, cache_read_input_tokens: 50, cache_creation_input_tokens: 0 },
    });
    const back = openaiToAnthropicResponse(anthropicToOpenaiResponse(original, 'm'), 'claude-sonnet-4-5-20250929');
    expect(back).toEqual({ ...original, id: 'msg_chatcmpl-msg_01ABC' });
  });
});
