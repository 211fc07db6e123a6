/**
 * Small helpers shared by the translators. Kept here so each translator file
 * reads as a list of mapping decisions rather than plumbing.
 */
import type { OpenAIChatChunk } from '../../shared/wire/openai';
import type { AnthropicErrorBody, AnthropicStreamEvent } from '../../shared/wire/anthropic';

/** `undefined` and `null` both mean "not sent": clients serialise either. */
export const isSet = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-negative integer, or 0 for anything else (usage counters from odd servers). */
export const count = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;

/** OpenAI ids look like `chatcmpl-…`; keep the upstream id so logs correlate. */
export const toOpenAIId = (id: string | undefined): string =>
  !id ? `chatcmpl-${Date.now().toString(36)}` : id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;

/** Anthropic ids look like `msg_…`; same reasoning as `toOpenAIId`. */
export const toAnthropicId = (id: string | undefined): string =>
  !id ? `msg_${Date.now().toString(36)}` : id.startsWith('msg_') ? id : `msg_${id}`;

export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** One OpenAI-style SSE frame: `data: {json}` then a blank line. */
export const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

/** One Anthropic-style SSE frame. The Anthropic SDK skips frames without an `event:` line. */
export const sseEvent = (payload: AnthropicStreamEvent | AnthropicErrorBody): string =>
  `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;

export const SSE_DONE = 'data: [DONE]\n\n';

/** Chunk `choices` may be `null` or missing on some servers' usage-only chunk. */
export const chunkChoices = (chunk: OpenAIChatChunk): OpenAIChatChunk['choices'] =>
  Array.isArray(chunk.choices) ? chunk.choices : [];
