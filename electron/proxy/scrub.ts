/**
 * Removes a provider key from text bound for a client or the log. Providers
 * sometimes quote the key they were sent (a 401 "Incorrect API key provided:
 * sk-…", a URL with `?key=` in an error, a header dump), and a model can be
 * made to repeat it. Every spelling a reader could recover it from is
 * covered: raw, JSON-escaped, URL-encoded, and base64 (standard and URL-safe)
 * at each of the three byte alignments it can have inside a longer blob.
 *
 * A check costs one `includes` per form (about a dozen): cheap enough for
 * every streamed chunk.
 */
import type { Secret } from '../core/secret';

export const REDACTED = '[redacted]';

/** Keys shorter than this are not real keys (placeholders like `none`): scrubbing them would mangle ordinary text. */
const MIN_KEY = 8;

/** Characters JSON.stringify escapes (besides `/`, whose `\/` spelling is added separately). */
const JSON_ESCAPED = /["\\\u0000-\u001f\u2028\u2029]|[\ud800-\udfff]/;
/** Characters encodeURIComponent leaves as they are. */
const URI_PLAIN = /^[A-Za-z0-9\-_.!~*'()]*$/;

/**
 * Every spelling of `key` to look for, longest first. Costs a few µs: most
 * keys are plain ASCII, for which the JSON and URL spellings are the key
 * itself and are not computed. (test/bench/hot-path-equivalence.test.ts
 * checks it against the straightforward version on arbitrary strings.)
 */
export function keyForms(key: string | null | undefined): string[] {
  if (!key || key.length < MIN_KEY) return [];
  const forms = [key];
  // Insertion order kept as a Set would, so the sort below is stable alike.
  const add = (f: string) => {
    if (!forms.includes(f)) forms.push(f);
  };
  const json = JSON_ESCAPED.test(key) ? JSON.stringify(key).slice(1, -1) : key;
  add(json);
  if (json.includes('/')) add(json.replaceAll('/', '\\/'));
  if (!URI_PLAIN.test(key)) {
    const url = encodeURIComponent(key);
    add(url);
    add(url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  }
  if (key.includes(' ')) add(key.replaceAll(' ', '+'));
  const bytes = Buffer.from(key);
  for (let shift = 0; shift < 3; shift++) {
    // The middle of the encoding, which doesn't depend on the neighbouring bytes.
    const shifted = shift === 0 ? bytes : Buffer.alloc(shift + bytes.length);
    if (shift !== 0) bytes.copy(shifted, shift);
    const b64 = shifted.toString('base64');
    const middle = b64.slice(shift === 0 ? 0 : 4, -4);
    if (middle.length >= MIN_KEY) {
      add(middle);
      add(middle.includes('+') || middle.includes('/') ? middle.replaceAll('+', '-').replaceAll('/', '_') : middle);
    }
  }
  // Longest first, so a form containing another is replaced whole.
  return forms.length === 1 ? forms : forms.sort((a, b) => b.length - a.length);
}

/**
 * Scrubs one key from one request's output. The key's spellings are worked
 * out on the first check, not up front: an attempt that fails before any
 * output (or is dropped) never needs them. They live as long as this object,
 * one attempt; nothing key-derived outlives the call.
 */
export class KeyScrubber {
  private key: Secret | string | null | undefined;
  private cached: readonly string[] | null = null;

  constructor(key: Secret | string | null | undefined) {
    this.key = key;
  }

  private get forms(): readonly string[] {
    if (this.cached === null) {
      const k = this.key;
      this.cached = keyForms(typeof k === 'string' || k == null ? k : k.reveal());
      this.key = null;
    }
    return this.cached;
  }

  text(text: string): string {
    for (const f of this.forms) if (text.includes(f)) text = text.split(f).join(REDACTED);
    return text;
  }

  /**
   * A body as received: returned as is (same Buffer) unless it holds the key.
   * Searched as text: one decode, then V8's string search, is several times
   * faster than `Buffer#includes` per form (each converts its needle). A form
   * (valid UTF-8, starting on a character) found in the bytes is found in the
   * decoded text too.
   */
  body(out: Buffer | string): Buffer | string {
    if (typeof out === 'string') return this.text(out);
    const text = out.toString('utf8');
    const scrubbed = this.text(text);
    return scrubbed === text ? out : scrubbed;
  }
}
