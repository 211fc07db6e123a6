/**
 * OpenAI `chat.completion.chunk`s → Anthropic Messages SSE (with `event:`
 * lines, which the Anthropic SDK requires).
 *
 * Anthropic streams one content block at a time with sequential indices:
 * content_block_start, deltas, content_block_stop. OpenAI deltas interleave
 * freely, so a new block is opened whenever the kind of content changes
 * (reasoning → text → tool call k …) and the previous one is closed.
 *
 * OpenAI sends usage in a separate chunk *after* the finish_reason chunk, and
 * Anthropic reports the final usage in `message_delta`, so `message_delta` is
 * held back until the usage chunk arrives or `finish()` is called.
 */
import type { Usage } from '../../shared/usage';
import type { AnthropicContentBlock, AnthropicResponse, AnthropicStopReason } from '../../shared/wire/anthropic';
import type { OpenAIChatChunk, OpenAIChunkToolCallDelta } from '../../shared/wire/openai';
import { openaiErrorToAnthropic } from './errors';
import { openaiFinishToAnthropic } from './stop-reasons';
import { usageFromOpenAI, usageToAnthropic } from './usage';
import { chunkChoices, isRecord, sseEvent, toAnthropicId } from './util';

export interface OpenAIToAnthropicStreamOptions {
  /** The model name the client asked for. */
  requestedModel: string;
  /** Defaults to the upstream chunk id, prefixed `msg_`. */
  messageId?: string;
}

type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'thinking'; index: number }
  | { kind: 'tool'; index: number; toolIndex: number };

export class OpenAIToAnthropicStream {
  private readonly model: string;
  private messageId: string | undefined;
  private started = false;
  private done = false;
  private finishSeen = false;
  private refused = false;
  private stop: AnthropicStopReason | null = null;
  private current: OpenBlock | undefined;
  private nextIndex = 0;
  /** OpenAI tool call index → Anthropic block index. */
  private readonly toolBlocks = new Map<number, number>();
  private usageValue: Usage = usageFromOpenAI(undefined);

  constructor(opts: OpenAIToAnthropicStreamOptions) {
    this.model = opts.requestedModel;
    this.messageId = opts.messageId;
  }

  get usage(): Usage {
    return { ...this.usageValue };
  }

  get stopReason(): string | null {
    return this.stop;
  }

  push(chunk: OpenAIChatChunk): string {
    if (this.done) return '';
    // Some servers report a mid-stream failure as a chunk carrying `error`.
    if (isRecord(chunk.error)) {
      this.done = true;
      return sseEvent(openaiErrorToAnthropic({ error: chunk.error }, 200));
    }
    let out = this.start(chunk);

    // n>1 is refused at request time, so only choice 0 exists.
    const choice = chunkChoices(chunk).find((c) => (c.index ?? 0) === 0);
    if (choice) {
      const delta = isRecord(choice.delta) ? choice.delta : {};
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') out += this.thinking(reasoning);
      if (typeof delta.content === 'string' && delta.content !== '') out += this.text(delta.content);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        // A refusal is what the model said; Anthropic flags it with stop_reason "refusal".
        this.refused = true;
        out += this.text(delta.refusal);
      }
      for (const call of delta.tool_calls ?? []) out += this.toolCall(call);
      if (choice.finish_reason) {
        this.finishSeen = true;
        this.stop = openaiFinishToAnthropic(choice.finish_reason);
        out += this.closeBlock();
      }
    }

    if (isRecord(chunk.usage)) {
      this.usageValue = usageFromOpenAI(chunk.usage);
      // The usage-only chunk follows finish_reason: the message can now end.
      if (this.finishSeen) out += this.end();
    }
    return out;
  }

  /** Call when the upstream stream ends; closes whatever is still open. */
  finish(): string {
    if (this.done) return '';
    return this.start(undefined) + this.closeBlock() + this.end();
  }

  private start(chunk: OpenAIChatChunk | undefined): string {
    if (this.started) return '';
    this.started = true;
    this.messageId ??= toAnthropicId(chunk?.id);
    // Usage is usually unknown until the end; some servers send it on every chunk.
    if (chunk && isRecord(chunk.usage)) this.usageValue = usageFromOpenAI(chunk.usage);
    const usage = usageToAnthropic(this.usageValue);
    const message: AnthropicResponse = {
      id: this.messageId,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 0 },
    };
    return sseEvent({ type: 'message_start', message });
  }

  private end(): string {
    if (this.done) return '';
    this.done = true;
    const stop = this.refused && this.stop === 'end_turn' ? 'refusal' : this.stop;
    this.stop = stop;
    // Anthropic's message_delta usage is cumulative; include the input side
    // too, since message_start went out before the upstream reported it.
    const u = usageToAnthropic(this.usageValue);
    return (
      sseEvent({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: u }) +
      sseEvent({ type: 'message_stop' })
    );
  }

  private open(block: OpenBlock, contentBlock: AnthropicContentBlock): string {
    const out = this.closeBlock();
    this.current = block;
    return out + sseEvent({ type: 'content_block_start', index: block.index, content_block: contentBlock });
  }

  private closeBlock(): string {
    if (!this.current) return '';
    const index = this.current.index;
    this.current = undefined;
    return sseEvent({ type: 'content_block_stop', index });
  }

  private thinking(text: string): string {
    let out = '';
    if (this.current?.kind !== 'thinking') {
      out += this.open({ kind: 'thinking', index: this.nextIndex++ }, { type: 'thinking', thinking: '', signature: '' });
    }
    return out + sseEvent({ type: 'content_block_delta', index: this.current!.index, delta: { type: 'thinking_delta', thinking: text } });
  }

  private text(text: string): string {
    let out = '';
    if (this.current?.kind !== 'text') out += this.open({ kind: 'text', index: this.nextIndex++ }, { type: 'text', text: '' });
    return out + sseEvent({ type: 'content_block_delta', index: this.current!.index, delta: { type: 'text_delta', text } });
  }

  private toolCall(call: OpenAIChunkToolCallDelta): string {
    const toolIndex = typeof call.index === 'number' ? call.index : 0;
    let out = '';
    let blockIndex = this.toolBlocks.get(toolIndex);
    if (blockIndex === undefined) {
      blockIndex = this.nextIndex++;
      this.toolBlocks.set(toolIndex, blockIndex);
      // Anthropic starts tool_use blocks with an empty input and streams the JSON.
      const id = call.id ?? `toolu_${this.messageId ?? 'msg'}_${toolIndex}`;
      out += this.open({ kind: 'tool', index: blockIndex, toolIndex }, { type: 'tool_use', id, name: call.function?.name ?? '', input: {} });
    }
    // If this call's block was already closed (an upstream interleaving the
    // arguments of parallel calls), blocks cannot be reopened: the fragment is
    // sent under the call's own block index, which index-based accumulators
    // (the Anthropic SDK among them) still assemble correctly.
    const args = call.function?.arguments;
    if (typeof args === 'string' && args !== '') {
      out += sseEvent({ type: 'content_block_delta', index: blockIndex, delta: { type: 'input_json_delta', partial_json: args } });
    }
    return out;
  }
}
