import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from '../shared/settings';
import { BudgetGuard, type BudgetAlert } from './budget/guard';
import { applyPromptCaching } from './cache/prompt-caching';
import { ResponseCache } from './cache/response-cache';
import { GatewayError } from './core/errors';
import { databasePath } from './core/paths';
import { ActivityCounter } from './api/activity';
import { startLogMaintenance, type Maintenance } from './analytics/maintenance';
import { BUILTIN_PROVIDERS } from './providers/catalog';
import { fetchModelList, type ModelListResult } from './providers/model-list';
import { ProviderRegistry } from './providers/registry';
import type { ModelDirectory } from './providers/resolve';
import type { ProxyDeps } from './proxy/context';
import { createProxyServer, type ProxyServer } from './proxy/server';
import { CooldownTracker } from './routing/cooldown';
import { SettingsStore } from './settings/store';
import { openDatabase, type Database } from './store/db';
import { orphanedJournalRows, RowJournal } from './store/journal';
import { recordPricer } from './store/log-writer';
import { ThreadedLogWriter } from './store/threaded-log';
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
  /** Budget and burn-rate alerts (desktop: notifications). Default: a warning line. Also on `app.budget.events`. */
  alert?: (alert: BudgetAlert) => void;
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
  /** Replaced only by `useKeyring` (desktop passphrase mode). */
  vault: Vault;
  readonly db: Database;
  /** The request log, committed on its own thread (store/threaded-log.ts); `flush()` waits for it. */
  readonly writer: ThreadedLogWriter;
  readonly tokens: TokenVerifier;
  /** Finished proxy requests per second over the last minute (Connect page, tray). */
  readonly activity = new ActivityCounter();
  /** Paused from the tray / Connect page: generation calls are refused with a 503. */
  paused = false;
  private registryCache: { settings: Readonly<Settings>; registry: ProviderRegistry } | null = null;
  private directoryCache: Map<string, Set<string>>;
  private readonly warnOnce = new Set<string>();

  private constructor(
    readonly dataDir: string,
    settings: SettingsStore,
    vault: Vault,
    db: Database,
    private readonly warnFn: (message: string) => void,
    private readonly alertFn?: (alert: BudgetAlert) => void,
  ) {
    this.settings = settings;
    this.vault = vault;
    this.db = db;
    this.tokens = new TokenVerifier(settings);
    const price = recordPricer((id) => {
      const p = this.registry().get(id);
      // Per-model list-price overrides (Costs → Prices), read live from settings.
      const priceOverride = (model: string) => {
        const o = this.settings.get().priceOverrides;
        const key = `${id}/${model}`;
        return Object.hasOwn(o, key) ? o[key] : undefined;
      };
      return p ? { pricingId: p.spec.pricingId, local: p.spec.local, discount: p.discount, priceOverride } : { priceOverride };
    });
    this.pricer = price;
    this.writer = new ThreadedLogWriter(db, {
      price,
      warn: (m) => this.warn(m),
      // Budgets' running totals follow the log as rows are handed to the
      // writer thread (one turn after the response), not when they commit:
      // a cap must hold for the very next call.
      onLogged: (r, p) => this.budgetGuard?.onWritten(r, p),
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
    return new SwitchboardApp(opts.dataDir, settings, vault, db, opts.warn ?? ((m) => console.warn(`[switchboard] ${m}`)), opts.alert);
  }

  /** Prices a record exactly as the log does (discounts, overrides); price recomputes use it too. */
  readonly pricer: ReturnType<typeof recordPricer>;
  /** Body retention and roll-up upkeep; started with the first proxy (not by one-shot CLI commands). */
  private maintenance: Maintenance | null = null;
  private budgetGuard: BudgetGuard | null = null;
  private responseCache: ResponseCache | null = null;

  /** Spend caps and burn-rate alerts; seeded from the log on first use (so one-shot CLI commands skip it). */
  get budget(): BudgetGuard {
    this.budgetGuard ??= new BudgetGuard(this.db, {
      budgets: () => this.settings.get().budgets,
      burnRate: () => this.settings.get().burnRate,
      alert: this.alertFn ?? ((a) => this.warnFn(`${a.title}. ${a.message}`)),
    });
    return this.budgetGuard;
  }

  /** The response cache (SQLite table `response_cache`). */
  get cache(): ResponseCache {
    this.responseCache ??= new ResponseCache(this.db, {
      warn: (m) => this.warn(m),
      // Priced like the log prices a row, so a hit's `savedUsd` matches what the original call cost.
      price: (provider, model, usage) =>
        this.pricer({
          id: '', ts: Date.now(), clientFormat: 'openai', endpoint: 'chat', tokenName: null, source: 'proxy', requestedModel: model,
          route: null, provider, servedModel: model, status: 200, errorType: null, errorMessage: null, stream: false, latencyMs: null,
          ttftMs: null, usage, usageEstimated: false, cacheHit: false, savedUsd: null, partial: false, attempts: [],
        }).costUsd,
    });
    return this.responseCache;
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
    this.maintenance ??= startLogMaintenance({ db: this.db, bodyRetentionDays: () => this.settings.get().bodyRetentionDays, warn: (m) => this.warn(m) });
    // For measuring the log's cost (npm run bench), read once: SWITCHBOARD_LOG=off
    // skips the request log; =async logs without holding each response's end
    // until its row is committed (see proxy/durable-end.ts).
    const logOff = process.env.SWITCHBOARD_LOG === 'off';
    const logAsync = process.env.SWITCHBOARD_LOG === 'async';
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
      log: (r) => {
        this.activity.record();
        if (!logOff) this.writer.enqueue(r);
      },
      logDurable: logAsync
        ? undefined
        : (r, done) => {
            this.activity.record();
            if (logOff) return done();
            const journal = this.journal();
            if (!journal) return this.writer.enqueue(r, done);
            // Journaled (one write(2)) before the last bytes go out: the row
            // survives kill -9, and SQLite commits it later, off the latency path.
            journal.append(r);
            done();
            this.writer.enqueue(r);
          },
      warn: (m) => this.warn(m),
      isPaused: () => this.paused,
      budget: this.budget,
      cache: this.cache,
      promptCaching: (body) => applyPromptCaching(body),
      routes: () => this.settings.get().routes,
      autoTiers: () => this.settings.get().auto.tiers,
      cooldowns: this.cooldowns,
    };
  }

  /** Per provider/model cooldowns shared by every route; mirrored to `<dataDir>/cooldowns.json` for `switchboard routes show`. */
  get cooldowns(): CooldownTracker {
    this.cooldownTracker ??= CooldownTracker.forDataDir(this.dataDir);
    return this.cooldownTracker;
  }

  private cooldownTracker: CooldownTracker | null = null;

  /** `mount`: other surfaces on the proxy's port (the admin API and UI). */
  createProxy(opts: { extraHosts?: string[]; mount?: (req: IncomingMessage, res: ServerResponse) => boolean } = {}): ProxyServer {
    if (process.env.SWITCHBOARD_LOG !== 'off' && process.env.SWITCHBOARD_LOG !== 'async') this.journal();
    // The writer thread boots before the first request rather than on its row.
    if (process.env.SWITCHBOARD_LOG !== 'off') this.writer.start();
    return createProxyServer(this.proxyDeps(), {
      extraHosts: opts.extraHosts,
      mount: opts.mount,
      virtualModels: () => Object.keys(this.settings.get().routes),
    });
  }

  /** Seals new keys with `primary` from now on; `others` can still open keys sealed earlier. */
  useKeyring(primary: Keyring, others: readonly Keyring[]): void {
    this.vault = new Vault(this.settings, primary, others);
  }

  private rowJournal: RowJournal | null | undefined;

  /**
   * Commits the rows that killed or crashed processes journaled but never
   * wrote to SQLite; runs when a server starts. Returns how many it added.
   */
  recoverLog(): number {
    const { rows, files } = orphanedJournalRows(this.dataDir);
    const exists = this.db.prepare('SELECT 1 FROM requests WHERE id = ?').pluck();
    let added = 0;
    for (const r of rows) {
      if (exists.get(r.id)) continue;
      this.writer.enqueue(r);
      added++;
    }
    this.writer.flush();
    for (const f of files) fs.rmSync(f, { force: true });
    return added;
  }

  /**
   * The write-ahead journal for log rows, opened by the first server in this
   * process. First it commits what killed processes left in theirs.
   */
  private journal(): RowJournal | null {
    if (this.rowJournal !== undefined) return this.rowJournal;
    try {
      this.recoverLog();
      const journal = RowJournal.open(this.dataDir, (m) => this.warn(m));
      this.rowJournal = journal;
      this.writer.setOnDrained(() => journal.reset());
    } catch (err) {
      this.warn(`Request-log journal unavailable (${(err as Error).message}); rows are committed before responses end instead.`);
      this.rowJournal = null;
    }
    return this.rowJournal;
  }

  /** Flushes the log and closes files. */
  close(): void {
    this.maintenance?.stop();
    this.writer.flush();
    // Everything is committed: this process's journal is no longer needed.
    if (this.writer.stats.pending === 0) this.rowJournal?.close(true);
    else this.rowJournal?.close(false);
    this.writer.close();
    this.responseCache?.close();
    this.cooldownTracker?.flush();
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
