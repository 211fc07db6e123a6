import fs from 'node:fs';
import path from 'node:path';
import { SwitchboardApp } from '../../electron/app';
import { createToken } from '../../electron/vault/tokens';
import type { Endpoint } from './client';

export type TargetId = 'direct' | 'floor' | 'switchboard' | 'sb-async' | 'sb-nolog' | 'sb-tsx' | 'portkey';
export type PathId = 'openai' | 'translate';

export const TARGET_LABEL: Record<TargetId, string> = {
  direct: 'direct',
  floor: 'floor',
  switchboard: 'switchboard',
  'sb-async': 'switchboard (log, no end hold)',
  'sb-nolog': 'switchboard (log off)',
  'sb-tsx': 'switchboard (tsx sources)',
  portkey: 'portkey',
};

export const PATH_LABEL: Record<PathId, string> = {
  openai: 'OpenAI client → OpenAI-format upstream',
  translate: 'Translation: OpenAI client → Anthropic-format upstream',
};

const OPENAI_MODEL = 'gpt-4o-mini';
const ANTHROPIC_MODEL = 'claude-haiku-4-5';
export const UPSTREAM_OPENAI_KEY = 'sk-bench-openai-0000000000000000';
export const UPSTREAM_ANTHROPIC_KEY = 'sk-ant-bench-000000000000000000';

function prompt(bytes: number): string {
  const words = 'the quick brown fox jumps over the lazy dog while the gateway forwards every byte ';
  return words.repeat(Math.ceil(bytes / words.length)).slice(0, bytes).trim();
}

export interface Bodies {
  openai: Buffer;
  openaiStream: Buffer;
  anthropic: Buffer;
  anthropicStream: Buffer;
  /** OpenAI-format request for a Claude model (the translation path). */
  openaiToClaude: Buffer;
  openaiToClaudeStream: Buffer;
}

export function makeBodies(promptBytes: number): Bodies {
  const text = prompt(promptBytes);
  const system = 'You are a helpful assistant. Answer briefly.';
  const oa = (model: string, stream: boolean) =>
    Buffer.from(
      JSON.stringify({
        model,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: text },
        ],
        max_tokens: 256,
        temperature: 0.2,
        ...(stream ? { stream: true } : {}),
      }),
    );
  const an = (stream: boolean) =>
    Buffer.from(
      JSON.stringify({
        model: ANTHROPIC_MODEL,
        max_tokens: 256,
        system,
        messages: [{ role: 'user', content: text }],
        temperature: 0.2,
        ...(stream ? { stream: true } : {}),
      }),
    );
  return {
    openai: oa(OPENAI_MODEL, false),
    openaiStream: oa(OPENAI_MODEL, true),
    anthropic: an(false),
    anthropicStream: an(true),
    openaiToClaude: oa(ANTHROPIC_MODEL, false),
    openaiToClaudeStream: oa(ANTHROPIC_MODEL, true),
  };
}

/**
 * A Switchboard data dir whose openai and anthropic providers point at the
 * fake upstream, with one client token. Built through the app's own API
 * (vault, tokens), exactly as `switchboard keys add` / `token create` would.
 */
export async function makeSwitchboardDataDir(dir: string, upstreamPort: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const app = await SwitchboardApp.open({
    dataDir: dir,
    env: { SWITCHBOARD_KEYRING: 'master-key-file' },
    watchSettings: false,
    warn: () => undefined,
  });
  try {
    await app.vault.setKey('openai', UPSTREAM_OPENAI_KEY, { baseUrl: `http://127.0.0.1:${upstreamPort}/v1` });
    await app.vault.setKey('anthropic', UPSTREAM_ANTHROPIC_KEY, { baseUrl: `http://127.0.0.1:${upstreamPort}` });
    return createToken(app.settings, 'bench');
  } finally {
    app.close();
  }
}

const JSON_CT = { 'content-type': 'application/json' };

export interface EndpointArgs {
  target: TargetId;
  path: PathId;
  port: number;
  upstreamPort: number;
  token?: string;
  bodies: Bodies;
}

/** How the client calls a target on a path. */
export function endpointFor(a: EndpointArgs): Endpoint {
  const { bodies } = a;
  const expectBody = 'pong pong';
  if (a.target === 'direct' || a.target === 'floor') {
    // The same request the upstream would get from a perfect gateway.
    if (a.path === 'openai') {
      return {
        name: a.target, port: a.port, path: '/v1/chat/completions',
        headers: { ...JSON_CT, authorization: `Bearer ${UPSTREAM_OPENAI_KEY}` },
        body: bodies.openai, streamBody: bodies.openaiStream, expectBody, expectStreamEnd: '[DONE]',
      };
    }
    return {
      name: a.target, port: a.port, path: '/v1/messages',
      headers: { ...JSON_CT, 'x-api-key': UPSTREAM_ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' },
      body: bodies.anthropic, streamBody: bodies.anthropicStream, expectBody, expectStreamEnd: 'message_stop',
    };
  }
  const openaiBodies = a.path === 'openai'
    ? { body: bodies.openai, streamBody: bodies.openaiStream }
    : { body: bodies.openaiToClaude, streamBody: bodies.openaiToClaudeStream };
  if (a.target === 'portkey') {
    const anthropic = a.path === 'translate';
    return {
      name: a.target, port: a.port, path: '/v1/chat/completions',
      headers: {
        ...JSON_CT,
        'x-portkey-provider': anthropic ? 'anthropic' : 'openai',
        'x-portkey-custom-host': `http://127.0.0.1:${a.upstreamPort}/v1`,
        authorization: `Bearer ${anthropic ? UPSTREAM_ANTHROPIC_KEY : UPSTREAM_OPENAI_KEY}`,
      },
      ...openaiBodies, expectBody, expectStreamEnd: '[DONE]',
    };
  }
  return {
    name: a.target, port: a.port, path: '/v1/chat/completions',
    headers: { ...JSON_CT, authorization: `Bearer ${a.token}` },
    ...openaiBodies, expectBody, expectStreamEnd: '[DONE]',
  };
}

export function repoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
