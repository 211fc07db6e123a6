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
export const REDACTED = '[redacted]';

/** Keys shorter than this are not real keys (placeholders like `none`): scrubbing them would mangle ordinary text. */
const MIN_KEY = 8;

export function keyForms(key: string | null | undefined): string[] {
  if (!key || key.length < MIN_KEY) return [];
  const forms = new Set<string>([key]);
  const json = JSON.stringify(key).slice(1, -1);
  forms.add(json);
  forms.add(json.replaceAll('/', '\\/'));
  const url = encodeURIComponent(key);
  forms.add(url);
  forms.add(url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  forms.add(key.replaceAll(' ', '+'));
  for (let shift = 0; shift < 3; shift++) {
    // The middle of the encoding, which doesn't depend on the neighbouring bytes.
    const b64 = Buffer.concat([Buffer.alloc(shift), Buffer.from(key)]).toString('base64');
    const middle = b64.slice(shift === 0 ? 0 : 4, -4);
    if (middle.length >= MIN_KEY) {
      forms.add(middle);
      forms.add(middle.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  // Longest first, so a form containing another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

export class KeyScrubber {
  private readonly forms: readonly string[];

  constructor(key: string | null | undefined) {
    this.forms = keyForms(key);
  }

  text(text: string): string {
    for (const f of this.forms) if (text.includes(f)) text = text.split(f).join(REDACTED);
    return text;
  }

  /** A body as received: returned as is (same Buffer) unless it holds the key. */
  body(out: Buffer | string): Buffer | string {
    if (typeof out === 'string') return this.text(out);
    for (const f of this.forms) if (out.includes(f)) return this.text(out.toString('utf8'));
    return out;
  }
}
