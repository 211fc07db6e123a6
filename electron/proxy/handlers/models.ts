import type { ProxyDeps, RequestContext } from '../context';
import { sendJson } from '../respond';

/**
 * GET /v1/models: every model reachable with the configured keys, as
 * `provider/model` ids (which always resolve), in OpenAI's list format. Served
 * from the offline cache that `switchboard models` and the Keys page refresh.
 */
export function handleModels(ctx: RequestContext, deps: ProxyDeps, extraIds: readonly string[] = []): void {
  const registry = deps.registry();
  const data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> = [];
  for (const id of extraIds) data.push({ id, object: 'model', created: 0, owned_by: 'switchboard' });
  for (const [providerId, models] of deps.directory()) {
    if (!registry.get(providerId)?.usable) continue;
    for (const model of models) data.push({ id: `${providerId}/${model}`, object: 'model', created: 0, owned_by: providerId });
  }
  sendJson(ctx, 200, { object: 'list', data });
}
