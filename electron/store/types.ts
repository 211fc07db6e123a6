import type { Usage } from '../../shared/usage';

export type ClientFormat = 'openai' | 'anthropic';
export type Endpoint = 'chat' | 'messages' | 'embeddings' | 'models';
/** Where the request came from: the proxy itself, a race, an A/B compare, … */
export type RequestSource = 'proxy' | 'race' | 'compare' | 'judge' | (string & {});
export type AttemptOutcome = 'ok' | 'error' | 'skipped' | 'aborted';

/** One upstream try within a request (fallbacks, retries, race legs). */
export interface AttemptRecord {
  seq: number;
  provider: string;
  model: string;
  status: number | null;
  error: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  outcome: AttemptOutcome;
  /** Why it was skipped/aborted/retried, e.g. `circuit_open`, `lost_race`. */
  reason: string | null;
  /** What this attempt consumed, when known. Priced at write time unless `costUsd` is given. */
  usage?: Usage | null;
  costUsd?: number | null;
}

export interface RequestBodies {
  /** Already redacted (see `redactHeaders`). */
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseBody: string;
}

/**
 * What the proxy hands the LogWriter once a response has completed. Token and
 * cost columns are not on the record: tokens come from `usage`, and costs are
 * computed at write time by the writer's pricing function, off the latency path.
 */
export interface RequestRecord {
  /** The request id; the row's primary key. */
  id: string;
  /** Start time, ms since epoch. */
  ts: number;
  clientFormat: ClientFormat;
  endpoint: Endpoint;
  tokenName: string | null;
  source: RequestSource;
  requestedModel: string | null;
  route: string | null;
  provider: string | null;
  servedModel: string | null;
  status: number;
  errorType: string | null;
  errorMessage: string | null;
  stream: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  usage: Usage | null;
  /** The usage was estimated (e.g. `estimateTokens`), not reported by the provider. */
  usageEstimated: boolean;
  /** Served from Switchboard's response cache: costs 0. */
  cacheHit: boolean;
  /** For cache hits: what it would have cost. Defaults to the priced cost. */
  savedUsd: number | null;
  /** The stream was cut mid-way. */
  partial: boolean;
  attempts: AttemptRecord[];
  /** Stored only when given (the body-logging setting decides upstream). */
  bodies?: RequestBodies;
  /**
   * For auto-routed calls: the model the client asked for (or the route's
   * default). The writer prices the same usage on it, so the Costs page can
   * show what routing saved (`counterfactual_cost_usd`).
   */
  counterfactual?: { provider: string; model: string } | null;
}

/** A `requests` row as read back. */
export interface RequestRow {
  id: string;
  ts: number;
  clientFormat: ClientFormat;
  endpoint: Endpoint;
  tokenName: string | null;
  source: RequestSource;
  requestedModel: string | null;
  route: string | null;
  provider: string | null;
  servedModel: string | null;
  status: number | null;
  errorType: string | null;
  errorMessage: string | null;
  stream: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  usageEstimated: boolean;
  costUsd: number | null;
  listCostUsd: number | null;
  costInputUsd: number | null;
  costCachedInputUsd: number | null;
  costOutputUsd: number | null;
  costReasoningUsd: number | null;
  priced: boolean;
  cacheHit: boolean;
  savedUsd: number | null;
  partial: boolean;
  attempts: number;
}

export interface AttemptRow {
  seq: number;
  provider: string;
  model: string;
  status: number | null;
  error: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  outcome: AttemptOutcome;
  reason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface RequestDetail extends Omit<RequestRow, 'attempts'> {
  /** The `attempts` column (a count); `attempts` here holds the rows themselves. */
  attemptCount: number;
  attempts: AttemptRow[];
  bodies: RequestBodies | null;
}
