/**
 * The gates every API request passes before a route reads anything of it, in this order:
 *
 * 1. Authentication: an operation the OpenAPI document does not mark public (`security: []`) answers 401 to a
 *    caller without a session before a single byte of its body is read.
 * 2. Cross-site requests (CSRF): a browser form post (form, multipart or text/plain body) from another origin is
 *    refused — Hono's `csrf` middleware, checking Sec-Fetch-Site and Origin. A bearer-token client has no ambient
 *    credential a foreign page could borrow, and a client sending neither header is no browser: neither is asked.
 * 3. Media type: a body whose Content-Type the operation does not declare is a 415.
 * 4. Size: Hono's `bodyLimit`, per operation (JSON bodies 1 MiB, imports 64 MiB); an evidence upload is streamed
 *    to disk with its own limit applied while streaming (api/routes/documents.routes.ts).
 *
 * After an early refusal the body still on its way is not read by the app: @hono/node-server discards what arrives
 * for at most 500 ms (64 MiB) so the client can read the answer, then closes the connection.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import type { AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import type { IndexedOperation } from './operation-index.js';
import { hasBody } from './request-body.js';

export const JSON_BODY_MAX_BYTES = 1024 * 1024;

/** Body limits by operation id, where the default (JSON_BODY_MAX_BYTES) does not fit. */
export interface BodyLimits {
  /** Streamed operations apply their limit themselves, while streaming (bodyLimit would buffer a chunked body). */
  streamed: ReadonlySet<string>;
  bytes: Readonly<Record<string, number>>;
}

const essence = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

export function requestGuards(opts: {
  /** The operation a request is for (from the OpenAPI document), undefined for an unknown path. */
  operationFor: (method: string, path: string) => IndexedOperation | undefined;
  /** Where the API is mounted (its paths in the document are relative to it). */
  prefix: string;
  limits: BodyLimits;
}): MiddlewareHandler<AppEnv> {
  const checkOrigin = csrf();
  const limiters = new Map<number, MiddlewareHandler>();
  const limiter = (maxSize: number) => {
    let l = limiters.get(maxSize);
    if (!l)
      limiters.set(
        maxSize,
        (l = bodyLimit({
          maxSize,
          onError: (c) => {
            const message = `请求体过大：不能超过 ${maxSize} 字节`;
            return errorResponse(c, 'PAYLOAD_TOO_LARGE', message);
          },
        })),
      );
    return l;
  };

  return async (c, next) => {
    const path = c.req.path.startsWith(opts.prefix) ? c.req.path.slice(opts.prefix.length) : c.req.path;
    const op = opts.operationFor(c.req.method, path || '/');
    if (!op) return next(); // unknown path: the 404 handler answers, reading nothing
    if (!op.public && !c.get('user')) {
      return errorResponse(c, 'UNAUTHENTICATED', '请先登录');
    }
    // Browsers send Origin with every POST, and Sec-Fetch-Site with every request: a form another site makes the
    // victim's browser submit always carries a foreign one. A client that sends neither is no browser (a script
    // holding a cookie or a token), so there is no victim to protect.
    const fromBrowser = c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined;
    if (fromBrowser && !c.req.header('authorization')?.startsWith('Bearer ')) {
      const refused = await checkOrigin(c, async () => undefined).then(
        () => false,
        () => true,
      );
      if (refused) {
        return errorResponse(c, 'FORBIDDEN', '跨站请求被拒绝：请从本系统的页面提交');
      }
    }
    if (!hasBody(c) || op.mediaTypes.length === 0) return next();
    const type = essence(c.req.header('content-type'));
    if (!op.mediaTypes.includes(type)) {
      const message = `不支持的请求体类型${type ? `：${type}` : ''}；请使用 ${op.mediaTypes.join(' 或 ')}`;
      return errorResponse(c, 'UNSUPPORTED_MEDIA_TYPE', message);
    }
    if (opts.limits.streamed.has(op.operationId)) return next();
    return limiter(opts.limits.bytes[op.operationId] ?? JSON_BODY_MAX_BYTES)(c, next);
  };
}
