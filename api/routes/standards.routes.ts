import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { createStandardVersion } from '../../db/queries/standards.js';
import { DomainError } from '../../domain/errors.js';
import { standardVersionInputSchema } from '../../domain/standards.js';
import { auditChange } from '../services/audit.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const conflict = {
  409: {
    description: 'This version of the standard already exists',
    content: { 'application/json': { schema: errorResponses[422].content['application/json'].schema } },
  },
};

/**
 * 判定标准 writes: an administrator enters a standard, or a new version of one, whole (every clause with its
 * source). Nothing is edited afterwards: the clauses are append-only, and cases keep citing the rows they cited.
 */
export function standardRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/standards',
      operationId: 'createStandardVersion',
      tags: ['registry'],
      summary:
        'Enter a 判定标准 or a new version of one, with every clause (administrators); a version it supersedes is repealed from its date',
      request: { body: jsonBody(standardVersionInputSchema) },
      responses: {
        201: jsonOk(z.record(z.string(), z.unknown())),
        ...errorResponses,
        ...forbiddenResponse,
        ...conflict,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以维护判定标准');
      const input = c.req.valid('json');
      const row = await createStandardVersion(deps.db, input, { actorId: user.id });
      await auditChange(deps.db, { user, requestId: c.get('requestId') }, 'create', 'standards', row.id, {
        code: row.code,
        version: row.version,
        effectiveDate: row.effectiveDate,
        source: row.source,
        supersedesId: row.supersedesId,
        clauses: row.clauses.length,
      });
      return c.json(row as never, 201);
    },
  );
  return app;
}
