import { describe, expect, it } from 'vitest';
import { detectFormat, importItems, parseCsv, parseJsonl, parseText } from '../../electron/compare/import';
import { extractPrompt } from '../../electron/compare/sample';

describe('JSONL import', () => {
  it('reads prompts, systems and references; errors name the line', () => {
    const text = [
      '{"prompt": "one", "reference": "1"}',
      '',
      '{"input": "two", "system": "sys", "expected": 2}',
      '{"prompt": "three"',
      '[1,2]',
      '{"reference": "no prompt"}',
      '"bare string prompt"',
      '{"prompt": "ok", "system": {"x": 1}}',
    ].join('\n');
    const r = parseJsonl(text);
    expect(r.items).toEqual([
      { prompt: 'one', system: null, reference: '1', origin: 'import' },
      { prompt: 'two', system: 'sys', reference: '2', origin: 'import' },
      { prompt: 'bare string prompt', system: null, reference: null, origin: 'import' },
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 6, 8]);
    expect(r.errors[0]!.message).toMatch(/not valid JSON/);
    expect(r.errors[1]!.message).toMatch(/expected a JSON object/);
    expect(r.errors[2]!.message).toMatch(/missing "prompt"/);
    expect(r.errors[3]!.message).toMatch(/"system" must be a string/);
  });
});

describe('CSV import', () => {
  it('handles quotes, embedded newlines and commas, CRLF, BOM and optional columns', () => {
    const text = '\ufeffPrompt,Reference,notes\r\n"Hello, ""world""",hi,x\r\n"multi\nline",,y\r\nplain,ref,z\r\n';
    const r = parseCsv(text);
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { prompt: 'Hello, "world"', system: null, reference: 'hi', origin: 'import' },
      { prompt: 'multi\nline', system: null, reference: null, origin: 'import' },
      { prompt: 'plain', system: null, reference: 'ref', origin: 'import' },
    ]);
  });

  it('names the line of bad records', () => {
    const text = 'prompt,reference\n"a\nb",1\nonly-one-field\n,empty\n"unterminated,2\n';
    const r = parseCsv(text);
    expect(r.items).toHaveLength(1);
    expect(r.errors).toEqual([
      { line: 4, message: 'expected 2 fields (as in the header), found 1' },
      { line: 5, message: 'empty prompt' },
      { line: 6, message: 'unterminated quoted field (a " that is never closed)' },
    ]);
    expect(parseCsv('question_text,answer\nx,y\n').errors[0]).toEqual({ line: 1, message: expect.stringMatching(/no "prompt" column/) });
  });
});

describe('pasted text and detection', () => {
  it('splits on --- lines, else one prompt per line', () => {
    expect(parseText('first\nstill first\n---\nsecond\n').items.map((i) => i.prompt)).toEqual(['first\nstill first', 'second']);
    expect(parseText('a\n\nb\n').items.map((i) => i.prompt)).toEqual(['a', 'b']);
  });
  it('detects the format', () => {
    expect(detectFormat('{"prompt":"x"}\n')).toBe('jsonl');
    expect(detectFormat('prompt,reference\nx,y')).toBe('csv');
    expect(detectFormat('What is love?\nBaby don\'t hurt me')).toBe('text');
    expect(importItems('prompt\nhello\n').items[0]!.prompt).toBe('hello');
  });
});

describe('prompts from logged bodies', () => {
  it('OpenAI: last user message with text, system/developer joined', () => {
    expect(
      extractPrompt({
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'S1' },
          { role: 'developer', content: [{ type: 'text', text: 'S2' }] },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'answer' },
          { role: 'user', content: [{ type: 'text', text: 'last' }, { type: 'image_url', image_url: { url: 'x' } }] },
        ],
      }),
    ).toEqual({ prompt: 'last', system: 'S1\n\nS2' });
  });
  it('Anthropic: top-level system blocks; a tool_result-only turn is skipped', () => {
    expect(
      extractPrompt({
        system: [{ type: 'text', text: 'Be nice' }],
        messages: [
          { role: 'user', content: 'question' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'r' }] },
        ],
      }),
    ).toEqual({ prompt: 'question', system: 'Be nice' });
    expect(extractPrompt({ messages: [] })).toBeNull();
    expect(extractPrompt('nope')).toBeNull();
  });
});
