import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineForPath, locateJson } from '../../renderer/pages/routes/json-locate';
import { checkRouteText, placeServerIssues, pretty, routeNameError, routeTemplate, type TemplateKind } from '../../renderer/pages/routes/validate';

describe('locateJson', () => {
  it('parses exactly what JSON.parse parses, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const r = locateJson(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['{', '[1,]', '{"a":1,}', "{'a':1}", '{"a" 1}', '01', '"\\x"', '{"a":1}}', 'tru', '', '  ', '"a\nb"', '[1 2]', '-']) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(locateJson(bad).ok, bad).toBe(false);
    }
  });

  it('points syntax errors at line and column', () => {
    const r = locateJson('{\n  "strategy": "fallback",\n  "targets": ["a",]\n}');
    expect(r).toMatchObject({ ok: false, line: 3, message: 'Trailing comma before “]”' });
    const q = locateJson("{\n  'strategy': 1\n}");
    expect(q).toMatchObject({ ok: false, line: 2, column: 3 });
    expect(!q.ok && q.message).toContain('double quotes');
    expect(locateJson('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ ok: false, line: 3 });
  });

  it('records the line of each key and value, and falls back to the nearest ancestor', () => {
    const text = pretty({ strategy: 'fallback', targets: ['a', { model: 'b', weight: 2 }], cache: { ttlSeconds: 5 } });
    const r = locateJson(text);
    if (!r.ok) throw new Error('should parse');
    expect(lineForPath(r, ['strategy'])).toBe(2);
    expect(lineForPath(r, ['targets', 0])).toBe(4);
    expect(lineForPath(r, ['targets', 1, 'weight'])).toBe(7);
    expect(lineForPath(r, ['cache', 'ttlSeconds'])).toBe(11);
    expect(lineForPath(r, ['targets', 1, 'missing'])).toBe(5); // the object it should be in
    expect(lineForPath(r, ['nope', 'deeper'])).toBe(1);
  });
});

describe('checkRouteText', () => {
  it('accepts every template, with and without the user’s models', () => {
    for (const kind of ['fallback', 'loadbalance', 'race', 'auto'] as TemplateKind[]) {
      for (const models of [[], ['groq/llama-3.3-70b'], ['a/b', 'c/d', 'e/f', 'g/h']]) {
        const r = checkRouteText(pretty(routeTemplate(kind, models)));
        expect(r.issues, `${kind} ${models.join()}`).toEqual([]);
        expect(r.ok).toBe(true);
      }
    }
  });

  it('names the field and the line of each schema issue', () => {
    const r = checkRouteText('{\n  "strategy": "fallback",\n  "targets": [\n    "a",\n    { "model": 5 }\n  ],\n  "cache": { "ttlSeconds": 0 }\n}');
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      { line: 5, field: 'targets.1.model', message: expect.stringContaining('expected string') },
      { line: 7, field: 'cache.ttlSeconds', message: expect.stringContaining('>=1') },
    ]);
  });

  it('reports unknown fields one by one, a missing field at its object, and a bad strategy', () => {
    expect(checkRouteText('{\n  "strategy": "race",\n  "targets": ["a", "b"],\n  "colour": 1\n}').issues).toEqual([
      { line: 4, field: 'colour', message: 'unknown field "colour"' },
    ]);
    expect(checkRouteText('{\n  "strategy": "fallback"\n}').issues).toEqual([{ line: 1, field: 'targets', message: expect.stringContaining('expected array') }]);
    expect(checkRouteText('{ "strategy": "fastest", "targets": ["a"] }').issues[0]).toMatchObject({ field: 'strategy', line: 1 });
    expect(checkRouteText('{\n  "strategy": "race",\n  "targets": ["a"]\n}').issues).toEqual([{ line: 3, field: 'targets', message: 'a race needs at least two targets' }]);
  });

  it('reports a JSON syntax error as one issue with its position', () => {
    const r = checkRouteText('{\n  "strategy": "fallback",\n  "targets": ["a",]\n}');
    expect(r.issues).toEqual([{ line: 3, field: '(JSON)', message: 'Trailing comma before “]” (line 3, column 19)' }]);
  });

  it('places the server’s "field: message" issues on lines', () => {
    const text = pretty({ strategy: 'fallback', targets: ['x/y', 'z'] });
    expect(placeServerIssues(text, ['targets.1: unknown provider "z"', 'something odd'])).toEqual([
      { line: 5, field: 'targets.1', message: 'unknown provider "z"' },
      { line: 1, field: '(route)', message: 'something odd' },
    ]);
  });

  it('checks route names like the server does', () => {
    expect(routeNameError('fast', [], true)).toBeNull();
    expect(routeNameError('-x', [], true)).toMatch(/Start with a letter/);
    expect(routeNameError('fast', ['fast'], true)).toMatch(/exists/);
    expect(routeNameError('fast', ['fast'], false)).toBeNull();
  });
});
