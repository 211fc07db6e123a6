/**
 * Anthropic prompt caching, applied automatically when a route opts in
 * (`promptCaching: true`): `cache_control: {type: 'ephemeral'}` breakpoints on
 * the parts of a request that stay the same from call to call — the tool
 * definitions and a long system prompt — so later calls read that prefix at
 * the cache-read rate (a tenth of the input price) instead of paying for it
 * again.
 *
 * Rules (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching):
 *  - The cached prefix runs tools → system → messages; a breakpoint caches
 *    everything before and including its block.
 *  - At most 4 breakpoints per request: existing ones are counted and never
 *    exceeded. Where the client already placed markers in tools or system,
 *    it manages those itself and nothing is added there.
 *  - A prefix shorter than the model's minimum (1024 tokens; 2048 for Haiku)
 *    is not cached, so a breakpoint is only added where the prefix up to it is
 *    estimated (characters / 4) to reach that minimum.
 *  - The system breakpoint is added first: it also covers the tools, so with
 *    one slot left it is the better use.
 * The input is never mutated: changed parts are copied.
 */
import type { AnthropicCacheControl, AnthropicRequest, AnthropicTextBlock, AnthropicTool } from '../../shared/wire/anthropic';
import type { Usage } from '../../shared/usage';
import { estimateTokens, priceUsage, type PriceInput } from '../pricing/price';

export const MAX_CACHE_BREAKPOINTS = 4;
const EPHEMERAL: AnthropicCacheControl = Object.freeze({ type: 'ephemeral' }) as AnthropicCacheControl;

export interface PromptCachingOptions {
  /** Smallest prefix (estimated tokens) worth a breakpoint. Default: the model's minimum (see minCacheableTokens). */
  minTokens?: number;
}

/** Anthropic's minimum cacheable prompt length for a model. */
export function minCacheableTokens(model: string): number {
  return /haiku/i.test(model) ? 2048 : 1024;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const marked = (v: unknown) => isObj(v) && v.cache_control !== undefined && v.cache_control !== null;

/** Breakpoints already in a request: on tools, system blocks, message content blocks and tool_result contents. */
export function countBreakpoints(req: AnthropicRequest): number {
  let n = 0;
  for (const t of req.tools ?? []) if (marked(t)) n++;
  if (Array.isArray(req.system)) for (const b of req.system) if (marked(b)) n++;
  for (const m of req.messages ?? []) {
    if (!Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (marked(b)) n++;
      const inner = (b as { content?: unknown }).content;
      if (Array.isArray(inner)) for (const c of inner) if (marked(c)) n++;
    }
  }
  return n;
}

function systemText(system: AnthropicRequest['system']): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return '';
  return system.map((b) => (isObj(b) && typeof b.text === 'string' ? b.text : '')).join('\n');
}

/** The system prompt with a breakpoint on its last non-empty text block, or null when there is none. */
function markSystem(system: AnthropicRequest['system']): AnthropicTextBlock[] | null {
  if (typeof system === 'string') return system.trim() ? [{ type: 'text', text: system, cache_control: { ...EPHEMERAL } }] : null;
  if (!Array.isArray(system)) return null;
  for (let i = system.length - 1; i >= 0; i--) {
    const b = system[i]!;
    if (isObj(b) && b.type === 'text' && typeof b.text === 'string' && b.text.length > 0) {
      const copy = system.slice();
      copy[i] = { ...b, cache_control: { ...EPHEMERAL } };
      return copy;
    }
  }
  return null;
}

/** Returns the request with cache breakpoints added (or the same object when none apply). */
export function applyPromptCaching(req: AnthropicRequest, opts: PromptCachingOptions = {}): AnthropicRequest {
  let slots = MAX_CACHE_BREAKPOINTS - countBreakpoints(req);
  if (slots <= 0) return req;
  const min = opts.minTokens ?? minCacheableTokens(String(req.model ?? ''));
  const tools: AnthropicTool[] = Array.isArray(req.tools) ? req.tools : [];
  const toolTokens = tools.length ? estimateTokens(JSON.stringify(tools)) : 0;
  const sysTokens = estimateTokens(systemText(req.system));
  let out = req;

  const systemManaged = Array.isArray(req.system) && req.system.some(marked);
  if (!systemManaged && sysTokens > 0 && toolTokens + sysTokens >= min) {
    const system = markSystem(req.system);
    if (system) {
      out = { ...out, system };
      slots--;
    }
  }

  const toolsManaged = tools.some(marked);
  if (slots > 0 && tools.length > 0 && !toolsManaged && toolTokens >= min) {
    const last = tools[tools.length - 1]!;
    out = { ...out, tools: [...tools.slice(0, -1), { ...last, cache_control: { ...EPHEMERAL } }] };
    slots--;
  }
  return out;
}

export interface PromptCacheSaving {
  /** Input tokens read from the provider's prompt cache. */
  cacheReadTokens: number;
  /** Input tokens written to it (billed at a premium, 1.25× for Anthropic's 5-minute cache). */
  cacheWriteTokens: number;
  /** What the cache reads saved: their price at the full input rate minus at the cache-read rate. */
  readSavingUsd: number | null;
  /** What cache writes cost over the full input rate. */
  writePremiumUsd: number | null;
  /** readSaving − writePremium: the call's cost without any prompt caching minus its actual cost. */
  netSavingUsd: number | null;
  /** What the call actually cost. */
  costUsd: number | null;
}

/**
 * The saving from prompt caching on one call (any provider that reports cache
 * reads, OpenAI's automatic caching included), from the model's own rates in
 * the bundled price data. null amounts: the model is not priced.
 */
export function promptCacheSaving(input: PriceInput): PromptCacheSaving {
  const u: Usage = input.usage;
  const actual = priceUsage(input).costUsd;
  const noCache = priceUsage({ ...input, usage: { ...u, cacheReadTokens: 0, cacheWriteTokens: 0 } }).costUsd;
  const readsAtFull = priceUsage({ ...input, usage: { ...u, cacheReadTokens: 0 } }).costUsd;
  const ok = actual !== null && noCache !== null && readsAtFull !== null;
  return {
    cacheReadTokens: u.cacheReadTokens,
    cacheWriteTokens: u.cacheWriteTokens,
    readSavingUsd: ok ? readsAtFull - actual : null,
    writePremiumUsd: ok ? readsAtFull - noCache : null,
    netSavingUsd: ok ? noCache - actual : null,
    costUsd: actual,
  };
}

/** The same for a logged request row (`requests` columns), for the log and the Costs page. */
export function promptCacheSavingForRow(
  row: {
    provider: string | null;
    servedModel: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    cacheReadTokens: number | null;
    cacheWriteTokens: number | null;
    reasoningTokens: number | null;
    ts?: number;
  },
  pricing: { pricingId?: string; local?: boolean; discount?: number } = {},
): PromptCacheSaving | null {
  if (!row.provider || !row.servedModel || row.inputTokens === null) return null;
  return promptCacheSaving({
    providerId: row.provider,
    model: row.servedModel,
    ...pricing,
    at: row.ts,
    usage: {
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens ?? 0,
      cacheReadTokens: row.cacheReadTokens ?? 0,
      cacheWriteTokens: row.cacheWriteTokens ?? 0,
      reasoningTokens: row.reasoningTokens ?? 0,
    },
  });
}
