import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { routesCommand } from '../../electron/cli/commands/routes';
import { cli, tempDir } from '../cli/helpers';

/**
 * `switchboard routes add|list|show|rm`. One pass through the real binary (exit
 * codes, parseArgs flags); the rest in-process, which is the same code without
 * paying for a Node start per command.
 */
let dir: string;

beforeAll(async () => {
  dir = await tempDir('sb-routes-cli-');
  process.env.SWITCHBOARD_KEYRING = 'master-key-file';
});

/** Runs `switchboard routes ...` in-process: its exit code (or error), stdout and stderr. */
async function routes(positionals: string[], values: Record<string, string | boolean> = {}, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  if (stdin !== undefined) {
    vi.spyOn(process.stdin, Symbol.asyncIterator).mockImplementation(async function* () {
      yield Buffer.from(stdin);
    } as never);
  }
  try {
    const code = await routesCommand({ positionals, values: { 'data-dir': dir, ...values } });
    return { code, stdout, stderr, error: '' };
  } catch (e) {
    return { code: (e as { exitCode?: number }).exitCode ?? -1, stdout, stderr, error: (e as Error).message };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('switchboard routes (the binary)', () => {
  it('exit codes and messages as the user sees them', async () => {
    const bin = await tempDir('sb-routes-bin-');
    const [bad, add] = await Promise.all([
      cli(['routes', 'add', 'bad', '--json', '{"strategy":"fallback","targets":["a",{"model":5}],"retries":99}', '--data-dir', bin]),
      cli(['routes', 'add', 'lb', '--loadbalance', 'openai/gpt-4o:3,anthropic/claude-sonnet-4-6:1', '--retries', '2', '--data-dir', bin]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("switchboard: Invalid route 'bad':");
    expect(bad.stderr).toContain('targets.1.model: Invalid input: expected string, received number');
    expect(bad.stderr).toContain('retries: Too big');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain("Added route 'lb' (loadbalance): openai/gpt-4o:3, anthropic/claude-sonnet-4-6:1");
    const settings = JSON.parse(fs.readFileSync(path.join(bin, 'settings.json'), 'utf8'));
    expect(settings.routes.lb).toEqual({
      strategy: 'loadbalance',
      retries: 2,
      targets: [{ model: 'openai/gpt-4o', weight: 3 }, { model: 'anthropic/claude-sonnet-4-6', weight: 1 }],
    });
  }, 60_000);
});

describe('switchboard routes', () => {
  it('add from flags, list, show, rm', async () => {
    const add = await routes(['add', 'smart'], { fallback: 'openai/gpt-4o,anthropic/claude-sonnet-4-6', retries: '1', 'first-byte-timeout': '20000' });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain("Added route 'smart' (fallback): openai/gpt-4o, anthropic/claude-sonnet-4-6");
    expect(add.stderr).toContain("no key for provider 'openai' yet"); // a warning, not an error
    expect((await routes(['add', 'duel'], { race: 'openai/gpt-4o-mini,anthropic/claude-haiku-4-5' })).code).toBe(0);
    expect((await routes(['add', 'auto'], { auto: true })).code).toBe(0);
    const again = await routes(['add', 'duel'], { race: 'openai/gpt-4o,anthropic/claude-haiku-4-5', cache: true });
    expect(again.stdout).toContain("Replaced route 'duel'");

    const list = await routes(['list']);
    expect(list.stdout).toMatch(/NAME\s+STRATEGY\s+TARGETS\s+OPTIONS/);
    expect(list.stdout).toMatch(/duel\s+race\s+openai\/gpt-4o, anthropic\/claude-haiku-4-5\s+cache/);
    expect(list.stdout).toMatch(/auto\s+auto\s+auto \(tiers from settings\)/);
    const json = JSON.parse((await routes(['list'], { json: true })).stdout);
    expect(Object.keys(json).sort()).toEqual(['auto', 'duel', 'smart']);

    const show = await routes(['show', 'smart']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('fallback  [retries=1 firstByteTimeoutMs=20000]');
    expect(show.stdout).toContain('    1. openai/gpt-4o\n');
    expect(show.stdout).toContain('Cooldown: 3 failures within 60 s -> skipped for 30 s (defaults)');
    expect(show.stdout).toContain('Cooldown state: none recorded');

    // What a running proxy mirrors when a target enters cooldown.
    fs.writeFileSync(
      path.join(dir, 'cooldowns.json'),
      JSON.stringify({ writtenAt: Date.now(), pid: 4242, entries: [{ provider: 'openai', model: 'gpt-4o', since: Date.now(), until: Date.now() + 20_000, lastError: '429 Rate limit reached' }] }),
    );
    const cooling = await routes(['show', 'smart']);
    expect(cooling.stdout).toMatch(/1\. openai\/gpt-4o {2}COOLING DOWN (19|20) s more \(429 Rate limit reached\)/);
    expect(cooling.stdout).toContain('Cooldown state (from proxy pid 4242');
    expect(cooling.stdout).toMatch(/openai\s+gpt-4o\s+(19|20) s\s+429 Rate limit reached/);

    expect((await routes(['rm', 'smart'])).stdout).toContain("Removed route 'smart'.");
    const gone = await routes(['show', 'smart']);
    expect(gone.error).toContain("No route named 'smart'");
  });

  it('add from --json (argument or stdin); validation errors name the field', async () => {
    const ok = await routes(['add', 'nested', '{"strategy":"fallback","targets":[{"strategy":"race","targets":["a","b"]},"c"],"cooldown":{"failures":2}}'], { json: true });
    expect(ok.code).toBe(0);
    const piped = await routes(['add', 'piped'], { json: true }, '{"strategy":"auto","tiers":{"simple":["gpt-4o-mini"]}}');
    expect(piped.code).toBe(0);

    const typo = await routes(['add', 'bad', '{"strategy":"fallback","targets":["a"],"retires":2}'], { json: true });
    expect(typo.code).toBe(2);
    expect(typo.error).toContain('(route): Unrecognized key: "retires"');
    const notJson = await routes(['add', 'bad', '{strategy'], { json: true });
    expect(notJson.error).toMatch(/--json: not valid JSON/);
    const cycle = await routes(['add', 'selfish'], { fallback: 'route/selfish,a' });
    expect(cycle.error).toContain('route/selfish: route cycle selfish -> selfish');
    const missing = await routes(['add', 'dangling'], { fallback: 'route/nowhere' });
    expect(missing.error).toContain("route/nowhere: no route named 'nowhere'");
    const two = await routes(['add', 'x'], { auto: true, race: 'a,b' });
    expect(two.error).toContain('exactly one of');
    const name = await routes(['add', 'bad/name'], { auto: true });
    expect(name.error).toContain("Invalid route name 'bad/name'");
    const timeout = await routes(['add', 'x'], { auto: true, 'idle-timeout': 'soon' });
    expect(timeout.error).toContain("--idle-timeout must be a whole number (got 'soon')");

    // A route used by another can't be removed from under it.
    expect((await routes(['add', 'inner'], { fallback: 'a' })).code).toBe(0);
    expect((await routes(['add', 'outer'], { fallback: 'route/inner,b' })).code).toBe(0);
    expect((await routes(['rm', 'inner'])).error).toContain("Route 'inner' is used by outer");
  });
});
