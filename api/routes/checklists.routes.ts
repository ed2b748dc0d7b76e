import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  checklistRateGroups,
  checklistRates,
  getChecklist,
  getTemplate,
  listChecklists,
  listSelfInspections,
  listTemplates,
} from '../../db/queries/checklists.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import {
  buildChecklistInput,
  checkFrequencies,
  checklistLevels,
  checklistStatuses,
  checklistTemplateInput,
  returnChecklistInput,
  reviewChecklistInput,
  selfInspectionInput,
} from '../../domain/hazards/checklist.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { commandErrorResponses, errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import {
  buildChecklist,
  createTemplate,
  recordSelfInspection,
  reviewChecklistCommand,
  selfInspectionTasks,
} from '../services/ledger-duties.js';
import { requireUser } from './auth.routes.js';

/** 隐患排查清单: industry templates, the enterprise's checklist and its review, self-inspection tasks and records. */
const ts = z.string().nullable();
const itemSchema = z.object({
  id: z.uuid(),
  level: z.enum(checklistLevels).describe('enterprise 企业清单 | area 车间表册 | post 岗位卡片'),
  unitName: z.string().nullable(),
  content: z.string(),
  clauseId: z.string().nullable(),
  basis: z.string().nullable(),
  frequency: z.enum(checkFrequencies),
  category: z.string(),
  sortOrder: z.number().int(),
});
const templateSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['self', 'patrol', 'inspection']),
    industryCode: z.string().nullable(),
    name: z.string(),
    standardId: z.string().nullable(),
    source: z.string().nullable(),
    createdAt: z.string(),
    itemCount: z.number().int().optional(),
    items: z.array(itemSchema).optional(),
  })
  .openapi('ChecklistTemplate');
const checklistSchema = z
  .object({
    id: z.uuid(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string().optional(),
    version: z.number().int(),
    status: z
      .enum(checklistStatuses)
      .describe('draft 编制中 | submitted 待验收 | accepted 已验收 | returned 已退回'),
    templateIds: z.array(z.uuid()),
    createdAt: z.string(),
    createdBy: ts,
    submittedAt: ts,
    submittedBy: ts,
    reviewedAt: ts,
    reviewedBy: ts,
    reviewNote: ts,
    updatedAt: z.string(),
    itemCount: z.number().int().optional(),
    items: z.array(itemSchema.extend({ templateItemId: z.string().nullable() })).optional(),
  })
  .openapi('Checklist');
const selfInspectionSchema = z
  .object({
    id: z.uuid(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string().optional(),
    checklistId: z.uuid(),
    level: z.enum(checklistLevels),
    unitName: z.string(),
    frequency: z.enum(checkFrequencies),
    periodStart: z.string(),
    performedAt: z.string(),
    performedBy: ts,
    itemsCount: z.number().int(),
    failedCount: z.number().int(),
    results: z.array(
      z.object({
        itemId: z.uuid(),
        ok: z.boolean(),
        note: z.string().optional(),
        hazardId: z.uuid().optional(),
      }),
    ),
    hazardIds: z.array(z.uuid()).optional().describe('the general hazards the failed items became'),
  })
  .openapi('SelfInspection');
const idParam = z.object({ id: z.uuid({ error: '编号无效' }) });
const range = (name: string, from: number, n: number, total: number) =>
  `${name} ${from}-${from + Math.max(n - 1, 0)}/${total}`;

export function checklistRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const idempotent = idempotency(deps);
  const ctxOf = (c: { get(k: 'requestId'): string }, user: ReturnType<typeof requireUser>) => ({
    deps,
    user,
    requestId: c.get('requestId'),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/checklist-templates',
      operationId: 'listChecklistTemplates',
      tags: ['checklists'],
      summary:
        '行业排查模板 Industry templates (kind, industryCode: those for the industry and for every industry)',
      request: {
        query: z.object({
          kind: z.enum(['self', 'patrol', 'inspection']).optional(),
          industryCode: z.string().max(64).optional(),
        }),
      },
      responses: { 200: jsonOk(z.array(templateSchema)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const user = requireUser(c);
      if (user.role === 'expert') throw new DomainError('FORBIDDEN', '该角色不能查看排查模板');
      const rows = await listTemplates(db, c.req.valid('query'));
      c.header('Content-Range', range('checklist-templates', 0, rows.length, rows.length));
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/checklist-templates/{id}',
      operationId: 'getChecklistTemplate',
      tags: ['checklists'],
      request: { params: idParam },
      responses: { 200: jsonOk(templateSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      if (user.role === 'expert') throw new DomainError('FORBIDDEN', '该角色不能查看排查模板');
      const t = await getTemplate(db, c.req.valid('param').id);
      if (!t) throw new DomainError('NOT_FOUND', '模板不存在');
      return c.json(t as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/checklist-templates',
      operationId: 'createChecklistTemplate',
      tags: ['checklists'],
      summary:
        '新建行业排查模板 (administrators): items cite clauses of the standards library or are written out',
      request: { body: jsonBody(checklistTemplateInput) },
      responses: { 201: jsonOk(templateSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await createTemplate(ctxOf(c, user), c.req.valid('json'))) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/checklists',
      operationId: 'listChecklists',
      tags: ['checklists'],
      summary:
        "隐患排查清单 Checklists in the caller's scope (filters enterpriseId, status, regionCode; default newest first)",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(checklistSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listChecklists(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', range('checklists', from, rows.length, total));
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/checklists/rates',
      operationId: 'checklistRates',
      tags: ['checklists'],
      summary:
        '清单编制率、验收率 over operating enterprises in scope: compilationRate = compiled / enterprises, acceptanceRate = accepted / compiled',
      request: { query: z.object({ groupBy: z.enum(checklistRateGroups) }) },
      responses: {
        200: jsonOk(
          z.array(
            z
              .object({
                key: z.string().nullable(),
                name: z.string().nullable(),
                enterprises: z.number().int(),
                compiled: z.number().int(),
                accepted: z.number().int(),
                pending: z.number().int(),
                compilationRate: z.number().nullable(),
                acceptanceRate: z.number().nullable(),
              })
              .openapi('ChecklistRate'),
          ),
        ),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!['supervisor', 'leader', 'admin'].includes(user.role))
        throw new DomainError('FORBIDDEN', '只有监管人员可以查看清单编制率');
      return c.json(await checklistRates(db, scopeOf(user), c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/checklists/{id}',
      operationId: 'getChecklist',
      tags: ['checklists'],
      request: { params: idParam },
      responses: { 200: jsonOk(checklistSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await getChecklist(db, scopeOf(user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/checklists',
      operationId: 'buildChecklist',
      tags: ['checklists'],
      summary:
        '编制清单 (the enterprise): a new draft version from industry templates (area and post items copied for each workshop/area and post named) and its own items',
      request: { body: jsonBody(buildChecklistInput) },
      responses: { 201: jsonOk(checklistSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await buildChecklist(ctxOf(c, user), c.req.valid('json'))) as never, 201);
    },
  );

  const review = [
    {
      path: 'submit',
      action: 'submit' as const,
      input: reviewChecklistInput,
      summary: '提交 (the enterprise, its own draft or returned version)',
    },
    {
      path: 'accept',
      action: 'accept' as const,
      input: reviewChecklistInput,
      summary: '验收 (a supervisor of its territory)',
    },
    {
      path: 'return',
      action: 'return' as const,
      input: returnChecklistInput,
      summary: '退回 with the reason (a supervisor of its territory)',
    },
  ];
  for (const r of review)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/checklists/{id}/${r.path}`,
        operationId: `${r.action}Checklist`,
        tags: ['checklists'],
        summary: r.summary,
        request: { params: idParam, body: jsonBody(r.input) },
        responses: { 200: jsonOk(checklistSchema), ...commandErrorResponses, ...forbiddenResponse },
      }),
      async (c) => {
        const user = requireUser(c);
        const body = c.req.valid('json') as { note?: string };
        const row = await reviewChecklistCommand(ctxOf(c, user), {
          id: c.req.valid('param').id,
          action: r.action,
          note: body.note,
        });
        return c.json(row as never, 200);
      },
    );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/self-inspections/tasks',
      operationId: 'selfInspectionTasks',
      tags: ['checklists'],
      summary:
        '今日自查任务 (the enterprise): each sheet (level, unit, frequency) of the accepted checklist for its current period, done or not',
      responses: {
        200: jsonOk(
          z
            .object({
              today: z.string(),
              checklistId: z.string().nullable(),
              version: z.number().int().nullable(),
              tasks: z.array(
                z.object({
                  level: z.enum(checklistLevels),
                  unitName: z.string(),
                  frequency: z.enum(checkFrequencies),
                  itemIds: z.array(z.uuid()),
                  periodStart: z.string(),
                  periodEnd: z.string(),
                  done: z.boolean(),
                }),
              ),
            })
            .openapi('SelfInspectionTasks'),
        ),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json(await selfInspectionTasks(ctxOf(c, user)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/self-inspections',
      operationId: 'listSelfInspections',
      tags: ['checklists'],
      summary: "自查记录 in the caller's scope (filter enterpriseId), newest first",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(selfInspectionSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listSelfInspections(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', range('self-inspections', from, rows.length, total));
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/self-inspections',
      operationId: 'recordSelfInspection',
      tags: ['checklists'],
      summary:
        '自查记录 (the enterprise): one sheet for its current period, every item answered; each failed item becomes a general hazard',
      description:
        'With an Idempotency-Key a phone retrying its outbox records the sheet once and is answered with the first response; a sheet already recorded this period is a 409.',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(selfInspectionInput) },
      responses: {
        201: { ...jsonOk(selfInspectionSchema), headers: replayedHeader },
        ...commandErrorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await recordSelfInspection(ctxOf(c, user), c.req.valid('json'))) as never, 201);
    },
  );
  return app;
}
