import type { Usage } from '../../../shared/usage';
import type { AnthropicResponse, AnthropicStreamEvent } from '../../../shared/wire/anthropic';
import type { OpenAIChatChunk, OpenAIChatResponse } from '../../../shared/wire/openai';
import {
  AnthropicToOpenAIStream,
  OpenAIToAnthropicStream,
  anthropicToOpenaiResponse,
  openaiToAnthropicResponse,
  usageFromAnthropic,
  usageFromOpenAI,
} from '../../translate';
import { parseSseEvent } from '../sse';
import type { BodyAdapter, StreamAdapter } from './types';

/** OpenAI client, Anthropic provider. */
export class AnthropicToOpenAIAdapter implements StreamAdapter {
  complete = false;
  sawContent = false;
  streamError: string | null = null;
  private readonly t: AnthropicToOpenAIStream;

  constructor(requestedModel: string, includeUsage: boolean) {
    this.t = new AnthropicToOpenAIStream({ requestedModel, includeUsage });
  }

  event(raw: string): string {
    const { data } = parseSseEvent(raw);
    if (data === '') return '';
    const ev = JSON.parse(data) as AnthropicStreamEvent;
    if (ev.type === 'content_block_start' || ev.type === 'content_block_delta' || ev.type === 'message_delta') this.sawContent = true;
    if (ev.type === 'error') {
      this.streamError = ev.error.message;
      this.complete = true;
    }
    if (ev.type === 'message_stop') this.complete = true;
    return this.t.push(ev);
  }

  end(): string {
    // After an in-stream error the stream is over: no closing events follow it.
    return this.streamError ? '' : this.t.finish();
  }

  get usage(): Usage | null {
    return this.t.usage;
  }

  get finishReason(): string | null {
    return this.t.finishReason;
  }
}

/** Anthropic client, OpenAI-format provider. */
export class OpenAIToAnthropicAdapter implements StreamAdapter {
  complete = false;
  sawContent = false;
  streamError: string | null = null;
  private readonly t: OpenAIToAnthropicStream;

  constructor(requestedModel: string) {
    this.t = new OpenAIToAnthropicStream({ requestedModel });
  }

  event(raw: string): string {
    const { data } = parseSseEvent(raw);
    if (data === '') return '';
    if (data === '[DONE]') {
      this.complete = true;
      return '';
    }
    const chunk = JSON.parse(data) as OpenAIChatChunk & { error?: { message?: string } };
    if (chunk.error) {
      // The client still gets a well-formed Anthropic error event, not a silent stop.
      this.streamError = chunk.error.message ?? 'upstream stream error';
      this.complete = true;
      const body = JSON.stringify({ type: 'error', error: { type: 'api_error', message: this.streamError } });
      return `event: error\ndata: ${body}\n\n`;
    }
    const choice = chunk.choices?.[0];
    if (choice && (choice.delta?.content || choice.delta?.tool_calls || choice.delta?.reasoning_content || choice.finish_reason)) {
      this.sawContent = true;
    }
    return this.t.push(chunk);
  }

  end(): string {
    // After an in-stream error the stream is over: no closing events follow it.
    return this.streamError ? '' : this.t.finish();
  }

  get usage(): Usage | null {
    return this.t.usage;
  }

  get finishReason(): string | null {
    return this.t.stopReason;
  }
}

export function anthropicToOpenAIBody(requestedModel: string): BodyAdapter {
  return (body) => {
    const parsed = JSON.parse(body.toString('utf8')) as AnthropicResponse;
    const out = anthropicToOpenaiResponse(parsed, requestedModel);
    return { out: JSON.stringify(out), usage: usageFromAnthropic(parsed.usage), finishReason: out.choices[0]?.finish_reason ?? null };
  };
}

export function openAIToAnthropicBody(requestedModel: string): BodyAdapter {
  return (body) => {
    const parsed = JSON.parse(body.toString('utf8')) as OpenAIChatResponse;
    const out = openaiToAnthropicResponse(parsed, requestedModel);
    return { out: JSON.stringify(out), usage: parsed.usage ? usageFromOpenAI(parsed.usage) : null, finishReason: out.stop_reason };
  };
}
