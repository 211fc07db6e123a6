import { ApiErrorSchema } from '../../shared/contract';

/**
 * An error from either transport, carrying the server's own message (what a
 * person can act on), a stable code, and, for validation failures, the issues.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly code: string,
    readonly method: string,
    readonly status?: number,
    readonly issues?: string[],
  ) {
    super(message);
  }
}

/** The message to show for anything thrown by an api call. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Build an ApiError from a `{ error: { message, code, issues? } }` body, if it is one. */
export function fromErrorBody(body: unknown, method: string, status?: number): ApiError | null {
  const parsed = ApiErrorSchema.safeParse(body);
  if (!parsed.success) return null;
  const { message, code, issues } = parsed.data.error;
  return new ApiError(message, code, method, status, issues);
}

/** Fired (on window) when the HTTP transport is refused for a missing/invalid admin token. */
export const UNAUTHORIZED_EVENT = 'switchboard:unauthorized';
