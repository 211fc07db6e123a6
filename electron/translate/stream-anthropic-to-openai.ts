/**
 * Anthropic stream events → OpenAI `chat.completion.chunk` SSE.
 *
 * Fed one parsed upstream event at a time; each call returns the exact bytes
 * to write to the client (possibly ''). OpenAI numbers tool calls 0,1,2… in
 * `delta.tool_calls[].index`, independent of Anthropic's content block index
 * (which also counts text and thinking blocks), so a separate counter is kept.
 */
import type { Usage } from '../../shared/usage';
import type { AnthropicStreamEvent } from '../../shared/wire/anthropic';
import type { OpenAIChatChunk, OpenAIFinishReason } from '../../shared/wire/openai';
import { anthropicErrorToOpenAI } from './errors';
import { anthropicStopToOpenAI } from './stop-reasons';
import { usageFromAnthropic, usageToOpenAI } from './usage';
import { SSE_DONE, isRecord, sseData, toOpenAIId, unixNow } from './util';

type Delta = OpenAIChatChunk['choices'][number]['delta'];

export interface AnthropicToOpenAIStreamOptions {
  /** The model name the client asked for; echoed in every chunk. */
  requestedModel: string;
  /** The client sent `stream_options.include_usage`: end with a usage-only chunk. */
  includeUsage: boolean;
}

export class AnthropicToOpenAIStream {
  private id = toOpenAIId(undefined);
  private readonly created = unixNow();
  private readonly model: string;
  private readonly includeUsage: boolean;
  /** Anthropic block index → OpenAI tool call index. */
  private readonly toolIndex = new Map<number, number>();
  private started = false;
  private done = false;
  private finishValue: OpenAIFinishReason | null = null;
  /** Raw Anthropic usage, merged as message_start then message_delta report it. */
  private raw: Record<string, unknown> = {};

  constructor(opts: AnthropicToOpenAIStreamOptions) {
    this.model = opts.requestedModel;
    this.includeUsage = opts.includeUsage;
  }

  get usage(): Usage {
    return usageFromAnthropic(this.raw as Parameters<typeof usageFromAnthropic>[0]);
  }

  get finishReason(): string | null {
    return this.finishValue;
  }

  push(ev: AnthropicStreamEvent): string {
    if (this.done) return '';
    switch (ev.type) {
      case 'message_start':
        if (ev.message?.id) this.id = toOpenAIId(ev.message.id);
        this.mergeUsage(ev.message?.usage);
        return this.start();
      case 'content_block_start':
        return this.blockStart(ev.index, ev.content_block);
      case 'content_block_delta':
        return this.blockDelta(ev.index, ev.delta);
      case 'message_delta': {
        this.mergeUsage(ev.usage);
        const reason = anthropicStopToOpenAI(ev.delta?.stop_reason);
        if (reason === null) return '';
        this.finishValue = reason;
        return this.start() + this.chunk({}, reason);
      }
      case 'message_stop':
        return this.finishStream();
      case 'error': {
        // OpenAI's in-stream error shape; the stream ends here without [DONE].
        this.done = true;
        return sseData(anthropicErrorToOpenAI({ type: 'error', error: ev.error }, 500));
      }
      // content_block_stop has no OpenAI counterpart; ping is keep-alive only.
      default:
        return '';
    }
  }

  /** Call when the upstream stream ends; returns whatever must still be sent. */
  finish(): string {
    return this.finishStream();
  }

  private finishStream(): string {
    if (this.done) return '';
    this.done = true;
    let out = this.start();
    if (this.includeUsage) {
      // Like OpenAI: one extra chunk with empty choices and the whole request's usage.
      const usageChunk: OpenAIChatChunk = {
        id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model,
        choices: [], usage: usageToOpenAI(this.usage),
      };
      out += sseData(usageChunk);
    }
    return out + SSE_DONE;
  }

  /** The first chunk announces the role, as OpenAI's does. */
  private start(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private blockStart(index: number, block: unknown): string {
    if (!isRecord(block)) return '';
    switch (block.type) {
      case 'text':
        return typeof block.text === 'string' && block.text !== '' ? this.start() + this.chunk({ content: block.text }) : '';
      case 'thinking':
        return typeof block.thinking === 'string' && block.thinking !== '' ? this.start() + this.chunk({ reasoning_content: block.thinking }) : '';
      case 'tool_use': {
        const k = this.toolIndex.size;
        this.toolIndex.set(index, k);
        // Anthropic streams the input as JSON deltas and starts with `{}`; a
        // non-empty start input (some compatible servers) is sent whole.
        const hasInput = isRecord(block.input) && Object.keys(block.input).length > 0;
        return this.start() + this.chunk({
          tool_calls: [{
            index: k, id: String(block.id ?? ''), type: 'function',
            function: { name: String(block.name ?? ''), arguments: hasInput ? JSON.stringify(block.input) : '' },
          }],
        });
      }
      // redacted_thinking and server-side blocks have no OpenAI counterpart.
      default:
        return '';
    }
  }

  private blockDelta(index: number, delta: unknown): string {
    if (!isRecord(delta)) return '';
    switch (delta.type) {
      case 'text_delta':
        return typeof delta.text === 'string' ? this.start() + this.chunk({ content: delta.text }) : '';
      case 'thinking_delta':
        return typeof delta.thinking === 'string' ? this.start() + this.chunk({ reasoning_content: delta.thinking }) : '';
      case 'input_json_delta': {
        const k = this.toolIndex.get(index);
        if (k === undefined || typeof delta.partial_json !== 'string' || delta.partial_json === '') return '';
        return this.start() + this.chunk({ tool_calls: [{ index: k, function: { arguments: delta.partial_json } }] });
      }
      // signature_delta (thinking integrity) and citations_delta have no OpenAI field.
      default:
        return '';
    }
  }

  private mergeUsage(u: unknown): void {
    if (!isRecord(u)) return;
    // message_delta counters are cumulative totals: overwrite, never add.
    for (const [k, v] of Object.entries(u)) if (v !== null && v !== undefined) this.raw[k] = v;
  }

  private chunk(delta: Delta, finishReason: OpenAIFinishReason | null = null): string {
    const chunk: OpenAIChatChunk = {
      id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    return sseData(chunk);
  }
}
