import type { Context } from 'hono';

/**
 * Whether the request carries a body: by its headers on a socket (HTTP/1.1 has no body without Content-Length or
 * Transfer-Encoding), by the Request itself when built in process (tests' app.request sets no Content-Length).
 */
export function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return Number(length) > 0;
  if (c.req.header('transfer-encoding') !== undefined) return true;
  const onSocket = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
  return !onSocket && c.req.raw.body !== null;
}
