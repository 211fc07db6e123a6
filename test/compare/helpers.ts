import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyCaller } from '../../electron/compare/client';
import { ensureInternalToken } from '../../electron/compare/internal-token';
import { appModelInfo, CompareService } from '../../electron/compare/service';
import type { TestGateway } from '../helpers/gateway';

export function serviceFor(gw: TestGateway, opts: { progressIntervalMs?: number } = {}): CompareService {
  return new CompareService({
    db: gw.app.db,
    caller: proxyCaller({ baseUrl: () => gw.url, token: () => ensureInternalToken(gw.app) }),
    modelInfo: appModelInfo(gw.app),
    retryDelayMs: () => 5,
    progressIntervalMs: opts.progressIntervalMs ?? 0,
  });
}

const between = (text: string, tag: string) => {
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  return m?.[1] ?? '';
};

export interface JudgeRequestSeen {
  system: string;
  user: string;
  responseA: string;
  responseB: string;
  body: Record<string, unknown>;
}

export interface JudgeServer {
  /** For `baseUrl` of a custom OpenAI-compatible provider. */
  url: string;
  seen: JudgeRequestSeen[];
  close(): Promise<void>;
}

/**
 * A tiny OpenAI-compatible judge (faithful to the Chat Completions response
 * shape) that actually reads the two responses it is shown, so a test can
 * give it a true preference. `reply` decides the assistant text.
 */
export async function startJudgeServer(reply: (seen: JudgeRequestSeen, n: number) => string): Promise<JudgeServer> {
  const seen: JudgeRequestSeen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } }));
        return;
      }
      const body = JSON.parse(raw) as { model: string; messages: Array<{ role: string; content: string }> };
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const s: JudgeRequestSeen = { system, user, responseA: between(user, 'response_a'), responseB: between(user, 'response_b'), body };
      seen.push(s);
      const text = reply(s, seen.length);
      const prompt = Math.ceil((system.length + user.length) / 4);
      const completion = Math.ceil(text.length / 4);
      const out = {
        id: `chatcmpl-judge${seen.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Registers the judge server as custom provider `judgebox` (no key). */
export function addJudgeProvider(gw: TestGateway, judge: JudgeServer): void {
  gw.app.settings.update((d) => {
    d.providers.judgebox = { baseUrl: judge.url, discount: 1, custom: { format: 'openai', needsKey: false } };
  });
}

/** A judge that prefers the response with the higher grade (GOOD > meh > bad); ties when equal. */
export function gradeJudge(s: JudgeRequestSeen): string {
  const grade = (t: string) => (t.includes('GOOD') ? 2 : t.includes('meh') ? 1 : 0);
  const a = grade(s.responseA);
  const b = grade(s.responseB);
  const verdict = a > b ? 'A' : b > a ? 'B' : 'tie';
  return JSON.stringify({ reasoning: `A is grade ${a}, B is grade ${b}.`, verdict });
}
