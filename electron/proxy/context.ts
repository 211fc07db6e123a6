import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelDirectory } from '../providers/resolve';
import type { ProviderRegistry } from '../providers/registry';
import type { Secret } from '../core/secret';
import type { RequestRecord, RequestSource } from '../store/types';
import type { AutoTier, Route } from '../../shared/routes';
import type { AnthropicRequest } from '../../shared/wire/anthropic';
import type { BudgetGuard } from '../budget/guard';
import type { ResponseCache } from '../cache/response-cache';
import type { CooldownTracker } from '../routing/cooldown';

/** What the proxy needs from the rest of the app. `app.ts` wires the real parts in. */
export interface ProxyDeps {
  /** Current providers (catalog + settings); rebuilt only when settings change. */
  registry(): ProviderRegistry;
  allowedOrigins(): readonly string[];
  logBodies(): boolean;
  verifyToken(presented: string): { name: string } | null;
  /** The provider's key for one call, or null when it needs none. */
  openKey(providerId: string): Promise<Secret | null>;
  /** Cached model lists, for bare-name resolution and `/v1/models`. */
  directory(): ModelDirectory;
  /** Hands a finished request to the log writer (O(1); written off the latency path). */
  log(record: RequestRecord): void;
  /**
   * `log`, plus `done` once the row is durable (committed to the WAL) or can't
   * be for now (store failing, logging off). When present, the proxy ends each
   * logged response only after `done` (one writer turn later), so a client
   * that saw its answer end always has its row, even after `kill -9`.
   */
  logDurable?(record: RequestRecord, done: () => void): void;
  /** Raised once per condition (budget, burn rate, storage trouble). */
  warn(message: string): void;
  /** The user paused the proxy (tray / Connect page): generation calls get a 503 in the client's format. */
  isPaused?: () => boolean;
  /** Routes from settings (validated snapshot). Absent: no routes, every model goes direct. */
  routes?: () => Readonly<Record<string, Route>>;
  /** The `auto` strategy's tier lists from settings. */
  autoTiers?: () => Readonly<Record<AutoTier, readonly string[]>>;
  /** Per provider/model circuit breaker shared by all routes (in memory, mirrored for the CLI). */
  cooldowns?: CooldownTracker;
  /** Spend caps: throws a 402 GatewayError for a hard cap (called per request with provider null, then per provider tried). */
  budget?: Pick<BudgetGuard, 'check'>;
  /** Switchboard's response cache (opt-in per route or by the `x-switchboard-cache` header). */
  cache?: Pick<ResponseCache, 'lookup' | 'store' | 'replay'>;
  /** Anthropic prompt caching: adds `cache_control` to the upstream body (routes with `promptCaching: true`). */
  promptCaching?: (body: AnthropicRequest) => AnthropicRequest;
}

/** One client request as it moves through the proxy. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  id: string;
  /** performance.now() at arrival, for latency and time to first token. */
  t0: number;
  /** Date.now() at arrival, for the log. */
  ts: number;
  tokenName: string;
  source: RequestSource;
}
