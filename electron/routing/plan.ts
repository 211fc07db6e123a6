import { DEFAULT_RETRY_ON, ROUTE_PREFIX, type AutoTier, type Route, type Target, type TargetSettings } from '../../shared/routes';
import { GatewayError } from '../core/errors';

/** Per-target settings after inheritance (parent's, overridden by the target's own). */
export interface EffectiveSettings {
  firstByteTimeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
  retries: number;
  backoffMs: number;
  retryOn: ReadonlySet<number>;
  fallbackOnAuthError: boolean;
}

export const DEFAULT_SETTINGS: EffectiveSettings = Object.freeze({
  firstByteTimeoutMs: undefined,
  idleTimeoutMs: undefined,
  retries: 0,
  backoffMs: 250,
  retryOn: new Set(DEFAULT_RETRY_ON),
  fallbackOnAuthError: false,
});

interface NodeBase {
  settings: EffectiveSettings;
  weight: number;
}
export interface ModelNode extends NodeBase {
  kind: 'model';
  /** As written: `provider/model` or a bare model name. */
  ref: string;
}
export interface GroupNode extends NodeBase {
  kind: 'fallback' | 'loadbalance' | 'race';
  children: PlanNode[];
}
export interface AutoNode extends NodeBase {
  kind: 'auto';
  tiers: Partial<Record<AutoTier, string[]>> | undefined;
}
/** A `route/NAME` target that can't be followed (missing, or a cycle): always skipped. */
export interface BrokenNode extends NodeBase {
  kind: 'broken';
  ref: string;
  why: string;
}
export type PlanNode = ModelNode | GroupNode | AutoNode | BrokenNode;

/** What the planner decided for one request. */
export type Plan =
  | { kind: 'route'; name: string; route: Route; root: PlanNode }
  | { kind: 'direct'; model: string };

const MAX_DEPTH = 8;

function inherit(parent: EffectiveSettings, own: TargetSettings): EffectiveSettings {
  if (
    own.firstByteTimeoutMs === undefined &&
    own.idleTimeoutMs === undefined &&
    own.retries === undefined &&
    own.backoffMs === undefined &&
    own.retryOn === undefined &&
    own.fallbackOnAuthError === undefined
  ) {
    return parent;
  }
  return {
    firstByteTimeoutMs: own.firstByteTimeoutMs ?? parent.firstByteTimeoutMs,
    idleTimeoutMs: own.idleTimeoutMs ?? parent.idleTimeoutMs,
    retries: own.retries ?? parent.retries,
    backoffMs: own.backoffMs ?? parent.backoffMs,
    retryOn: own.retryOn ? new Set(own.retryOn) : parent.retryOn,
    fallbackOnAuthError: own.fallbackOnAuthError ?? parent.fallbackOnAuthError,
  };
}

/**
 * Turns a route into a tree of nodes with every target's effective settings
 * worked out, and `route/NAME` targets inlined (cycles and missing routes
 * become nodes that are skipped, with the reason, rather than errors).
 */
export function compileRoute(name: string, routes: Readonly<Record<string, Route>>): PlanNode {
  const compile = (t: Target, parent: EffectiveSettings, stack: readonly string[]): PlanNode => {
    if (typeof t === 'string') return compileRef(t, parent, 1, stack);
    if (!('strategy' in t)) {
      const settings = inherit(parent, t);
      return compileRef(t.model, settings, t.weight ?? 1, stack);
    }
    const settings = inherit(parent, t);
    const weight = t.weight ?? 1;
    if (t.strategy === 'auto') return { kind: 'auto', tiers: t.tiers, settings, weight };
    return { kind: t.strategy, children: t.targets.map((c) => compile(c, settings, stack)), settings, weight };
  };
  const compileRef = (ref: string, settings: EffectiveSettings, weight: number, stack: readonly string[]): PlanNode => {
    if (!ref.startsWith(ROUTE_PREFIX)) return { kind: 'model', ref, settings, weight };
    const target = ref.slice(ROUTE_PREFIX.length);
    const route = routes[target];
    if (!route) return { kind: 'broken', ref, why: `no route named '${target}'`, settings, weight };
    if (stack.includes(target)) return { kind: 'broken', ref, why: `route cycle ${[...stack, target].join(' -> ')}`, settings, weight };
    if (stack.length >= MAX_DEPTH) return { kind: 'broken', ref, why: `routes nested deeper than ${MAX_DEPTH}`, settings, weight };
    const node = compile(route, settings, [...stack, target]);
    return { ...node, weight };
  };
  const route = routes[name];
  if (!route) throw new Error(`no route ${name}`);
  return compile(route, DEFAULT_SETTINGS, [name]);
}

const compiled = new WeakMap<object, Map<string, PlanNode>>();

/**
 * Route lookup: `route/NAME` always means a route (404 if there is none);
 * otherwise a route of that name wins over a model of that name; otherwise
 * the name goes to a provider directly. Compiled routes are cached per
 * settings snapshot, so this is a couple of map reads per request.
 */
export function planRequest(model: string, routes: Readonly<Record<string, Route>>): Plan {
  let name: string | null = null;
  if (model.startsWith(ROUTE_PREFIX)) {
    name = model.slice(ROUTE_PREFIX.length);
    if (!Object.hasOwn(routes, name)) {
      const known = Object.keys(routes);
      throw new GatewayError(
        404,
        'not_found',
        `No route named '${name}'. ${known.length ? `Routes: ${known.join(', ')}.` : 'Add one with `switchboard routes add NAME`.'}`,
        { code: 'route_not_found', param: 'model' },
      );
    }
  } else if (Object.hasOwn(routes, model)) {
    name = model;
  }
  if (name === null) return { kind: 'direct', model };
  let cache = compiled.get(routes);
  if (!cache) compiled.set(routes, (cache = new Map()));
  let root = cache.get(name);
  if (!root) cache.set(name, (root = compileRoute(name, routes)));
  return { kind: 'route', name, route: routes[name]!, root };
}

/** Every model ref a node can reach (auto nodes: their own tier override only). */
export function modelRefs(node: PlanNode, out: string[] = []): string[] {
  if (node.kind === 'model') out.push(node.ref);
  else if (node.kind === 'fallback' || node.kind === 'loadbalance' || node.kind === 'race') for (const c of node.children) modelRefs(c, out);
  else if (node.kind === 'auto' && node.tiers) for (const list of Object.values(node.tiers)) out.push(...(list ?? []));
  return out;
}
