import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEventSchema } from '../../shared/contract';
import { readEvents, startAdmin, type AdminHarness } from './helpers';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdmin({ pollMs: 100 });
});

afterAll(async () => {
  await h?.close();
});

describe('events stream over SSE', () => {
  it('delivers a status event first, as text/event-stream', async () => {
    const r = await readEvents(`${h.url}/api/stream/events`, h.adminToken, (ev) => ev.length >= 1);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/event-stream; charset=utf-8');
    expect(r.text.startsWith(': connected\n\n')).toBe(true);
    const first = AppEventSchema.parse(r.events[0]);
    expect(first.type).toBe('status');
    if (first.type === 'status') expect(first.status).toMatchObject({ transport: 'http', endpoint: h.url, paused: false });
  });

  it('pushes a fresh status when something changes (pause), and alerts', async () => {
    const r = await readEvents(
      `${h.url}/api/stream/events`,
      h.adminToken,
      (ev) => ev.some((e) => e.type === 'status' && e.status.paused) && ev.some((e) => e.type === 'alert'),
      {
        onOpen: async () => {
          await h.call('app.setPaused', { paused: true });
          h.gateway.service.alert('warning', 'Budget', 'Daily budget for openai is 80% spent.');
        },
      },
    );
    expect(r.events.some((e) => e.type === 'status' && e.status.paused === true)).toBe(true);
    expect(r.events).toContainEqual({ type: 'alert', level: 'warning', title: 'Budget', message: 'Daily budget for openai is 80% spent.' });
    for (const e of r.events) expect(() => AppEventSchema.parse(e)).not.toThrow();
    await h.call('app.setPaused', { paused: false });
  });

  it('forwards alerts from an `alerts` emitter on the app (budgets), tolerating its absence', async () => {
    // Covered by construction: the harness app has no `alerts`, and the stream works.
    const r = await readEvents(`${h.url}/api/stream/events`, h.adminToken, (ev) => ev.length >= 1);
    expect(r.events[0].type).toBe('status');
  });

  it('refuses without the admin token, and unknown streams', async () => {
    const noToken = await readEvents(`${h.url}/api/stream/events`, null, () => true);
    expect(noToken.status).toBe(401);
    const unknown = await readEvents(`${h.url}/api/stream/nope`, h.adminToken, () => true);
    expect(unknown.status).toBe(404);
    const badInput = await readEvents(`${h.url}/api/stream/events?input=${encodeURIComponent('{"x":1}')}`, h.adminToken, () => true);
    expect(badInput.status).toBe(400);
  });

  it('closing the gateway ends open streams (so shutdown is not held up)', async () => {
    const mount = h.gateway.admin!.mount;
    const controller = new AbortController();
    const res = await fetch(`${h.url}/api/stream/events`, { headers: { authorization: `Bearer ${h.adminToken}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(mount.openStreams).toBeGreaterThanOrEqual(1);
    mount.close();
    const text = await res.text(); // resolves because the server ended the stream
    expect(text).toContain('data:');
    expect(mount.openStreams).toBe(0);
  });
});
