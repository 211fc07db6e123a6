import type { Route } from '../../../shared/routes';
import { UserFacingError } from '../../core/errors';
import { DEFAULT_COOLDOWN, readCooldownSnapshot } from '../../routing/cooldown';
import { describeRoute, modelWarnings, parseRoute, removeRoute, saveRoute, summarize } from '../../routing/manage';
import { table } from '../format';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

const STRATEGY_FLAGS = ['json', 'fallback', 'race', 'loadbalance', 'auto'] as const;

export const ROUTES_USAGE = `Usage:
  switchboard routes add NAME --fallback a,b,c | --race a,b | --loadbalance a:3,b:1 | --auto | --json '<route json>'
        [--retries N] [--first-byte-timeout MS] [--idle-timeout MS] [--fallback-on-auth-error] [--cache] [--prompt-caching]
  switchboard routes list [--json]
  switchboard routes show NAME [--json]
  switchboard routes rm NAME`;

export async function routesCommand(args: CommandArgs): Promise<number> {
  const [sub, name, ...rest] = args.positionals;
  const needName = () => {
    if (!name) throw new UserFacingError(`${ROUTES_USAGE}`, 2);
    return name;
  };
  switch (sub) {
    case 'add': {
      const routeName = needName();
      const input = await routeInput(args, rest);
      return withApp(args, async (app) => {
        const route = parseRoute(routeName, input);
        const replaced = saveRoute(app.settings, routeName, route);
        process.stdout.write(`${replaced ? 'Replaced' : 'Added'} route '${routeName}' (${route.strategy}): ${summarize(route)}\n`);
        process.stdout.write(`Call it with model "${routeName}" (or "route/${routeName}").\n`);
        for (const w of modelWarnings(routeName, app.settings.get().routes, app.registry(), app.directory())) process.stderr.write(`Warning: ${w}\n`);
        return 0;
      });
    }
    case 'list':
      return withApp(args, async (app) => {
        const routes = app.settings.get().routes;
        if (args.values.json) {
          process.stdout.write(`${JSON.stringify(routes, null, 2)}\n`);
          return 0;
        }
        const names = Object.keys(routes).sort();
        if (names.length === 0) {
          process.stdout.write('No routes yet. Add one with: switchboard routes add smart --fallback openai/gpt-4.1,anthropic/claude-sonnet-4-6\n');
          return 0;
        }
        const rows = names.map((n) => {
          const r = routes[n]!;
          const extras = [r.cache?.enabled ? 'cache' : '', r.promptCaching ? 'prompt-caching' : ''].filter(Boolean).join(' ');
          return [n, r.strategy, summarize(r), extras];
        });
        process.stdout.write(`${table(['NAME', 'STRATEGY', 'TARGETS', 'OPTIONS'], rows)}\n`);
        return 0;
      });
    case 'show':
      return withApp(args, async (app) => {
        const routeName = needName();
        const route = app.settings.get().routes[routeName];
        if (!route) throw new UserFacingError(`No route named '${routeName}'. See: switchboard routes list`);
        const snap = readCooldownSnapshot(app.dataDir);
        if (args.values.json) {
          process.stdout.write(`${JSON.stringify({ name: routeName, route, cooldowns: snap?.entries ?? [] }, null, 2)}\n`);
          return 0;
        }
        process.stdout.write(showRoute(routeName, route, snap));
        for (const w of modelWarnings(routeName, app.settings.get().routes, app.registry(), app.directory())) process.stdout.write(`Warning: ${w}\n`);
        return 0;
      });
    case 'rm':
      return withApp(args, async (app) => {
        const routeName = needName();
        removeRoute(app.settings, routeName);
        process.stdout.write(`Removed route '${routeName}'.\n`);
        return 0;
      });
    default:
      throw new UserFacingError(ROUTES_USAGE, 2);
  }
}

function showRoute(name: string, route: Route, snap: ReturnType<typeof readCooldownSnapshot>): string {
  const cd = route.cooldown ?? DEFAULT_COOLDOWN;
  const out: string[] = [`Route '${name}'${route.description ? ` - ${route.description}` : ''}`];
  out.push(...describeRoute(route, snap?.entries ?? []).map((l) => `  ${l}`));
  out.push(
    `Cooldown: ${cd.failures} failure${cd.failures === 1 ? '' : 's'} within ${cd.windowMs / 1000} s -> skipped for ${cd.cooldownMs / 1000} s${route.cooldown ? '' : ' (defaults)'}`,
  );
  if (route.cache?.enabled) out.push(`Response cache: on, TTL ${route.cache.ttlSeconds} s`);
  if (route.promptCaching) out.push('Anthropic prompt caching: on');
  if (!snap) {
    out.push('Cooldown state: none recorded. It lives in the running proxy (`switchboard serve` or the desktop app), which mirrors it here when it changes.');
  } else if (snap.entries.length === 0) {
    out.push(`Cooldown state: no target cooling down (as of ${new Date(snap.writtenAt).toLocaleTimeString()}, from proxy pid ${snap.pid}).`);
  } else {
    out.push(`Cooldown state (from proxy pid ${snap.pid}, written ${new Date(snap.writtenAt).toLocaleTimeString()}):`);
    const now = Date.now();
    out.push(
      table(
        ['PROVIDER', 'MODEL', 'FOR', 'LAST ERROR'],
        snap.entries.map((e) => [e.provider, e.model, `${Math.ceil((e.until - now) / 1000)} s`, e.lastError.slice(0, 80)]),
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The route as given on the command line: --json, or one strategy flag plus options. */
async function routeInput(args: CommandArgs, rest: string[]): Promise<unknown> {
  const v = args.values;
  const chosen = STRATEGY_FLAGS.filter((f) => v[f] !== undefined && v[f] !== false);
  if (chosen.length !== 1) {
    throw new UserFacingError(`routes add takes exactly one of --fallback, --race, --loadbalance, --auto or --json.\n\n${ROUTES_USAGE}`, 2);
  }
  const list = (flag: string) => {
    const text = v[flag];
    if (typeof text !== 'string' || !text.trim()) throw new UserFacingError(`--${flag} needs a comma-separated list of models.`, 2);
    return text.split(',').map((s) => s.trim()).filter(Boolean);
  };
  let route: Record<string, unknown>;
  switch (chosen[0]) {
    case 'json': {
      // `--json` is a boolean flag (shared with --json output): the route JSON is
      // the next argument, or stdin when there is none.
      const text = rest.length ? rest.join(' ') : await readStdin();
      try {
        route = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        throw new UserFacingError(`--json: not valid JSON (${(err as Error).message}).`, 2);
      }
      if (!route || typeof route !== 'object' || Array.isArray(route)) throw new UserFacingError('--json: expected a JSON object with a "strategy".', 2);
      break;
    }
    case 'fallback':
      route = { strategy: 'fallback', targets: list('fallback') };
      break;
    case 'race':
      route = { strategy: 'race', targets: list('race') };
      break;
    case 'loadbalance':
      route = {
        strategy: 'loadbalance',
        targets: list('loadbalance').map((item) => {
          const m = /^(.+):(\d+(?:\.\d+)?)$/.exec(item);
          return m ? { model: m[1]!, weight: Number(m[2]) } : item;
        }),
      };
      break;
    default:
      route = { strategy: 'auto' };
  }
  if (chosen[0] !== 'json' && rest.length) throw new UserFacingError(`Unexpected argument '${rest[0]}'.\n\n${ROUTES_USAGE}`, 2);
  const int = (flag: string, field: string) => {
    const text = v[flag];
    if (text === undefined) return;
    const n = Number(text);
    if (typeof text !== 'string' || !Number.isInteger(n)) throw new UserFacingError(`--${flag} must be a whole number (got '${String(text)}').`, 2);
    route[field] = n;
  };
  int('retries', 'retries');
  int('first-byte-timeout', 'firstByteTimeoutMs');
  int('idle-timeout', 'idleTimeoutMs');
  if (v['fallback-on-auth-error']) route.fallbackOnAuthError = true;
  if (v.cache) route.cache = { enabled: true };
  if (v['prompt-caching']) route.promptCaching = true;
  return route;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UserFacingError(`--json needs the route JSON as the next argument (or on stdin).\n\n${ROUTES_USAGE}`, 2);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
