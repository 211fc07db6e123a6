/**
 * The `compare.*` methods and the `compare.progress` stream (issue 6), over
 * electron/compare/. Registered in the dispatch table with
 * `...compareHandlers(deps)` (methods.ts) and `subscribeCompareProgress`
 * (service.ts).
 */
import type { CompareProgress } from '../../shared/compare';
import type { MethodName, StreamInput } from '../../shared/contract';
import type { SwitchboardApp } from '../app';
import { CompareError } from '../compare/runner';
import { compareServiceFor, existingCompareService, type CompareService } from '../compare/service';
import { ApiError } from './errors';
import type { MethodImpls } from './methods';
import type { ApiRuntime } from './runtime';

export interface CompareDeps {
  app: SwitchboardApp;
  runtime: Pick<ApiRuntime, 'endpoint'>;
}

type CompareMethod = Extract<MethodName, `compare.${string}`>;

/** The app's Compare service (calls go to the proxy at `runtime.endpoint()`). */
export function compareService(deps: CompareDeps): CompareService {
  return compareServiceFor(deps.app, { endpoint: () => deps.runtime.endpoint() });
}

/** CompareError → ApiError, so the message (written for people) crosses the wire. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CompareError) throw new ApiError(err.message, err.code, err.status);
    throw err;
  }
}

export function compareHandlers(deps: CompareDeps): Pick<MethodImpls, CompareMethod> {
  const svc = () => compareService(deps);
  return {
    'compare.create': (input) => guard(() => svc().create(input)),
    'compare.update': (input) => guard(() => svc().update(input)),
    'compare.list': () => guard(() => svc().list()),
    'compare.get': ({ experimentId }) => guard(() => svc().get(experimentId)),
    'compare.items': ({ experimentId, offset, limit }) => guard(() => svc().items(experimentId, offset, limit)),
    'compare.item': ({ experimentId, idx }) => guard(() => svc().item(experimentId, idx)),
    'compare.estimate': ({ experimentId, assumedOutputTokens }) => guard(() => svc().estimate(experimentId, assumedOutputTokens)),
    'compare.start': ({ experimentId }) => guard(() => svc().start(experimentId)),
    'compare.pause': ({ experimentId }) => guard(() => svc().pause(experimentId)),
    'compare.cancel': ({ experimentId }) => guard(() => svc().cancel(experimentId)),
    'compare.resume': ({ experimentId }) => guard(() => svc().resume(experimentId)),
    'compare.override': (input) => guard(() => svc().override(input)),
    'compare.export': ({ experimentId, format }) => guard(() => svc().export(experimentId, format)),
    'compare.importItems': ({ text, format }) => guard(() => svc().importItems(text, format)),
    'compare.sampleFromLog': (input) => guard(() => svc().sampleFromLog(input)),
    'compare.fromRace': (input) => guard(() => svc().fromRace(input)),
    'compare.delete': ({ experimentId }) =>
      guard(() => {
        svc().delete(experimentId);
        return { ok: true as const };
      }),
  };
}

/**
 * `compare.progress`: the current progress at once (of the one experiment, or
 * of every run active in this process), then every change. Returns the
 * unsubscribe function.
 */
export function subscribeCompareProgress(deps: CompareDeps, input: StreamInput<'compare.progress'>, send: (e: CompareProgress) => void): () => void {
  const s = compareService(deps);
  const id = input.experimentId;
  const unsubscribe = s.subscribe((p) => {
    if (id === undefined || p.experimentId === id) send(p);
  });
  try {
    if (id !== undefined) send(s.progress(id));
    else for (const e of s.list()) if (s.runner.isActive(e.id)) send(s.progress(e.id));
  } catch (err) {
    unsubscribe();
    if (err instanceof CompareError) throw new ApiError(err.message, err.code, err.status);
    throw err;
  }
  return unsubscribe;
}

/**
 * On quit, before the database closes: stops this process's runs (calls in
 * flight are aborted and stay pending; the next launch offers Resume).
 */
export async function stopCompareRuns(app: SwitchboardApp): Promise<void> {
  await existingCompareService(app)?.stopAll();
}
