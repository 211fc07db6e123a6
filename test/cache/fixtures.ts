/** Replies as a client receives them, in each wire format, for storing and replaying. */

export function openaiJson(text = 'Hello there'): string {
  return JSON.stringify({
    id: 'chatcmpl-cache1',
    object: 'chat.completion',
    created: 1_750_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  });
}

export function openaiSse(parts = ['Hel', 'lo ', 'there'], withUsage = true): string {
  const base = { id: 'chatcmpl-cache2', object: 'chat.completion.chunk', created: 1_750_000_000, model: 'gpt-4o-mini' };
  const events = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...parts.map((p) => ({ ...base, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ];
  if (withUsage) events.push({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } } as never);
  return events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n';
}

export function anthropicJson(text = 'Hello there'): string {
  return JSON.stringify({
    id: 'msg_cache1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 3 },
  });
}

export function anthropicSse(parts = ['Hel', 'lo ', 'there']): string {
  const ev = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev('message_start', {
      type: 'message_start',
      message: { id: 'msg_cache2', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } },
    }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', { type: 'ping' }),
    ...parts.map((p) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } })),
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } }),
    ev('message_stop', { type: 'message_stop' }),
  ].join('');
}

export const USAGE = { inputTokens: 12, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
