import { GatewayError } from '../core/errors';
import type { ActiveProvider, ProviderRegistry } from './registry';

export interface ResolvedModel {
  provider: ActiveProvider;
  /** The model name as the provider knows it (prefix stripped). */
  model: string;
}

/** Models each provider listed last time they were fetched (offline cache). */
export type ModelDirectory = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Turns a client's model name into a provider and model.
 * - `provider/model` always works (the model may itself contain slashes, as on OpenRouter).
 * - A bare name is matched against each provider's name patterns, then against
 *   the cached model lists of providers the user has configured.
 * - Unknown or ambiguous names are a 404 that names the candidates.
 */
export function resolveModel(name: string, registry: ProviderRegistry, directory?: ModelDirectory): ResolvedModel {
  const slash = name.indexOf('/');
  if (slash > 0) {
    const provider = registry.get(name.slice(0, slash));
    if (provider) return { provider, model: name.slice(slash + 1) };
  }

  const byPattern = registry.all().filter((p) => p.spec.modelPatterns.some((re) => re.test(name)));
  if (byPattern.length === 1) return { provider: byPattern[0]!, model: name };

  const listing = registry.all().filter((p) => p.usable && directory?.get(p.spec.id)?.has(name));
  if (byPattern.length === 0 && listing.length === 1) return { provider: listing[0]!, model: name };

  const candidates = (byPattern.length > 1 ? byPattern : listing).map((p) => `${p.spec.id}/${name}`);
  if (candidates.length > 1) {
    throw new GatewayError(404, 'not_found', `Model '${name}' is ambiguous; use one of: ${candidates.join(', ')}.`, {
      code: 'model_not_found',
      param: 'model',
    });
  }
  const similar = suggest(name, directory, registry);
  const hint = similar.length
    ? ` Did you mean: ${similar.join(', ')}?`
    : ` Use provider/model, where provider is one of: ${registry.ids().join(', ')}.`;
  throw new GatewayError(404, 'not_found', `Model '${name}' is not known to any provider.${hint}`, {
    code: 'model_not_found',
    param: 'model',
  });
}

function suggest(name: string, directory: ModelDirectory | undefined, registry: ProviderRegistry): string[] {
  if (!directory) return [];
  const needle = name.toLowerCase();
  const out: string[] = [];
  for (const p of registry.all()) {
    for (const m of directory.get(p.spec.id) ?? []) {
      if (m.toLowerCase().includes(needle) || needle.includes(m.toLowerCase())) out.push(`${p.spec.id}/${m}`);
      if (out.length >= 5) return out;
    }
  }
  return out;
}

/** A provider that needs a key but has none: say exactly which key to add. */
export function requireKey(resolved: ResolvedModel): void {
  if (resolved.provider.usable) return;
  const id = resolved.provider.spec.id;
  throw new GatewayError(
    401,
    'authentication',
    `No key for provider '${id}'. Add one with \`switchboard keys add ${id}\` (key on stdin) or on the Keys page.`,
    { code: 'provider_key_missing' },
  );
}
