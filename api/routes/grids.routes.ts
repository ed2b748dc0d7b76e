import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { reportableEnterprise } from '../../db/queries/general-hazards.js';
import {
  getGrid,
  gradeHistory,
  gridCoverage,
  gridStaffHistory,
  listGrids,
  listPatrols,
  patrolsDue,
  usersByIds,
} from '../../db/queries/grids.js';
import { listQuerySchema } from '../../db/queries/list-params.js';
import { DomainError } from '../../domain/errors.js';
import {
  assignEnterprisesInput,
  gradeInput,
  gridInput,
  gridLevels,
  gridStaffInput,
  patrolInput,
} from '../../domain/hazards/checklist.js';
import { isoDate } from '../../domain/hazards/schemas.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { idempotency, idempotencyHeader, replayedHeader } from '../idempotency.js';
import { commandErrorResponses, errorResponses, forbiddenResponse, jsonBody, jsonOk } from '../openapi.js';
import {
  assignToGrid,
  changeGridStaff,
  createGrid,
  gradeEnterprise,
  recordPatrolCommand,
} from '../services/ledger-duties.js';
import { todayOf } from '../services/general-hazards.js';
import { requireUser } from './auth.routes.js';

/** 网格化 (grids, units, patrols, coverage) and 差异化监管 (grades with their history). */
const ts = z.string().nullable();
const gridSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    level: z.enum(gridLevels),
    regionCode: z.string(),
    regionPath: z.string(),
    createdAt: z.string(),
    enterprises: z.number().int().optional(),
    patrolOverdue: z.number().int().optional(),
    leaderName: z.string().nullable().optional(),
    supervisorNames: z.array(z.string()).optional(),
  })
  .openapi('Grid');
const gridDetailSchema = gridSchema
  .extend({
    staff: z.array(
      z.object({
        userId: z.uuid(),
        duty: z.enum(['leader', 'supervisor', 'member']).describe('网格负责人 | 安全监管责任人 | 网格员'),
        displayName: z.string(),
        role: z.string(),
      }),
    ),
    enterprises: z.array(
      z.object({
        enterpriseId: z.uuid(),
        name: z.string(),
        riskColour: z.string(),
        managementLevel: z.string(),
        assignedOn: z.string(),
        lastPatrolledOn: ts,
        patrolDueOn: z.string(),
      }),
    ),
  })
  .openapi('GridDetail');
const patrolSchema = z
  .object({
    id: z.uuid(),
    gridId: z.uuid(),
    gridName: z.string().optional(),
    enterpriseId: z.uuid(),
    enterpriseName: z.string().optional(),
    regionPath: z.string(),
    patrolledBy: ts,
    patrolledOn: z.string(),
    recordedAt: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    outcome: z.enum(['ok', 'hazards_found', 'premises_closed']),
    results: z.array(
      z.object({
        itemId: z.string().nullable(),
        content: z.string(),
        ok: z.boolean(),
        note: z.string().optional(),
        hazardId: z.uuid().optional(),
      }),
    ),
    hazardsFound: z.number().int(),
    note: ts,
    clientId: ts.optional().describe("the phone's own id of a patrol recorded offline"),
  })
  .openapi('Patrol');
const gradeSchema = z
  .object({
    id: z.number().int(),
    enterpriseId: z.uuid(),
    kind: z.enum(['risk_colour', 'management_level']),
    value: z.string().describe('red|orange|yellow|blue|unassessed, or A|B|C|D|unassessed'),
    previous: z.string(),
    effectiveOn: z.string(),
    basis: z.string(),
    reason: ts,
    recordedAt: z.string(),
    recordedBy: ts,
    recordedByName: ts.optional(),
  })
  .openapi('EnterpriseGrade');
const idParam = z.object({ id: z.uuid({ error: '编号无效' }) });
const range = (name: string, from: number, n: number, total: number) =>
  `${name} ${from}-${from + Math.max(n - 1, 0)}/${total}`;
const SUPERVISING = ['supervisor', 'leader', 'admin'];

export function gridRoutes(deps: AppDeps) {
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
      path: '/grids',
      operationId: 'listGrids',
      tags: ['grids'],
      summary:
        "网格 Grids in the caller's scope (filters regionCode, q) with units, overdue patrols, leader, supervisors",
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(gridSchema)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listGrids(db, scopeOf(user), {
        ...c.req.valid('query'),
        today: todayOf(deps).today,
      });
      c.header('Content-Range', range('grids', from, rows.length, total));
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/grids/coverage',
      operationId: 'gridCoverage',
      tags: ['grids'],
      summary:
        '巡查覆盖率 per grid: units patrolled from..to over units assigned, patrols, overdue today, hazards found',
      request: { query: z.object({ from: isoDate, to: isoDate }) },
      responses: {
        200: jsonOk(
          z.array(
            z
              .object({
                gridId: z.uuid(),
                code: z.string(),
                name: z.string(),
                enterprises: z.number().int(),
                patrolled: z.number().int(),
                patrols: z.number().int(),
                overdue: z.number().int(),
                hazardsFound: z.number().int(),
                coverageRate: z.number().nullable(),
              })
              .openapi('GridCoverage'),
          ),
        ),
        401: errorResponses[401],
        422: errorResponses[422],
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      if (![...SUPERVISING, 'grid_member'].includes(user.role))
        throw new DomainError('FORBIDDEN', '该角色不能查看网格覆盖率');
      const q = c.req.valid('query');
      if (q.from > q.to)
        throw new DomainError('VALIDATION', '开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
      return c.json(await gridCoverage(db, scopeOf(user), { ...q, today: todayOf(deps).today }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/grids/{id}',
      operationId: 'getGrid',
      tags: ['grids'],
      request: { params: idParam },
      responses: { 200: jsonOk(gridDetailSchema), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await getGrid(db, scopeOf(user), c.req.valid('param').id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/grids',
      operationId: 'createGrid',
      tags: ['grids'],
      summary:
        '建立网格: one leader (网格负责人), exactly two responsible supervisors (安全监管责任人), grid members',
      request: { body: jsonBody(gridInput) },
      responses: { 201: jsonOk(gridSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json((await createGrid(ctxOf(c, user), c.req.valid('json'))) as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/grids/{id}/enterprises',
      operationId: 'assignGridEnterprises',
      tags: ['grids'],
      summary:
        "企业入格: assign units of the grid's region; the first patrol is due the policy interval for the unit's colour",
      request: { params: idParam, body: jsonBody(assignEnterprisesInput) },
      responses: {
        200: jsonOk(z.object({ assigned: z.number().int().describe('units new to the grid') })),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const grid = await getGrid(db, scopeOf(user), c.req.valid('param').id);
      return c.json(
        await assignToGrid(ctxOf(c, user), {
          gridId: grid.id,
          gridRegionPath: grid.regionPath,
          input: c.req.valid('json'),
        }),
        200,
      );
    },
  );

  const staffSet = z.object({
    leaderId: z.string().nullable(),
    supervisorIds: z.array(z.string()),
    memberIds: z.array(z.string()),
  });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/grids/{id}/staff',
      operationId: 'changeGridStaff',
      tags: ['grids'],
      summary:
        '网格人员调整: replace the leader and the two responsible supervisors (and the members when given), with the reason; kept in the staff history',
      request: { params: idParam, body: jsonBody(gridStaffInput) },
      responses: {
        200: jsonOk(z.object({ before: staffSet, after: staffSet }).openapi('GridStaffChange')),
        ...errorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const grid = await getGrid(db, scopeOf(user), c.req.valid('param').id);
      return c.json(await changeGridStaff(ctxOf(c, user), { grid, input: c.req.valid('json') }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/grids/{id}/staff-history',
      operationId: 'gridStaffHistory',
      tags: ['grids'],
      summary:
        "网格人员调整记录: the grid's staff changes, newest first, from the audit trail (who, when, why, before and after, with names)",
      request: { params: idParam },
      responses: {
        200: jsonOk(
          z.array(
            z
              .object({
                id: z.number().int(),
                at: z.string(),
                actorId: z.string().nullable(),
                actorName: z.string().nullable(),
                reason: z.string().nullable(),
                before: staffSet,
                after: staffSet,
                names: z.record(z.string(), z.string()).describe('display names of every user named'),
              })
              .openapi('GridStaffHistoryEntry'),
          ),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const grid = await getGrid(db, scopeOf(user), c.req.valid('param').id);
      const rows = await gridStaffHistory(db, grid.id);
      type StaffSet = { leaderId: string | null; supervisorIds: string[]; memberIds: string[] };
      const empty: StaffSet = { leaderId: null, supervisorIds: [], memberIds: [] };
      type Payload = { reason?: string; before?: StaffSet; after?: StaffSet };
      const ids = new Set<string>();
      for (const r of rows) {
        const p = (r.payload ?? {}) as Payload;
        for (const s of [p.before, p.after])
          for (const id of [s?.leaderId, ...(s?.supervisorIds ?? []), ...(s?.memberIds ?? [])])
            if (id) ids.add(id);
      }
      const names = Object.fromEntries((await usersByIds(db, [...ids])).map((u) => [u.id, u.displayName]));
      return c.json(
        rows.map((r) => {
          const p = (r.payload ?? {}) as Payload;
          return {
            id: r.id,
            at: r.at.toISOString(),
            actorId: r.actorId,
            actorName: r.actorName,
            reason: p.reason ?? null,
            before: p.before ?? empty,
            after: p.after ?? empty,
            names,
          };
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/patrols/today',
      operationId: 'patrolsToday',
      tags: ['grids'],
      summary:
        "今日巡查 The grid member's home: units of their grids due a patrol by today (+ days ahead), most overdue first",
      request: { query: z.object({ days: z.coerce.number().int().min(0).max(30).default(0) }) },
      responses: {
        200: jsonOk(
          z
            .object({
              today: z.string(),
              items: z.array(
                z.object({
                  gridId: z.uuid(),
                  gridName: z.string(),
                  enterpriseId: z.uuid(),
                  name: z.string(),
                  address: z.string().nullable(),
                  riskColour: z.string(),
                  lastPatrolledOn: ts,
                  patrolDueOn: z.string(),
                  overdue: z.boolean(),
                }),
              ),
            })
            .openapi('PatrolsToday'),
        ),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { today } = todayOf(deps);
      const items = await patrolsDue(db, { userId: user.id, today, horizonDays: c.req.valid('query').days });
      return c.json({ today, items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/patrols',
      operationId: 'listPatrols',
      tags: ['grids'],
      summary: "巡查记录 in the caller's scope (filters gridId, enterpriseId, from, to), newest first",
      request: { query: listQuerySchema },
      responses: { 200: jsonOk(z.array(patrolSchema)), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => {
      const user = requireUser(c);
      const { rows, total, from } = await listPatrols(db, scopeOf(user), c.req.valid('query'));
      c.header('Content-Range', range('patrols', from, rows.length, total));
      return c.json(rows as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/patrols',
      operationId: 'recordPatrol',
      tags: ['grids'],
      summary:
        '巡查记录 (a grid member of the grid): checklist answers, GPS; failed items become general hazards; photos afterwards (POST /documents with patrolId)',
      description:
        "With an Idempotency-Key a phone retrying its offline queue writes one patrol. A patrol recorded offline also carries clientId, the phone's own id for it, kept for ever and unique per enterprise: sent again after the key expired, it is answered with the first patrol (200, Idempotent-Replayed: true).",
      middleware: [idempotent] as const,
      request: { headers: idempotencyHeader, body: jsonBody(patrolInput) },
      responses: {
        201: { ...jsonOk(patrolSchema), headers: replayedHeader },
        200: {
          ...jsonOk(patrolSchema, 'The patrol recorded earlier under this clientId'),
          headers: replayedHeader,
        },
        ...commandErrorResponses,
        ...forbiddenResponse,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { patrol, replayed } = await recordPatrolCommand(ctxOf(c, user), c.req.valid('json'), {
        id: c.get('idempotency')?.operationId,
      });
      if (replayed) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(patrol as never, 200);
      }
      return c.json(patrol as never, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/enterprises/{id}/grades',
      operationId: 'enterpriseGrades',
      tags: ['grids'],
      summary: '评定记录 Risk colour and management level history (newest first), with the current values',
      request: { params: idParam },
      responses: {
        200: jsonOk(
          z
            .object({
              riskColour: z.string(),
              managementLevel: z.string(),
              history: z.array(gradeSchema),
            })
            .openapi('EnterpriseGrades'),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const id = c.req.valid('param').id;
      const e = await reportableEnterprise(db, scopeOf(user), id);
      if (!e) throw new DomainError('NOT_FOUND', '企业不存在');
      const [cur] = await db
        .select({ riskColour: enterprises.riskColour, managementLevel: enterprises.managementLevel })
        .from(enterprises)
        .where(eq(enterprises.id, id));
      return c.json({ ...cur!, history: await gradeHistory(db, id) } as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/enterprises/{id}/grades',
      operationId: 'gradeEnterprise',
      tags: ['grids'],
      summary:
        '评定 (supervisors of its territory): risk colour (红橙黄蓝) or management level (A–D), 未评定 a value of its own; sets patrol, inspection and self-report frequencies through the duty policy',
      request: { params: idParam, body: jsonBody(gradeInput) },
      responses: { 201: jsonOk(gradeSchema), ...errorResponses, ...forbiddenResponse },
    }),
    async (c) => {
      const user = requireUser(c);
      const row = await gradeEnterprise(ctxOf(c, user), {
        enterpriseId: c.req.valid('param').id,
        input: c.req.valid('json'),
      });
      return c.json(row as never, 201);
    },
  );
  return app;
}
