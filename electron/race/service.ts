/**
 * The app's one RaceEngine: columns call the proxy at `endpoint()` with the
 * internal client token (shared with Compare), and are priced exactly as the
 * request log prices them (`app.pricer`: genai-prices via
 * electron/pricing/price.ts, with discounts and price overrides).
 */
import type { SwitchboardApp } from '../app';
import { ensureInternalToken, forgetInternalToken } from '../compare/internal-token';
import { RaceEngine } from './engine';
import { RaceStore } from './store';
import { proxyStreamCaller } from './stream-client';

const engines = new WeakMap<SwitchboardApp, RaceEngine>();

export function existingRaceEngine(app: SwitchboardApp): RaceEngine | undefined {
  return engines.get(app);
}

export function raceEngineFor(app: SwitchboardApp, opts: { endpoint: () => string; deltaFlushMs?: number }): RaceEngine {
  let e = engines.get(app);
  if (!e) {
    e = new RaceEngine({
      store: new RaceStore(app.db),
      caller: proxyStreamCaller({
        baseUrl: opts.endpoint,
        token: () => ensureInternalToken(app),
        renewToken: () => {
          forgetInternalToken(app);
          return ensureInternalToken(app);
        },
      }),
      price: ({ provider, model, usage }) =>
        app.pricer({
          id: '', ts: Date.now(), clientFormat: 'openai', endpoint: 'chat', tokenName: null, source: 'race', requestedModel: model,
          route: null, provider, servedModel: model, status: 200, errorType: null, errorMessage: null, stream: true, latencyMs: null,
          ttftMs: null, usage, usageEstimated: false, cacheHit: false, savedUsd: null, partial: false, attempts: [],
        }).costUsd,
      deltaFlushMs: opts.deltaFlushMs,
    });
    engines.set(app, e);
  }
  return e;
}
