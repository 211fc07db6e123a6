/**
 * The `race.*` methods and the `race.events` stream (issue 5), over
 * electron/race/. Registered with `...raceHandlers(deps)` (methods.ts) and
 * `subscribeRaceEvents` (service.ts).
 */
import type { MethodName, StreamInput } from '../../shared/contract';
import type { RaceEvent } from '../../shared/race';
import type { SwitchboardApp } from '../app';
import { RaceError, type RaceEngine } from '../race/engine';
import { existingRaceEngine, raceEngineFor } from '../race/service';
import { ApiError } from './errors';
import type { MethodImpls } from './methods';
import type { ApiRuntime } from './runtime';

export interface RaceDeps {
  app: SwitchboardApp;
  runtime: Pick<ApiRuntime, 'endpoint'>;
}

type RaceMethod = Extract<MethodName, `race.${string}`>;

export function raceEngine(deps: RaceDeps): RaceEngine {
  return raceEngineFor(deps.app, { endpoint: () => deps.runtime.endpoint() });
}

/** RaceError → ApiError, so the message (written for people) crosses the wire. */
async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RaceError) throw new ApiError(err.message, err.code, err.status);
    throw err;
  }
}

export function raceHandlers(deps: RaceDeps): Pick<MethodImpls, RaceMethod> {
  const engine = () => raceEngine(deps);
  return {
    'race.start': (input) => guard(() => engine().start(input)),
    'race.followUp': ({ raceId, prompt, attachments }) => guard(() => engine().followUp(raceId, prompt, attachments)),
    'race.stop': ({ raceId, column }) =>
      guard(() => {
        engine().stop(raceId, column);
        return { ok: true as const };
      }),
    'race.vote': ({ raceId, turn, column }) => guard(() => engine().vote(raceId, turn, column)),
    'race.get': ({ raceId }) => guard(() => engine().get(raceId)),
    'race.list': ({ limit, search }) => guard(() => engine().list(limit, search)),
    'race.delete': ({ raceId }) =>
      guard(async () => {
        await engine().delete(raceId);
        return { ok: true as const };
      }),
    'race.leaderboard': () => guard(() => engine().leaderboard()),
  };
}

/** `race.events`: every event of every race (or of one), from now on. Snapshots come from `race.get` (its `seq` orders them). */
export function subscribeRaceEvents(deps: RaceDeps, input: StreamInput<'race.events'>, send: (e: RaceEvent) => void): () => void {
  const id = input.raceId;
  return raceEngine(deps).subscribe((e) => {
    if (id === undefined || e.raceId === id) send(e);
  });
}

/** On quit, before the database closes: stops running columns (their answers are saved as stopped). */
export async function stopRaces(app: SwitchboardApp): Promise<void> {
  await existingRaceEngine(app)?.stopAll();
}
