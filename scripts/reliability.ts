/**
 * `npm run reliability`: runs the reliability and security suite
 * (test/reliability/) in its long form — the soak, the large fuzz counts,
 * several kill -9 rounds — collects the figures the tests report, and
 * regenerates docs/reliability.md from them.
 *
 *   npm run reliability                 # long run, writes docs/reliability.md
 *   npm run reliability -- --quick      # the CI-sized run (still writes the report)
 *   npm run reliability -- --soak 120   # soak length in seconds (default 60)
 *
 * Exits non-zero when a test fails or a figure is not what it must be (any
 * crash, leak or lost row): the report says so, it doesn't hide it.
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const soakAt = args.indexOf('--soak');
const soakSeconds = soakAt >= 0 ? Number(args[soakAt + 1]) : 60;

interface Figure {
  name: string;
  value: number;
  detail?: string;
}

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
  duration?: number;
  failureMessages?: string[];
}

interface VitestJson {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ name: string; assertionResults: AssertionResult[] }>;
}

async function run(): Promise<{ code: number; ms: number; figures: Figure[]; results: VitestJson | null }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-reliability-'));
  const figuresDir = path.join(work, 'figures');
  const resultsFile = path.join(work, 'results.json');
  const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_RELIABILITY_FIGURES: figuresDir, SWITCHBOARD_SOAK_SECONDS: String(soakSeconds) };
  if (!quick) env.SWITCHBOARD_RELIABILITY_LONG = '1';
  else delete env.SWITCHBOARD_RELIABILITY_LONG;
  const t0 = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [vitest, 'run', 'test/reliability', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`],
      { cwd: ROOT, env, stdio: 'inherit' },
    );
    child.on('close', (c) => resolve(c ?? 1));
  });
  const ms = Date.now() - t0;
  const figures: Figure[] = [];
  if (fs.existsSync(figuresDir)) {
    for (const f of fs.readdirSync(figuresDir)) {
      for (const line of fs.readFileSync(path.join(figuresDir, f), 'utf8').split('\n')) if (line.trim()) figures.push(JSON.parse(line) as Figure);
    }
  }
  const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as VitestJson) : null;
  fs.rmSync(work, { recursive: true, force: true });
  return { code, ms, figures, results };
}

const sum = (figs: Figure[], name: string) => figs.filter((f) => f.name === name).reduce((s, f) => s + f.value, 0);
const max = (figs: Figure[], name: string) => Math.max(0, ...figs.filter((f) => f.name === name).map((f) => f.value));
const count = (figs: Figure[], name: string) => figs.filter((f) => f.name === name).length;
const details = (figs: Figure[], name: string) => figs.filter((f) => f.name === name && f.detail).map((f) => f.detail!);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function git(...a: string[]): string {
  try {
    return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function report(r: Awaited<ReturnType<typeof run>>): { text: string; ok: boolean } {
  const F = r.figures;
  const faultsInjected = sum(F, 'faults.injected');
  const faultsSurvived = sum(F, 'faults.survived');
  const storageFaults = sum(F, 'storage.faults');
  const storageSurvived = sum(F, 'storage.survived');
  const fuzzed = sum(F, 'fuzz.inputs');
  const crashes = sum(F, 'fuzz.crashes');
  const leakHits = sum(F, 'leak.hits');
  const scanned = sum(F, 'leak.scanned');
  const kills = sum(F, 'kill9.kills');
  const completed = sum(F, 'kill9.completed');
  const lost = sum(F, 'kill9.lost');
  const integrityFailures = sum(F, 'kill9.integrity_failures');
  const soakRequests = sum(F, 'soak.requests');
  const soakFailures = sum(F, 'soak.failures');
  const res = r.results;
  const failed = res ? res.numFailedTests : Number.NaN;
  const checks: Array<[string, boolean]> = [
    ['every test passed', r.code === 0 && failed === 0],
    ['every injected fault survived', faultsInjected > 0 && faultsSurvived === faultsInjected],
    ['every storage fault survived', storageFaults > 0 && storageSurvived === storageFaults],
    ['zero crashes from fuzzed input', fuzzed > 0 && crashes === 0 && count(F, 'fuzz.crashes') > 0],
    ['zero planted-key hits', scanned > 0 && leakHits === 0 && count(F, 'leak.hits') > 0],
    ['zero rows lost after kill -9', kills > 0 && lost === 0 && integrityFailures === 0],
  ];
  if (!quick) checks.push(['soak without failures', soakRequests > 0 && soakFailures === 0]);
  const ok = checks.every(([, v]) => v);

  const lines: string[] = [];
  const p = (s = '') => lines.push(s);
  p('# Reliability and security report');
  p();
  p(`Generated by \`npm run reliability\`${quick ? ' -- --quick' : ''} on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  p(`(commit \`${git('rev-parse', '--short', 'HEAD')}\`${git('status', '--porcelain').length ? ' with local changes' : ''}, Node ${process.version}, ${os.platform()} ${os.arch()}, ${os.availableParallelism()} cores).`);
  p(`Suite: \`test/reliability/\` — ${quick ? 'the quick form CI runs' : `long form: soak ${soakSeconds} s, fuzzing at 3 000 runs per endpoint and property, 5 kill -9 rounds`}. Do not edit by hand: rerun the command.`);
  p();
  p(`**Result: ${ok ? 'all clear' : 'PROBLEMS FOUND'}.**`);
  p();
  p('| Figure | Value |');
  p('| --- | --- |');
  p(`| Upstream faults injected / survived | ${fmt(faultsInjected)} / ${fmt(faultsSurvived)} |`);
  p(`| Storage faults injected / survived | ${fmt(storageFaults)} / ${fmt(storageSurvived)} |`);
  p(`| Inputs fuzzed / crashes found | ${fmt(fuzzed)} / ${fmt(crashes)} |`);
  p(`| Planted-key hits | ${fmt(leakHits)} (in ${fmt(scanned)} files, responses, streams and outputs scanned) |`);
  p(`| Rows lost after \`kill -9\` | ${fmt(lost)} of ${fmt(completed)} completed requests, over ${fmt(kills)} kill(s) (${fmt(sum(F, 'kill9.recovered_from_journal'))} recovered from the row journal at restart); integrity_check failures: ${fmt(integrityFailures)} |`);
  p(`| Slow reader: proxy heap growth while the client stalls (max) | ${fmt(max(F, 'client.slowReaderGrowthMb'), 2)} MiB |`);
  p(`| Client hang-up → upstream aborted (max) | ${fmt(max(F, 'client.abortLatencyMs'))} ms (limit 100 ms) |`);
  if (soakRequests > 0) p(`| Soak: requests / failures / heap growth | ${fmt(soakRequests)} / ${fmt(soakFailures)} / ${fmt(max(F, 'soak.heapGrowthMb'), 1)} MiB |`);
  p(`| Tests passed / total | ${res ? `${res.numPassedTests} / ${res.numTotalTests}${res.numPendingTests ? ` (${res.numPendingTests} skipped)` : ''}` : 'no results'} |`);
  p(`| Wall time | ${fmt(r.ms / 1000, 1)} s |`);
  p();
  p('Checks:');
  p();
  for (const [what, v] of checks) p(`- [${v ? 'x' : ' '}] ${what}`);
  p();
  const sr = details(F, 'client.slowReaderGrowthMb');
  const soak = details(F, 'soak.heapGrowthMb');
  if (sr.length || soak.length) {
    p('Details:');
    p();
    for (const d of sr) p(`- slow reader, ${d}`);
    for (const d of soak) p(`- soak: ${d}`);
    p();
  }

  p('## What is exercised, and how');
  p();
  p('Everything runs on loopback against the real gateway (real HTTP server, real SQLite file, real vault) and the provider fakes in `test/fakes/`.');
  p();
  p('- **Upstream faults** (`faults.test.ts`): reset before headers, reset after headers before the first chunk, reset mid-stream, stall before the first byte, stall between chunks, a 429 storm, malformed JSON, malformed SSE, truncated SSE, an in-stream error event quoting the key, connection refused. Each on both provider formats, both client formats, stream and non-stream where the fault applies, and three ways: a fallback route with a healthy second target (the client must get a normal success), a route with the faulty target alone and a direct call (a well-formed error in the client\'s wire format). Faults that strike after the first token reached the client cannot switch targets without splicing two answers: there the stream must end with one well-formed error event and the log row must be marked partial. Every case also needs its log row, and no key in any response.');
  p('- **Clients** (`clients.test.ts`): a reader that stops reading a 64 MiB stream — the provider must stop sending (its chunk counter freezes) and the proxy heap must stay flat; a client hanging up mid-stream (same format, translated) or before the first byte — the upstream connection must close within 100 ms, and the row says `client_disconnected`.');
  p('- **Storage** (`storage.test.ts`): the log database locked by another process (a second connection holding `BEGIN EXCLUSIVE`), read-only (`PRAGMA query_only = ON` on the writer\'s connection; and a writer on a connection opened read-only — tests may run as root, where `chmod` stops nothing, and an open descriptor keeps its mode anyway), and out of disk (`PRAGMA max_page_count` pinned to the current page count on the writer\'s connection, so inserts fail with `SQLITE_FULL` as on a full disk). Traffic must be served at full speed, one warning per outage, rows queued in memory up to the bound (the oldest dropped and counted beyond it) and written once the store is back.');
  p('- **kill -9** (`kill9.test.ts`): a real `switchboard serve` process under 8 concurrent clients (both formats, stream and not) is SIGKILLed mid-flight. A request counts as completed the moment the client could tell (the terminal SSE event or a whole JSON body). The file as the kill left it must pass `PRAGMA integrity_check`; after Switchboard opens the data folder again (replaying the killed process\'s row journal) it must still pass and hold a row for every completed request, matched by `x-switchboard-request-id`.');
  p('- **Bad input** (`fuzz.test.ts`): fast-check properties over the bodies of `/v1/chat/completions`, `/v1/messages` and `/v1/embeddings` (any JSON, request-shaped objects with fields of any type, valid requests with one or two fields replaced) and over their headers (auth forms, content types, `anthropic-version`/`-beta`, cache and source headers; each from its own loopback address so the bad-token limit doesn\'t mask anything). Every answer must be a success or a well-formed error in the endpoint\'s own format; a reset, a wrong shape or an error Switchboard raised on itself (a 500, a leaked `TypeError`) is a crash. Plus: 413 by Content-Length and while a chunked body streams in, 415 for wrong or missing content types, invalid UTF-8, 100 000-level nesting (arrays, objects, inside a field, unclosed), 100 000 messages (same format and translated), 10 000 tools, 100 000 embedding inputs.');
  p('- **Keys** (`leaks.test.ts`): a real `switchboard serve` with two planted keys (added through the admin API, body logging on) and traffic through success, upstream errors quoting the key (401, 500, 400 with URL-encoded and base64 forms, in model output, in-stream error events, embeddings), fallback, response-cache hits, a Race (with a follow-up and a vote) and a Compare experiment. Then every admin method is called and every event stream read (what the renderer receives). Scanned for each key raw, URL-encoded, JSON-escaped and base64/base64url at each alignment: the data folder (SQLite file, `-wal`, `-shm`, settings, cooldowns, exports), stdout and stderr, and every HTTP response with its headers — while running and after shutdown.');
  p('- **Access** (`security.test.ts`): client tokens compared with `timingSafeEqual` over 32-byte digests against every stored token, whatever was presented (a spy counts the calls); 429 with `retry-after` after 20 bad tokens from one address, for that address only; a revoked token refused at once, also when another process revokes it; foreign `Host` (DNS rebinding) and browser `Origin` refused on every endpoint, preflight and the admin API; a non-loopback bind refused without `--expose` and without a client token; the admin API refuses client tokens and the proxy refuses the admin token; the Electron window\'s preferences and CSP, and that `main.ts` applies them.');
  p('- **Soak** (`soak.test.ts`, long form only): 8 clients for the soak length through a fallback route whose first target changes failure mode every 250 ms, with hang-ups mid-stream; every request must succeed and the gateway must end with no open upstream streams, nothing in flight, no leaked descriptors, bounded heap, no log rows pending or dropped.');
  p();
  p('## Found and fixed while building the suite');
  p();
  p('- **Key echoed mid-stream** (`electron/proxy/attempt.ts`): a provider\'s in-stream error event quoting the key, after content had been sent, reached the client verbatim (same format and translated) and the request log. Every client-bound chunk and non-stream body now goes through a scrubber (`electron/proxy/scrub.ts`), which also covers URL-encoded, JSON-escaped and base64 spellings (the embeddings handler uses it too).');
  p('- **In-stream error logged as a success**: the same stream was logged as a complete 200; it is now a partial answer with the provider\'s (scrubbed) message.');
  p('- **Completed requests missing after `kill -9`**: the row was written one writer turn after the response ended, so a kill in between lost it (1 of ~200 per kill here). Responses now end only once their row is durable (`electron/proxy/durable-end.ts`): appended to the process\'s row journal (`electron/store/journal.ts`: one `write(2)`, replayed into SQLite at the next start) or, without a journal, committed by the LogWriter (`enqueue(record, settled)`). A stream\'s terminal event (`[DONE]`, `message_stop` — which a translator can emit before the upstream has finished) goes out with that end. During a storage outage nobody waits.');
  p('- **Translator crashes on malformed requests**: `messages: [null]`, a numeric `content`, `tools: [null]`, a non-array `tool_result` content and the like made the translators throw a `TypeError`, answered as a 500 carrying the internal message. Requests are now checked for the shapes both APIs fix (400 naming the field), and any other translation failure is a 400 `untranslatable_field` without internals.');
  p('- **Errors in the wrong wire format**: a stray `anthropic-version` header on `/v1/chat/completions` (or `/v1/embeddings`) turned its errors into Anthropic\'s shape, which OpenAI SDKs can\'t read. The three endpoints now always answer in their own format.');
  p();
  if (res) {
    p('## Tests');
    p();
    for (const file of res.testResults) {
      p(`- \`${path.relative(ROOT, file.name)}\``);
      for (const t of file.assertionResults) {
        const mark = t.status === 'passed' ? 'pass' : t.status === 'skipped' || t.status === 'pending' ? 'skipped' : 'FAIL';
        p(`  - ${mark}: ${[...t.ancestorTitles, t.title].join(' › ')}${t.duration ? ` (${fmt(t.duration / 1000, 1)} s)` : ''}`);
      }
    }
    p();
  }
  return { text: lines.join('\n'), ok };
}

const result = await run();
const { text, ok } = report(result);
fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'docs/reliability.md'), text + '\n');
process.stdout.write(`\nWrote docs/reliability.md: ${ok ? 'all clear' : 'PROBLEMS FOUND'}.\n`);
process.exit(ok ? 0 : 1);
