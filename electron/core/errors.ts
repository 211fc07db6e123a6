/**
 * One error type for everything the gateway refuses or fails at. It carries a
 * wire-neutral kind; `wire-errors.ts` renders it in whichever format the client
 * spoke, so every refusal reaches an SDK as an error it understands.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'unsupported_media_type'
  | 'rate_limit'
  | 'budget_exceeded'
  | 'api_error'
  | 'overloaded'
  | 'bad_gateway'
  | 'timeout';

export interface GatewayErrorOptions {
  /** A machine-readable code, e.g. `model_not_found`, `missing_key`. */
  code?: string;
  /** The request field at fault, e.g. `messages[2].content[0].type`. */
  param?: string;
  /** Seconds, forwarded as the `retry-after` header. */
  retryAfter?: string;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly retryAfter: string | undefined;

  constructor(status: number, kind: ErrorKind, message: string, opts: GatewayErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.status = status;
    this.kind = kind;
    this.code = opts.code;
    this.param = opts.param;
    this.retryAfter = opts.retryAfter;
  }
}

export const invalidRequest = (message: string, param?: string, code?: string) =>
  new GatewayError(400, 'invalid_request', message, { param, code });

/** A request field that cannot be carried across to the target's wire format. */
export const untranslatable = (param: string, why: string) =>
  new GatewayError(400, 'invalid_request', `${param}: ${why}`, { param, code: 'untranslatable_field' });

/** CLI and settings errors: one clear line, non-zero exit. */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserFacingError';
  }
}
