import { describe, expect, it } from 'vitest';
import { OpenAIToAnthropicStream } from '../../electron/translate';
import type { OpenAIChatChunk } from '../../shared/wire/openai';
import { chunk, openaiToolStream, usageChunk } from './fixtures';
import { parseAnthropicSSE } from './helpers';

function run(chunks: OpenAIChatChunk[], opts: { messageId?: string } = {}) {
  const t = new OpenAIToAnthropicStream({ requestedModel: 'my-alias', ...opts });
  let text = '';
  for (const c of chunks) text += t.push(c);
  text += t.finish();
  return { t, text, events: parseAnthropicSSE(text) };
}

/** Checks Anthropic's stream grammar: one message, blocks opened/closed in sequence. */
function assertGrammar(events: Array<Record<string, any>>) {
  expect(events[0]!.type).toBe('message_start');
  expect(events.at(-2)!.type).toBe('message_delta');
  expect(events.at(-1)!.type).toBe('message_stop');
  let open: number | null = null;
  let next = 0;
  for (const ev of events.slice(1, -2)) {
    if (ev.type === 'content_block_start') {
      expect(open).toBeNull();
      expect(ev.index).toBe(next);
      open = ev.index;
      next += 1;
    } else if (ev.type === 'content_block_delta') {
      expect(ev.index).toBe(open);
    } else if (ev.type === 'content_block_stop') {
      expect(ev.index).toBe(open);
      open = null;
    } else {
      throw new Error(`unexpected ${ev.type} between message_start and message_delta`);
    }
  }
  expect(open).toBeNull();
}

describe('OpenAIToAnthropicStream', () => {
  it('emits the exact Anthropic event sequence for reasoning, text and parallel tool calls', () => {
    const { events, t, text } = run(openaiToolStream());
    assertGrammar(events);
    expect(text.startsWith('event: message_start\ndata: {')).toBe(true);
    expect(events.map((e) => (e.type === 'content_block_delta' ? `${e.type}:${e.delta.type}` : e.type))).toEqual([
      'message_start',
      'content_block_start', 'content_block_delta:thinking_delta', 'content_block_delta:thinking_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta:text_delta', 'content_block_delta:text_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta:input_json_delta', 'content_block_delta:input_json_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta:input_json_delta', 'content_block_delta:input_json_delta', 'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_chatcmpl-abc123', type: 'message', role: 'assistant', model: 'my-alias', content: [],
        stop_reason: null, stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });
    expect(events[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    expect(events[5]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } });
    expect(events[9]).toEqual({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_A', name: 'weather', input: {} } });
    expect(events[13]).toEqual({ type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'call_B', name: 'weather', input: {} } });
    const json = (i: number) => events.filter((e) => e.index === i && e.delta?.type === 'input_json_delta').map((e) => e.delta.partial_json).join('');
    expect(JSON.parse(json(2))).toEqual({ city: 'Paris' });
    expect(JSON.parse(json(3))).toEqual({ city: 'Rome' });
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 200, output_tokens: 87, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0, output_tokens_details: { thinking_tokens: 30 } },
    });
    expect(t.stopReason).toBe('tool_use');
    expect(t.usage).toEqual({ inputTokens: 1200, outputTokens: 87, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 30 });
  });

  it('holds message_delta until the usage chunk, then ends without waiting for finish()', () => {
    const t = new OpenAIToAnthropicStream({ requestedModel: 'a', messageId: 'msg_fixed' });
    const first = t.push(chunk({ role: 'assistant', content: 'Hi' }));
    expect(parseAnthropicSSE(first)[0]!.message.id).toBe('msg_fixed');
    const fin = parseAnthropicSSE(t.push(chunk({}, 'stop')));
    expect(fin.map((e) => e.type)).toEqual(['content_block_stop']);
    const end = parseAnthropicSSE(t.push(usageChunk({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 })));
    expect(end).toEqual([
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 9, output_tokens: 2, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
      { type: 'message_stop' },
    ]);
    expect(t.finish()).toBe('');
    expect(t.push(chunk({ content: 'late' }))).toBe('');
  });

  it('ends at finish() when the upstream sends no usage chunk', () => {
    const { events, t } = run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'cut' }), chunk({}, 'length')]);
    assertGrammar(events);
    expect(events.at(-2)!.delta.stop_reason).toBe('max_tokens');
    expect(t.stopReason).toBe('max_tokens');
  });

  it('handles usage on the finish chunk itself, and usage: null / choices: null chunks', () => {
    const finishWithUsage: OpenAIChatChunk = { ...chunk({}, 'stop'), usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 } };
    const nullChoices = { ...usageChunk({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }), choices: null } as unknown as OpenAIChatChunk;
    const { events, t } = run([chunk({ content: 'ok' }), finishWithUsage, nullChoices]);
    assertGrammar(events);
    expect(t.usage.inputTokens).toBe(4);
  });

  it('switches blocks when content kind changes back and forth', () => {
    const { events } = run([
      chunk({ content: 'a' }),
      chunk({ tool_calls: [{ index: 0, id: 'c0', type: 'function', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ content: 'b' }),
      chunk({}, 'tool_calls'),
    ]);
    assertGrammar(events);
    const starts = events.filter((e) => e.type === 'content_block_start').map((e) => e.content_block.type);
    expect(starts).toEqual(['text', 'tool_use', 'text']);
  });

  it('accepts `reasoning` (OpenRouter/Ollama) as well as `reasoning_content`', () => {
    const { events } = run([chunk({ reasoning: 'hmm' }), chunk({ content: 'x' }), chunk({}, 'stop')]);
    expect(events[2]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } });
  });

  it('marks refusals with stop_reason refusal', () => {
    const { events, t } = run([chunk({ refusal: 'No.' }), chunk({}, 'stop')]);
    expect(events.find((e) => e.type === 'content_block_delta')!.delta).toEqual({ type: 'text_delta', text: 'No.' });
    expect(t.stopReason).toBe('refusal');
  });

  it('translates an in-stream error chunk into an Anthropic error event and stops', () => {
    const t = new OpenAIToAnthropicStream({ requestedModel: 'a' });
    t.push(chunk({ content: 'partial' }));
    const out = t.push({ error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } as unknown as OpenAIChatChunk);
    expect(out).toBe(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached' } })}\n\n`);
    expect(t.finish()).toBe('');
  });

  it('finish() on an empty upstream still produces a valid, empty message', () => {
    const { events } = run([]);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(events[1]!.delta.stop_reason).toBeNull();
  });
});
