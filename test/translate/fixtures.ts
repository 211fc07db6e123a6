import type { AnthropicStreamEvent } from '../../shared/wire/anthropic';
import type { OpenAIChatChunk, OpenAIUsage } from '../../shared/wire/openai';

/** A realistic Anthropic stream: thinking, text, then two parallel tool calls. */
export function anthropicToolStream(): AnthropicStreamEvent[] {
  return [
    {
      type: 'message_start',
      message: {
        id: 'msg_01XYZ', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [],
        stop_reason: null, stop_sequence: null,
        usage: { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 },
      },
    },
    { type: 'ping' },
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Two cities, ' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'two calls.' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Checking ' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'both.' } },
    { type: 'content_block_stop', index: 1 },
    { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_A', name: 'weather', input: {} } },
    { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
    { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } },
    { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ris"}' } },
    { type: 'content_block_stop', index: 2 },
    { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_B', name: 'weather', input: {} } },
    { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"city":"Rome"}' } },
    { type: 'content_block_stop', index: 3 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 87, output_tokens_details: { thinking_tokens: 30 } },
    },
    { type: 'message_stop' },
  ];
}

let seq = 0;
export function chunk(delta: OpenAIChatChunk['choices'][number]['delta'], finish: OpenAIChatChunk['choices'][number]['finish_reason'] = null): OpenAIChatChunk {
  seq += 1;
  return {
    id: 'chatcmpl-abc123', object: 'chat.completion.chunk', created: 1700000000 + seq, model: 'gpt-x',
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    usage: null,
  };
}

export function usageChunk(usage: OpenAIUsage): OpenAIChatChunk {
  return { id: 'chatcmpl-abc123', object: 'chat.completion.chunk', created: 1700000099, model: 'gpt-x', choices: [], usage };
}

/** A realistic OpenAI stream: reasoning, text, two parallel tool calls, finish, usage chunk. */
export function openaiToolStream(): OpenAIChatChunk[] {
  return [
    chunk({ role: 'assistant', content: '' }),
    chunk({ reasoning_content: 'Two cities, ' }),
    chunk({ reasoning_content: 'two calls.' }),
    chunk({ content: 'Checking ' }),
    chunk({ content: 'both.' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_A', type: 'function', function: { name: 'weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Pa' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: 'ris"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_B', type: 'function', function: { name: 'weather', arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '"Rome"}' } }] }),
    chunk({}, 'tool_calls'),
    usageChunk({
      prompt_tokens: 1200, completion_tokens: 87, total_tokens: 1287,
      prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 30 },
    }),
  ];
}
