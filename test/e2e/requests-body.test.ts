/**
 * The Requests drawer's body helpers (renderer/pages/requests/body.ts): SSE
 * streams assembled into the text the client saw, answers pulled out of JSON
 * responses, and the prompt (last user message + system) for Race/Compare.
 */
import { describe, expect, it } from 'vitest';
import { assembleSse, extractPrompt, isSse, prettyJson, responseText } from '../../renderer/pages/requests/body';

const sse = (events: object[], done = true) => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');

describe('request/response bodies, readable', () => {
  it('assembles an OpenAI chat stream: text, reasoning, tool-call arguments, finish reason and usage', () => {
    const body = sse([
      { choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
      { choices: [{ index: 0, delta: { reasoning_content: 'Think. ' } }] },
      { choices: [{ index: 0, delta: { content: 'Hello, ' } }] },
      { choices: [{ index: 0, delta: { content: 'world' } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'lookup', arguments: '{"q":' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } },
    ]);
    expect(isSse(body)).toBe(true);
    const a = assembleSse(body);
    expect(a.text).toBe('Hello, world');
    expect(a.reasoning).toBe('Think. ');
    expect(a.tools).toEqual([{ name: 'lookup', args: '{"q":"x"}' }]);
    expect(a.finishReason).toBe('stop');
    expect(a.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2 });
    expect(a.events).toBe(8);
  });

  it('assembles an Anthropic messages stream (event: lines, thinking, tool input)', () => {
    const body = [
      ['message_start', { type: 'message_start', message: { usage: { input_tokens: 5 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }],
      ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Bonjour' } }],
      ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', name: 'get_weather' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }],
      ['message_stop', { type: 'message_stop' }],
    ]
      .map(([ev, d]) => `event: ${ev}\r\ndata: ${JSON.stringify(d)}\r\n\r\n`)
      .join('');
    expect(isSse(body)).toBe(true);
    const a = assembleSse(body);
    expect(a.text).toBe('Bonjour');
    expect(a.reasoning).toBe('hmm');
    expect(a.tools).toEqual([{ name: 'get_weather', args: '{"city":"Paris"}' }]);
    expect(a.finishReason).toBe('tool_use');
  });

  it('reports an error event and ignores keep-alives and junk', () => {
    const body = `: ping\n\ndata: not json\n\n${sse([{ error: { message: 'overloaded' } }], false)}`;
    const a = assembleSse(body);
    expect(a.error).toBe('overloaded');
    expect(a.text).toBe('');
  });

  it('pulls the answer out of non-streamed OpenAI and Anthropic responses', () => {
    expect(responseText(JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Hi there' } }] }))).toEqual({ text: 'Hi there', reasoning: '' });
    expect(responseText(JSON.stringify({ content: [{ type: 'thinking', thinking: 'ok' }, { type: 'text', text: 'Salut' }] }))).toEqual({ text: 'Salut', reasoning: 'ok' });
    expect(responseText('not json')).toBeNull();
    expect(isSse('{"a":1}')).toBe(false);
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('plain')).toBeNull();
  });

  it('extracts the last user message and the system prompt, OpenAI and Anthropic shapes', () => {
    const openai = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image_url', image_url: { url: 'data:…' } }] },
      ],
    });
    expect(extractPrompt(openai)).toEqual({ prompt: 'second\n[image]', system: 'Be terse.', model: 'gpt-4o', multiTurn: true });
    const anthropic = JSON.stringify({ model: 'claude', system: [{ type: 'text', text: 'You are kind.' }], messages: [{ role: 'user', content: 'Hello' }] });
    expect(extractPrompt(anthropic)).toEqual({ prompt: 'Hello', system: 'You are kind.', model: 'claude', multiTurn: false });
    expect(extractPrompt(JSON.stringify({ model: 'text-embedding-3-small', input: 'embed me' }))?.prompt).toBe('embed me');
    expect(extractPrompt(JSON.stringify({ messages: [{ role: 'assistant', content: 'x' }] }))).toBeNull();
    expect(extractPrompt('garbage')).toBeNull();
  });
});
