import fs from 'node:fs';
import type { Settings } from '../shared/settings';
import { GatewayError } from './core/errors';
import { databasePath } from './core/paths';
import { BUILTIN_PROVIDERS } from './providers/catalog';
import { fetchModelList, type ModelListResult } from './providers/model-list';
import { ProviderRegistry } from './providers/registry';
import type { ModelDirectory } from './providers/resolve';
import type { ProxyDeps } from './proxy/context';
import { createProxyServer, type ProxyServer } from './proxy/server';
import { SettingsStore } from './settings/store';
import { openDatabase, type Database } from './store/db';
import { LogWriter, recordPricer } from './store/log-writer';
import { cacheModels, cachedModels } from './store/queries';
import { KeyUnavailableError, type Keyring } from './vault/keyring';
import { selectKeyrings } from './vault/select';
import { TokenVerifier } from './vault/tokens';
import { Vault } from './vault/vault';

export interface AppOptions {
  dataDir: string;
  /** The desktop shell passes its safeStorage keyring; headless picks the best available. */
  keyring?: Keyring;
  env?: Record<string, string | undefined>;
  /** Where warnings go (headless: stderr; desktop: notifications too). */
  warn?: (message: string) => void;
  /** Settings file watching (off for one-shot CLI commands). */
  watchSettings?: boolean;
}

/**
 * The core of Switchboard with no transport attached: settings, vault, log
 * database and provider registry. `switchboard serve`, the CLI commands and
 * the Electron main process all build one of these.
 */
export class SwitchboardApp {
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly db: Database;
  readonly writer: LogWriter;
  readonly tokens: TokenVerifier;
  private registryCache: { settings: Readonly<Settings>; registry: ProviderRegistry } | null = null;
  private directoryCache: Map<string, Set<string>>;
  private readonly warnOnce = new Set<string>();

  private constructor(
    readonly dataDir: string,
    settings: SettingsStore,
    vault: Vault,
    db: Database,
    private readonly warnFn: (message: string) => void,
  ) {
    this.settings = settings;
    this.vault = vault;
    this.db = db;
    this.tokens = new TokenVerifier(settings);
    this.writer = new LogWriter(db, {
      price: recordPricer((id) => {
        const p = this.registry().get(id);
        return p ? { pricingId: p.spec.pricingId, local: p.spec.local, discount: p.discount } : undefined;
      }),
      warn: (m) => this.warn(m),
    });
    this.directoryCache = loadDirectory(db);
  }

  static async open(opts: AppOptions): Promise<SwitchboardApp> {
    fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const settings = new SettingsStore(opts.dataDir, { watch: opts.watchSettings ?? true });
    let keyring = opts.keyring;
    let others: Keyring[] = [];
    if (!keyring) {
      const selected = await selectKeyrings(opts.dataDir, opts.env ?? process.env);
      keyring = selected.primary;
      others = selected.others;
    }
    const vault = new Vault(settings, keyring, others);
    const db = openDatabase(databasePath(opts.dataDir));
    return new SwitchboardApp(opts.dataDir, settings, vault, db, opts.warn ?? ((m) => console.warn(`[switchboard] ${m}`)));
  }

  /** The provider registry for the current settings, rebuilt only when they change. */
  registry(): ProviderRegistry {
    const s = this.settings.get();
    if (this.registryCache?.settings !== s) {
      this.registryCache = { settings: s, registry: new ProviderRegistry(s.providers) };
    }
    return this.registryCache.registry;
  }

  directory(): ModelDirectory {
    return this.directoryCache;
  }

  warn(message: string): void {
    if (this.warnOnce.has(message)) return;
    this.warnOnce.add(message);
    this.warnFn(message);
  }

  /** Fetches one provider's model list with its key, caching it for offline use. */
  async refreshModels(providerId: string): Promise<ModelListResult> {
    const p = this.registry().get(providerId);
    if (!p) return { ok: false, status: 0, message: `unknown provider '${providerId}'` };
    const key = await this.vault.open(providerId);
    const result = await fetchModelList(p, key);
    if (result.ok) {
      cacheModels(this.db, providerId, result.models);
      this.directoryCache.set(providerId, new Set(result.models));
    }
    return result;
  }

  /** Providers with a key (or local ones that need none, when the user configured them). */
  configuredProviders(): string[] {
    const s = this.settings.get();
    return BUILTIN_PROVIDERS.map((p) => p.id)
      .concat(Object.keys(s.providers).filter((id) => !BUILTIN_PROVIDERS.some((p) => p.id === id)))
      .filter((id) => {
        const cfg = s.providers[id];
        return cfg?.key !== undefined || (this.registry().get(id)?.spec.auth === 'none' && cfg !== undefined);
      });
  }

  proxyDeps(): ProxyDeps {
    return {
      registry: () => this.registry(),
      allowedOrigins: () => this.settings.get().allowedOrigins,
      logBodies: () => this.settings.get().logBodies,
      verifyToken: (t) => this.tokens.verify(t),
      openKey: async (id) => {
        try {
          return await this.vault.open(id);
        } catch (err) {
          if (err instanceof KeyUnavailableError) {
            throw new GatewayError(401, 'authentication', `The ${id} key can't be opened: ${err.message}`, { code: 'key_unavailable' });
          }
          throw err;
        }
      },
      directory: () => this.directoryCache,
      log: (r) => this.writer.enqueue(r),
      warn: (m) => this.warn(m),
    };
  }

  createProxy(opts: { extraHosts?: string[] } = {}): ProxyServer {
    return createProxyServer(this.proxyDeps(), { extraHosts: opts.extraHosts });
  }

  /** Flushes the log and closes files. */
  close(): void {
    this.writer.flush();
    this.writer.close();
    this.settings.close();
    this.db.close();
  }
}

function loadDirectory(db: Database): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { provider, model } of cachedModels(db)) {
    let set = out.get(provider);
    if (!set) out.set(provider, (set = new Set()));
    set.add(model);
  }
  return out;
}
