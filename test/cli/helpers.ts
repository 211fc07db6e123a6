/**
 * Runs the real CLI the way a user does (`node bin/switchboard.mjs …`) and
 * keeps everything it printed, so leak scans can look at every byte of output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/switchboard.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every stdout/stderr captured from every CLI process in this test file (for leak scans). */
export const transcript: string[] = [];

const NO_UI_DIR = path.join(os.tmpdir(), 'sb-cli-tests-no-ui');

/** The process environment without any SWITCHBOARD_* setting of the developer's, plus `env`. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWITCHBOARD_')) out[k] = v;
  out.SWITCHBOARD_KEYRING = 'master-key-file';
  // `serve` would otherwise build the admin UI with Vite in a source checkout: seconds of CPU
  // per run, and log lines these tests don't look at. A folder without index.html means "no UI".
  out.SWITCHBOARD_UI_DIR = NO_UI_DIR;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export interface CliOptions {
  /** Written to stdin, then stdin is closed (stdin is always a pipe, never a TTY). */
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Each CLI process spends ~1 s of CPU starting up; running more at once than
 * there are cores only makes every one of them slow (and time out).
 */
const MAX_PARALLEL = Math.max(1, os.availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];
async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Runs `switchboard ...args` to completion. */
export async function cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const release = await slot();
  try {
    return await runCli(args, opts);
  } finally {
    release();
  }
}

function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      transcript.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (and records the output in the transcript). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `killAfterMs`. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const LISTENING = /Switchboard listening on (http:\/\/(\S+):(\d+))/;

/** Starts `switchboard serve ...args` and waits for its "listening" line. Rejects (with the output) if it exits first. */
export function serve(args: string[], opts: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      live.delete(child);
      transcript.push(stdout, stderr);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in time.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 10_000);
    const onData = () => {
      const m = LISTENING.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: m[1]!,
        port: Number(m[3]),
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        async stop(signal = 'SIGTERM', killAfterMs = 8_000) {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill(signal);
            const t = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
            const r = await exited;
            clearTimeout(t);
            return r;
          }
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening.\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

const live = new Set<ChildProcess>();

/** Kills any serve process a failed test left running (call from afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.once('close', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}

export async function tempDir(prefix = 'sb-cli-'): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * A distinctive key with characters that base64 and URL encoding change, so the
 * encoded forms differ from the raw one.
 */
export function plantKey(label: string): string {
  return `sk-${label}-PLANTED+/z=${randomBytes(18).toString('base64url')}`;
}

/**
 * Forms a key could leak in: raw, URL-encoded, JSON-escaped, and its base64 at
 * each of the three byte alignments it could have inside a larger base64 blob
 * (the middle of each encoding, which doesn't depend on the neighbouring bytes).
 */
export function leakForms(key: string): string[] {
  const forms = new Set([key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)]);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), Buffer.from(key)]).toString('base64');
    forms.add(b64.slice(shift === 0 ? 0 : 4, -4));
    const b64url = b64.replaceAll('+', '-').replaceAll('/', '_');
    forms.add(b64url.slice(shift === 0 ? 0 : 4, -4));
  }
  return [...forms];
}

/** Where any form of any key appears in `haystacks` (label → text). */
export function findLeaks(keys: string[], haystacks: Array<{ where: string; text: string }>): string[] {
  const hits: string[] = [];
  for (const key of keys) {
    for (const form of leakForms(key)) {
      for (const h of haystacks) {
        const at = h.text.indexOf(form);
        if (at < 0) continue;
        // Show where, with the key itself blanked out, so the report says what leaked it.
        const context = h.text.slice(Math.max(0, at - 80), at + form.length + 40).split(form).join('<KEY>').replace(/[^\x20-\x7e]/g, '.');
        hits.push(`${h.where} contains ${form === key ? 'the key' : `an encoded form of it`}: …${context}…`);
      }
    }
  }
  return hits;
}

/** Every file under `dir`, read as latin1 (binary-safe). */
export function readTree(dir: string): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ where: file, text: fs.readFileSync(file).toString('latin1') });
  }
  return out;
}

export interface Seen {
  where: string;
  text: string;
}

/**
 * A `fetch` for the SDKs that records every response's status line, headers
 * and full body (streams included, through a tee) into `seen`.
 */
export function recordingFetch(seen: Seen[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    const entry: Seen = { where: `response ${res.status} ${url}`, text: headers };
    seen.push(entry);
    const copy = res.clone();
    void copy.text().then(
      (body) => (entry.text += `\n\n${body}`),
      () => {},
    );
    return res;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function until<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 2_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
