/**
 * Prompt-set import: JSONL, CSV and plain pasted text → items. Errors name
 * the (1-based) line where the offending record starts; valid records are
 * still returned so the UI can show both.
 */
import type { CompareItem } from '../../shared/compare';

export interface ImportError {
  line: number;
  message: string;
}

export interface ImportResult {
  format: 'jsonl' | 'csv' | 'text';
  items: CompareItem[];
  errors: ImportError[];
}

const PROMPT_KEYS = ['prompt', 'input', 'question', 'user', 'query'];
const SYSTEM_KEYS = ['system', 'system_prompt', 'instructions'];
const REFERENCE_KEYS = ['reference', 'expected', 'ideal', 'answer', 'target', 'reference_answer', 'expected_output'];

const MAX_ERRORS = 200;

function pick(obj: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | undefined {
  const lower = new Map(Object.entries(obj).map(([k, v]) => [k.trim().toLowerCase(), { key: k, value: v }]));
  for (const k of keys) {
    const hit = lower.get(k);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function optionalText(v: unknown): string | null | 'invalid' {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'invalid';
}

export function parseJsonl(text: string, origin = 'import'): ImportResult {
  const items: CompareItem[] = [];
  const errors: ImportError[] = [];
  const lines = stripBom(text).split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === '' || errors.length >= MAX_ERRORS) return;
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch (err) {
      errors.push({ line, message: `not valid JSON (${(err as Error).message})` });
      return;
    }
    if (typeof obj === 'string') {
      if (obj.trim()) items.push({ prompt: obj, system: null, reference: null, origin });
      else errors.push({ line, message: 'empty prompt' });
      return;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      errors.push({ line, message: 'expected a JSON object such as {"prompt": "…", "reference": "…"}' });
      return;
    }
    const o = obj as Record<string, unknown>;
    const p = pick(o, PROMPT_KEYS);
    if (!p || typeof p.value !== 'string' || p.value.trim() === '') {
      errors.push({ line, message: `missing "prompt" (a non-empty string)${p ? `: "${p.key}" is ${p.value === '' ? 'empty' : typeof p.value}` : ''}` });
      return;
    }
    const sys = pick(o, SYSTEM_KEYS);
    const ref = pick(o, REFERENCE_KEYS);
    const system = optionalText(sys?.value);
    const reference = optionalText(ref?.value);
    if (system === 'invalid') return void errors.push({ line, message: `"${sys!.key}" must be a string` });
    if (reference === 'invalid') return void errors.push({ line, message: `"${ref!.key}" must be a string` });
    items.push({ prompt: p.value, system, reference, origin });
  });
  return { format: 'jsonl', items, errors };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** RFC 4180 records with the line each starts on. Quoted fields may span lines. */
export function csvRecords(text: string): { records: Array<{ line: number; fields: string[] }>; errors: ImportError[] } {
  const s = stripBom(text);
  const records: Array<{ line: number; fields: string[] }> = [];
  const errors: ImportError[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    let ended = false;
    while (i < s.length) {
      const ch = s[i]!;
      if (quoted) {
        if (ch === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          // Only a separator or end of record may follow a closing quote.
          const next = s[i];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            errors.push({ line, message: 'unexpected character after a closing quote (inside a quoted field, write a quote as "")' });
            while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') field += s[i++];
          }
          continue;
        }
        if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i++;
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
        break;
      }
      field += ch;
      atFieldStart = false;
      i++;
    }
    if (quoted) {
      errors.push({ line: startLine, message: 'unterminated quoted field (a " that is never closed)' });
      break;
    }
    fields.push(field);
    // Skip blank lines.
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: startLine, fields });
    void ended;
  }
  return { records, errors };
}

export function parseCsv(text: string, origin = 'import'): ImportResult {
  const { records, errors } = csvRecords(text);
  const items: CompareItem[] = [];
  const header = records[0];
  if (!header) {
    if (errors.length === 0) errors.push({ line: 1, message: 'empty CSV: expected a header row with a "prompt" column' });
    return { format: 'csv', items, errors };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (keys: readonly string[]) => {
    for (const k of keys) {
      const i = names.indexOf(k);
      if (i !== -1) return i;
    }
    return -1;
  };
  const pi = col(PROMPT_KEYS);
  const si = col(SYSTEM_KEYS);
  const ri = col(REFERENCE_KEYS);
  if (pi === -1) {
    errors.unshift({ line: header.line, message: `the header row has no "prompt" column (found: ${header.fields.map((f) => `"${f}"`).join(', ')})` });
    return { format: 'csv', items, errors };
  }
  for (const r of records.slice(1)) {
    if (errors.length >= MAX_ERRORS) break;
    if (r.fields.length !== header.fields.length) {
      errors.push({ line: r.line, message: `expected ${header.fields.length} fields (as in the header), found ${r.fields.length}` });
      continue;
    }
    const prompt = r.fields[pi]!;
    if (prompt.trim() === '') {
      errors.push({ line: r.line, message: 'empty prompt' });
      continue;
    }
    const opt = (i: number) => (i === -1 || r.fields[i]!.trim() === '' ? null : r.fields[i]!);
    items.push({ prompt, system: opt(si), reference: opt(ri), origin });
  }
  errors.sort((a, b) => a.line - b.line);
  return { format: 'csv', items, errors };
}

/**
 * Pasted text: prompts separated by lines holding only `---`; without such a
 * line, one prompt per non-empty line.
 */
export function parseText(text: string, origin = 'paste'): ImportResult {
  const s = stripBom(text);
  const lines = s.split(/\r\n|\n|\r/);
  const items: CompareItem[] = [];
  if (lines.some((l) => l.trim() === '---')) {
    let buf: string[] = [];
    const flush = () => {
      const p = buf.join('\n').trim();
      if (p) items.push({ prompt: p, system: null, reference: null, origin });
      buf = [];
    };
    for (const l of lines) {
      if (l.trim() === '---') flush();
      else buf.push(l);
    }
    flush();
  } else {
    for (const l of lines) if (l.trim()) items.push({ prompt: l.trim(), system: null, reference: null, origin });
  }
  return { format: 'text', items, errors: [] };
}

/** Guesses the format: JSONL when the first non-blank line is JSON, CSV when it has a prompt column, else text. */
export function detectFormat(text: string): 'jsonl' | 'csv' | 'text' {
  const first = stripBom(text)
    .split(/\r\n|\n|\r/)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!first) return 'text';
  if (first.startsWith('{') || first.startsWith('"')) {
    try {
      JSON.parse(first);
      return 'jsonl';
    } catch {
      if (first.startsWith('{')) return 'jsonl';
    }
  }
  if (PROMPT_KEYS.includes(first.toLowerCase())) return 'csv';
  if (first.includes(',')) {
    const header = csvRecords(first).records[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
    if (header.some((h) => PROMPT_KEYS.includes(h))) return 'csv';
  }
  return 'text';
}

export function importItems(text: string, format: 'auto' | 'jsonl' | 'csv' | 'text' = 'auto'): ImportResult {
  const f = format === 'auto' ? detectFormat(text) : format;
  if (f === 'jsonl') return parseJsonl(text);
  if (f === 'csv') return parseCsv(text);
  return parseText(text);
}
