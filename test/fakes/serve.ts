/**
 * Start both upstream emulators for manual and benchmark runs:
 *
 *   node bin/tsx-run.mjs test/fakes/serve.ts --openai-port 0 --anthropic-port 0 --key sk-test-123
 *
 * Prints one JSON line: {"openai":"http://127.0.0.1:P/v1","anthropic":"http://127.0.0.1:Q",...}
 * Options:
 *   --openai-port N | --anthropic-port N   (default 0 = ephemeral)
 *   --host H                               (default 127.0.0.1)
 *   --key K             key both fakes accept (also --openai-key / --anthropic-key)
 *   --behaviour JSON    default Behaviour for both, e.g. '{"ttftMs":200,"tokensPerSec":50}'
 *   --openai-behaviour JSON | --anthropic-behaviour JSON
 * Stops on SIGINT/SIGTERM or when stdin closes with --exit-on-stdin-close.
 */
import { startFakeAnthropic } from './anthropic';
import { startFakeOpenAI } from './openai';
import type { Behaviour, FakeOptions } from './script';

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out[a.slice(2)] = argv[++i]!;
    else out[a.slice(2)] = 'true';
  }
  return out;
}

function behaviour(json: string | undefined): Behaviour | undefined {
  if (!json) return undefined;
  return JSON.parse(json) as Behaviour;
}

const args = parseArgs(process.argv.slice(2));
const host = args.host ?? '127.0.0.1';
const common = (key: string | undefined, port: string | undefined, b: Behaviour | undefined): FakeOptions => ({
  host,
  port: port === undefined ? 0 : Number(port),
  recordLimit: 1000,
  ...(key ? { apiKey: key } : {}),
  ...(b ? { behaviour: b } : {}),
});
const shared = behaviour(args.behaviour);
const openai = await startFakeOpenAI(common(args['openai-key'] ?? args.key, args['openai-port'], behaviour(args['openai-behaviour']) ?? shared));
const anthropic = await startFakeAnthropic(
  common(args['anthropic-key'] ?? args.key, args['anthropic-port'], behaviour(args['anthropic-behaviour']) ?? shared),
);

process.stdout.write(
  JSON.stringify({ openai: openai.url, anthropic: anthropic.url, openaiPort: openai.port, anthropicPort: anthropic.port, pid: process.pid }) + '\n',
);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await Promise.all([openai.close(), anthropic.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
if (args['exit-on-stdin-close'] === 'true') {
  process.stdin.on('end', () => void shutdown());
  process.stdin.resume();
}
