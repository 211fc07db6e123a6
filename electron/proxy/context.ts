import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelDirectory } from '../providers/resolve';
import type { ProviderRegistry } from '../providers/registry';
import type { Secret } from '../core/secret';
import type { RequestRecord, RequestSource } from '../store/types';

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
  /** Raised once per condition (budget, burn rate, storage trouble). */
  warn(message: string): void;
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
