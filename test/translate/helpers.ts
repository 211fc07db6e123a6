import { expect } from 'vitest';
import { GatewayError } from '../../electron/core/errors';

/** Asserts `fn` throws a 400 GatewayError that names `param`. */
export function expectUntranslatable(fn: () => unknown, param: string): GatewayError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a GatewayError for ${param}`).toBeInstanceOf(GatewayError);
  const err = caught as GatewayError;
  expect(err.status).toBe(400);
  expect(err.param).toBe(param);
  expect(err.message).toContain(param);
  expect(err.code).toBe('untranslatable_field');
  return err;
}

export interface SSEFrame { event: string | null; data: string }

/** Splits SSE text into frames, asserting every frame is well formed. */
export function parseSSE(text: string): SSEFrame[] {
  expect(text.endsWith('\n\n') || text === '').toBe(true);
  const frames: SSEFrame[] = [];
  for (const raw of text.split('\n\n')) {
    if (raw === '') continue;
    let event: string | null = null;
    const data: string[] = [];
    for (const line of raw.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else throw new Error(`malformed SSE line: ${JSON.stringify(line)}`);
    }
    expect(data.length).toBe(1);
    frames.push({ event, data: data[0]! });
  }
  return frames;
}

/** Anthropic SSE → parsed events; checks `event:` matches `data.type`. */
export function parseAnthropicSSE(text: string): Array<Record<string, any>> {
  return parseSSE(text).map((f) => {
    const data = JSON.parse(f.data);
    expect(f.event).toBe(data.type);
    return data;
  });
}

/** OpenAI SSE → parsed chunks (and whether `[DONE]` closed it, last). */
export function parseOpenAISSE(text: string): { chunks: Array<Record<string, any>>; done: boolean } {
  const frames = parseSSE(text);
  const chunks: Array<Record<string, any>> = [];
  let done = false;
  frames.forEach((f, i) => {
    expect(f.event).toBeNull();
    if (f.data === '[DONE]') {
      expect(i).toBe(frames.length - 1);
      done = true;
    } else chunks.push(JSON.parse(f.data));
  });
  return { chunks, done };
}
