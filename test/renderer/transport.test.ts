import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Status } from '../../shared/contract';
import { ApiError } from '../../renderer/api/errors';
import { createHttpApi, parseSseBlock } from '../../renderer/api/http';
import { createIpcApi } from '../../renderer/api/ipc';
import { startAdmin, type AdminHarness } from '../admin/helpers';

const STATUS: Status = {
  version: '0.1.0',
  endpoint: 'http://127.0.0.1:4141',
  paused: false,
  transport: 'http',
  dataDir: '/tmp/x',
  keyring: { backend: 'master-key-file', protection: 'weak', description: 'd', weakWarning: 'w', passphraseModeAvailable: false },
  requestsLastMinute: 2,
  spendTodayUsd: 0.5,
  keyCount: 1,
  tokenCount: 0,
};

describe('parseSseBlock', () => {
  it('joins data lines, skips comments, reads the event name', () => {
    expect(parseSseBlock(': ping')).toBeNull();
    expect(parseSseBlock('data: {"a":1}')).toEqual({ event: 'message', data: '{"a":1}' });
    expect(parseSseBlock('event: x\ndata:1\ndata: 2')).toEqual({ event: 'x', data: '1\n2' });
  });
});

describe('HTTP transport against a scripted server', () => {
  let server: http.Server;
  let base: string;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => {};
  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(() => server.closeAllConnections());

  const api = (onUnauthorized = vi.fn()) => createHttpApi({ baseUrl: base, getToken: () => 'sba_test', onUnauthorized, reconnectDelayMs: [20, 40] });

  it('POSTs JSON with the bearer token and validates the answer', async () => {
    let seen: { url?: string; auth?: string; type?: string; body?: string } = {};
    handler = (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        seen = { url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(STATUS));
      });
    };
    await expect(api().call('app.status', {})).resolves.toEqual(STATUS);
    expect(seen).toEqual({ url: '/api/app.status', auth: 'Bearer sba_test', type: 'application/json', body: '{}' });
  });

  it('turns error bodies into ApiError with the server’s message, code and issues', async () => {
    handler = (_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Route "x" is not valid', code: 'invalid_route', issues: ['targets: needs at least one target'] } }));
    const err = await api().call('routes.save', { name: 'x', route: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ message: 'Route "x" is not valid', code: 'invalid_route', status: 400, method: 'routes.save', issues: ['targets: needs at least one target'] });
  });

  it('reports a 401 to onUnauthorized', async () => {
    handler = (_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Missing or wrong admin token', code: 'unauthorized' } }));
    const onUnauthorized = vi.fn();
    await expect(api(onUnauthorized).call('tokens.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('refuses an answer that breaks the contract, and says so', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...STATUS, paused: 'no' }));
    await expect(api().call('app.status', {})).rejects.toMatchObject({ code: 'bad_response', issues: [expect.stringContaining('paused')] });
  });

  it('a non-JSON error still gives a readable message', async () => {
    handler = (_req, res) => res.writeHead(502).end('Bad gateway');
    await expect(api().call('app.status', {})).rejects.toMatchObject({ message: 'Bad gateway', code: 'http_502' });
  });

  it('a dead server is a network error naming the fix', async () => {
    const dead = createHttpApi({ baseUrl: 'http://127.0.0.1:1/', getToken: () => null });
    await expect(dead.call('app.status', {})).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('switchboard serve') });
  });

  it('reads SSE events split across chunks, ignores junk, and reconnects after the server drops', async () => {
    let connections = 0;
    handler = (req, res) => {
      expect(req.url).toBe('/api/stream/events');
      expect(req.headers.authorization).toBe('Bearer sba_test');
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      const frame = `data: ${JSON.stringify({ type: 'status', status: { ...STATUS, requestsLastMinute: connections } })}\n\n`;
      res.write(frame.slice(0, 17));
      setTimeout(() => {
        res.write(frame.slice(17));
        res.write('data: not json\n\n');
        res.write(`data: ${JSON.stringify({ type: 'nope' })}\n\n`);
        res.write(`data: ${JSON.stringify({ type: 'alert', level: 'warning', title: 'Budget', message: '80% used' })}\n\n`);
        res.end();
      }, 10);
    };
    const events: unknown[] = [];
    const stop = api().subscribe('events', {}, (e) => events.push(e));
    await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(4), { timeout: 3000 });
    stop();
    expect(events.slice(0, 4)).toEqual([
      { type: 'status', status: { ...STATUS, requestsLastMinute: 1 } },
      { type: 'alert', level: 'warning', title: 'Budget', message: '80% used' },
      { type: 'status', status: { ...STATUS, requestsLastMinute: 2 } },
      { type: 'alert', level: 'warning', title: 'Budget', message: '80% used' },
    ]);
    await new Promise((r) => setTimeout(r, 50)); // a connect already in flight when we stopped is aborted
    const after = connections;
    await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBe(after); // unsubscribed: no more reconnects
  });

  it('stops reconnecting when the token is refused', async () => {
    let connections = 0;
    handler = (_req, res) => {
      connections++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"no","code":"unauthorized"}}');
    };
    const onUnauthorized = vi.fn();
    const stop = api(onUnauthorized).subscribe('events', {}, () => {});
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 120));
    expect(connections).toBe(1);
    stop();
  });
});

describe('HTTP transport against the real admin API', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin({ pollMs: 50 });
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('calls methods, carries server validation errors, and streams status', async () => {
    const api = createHttpApi({ baseUrl: `${admin.url}/`, getToken: () => admin.adminToken });
    const status = await api.call('app.status', {});
    expect(status.transport).toBe('http');
    expect((await api.call('providers.list', {})).some((p) => p.id === 'openai')).toBe(true);
    const err = await api.call('routes.save', { name: 'bad', route: { strategy: 'race', targets: ['a'] } }).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_route', issues: ['targets: a race needs at least two targets'] });
    const created = await api.call('tokens.create', { name: 'via-renderer' });
    expect(created.token).toMatch(/^sb-/);

    const seen: Status[] = [];
    const stop = api.subscribe('events', {}, (e) => e.type === 'status' && seen.push(e.status));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 5000 });
    await api.call('app.setPaused', { paused: true });
    await vi.waitFor(() => expect(seen.at(-1)?.paused).toBe(true), { timeout: 5000 });
    stop();
    await api.call('app.setPaused', { paused: false });
  });

  it('a wrong admin token is refused and reported', async () => {
    const onUnauthorized = vi.fn();
    const api = createHttpApi({ baseUrl: `${admin.url}/`, getToken: () => 'sba_wrong', onUnauthorized });
    await expect(api.call('app.status', {})).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(onUnauthorized).toHaveBeenCalled();
  });
});

describe('IPC transport (preload bridge)', () => {
  it('finds flat and nested method functions', async () => {
    const flat = createIpcApi({ 'app.status': async () => STATUS });
    await expect(flat.call('app.status', {})).resolves.toEqual(STATUS);
    const nested = createIpcApi({ app: { status: async () => STATUS } });
    await expect(nested.call('app.status', {})).resolves.toEqual(STATUS);
    await expect(nested.call('tokens.list', {})).rejects.toMatchObject({ code: 'not_implemented' });
    expect(nested.transport).toBe('ipc');
  });

  it('unwraps Electron’s "Error invoking remote method" and JSON error bodies', async () => {
    const a = createIpcApi({ 'keys.remove': async () => Promise.reject(new Error("Error invoking remote method 'keys.remove': Error: No key stored for \"openai\".")) });
    await expect(a.call('keys.remove', { provider: 'openai' })).rejects.toMatchObject({ message: 'No key stored for "openai".' });
    const body = { error: { message: 'Route is not valid', code: 'invalid_route', issues: ['targets: x'] } };
    const b = createIpcApi({ 'routes.save': async () => Promise.reject(new Error(`Error invoking remote method 'routes.save': Error: ${JSON.stringify(body)}`)) });
    await expect(b.call('routes.save', { name: 'x', route: {} })).rejects.toMatchObject({ code: 'invalid_route', issues: ['targets: x'] });
    const c = createIpcApi({ 'routes.save': async () => body });
    await expect(c.call('routes.save', { name: 'x', route: {} })).rejects.toMatchObject({ code: 'invalid_route' });
  });

  it('subscribes through the bridge and drops events that break the contract', () => {
    let push: (e: unknown) => void = () => {};
    const unsub = vi.fn();
    const api = createIpcApi({
      subscribe: (name: string, _input: unknown, cb: (e: unknown) => void) => {
        expect(name).toBe('events');
        push = cb;
        return unsub;
      },
    });
    const got: unknown[] = [];
    const stop = api.subscribe('events', {}, (e) => got.push(e));
    push({ type: 'status', status: STATUS });
    push({ type: 'status', status: { nope: 1 } });
    expect(got).toEqual([{ type: 'status', status: STATUS }]);
    stop();
    expect(unsub).toHaveBeenCalled();
  });
});
