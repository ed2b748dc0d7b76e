import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  getGeneralHazard,
  hazardRates,
  hazardWorklist,
  listGeneralHazards,
  rateGroups,
  type GeneralHazardRow,
} from '../../db/queries/general-hazards.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import { allowedHazardActions, hazardActions, type HazardAction } from '../../domain/hazards/lifecycle.js';
import {
  bulkFollowUpInput,
  cancelInput,
  followUpInput,
  isoDate,
  rectifyInput,
  reportHazardInput,
  spotCheckInput,
} from '../../domain/hazards/schemas.js';
import type { Role } from '../../domain/roles.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { commandErrorResponses, errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import { bulkFollowUp, hazardCommand, reportHazard, todayOf } from '../services/general-hazards.js';
import { requireUser } from './auth.routes.js';

/** 一般隐患台账: the ledger, its commands, the supervisor's daily worklist and the rates per unit. */
const ts = z.string().nullable();
export const generalHazardSchema = z
  .object({
    id: z.uuid(),
    hazardNo: z.number().int().describe('shown as YB-<number>'),
    enterpriseId: z.uuid(),
    regionCode: z.string(),
    regionPath: z.string(),
    industryCategory: z.string(),
    industryCode: z.string(),
    departmentId: z.string().nullable(),
    source: z.string(),
    sourceRef: z.string().nullable(),
    externalRef: z.string().nullable(),
    batchId: z.string().nullable(),
    clientId: z.string().nullable().describe("the phone's own id of a report made offline"),
    category: z.string(),
    description: z.string(),
    location: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    checklistItemId: z.string().nullable(),
    clauseId: z.string().nullable(),
    responsiblePerson: z.string().nullable(),
    foundOn: z.string(),
    reportedAt: z.string(),
    reportedBy: z.string().nullable(),
    reporterRole: z.string(),
    reportedLate: z.boolean(),
    deadline: z.string().describe('整改期限, the last day (Asia/Shanghai)'),
    status: z.string(),
    light: z.string().describe('green | yellow | red | none (not open)'),
    rectifiedOn: ts,
    rectifiedBy: ts,
    rectification: ts,
    onTime: z.boolean().nullable(),
    closedAt: ts,
    spotCheck: ts,
    spotCheckedAt: ts,
    reopenCount: z.number().int(),
    lastFollowUpAt: ts,
    updatedAt: z.string(),
    allowedActions: z.array(z.enum(hazardActions)).describe('the commands the caller may issue now'),
  })
  .openapi('GeneralHazard');

const eventSchema = z
  .object({
    id: z.number().int(),
    hazardId: z.uuid(),
    type: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string(),
    payload: z.unknown(),
  })
  .openapi('GeneralHazardEvent');
const photoSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedBy: z.string().nullable(),
});
const hazardDetailSchema = generalHazardSchema
  .extend({ events: z.array(eventSchema), photos: z.array(photoSchema) })
  .openapi('GeneralHazardDetail');

const idParam = z.object({ id: z.uuid({ error: '隐患编号无效' }) });

type Json = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
/** The record the console receives: dates as ISO strings, and what the caller may do with it. */
export function toHazardRecord(
  row: GeneralHazardRow,
  user: { role: Role; enterpriseId: string | null },
): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(row)) out[k] = iso(v);
  out.allowedActions = allowedHazardActions(row, user);
  return out;
}

const COMMANDS: Array<{ path: string; action: HazardAction; input: z.ZodType; summary: string }> = [
  {
    path: 'rectify',
    action: 'rectify',
    input: rectifyInput,
    summary: '整改 Record the rectification (after-photos) and close',
  },
  {
    path: 'spot-check',
    action: 'spotCheck',
    input: spotCheckInput,
    summary: '抽查 Spot-check a closed hazard; failed reopens it',
  },
  {
    path: 'follow-up',
    action: 'followUp',
    input: followUpInput,
    summary: '跟进督办 Record a follow-up of a lit hazard',
  },
  {
    path: 'cancel',
    action: 'cancel',
    input: cancelInput,
    summary: '撤销 Cancel a hazard entered by mistake',
  },
];

export function generalHazardRoutes(deps: AppDeps) {
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
      path: '/general-hazards',
      operationId: 'listGeneralHazards',
      tags: ['general hazards'],
      summary:
        "一般隐患台账 General hazards in the caller's scope (react-admin list conventions; total in Content-Range; default sort deadline ASC)",
      request: { query: listQuerySchema },
      responses: {
        200: jsonOk(z.array(generalHazardSchema)),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listGeneralHazards(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', `general-hazards ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows.map((r) => toHazardRecord(r, user)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/general-hazards/worklist',
      operationId: 'generalHazardWorklist',
      tags: ['general hazards'],
      summary:
        "每天清零 The supervisor's daily worklist: lit (red, then yellow) open hazards not followed up today, and the day's counts",
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }) },
      responses: {
        200: jsonOk(
          z
            .object({
              today: z.string(),
              red: z.number().int(),
              yellow: z.number().int(),
              followedUpToday: z.number().int(),
              remaining: z.number().int(),
              items: z.array(generalHazardSchema),
            })
            .openapi('GeneralHazardWorklist'),
        ),
        401: errorResponses[401],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!['supervisor', 'leader', 'admin'].includes(user.role))
        throw new DomainError('FORBIDDEN', '只有监管人员有每日督办清单');
      const out = await hazardWorklist(db, scopeOf(user), {
        today: todayOf(deps).today,
        limit: c.req.valid('query').limit,
      });
      return c.json({ ...out, items: out.items.map((r) => toHazardRecord(r, user)) } as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/general-hazards/rates',
      operationId: 'generalHazardRates',
      tags: ['general hazards'],
      summary:
        '整改率、按期整改率 Rectification and on-time rates per enterprise, grid, street, district or department, over the hazards reported from..to',
      description:
        'rectificationRate = rectified / reported (cancelled left out); onTimeRate = rectified on time / due, where due = closed, or open past its deadline today.',
      request: {
        query: z.object({
          groupBy: z.enum(rateGroups),
          from: isoDate,
          to: isoDate,
        }),
      },
      responses: {
        200: jsonOk(
          z.array(
            z
              .object({
                key: z.string().nullable(),
                name: z.string().nullable(),
                reported: z.number().int(),
                rectified: z.number().int(),
                rectifiedOnTime: z.number().int(),
                due: z.number().int(),
                open: z.number().int(),
                overdue: z.number().int(),
                red: z.number().int(),
                reportedLate: z.number().int(),
                rectificationRate: z.number().nullable(),
                onTimeRate: z.number().nullable(),
              })
              .openapi('GeneralHazardRate'),
          ),
        ),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (user.role === 'expert') throw new DomainError('FORBIDDEN', '该角色不能查看隐患统计');
      const q = c.req.valid('query');
      if (q.from > q.to)
        throw new DomainError('VALIDATION', '开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
      const rows = await hazardRates(db, scopeOf(user), { ...q, today: todayOf(deps).today });
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/general-hazards/{id}',
      operationId: 'getGeneralHazard',
      tags: ['general hazards'],
      request: { params: idParam },
      responses: { 200: jsonOk(hazardDetailSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      const { events, photos, ...row } = await getGeneralHazard(db, scopeOf(user), c.req.valid('param').id);
      return c.json(
        {
          ...toHazardRecord(row, user),
          events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
          photos: photos.map((p) => ({ ...p, uploadedAt: p.uploadedAt.toISOString() })),
        } as never,
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/general-hazards',
      operationId: 'reportGeneralHazard',
      tags: ['general hazards'],
      summary:
        '上报一般隐患 Report a general hazard (enterprise: self-inspection; grid member: patrol; supervisor: inspection or a public report). Deadline from policy unless given',
      description:
        "With an Idempotency-Key a retried report (a phone sending its offline queue) writes one hazard and is answered with the first response. A report made offline also carries clientId, the phone's own id for it, kept for ever and unique per enterprise: sent again after the key expired, it is answered with the first hazard (200, Idempotent-Replayed: true).",
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(reportHazardInput) },
      responses: {
        201: { ...jsonOk(generalHazardSchema, 'The new hazard'), headers: replayedHeader },
        200: {
          ...jsonOk(generalHazardSchema, 'The hazard reported earlier under this clientId'),
          headers: replayedHeader,
        },
        ...errorResponses,
        ...forbiddenResponse,
        409: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { row, replayed } = await reportHazard(ctxOf(c, user), c.req.valid('json'), {
        id: c.get('idempotency')?.operationId,
      });
      if (replayed) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(toHazardRecord(row, user) as never, 200);
      }
      return c.json(toHazardRecord(row, user) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/general-hazards/follow-ups',
      operationId: 'bulkFollowUpGeneralHazards',
      tags: ['general hazards'],
      summary:
        '每天清零 Record the same follow-up on many lit hazards; refusals are listed, the rest recorded',
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(bulkFollowUpInput) },
      responses: {
        200: jsonOk(
          z.object({
            done: z.array(z.uuid()),
            refused: z.array(z.object({ id: z.string(), reason: z.string() })),
          }),
        ),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { ids, ...input } = c.req.valid('json');
      return c.json(await bulkFollowUp(ctxOf(c, user), { ids, input }), 200);
    },
  );

  for (const cmd of COMMANDS) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/general-hazards/{id}/${cmd.path}`,
        operationId: `${cmd.action}GeneralHazard`,
        tags: ['general hazards'],
        summary: cmd.summary,
        middleware: [idempotent] as const,
        request: { params: idParam, headers: idempotencyHeader, body: jsonBody(cmd.input) },
        responses: {
          200: { ...jsonOk(generalHazardSchema, 'The hazard after the command'), headers: replayedHeader },
          ...commandErrorResponses,
          ...forbiddenResponse,
        },
      }),
      async (c) => {
        const user = requireUser(c);
        const { row, replayed } = await hazardCommand(ctxOf(c, user), {
          id: c.req.valid('param').id,
          action: cmd.action,
          input: c.req.valid('json') as never,
        });
        if (replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(toHazardRecord(row, user) as never, 200);
      },
    );
  }
  return app;
}
