import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { calendarYearInputSchema, holidaySpanSchema } from '../../domain/calendar-schedule.js';
import { DomainError } from '../../domain/errors.js';
import {
  calendarEstimateSummary,
  getCalendarYear,
  listCalendarYears,
  saveYear,
} from '../services/calendar-years.js';
import type { AppDeps, AppEnv } from '../context.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

const calendarYear = z
  .object({
    id: z.number().int(),
    year: z.number().int(),
    origin: z.enum(['package', 'entered']),
    source: z.string(),
    version: z.number().int().nullable(),
    holidays: z.array(holidaySpanSchema),
    holidayDays: z.number().int(),
    workdayCount: z.number().int(),
    replacesPackage: z.boolean(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('CalendarYear');
const saved = calendarYear
  .extend({
    recompute: z.object({
      cases: z.number().int().describe('running cases with a deadline estimated for this year'),
    }),
  })
  .openapi('CalendarYearSaved');
const version = z.object({
  year: z.number().int(),
  version: z.number().int(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  source: z.string(),
  spans: z.unknown(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
const yearParam = z.object({
  year: z.coerce.number({ error: '年份无效' }).int({ error: '年份无效' }).min(2000).max(2100),
});
const conflict = {
  409: {
    description: 'The year was already entered, or someone saved a newer version meanwhile',
    content: { 'application/json': { schema: errorResponses[422].content['application/json'].schema } },
  },
};

/**
 * 工作日历: every logged-in user may read the known years (deadlines are computed on them); only administrators
 * enter or correct one, in the shape the State Council publishes. Saving signals the running cases whose deadlines
 * were estimated for that year.
 */
export function calendarYearRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const requireAdmin = (c: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(c);
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN', '只有系统管理员可以维护工作日历');
    return user;
  };
  const who = (c: Parameters<typeof requireUser>[0] & { get(key: 'requestId'): string }) => ({
    user: requireAdmin(c),
    requestId: c.get('requestId'),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calendar-years',
      operationId: 'listCalendarYears',
      tags: ['calendar'],
      summary:
        "工作日历 Every known year: the package's and the administrators' (which replace the package's)",
      responses: { 200: jsonOk(z.array(calendarYear)), 401: errorResponses[401] },
    }),
    async (c) => {
      requireUser(c);
      const rows = await listCalendarYears(deps.db);
      c.header('Content-Range', `calendar-years 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calendar-years/estimates',
      operationId: 'listCalendarEstimates',
      tags: ['calendar'],
      summary:
        "待补录 The administrator's calendar task: years running cases' deadlines were estimated for (weekends only)",
      responses: {
        200: jsonOk(z.array(z.object({ year: z.number().int().nullable(), cases: z.number().int() }))),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      requireAdmin(c);
      return c.json(await calendarEstimateSummary(deps.db), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calendar-years/{year}',
      operationId: 'getCalendarYear',
      tags: ['calendar'],
      request: { params: yearParam },
      responses: {
        200: jsonOk(calendarYear.extend({ versions: z.array(version) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireUser(c);
      const y = await getCalendarYear(deps.db, c.req.valid('param').year);
      return c.json(
        {
          ...y,
          versions: y.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/calendar-years',
      operationId: 'createCalendarYear',
      tags: ['calendar'],
      summary: 'Enter a year (administrators): holiday spans and their make-up working days, as published',
      request: { body: jsonBody(calendarYearInputSchema) },
      responses: { 201: jsonOk(saved), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const record = await saveYear(deps, who(c), c.req.valid('json'), { mode: 'create' });
      return c.json(record, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/calendar-years/{year}',
      operationId: 'updateCalendarYear',
      tags: ['calendar'],
      summary:
        "Correct a year, or replace the package's version of it (administrators): a new version; `version` is the one edited",
      request: {
        params: yearParam,
        body: jsonBody(
          z.looseObject({
            ...calendarYearInputSchema.shape,
            version: z.number().int().nullish(),
          }),
        ),
      },
      responses: { 200: jsonOk(saved), ...errorResponses, ...forbiddenResponse, ...conflict },
    }),
    async (c) => {
      const actor = who(c);
      const { year } = c.req.valid('param');
      const body = c.req.valid('json');
      const input = calendarYearInputSchema.parse(body);
      if (input.year !== year) throw new DomainError('VALIDATION', '年份不能修改', { year: '年份不能修改' });
      const record = await saveYear(deps, actor, input, {
        mode: 'update',
        expectedVersion: body.version ?? null,
      });
      return c.json(record, 200);
    },
  );
  return app;
}
