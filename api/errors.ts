import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError, type ZodIssue } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_REFUSAL, type RefusalCode } from '../domain/case/refusal.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { hasBody } from './request-body.js';
import {
  isTemporalUnavailable,
  PendingError,
  TEMPORAL_RETRY_AFTER_S,
  temporalUnavailable,
} from './temporal-call.js';

/** The one error envelope every failure uses; 422s add `errors` keyed by field, which react-admin shows inline. */
export interface ErrorBody {
  error: { code: ErrorCode | 'INTERNAL'; message: string; requestId: string };
  errors?: Record<string, string>;
}

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  FORBIDDEN: 403, // a role may never do this; a foreign record is NOT_FOUND instead
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  CAPTCHA_REQUIRED: 401,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
};

export function fieldErrors(issues: readonly ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.join('.') || '_';
    out[key] ??= i.message;
  }
  return out;
}

export function errorResponse(
  c: Context,
  code: ErrorCode | 'INTERNAL',
  message: string,
  fields?: Record<string, string>,
) {
  const body: ErrorBody = { error: { code, message, requestId: c.get('requestId') ?? '' } };
  if (fields) body.errors = fields;
  return c.json(body, code === 'INTERNAL' ? 500 : STATUS[code]);
}

/** A typed case refusal's code (domain/case/refusal.ts) → the envelope's code. */
const REFUSAL_CODES: Record<RefusalCode, ErrorCode> = {
  forbidden: 'FORBIDDEN',
  conflict: 'INVALID_TRANSITION',
  invalid: 'VALIDATION',
};

/** The envelope of a typed case refusal, or undefined when `failure` is not one (read from its type and details). */
function caseRefusal(
  failure: unknown,
): { code: ErrorCode; message: string; fields?: Record<string, string> } | undefined {
  if (!(failure instanceof ApplicationFailure) || failure.type !== CASE_REFUSAL) return undefined;
  const detail = (failure.details?.[0] ?? {}) as { code?: unknown; field?: unknown };
  const code = REFUSAL_CODES[detail.code as RefusalCode] ?? 'INVALID_TRANSITION';
  const message = failure.message;
  if (code !== 'VALIDATION') return { code, message };
  const field = typeof detail.field === 'string' && detail.field.length > 0 ? detail.field : 'input';
  return { code, message, fields: { [field]: message } };
}

/**
 * Maps anything thrown by a route to the envelope. A workflow Update refused by its validator with a typed
 * `CaseRefusal` is a 403, 409 or 422 (naming the field) by its code; an untyped refusal is a 409 with the
 * validator's reason, or a 422 when the reason names a field ("field: reason").
 */
export function handleError(err: unknown, c: Context) {
  if (err instanceof PendingError) {
    c.header('Location', err.location);
    c.header('Retry-After', String(TEMPORAL_RETRY_AFTER_S));
    return c.json({ ...err.body, location: err.location, requestId: c.get('requestId') ?? '' }, 202);
  }
  if (err instanceof DomainError) {
    if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
    return errorResponse(c, err.code, err.message, err.fields);
  }
  if (err instanceof ZodError) {
    const fields = fieldErrors(err.issues);
    return errorResponse(c, 'VALIDATION', Object.values(fields)[0] ?? '输入无效', fields);
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const refusal = caseRefusal(err.cause);
    if (refusal) return errorResponse(c, refusal.code, refusal.message, refusal.fields);
    const message = err.cause?.message ?? err.message;
    const m = /^([a-zA-Z][\w.]*): (.+)$/s.exec(message);
    if (m) return errorResponse(c, 'VALIDATION', m[2]!, { [m[1]!]: m[2]! });
    return errorResponse(c, 'INVALID_TRANSITION', message);
  }
  // An Update sent to a case whose workflow has completed (closed, withdrawn): the case's state refuses it.
  if (err instanceof WorkflowNotFoundError)
    return errorResponse(c, 'INVALID_TRANSITION', '案件流程已结束，不能再执行此操作');
  // Temporal unreachable on a call not wrapped in temporalCall (api/temporal-call.ts): still a retryable 503.
  if (isTemporalUnavailable(err)) return handleError(temporalUnavailable(), c);
  // PostgreSQL unreachable, shutting down or starting up (a restart): retryable. The request's own writes were one
  // transaction that did not commit; a keyed retry resumes the same operation (api/idempotency.ts).
  if (pgUnavailable(err)) {
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    return errorResponse(c, 'UNAVAILABLE', '数据库暂时不可用，请稍后用相同的幂等键重试');
  }
  // PostgreSQL data exceptions (class 22: NUL bytes, malformed values, out-of-range numbers) come from client input
  // that passed the schema (e.g. a U+0000 inside a string): the input is invalid, not the server.
  if (pgDataException(err)) return errorResponse(c, 'VALIDATION', '输入包含无效的字符或值');
  if (err instanceof HTTPException) {
    if (err.status === 401) return errorResponse(c, 'UNAUTHENTICATED', err.message || '请先登录');
    if (err.status === 404) return errorResponse(c, 'NOT_FOUND', err.message || '未找到');
    if (err.status === 403) return errorResponse(c, 'FORBIDDEN', '请求被拒绝');
    if (err.status === 413) return errorResponse(c, 'PAYLOAD_TOO_LARGE', '请求体过大');
    // The validators' own 400s (an unreadable form body; JSON is parsed earlier, by readJsonBody).
    if (err.status === 400) return errorResponse(c, 'BAD_REQUEST', '请求体格式无效，无法读取');
    return errorResponse(c, 'VALIDATION', '请求无效');
  }
  c.get('logger')?.error({ err }, 'unhandled error');
  return errorResponse(c, 'INTERNAL', '服务器内部错误');
}

/** What a client is told to wait before retrying when PostgreSQL is down. */
export const DATABASE_RETRY_AFTER_S = 5;

// Connection failures (class 08), the server shutting down or starting up (57P01–57P03), and the socket-level errors
// of a server that went away or is not yet listening.
const PG_UNAVAILABLE_CODES = /^(08[0-9A-Z]{3}|57P0[123]|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;

/** Whether `err` (or what it wraps) says PostgreSQL could not be reached or dropped the connection. */
export function pgUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && PG_UNAVAILABLE_CODES.test(code)) return true;
    if (e instanceof AggregateError && e.errors.some((x) => pgUnavailable(x))) return true;
    if (/^Connection terminated( unexpectedly)?|timeout exceeded when trying to connect/.test(e.message))
      return true;
  }
  return false;
}

function pgDataException(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

const NUL_MESSAGE = '不能包含空字符 (U+0000)';

/**
 * The paths (`a.b.0`) of the strings and keys in `value` that hold U+0000, which PostgreSQL stores in neither text
 * nor jsonb.
 */
export function nulPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path.join('.') || '_');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k].join('.'));
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * Reads a JSON body once, before any route: a body that is not JSON is a 400 in the envelope, in Chinese (Hono's
 * validator would say "Malformed JSON in request body"). A body or query holding U+0000 in any string (or key) is a
 * 422 naming each such field: otherwise the character passes the schemas and only the database refuses it, after
 * the workflow has taken the command. Runs after the request gates (api/guards.ts): nothing is read before
 * authentication, media type and size are checked.
 */
export const readJsonBody: MiddlewareHandler = async (c, next) => {
  const found = Object.entries(c.req.queries())
    .filter(([k, vs]) => k.includes('\u0000') || vs.some((v) => v.includes('\u0000')))
    .map(([k]) => k);
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  // GET and HEAD carry no body here (a client may send one; no operation reads it).
  if (type === 'application/json' && c.req.method !== 'GET' && c.req.method !== 'HEAD' && hasBody(c)) {
    const text = await c.req.text(); // cached: the route's validator parses the same text
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const message = '请求体不是有效的 JSON';
      return errorResponse(c, 'BAD_REQUEST', message, { body: message });
    }
    // In valid JSON a NUL can only be written as the escape \u0000.
    if (text.includes('\\u0000')) found.push(...nulPaths(body));
  }
  if (found.length === 0) return next();
  return errorResponse(c, 'VALIDATION', NUL_MESSAGE, Object.fromEntries(found.map((p) => [p, NUL_MESSAGE])));
};
