import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardApp } from '../../electron/app';
import { orphanedJournalRows, RowJournal } from '../../electron/store/journal';
import { recentRequests } from '../../electron/store/queries';
import type { RequestRecord } from '../../electron/store/types';
import { tempDir } from '../helpers/gateway';

const row = (id: string): RequestRecord => ({
  id, ts: Date.now(), clientFormat: 'openai', endpoint: 'chat', tokenName: 't', source: 'proxy', requestedModel: 'gpt-4o',
  route: null, provider: 'openai', servedModel: 'gpt-4o', status: 200, errorType: null, errorMessage: null, stream: false,
  latencyMs: 5, ttftMs: 4, usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  usageEstimated: false, cacheHit: false, savedUsd: null, partial: false, attempts: [],
  bodies: { requestHeaders: {}, requestBody: '{"secret-body":1}', responseBody: '{}' },
});

const apps: SwitchboardApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
});

describe('request-log journal', () => {
  it('journals rows without bodies, and truncates once they are committed', async () => {
    const dir = await tempDir();
    const j = RowJournal.open(dir, () => {});
    j.append(row('a'));
    j.append(row('b'));
    const text = fs.readFileSync(j.file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).not.toContain('secret-body');
    j.reset();
    expect(fs.readFileSync(j.file, 'utf8')).toBe('');
    j.close(true);
    expect(fs.existsSync(j.file)).toBe(false);
  });

  it("a dead process's journal is replayed once: missing rows added, present rows not duplicated, cut lines ignored", async () => {
    const dir = await tempDir();
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
    const file = path.join(dir, `journal-${deadPid}.ndjson`);
    fs.writeFileSync(file, `${JSON.stringify(row('r1'))}\n${JSON.stringify(row('r2'))}\n{"id":"r3","ts":`);
    expect(orphanedJournalRows(dir).rows.map((r) => r.id)).toEqual(['r1', 'r2']);

    const app = await SwitchboardApp.open({ dataDir: dir, env: { SWITCHBOARD_KEYRING: 'master-key-file' }, warn: () => {}, watchSettings: false });
    apps.push(app);
    app.writer.enqueue(row('r1'));
    app.writer.flush();
    expect(app.recoverLog()).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
    const ids = recentRequests(app.db, { limit: 10 }).map((r) => r.id).sort();
    expect(ids).toEqual(['r1', 'r2']);
    expect(app.recoverLog()).toBe(0);
  });

  it("never touches a live process's journal", async () => {
    const dir = await tempDir();
    const live = path.join(dir, `journal-${process.ppid}.ndjson`);
    fs.writeFileSync(live, `${JSON.stringify(row('x'))}\n`);
    expect(orphanedJournalRows(dir).files).not.toContain(live);
  });
});
