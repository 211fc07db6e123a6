import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnippets, TOKEN_PLACEHOLDER } from '../../renderer/pages/connect/snippets';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('Connect snippets', () => {
  it('cover every client the issue names, each with the endpoint and the token or a placeholder', () => {
    const withToken = buildSnippets('http://127.0.0.1:4141/', 'sb-secret123', 'openai/gpt-4o-mini');
    expect(withToken.map((s) => s.id)).toEqual(['openai-python', 'openai-js', 'anthropic-python', 'anthropic-ts', 'curl', 'claude-code', 'continue', 'cline', 'cursor']);
    for (const s of withToken) {
      expect(s.code, s.id).toContain('sb-secret123');
      expect(s.code, s.id).toContain('http://127.0.0.1:4141');
      expect(s.code, s.id).not.toContain('4141//');
      expect(s.code, s.id).not.toContain(TOKEN_PLACEHOLDER);
    }
    for (const s of buildSnippets('http://127.0.0.1:4141', null, 'm')) expect(s.code, s.id).toContain(TOKEN_PLACEHOLDER);
    const byId = Object.fromEntries(withToken.map((s) => [s.id, s.code]));
    expect(byId['claude-code']).toContain('ANTHROPIC_BASE_URL="http://127.0.0.1:4141"');
    expect(byId['claude-code']).toContain('ANTHROPIC_AUTH_TOKEN="sb-secret123"');
    expect(byId['openai-python']).toContain('base_url="http://127.0.0.1:4141/v1"');
    expect(byId.continue).toContain('apiBase: http://127.0.0.1:4141/v1');
    expect(byId.cline).toContain('OpenAI Compatible');
    expect(byId.cursor).toContain('Override OpenAI Base URL:  http://127.0.0.1:4141/v1');
  });

  it('escapes quotes in JS strings', () => {
    const js = buildSnippets('http://h:1', "a'b", "m'x").find((s) => s.id === 'openai-js')!.code;
    expect(js).toContain("apiKey: 'a\\'b'");
    expect(js).toContain("model: 'm\\'x'");
  });

  describe('actually run against a gateway', () => {
    let gw: TestGateway;
    const dir = path.join(ROOT, 'test-results', 'snippets');
    beforeAll(async () => {
      gw = await startTestGateway();
      fs.mkdirSync(dir, { recursive: true });
    });
    afterAll(async () => {
      await gw?.close();
    });

    const snippet = (id: string) => buildSnippets(gw.url, gw.token, 'openai/gpt-4o-mini').find((s) => s.id === id)!.code;

    it('the OpenAI JS snippet', async () => {
      const file = path.join(dir, 'openai-js.mjs');
      fs.writeFileSync(file, snippet('openai-js'));
      const { stdout } = await run(process.execPath, [file], { cwd: ROOT, timeout: 30_000 });
      expect(stdout.trim().length).toBeGreaterThan(0);
      expect(gw.openai.chatRequests().length).toBeGreaterThan(0);
    }, 40_000);

    it('the Anthropic TS snippet (translated to the OpenAI fake)', async () => {
      const file = path.join(dir, 'anthropic-ts.ts');
      fs.writeFileSync(file, snippet('anthropic-ts'));
      const before = gw.openai.chatRequests().length;
      const { stdout } = await run(process.execPath, [path.join(ROOT, 'bin', 'tsx-run.mjs'), file], { cwd: ROOT, timeout: 30_000 });
      expect(stdout).toContain("type: 'text'");
      expect(gw.openai.chatRequests().length).toBe(before + 1);
    }, 40_000);

    it.skipIf(!fs.existsSync('/usr/bin/curl'))('the curl snippet (both formats)', async () => {
      const { stdout } = await run('bash', ['-c', snippet('curl')], { timeout: 30_000 });
      const bodies = stdout.trim().split(/\n(?=\{)/);
      expect(stdout).toContain('"chat.completion"');
      expect(stdout).toContain('"type":"message"');
      expect(bodies.length).toBeGreaterThanOrEqual(1);
    }, 40_000);
  });
});
