import type { AnthropicRequest } from '../../shared/wire/anthropic';
import type { OpenAIChatRequest } from '../../shared/wire/openai';
import type { ResolvedModel } from '../providers/resolve';
import type { WireFormat } from '../providers/types';
import { anthropicToOpenaiRequest, openaiToAnthropicRequest } from '../translate';

export interface UpstreamBody {
  body: Buffer | string;
  /** We asked for `stream_options.include_usage`; its chunk must not reach the client. */
  injectedUsage: boolean;
}

/**
 * The body sent upstream. Same-format requests go byte-for-byte when nothing
 * needs changing, so unknown and future parameters keep working; otherwise only
 * the model name and usage capture are touched.
 */
export function buildUpstreamBody(
  clientFormat: WireFormat,
  body: Record<string, unknown>,
  raw: Buffer,
  target: ResolvedModel,
): UpstreamBody {
  const providerFormat = target.provider.spec.format;
  const stream = body.stream === true;

  if (clientFormat !== providerFormat) {
    const translated =
      clientFormat === 'openai'
        ? openaiToAnthropicRequest(body as OpenAIChatRequest, target.model)
        : anthropicToOpenaiRequest(body as unknown as AnthropicRequest, target.model);
    if (providerFormat === 'openai') {
      const t = translated as OpenAIChatRequest;
      if (stream && !target.provider.spec.streamUsage) delete t.stream_options;
      // OpenAI's reasoning models accept only `max_completion_tokens`; other
      // OpenAI-compatible servers mostly know only `max_tokens`.
      if (target.provider.spec.id === 'openai' && t.max_tokens != null) {
        t.max_completion_tokens = t.max_tokens;
        delete t.max_tokens;
      }
    }
    return { body: JSON.stringify(translated), injectedUsage: false };
  }

  const renameModel = body.model !== target.model;
  const streamOptions = body.stream_options as OpenAIChatRequest['stream_options'];
  const injectUsage =
    providerFormat === 'openai' && stream && target.provider.spec.streamUsage === true && streamOptions?.include_usage !== true;
  if (!renameModel && !injectUsage) return { body: raw, injectedUsage: false };

  const copy: Record<string, unknown> = { ...body, model: target.model };
  if (injectUsage) copy.stream_options = { ...(streamOptions ?? {}), include_usage: true };
  return { body: JSON.stringify(copy), injectedUsage: injectUsage };
}
