import net from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Route } from '../../shared/routes';
import { getRequest } from '../../electron/store/queries';
import type { RequestDetail } from '../../electron/store/types';
import type { Behaviour } from '../fakes/script';
import type { TestGateway } from '../helpers/gateway';

/** Models the routing tests configure on the fakes; reset to `{}` before each test. */
export const OPENAI_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3', 'gpt-5', 'gpt-5-mini'];
export const ANTHROPIC_MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-6'];

export function resetGateway(gw: TestGateway): void {
  gw.openai.reset();
  gw.anthropic.reset();
  for (const m of OPENAI_MODELS) gw.openai.setBehaviour({}, m);
  for (const m of ANTHROPIC_MODELS) gw.anthropic.setBehaviour({}, m);
  gw.openai.setBehaviour({});
  gw.anthropic.setBehaviour({});
  gw.app.cooldowns.clear();
  gw.app.settings.update((s) => {
    s.routes = {};
    s.budgets = [];
  });
}

export function setRoutes(gw: TestGateway, routes: Record<string, unknown>): void {
  gw.app.settings.update((s) => {
    for (const [k, v] of Object.entries(routes)) s.routes[k] = v as Route;
  });
}

export function behave(gw: TestGateway, model: string, b: Behaviour): void {
  if (ANTHROPIC_MODELS.includes(model)) gw.anthropic.setBehaviour(b, model);
  else gw.openai.setBehaviour(b, model);
}

export const clients = (gw: TestGateway) => ({
  oa: new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0 }),
  an: new Anthropic({ baseURL: gw.url, apiKey: gw.token, maxRetries: 0 }),
});

export interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  id: string;
}

/** A raw OpenAI-format call (headers and error bodies as they are). */
export async function chat(gw: TestGateway, model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Raw> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }], ...extra }),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* streams */
  }
  return { status: res.status, headers: res.headers, text, json, id: res.headers.get('x-switchboard-request-id') ?? '' };
}

/** A raw Anthropic-format call. */
export async function messages(gw: TestGateway, model: string, extra: Record<string, unknown> = {}): Promise<Raw> {
  const res = await fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': gw.token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello there' }], ...extra }),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* streams */
  }
  return { status: res.status, headers: res.headers, text, json, id: res.headers.get('x-switchboard-request-id') ?? '' };
}

/** The logged request with its attempt chain (the log is written off the request path: wait for it). */
export async function logged(gw: TestGateway, id: string): Promise<RequestDetail> {
  for (let i = 0; i < 100; i++) {
    gw.flush();
    const row = getRequest(gw.app.db, id);
    if (row) return row;
    await sleep(10);
  }
  throw new Error(`request ${id} was not logged`);
}

/** `[outcome, provider/model, reason]` per attempt, for compact assertions. */
export function chainOf(row: RequestDetail): Array<[string, string, string | null]> {
  return row.attempts.map((a) => [a.outcome, `${a.provider}/${a.model}`, a.reason?.split(',')[0] ?? null]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The text content of an OpenAI-format SSE body, and any error event in it. */
export function sseSummary(text: string): { content: string; error: any; done: boolean } {
  let content = '';
  let error: unknown = null;
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    try {
      const j = JSON.parse(data);
      if (j.error) error = j.error;
      else if (j.type === 'error') error = j.error;
      content += j.choices?.[0]?.delta?.content ?? j.delta?.text ?? '';
    } catch {
      /* ignore */
    }
  }
  return { content, error, done };
}
