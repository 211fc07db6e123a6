import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSseEvent } from '../../electron/proxy/sse';

/**
 * Hot-path rewrites made for the benchmark (issue 8) must not change
 * behaviour: each is checked against the implementation it replaced.
 */

/** The split-based parser `parseSseEvent` replaced. */
function referenceParseSseEvent(raw: string): { event: string | undefined; data: string } {
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

const pieces = ['data:', 'data: ', 'event:', 'event: ', 'id: 1', ': comment', ' ', '\n', '\r', '\r\n', '\n\n', '\r\n\r\n', 'x', '{"a":1}', '[DONE]', 'message_stop', 'é', ':'];

describe('parseSseEvent', () => {
  it('matches the split-based parser on arbitrary input', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const raw = parts.join('');
        expect(parseSseEvent(raw)).toEqual(referenceParseSseEvent(raw));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('d', 'a', 't', ':', ' ', '\r', '\n', 'e', 'v', 'n') , maxLength: 40 }), (raw) => {
        expect(parseSseEvent(raw)).toEqual(referenceParseSseEvent(raw));
      }),
      { numRuns: 5000 },
    );
  });

  it('parses the usual events', () => {
    expect(parseSseEvent('data: {"x":1}\n\n')).toEqual({ event: undefined, data: '{"x":1}' });
    expect(parseSseEvent('event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n')).toEqual({ event: 'message_stop', data: '{"type":"message_stop"}' });
    expect(parseSseEvent('data: a\ndata: b\n\n')).toEqual({ event: undefined, data: 'a\nb' });
    expect(parseSseEvent(': keep-alive\n\n')).toEqual({ event: undefined, data: '' });
  });
});
