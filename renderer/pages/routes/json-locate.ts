/**
 * A small JSON parser that also records where each value starts, so a schema
 * issue at `targets.1.model` can be pointed at a line in the editor. It
 * accepts exactly JSON (RFC 8259) and reports syntax errors with line and column.
 */

export type PathKey = string;

export interface Located {
  ok: true;
  value: unknown;
  /** Path (`targets.1.model`; '' for the root) → 1-based line where its value starts. */
  valueLines: Map<PathKey, number>;
  /** Path → 1-based line of its key in the parent object (object members only). */
  keyLines: Map<PathKey, number>;
}

export interface SyntaxProblem {
  ok: false;
  message: string;
  line: number;
  column: number;
}

export function pathKey(path: ReadonlyArray<PropertyKey>): PathKey {
  return path.map(String).join('.');
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function locateJson(text: string): Located | SyntaxProblem {
  const valueLines = new Map<PathKey, number>();
  const keyLines = new Map<PathKey, number>();
  let i = 0;
  // line starts, for offset → line/column
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the text' : `“${text[at]}”`);

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('Unterminated string', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('Invalid escape in string');
        continue;
      }
      if (c < ' ') fail(c === '\n' ? 'Unterminated string (strings can’t span lines)' : 'Control character in string');
      out += c;
      i++;
    }
  };

  const parseValue = (path: Array<string | number>): unknown => {
    ws();
    valueLines.set(pathKey(path), lineOf(i));
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          fail(text[i] === '}' ? 'Trailing comma before “}”' : text[i] === "'" ? 'Use "double quotes" for property names' : `Expected a "quoted" property name, found ${describe(i)}`);
        }
        const keyAt = i;
        const key = parseString();
        keyLines.set(pathKey([...path, key]), lineOf(keyAt));
        ws();
        if (text[i] !== ':') fail(`Expected “:” after "${key}", found ${describe(i)}`);
        i++;
        obj[key] = parseValue([...path, key]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`Expected “,” or “}” after the value of "${key}", found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('Trailing comma before “]”');
        arr.push(parseValue([...path, arr.length]));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`Expected “,” or “]” in the list, found ${describe(i)}`);
      }
    }
    if (c === '"') return parseString();
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num && num[0] !== '-') {
      i += num[0].length;
      return Number(num[0]);
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (c === "'") return fail('Use "double quotes": JSON has no single-quoted strings');
    return fail(i >= text.length ? 'Unexpected end of the text: a value is missing' : `Unexpected ${describe(i)}`);
  };

  try {
    ws();
    if (i >= text.length) fail('The route is empty: enter a JSON object');
    const value = parseValue([]);
    ws();
    if (i < text.length) fail(`Unexpected ${describe(i)} after the end of the JSON`);
    return { ok: true, value, valueLines, keyLines };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const line = lineOf(err.offset);
    return { ok: false, message: err.message, line, column: err.offset - lineStarts[line - 1]! + 1 };
  }
}

/**
 * The line to blame for an issue at `path`: the key of the member if it
 * exists, else its value, else the nearest ancestor that exists.
 */
export function lineForPath(loc: Located, path: ReadonlyArray<PropertyKey>): number {
  for (let n = path.length; n >= 0; n--) {
    const key = pathKey(path.slice(0, n));
    const line = loc.keyLines.get(key) ?? loc.valueLines.get(key);
    if (line !== undefined) return line;
  }
  return 1;
}
