/**
 * Anthropic Messages request → OpenAI Chat Completions request.
 *
 * Same policy as the other direction: map with the same meaning, drop only
 * what cannot change the output (listed below), refuse the rest naming the field.
 */
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
} from '../../shared/wire/anthropic';
import type {
  OpenAIChatRequest,
  OpenAIContentPart,
  OpenAIMessage,
  OpenAITool,
  OpenAIToolCall,
  OpenAIToolChoice,
} from '../../shared/wire/openai';
import { invalidRequest, untranslatable } from '../core/errors';
import { isRecord, isSet } from './util';

/**
 * Anthropic fields that may be dropped because they cannot change the output:
 * - `cache_control` (top-level automatic caching): a cost/latency hint. The
 *   per-block `cache_control` markers are ignored for the same reason.
 * - `service_tier`, `speed`: capacity and throughput, not content.
 * - `diagnostics`: only adds cache-miss diagnostics to Anthropic's response.
 */
export const ANTHROPIC_DROPPABLE_FIELDS: readonly string[] = ['cache_control', 'service_tier', 'speed', 'diagnostics'];

const HANDLED_FIELDS = new Set([
  'model', 'messages', 'max_tokens', 'system', 'stream', 'temperature', 'top_p', 'top_k',
  'stop_sequences', 'tools', 'tool_choice', 'thinking', 'metadata', 'output_config',
]);

/** Tool keys that describe a client tool; `cache_control` is a hint (see above). */
const TOOL_KEYS = new Set(['name', 'description', 'input_schema', 'cache_control', 'type', 'strict']);

/** Thinking budget → `reasoning_effort`, by the upper bound of each band. */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget <= 2048) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}

const EFFORTS = new Set(['low', 'medium', 'high', 'xhigh']);

export function anthropicToOpenaiRequest(req: AnthropicRequest, upstreamModel: string): OpenAIChatRequest {
  checkUnsupportedFields(req);
  if (!Array.isArray(req.messages)) throw invalidRequest('messages must be an array', 'messages');

  const messages: OpenAIMessage[] = [];
  const system = systemText(req.system);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  req.messages.forEach((msg, i) => messages.push(...translateMessage(msg, `messages[${i}]`)));

  // Anthropic treats a trailing assistant message as a prefix to continue;
  // Chat Completions would answer it with a new turn instead. Not the same request.
  const last = req.messages[req.messages.length - 1];
  if (last?.role === 'assistant') {
    throw untranslatable(`messages[${req.messages.length - 1}].role`, 'assistant prefill (a final assistant message) is not supported by OpenAI chat completions');
  }

  // `max_tokens` rather than `max_completion_tokens`: every OpenAI-compatible server accepts it.
  const out: OpenAIChatRequest = { model: upstreamModel, messages, max_tokens: req.max_tokens };
  if (isSet(req.temperature)) out.temperature = req.temperature;
  if (isSet(req.top_p)) out.top_p = req.top_p;
  if (isSet(req.stop_sequences) && req.stop_sequences.length > 0) out.stop = [...req.stop_sequences];
  if (isSet(req.stream)) {
    out.stream = req.stream;
    // Without this, OpenAI streams carry no usage at all and cost tracking breaks.
    if (req.stream) out.stream_options = { include_usage: true };
  }

  if (isSet(req.tools) && req.tools.length > 0) out.tools = req.tools.map(translateTool);
  applyToolChoice(out, req.tool_choice, (out.tools?.length ?? 0) > 0);

  const effort = reasoningEffort(req);
  if (effort) out.reasoning_effort = effort;

  const format = req.output_config?.format;
  if (isSet(format)) {
    if (format.type !== 'json_schema' || !isRecord(format.schema)) {
      throw untranslatable('output_config.format', 'only json_schema formats with a schema object are supported');
    }
    // Anthropic's structured outputs always constrain decoding: OpenAI strict mode.
    out.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } };
  }

  const userId = req.metadata?.user_id;
  if (typeof userId === 'string' && userId !== '') out.user = userId;
  return out;
}

function checkUnsupportedFields(req: AnthropicRequest): void {
  if (isSet(req.top_k)) throw untranslatable('top_k', 'OpenAI chat completions has no top_k');
  for (const [key, value] of Object.entries(req)) {
    if (HANDLED_FIELDS.has(key) || ANTHROPIC_DROPPABLE_FIELDS.includes(key) || !isSet(value)) continue;
    throw untranslatable(key, 'not supported when routing to an OpenAI-format model');
  }
  const oc = req.output_config;
  if (isSet(oc)) {
    for (const [key, value] of Object.entries(oc)) {
      if (key !== 'effort' && key !== 'format' && isSet(value)) throw untranslatable(`output_config.${key}`, 'not supported by OpenAI chat completions');
    }
  }
}

/**
 * `thinking.enabled` → a reasoning effort band; `output_config.effort` is the
 * same knob named directly and wins. `adaptive` thinking means "let the model
 * decide", which is what an OpenAI reasoning model does without the field.
 */
function reasoningEffort(req: AnthropicRequest): string | undefined {
  const effort = req.output_config?.effort;
  if (isSet(effort)) {
    if (!EFFORTS.has(effort)) throw untranslatable('output_config.effort', `"${effort}" has no OpenAI reasoning_effort equivalent`);
    return effort;
  }
  const thinking: unknown = req.thinking;
  if (!isSet(thinking)) return undefined;
  if (!isRecord(thinking)) throw untranslatable('thinking', 'must be an object');
  switch (thinking.type) {
    case 'enabled':
      if (typeof thinking.budget_tokens !== 'number') throw untranslatable('thinking.budget_tokens', 'must be a number');
      return effortForBudget(thinking.budget_tokens);
    case 'disabled':
    case 'adaptive':
      return undefined;
    default:
      throw untranslatable('thinking.type', `"${String(thinking.type)}" is not supported by OpenAI chat completions`);
  }
}

/** System blocks are concatenated with newlines; `cache_control` on them is a hint only. */
function systemText(system: AnthropicRequest['system']): string | undefined {
  if (!isSet(system)) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : system;
  const parts = system.map((b, j) => {
    if (b.type !== 'text') throw untranslatable(`system[${j}].type`, `"${String(b.type)}" system blocks are not supported`);
    return b.text;
  });
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function blocksOf(content: AnthropicMessage['content']): AnthropicContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function translateMessage(msg: AnthropicMessage, at: string): OpenAIMessage[] {
  if (msg.role === 'assistant') return [assistantMessage(msg, at)];
  if (msg.role !== 'user') throw untranslatable(`${at}.role`, `role "${String(msg.role)}" is not supported`);
  if (typeof msg.content === 'string') return [{ role: 'user', content: msg.content }];

  // OpenAI requires tool results immediately after the assistant's tool calls,
  // as one `tool` message each, so they come first; remaining content follows
  // as a user message.
  const toolMessages: OpenAIMessage[] = [];
  const parts: OpenAIContentPart[] = [];
  msg.content.forEach((block, j) => {
    const where = `${at}.content[${j}]`;
    switch (block.type) {
      case 'tool_result':
        toolMessages.push(toolMessage(block, where));
        break;
      case 'text':
        parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        parts.push(imagePart(block, where));
        break;
      default:
        throw untranslatable(`${where}.type`, `"${String(block.type)}" blocks are not supported in user messages by OpenAI chat completions`);
    }
  });
  const out = [...toolMessages];
  if (parts.length > 0) {
    // A lone text part is sent as a plain string: the most widely accepted form.
    const only = parts.length === 1 ? parts[0] : undefined;
    out.push({ role: 'user', content: only?.type === 'text' && typeof only.text === 'string' ? only.text : parts });
  }
  return out;
}

function imagePart(block: AnthropicImageBlock, at: string): OpenAIContentPart {
  const src: unknown = block.source;
  if (isRecord(src) && src.type === 'base64' && typeof src.media_type === 'string' && typeof src.data === 'string') {
    return { type: 'image_url', image_url: { url: `data:${src.media_type};base64,${src.data}` } };
  }
  if (isRecord(src) && src.type === 'url' && typeof src.url === 'string') {
    return { type: 'image_url', image_url: { url: src.url } };
  }
  throw untranslatable(`${at}.source.type`, 'only base64 and url image sources are supported');
}

/**
 * A tool result becomes a `tool` message with text content. `is_error` has no
 * OpenAI field, so it is kept as a visible "Error: " prefix: the model must
 * still learn that the call failed.
 */
function toolMessage(block: AnthropicToolResultBlock, at: string): OpenAIMessage {
  let text: string;
  if (!isSet(block.content)) text = '';
  else if (typeof block.content === 'string') text = block.content;
  else {
    text = block.content
      .map((b, k) => {
        if (b.type !== 'text') throw untranslatable(`${at}.content[${k}].type`, `"${String(b.type)}" inside tool results is not supported by OpenAI tool messages (text only)`);
        return b.text;
      })
      .join('\n');
  }
  if (block.is_error === true) text = `Error: ${text}`;
  return { role: 'tool', tool_call_id: block.tool_use_id, content: text };
}

/**
 * Assistant history. Thinking blocks are kept as `reasoning_content` (the
 * de-facto OpenAI-compatible field for reasoning text; DeepSeek, vLLM, and
 * OpenRouter read it). `redacted_thinking` is encrypted data only Anthropic
 * can decrypt; no other model could read it, so leaving it out loses nothing
 * the target could use.
 */
function assistantMessage(msg: AnthropicMessage, at: string): OpenAIMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  blocksOf(msg.content).forEach((block, j) => {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'thinking':
        reasoning.push(block.thinking);
        break;
      case 'redacted_thinking':
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
        break;
      default:
        throw untranslatable(`${at}.content[${j}].type`, `"${String(block.type)}" blocks are not supported in assistant messages by OpenAI chat completions`);
    }
  });
  const out: OpenAIMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (reasoning.length > 0) out.reasoning_content = reasoning.join('');
  return out;
}

function translateTool(tool: AnthropicTool, i: number): OpenAITool {
  // Typed tools (bash_2025…, web_search_…) are Anthropic-hosted or -defined; only custom tools map.
  if (isSet(tool.type) && tool.type !== 'custom') {
    throw untranslatable(`tools[${i}].type`, `"${tool.type}" is an Anthropic-specific tool with no OpenAI equivalent`);
  }
  for (const [key, value] of Object.entries(tool)) {
    if (!TOOL_KEYS.has(key) && isSet(value)) throw untranslatable(`tools[${i}].${key}`, 'not supported by OpenAI function tools');
  }
  const fn: OpenAITool['function'] = { name: tool.name, parameters: tool.input_schema };
  if (isSet(tool.description)) fn.description = tool.description;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function applyToolChoice(out: OpenAIChatRequest, choice: AnthropicToolChoice | undefined, hasTools: boolean): void {
  if (!isSet(choice)) return;
  let mapped: OpenAIToolChoice;
  switch (choice.type) {
    case 'auto':
      mapped = 'auto';
      break;
    case 'any':
      mapped = 'required';
      break;
    case 'none':
      mapped = 'none';
      break;
    case 'tool':
      mapped = { type: 'function', function: { name: choice.name } };
      break;
    default:
      throw untranslatable('tool_choice.type', `"${String((choice as { type: unknown }).type)}" is not supported`);
  }
  // OpenAI rejects tool_choice / parallel_tool_calls without tools; with no
  // tools, "auto" and "none" already describe what will happen.
  if (!hasTools && (mapped === 'auto' || mapped === 'none')) return;
  out.tool_choice = mapped;
  if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true && hasTools) {
    out.parallel_tool_calls = false;
  }
}
