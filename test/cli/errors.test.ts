import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/openai';
import { cli, findLeaks, killAll, plantKey, readTree, tempDir, transcript, type CliResult } from './helpers';

/**
 * Errors are one clear line on stderr with a non-zero exit, and never touch the
 * user's files; plus the data-dir env var and the passphrase keyring.
 * Independent CLI runs within a test go in parallel (helpers.ts caps them at the core count).
 */

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await tempDir('sb-cli-err-');
  dirs.push(d);
  return d;
}

afterAll(async () => {
  await killAll();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Exit code non-zero, nothing on stdout, exactly one line on stderr: `switchboard: …`. */
function expectOneLineError(r: CliResult, pattern: RegExp): void {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).not.toBe(0);
  expect(r.code).not.toBeNull(); // exited, not killed by the timeout
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^switchboard: /);
  expect(lines[0]).toMatch(pattern);
}

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

describe('one-line errors with a non-zero exit', { timeout: 60_000 }, () => {
  it('an unknown provider lists the known ones (keys add checks it before reading stdin)', async () => {
    const dir = await freshDir();
    const [add, test] = await Promise.all([
      // No key on stdin: the provider is checked first, so the typo is what gets reported.
      cli(['keys', 'add', 'opnai', '--data-dir', dir]),
      cli(['keys', 'test', 'opnai', '--data-dir', dir]),
    ]);
    for (const r of [add, test]) expectOneLineError(r, /Unknown provider .opnai.*Known providers: .*openai.*anthropic.*ollama/);
  });

  it('keys add refuses a key given on the command line, without echoing it', async () => {
    const dir = await freshDir();
    const r = await cli(['keys', 'add', 'openai', 'sk-on-argv-123456', '--data-dir', dir]);
    expectOneLineError(r, /stdin/);
    expect(r.stderr).not.toContain('sk-on-argv-123456');
  });

  it('a busy port says so', async () => {
    const dir = await freshDir();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await cli(['serve', '--port', String(port), '--data-dir', dir]);
      expectOneLineError(r, new RegExp(`Port ${port} .*busy`));
    } finally {
      blocker.close();
    }
  });

  it('a corrupt settings.json is named with its path and left byte-for-byte untouched', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"providers": {"openai": {"key": ', { mode: 0o600 });
    const before = snapshot(dir);
    const [tok, srv] = await Promise.all([cli(['token', 'create', 'x', '--data-dir', dir]), cli(['serve', '--port', '0', '--data-dir', dir])]);
    for (const r of [tok, srv]) expectOneLineError(r, new RegExp(`Settings file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is invalid`));
    expect(snapshot(dir).get('settings.json')).toEqual(before.get('settings.json'));
  });

  it('a corrupt switchboard.db is named with its path and left byte-for-byte untouched', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'switchboard.db');
    const garbage = Buffer.concat([Buffer.from('this is not a SQLite database\n'), Buffer.alloc(4096, 0x5a)]);
    fs.writeFileSync(file, garbage);
    const [log, srv] = await Promise.all([cli(['log', '--data-dir', dir]), cli(['serve', '--port', '0', '--data-dir', dir])]);
    for (const r of [log, srv]) expectOneLineError(r, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* not a valid Switchboard database`));
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('an unknown command lists the commands', async () => {
    expectOneLineError(await cli(['frobnicate']), /Unknown command 'frobnicate'.*serve.*keys.*token.*log.*models/);
  });

  it('--limit abc is refused before touching the data dir', async () => {
    const dir = path.join(await freshDir(), 'never-created');
    expectOneLineError(await cli(['log', '--limit', 'abc', '--data-dir', dir]), /--limit must be a positive whole number/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('serve --port abc is refused', async () => {
    expectOneLineError(await cli(['serve', '--port', 'abc', '--data-dir', await freshDir()]), /--port/);
  });

  it('a non-loopback bind is refused without --expose, and with --expose but no tokens', async () => {
    const dir = await freshDir();
    const [noFlag, noTokens] = await Promise.all([
      cli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir]),
      cli(['serve', '--host', '0.0.0.0', '--port', '0', '--expose', '--data-dir', dir]),
    ]);
    expectOneLineError(noFlag, /Refusing to bind 0\.0\.0\.0.*--expose/);
    expectOneLineError(noTokens, /Refusing to bind 0\.0\.0\.0 with no client tokens/);
  });

});

describe('data dir and keyring backends', { timeout: 60_000 }, () => {
  it('SWITCHBOARD_DATA_DIR works instead of --data-dir', async () => {
    const dir = await freshDir();
    const env = { SWITCHBOARD_DATA_DIR: dir };
    const created = await cli(['token', 'create', 'from-env'], { env });
    expect(created.code, created.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(true);
    const list = await cli(['token', 'list'], { env });
    expect(list.stdout).toMatch(/^from-env\s/m);
  });

  it('SWITCHBOARD_PASSPHRASE → keys sealed by the passphrase backend; without it they are reported unavailable, not crashed on', async () => {
    const dir = await freshDir();
    const key = plantKey('pass');
    const fake = await startFakeOpenAI({ apiKey: key });
    try {
      const pass = { SWITCHBOARD_KEYRING: 'passphrase', SWITCHBOARD_PASSPHRASE: 'correct horse battery staple' };
      const add = await cli(['keys', 'add', 'openai', '--base-url', fake.url, '--data-dir', dir], { input: key, env: pass });
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toMatch(/sealed by passphrase \(passphrase\)/);

      const test = await cli(['keys', 'test', 'openai', '--data-dir', dir], { env: pass });
      expect(test.code, test.stdout + test.stderr).toBe(0);
      expect(test.stdout).toMatch(/^ok: /);

      const [listNoPass, testWrongPass, modelsNoPass] = await Promise.all([
        cli(['keys', 'list', '--data-dir', dir]),
        cli(['keys', 'test', 'openai', '--data-dir', dir], { env: { ...pass, SWITCHBOARD_PASSPHRASE: 'wrong' } }),
        cli(['models', '--data-dir', dir]),
      ]);

      // Without the passphrase: listed as unavailable, with the reason, exit 0.
      expect(listNoPass.code, listNoPass.stderr).toBe(0);
      expect(listNoPass.stdout).toMatch(/^openai\s+\S+\s+passphrase \(unavailable\)\s+passphrase\s/m);
      expect(listNoPass.stdout).toMatch(/Unavailable: SWITCHBOARD_PASSPHRASE is not set/);
      // With the wrong one: a clear one-line error, not a crash.
      expectOneLineError(testWrongPass, /openai key can't be opened/);
      // models falls back to the list `keys test` cached, and says why.
      expect(modelsNoPass.code, modelsNoPass.stderr).toBe(0);
      expect(modelsNoPass.stdout).toMatch(/^openai\/gpt-4o-mini\s+\(cached\)$/m);
      expect(modelsNoPass.stderr).toMatch(/openai: .*can't be opened/);

      expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);
      expect(findLeaks([key], [...readTree(dir), ...transcript.map((text, i) => ({ where: `output #${i}`, text }))])).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
