/** Typed errors thrown by domain and query code; the API maps each code to one HTTP status, once. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'VALIDATION'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED';

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    /** For VALIDATION: the failing fields and why, shown beside the form inputs. */
    public readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
