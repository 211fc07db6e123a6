import { describe, expect, it } from 'vitest';
import { AnthropicToOpenAIStream } from '../../electron/translate';
import type { AnthropicStreamEvent } from '../../shared/wire/anthropic';
import { anthropicToolStream } from './fixtures';
import { parseOpenAISSE } from './helpers';

function run(events: AnthropicStreamEvent[], includeUsage = true) {
  const t = new AnthropicToOpenAIStream({ requestedModel: 'my-alias', includeUsage });
  let text = '';
  for (const ev of events) text += t.push(ev);
  text += t.finish();
  return { t, text, ...parseOpenAISSE(text) };
}

describe('AnthropicToOpenAIStream', () => {
  it('emits well-formed chunks: role first, deltas, finish_reason, usage chunk, [DONE]', () => {
    const { chunks, done, t } = run(anthropicToolStream());
    expect(done).toBe(true);
    for (const c of chunks) {
      expect(c).toMatchObject({ id: 'chatcmpl-msg_01XYZ', object: 'chat.completion.chunk', model: 'my-alias' });
      expect(typeof c.created).toBe('number');
    }
    expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);

    const deltas = chunks.slice(1, -2).map((c) => c.choices[0].delta);
    expect(deltas).toEqual([
      { reasoning_content: 'Two cities, ' },
      { reasoning_content: 'two calls.' },
      { content: 'Checking ' },
      { content: 'both.' },
      { tool_calls: [{ index: 0, id: 'toolu_A', type: 'function', function: { name: 'weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city": "Pa' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'ris"}' } }] },
      // Anthropic block index 3 is the *second* tool call: OpenAI index 1.
      { tool_calls: [{ index: 1, id: 'toolu_B', type: 'function', function: { name: 'weather', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"city":"Rome"}' } }] },
    ]);

    const finishChunk = chunks[chunks.length - 2]!;
    expect(finishChunk.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]);

    const usageChunk = chunks[chunks.length - 1]!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({
      prompt_tokens: 1225, completion_tokens: 87, total_tokens: 1312,
      prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 30 },
    });
    expect(t.usage).toEqual({ inputTokens: 1225, outputTokens: 87, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 30 });
    expect(t.finishReason).toBe('tool_calls');
  });

  it('omits the usage chunk when the client did not ask for it', () => {
    const { chunks, done } = run(anthropicToolStream(), false);
    expect(done).toBe(true);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('maps the stop reason of a plain text turn and ignores pings', () => {
    const t = new AnthropicToOpenAIStream({ requestedModel: 'a', includeUsage: true });
    expect(t.push({ type: 'ping' })).toBe('');
    const events: AnthropicStreamEvent[] = [
      { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 2 } },
    ];
    let text = '';
    for (const ev of events) text += t.push(ev);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(false); // [DONE] waits for message_stop / finish()
    text += t.push({ type: 'message_stop' });
    expect(t.finish()).toBe(''); // already finished
    const { chunks, done } = parseOpenAISSE(text);
    expect(done).toBe(true);
    expect(chunks.map((c) => (c.choices.length === 0 ? 'usage' : c.choices[0].finish_reason))).toEqual([null, null, 'length', 'usage']);
    expect(t.usage.outputTokens).toBe(2);
  });

  it('turns an error event into an OpenAI in-stream error and stops', () => {
    const t = new AnthropicToOpenAIStream({ requestedModel: 'a', includeUsage: true });
    const [start] = anthropicToolStream();
    let text = t.push(start!);
    const err = t.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(err).toBe(`data: ${JSON.stringify({ error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded' } })}\n\n`);
    text += err;
    expect(t.push({ type: 'message_stop' })).toBe('');
    expect(t.finish()).toBe('');
    expect(parseOpenAISSE(text).done).toBe(false);
  });

  it('finish() closes a stream cut short upstream', () => {
    const t = new AnthropicToOpenAIStream({ requestedModel: 'a', includeUsage: false });
    const out = t.finish();
    const { chunks, done } = parseOpenAISSE(out);
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
  });
});
