import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { createIndustry, getIndustry, listIndustries, updateIndustry } from '../../db/queries/industries.js';
import { shanghaiDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { industryCreateSchema, industryUpdateSchema } from '../../domain/industries.js';
import { auditChange } from '../services/audit.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const industry = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    parentCode: z.string().nullable(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
    cityDepartment: z.string().nullable().describe('市级行业主管部门 in force today (小类)'),
    countyDepartment: z.string().nullable().describe('县级行业主管部门 in force today (小类)'),
    scheduled: z.array(
      z.object({
        level: z.enum(['city', 'county']),
        departmentName: z.string().nullable(),
        effectiveFrom: z.string(),
      }),
    ),
  })
  .openapi('Industry');
const codeParam = z.object({ code: z.string().min(1).max(60) });
const listQuery = z.object({
  filter: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        const v = JSON.parse(s) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: '筛选条件应为 JSON 对象' });
      return z.NEVER;
    }),
});
const conflict = {
  409: {
    description: 'The code exists already, or someone saved a newer version meanwhile',
    content: { 'application/json': { schema: errorResponses[422].content['application/json'].schema } },
  },
};

/**
 * 行业分类: every logged-in user reads the classification (pickers, names on lists); administrators add a 大类 or
 * 小类, rename, reorder or retire one, and map each 小类 to its city and county department from a date. Audited.
 */
export function industryRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const today = () => shanghaiDate(deps.now?.() ?? new Date());
  const requireAdmin = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以维护行业分类');
    return user;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/industries',
      operationId: 'listIndustries',
      tags: ['registry'],
      summary:
        '行业分类 大类 then their 小类, with the departments in force today (filter: parentCode, level, active, q)',
      request: { query: listQuery },
      responses: { 200: jsonOk(z.array(industry)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      requireUser(c);
      const { rows, total } = await listIndustries(deps.db, {
        today: today(),
        filter: c.req.valid('query').filter,
      });
      c.header('Content-Range', `industries 0-${Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/industries/{code}',
      operationId: 'getIndustry',
      tags: ['registry'],
      summary: 'One 大类/小类 with every version of it and of its department mapping',
      request: { params: codeParam },
      responses: { 200: jsonOk(z.record(z.string(), z.unknown())), ...errorResponses },
    }),
    async (c) => {
      requireUser(c);
      return c.json((await getIndustry(deps.db, c.req.valid('param').code, today())) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/industries',
      operationId: 'createIndustry',
      tags: ['registry'],
      summary: 'Add a 大类, or a 小类 with its city and county departments (administrators)',
      request: { body: jsonBody(industryCreateSchema) },
      responses: { 201: jsonOk(industry), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const input = c.req.valid('json');
      const { row, departments, effectiveFrom } = await createIndustry(deps.db, input, {
        actorId: user.id,
        today: today(),
      });
      await auditChange(deps.db, { user, requestId: c.get('requestId') }, 'create', 'industries', row.code, {
        name: row.name,
        parentCode: row.parentCode,
        sortOrder: row.sortOrder,
        departments,
        effectiveFrom,
        source: input.source ?? null,
      });
      return c.json((await getIndustry(deps.db, row.code, today())) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/industries/{code}',
      operationId: 'updateIndustry',
      tags: ['registry'],
      summary:
        'Rename, reorder or retire a 大类/小类, or change a 小类’s departments from a date (administrators); a new version, `version` is the one edited',
      request: { params: codeParam, body: jsonBody(z.looseObject(industryUpdateSchema.shape)) },
      responses: { 200: jsonOk(industry), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const user = requireAdmin(c);
      const { code } = c.req.valid('param');
      const input = industryUpdateSchema.parse(c.req.valid('json'));
      const { row, before, departments, effectiveFrom } = await updateIndustry(deps.db, code, input, {
        actorId: user.id,
        today: today(),
      });
      await auditChange(deps.db, { user, requestId: c.get('requestId') }, 'update', 'industries', code, {
        version: row.version,
        before: { name: before.name, sortOrder: before.sortOrder, active: before.active },
        after: { name: row.name, sortOrder: row.sortOrder, active: row.active },
        departments,
        effectiveFrom,
        source: input.source ?? null,
      });
      return c.json((await getIndustry(deps.db, code, today())) as never, 200);
    },
  );
  return app;
}
