/**
 * Making stored bodies readable: pretty JSON, SSE streams assembled into the
 * text the client saw, and the prompt (last user message + system) for Race
 * and Compare. Pure functions (unit-tested in test/e2e/requests-body.test.ts).
 */

export function tryJson(text: string): unknown {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** Pretty-printed JSON, or null when the text is not JSON. */
export function prettyJson(text: string): string | null {
  const v = tryJson(text);
  return v === undefined ? null : JSON.stringify(v, null, 2);
}

export function isSse(text: string): boolean {
  return /^(?:\s*(?::[^\n]*|event:[^\n]*)\n)*\s*data:/.test(text.slice(0, 2000));
}

export interface Assembled {
  text: string;
  reasoning: string;
  /** Tool-call arguments by tool name (or index). */
  tools: Array<{ name: string; args: string }>;
  events: number;
  finishReason: string | null;
  usage: unknown;
  error: string | null;
}

/** The text of a streamed response (OpenAI chat, OpenAI Responses, or Anthropic messages SSE). */
export function assembleSse(body: string): Assembled {
  const out: Assembled = { text: '', reasoning: '', tools: [], events: 0, finishReason: null, usage: null, error: null };
  const toolsByKey = new Map<string, { name: string; args: string }>();
  const tool = (key: string, name?: string) => {
    let t = toolsByKey.get(key);
    if (!t) {
      t = { name: name ?? key, args: '' };
      toolsByKey.set(key, t);
      out.tools.push(t);
    } else if (name && t.name === key) t.name = name;
    return t;
  };
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (!data || data === '[DONE]') continue;
    let ev: any;
    try {
      ev = JSON.parse(data);
    } catch {
      continue;
    }
    out.events++;
    if (ev?.error) out.error = typeof ev.error === 'string' ? ev.error : (ev.error.message ?? JSON.stringify(ev.error));
    // OpenAI chat completions
    if (Array.isArray(ev?.choices)) {
      for (const c of ev.choices) {
        const d = c?.delta ?? {};
        if (typeof d.content === 'string') out.text += d.content;
        if (typeof d.reasoning_content === 'string') out.reasoning += d.reasoning_content;
        else if (typeof d.reasoning === 'string') out.reasoning += d.reasoning;
        for (const tc of Array.isArray(d.tool_calls) ? d.tool_calls : []) {
          const t = tool(`${c.index ?? 0}:${tc.index ?? 0}`, tc.function?.name);
          if (typeof tc.function?.arguments === 'string') t.args += tc.function.arguments;
        }
        if (c?.finish_reason) out.finishReason = c.finish_reason;
      }
      if (ev.usage) out.usage = ev.usage;
      continue;
    }
    // Anthropic messages
    switch (ev?.type) {
      case 'content_block_start':
        if (ev.content_block?.type === 'tool_use') tool(`b${ev.index}`, ev.content_block.name);
        if (typeof ev.content_block?.text === 'string') out.text += ev.content_block.text;
        break;
      case 'content_block_delta': {
        const d = ev.delta ?? {};
        if (d.type === 'text_delta') out.text += d.text ?? '';
        else if (d.type === 'thinking_delta') out.reasoning += d.thinking ?? '';
        else if (d.type === 'input_json_delta') tool(`b${ev.index}`).args += d.partial_json ?? '';
        break;
      }
      case 'message_delta':
        if (ev.delta?.stop_reason) out.finishReason = ev.delta.stop_reason;
        if (ev.usage) out.usage = ev.usage;
        break;
      case 'message_start':
        if (ev.message?.usage) out.usage = ev.message.usage;
        break;
      // OpenAI Responses API
      case 'response.output_text.delta':
        out.text += ev.delta ?? '';
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        out.reasoning += ev.delta ?? '';
        break;
      case 'response.completed':
        if (ev.response?.usage) out.usage = ev.response.usage;
        break;
      default:
        break;
    }
  }
  return out;
}

function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p && typeof p === 'object') {
        const o = p as Record<string, unknown>;
        if (typeof o.text === 'string') return o.text;
        if (o.type === 'image_url' || o.type === 'image' || o.type === 'input_image') return '[image]';
      }
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

/** The answer text of a non-streamed response (OpenAI chat, Anthropic messages, Responses). */
export function responseText(body: string): { text: string; reasoning: string } | null {
  const v = tryJson(body) as any;
  if (!v || typeof v !== 'object') return null;
  if (Array.isArray(v.choices)) {
    const m = v.choices[0]?.message ?? {};
    return { text: partsText(m.content) || (typeof m.refusal === 'string' ? m.refusal : ''), reasoning: typeof m.reasoning_content === 'string' ? m.reasoning_content : '' };
  }
  if (Array.isArray(v.content)) {
    const text = v.content.filter((b: any) => b?.type === 'text').map((b: any) => b.text).join('');
    const reasoning = v.content.filter((b: any) => b?.type === 'thinking').map((b: any) => b.thinking).join('');
    return { text, reasoning };
  }
  if (typeof v.output_text === 'string') return { text: v.output_text, reasoning: '' };
  return null;
}

export interface PromptParts {
  prompt: string;
  system: string | null;
  model: string | null;
  /** More than one user turn: only the last is taken. */
  multiTurn: boolean;
}

/** The last user message and the system prompt of a chat request (OpenAI or Anthropic shape). */
export function extractPrompt(requestBody: string): PromptParts | null {
  const v = tryJson(requestBody) as any;
  if (!v || typeof v !== 'object') return null;
  const model = typeof v.model === 'string' ? v.model : null;
  const messages: any[] = Array.isArray(v.messages) ? v.messages : [];
  const systems: string[] = [];
  if (v.system !== undefined) systems.push(partsText(v.system));
  if (typeof v.instructions === 'string') systems.push(v.instructions);
  for (const m of messages) if (m?.role === 'system' || m?.role === 'developer') systems.push(partsText(m.content));
  const users = messages.filter((m) => m?.role === 'user');
  let prompt = users.length ? partsText(users[users.length - 1].content) : '';
  if (!prompt && typeof v.input === 'string') prompt = v.input;
  if (!prompt && typeof v.prompt === 'string') prompt = v.prompt;
  if (!prompt.trim()) return null;
  const system = systems.filter((s) => s.trim()).join('\n\n');
  return { prompt, system: system || null, model, multiTurn: users.length > 1 };
}

/** sessionStorage key the Race page reads its prefilled prompt from. */
export const RACE_PREFILL_KEY = 'switchboard.race.prefill';
