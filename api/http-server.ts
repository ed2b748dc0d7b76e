import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { ErrorBody } from './errors.js';

interface Fetchable {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
}

/**
 * What Node's HTTP parser refuses before any request exists (the app never sees it), answered in the one error
 * envelope instead of Node's bare status line. Node allows this through its `clientError` event, with limits:
 * there is no request yet, so no middleware runs (the request id is made up here, nothing is logged through the
 * app, no security headers are added), the connection is closed after the answer (the parser cannot resume), and
 * a socket that is already gone (ECONNRESET, or a response already under way) gets nothing.
 */
const PARSER_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', '请求头或查询字符串过长'],
  HPE_URI_TOO_LONG: [414, 'URI Too Long', '请求地址过长'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', '请求超时'],
};

export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] = PARSER_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', '请求格式无效'];
  const body: ErrorBody = { error: { code: 'BAD_REQUEST', message, requestId: randomUUID() } };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${json}`,
  );
}

/** Serves the app over HTTP/1.1 (@hono/node-server) with parser errors answered in the envelope. */
export function serveApp(
  app: Fetchable,
  opts: { hostname: string; port: number },
  onListening?: (port: number) => void,
): ServerType {
  const server = serve({ fetch: app.fetch, hostname: opts.hostname, port: opts.port }, (info) =>
    onListening?.(info.port),
  );
  (server as Server).on('clientError', answerClientError);
  return server;
}
