import { UserFacingError } from '../../core/errors';
import type { ModelListResult } from '../../providers/model-list';
import { cachedModels } from '../../store/queries';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

/**
 * Lists models for every configured provider: fetched live where the provider
 * answers, from the offline cache where it doesn't (and said so).
 */
export async function modelsCommand(args: CommandArgs): Promise<number> {
  return withApp(args, async (app) => {
    const providers = app.configuredProviders();
    // A key that can't be opened here (e.g. sealed with a passphrase that isn't set) is one
    // provider's problem: report it and fall back to its cache, like an offline provider.
    const refresh = (id: string): Promise<ModelListResult> =>
      app.refreshModels(id).catch((err: unknown) => {
        if (err instanceof UserFacingError) return { ok: false as const, status: 0, message: err.message };
        throw err;
      });
    const results = await Promise.all(providers.map(async (id) => ({ id, result: await refresh(id) })));
    const cached = cachedModels(app.db);
    const out: Array<{ id: string; provider: string; model: string; source: 'live' | 'cache' }> = [];
    const notes: string[] = [];
    for (const { id, result } of results) {
      if (result.ok) {
        for (const m of result.models) out.push({ id: `${id}/${m}`, provider: id, model: m, source: 'live' });
        continue;
      }
      const fromCache = cached.filter((c) => c.provider === id);
      for (const c of fromCache) out.push({ id: `${id}/${c.model}`, provider: id, model: c.model, source: 'cache' });
      notes.push(`${id}: offline or refused (${result.message}); ${fromCache.length ? `showing the list cached ${new Date(fromCache[0]!.fetchedAt).toISOString()}` : 'nothing cached'}.`);
    }
    if (args.values.json) {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      if (providers.length === 0) process.stdout.write('No providers configured. Add a key with: switchboard keys add PROVIDER\n');
      for (const m of out) process.stdout.write(`${m.id}${m.source === 'cache' ? '  (cached)' : ''}\n`);
    }
    for (const n of notes) process.stderr.write(`${n}\n`);
    return 0;
  });
}
