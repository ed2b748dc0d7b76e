/**
 * Typed errors thrown by domain and query code; the API maps each code to one HTTP status, once. The fuzz run checks
 * every 4xx carries one of these codes (scripts/fuzz-hooks.py CODES: keep the two in step).
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'VALIDATION'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  /** Too many failed logins: answer the 图形验证码 (GET /api/auth/captcha) with the next attempt. */
  | 'CAPTCHA_REQUIRED'
  /** The request itself is unreadable (malformed JSON or form data). */
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** A service the command needs (Temporal) is unreachable: nothing was done, retry after Retry-After (503). */
  | 'UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    /** For VALIDATION: the failing fields and why, shown beside the form inputs. */
    public readonly fields?: Record<string, string>,
    /** When a retry may succeed (RATE_LIMITED, UNAVAILABLE): sent as Retry-After. */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
