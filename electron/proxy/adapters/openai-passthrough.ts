import type { Usage } from '../../../shared/usage';
import type { OpenAIChatChunk, OpenAIChatResponse } from '../../../shared/wire/openai';
import { usageFromOpenAI } from '../../translate';
import { parseSseEvent } from '../sse';
import type { BodyAdapter, StreamAdapter } from './types';

const USAGE_NULL = /,\s*"usage"\s*:\s*null/;

/**
 * OpenAI client, OpenAI-format provider: events go through as they came. Each
 * is parsed (a malformed stream must be caught before it reaches the client)
 * to read usage and the finish reason. When Switchboard added
 * `include_usage`, the usage chunk and the `"usage":null` fields it causes are
 * removed, so the client sees the stream it asked for.
 */
export class OpenAIPassthroughStream implements StreamAdapter {
  complete = false;
  sawContent = false;
  usage: Usage | null = null;
  finishReason: string | null = null;
  streamError: string | null = null;

  constructor(private readonly stripUsage: boolean) {}

  event(raw: string): string {
    const { data } = parseSseEvent(raw);
    if (data === '') return raw; // comments / keep-alives
    if (data === '[DONE]') {
      this.complete = true;
      return raw;
    }
    const chunk = JSON.parse(data) as OpenAIChatChunk & { error?: { message?: string } };
    if (chunk.error) {
      this.streamError = chunk.error.message ?? 'upstream stream error';
      this.complete = true;
      return raw;
    }
    if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage);
    const choice = chunk.choices?.[0];
    if (choice) {
      const d = choice.delta;
      if (d && (d.content || d.tool_calls || d.reasoning_content || d.refusal)) this.sawContent = true;
      if (choice.finish_reason) {
        this.finishReason = choice.finish_reason;
        this.sawContent = true;
      }
    }
    if (!this.stripUsage) return raw;
    if (chunk.usage && (!chunk.choices || chunk.choices.length === 0)) return '';
    return raw.replace(USAGE_NULL, '');
  }

  end(): string {
    return '';
  }
}

export const openaiPassthroughBody: BodyAdapter = (body) => {
  const parsed = JSON.parse(body.toString('utf8')) as OpenAIChatResponse;
  return {
    out: body,
    usage: parsed.usage ? usageFromOpenAI(parsed.usage) : null,
    finishReason: parsed.choices?.[0]?.finish_reason ?? null,
  };
};
