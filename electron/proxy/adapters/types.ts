import type { Usage } from '../../../shared/usage';

/**
 * Turns the upstream's SSE events into what the client should receive, in the
 * client's wire format, and notes usage and the finish reason on the way.
 * Throws on an event it cannot parse (malformed upstream stream).
 */
export interface StreamAdapter {
  /** One raw upstream event (with its blank line); returns text for the client ('' for nothing). */
  event(raw: string): string;
  /** The upstream ended its stream cleanly: any trailing text for the client. */
  end(): string;
  /** The terminal event arrived (`[DONE]`, `message_stop`). A stream that ends without it was truncated. */
  readonly complete: boolean;
  /** Content (text, tool call, reasoning) or a finish reason has been produced. */
  readonly sawContent: boolean;
  readonly usage: Usage | null;
  readonly finishReason: string | null;
  /** The upstream reported an error inside the stream. */
  readonly streamError: string | null;
}

export interface BodyResult {
  out: Buffer | string;
  usage: Usage | null;
  finishReason: string | null;
}

/** Converts a complete non-stream upstream body; throws when it is not valid JSON. */
export type BodyAdapter = (body: Buffer) => BodyResult;
