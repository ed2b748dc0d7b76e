import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/queries/audit.js';
import {
  createDepartment,
  createEnterprise,
  createRegion,
  updateDepartment,
  updateEnterprise,
  updateRegion,
} from '../../db/queries/registry-write.js';
import { DomainError } from '../../domain/errors.js';
import { departmentInputSchema, enterpriseInputSchema, regionInputSchema } from '../../domain/registry.js';
import { enterpriseStatusChangedSignal } from '../../workflows/definitions.js';
import { caseWorkflowId } from '../../workflows/definitions.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const record = z.record(z.string(), z.unknown());
const conflict = {
  409: {
    description: 'A record with this code already exists',
    content: { 'application/json': { schema: errorResponses[422].content['application/json'].schema } },
  },
};
const failures = { ...errorResponses, ...forbiddenResponse, ...conflict };
const created = { 201: jsonOk(record), ...failures };
const updated = { 200: jsonOk(record), ...failures };

/**
 * Registry writes: supervisors keep the enterprises of their territory (一企一档) current; administrators also
 * maintain regions and departments. react-admin's update sends the whole record back: only the input fields
 * are taken.
 */
export function registryWriteRoutes(deps: AppDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const requireRole = (c: Parameters<typeof requireUser>[0], roles: string[], what: string) => {
    const user = requireUser(c);
    if (!roles.includes(user.role)) throw new DomainError('FORBIDDEN', `无权${what}`);
    return user;
  };
  const audit = (
    c: { get(key: 'requestId'): string },
    user: { id: string; role: string },
    action: string,
    resource: string,
    resourceId: string,
    payload: Record<string, unknown>,
  ) =>
    appendAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      action,
      resource,
      resourceId,
      requestId: c.get('requestId'),
      payload,
    });
  const body = <T extends z.ZodType>(schema: T) => jsonBody(schema);
  const uuidParam = z.object({ id: z.uuid({ error: '编号无效' }) });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/enterprises',
      operationId: 'createEnterprise',
      tags: ['registry'],
      summary:
        '登记企业 Register an enterprise (supervisors within their territory); placed by 谁家的孩子谁抱走',
      request: { body: body(enterpriseInputSchema) },
      responses: created,
    }),
    async (c) => {
      const user = requireRole(c, ['admin', 'supervisor'], '登记企业');
      const row = await createEnterprise(db, scopeOf(user), c.req.valid('json'));
      await audit(c, user, 'create', 'enterprises', row.id, { ...c.req.valid('json') });
      return c.json(row as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/enterprises/{id}',
      operationId: 'updateEnterprise',
      tags: ['registry'],
      summary: "Update an enterprise; a status change (停产, 注销) is signalled to its open cases' workflows",
      request: { params: uuidParam, body: body(enterpriseInputSchema.loose()) },
      responses: updated,
    }),
    async (c) => {
      const user = requireRole(c, ['admin', 'supervisor'], '修改企业信息');
      const { id } = c.req.valid('param');
      const input = enterpriseInputSchema.parse(c.req.valid('json'));
      const { row, statusChanged, openCaseIds } = await updateEnterprise(db, scopeOf(user), id, input);
      if (statusChanged) {
        const at = row.statusChangedAt ?? new Date().toISOString().slice(0, 10);
        await Promise.all(
          openCaseIds.map((caseId) =>
            deps.temporal.workflow
              .getHandle(caseWorkflowId(caseId))
              .signal(enterpriseStatusChangedSignal, { status: row.status, at })
              .catch((err: unknown) =>
                c.get('logger')?.warn({ err, caseId }, 'enterprise status signal failed'),
              ),
          ),
        );
      }
      await audit(c, user, statusChanged ? 'status_change' : 'update', 'enterprises', id, {
        ...input,
        signalledCases: openCaseIds,
      });
      return c.json(row as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/regions',
      operationId: 'createRegion',
      tags: ['registry'],
      summary: 'Add a region under its parent (administrators)',
      request: { body: body(regionInputSchema) },
      responses: created,
    }),
    async (c) => {
      const user = requireRole(c, ['admin'], '维护行政区划');
      const row = await createRegion(db, c.req.valid('json'));
      await audit(c, user, 'create', 'regions', row.code, { ...c.req.valid('json') });
      return c.json(row as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/regions/{id}',
      operationId: 'updateRegion',
      tags: ['registry'],
      summary: 'Rename a region or correct its level (administrators); code and parent are fixed',
      request: {
        params: z.object({ id: z.string().regex(/^\d{6,12}$/, { error: '区划代码应为6至12位数字' }) }),
        body: body(regionInputSchema.loose()),
      },
      responses: updated,
    }),
    async (c) => {
      const user = requireRole(c, ['admin'], '维护行政区划');
      const { id } = c.req.valid('param');
      const input = regionInputSchema.parse(c.req.valid('json'));
      const row = await updateRegion(db, id, input);
      await audit(c, user, 'update', 'regions', id, { ...input });
      return c.json(row as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/departments',
      operationId: 'createDepartment',
      tags: ['registry'],
      summary: 'Add a supervising department with the industries it supervises (administrators)',
      request: { body: body(departmentInputSchema) },
      responses: created,
    }),
    async (c) => {
      const user = requireRole(c, ['admin'], '维护监管部门');
      const row = await createDepartment(db, c.req.valid('json'));
      await audit(c, user, 'create', 'departments', row.id, { ...c.req.valid('json') });
      return c.json(row as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/departments/{id}',
      operationId: 'updateDepartment',
      tags: ['registry'],
      summary: 'Update a department; enterprises it now covers (or no longer covers) are re-placed',
      request: { params: uuidParam, body: body(departmentInputSchema.loose()) },
      responses: updated,
    }),
    async (c) => {
      const user = requireRole(c, ['admin'], '维护监管部门');
      const { id } = c.req.valid('param');
      const input = departmentInputSchema.parse(c.req.valid('json'));
      const row = await updateDepartment(db, id, input);
      await audit(c, user, 'update', 'departments', id, { ...input });
      return c.json(row as never, 200);
    },
  );
  return app;
}
