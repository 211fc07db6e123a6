import type { Usage } from '../../../shared/usage';
import type { AnthropicResponse, AnthropicStreamEvent, AnthropicUsage } from '../../../shared/wire/anthropic';
import { usageFromAnthropic } from '../../translate';
import { parseSseEvent } from '../sse';
import type { BodyAdapter, StreamAdapter } from './types';

/**
 * Anthropic client, Anthropic provider: events go through untouched. Usage
 * arrives in two halves — input and cache counts in `message_start`, output
 * in `message_delta` — and is merged here.
 */
export class AnthropicPassthroughStream implements StreamAdapter {
  complete = false;
  sawContent = false;
  finishReason: string | null = null;
  streamError: string | null = null;
  private raw: AnthropicUsage | null = null;

  event(raw: string): string {
    const { data } = parseSseEvent(raw);
    if (data === '') return raw;
    const ev = JSON.parse(data) as AnthropicStreamEvent;
    switch (ev.type) {
      case 'message_start':
        this.raw = { ...ev.message.usage };
        break;
      case 'content_block_start':
      case 'content_block_delta':
        this.sawContent = true;
        break;
      case 'message_delta':
        this.raw = { ...(this.raw ?? { input_tokens: 0, output_tokens: 0 }), ...ev.usage };
        this.finishReason = ev.delta.stop_reason;
        this.sawContent = true;
        break;
      case 'message_stop':
        this.complete = true;
        break;
      case 'error':
        this.streamError = ev.error.message;
        this.complete = true;
        break;
    }
    return raw;
  }

  get usage(): Usage | null {
    return this.raw ? usageFromAnthropic(this.raw) : null;
  }

  end(): string {
    return '';
  }
}

export const anthropicPassthroughBody: BodyAdapter = (body) => {
  const parsed = JSON.parse(body.toString('utf8')) as AnthropicResponse;
  return {
    out: body,
    usage: parsed.usage ? usageFromAnthropic(parsed.usage) : null,
    finishReason: parsed.stop_reason ?? null,
  };
};
