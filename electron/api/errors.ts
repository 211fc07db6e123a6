import { z } from 'zod';
import { GatewayError, UserFacingError } from '../core/errors';

/** An error as it crosses either transport (shared/contract.ts `ApiErrorSchema`). */
export interface ApiErrorBody {
  message: string;
  code: string;
  issues?: string[];
}

/** Thrown by method implementations for a refusal with a stable code and an HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status = 400,
    readonly issues?: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `keys.set.provider: lowercase letters, digits, - and _` — one line per issue, naming the field. */
export function zodIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
}

/**
 * Maps anything thrown to what crosses the wire. Only messages written for
 * people (ApiError, UserFacingError, GatewayError) pass through; anything else
 * becomes a generic "internal error" so a stack, a path or a secret in an
 * unexpected error can't reach the renderer.
 */
export function toApiError(err: unknown): { status: number; body: ApiErrorBody } {
  if (err instanceof ApiError) {
    return { status: err.status, body: { message: err.message, code: err.code, ...(err.issues ? { issues: err.issues } : {}) } };
  }
  if (err instanceof z.ZodError) {
    const issues = zodIssues(err);
    return { status: 400, body: { message: `Invalid input: ${issues.slice(0, 3).join('; ')}`, code: 'invalid_input', issues } };
  }
  if (err instanceof GatewayError) {
    return { status: err.status >= 400 && err.status < 600 ? err.status : 500, body: { message: err.message, code: err.code ?? err.kind } };
  }
  if (err instanceof UserFacingError) {
    const code = (err as { code?: unknown }).code;
    return { status: 400, body: { message: err.message, code: typeof code === 'string' ? code : 'refused' } };
  }
  return { status: 500, body: { message: 'Internal error in Switchboard; see the app log for details.', code: 'internal' } };
}
