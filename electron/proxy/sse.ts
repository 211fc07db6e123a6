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

/**
 * Parses one raw event into its `event:` name and joined `data:` lines. Lines
 * end at `\n` or `\r\n`. Runs once per streamed chunk, so it scans with
 * indexOf instead of splitting into an array.
 */
export function parseSseEvent(raw: string): SseEvent {
  let event: string | undefined;
  let data = '';
  let first = true;
  const len = raw.length;
  let pos = 0;
  for (;;) {
    const nl = raw.indexOf('\n', pos);
    // The line is raw[pos, end): without its `\n`, and without a `\r` right before it.
    const end = nl === -1 ? len : nl > pos && raw.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (raw.startsWith('data:', pos)) {
      const from = pos + 5 < end && raw.charCodeAt(pos + 5) === 32 ? pos + 6 : pos + 5;
      const value = raw.slice(from, end);
      data = first ? value : `${data}\n${value}`;
      first = false;
    } else if (raw.startsWith('event:', pos)) {
      event = raw.slice(pos + 6 < end && raw.charCodeAt(pos + 6) === 32 ? pos + 7 : pos + 6, end);
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return { event, data };
}
