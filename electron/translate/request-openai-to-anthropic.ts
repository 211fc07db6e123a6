/**
 * OpenAI Chat Completions request → Anthropic Messages request.
 *
 * Policy: every field either maps to something with the same meaning, is on
 * the explicit drop-list below (it cannot change the generated output), or is
 * refused with a 400 naming the field. Nothing is dropped silently.
 */
import type {
  OpenAIChatRequest,
  OpenAIContentPart,
  OpenAIMessage,
  OpenAITool,
  OpenAIToolChoice,
} from '../../shared/wire/openai';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
} from '../../shared/wire/anthropic';
import { invalidRequest, untranslatable } from '../core/errors';
import { isRecord, isSet } from './util';

/** Anthropic requires `max_tokens`; OpenAI does not. Used when the client sent none. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Anthropic's minimum `thinking.budget_tokens`. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * `reasoning_effort` → thinking budget. `minimal` asks for as little reasoning
 * as possible, which on Anthropic is the minimum budget.
 */
export const THINKING_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
};

/**
 * OpenAI fields that may be dropped because they cannot change what the model
 * generates:
 * - `stream_options`: only asks for a usage chunk; the stream translator
 *   always emits one when the client asked (it reads the option itself).
 * - `store`, `metadata`: OpenAI-side storage of the completion for evals.
 * - `service_tier`: latency/price tier, not output.
 * - `prompt_cache_key`, `prompt_cache_retention`: cache routing hints.
 * - `prediction`: predicted outputs only speed generation up.
 * - `seed`: OpenAI documents determinism as best effort only (and deprecates
 *   the field), so not honouring it stays within the client's contract.
 */
export const OPENAI_DROPPABLE_FIELDS: readonly string[] = [
  'stream_options',
  'store',
  'metadata',
  'service_tier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prediction',
  'seed',
];

/** Fields this module maps (or checks) explicitly. Anything else is refused. */
const HANDLED_FIELDS = new Set([
  'model', 'messages', 'stream', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k',
  'stop', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'n', 'user',
  'safety_identifier', 'reasoning_effort', 'logprobs', 'top_logprobs', 'logit_bias',
  'frequency_penalty', 'presence_penalty', 'modalities', 'audio',
]);

/**
 * Appended to `system` for `response_format: json_object`. Anthropic has no
 * JSON mode; OpenAI's JSON mode is itself "the prompt must ask for JSON plus
 * constrained decoding", so an explicit instruction is the closest faithful
 * equivalent. It is best effort: Claude follows it reliably but nothing
 * enforces it at the decoder.
 */
export const JSON_OBJECT_INSTRUCTION =
  'Respond with a single valid JSON object only. Do not add any text before or after it and do not wrap it in a Markdown code block.';

export function openaiToAnthropicRequest(req: OpenAIChatRequest, upstreamModel: string): AnthropicRequest {
  checkUnsupportedFields(req);

  const { system, messages } = translateMessages(req.messages);
  const out: AnthropicRequest = { model: upstreamModel, messages, max_tokens: DEFAULT_MAX_TOKENS };

  // --- output length and reasoning -------------------------------------------------
  const maxParam = isSet(req.max_completion_tokens) ? 'max_completion_tokens' : 'max_tokens';
  const explicitMax = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  out.max_tokens = explicitMax ?? DEFAULT_MAX_TOKENS;

  if (isSet(req.reasoning_effort) && req.reasoning_effort !== 'none') {
    let budget = THINKING_BUDGETS[req.reasoning_effort];
    if (budget === undefined) {
      throw untranslatable('reasoning_effort', `"${req.reasoning_effort}" has no Anthropic thinking budget (use minimal, low, medium, high or none)`);
    }
    if (explicitMax === undefined) {
      // No client cap: leave the default room for the answer on top of the budget.
      out.max_tokens = budget + DEFAULT_MAX_TOKENS;
    } else if (explicitMax <= budget) {
      // OpenAI's cap covers reasoning + answer, like Anthropic's max_tokens, so
      // keep the client's cap and shrink the budget to half of it instead.
      budget = Math.max(MIN_THINKING_BUDGET, Math.floor(explicitMax / 2));
      if (budget >= explicitMax) {
        throw untranslatable(maxParam, `must be greater than ${MIN_THINKING_BUDGET} when reasoning_effort is set (Anthropic's minimum thinking budget)`);
      }
    }
    out.thinking = { type: 'enabled', budget_tokens: budget };
  }

  // --- sampling --------------------------------------------------------------------
  if (isSet(req.temperature)) {
    // OpenAI allows 0..2, Anthropic 0..1. Rescaling would change the
    // distribution the client asked for, so values above 1 are refused.
    if (req.temperature > 1) throw untranslatable('temperature', 'Anthropic accepts 0 to 1; values above 1 have no equivalent');
    out.temperature = req.temperature;
  }
  if (isSet(req.top_p)) out.top_p = req.top_p;
  // `top_k` is a common OpenAI-compatible extension (vLLM, llama.cpp) with the same meaning.
  if (isSet(req.top_k)) out.top_k = req.top_k as number;
  if (isSet(req.stop)) {
    const stops = typeof req.stop === 'string' ? [req.stop] : req.stop;
    if (stops.length > 0) out.stop_sequences = [...stops];
  }
  if (isSet(req.stream)) out.stream = req.stream;

  // --- tools -----------------------------------------------------------------------
  if (isSet(req.tools) && req.tools.length > 0) out.tools = req.tools.map(translateTool);
  const toolChoice = translateToolChoice(req.tool_choice, req.parallel_tool_calls, (out.tools?.length ?? 0) > 0);
  if (toolChoice) out.tool_choice = toolChoice;

  // --- response format ---------------------------------------------------------------
  const systemBlocks = [...system];
  const fmt = req.response_format;
  if (isSet(fmt)) {
    if (fmt.type === 'json_object') {
      systemBlocks.push({ type: 'text', text: JSON_OBJECT_INSTRUCTION });
    } else if (fmt.type === 'json_schema') {
      // Anthropic's native structured outputs (`output_config.format`) give the
      // same guarantee as OpenAI's json_schema: output constrained to the schema.
      const spec = fmt.json_schema;
      if (!isRecord(spec) || !isRecord(spec.schema)) {
        throw untranslatable('response_format.json_schema.schema', 'a JSON schema object is required');
      }
      out.output_config = { format: { type: 'json_schema', schema: spec.schema } };
    } else if (fmt.type !== 'text') {
      throw untranslatable('response_format.type', `"${String(fmt.type)}" is not supported by Anthropic`);
    }
  }
  if (systemBlocks.length === 1 && !systemBlocks[0]!.cache_control) out.system = systemBlocks[0]!.text;
  else if (systemBlocks.length > 0) out.system = systemBlocks;

  // `safety_identifier` is OpenAI's successor to `user`: both identify the end user.
  const userId = req.user ?? (typeof req.safety_identifier === 'string' ? req.safety_identifier : undefined);
  if (isSet(userId) && userId !== '') out.metadata = { user_id: userId };

  return out;
}

/** Refuses fields that would change output but have no Anthropic equivalent. */
function checkUnsupportedFields(req: OpenAIChatRequest): void {
  if (isSet(req.n) && req.n !== 1) throw untranslatable('n', 'Anthropic returns exactly one choice per request');
  if (req.logprobs === true) throw untranslatable('logprobs', 'Anthropic does not return log probabilities');
  if (isSet(req.top_logprobs)) throw untranslatable('top_logprobs', 'Anthropic does not return log probabilities');
  if (isRecord(req.logit_bias) && Object.keys(req.logit_bias).length > 0) {
    throw untranslatable('logit_bias', 'Anthropic has no token bias control');
  }
  for (const p of ['frequency_penalty', 'presence_penalty'] as const) {
    if (isSet(req[p]) && req[p] !== 0) throw untranslatable(p, 'Anthropic has no repetition penalties');
  }
  if (isSet(req.audio)) throw untranslatable('audio', 'Anthropic does not generate audio');
  if (Array.isArray(req.modalities) && req.modalities.some((m) => m !== 'text')) {
    throw untranslatable('modalities', 'Anthropic only generates text');
  }
  for (const [key, value] of Object.entries(req)) {
    if (HANDLED_FIELDS.has(key) || OPENAI_DROPPABLE_FIELDS.includes(key) || !isSet(value)) continue;
    const hint = key === 'functions' || key === 'function_call' ? ' (use tools / tool_choice)' : '';
    throw untranslatable(key, `not supported when routing to an Anthropic model${hint}`);
  }
}

// --- messages ------------------------------------------------------------------------

/** Message keys that carry nothing for the model when null/empty (clients echo responses back verbatim). */
const MESSAGE_KEYS = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'reasoning_content', 'refusal', 'annotations']);

interface Translated { system: AnthropicTextBlock[]; messages: AnthropicMessage[] }

function translateMessages(input: OpenAIMessage[]): Translated {
  if (!Array.isArray(input)) throw invalidRequest('messages must be an array', 'messages');
  const system: AnthropicTextBlock[] = [];
  const messages: Array<{ role: 'user' | 'assistant'; content: AnthropicContentBlock[] }> = [];

  // Anthropic requires strictly alternating roles, so consecutive same-role
  // messages (including several tool results in a row) become one message.
  const append = (role: 'user' | 'assistant', blocks: AnthropicContentBlock[]) => {
    if (blocks.length === 0) return; // an empty message says nothing; Anthropic rejects it
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  input.forEach((msg, i) => {
    const at = `messages[${i}]`;
    for (const [key, value] of Object.entries(msg)) {
      if (MESSAGE_KEYS.has(key) || !isSet(value)) continue;
      if (key === 'annotations' || (Array.isArray(value) && value.length === 0)) continue;
      // `name` distinguishes participants; Anthropic has no per-message name.
      throw untranslatable(`${at}.${key}`, 'not supported by the Anthropic Messages API');
    }
    switch (msg.role) {
      // Anthropic has a single top-level system prompt; system and developer
      // messages are hoisted into it, in order.
      case 'system':
      case 'developer':
        system.push(...textOnlyBlocks(msg.content, `${at}.content`));
        return;
      case 'user':
        append('user', userBlocks(msg.content, `${at}.content`));
        return;
      case 'assistant':
        append('assistant', assistantBlocks(msg, at));
        return;
      case 'tool':
        append('user', [toolResultBlock(msg, at)]);
        return;
      default:
        throw untranslatable(`${at}.role`, `role "${String(msg.role)}" is not supported (use tool messages)`);
    }
  });
  return { system, messages };
}

function cacheControlOf(part: OpenAIContentPart): AnthropicCacheControl | undefined {
  // OpenRouter-style `cache_control` on content parts is the same Anthropic hint; carry it.
  const cc = (part as Record<string, unknown>).cache_control;
  return isRecord(cc) && cc.type === 'ephemeral' ? (cc as unknown as AnthropicCacheControl) : undefined;
}

function textBlock(text: string, part?: OpenAIContentPart): AnthropicTextBlock {
  const cc = part ? cacheControlOf(part) : undefined;
  return cc ? { type: 'text', text, cache_control: cc } : { type: 'text', text };
}

function partsOf(content: OpenAIMessage['content']): OpenAIContentPart[] {
  if (!isSet(content)) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content;
}

/** Anthropic rejects empty text blocks, and they carry no meaning, so they are skipped. */
function textOnlyBlocks(content: OpenAIMessage['content'], at: string): AnthropicTextBlock[] {
  const out: AnthropicTextBlock[] = [];
  partsOf(content).forEach((part, j) => {
    if (part.type !== 'text' || typeof part.text !== 'string') {
      throw untranslatable(`${at}[${j}].type`, `"${part.type}" parts are only supported in user messages`);
    }
    if (part.text !== '') out.push(textBlock(part.text, part));
  });
  return out;
}

function userBlocks(content: OpenAIMessage['content'], at: string): AnthropicContentBlock[] {
  const out: AnthropicContentBlock[] = [];
  partsOf(content).forEach((part, j) => {
    if (part.type === 'text' && typeof part.text === 'string') {
      if (part.text !== '') out.push(textBlock(part.text, part));
    } else if (part.type === 'image_url') {
      out.push(imageBlock(part, `${at}[${j}]`));
    } else {
      throw untranslatable(`${at}[${j}].type`, `"${part.type}" content is not supported by Anthropic`);
    }
  });
  return out;
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/**
 * `detail` (low/high/auto) is a resolution hint with no Anthropic equivalent;
 * the model still sees the same image, so it is ignored.
 */
function imageBlock(part: OpenAIContentPart, at: string): AnthropicImageBlock {
  const img = (part as Record<string, unknown>).image_url;
  const url = isRecord(img) && typeof img.url === 'string' ? img.url : undefined;
  if (!url) throw untranslatable(`${at}.image_url.url`, 'missing image URL');
  const cc = cacheControlOf(part);
  const withCc = (b: AnthropicImageBlock): AnthropicImageBlock => (cc ? { ...b, cache_control: cc } : b);
  const data = DATA_URL.exec(url);
  if (data) return withCc({ type: 'image', source: { type: 'base64', media_type: data[1]!, data: data[2]! } });
  if (/^https?:\/\//i.test(url)) return withCc({ type: 'image', source: { type: 'url', url } });
  throw untranslatable(`${at}.image_url.url`, 'only base64 data: URLs and http(s) URLs are supported');
}

/**
 * Assistant history: text (and echoed refusals) then tool_use blocks.
 * `reasoning_content` from earlier turns is not carried: Anthropic needs a
 * valid signature on thinking blocks it is sent, which OpenAI-format history
 * cannot have, and Anthropic drops previous turns' thinking from the context
 * anyway, so the model's input is the same either way.
 */
function assistantBlocks(msg: OpenAIMessage, at: string): AnthropicContentBlock[] {
  const out: AnthropicContentBlock[] = [];
  partsOf(msg.content).forEach((part, j) => {
    if (part.type === 'text' && typeof part.text === 'string') {
      if (part.text !== '') out.push(textBlock(part.text, part));
    } else if (part.type === 'refusal' && typeof part.refusal === 'string') {
      if (part.refusal !== '') out.push(textBlock(part.refusal));
    } else {
      throw untranslatable(`${at}.content[${j}].type`, `"${part.type}" parts are not supported in assistant messages`);
    }
  });
  // A refusal echoed back as a message field is what the assistant said.
  if (typeof msg.refusal === 'string' && msg.refusal !== '' && out.length === 0) out.push(textBlock(msg.refusal));
  (msg.tool_calls ?? []).forEach((call, k) => {
    const where = `${at}.tool_calls[${k}]`;
    if (call.type !== 'function') throw untranslatable(`${where}.type`, `"${String(call.type)}" tool calls are not supported`);
    out.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments, `${where}.function.arguments`) });
  });
  return out;
}

function parseArguments(args: string, at: string): Record<string, unknown> {
  if (args.trim() === '') return {}; // some servers send "" for argument-less calls
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw untranslatable(at, 'must be valid JSON (Anthropic stores tool input as an object)');
  }
  if (!isRecord(parsed)) throw untranslatable(at, 'must be a JSON object');
  return parsed;
}

function toolResultBlock(msg: OpenAIMessage, at: string): AnthropicToolResultBlock {
  if (typeof msg.tool_call_id !== 'string' || msg.tool_call_id === '') {
    throw untranslatable(`${at}.tool_call_id`, 'tool messages need the id of the call they answer');
  }
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: msg.tool_call_id };
  if (typeof msg.content === 'string') block.content = msg.content;
  else if (isSet(msg.content)) block.content = textOnlyBlocks(msg.content, `${at}.content`);
  return block;
}

// --- tools -----------------------------------------------------------------------------

/**
 * `strict` is not forwarded: Anthropic's strict tool mode needs a different
 * request shape, and without it Claude still receives and follows the schema.
 */
function translateTool(tool: OpenAITool, i: number): AnthropicTool {
  if (tool.type !== 'function' || !isRecord(tool.function)) {
    throw untranslatable(`tools[${i}].type`, `"${String(tool.type)}" tools are not supported (only function tools)`);
  }
  const fn = tool.function;
  const out: AnthropicTool = {
    name: fn.name,
    // Anthropic requires a schema; a function without parameters takes none.
    input_schema: fn.parameters ?? { type: 'object', properties: {} },
  };
  if (isSet(fn.description)) out.description = fn.description;
  return out;
}

function translateToolChoice(
  choice: OpenAIToolChoice | undefined,
  parallel: boolean | undefined,
  hasTools: boolean,
): AnthropicToolChoice | undefined {
  const disableParallel = parallel === false && hasTools ? { disable_parallel_tool_use: true } : {};
  if (!isSet(choice)) return hasTools && parallel === false ? { type: 'auto', ...disableParallel } : undefined;
  if (choice === 'none') return hasTools ? { type: 'none' } : undefined;
  if (choice === 'auto') return hasTools ? { type: 'auto', ...disableParallel } : undefined;
  if (choice === 'required') return { type: 'any', ...disableParallel };
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'tool', name: choice.function.name, ...disableParallel };
  }
  throw untranslatable('tool_choice', 'unsupported tool_choice value');
}
