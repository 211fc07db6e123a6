/**
 * Wire-format translation between OpenAI Chat Completions and Anthropic
 * Messages: requests, responses, streams, usage and error bodies. Pure
 * functions and small state machines; no I/O.
 */
export {
  openaiToAnthropicRequest,
  DEFAULT_MAX_TOKENS,
  MIN_THINKING_BUDGET,
  THINKING_BUDGETS,
  OPENAI_DROPPABLE_FIELDS,
  JSON_OBJECT_INSTRUCTION,
} from './request-openai-to-anthropic';
export { anthropicToOpenaiRequest, ANTHROPIC_DROPPABLE_FIELDS, effortForBudget } from './request-anthropic-to-openai';
export { anthropicToOpenaiResponse, openaiToAnthropicResponse } from './response';
export { AnthropicToOpenAIStream, type AnthropicToOpenAIStreamOptions } from './stream-anthropic-to-openai';
export { OpenAIToAnthropicStream, type OpenAIToAnthropicStreamOptions } from './stream-openai-to-anthropic';
export { usageFromOpenAI, usageFromAnthropic, usageToOpenAI, usageToAnthropic } from './usage';
export { anthropicErrorToOpenAI, openaiErrorToAnthropic, anthropicErrorTypeForStatus } from './errors';
export { anthropicStopToOpenAI, openaiFinishToAnthropic } from './stop-reasons';
