import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, serve, tempDir } from '../cli/helpers';

afterAll(killAll);

describe('switchboard serve mounts the admin API and UI', () => {
  it('prints the listening line, then the UI URL with a per-launch token that works', async () => {
    const ui = await tempDir();
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
    const dataDir = await tempDir();
    const sv = await serve(['--port', '0', '--data-dir', dataDir], { env: { SWITCHBOARD_UI_DIR: ui } });
    try {
      await until(() => /UI: /.test(sv.stdout()));
      const lines = sv.stdout().trim().split('\n');
      expect(lines[0]).toBe(`Switchboard listening on ${sv.url}`);
      const m = /^UI: (http:\/\/127\.0\.0\.1:(\d+))\/#token=(sba_[A-Za-z0-9_-]+)$/.exec(lines[1] ?? '');
      expect(m, lines[1]).not.toBeNull();
      expect(Number(m![2])).toBe(sv.port);
      const token = m![3]!;
      const page = await fetch(`${m![1]}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const status = await fetch(`${sv.url}/api/app.status`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ endpoint: sv.url, transport: 'http', dataDir });

      // An open event stream doesn't hold up a graceful stop.
      const stream = await fetch(`${sv.url}/api/stream/events`, { headers: { authorization: `Bearer ${token}` } });
      expect(stream.status).toBe(200);
      const t0 = Date.now();
      const exit = await sv.stop('SIGTERM');
      expect(exit.code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      await sv.stop('SIGKILL');
    }
  });

  it('a second launch gets a different admin token', async () => {
    const ui = await tempDir();
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html>');
    const dataDir = await tempDir();
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sv = await serve(['--port', '0', '--data-dir', dataDir], { env: { SWITCHBOARD_UI_DIR: ui } });
      await until(() => /#token=/.test(sv.stdout()));
      tokens.push(/#token=(\S+)/.exec(sv.stdout())![1]!);
      await sv.stop();
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('without a built UI, / explains what to do while the API still works', async () => {
    const empty = await tempDir();
    const sv = await serve(['--port', '0', '--data-dir', await tempDir()], { env: { SWITCHBOARD_UI_DIR: empty } });
    try {
      const page = await fetch(`${sv.url}/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/No index\.html in SWITCHBOARD_UI_DIR/);
    } finally {
      await sv.stop();
    }
  });
});

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
