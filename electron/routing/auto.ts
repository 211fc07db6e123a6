import { AUTO_TIERS, type AutoTier } from '../../shared/routes';
import type { ProviderRegistry } from '../providers/registry';
import { resolveModel, type ModelDirectory, type ResolvedModel } from '../providers/resolve';
import type { WireFormat } from '../providers/types';
import { estimatedCost, modelFacts, type ModelFacts } from './models';

/**
 * The `auto` lane: a heuristic difficulty score for a request (no model call,
 * a few microseconds), a tier from the score, then the cheapest usable model
 * of that tier at list price. Every step is explained in the reason string
 * that becomes `x-switchboard-route-reason`.
 */

export interface Difficulty {
  /** 0 (trivial) … 1 (hard). */
  score: number;
  tier: AutoTier;
  /** Estimated prompt tokens (chars / 4). */
  inputTokens: number;
  /** Requested output budget, or a default guess for ranking costs. */
  outputTokens: number;
  /** Tokens the model must hold: prompt + requested output. */
  needsContext: number;
  /** What raised the score, for the reason header. */
  signals: string[];
}

/** Score thresholds: below `standard` is simple, at or above `complex` is complex. */
export const TIER_THRESHOLDS = { standard: 0.25, complex: 0.5 } as const;

const SCAN_CAP = 24_000; // keyword scans look at the first and last 12k chars only
const CODE_FENCE = /```/g;
const CODE_WORDS = /\b(?:function|class|def|import|return|const|let|var|public|static|void|async|await|struct|impl|fn|SELECT|INSERT|UPDATE|#include|package|interface|lambda|typescript|python|rust|golang|java|kotlin|sql|regex|compile|stack trace|traceback|exception|segfault)\b|=>|\)\s*\{|\};|:=/g;
const MATH_WORDS = /\\(?:frac|int|sum|prod|sqrt|lim|partial|mathbb|begin\{(?:equation|align|matrix)\})|\$\$|\b(?:prove|proof|theorem|lemma|derivative|integral|eigen\w*|matrix|matrices|equation|polynomial|probability|integrate|differentiate|asymptotic|combinatori\w*)\b/gi;
const REASONING_WORDS = /\b(?:step[- ]by[- ]step|reason(?:ing)? (?:about|through)|analy[sz]e|analysis|architect\w*|design|refactor\w*|optimi[sz]\w*|debug\w*|trade-?offs?|implement\w*|migrat\w*|review|plan|evaluate|compare|root cause|edge cases?|concurren\w*|algorithm\w*|complexity)\b/gi;

function countMatches(re: RegExp, text: string, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null && ++n < cap);
  re.lastIndex = 0;
  return n;
}

/** Text, images and turns of an OpenAI- or Anthropic-format request, in one pass. */
function collect(body: Record<string, unknown>): { chars: number; head: string; tail: string; images: number; turns: number } {
  const parts: string[] = [];
  let chars = 0;
  let images = 0;
  const addText = (t: unknown) => {
    if (typeof t === 'string' && t) {
      parts.push(t);
      chars += t.length;
    }
  };
  const addContent = (c: unknown) => {
    if (typeof c === 'string') return addText(c);
    if (!Array.isArray(c)) return;
    for (const p of c) {
      if (!p || typeof p !== 'object') continue;
      const part = p as Record<string, unknown>;
      const type = part.type;
      if (type === 'text' || type === 'input_text') addText(part.text);
      else if (type === 'image_url' || type === 'image' || type === 'input_image') images++;
      else if (type === 'document' || type === 'file') images++;
      else if (type === 'tool_result') addContent(part.content);
      else if (type === 'tool_use') addText(JSON.stringify(part.input ?? ''));
    }
  };
  const system = body.system;
  if (typeof system === 'string') addText(system);
  else addContent(system);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const m of messages) {
    if (!m || typeof m !== 'object') continue;
    addContent((m as { content?: unknown }).content);
  }
  const all = parts.join('\n');
  const head = all.length <= SCAN_CAP ? all : all.slice(0, SCAN_CAP / 2);
  const tail = all.length <= SCAN_CAP ? '' : all.slice(-SCAN_CAP / 2);
  return { chars, head, tail, images, turns: messages.length };
}

export function scoreRequest(_format: WireFormat, body: Record<string, unknown>): Difficulty {
  const { chars, head, tail, images, turns } = collect(body);
  const text = tail ? `${head}\n${tail}` : head;
  const signals: string[] = [];
  const inputTokens = Math.ceil(chars / 4) + (Array.isArray(body.tools) ? Math.ceil(JSON.stringify(body.tools).length / 4) : 0);
  let score = 0;

  // Length: log-scaled, 100 tokens → 0, ~30k tokens → 0.35.
  const lengthScore = Math.min(1, Math.max(0, Math.log10(Math.max(inputTokens, 1) / 100) / 2.5)) * 0.35;
  score += lengthScore;
  if (lengthScore >= 0.1) signals.push(`~${fmtTokens(inputTokens)} tokens`);

  const fences = countMatches(CODE_FENCE, text, 20);
  const codeWords = countMatches(CODE_WORDS, text, 20);
  if (fences >= 2 || codeWords >= 3) {
    score += fences >= 2 && codeWords >= 3 ? 0.25 : 0.15;
    signals.push('code');
  }
  const maths = countMatches(MATH_WORDS, text, 10);
  if (maths >= 1) {
    score += maths >= 3 ? 0.2 : 0.1;
    signals.push('maths');
  }
  const reasoning = countMatches(REASONING_WORDS, text, 10);
  if (reasoning >= 1) {
    score += reasoning >= 3 ? 0.2 : 0.1;
    signals.push('reasoning words');
  }
  const tools = Array.isArray(body.tools) ? body.tools.length : 0;
  if (tools > 0) {
    score += tools > 5 ? 0.15 : 0.1;
    signals.push(`${tools} tool${tools === 1 ? '' : 's'}`);
  }
  if (images > 0) {
    score += 0.1;
    signals.push(`${images} image${images === 1 ? '' : 's'}/file${images === 1 ? '' : 's'}`);
  }
  const thinking = body.thinking as { type?: string } | undefined;
  const effort = body.reasoning_effort;
  if ((thinking && thinking.type === 'enabled') || effort === 'high' || effort === 'medium') {
    score += 0.2;
    signals.push('reasoning requested');
  }
  const requested = numberOr(body.max_completion_tokens) ?? numberOr(body.max_tokens);
  if (requested !== null && requested > 4_000) {
    score += requested > 16_000 ? 0.15 : 0.05;
    signals.push(`max_tokens ${requested}`);
  }
  if (turns > 12) {
    score += 0.05;
    signals.push(`${turns} turns`);
  }

  score = Math.min(1, Math.round(score * 100) / 100);
  const tier: AutoTier = score >= TIER_THRESHOLDS.complex ? 'complex' : score >= TIER_THRESHOLDS.standard ? 'standard' : 'simple';
  const outputTokens = requested !== null ? Math.min(requested, 4_000) : tier === 'simple' ? 300 : 1_000;
  return { score, tier, inputTokens, outputTokens, needsContext: inputTokens + (requested ?? 0), signals };
}

export interface AutoCandidate {
  /** As written in the tier list. */
  ref: string;
  resolved: ResolvedModel;
  facts: ModelFacts;
  /** Estimated list cost of this request on this model. */
  cost: number;
}

export interface AutoChoice {
  difficulty: Difficulty;
  /** The tier actually used (a higher one when nothing in the scored tier could take the request). */
  tier: AutoTier;
  /** Cheapest first; the executor falls back along this list. */
  candidates: AutoCandidate[];
  reason: string;
}

/** Tier order to try: the scored tier, then stronger ones, then weaker ones. */
function tierOrder(tier: AutoTier): AutoTier[] {
  const i = AUTO_TIERS.indexOf(tier);
  return [...AUTO_TIERS.slice(i), ...AUTO_TIERS.slice(0, i).reverse()];
}

export function chooseAuto(
  difficulty: Difficulty,
  tiers: Readonly<Record<AutoTier, readonly string[]>>,
  registry: ProviderRegistry,
  directory: ModelDirectory | undefined,
): AutoChoice {
  const notes: string[] = [];
  for (const tier of tierOrder(difficulty.tier)) {
    const list = tiers[tier] ?? [];
    const candidates: AutoCandidate[] = [];
    let noKey = 0;
    let tooSmall = 0;
    for (const ref of list) {
      let resolved: ResolvedModel;
      try {
        resolved = resolveModel(ref, registry, directory);
      } catch {
        continue;
      }
      if (!resolved.provider.usable) {
        noKey++;
        continue;
      }
      const facts = modelFacts(resolved.provider, resolved.model);
      if (facts.contextWindow !== null && facts.contextWindow < difficulty.needsContext) {
        tooSmall++;
        continue;
      }
      candidates.push({ ref, resolved, facts, cost: estimatedCost(facts, difficulty.inputTokens, difficulty.outputTokens) });
    }
    if (candidates.length === 0) {
      notes.push(`no usable ${tier} model${noKey ? ` (${noKey} without key)` : ''}${tooSmall ? ` (${tooSmall} too small)` : ''}`);
      continue;
    }
    candidates.sort((a, b) => a.cost - b.cost);
    const best = candidates[0]!;
    const price =
      best.facts.local ? 'local, free' : best.facts.inputPerMTok === null ? 'unpriced' : `$${fmtRate(best.facts.inputPerMTok)}/$${fmtRate(best.facts.outputPerMTok ?? 0)} per MTok`;
    const why = difficulty.signals.length ? difficulty.signals.join(', ') : 'short plain prompt';
    const reason =
      `auto: score ${difficulty.score.toFixed(2)} (${why}) -> ${difficulty.tier}` +
      (tier !== difficulty.tier ? ` -> ${tier} (${notes.join('; ')})` : '') +
      `; ${best.resolved.provider.spec.id}/${best.resolved.model} (${price}) cheapest of ${candidates.length} usable` +
      (tooSmall ? `; ${tooSmall} skipped: context too small` : '');
    return { difficulty, tier, candidates, reason };
  }
  return {
    difficulty,
    tier: difficulty.tier,
    candidates: [],
    reason: `auto: score ${difficulty.score.toFixed(2)} -> ${difficulty.tier}; ${notes.join('; ') || 'no tiers configured'}`,
  };
}

function numberOr(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function fmtTokens(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(n);
}

function fmtRate(n: number): string {
  return n >= 1 ? String(Math.round(n * 100) / 100) : String(Math.round(n * 1000) / 1000);
}
