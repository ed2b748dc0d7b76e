import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listQuerySchema } from '../../db/queries/list-params.js';
import {
  getInspection,
  getInspectionPlan,
  listInspectionPlans,
  listInspections,
  planCoverage,
} from '../../db/queries/inspections.js';
import { penaltyKinds } from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import {
  adHocInspectionInput,
  inspectionPlanInput,
  recordInspectionInput,
} from '../../domain/hazards/schemas.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { commandErrorResponses, errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import {
  createAdHocInspection,
  createInspectionPlan,
  drawNow,
  inspectionDetail,
  recordInspection,
  verifyDraw,
} from '../services/inspections.js';
import { requireUser } from './auth.routes.js';

/** 监督检查: plans (市级季检查、县级月排查…), 双随机 draws recorded for audit, inspections and their records. */
const planSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    level: z.string(),
    cadence: z.string(),
    regionCode: z.string(),
    regionPath: z.string(),
    departmentId: z.string().nullable(),
    industryCodes: z.array(z.string()),
    selection: z.string(),
    coverageTargetPct: z.number(),
    inspectorsPerVisit: z.number().int(),
    inspectorIds: z.array(z.string()),
    active: z.boolean(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi('InspectionPlan');
const inspectionSchema = z
  .object({
    id: z.uuid(),
    planId: z.string().nullable(),
    drawId: z.string().nullable(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string().optional(),
    regionPath: z.string(),
    industryCategory: z.string(),
    inspectorIds: z.array(z.string()),
    dueOn: z.string().nullable(),
    status: z.enum(['planned', 'done', 'cancelled']),
    unannounced: z.boolean(),
    inspectedOn: z.string().nullable(),
    recordedAt: z.string().nullable(),
    recordedBy: z.string().nullable(),
    generalFindings: z.number().int(),
    majorFindings: z.number().int(),
    penaltiesCount: z.number().int(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Inspection');
const inspectionDetailSchema = inspectionSchema
  .extend({
    cases: z
      .array(z.object({ id: z.uuid(), caseNo: z.number().int(), title: z.string(), status: z.string() }))
      .describe('the major-hazard cases (重大隐患) its major findings started'),
    penalties: z
      .array(
        z.object({
          id: z.uuid(),
          kind: z.enum(penaltyKinds),
          decidedOn: z.string(),
          decisionNo: z.string(),
          amountYuan: z.number().nullable(),
        }),
      )
      .describe('行政处罚 decided at the inspection (they count toward Art. 113)'),
  })
  .openapi('InspectionDetail');
const drawSchema = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    periodStart: z.string(),
    periodEnd: z.string(),
    seed: z
      .string()
      .describe('the seed the draw ran on: re-run domain/hazards/inspection.ts drawInspections with it'),
    algorithm: z.string(),
    population: z.array(z.string()).describe('candidate enterprises, sorted'),
    inspectorPool: z.array(z.string()),
    mandatory: z.array(z.string()).describe('units due by their grade, drawn first'),
    selectedCount: z.number().int(),
    populationHash: z.string(),
    drawnAt: z.string(),
    drawnBy: z.string().nullable().describe('null: the daily schedule'),
  })
  .openapi('InspectionDraw');
const idParam = z.object({ id: z.uuid({ error: '编号无效' }) });

export function inspectionRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);
  const ctxOf = (c: { get(k: 'requestId'): string }, user: ReturnType<typeof requireUser>) => ({
    deps,
    user,
    requestId: c.get('requestId'),
  });
  const managers = (role: string) => {
    if (!['supervisor', 'leader', 'admin'].includes(role))
      throw new DomainError('FORBIDDEN', '只有监管人员可以查看检查计划');
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspection-plans',
      operationId: 'listInspectionPlans',
      tags: ['inspections'],
      summary: "监督检查计划 Plans of the caller's territory",
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(planSchema)), 401: errorResponses[401], ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      managers(user.role);
      const { rows, total, from } = await listInspectionPlans(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `inspection-plans ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/inspection-plans',
      operationId: 'createInspectionPlan',
      tags: ['inspections'],
      summary:
        '制定检查计划 Create a plan by level and cadence (双随机 or every unit), with its inspector pool',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(inspectionPlanInput) },
      responses: {
        201: { ...jsonOk(planSchema), headers: replayedHeader },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await createInspectionPlan(ctxOf(c, user), c.req.valid('json'))) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspection-plans/{id}',
      operationId: 'getInspectionPlan',
      tags: ['inspections'],
      request: { params: idParam },
      responses: { 200: jsonOk(planSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      managers(user.role);
      return c.json((await getInspectionPlan(db, scopeOf(user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspection-plans/{id}/coverage',
      operationId: 'inspectionPlanCoverage',
      tags: ['inspections'],
      summary: '检查覆盖率 Per period: population, drawn, done, coverage against the target',
      request: { params: idParam },
      responses: {
        200: jsonOk(
          z.array(
            z.object({
              drawId: z.uuid(),
              periodStart: z.string(),
              periodEnd: z.string(),
              population: z.number().int(),
              selected: z.number().int(),
              done: z.number().int(),
              coveragePct: z.number(),
              targetPct: z.number(),
            }),
          ),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      managers(user.role);
      const plan = await getInspectionPlan(db, scopeOf(user), c.req.valid('param').id);
      return c.json(await planCoverage(db, { plan }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/inspection-plans/{id}/draws',
      operationId: 'drawInspectionPlan',
      tags: ['inspections'],
      summary:
        '双随机抽取 Draw the current period now (the daily schedule does it otherwise); a second call answers the first draw',
      request: { params: idParam },
      responses: {
        200: jsonOk(z.object({ draw: drawSchema, created: z.boolean(), inspections: z.number().int() })),
        ...commandErrorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await drawNow(ctxOf(c, user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspection-draws/{id}',
      operationId: 'getInspectionDraw',
      tags: ['inspections'],
      summary:
        'A draw as recorded, the inspections it made, and `reproduced`: whether re-running it from its own record gives the same selection',
      request: { params: idParam },
      responses: {
        200: jsonOk(
          z.object({ draw: drawSchema, inspections: z.array(inspectionSchema), reproduced: z.boolean() }),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      managers(user.role);
      return c.json((await verifyDraw(ctxOf(c, user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspections',
      operationId: 'listInspections',
      tags: ['inspections'],
      summary:
        "监督检查 Inspections in the caller's scope (filters status, planId, drawId, enterpriseId, mine, regionCode); an enterprise sees its own once done",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(inspectionSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listInspections(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `inspections ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/inspections',
      operationId: 'createInspection',
      tags: ['inspections'],
      summary: '专项检查 An inspection outside any plan',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(adHocInspectionInput) },
      responses: {
        201: { ...jsonOk(inspectionSchema), headers: replayedHeader },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const row = await createAdHocInspection(ctxOf(c, user), c.req.valid('json'), {
        id: c.get('idempotency')?.operationId,
      });
      return c.json(row as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/inspections/{id}',
      operationId: 'getInspection',
      tags: ['inspections'],
      summary: 'The inspection with the major-hazard cases its findings started and the penalties it decided',
      request: { params: idParam },
      responses: { 200: jsonOk(inspectionDetailSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const row = await getInspection(db, scopeOf(user), c.req.valid('param').id);
      return c.json((await inspectionDetail(ctxOf(c, user), row)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/inspections/{id}/record',
      operationId: 'recordInspection',
      tags: ['inspections'],
      summary:
        '录入检查记录 Record the inspection: general findings become general hazards, major ones major-hazard reports, penalties count toward Art. 113',
      middleware: [idempotent] as const,
      request: { params: idParam, headers: idempotencyHeader, body: jsonBody(recordInspectionInput) },
      responses: {
        200: {
          ...jsonOk(
            z.object({
              inspection: inspectionSchema,
              hazardIds: z.array(z.uuid()),
              caseIds: z.array(z.uuid()),
            }),
          ),
          headers: replayedHeader,
        },
        ...commandErrorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json(
        (await recordInspection(ctxOf(c, user), c.req.valid('param').id, c.req.valid('json'))) as never,
        200,
      );
    },
  );
  return app;
}
