/**
 * The Costs & Requests methods (issue 7): `costs.*`, `requests.*`, `prices.*`
 * and `log.*`, over electron/analytics/ and electron/pricing/effective.ts.
 * Registered in the dispatch table with `...costsHandlers(deps)` (methods.ts).
 */
import path from 'node:path';
import type { MethodName } from '../../shared/contract';
import type { PriceOverride } from '../../shared/settings';
import type { SwitchboardApp } from '../app';
import { budgetLines, costSavings, costSummary, costTimeseries, costTop } from '../analytics/costs';
import { exportLog } from '../analytics/export';
import { recomputeCosts, recomputeRunning, type RecomputeProgress, type RecomputeResult } from '../analytics/recompute';
import { facets, queryRequests, requestDetail } from '../analytics/requests';
import { purgeBodies, purgeRequests, storageReport } from '../analytics/retention';
import { databasePath } from '../core/paths';
import { affectedRows, effectivePrice, overrideKey, overrideRates, priceTable, type ProviderPriceInfo } from '../pricing/effective';
import { cachedModels } from '../store/queries';
import { redactHeaders } from '../store/redact';
import { READ_YOUR_WRITE_MS } from '../store/threaded-log';
import { ApiError } from './errors';
import type { MethodImpls } from './methods';

export interface CostsDeps {
  app: SwitchboardApp;
}

/** `requests.replay` is in ./replay.ts (it calls the proxy). */
type CostsMethod = Exclude<Extract<MethodName, `costs.${string}` | `requests.${string}` | `prices.${string}` | `log.${string}`>, 'requests.replay'>;

/** The folder exports are written to. */
export const exportsDir = (dataDir: string) => path.join(dataDir, 'exports');

interface RecomputeState {
  progress: RecomputeProgress | null;
  last: RecomputeResult | null;
}
const recomputes = new WeakMap<SwitchboardApp, RecomputeState>();
const stateOf = (app: SwitchboardApp) => {
  let s = recomputes.get(app);
  if (!s) recomputes.set(app, (s = { progress: null, last: null }));
  return s;
};

function providerInfo(app: SwitchboardApp, id: string): ProviderPriceInfo | undefined {
  const p = app.registry().get(id);
  return p ? { discount: p.discount, pricingId: p.spec.pricingId, local: p.spec.local } : undefined;
}

/** RangeError (bad bucket/range) → a 400 with the message. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw new ApiError(err.message, 'invalid_range', 400);
    throw err;
  }
}

function priceChange(app: SwitchboardApp, provider: string, model: string) {
  const info = providerInfo(app, provider);
  const override = app.settings.get().priceOverrides[overrideKey(provider, model)];
  const price = effectivePrice(provider, model, info, override);
  const affected = affectedRows(app.db, {
    provider,
    model,
    candidate: price.list ? { rates: price.list, discount: price.discount } : undefined,
  });
  return { price, affected };
}

export function costsHandlers({ app }: CostsDeps): Pick<MethodImpls, CostsMethod> {
  return {
    'costs.summary': ({ from, to, filter, compare }) => costSummary(app.db, { from, to, filter, compare }),
    'costs.timeseries': (q) => guard(() => costTimeseries(app.db, q)),
    'costs.top': (q) => costTop(app.db, q),
    'costs.savings': (q) => costSavings(app.db, q),
    'costs.budgets': ({ now }) => {
      const s = app.settings.get();
      return budgetLines(app.db, s.budgets, s.burnRate, now ?? Date.now());
    },

    'requests.query': (q) => queryRequests(app.db, q),
    'requests.get': async ({ id }) => {
      // A request that just finished may still be on its way to the log's writer
      // thread (store/threaded-log.ts): wait for it once before saying it doesn't exist.
      const d = requestDetail(app.db, id) ?? (await app.writer.whenIdle(READ_YOUR_WRITE_MS), requestDetail(app.db, id));
      if (!d) throw new ApiError(`No logged request with id ${id}.`, 'not_found', 404);
      // Headers were redacted when logged; redact again so no output can carry a credential.
      if (d.bodies) d.bodies = { ...d.bodies, requestHeaders: redactHeaders(d.bodies.requestHeaders) };
      return d;
    },
    'requests.facets': () => facets(app.db),

    'prices.list': ({ includeCatalog }) => {
      const s = app.settings.get();
      const rows = priceTable(app.db, {
        provider: (id) => providerInfo(app, id),
        overrides: s.priceOverrides,
        extraModels: includeCatalog ? cachedModels(app.db).map((m) => ({ provider: m.provider, model: m.model })) : [],
      });
      return { rows, unpricedRequests: rows.reduce((n, r) => n + r.unpricedRequests, 0) };
    },
    'prices.setOverride': ({ provider, model, ...rates }) => {
      const override: PriceOverride = { inputPerMTok: rates.inputPerMTok, outputPerMTok: rates.outputPerMTok };
      if (rates.cachedInputPerMTok !== undefined) override.cachedInputPerMTok = rates.cachedInputPerMTok;
      if (rates.cacheWritePerMTok !== undefined) override.cacheWritePerMTok = rates.cacheWritePerMTok;
      app.settings.update((draft) => {
        draft.priceOverrides = { ...draft.priceOverrides, [overrideKey(provider, model)]: override };
      });
      return priceChange(app, provider, model);
    },
    'prices.removeOverride': ({ provider, model }) => {
      const key = overrideKey(provider, model);
      app.settings.update((draft) => {
        const next = { ...draft.priceOverrides };
        delete next[key];
        draft.priceOverrides = next;
      });
      return priceChange(app, provider, model);
    },
    'prices.affected': ({ provider, model, candidate }) => {
      const info = providerInfo(app, provider);
      let cand: { rates: ReturnType<typeof overrideRates>; discount: number } | undefined;
      if (candidate) cand = { rates: overrideRates(candidate), discount: info?.discount ?? 1 };
      else if (model) {
        const current = effectivePrice(provider, model, info, app.settings.get().priceOverrides[overrideKey(provider, model)]);
        if (current.list) cand = { rates: current.list, discount: current.discount };
      }
      return affectedRows(app.db, { provider, model: model ?? null, candidate: cand });
    },
    'prices.recompute': async ({ provider, model }) => {
      if (recomputeRunning(app.db)) throw new ApiError('A price recompute is already running.', 'busy', 409);
      if (model && !provider) throw new ApiError('Give the provider of the model to recompute.', 'invalid_input', 400);
      const state = stateOf(app);
      state.progress = { done: 0, total: 0, updated: 0 };
      try {
        const result = await recomputeCosts(app.db, app.pricer, { provider, model }, { onProgress: (p) => (state.progress = p) });
        state.last = result;
        return result;
      } finally {
        state.progress = null;
      }
    },
    'prices.recomputeStatus': () => {
      const s = stateOf(app);
      return { running: recomputeRunning(app.db), progress: s.progress, last: s.last };
    },

    'log.export': async ({ format, ...filter }) => exportLog(app.db, { dir: exportsDir(app.dataDir), format, filter }),
    'log.purge': async ({ what, before }) => {
      if (before > Date.now()) throw new ApiError('Choose a date in the past.', 'invalid_input', 400);
      if (what === 'bodies') return { bodies: await purgeBodies(app.db, before), requests: 0 };
      return { bodies: 0, requests: await purgeRequests(app.db, before) };
    },
    'log.storage': ({ detailed }) => ({
      ...storageReport(app.db, databasePath(app.dataDir), detailed),
      bodyRetentionDays: app.settings.get().bodyRetentionDays,
    }),
  };
}
