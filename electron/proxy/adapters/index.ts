import type { WireFormat } from '../../providers/types';
import { AnthropicPassthroughStream, anthropicPassthroughBody } from './anthropic-passthrough';
import { OpenAIPassthroughStream, openaiPassthroughBody } from './openai-passthrough';
import { AnthropicToOpenAIAdapter, OpenAIToAnthropicAdapter, anthropicToOpenAIBody, openAIToAnthropicBody } from './translated';
import type { BodyAdapter, StreamAdapter } from './types';

export type { BodyAdapter, BodyResult, StreamAdapter } from './types';

export interface AdapterChoice {
  client: WireFormat;
  provider: WireFormat;
  requestedModel: string;
  /** The client asked for the usage chunk (OpenAI `stream_options.include_usage`). */
  clientWantsUsage: boolean;
  /** Switchboard added `include_usage` upstream, so its chunk must be removed. */
  injectedUsage: boolean;
}

export function streamAdapter(c: AdapterChoice): StreamAdapter {
  if (c.client === c.provider) {
    return c.client === 'openai' ? new OpenAIPassthroughStream(c.injectedUsage) : new AnthropicPassthroughStream();
  }
  return c.client === 'openai'
    ? new AnthropicToOpenAIAdapter(c.requestedModel, c.clientWantsUsage)
    : new OpenAIToAnthropicAdapter(c.requestedModel);
}

export function bodyAdapter(c: AdapterChoice): BodyAdapter {
  if (c.client === c.provider) return c.client === 'openai' ? openaiPassthroughBody : anthropicPassthroughBody;
  return c.client === 'openai' ? anthropicToOpenAIBody(c.requestedModel) : openAIToAnthropicBody(c.requestedModel);
}
