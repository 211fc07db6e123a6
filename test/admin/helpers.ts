/**
 * A `switchboard serve`-equivalent for the admin API tests: a real
 * SwitchboardApp (temp data dir, master-key-file keyring, SQLite file), the
 * real proxy with the admin API and UI mounted on its port, and the fake
 * OpenAI provider. Calls go over real HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SwitchboardApp } from '../../electron/app';
import { startGateway, type RunningGateway } from '../../electron/api/gateway';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeServer } from '../fakes/script';
import { plantedKeys, tempDir } from '../helpers/gateway';

export interface AdminHarness {
  url: string;
  port: number;
  adminToken: string;
  app: SwitchboardApp;
  gateway: RunningGateway;
  openai: FakeServer;
  plantedKey: string;
  dataDir: string;
  uiDir: string;
  /** A file next to the UI folder that must never be served. */
  secretFile: string;
  /** Every response body the helpers saw (for leak scans). */
  seen: string[];
  call(method: string, input?: unknown, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string }>;
  close(): Promise<void>;
}

export const SECRET_MARKER = 'THIS-FILE-MUST-NOT-BE-SERVED';

export async function startAdmin(opts: { pollMs?: number } = {}): Promise<AdminHarness> {
  const plantedKey = plantedKeys().openai;
  const dataDir = await tempDir('sb-admin-');
  const uiRoot = await tempDir('sb-ui-');
  const uiDir = path.join(uiRoot, 'renderer');
  fs.mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/index-AbCdEf12.js"></script><link rel="stylesheet" href="./assets/index-AbCdEf12.css"></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(uiDir, 'assets', 'index-AbCdEf12.js'), 'console.log("ui")');
  fs.writeFileSync(path.join(uiDir, 'assets', 'index-AbCdEf12.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(uiDir, '.env'), SECRET_MARKER);
  const secretFile = path.join(uiRoot, 'secret.txt');
  fs.writeFileSync(secretFile, SECRET_MARKER);
  fs.symlinkSync(secretFile, path.join(uiDir, 'assets', 'link.txt'));

  const openai = await startFakeOpenAI({ apiKey: plantedKey });
  const app = await SwitchboardApp.open({ dataDir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, warn: () => {} });
  const gateway = await startGateway({
    app,
    host: '127.0.0.1',
    port: 0,
    admin: { ui: () => ({ dir: uiDir, note: '' }) },
    pollMs: opts.pollMs ?? 200,
  });
  const url = gateway.endpoint;
  const adminToken = gateway.admin!.token;
  const seen: string[] = [];
  return {
    url,
    port: gateway.bound.port,
    adminToken,
    app,
    gateway,
    openai,
    plantedKey,
    dataDir,
    uiDir,
    secretFile,
    seen,
    async call(method, input = {}, o = {}) {
      const token = o.token === undefined ? adminToken : o.token;
      const res = await fetch(`${url}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...o.headers },
        body: JSON.stringify(input),
      });
      const text = await res.text();
      seen.push(text);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: res.status, body, text };
    },
    async close() {
      await gateway.close(500);
      app.close();
      await openai.close();
    },
  };
}

/** A raw HTTP request (lets tests set `Host`, which fetch can't). */
export function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: !opts.headers?.host }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Reads an SSE stream with fetch (as the renderer does) until `until` returns
 * true for the events so far, or the timeout. Returns the parsed events and
 * the raw text.
 */
export async function readEvents(
  url: string,
  token: string | null,
  until: (events: any[]) => boolean,
  opts: { timeoutMs?: number; onOpen?: () => void | Promise<void> } = {},
): Promise<{ status: number; events: any[]; text: string; contentType: string | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 5000);
  const events: any[] = [];
  let text = '';
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    if (!res.ok || !res.body) return { status: res.status, events, text: await res.text(), contentType: res.headers.get('content-type') };
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let opened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      buffer += value;
      let i: number;
      while ((i = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (data) events.push(JSON.parse(data));
      }
      if (!opened) {
        opened = true;
        await opts.onOpen?.();
      }
      if (until(events)) break;
    }
    controller.abort();
    return { status: res.status, events, text, contentType: res.headers.get('content-type') };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return { status: 200, events, text, contentType: 'text/event-stream' };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
