/**
 * Incremental SSE framing. Upstream TCP chunks split events anywhere; this
 * yields whole events (the raw text including the terminating blank line) as
 * soon as their last line arrives, so forwarding adds no buffering beyond one
 * event. Handles \n and \r\n line endings.
 */
export class SseSplitter {
  private tail = '';

  /** Returns the complete events in this chunk, each ending with a blank line. */
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const events: string[] = [];
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n\n', start);
      const crlf = text.indexOf('\r\n\r\n', start);
      let end: number;
      if (lf === -1 && crlf === -1) break;
      if (crlf !== -1 && (lf === -1 || crlf < lf)) end = crlf + 4;
      else end = lf + 2;
      events.push(text.slice(start, end));
      start = end;
    }
    this.tail = start === 0 ? text : text.slice(start);
    return events;
  }

  /** Bytes received after the last complete event (a truncated stream leaves some). */
  get pending(): string {
    return this.tail;
  }
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Parses one raw event into its `event:` name and joined `data:` lines. */
export function parseSseEvent(raw: string): SseEvent {
  let event: string | undefined;
  let data = '';
  let first = true;
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('data:')) {
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = first ? value : `${data}\n${value}`;
      first = false;
    } else if (line.startsWith('event:')) {
      event = line.slice(line.charCodeAt(6) === 32 ? 7 : 6);
    }
  }
  return { event, data };
}
