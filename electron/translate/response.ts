/**
 * Non-streaming responses between the two formats. The client sees the model
 * name it asked for, and the upstream id (prefixed into the client's id style)
 * so logs on both sides correlate.
 */
import type { AnthropicContentBlock, AnthropicResponse } from '../../shared/wire/anthropic';
import type { OpenAIChatResponse, OpenAIToolCall } from '../../shared/wire/openai';
import { GatewayError } from '../core/errors';
import { anthropicStopToOpenAI, openaiFinishToAnthropic } from './stop-reasons';
import { usageFromAnthropic, usageFromOpenAI, usageToAnthropic, usageToOpenAI } from './usage';
import { isRecord, toAnthropicId, toOpenAIId, unixNow } from './util';

export function anthropicToOpenaiResponse(res: AnthropicResponse, requestedModel: string): OpenAIChatResponse {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const block of res.content ?? []) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'thinking') reasoning.push(block.thinking);
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    // redacted_thinking is opaque ciphertext with no OpenAI counterpart.
  }
  const message: OpenAIChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    // OpenAI sends `content: null` when the turn is only tool calls.
    content: texts.length > 0 ? texts.join('') : null,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  // `reasoning_content`: the de-facto field OpenAI-compatible clients read reasoning from.
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');

  return {
    id: toOpenAIId(res.id),
    object: 'chat.completion',
    created: unixNow(),
    model: requestedModel,
    choices: [{ index: 0, message, finish_reason: anthropicStopToOpenAI(res.stop_reason), logprobs: null }],
    usage: usageToOpenAI(usageFromAnthropic(res.usage)),
  };
}

export function openaiToAnthropicResponse(res: OpenAIChatResponse, requestedModel: string): AnthropicResponse {
  const choice = Array.isArray(res.choices) ? res.choices[0] : undefined;
  const msg = choice?.message;
  const content: AnthropicContentBlock[] = [];
  let stopReason = openaiFinishToAnthropic(choice?.finish_reason);

  // Reasoning comes first, as Anthropic orders thinking before the answer. The
  // signature is empty: there is none to give, and Anthropic clients only echo it back.
  const reasoning = msg?.reasoning_content ?? (typeof msg?.reasoning === 'string' ? msg.reasoning : null);
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'thinking', thinking: reasoning, signature: '' });

  const text = messageText(msg?.content);
  if (text !== '') content.push({ type: 'text', text });
  if (typeof msg?.refusal === 'string' && msg.refusal !== '') {
    // A refusal is what the model said; Anthropic marks refusals by stop reason.
    content.push({ type: 'text', text: msg.refusal });
    stopReason = 'refusal';
  }
  (msg?.tool_calls ?? []).forEach((call, k) => {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments, k) });
  });

  return {
    id: toAnthropicId(res.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usageToAnthropic(usageFromOpenAI(res.usage)),
  };
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: unknown) => (isRecord(p) && p.type === 'text' && typeof p.text === 'string' ? p.text : ''))
    .join('');
}

/**
 * Anthropic clients receive tool input as an object. Invalid JSON from the
 * upstream model cannot be represented without inventing data, so it is a
 * bad-gateway error rather than a silently empty input.
 */
function parseToolArguments(args: string | undefined, k: number): unknown {
  if (args === undefined || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (isRecord(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new GatewayError(502, 'bad_gateway', `upstream tool call ${k} has arguments that are not a JSON object`, {
    param: `choices[0].message.tool_calls[${k}].function.arguments`,
    code: 'invalid_tool_arguments',
  });
}
