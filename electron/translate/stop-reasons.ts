/**
 * Why generation ended, in each format's vocabulary. Shared by the non-stream
 * and stream translators so both always agree.
 */
import type { OpenAIFinishReason } from '../../shared/wire/openai';
import type { AnthropicStopReason } from '../../shared/wire/anthropic';

export function anthropicStopToOpenAI(reason: string | null | undefined): OpenAIFinishReason | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    // end_turn, stop_sequence, and pause_turn (a server-tool pause: the turn is
    // over from the client's point of view) all mean "the model stopped".
    default:
      return 'stop';
  }
}

export function openaiFinishToAnthropic(reason: string | null | undefined): AnthropicStopReason | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
