import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonBody } from '../../electron/proxy/body';
import { KeyScrubber, keyForms } from '../../electron/proxy/scrub';
import { parseSseEvent } from '../../electron/proxy/sse';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';

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

/** The Set-based `keyForms` the fast-path version replaced. */
function referenceKeyForms(key: string | null | undefined): string[] {
  if (!key || key.length < 8) return [];
  const forms = new Set<string>([key]);
  const json = JSON.stringify(key).slice(1, -1);
  forms.add(json);
  forms.add(json.replaceAll('/', '\\/'));
  const url = encodeURIComponent(key);
  forms.add(url);
  forms.add(url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  forms.add(key.replaceAll(' ', '+'));
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), Buffer.from(key)]).toString('base64');
    const middle = b64.slice(shift === 0 ? 0 : 4, -4);
    if (middle.length >= 8) {
      forms.add(middle);
      forms.add(middle.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** The result, or the error's name (a lone surrogate makes encodeURIComponent throw in both). */
function outcome<T>(f: () => T): { value: T } | { threw: string } {
  try {
    return { value: f() };
  } catch (err) {
    return { threw: (err as Error).name };
  }
}

describe('keyForms', () => {
  it('matches the Set-based version on arbitrary keys', () => {
    const keyChars = fc.constantFrom('a', 'Z', '0', '-', '_', '/', '+', ' ', '"', '\\', '%', '~', '\n', 'é', '€', '\ud83d', '\ude00', '\u2028', '=', '.');
    fc.assert(
      fc.property(fc.string({ unit: keyChars, maxLength: 40 }), (key) => {
        expect(outcome(() => keyForms(key))).toEqual(outcome(() => referenceKeyForms(key)));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (key) => {
        expect(outcome(() => keyForms(key))).toEqual(outcome(() => referenceKeyForms(key)));
      }),
      { numRuns: 3000 },
    );
    for (const key of ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', 'sk-ant-api03-AbC_dEf-123', 'key with spaces/and+slashes', null, undefined, 'short']) {
      expect(keyForms(key)).toEqual(referenceKeyForms(key));
    }
  });

  it('a scrubber built lazily redacts every spelling', () => {
    const key = 'sk-test-0123456789abcdef/+xyz';
    const s = new KeyScrubber(key);
    for (const f of referenceKeyForms(key)) expect(s.text(`before ${f} after`)).toBe('before [redacted] after');
    const clean = Buffer.from('{"ok":true}');
    expect(s.body(clean)).toBe(clean);
  });
});

/** The TextDecoder + charCodeAt version `readJsonBody` replaced, as a pure function of the bytes. */
function referenceDecode(raw: Buffer): { ok: true; json: unknown } | { ok: false; why: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, why: 'utf8' };
  }
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > 64) return { ok: false, why: 'depth' };
    } else if (c === 125 || c === 93) depth--;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, why: 'json' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, why: 'shape' };
  return { ok: true, json };
}

async function decode(raw: Buffer): Promise<{ ok: true; json: unknown } | { ok: false; why: string }> {
  const req = Object.assign(Readable.from(raw.length ? [raw] : []), { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage;
  try {
    return { ok: true, json: (await readJsonBody(req, 1 << 20)).json };
  } catch (err) {
    const m = (err as Error).message;
    return { ok: false, why: /UTF-8/.test(m) ? 'utf8' : /nests/.test(m) ? 'depth' : /not valid JSON/.test(m) ? 'json' : 'shape' };
  }
}

describe('readJsonBody', () => {
  it('accepts and refuses exactly what the TextDecoder version did', async () => {
    const parts = ['{', '}', '[', ']', '"', '\\', '"\\""', ':', ',', '1', '"a"', ' ', 'é', '\u{1F600}'];
    const bytes = fc.oneof(
      fc.array(fc.constantFrom(...parts), { maxLength: 160 }).map((p) => Buffer.from(p.join(''))),
      fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)),
      fc.array(fc.constantFrom(...parts), { maxLength: 20 }).map((p) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"a":${p.join('')}}`)])),
      fc.constant(Buffer.from('\ufeff{"model":"x"}')),
      fc.integer({ min: 60, max: 70 }).map((n) => Buffer.from(`{"a":${'['.repeat(n)}${']'.repeat(n)}}`)),
      fc.integer({ min: 60, max: 70 }).map((n) => Buffer.from(`{"a":"${'['.repeat(n)}"}`)),
      // Runs of backslashes before a quote decide whether the string (and so the brackets' count) ends there.
      fc
        .tuple(fc.nat({ max: 5 }), fc.integer({ min: 60, max: 70 }), fc.constantFrom('', 'x', 'é', '\\"'))
        .map(([k, n, pad]) => Buffer.from(`{"a":"${pad}${'\\'.repeat(k)}"${'['.repeat(n)}${']'.repeat(n)}${pad}"}`)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (raw) => {
        expect(await decode(raw)).toEqual(referenceDecode(raw));
      }),
      { numRuns: 3000 },
    );
  });
});
