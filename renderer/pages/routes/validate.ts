import { ROUTE_NAME_RE, RouteSchema } from '../../../shared/routes';
import { lineForPath, locateJson, pathKey } from './json-locate';

export interface RouteIssue {
  /** 1-based line in the editor. */
  line: number;
  /** The field, e.g. `targets.1.model`, or `(route)` for the whole route, `(JSON)` for syntax. */
  field: string;
  message: string;
}

export interface RouteCheck {
  ok: boolean;
  value?: unknown;
  issues: RouteIssue[];
}

/** Validate the editor text as you type: JSON syntax first, then the shared RouteSchema, each issue tied to a line. */
export function checkRouteText(text: string): RouteCheck {
  const loc = locateJson(text);
  if (!loc.ok) return { ok: false, issues: [{ line: loc.line, field: '(JSON)', message: `${loc.message} (line ${loc.line}, column ${loc.column})` }] };
  const parsed = RouteSchema.safeParse(loc.value);
  if (parsed.success) return { ok: true, value: loc.value, issues: [] };
  const issues: RouteIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        issues.push({ line: lineForPath(loc, path), field: pathKey(path), message: `unknown field "${key}"` });
      }
      continue;
    }
    issues.push({ line: lineForPath(loc, issue.path), field: issue.path.length ? pathKey(issue.path) : '(route)', message: issue.message });
  }
  issues.sort((a, b) => a.line - b.line);
  return { ok: false, value: loc.value, issues };
}

/** Issues from the server (`field.path: message` strings), placed on lines where possible. */
export function placeServerIssues(text: string, lines: string[]): RouteIssue[] {
  const loc = locateJson(text);
  return lines.map((s) => {
    const m = /^([^:\s]+):\s*(.*)$/s.exec(s);
    const field = m?.[1] ?? '(route)';
    const message = m?.[2] ?? s;
    const path = field === '(route)' ? [] : field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    return { line: loc.ok ? lineForPath(loc, path) : 1, field, message };
  });
}

export function routeNameError(name: string, existing: string[], isNew: boolean): string | null {
  if (!name) return null;
  if (!ROUTE_NAME_RE.test(name)) return 'Start with a letter or digit; then letters, digits, . _ - (up to 64)';
  if (isNew && existing.includes(name)) return 'A route with this name exists';
  return null;
}

export type TemplateKind = 'fallback' | 'loadbalance' | 'race' | 'auto';

/** Starting points for each strategy, using the user's own models when known. */
export function routeTemplate(kind: TemplateKind, models: string[]): unknown {
  const m = [...models, 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash'].filter((x, i, a) => a.indexOf(x) === i);
  switch (kind) {
    case 'fallback':
      return {
        strategy: 'fallback',
        description: 'Try the first model; on errors, timeouts or rate limits, the next.',
        targets: [m[0], m[1]],
        firstByteTimeoutMs: 20000,
        retries: 1,
      };
    case 'loadbalance':
      return {
        strategy: 'loadbalance',
        description: 'Spread calls across models by weight.',
        targets: [
          { model: m[0], weight: 3 },
          { model: m[1], weight: 1 },
        ],
      };
    case 'race':
      return {
        strategy: 'race',
        description: 'Send to all at once; the first good answer wins.',
        targets: [m[0], m[1]],
      };
    case 'auto':
      return {
        strategy: 'auto',
        description: 'Pick a model by how hard the request looks.',
        tiers: { simple: [m[0]], standard: [m[1]], complex: [m[2]] },
      };
  }
}

export function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
