/**
 * Upstream error bodies, re-expressed in the client's wire format. Upstreams
 * (especially OpenAI-compatible servers) send all sorts of shapes, HTML
 * included, so every input is treated as untrusted: the result is always a
 * well-formed error body, falling back to a generic message with the status.
 */
import type { AnthropicErrorBody } from '../../shared/wire/anthropic';
import type { OpenAIErrorBody } from '../../shared/wire/openai';
import { isRecord } from './util';

/** Anthropic's error type for an HTTP status (per its documented error table). */
export function anthropicErrorTypeForStatus(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 503:
    case 529: return 'overloaded_error';
    default: return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

/** Anthropic error type → OpenAI `type` and `code`. OpenAI clients branch on the HTTP status; these add detail. */
const OPENAI_TYPE_FOR_ANTHROPIC: Readonly<Record<string, { type: string; code: string | null }>> = {
  invalid_request_error: { type: 'invalid_request_error', code: null },
  authentication_error: { type: 'authentication_error', code: 'invalid_api_key' },
  permission_error: { type: 'permission_error', code: 'permission_denied' },
  not_found_error: { type: 'invalid_request_error', code: 'not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit_error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  api_error: { type: 'server_error', code: null },
  overloaded_error: { type: 'server_error', code: 'overloaded' },
};

const MAX_RAW_TEXT = 300;

function genericMessage(body: unknown, status: number): string {
  const base = `Upstream request failed (HTTP ${status})`;
  if (typeof body === 'string' && body.trim() !== '') {
    const text = body.trim().replace(/\s+/g, ' ');
    return `${base}: ${text.length > MAX_RAW_TEXT ? `${text.slice(0, MAX_RAW_TEXT)}…` : text}`;
  }
  return base;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function anthropicErrorToOpenAI(body: unknown, status: number): OpenAIErrorBody {
  const err = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const anthropicType = nonEmpty(err?.type) ? err.type : anthropicErrorTypeForStatus(status);
  const mapped = OPENAI_TYPE_FOR_ANTHROPIC[anthropicType] ?? { type: anthropicType, code: null };
  return {
    error: {
      message: nonEmpty(err?.message) ? err.message : genericMessage(body, status),
      type: mapped.type,
      param: null,
      code: mapped.code,
    },
  };
}

/**
 * OpenAI's type strings are informal (and compatible servers invent their
 * own), so the HTTP status decides the Anthropic type; the body's type/code
 * only refine it when the status says nothing (an in-stream error, status 200).
 */
function anthropicTypeFromOpenAI(err: Record<string, unknown> | undefined, status: number): string {
  if (status >= 400) return anthropicErrorTypeForStatus(status);
  const hint = `${String(err?.type ?? '')} ${String(err?.code ?? '')}`;
  if (/rate_limit|insufficient_quota|\btokens\b|\brequests\b/.test(hint)) return 'rate_limit_error';
  if (/invalid_request|context_length/.test(hint)) return 'invalid_request_error';
  if (/auth|api_key/.test(hint)) return 'authentication_error';
  if (/overload/.test(hint)) return 'overloaded_error';
  return 'api_error';
}

export function openaiErrorToAnthropic(body: unknown, status: number): AnthropicErrorBody {
  let message: string | undefined;
  let err: Record<string, unknown> | undefined;
  if (isRecord(body)) {
    if (isRecord(body.error)) {
      err = body.error;
      if (nonEmpty(err.message)) message = err.message;
    } else if (nonEmpty(body.error)) {
      message = body.error; // {"error": "model not found"} (several compatible servers)
    }
    // vLLM-style {"object":"error","message":…} and FastAPI-style {"detail":…}
    if (message === undefined && nonEmpty(body.message)) message = body.message;
    if (message === undefined && nonEmpty(body.detail)) message = body.detail;
  }
  return {
    type: 'error',
    error: { type: anthropicTypeFromOpenAI(err, status), message: message ?? genericMessage(body, status) },
  };
}
