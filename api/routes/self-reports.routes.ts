import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { listSelfReportFlags, listSelfReports } from '../../db/queries/self-reports.js';
import { DomainError } from '../../domain/errors.js';
import { submitSelfReportInput } from '../../domain/hazards/schemas.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { currentSelfReport, submitSelfReport } from '../services/self-reports.js';
import { requireUser } from './auth.routes.js';

/** 自查自报 and what the sweep noticed (系统有觉察: missing, late, silent, under-reporting). */
const selfReportSchema = z
  .object({
    id: z.uuid(),
    enterpriseId: z.uuid(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueOn: z.string(),
    submittedAt: z.string(),
    submittedBy: z.string().nullable(),
    onTime: z.boolean(),
    noHazard: z.boolean(),
    hazardsReported: z.number().int(),
    hazardsRectified: z.number().int(),
    selfInspections: z.number().int(),
    note: z.string().nullable(),
  })
  .openapi('SelfReport');
const flagSchema = z
  .object({
    id: z.uuid(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string(),
    regionPath: z.string(),
    industryCategory: z.string(),
    periodStart: z.string(),
    kind: z.enum(['missing', 'late', 'silent', 'under_reporting']),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('SelfReportFlag');
const figures = z.object({
  hazardsReported: z.number().int(),
  hazardsRectified: z.number().int(),
  selfInspections: z.number().int(),
});

export function selfReportRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/self-reports',
      operationId: 'listSelfReports',
      tags: ['self-reports'],
      summary: "自查自报 Self-reports in the caller's scope (filters enterpriseId, periodStart, onTime)",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(selfReportSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listSelfReports(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `self-reports ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/self-reports/current',
      operationId: 'currentSelfReport',
      tags: ['self-reports'],
      summary:
        "The enterprise's period to report now: its dates, due date, whether it is in, and the ledger's figures for it",
      responses: {
        200: jsonOk(
          z
            .object({
              period: z.object({ kind: z.enum(['month', 'half_month']), start: z.string(), end: z.string() }),
              dueOn: z.string(),
              overdue: z.boolean(),
              submitted: selfReportSchema.nullable(),
              figures,
            })
            .openapi('CurrentSelfReport'),
        ),
        401: errorResponses[401],
        404: errorResponses[404],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await currentSelfReport({ deps, user, requestId: c.get('requestId') })) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/self-reports',
      operationId: 'submitSelfReport',
      tags: ['self-reports'],
      summary:
        '自查自报 The enterprise reports a period ("no hazard found" declared explicitly); on time when by the due date',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(submitSelfReportInput) },
      responses: {
        201: { ...jsonOk(selfReportSchema, 'The report'), headers: replayedHeader },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const row = await submitSelfReport({ deps, user, requestId: c.get('requestId') }, c.req.valid('json'));
      return c.json(row as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/self-report-flags',
      operationId: 'listSelfReportFlags',
      tags: ['self-reports'],
      summary:
        '系统有觉察 Enterprises flagged by the sweep: report missing or late, silent for several periods, far below the industry average (filters kind, periodStart, enterpriseId, regionCode)',
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(flagSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!['supervisor', 'leader', 'admin'].includes(user.role))
        throw new DomainError('FORBIDDEN', '只有监管人员可以查看自查自报预警');
      const { rows, total, from } = await listSelfReportFlags(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `self-report-flags ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );
  return app;
}
