import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * The API's operations as its OpenAPI document declares them, indexed for the request gates (api/guards.ts): who
 * may call an operation without logging in (`security: []`) and which media types its body may have. The document
 * is the one source: a route added with `createRoute` is gated the moment it exists, and the authorization matrix
 * test (test/api/authz-matrix.test.ts) walks the same document.
 */
export interface IndexedOperation {
  method: string;
  /** The OpenAPI path template, e.g. /cases/{id}/judge (without the /api prefix). */
  path: string;
  operationId: string;
  /** `security: []`: callable without a session. */
  public: boolean;
  /** The request body's media types; empty when the operation takes no body. */
  mediaTypes: string[];
}

export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export function indexOperations(doc: OpenApiDocument): IndexedOperation[] {
  const out: IndexedOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const body = op.requestBody && 'content' in op.requestBody ? op.requestBody.content : {};
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        public: Array.isArray(op.security) && op.security.length === 0,
        mediaTypes: Object.keys(body).map((t) => t.toLowerCase()),
      });
    }
  return out;
}

/** Finds the operation a request is for; a template with more literal segments wins (/cases/export over /cases/{id}). */
export function operationMatcher(ops: readonly IndexedOperation[]) {
  const compiled = ops
    .map((op) => {
      const segments = op.path.split('/').filter(Boolean);
      const pattern = segments
        .map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return {
        op,
        re: new RegExp(`^/${pattern}/?$`),
        literal: segments.filter((s) => !s.startsWith('{')).length,
      };
    })
    .sort((a, b) => b.literal - a.literal);
  return (method: string, path: string): IndexedOperation | undefined => {
    const m = method === 'HEAD' ? 'GET' : method;
    return compiled.find((c) => c.op.method === m && c.re.test(path))?.op;
  };
}
