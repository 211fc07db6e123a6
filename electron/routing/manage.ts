import { ROUTE_NAME_RE, ROUTE_PREFIX, RouteSchema, formatIssues, type Route, type Target } from '../../shared/routes';
import type { Settings } from '../../shared/settings';
import { UserFacingError } from '../core/errors';
import type { ProviderRegistry } from '../providers/registry';
import { resolveModel, type ModelDirectory } from '../providers/resolve';
import type { SettingsStore } from '../settings/store';
import type { CooldownEntry } from './cooldown';
import { compileRoute, modelRefs, type PlanNode } from './plan';

/**
 * Route management shared by the CLI (and the admin API): validation with
 * errors that name the field, reference checks, and a readable description.
 */

/** Validates a route; throws a UserFacingError listing each problem as `field: message`. */
export function parseRoute(name: string, input: unknown): Route {
  if (!ROUTE_NAME_RE.test(name)) {
    throw new UserFacingError(`Invalid route name '${name}': use 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.`, 2);
  }
  const r = RouteSchema.safeParse(input);
  if (!r.success) throw new UserFacingError(`Invalid route '${name}':\n  ${formatIssues(r.error).join('\n  ')}`, 2);
  return r.data;
}

/** `route/NAME` targets that don't exist, or form a cycle, given the routes after the change. */
export function referenceProblems(name: string, routes: Readonly<Record<string, Route>>): string[] {
  const problems: string[] = [];
  const walk = (node: PlanNode) => {
    if (node.kind === 'broken') problems.push(`${node.ref}: ${node.why}`);
    else if (node.kind === 'fallback' || node.kind === 'loadbalance' || node.kind === 'race') node.children.forEach(walk);
  };
  walk(compileRoute(name, routes));
  return problems;
}

/** Saves (adds or replaces) a route. Returns true when it replaced one. */
export function saveRoute(store: SettingsStore, name: string, route: Route): boolean {
  const current = store.get().routes;
  const problems = referenceProblems(name, { ...current, [name]: route });
  if (problems.length) throw new UserFacingError(`Invalid route '${name}':\n  ${problems.join('\n  ')}`, 2);
  const existed = Object.hasOwn(current, name);
  store.update((s: Settings) => {
    s.routes[name] = route;
  });
  return existed;
}

/** Removes a route; refuses while another route points at it with `route/NAME`. */
export function removeRoute(store: SettingsStore, name: string): void {
  const routes = store.get().routes;
  if (!Object.hasOwn(routes, name)) throw new UserFacingError(`No route named '${name}'.`);
  const users = Object.entries(routes)
    .filter(([other, r]) => other !== name && targetsOf(r).some((t) => t === `${ROUTE_PREFIX}${name}`))
    .map(([other]) => other);
  if (users.length) throw new UserFacingError(`Route '${name}' is used by ${users.join(', ')} (as route/${name}); change those first.`);
  store.update((s: Settings) => {
    delete s.routes[name];
  });
}

function targetsOf(t: Target): string[] {
  if (typeof t === 'string') return [t];
  if (!('strategy' in t)) return [t.model];
  if (t.strategy === 'auto') return [];
  return t.targets.flatMap(targetsOf);
}

/** Models a route can reach that won't work now: unknown names, providers without a key. */
export function modelWarnings(name: string, routes: Readonly<Record<string, Route>>, registry: ProviderRegistry, directory?: ModelDirectory): string[] {
  const out: string[] = [];
  for (const ref of new Set(modelRefs(compileRoute(name, routes)))) {
    try {
      const m = resolveModel(ref, registry, directory);
      if (!m.provider.usable) out.push(`${ref}: no key for provider '${m.provider.spec.id}' yet (it will be skipped until you add one)`);
    } catch (err) {
      out.push(`${ref}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** One line per route for `routes list`. */
export function summarize(route: Route): string {
  const t = (x: Target): string => {
    if (typeof x === 'string') return x;
    if (!('strategy' in x)) return x.weight !== undefined ? `${x.model}:${x.weight}` : x.model;
    if (x.strategy === 'auto') return 'auto';
    return `${x.strategy}(${x.targets.map(t).join(', ')})`;
  };
  return route.strategy === 'auto' ? 'auto (tiers from settings)' : route.targets.map(t).join(', ');
}

/** An indented tree of the route with each target's own settings, for `routes show`. */
export function describeRoute(route: Route, cooling: readonly CooldownEntry[] = [], now = Date.now()): string[] {
  const lines: string[] = [];
  const opts = (x: Record<string, unknown>) => {
    const keys = ['retries', 'backoffMs', 'firstByteTimeoutMs', 'idleTimeoutMs', 'retryOn', 'fallbackOnAuthError', 'weight'] as const;
    const parts = keys.filter((k) => x[k] !== undefined).map((k) => `${k}=${Array.isArray(x[k]) ? (x[k] as unknown[]).join('/') : String(x[k])}`);
    return parts.length ? `  [${parts.join(' ')}]` : '';
  };
  const coolNote = (ref: string) => {
    const slash = ref.indexOf('/');
    const hit = cooling.find((c) => (slash > 0 ? `${c.provider}/${c.model}` === ref : c.model === ref));
    return hit ? `  COOLING DOWN ${Math.ceil((hit.until - now) / 1000)} s more (${hit.lastError})` : '';
  };
  const walk = (x: Target, depth: number, index: number | null) => {
    const pad = '  '.repeat(depth);
    const num = index === null ? '' : `${index + 1}. `;
    if (typeof x === 'string') {
      lines.push(`${pad}${num}${x}${coolNote(x)}`);
      return;
    }
    if (!('strategy' in x)) {
      lines.push(`${pad}${num}${x.model}${opts(x as unknown as Record<string, unknown>)}${coolNote(x.model)}`);
      return;
    }
    if (x.strategy === 'auto') {
      const tiers = x.tiers ? ` tiers: ${Object.entries(x.tiers).map(([k, v]) => `${k}=${(v ?? []).join('|')}`).join(' ')}` : ' (tiers from settings)';
      lines.push(`${pad}${num}auto${tiers}${opts(x as unknown as Record<string, unknown>)}`);
      return;
    }
    lines.push(`${pad}${num}${x.strategy}${opts(x as unknown as Record<string, unknown>)}`);
    x.targets.forEach((c, i) => walk(c, depth + 1, i));
  };
  walk(route, 0, null);
  return lines;
}
