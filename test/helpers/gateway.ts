import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SwitchboardApp } from '../../electron/app';
import type { ProxyServer } from '../../electron/proxy/server';
import { createToken } from '../../electron/vault/tokens';
import { startFakeAnthropic } from '../fakes/anthropic';
import { startFakeOpenAI } from '../fakes/openai';
import type { FakeOptions, FakeServer } from '../fakes/script';

/** Keys planted in every test gateway; leak scans look for these exact strings. */
export function plantedKeys() {
  return {
    openai: `sk-planted-openai-${randomBytes(12).toString('hex')}`,
    anthropic: `sk-ant-planted-${randomBytes(12).toString('hex')}`,
  };
}

export interface TestGateway {
  url: string;
  token: string;
  app: SwitchboardApp;
  proxy: ProxyServer;
  openai: FakeServer;
  anthropic: FakeServer;
  keys: { openai: string; anthropic: string };
  dataDir: string;
  warnings: string[];
  /** Writes queued log rows now. */
  flush(): void;
  close(): Promise<void>;
}

export async function tempDir(prefix = 'sb-test-'): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * A real gateway on loopback (real HTTP server, real SQLite file, real vault on
 * a master-key file) in front of the OpenAI and Anthropic fakes.
 */
export async function startTestGateway(opts: { openai?: FakeOptions; anthropic?: FakeOptions } = {}): Promise<TestGateway> {
  const keys = plantedKeys();
  const dataDir = await tempDir();
  const openai = await startFakeOpenAI({ apiKey: keys.openai, ...opts.openai });
  const anthropic = await startFakeAnthropic({ apiKey: keys.anthropic, ...opts.anthropic });
  const warnings: string[] = [];
  const app = await SwitchboardApp.open({
    dataDir,
    env: { SWITCHBOARD_KEYRING: 'master-key-file' },
    warn: (m) => warnings.push(m),
  });
  await app.vault.setKey('openai', keys.openai, { baseUrl: openai.url });
  await app.vault.setKey('anthropic', keys.anthropic, { baseUrl: anthropic.url });
  const token = createToken(app.settings, 'tests');
  const proxy = app.createProxy();
  const { port } = await proxy.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    app,
    proxy,
    openai,
    anthropic,
    keys,
    dataDir,
    warnings,
    flush: () => app.writer.flush(),
    async close() {
      await proxy.close(1000);
      app.close();
      await Promise.all([openai.close(), anthropic.close()]);
    },
  };
}

/** Every file under `dir`, read as text (binary files included), for leak scans. */
export function readTree(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: fs.readFileSync(file).toString('latin1') });
  }
  return out;
}
