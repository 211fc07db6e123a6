import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setBudget } from '../../electron/budget/manage';
import { localIso, periodBounds } from '../../electron/budget/periods';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Budgets through the real gateway: the official SDKs, the provider fakes, the
 * real log writer feeding the guard's running totals.
 */
let gw: TestGateway;
let oa: OpenAI;
let an: Anthropic;

// gpt-4o-mini: $0.15/MTok in, $0.60/MTok out → 100k in + 10k out = $0.021
const PRICED_CALL = { text: 'Sure.', usage: { input: 100_000, output: 10_000 } };

beforeAll(async () => {
  gw = await startTestGateway();
  oa = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0 });
  an = new Anthropic({ baseURL: gw.url, apiKey: gw.token, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.close();
});
afterEach(() => {
  gw.app.settings.update((d) => {
    d.budgets = [];
    d.burnRate = null;
  });
});

/** Waits until the finished calls are in the log and the guard's totals. */
async function settled(minGlobal: number): Promise<void> {
  await vi.waitFor(
    () => {
      gw.flush();
      expect(gw.app.budget.spent('day', 'global')).toBeGreaterThanOrEqual(minGlobal);
    },
    { timeout: 3000, interval: 10 },
  );
}

async function spendOnOpenAI(): Promise<void> {
  const before = gw.app.budget.spent('day', 'global');
  gw.openai.enqueue(PRICED_CALL);
  await oa.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'spend' }] });
  await settled(before + 0.02);
}

describe('hard caps over the wire', () => {
  it('402 in both wire formats, naming the cap, the spend and the reset time', async () => {
    await spendOnOpenAI();
    setBudget(gw.app.settings, { scope: 'provider', name: 'openai', period: 'day', limitUsd: 0.01, mode: 'hard' });
    const calls = gw.openai.chatRequests().length;
    const resets = localIso(periodBounds('day', Date.now()).end);

    const oaErr = await oa.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'more' }] }).catch((e: unknown) => e);
    expect(oaErr).toBeInstanceOf(OpenAI.APIError);
    const e1 = oaErr as InstanceType<typeof OpenAI.APIError>;
    expect(e1.status).toBe(402);
    expect(e1.type).toBe('insufficient_quota');
    expect(e1.code).toBe('budget_exceeded');
    expect(e1.message).toContain('daily hard cap for provider "openai" is $0.01');
    expect(e1.message).toMatch(/\$0\.0\d+ has been spent today/);
    expect(e1.message).toContain(`It resets at ${resets}`);

    // The Anthropic SDK calling the same provider gets Anthropic's billing error.
    const anErr = await an.messages
      .create({ model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'more' }] })
      .catch((e: unknown) => e);
    expect(anErr).toBeInstanceOf(Anthropic.APIError);
    const e2 = anErr as InstanceType<typeof Anthropic.APIError>;
    expect(e2.status).toBe(402);
    const body2 = (e2.error as { error: { type: string; message: string } }).error;
    expect(body2.type).toBe('billing_error');
    expect(body2.message).toContain('daily hard cap for provider "openai" is $0.01');
    expect(body2.message).toContain(`It resets at ${resets}`);

    // A stream is refused the same way, before any event.
    const streamErr = await oa.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'more' }], stream: true })
      .catch((e: unknown) => e);
    expect((streamErr as InstanceType<typeof OpenAI.APIError>).status).toBe(402);

    expect(gw.openai.chatRequests().length).toBe(calls); // nothing reached the provider
    // Other providers are not capped.
    gw.anthropic.enqueue({ text: 'fine' });
    const ok = await an.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.content[0]).toMatchObject({ text: 'fine' });
  });

  it('route and client-token caps', async () => {
    gw.app.settings.update((d) => {
      (d.routes as Record<string, unknown>).thrifty = { strategy: 'fallback', targets: ['openai/gpt-4o-mini'] };
    });
    setBudget(gw.app.settings, { scope: 'route', name: 'thrifty', period: 'month', limitUsd: 0 });
    const err = (await oa.chat.completions.create({ model: 'thrifty', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(err.status).toBe(402);
    expect(err.message).toContain('monthly hard cap for route "thrifty" is $0.00');
    expect(err.message).toContain(`It resets at ${localIso(periodBounds('month', Date.now()).end)}`);

    setBudget(gw.app.settings, { scope: 'token', name: 'tests', period: 'day', limitUsd: 0 });
    const err2 = (await an.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err2.status).toBe(402);
    expect((err2.error as { error: { message: string } }).error.message).toContain('daily hard cap for client token "tests" is $0.00');
  });
});

describe('soft caps and burn rate over the wire', () => {
  it('a soft cap lets the call through and raises one alert line', async () => {
    await spendOnOpenAI();
    setBudget(gw.app.settings, { scope: 'global', period: 'day', limitUsd: 0.001, mode: 'soft' });
    const alerts = () => gw.warnings.filter((w) => w.includes('soft budget reached'));
    const before = alerts().length;
    gw.openai.enqueue({ text: 'still here' });
    const r = await oa.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(r.choices[0]!.message.content).toBe('still here');
    gw.openai.enqueue({ text: 'and here' });
    await oa.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'y' }] });
    expect(alerts().length).toBe(before + 1);
    expect(alerts().at(-1)).toContain('The daily soft cap for global');
  });

  it('burn rate: an alert once the last hour passes the threshold', async () => {
    const events: string[] = [];
    const onAlert = (a: { title: string }) => events.push(a.title);
    gw.app.budget.events.on('alert', onAlert);
    try {
      gw.app.settings.update((d) => {
        d.burnRate = { usdPerHour: 0.001 };
      });
      await spendOnOpenAI();
      await vi.waitFor(() => expect(events).toContain('Switchboard: high burn rate'));
      expect(gw.warnings.some((w) => w.startsWith('Switchboard: high burn rate.') && w.includes('spent in the last hour'))).toBe(true);
    } finally {
      gw.app.budget.events.off('alert', onAlert);
    }
  });
});
