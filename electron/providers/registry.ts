import { BUILTIN_PROVIDERS, builtinProvider, customProvider } from './catalog';
import type { ProviderSpec } from './types';

/** What settings say about one provider (a subset of shared/settings' record). */
export interface ProviderConfig {
  baseUrl?: string | undefined;
  discount?: number | undefined;
  key?: unknown;
  custom?: { format: 'openai'; needsKey: boolean } | undefined;
}

/** A provider as the proxy calls it: catalog entry plus the user's overrides. */
export interface ActiveProvider {
  spec: ProviderSpec;
  baseUrl: string;
  /** A key is stored, or the provider needs none (local servers). */
  usable: boolean;
  hasKey: boolean;
  discount: number;
}

/**
 * The catalog merged with settings: base-URL overrides, custom endpoints,
 * discounts and which providers have keys. Rebuilt only when settings change,
 * so lookups on the request path are map reads.
 */
export class ProviderRegistry {
  private readonly byId = new Map<string, ActiveProvider>();

  constructor(configs: Readonly<Record<string, ProviderConfig>>) {
    for (const spec of BUILTIN_PROVIDERS) this.add(spec, configs[spec.id]);
    for (const [id, cfg] of Object.entries(configs)) {
      if (cfg.custom && !builtinProvider(id) && cfg.baseUrl) {
        this.add(customProvider(id, cfg.baseUrl, cfg.custom.needsKey), cfg);
      }
    }
  }

  private add(spec: ProviderSpec, cfg: ProviderConfig | undefined): void {
    const hasKey = cfg?.key !== undefined;
    this.byId.set(spec.id, {
      spec,
      baseUrl: stripSlash(cfg?.baseUrl ?? spec.baseUrl),
      hasKey,
      usable: hasKey || spec.auth === 'none',
      discount: cfg?.discount ?? 1,
    });
  }

  get(id: string): ActiveProvider | undefined {
    return this.byId.get(id);
  }

  all(): ActiveProvider[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
