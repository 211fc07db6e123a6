import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecord } from '../../electron/store/types';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

export function makeRecord(over: Partial<RequestRecord> = {}): RequestRecord {
  counter++;
  return {
    id: `req_${process.pid}_${counter}`,
    ts: Date.now(),
    clientFormat: 'openai',
    endpoint: 'chat',
    tokenName: 'default',
    source: 'proxy',
    requestedModel: 'gpt-4o',
    route: null,
    provider: 'openai',
    servedModel: 'gpt-4o',
    status: 200,
    errorType: null,
    errorMessage: null,
    stream: false,
    latencyMs: 120.5,
    ttftMs: null,
    usage: { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    cacheHit: false,
    savedUsd: null,
    partial: false,
    attempts: [
      { seq: 0, provider: 'openai', model: 'gpt-4o', status: 200, error: null, latencyMs: 120, ttftMs: null, outcome: 'ok', reason: null },
    ],
    ...over,
  };
}
