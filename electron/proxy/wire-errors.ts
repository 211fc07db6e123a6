import type { AnthropicErrorBody } from '../../shared/wire/anthropic';
import type { OpenAIErrorBody } from '../../shared/wire/openai';
import { GatewayError, type ErrorKind } from '../core/errors';
import type { WireFormat } from '../providers/types';

const OPENAI_TYPE: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  budget_exceeded: 'insufficient_quota',
  api_error: 'server_error',
  overloaded: 'server_error',
  bad_gateway: 'server_error',
  timeout: 'server_error',
};

const ANTHROPIC_TYPE: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  unsupported_media_type: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  budget_exceeded: 'billing_error',
  api_error: 'api_error',
  overloaded: 'overloaded_error',
  bad_gateway: 'api_error',
  timeout: 'timeout_error',
};

/** Anthropic's and OpenAI's error type names back to our kinds (upstream errors). */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 402) return 'budget_exceeded';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'request_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limit';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 502) return 'bad_gateway';
  return 'api_error';
}

export function errorBody(format: WireFormat, err: GatewayError): OpenAIErrorBody | AnthropicErrorBody {
  if (format === 'anthropic') {
    return { type: 'error', error: { type: ANTHROPIC_TYPE[err.kind], message: err.message } };
  }
  return {
    error: { message: err.message, type: OPENAI_TYPE[err.kind], param: err.param ?? null, code: err.code ?? null },
  };
}

/** The error as one SSE event, for failures after a stream has started. */
export function errorEvent(format: WireFormat, err: GatewayError): string {
  const body = JSON.stringify(errorBody(format, err));
  return format === 'anthropic' ? `event: error\ndata: ${body}\n\n` : `data: ${body}\n\n`;
}

/** Anything thrown inside a handler, as a GatewayError safe to show a client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  // Unexpected failures: a generic message, since internal text could carry
  // request data. The detail goes to the server's own stderr only.
  return new GatewayError(500, 'api_error', 'Switchboard hit an internal error handling this request.', { cause: err });
}
