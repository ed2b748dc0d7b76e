/**
 * Refused commands leave a trace (issue #13, fault 4): a write by a logged-in caller answered 403 (the role may not),
 * 409 (the record's state refuses it: the case's table of rules) or 422 (invalid input, naming the field) is appended
 * to the hash-chained audit log as action `refused`: who (actor and role), what (method, path, the record's id) and
 * why (status, code, message, the failing fields). The request body is not copied (it may be large or hold what the
 * caller should not have sent); the fields and reasons say what was wrong with it. Nothing else is written, so the
 * refused command still changes nothing.
 */
import { createMiddleware } from 'hono/factory';
import { appendAudit } from '../db/queries/audit.js';
import type { AppDeps, AppEnv } from './context.js';

const REFUSED = new Set([403, 409, 422]);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function auditRefusals(deps: Pick<AppDeps, 'db'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const user = c.get('user');
    if (!user || !WRITES.has(c.req.method) || !REFUSED.has(c.res.status)) return;
    let why: { error?: { code?: string; message?: string }; errors?: Record<string, string> } = {};
    try {
      why = (await c.res.clone().json()) as typeof why;
    } catch {
      // Not the JSON envelope: the status alone says it.
    }
    const path = c.req.path.replace(/^\/api/, '');
    await appendAudit(deps.db, {
      actorId: user.id,
      actorRole: user.role,
      action: 'refused',
      resource: path.split('/')[1] ?? '',
      resourceId: UUID.exec(path)?.[0] ?? null,
      requestId: c.get('requestId'),
      payload: {
        method: c.req.method,
        path,
        status: c.res.status,
        code: why.error?.code ?? null,
        message: why.error?.message ?? null,
        ...(why.errors ? { fields: why.errors } : {}),
      },
    });
  });
}
