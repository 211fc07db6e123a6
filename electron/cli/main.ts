import { parseArgs } from 'node:util';
import { UserFacingError } from '../core/errors';
import { keysCommand } from './commands/keys';
import { logCommand } from './commands/log';
import { modelsCommand } from './commands/models';
import { serveCommand } from './commands/serve';
import { tokenCommand } from './commands/token';
import { routesCommand } from './commands/routes';
import { budgetCommand } from './commands/budget';

export const USAGE = `Switchboard: a local gateway for LLM calls over your own provider keys.

Usage: switchboard <command> [options]

  serve [--host 127.0.0.1] [--port 4141] [--data-dir DIR] [--expose]
                                   run the proxy (and, headless, the UI)
  keys add PROVIDER [--base-url URL]  store a key, read from stdin (replaces any old one)
  keys list                        masked keys, the backend that sealed each, its protection
  keys test PROVIDER               call the provider's models endpoint with the key
  keys rm PROVIDER                 remove a key
  token create NAME                print a new client token (only on stdout)
  token list                       client tokens (names and hints, never the tokens)
  token revoke NAME                revoke a client token at once
  log [--limit N] [--json]         the most recent requests with tokens and cost
  models [--json]                  models reachable with your keys (cached for offline use)
  routes add NAME --fallback a,b,c | --race a,b | --loadbalance a:3,b:1 | --auto | --json '<route json>'
        [--retries N] [--first-byte-timeout MS] [--idle-timeout MS] [--fallback-on-auth-error] [--cache] [--prompt-caching]
                                   add or replace a route: a virtual model name with a routing policy
  routes list [--json]             routes and their targets
  routes show NAME [--json]        a route's policy and which of its targets are cooling down
  routes rm NAME                   remove a route
  budget [--json]                  spend against each daily/monthly cap, and the last hour's
  budget set --scope global|provider|route|token [--name NAME] --period day|month --limit USD [--mode hard|soft]
                                   add or replace a cap (hard: refuse with 402; soft: alert)
  budget rm ID                     remove a cap
  budget burn-rate USD|off         alert when more than USD is spent in an hour

Every command takes --data-dir DIR (or SWITCHBOARD_DATA_DIR).`;

export type CommandArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

const OPTIONS = {
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  expose: { type: 'boolean' },
  'base-url': { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  scope: { type: 'string' },
  name: { type: 'string' },
  period: { type: 'string' },
  mode: { type: 'string' },
  fallback: { type: 'string' },
  race: { type: 'string' },
  loadbalance: { type: 'string' },
  auto: { type: 'boolean' },
  retries: { type: 'string' },
  'first-byte-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'fallback-on-auth-error': { type: 'boolean' },
  cache: { type: 'boolean' },
  'prompt-caching': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const COMMANDS: Record<string, (a: CommandArgs) => Promise<number | void>> = {
  serve: serveCommand,
  keys: keysCommand,
  token: tokenCommand,
  log: logCommand,
  models: modelsCommand,
  budget: budgetCommand,
  routes: routesCommand,
};

export async function main(argv: string[]): Promise<void> {
  let code = 0;
  try {
    code = (await run(argv)) ?? 0;
  } catch (err) {
    if (err instanceof UserFacingError) {
      process.stderr.write(`switchboard: ${err.message}\n`);
      code = err.exitCode;
    } else {
      process.stderr.write(`switchboard: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
      code = 70;
    }
  }
  if (code !== 0 || process.argv.includes('--exit')) process.exit(code);
  process.exitCode = code;
}

async function run(argv: string[]): Promise<number | void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserFacingError(`${(err as Error).message.split('\n')[0]} (see 'switchboard --help').`, 2);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.version) {
    process.stdout.write('switchboard 0.1.0\n');
    return 0;
  }
  if (!command || parsed.values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler) throw new UserFacingError(`Unknown command '${command}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`, 2);
  return handler({ positionals: rest, values: parsed.values });
}
