import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { findAssignee, listAssignees } from '../../db/queries/assignees.js';
import { appendAudit } from '../../db/queries/audit.js';
import { getSessionUser } from '../../db/queries/auth.js';
import { DomainError } from '../../domain/errors.js';
import {
  reassignTasks,
  remindTasks,
  getCaseEvent,
  getEscalation,
  getTask,
  listCaseEvents,
  listEscalations,
  listTasks,
} from '../../db/queries/case-records.js';
import { listQuerySchema, type ListResult } from '../../db/queries/list-params.js';
import { scopeOf, type AppDeps, type AppEnv } from '../context.js';
import { errorResponses, jsonBody, jsonOk } from '../openapi.js';
import { requireUser } from './auth.routes.js';

/** Tasks (待办), case events (时间线) and escalations (升级督办): read-only lists in react-admin's conventions. */
const ts = z.string().nullable();
const taskSchema = z
  .object({
    id: z.string(),
    caseId: z.uuid(),
    kind: z.string(),
    title: z.string(),
    assigneeRole: z.string(),
    assigneeRegionPath: z.string().nullable(),
    assigneeEnterpriseId: z.string().nullable(),
    assigneeUserId: z.string().nullable(),
    dueAt: ts,
    status: z.string(),
    openedAt: z.string(),
    closedAt: ts,
    closedBy: z.string().nullable(),
    lastReminderAt: ts,
    caseNo: z.number().int(),
    caseTitle: z.string(),
    enterpriseName: z.string().nullable(),
    assigneeName: z
      .string()
      .nullable()
      .openapi({ description: 'The person who must act, when one is named' }),
    assigneeUnit: z
      .string()
      .nullable()
      .openapi({ description: 'The unit that must act (enterprise, department, region)' }),
  })
  .openapi('Task');
const caseEventSchema = z
  .object({
    id: z.number().int(),
    caseId: z.uuid(),
    seq: z.number().int(),
    type: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string(),
    payload: z.unknown(),
    occurredAt: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    actorName: z.string().nullable().openapi({ description: 'The person who acted' }),
    actorUnit: z.string().nullable().openapi({ description: 'The unit they acted for' }),
  })
  .openapi('CaseEvent');
const escalationSchema = z
  .object({
    id: z.string(),
    caseId: z.uuid(),
    step: z.string(),
    reason: z.string(),
    manual: z.boolean(),
    triggeredAt: z.string(),
    dueAt: ts,
    ownerId: z.string().nullable(),
    documentId: z.string().nullable(),
    status: z.string(),
    outcome: z.string().nullable(),
    outcomeAt: ts,
    details: z.unknown(),
    caseNo: z.number().int(),
    caseTitle: z.string(),
    enterpriseName: z.string().nullable(),
    regionCode: z.string(),
    ownerName: z.string().nullable(),
  })
  .openapi('Escalation');

export function caseRecordRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const { db } = deps;
  const listResponses = {
    200: jsonOk(z.array(z.unknown())),
    401: errorResponses[401],
    422: errorResponses[422],
  };

  const resources = [
    {
      name: 'tasks',
      tag: 'tasks',
      op: 'Task',
      schema: taskSchema,
      idParam: z.object({ id: z.string().min(1).max(200) }),
      summary: "Tasks in the caller's scope; filter {mine: true} for the caller's own worklist",
      list: (scope: ReturnType<typeof scopeOf>, q: z.infer<typeof listQuerySchema>) =>
        listTasks(db, scope, q),
      get: (scope: ReturnType<typeof scopeOf>, id: string) => getTask(db, scope, id),
    },
    {
      name: 'case-events',
      tag: 'case events',
      op: 'CaseEvent',
      schema: caseEventSchema,
      idParam: z.object({ id: z.string().regex(/^\d{1,15}$/, { error: 'id 应为数字' }) }),
      summary: 'The case timeline (filter caseId); append-only and hash-chained',
      list: (scope: ReturnType<typeof scopeOf>, q: z.infer<typeof listQuerySchema>) =>
        listCaseEvents(db, scope, q),
      get: (scope: ReturnType<typeof scopeOf>, id: string) => getCaseEvent(db, scope, Number(id)),
    },
    {
      name: 'escalations',
      tag: 'escalations',
      op: 'Escalation',
      schema: escalationSchema,
      idParam: z.object({ id: z.string().min(1).max(200) }),
      summary: 'Escalation ladder rungs (约谈, 通报, 移送...) of the cases in scope',
      list: (scope: ReturnType<typeof scopeOf>, q: z.infer<typeof listQuerySchema>) =>
        listEscalations(db, scope, q),
      get: (scope: ReturnType<typeof scopeOf>, id: string) => getEscalation(db, scope, id),
    },
  ] as const;

  // 批量操作: reassign or remind many tasks at once. Ids outside the caller's scope are skipped, not reported.
  const ids = z.array(z.string().min(1).max(200)).min(1).max(500);
  const bulkResult = z.object({ data: z.array(z.string()) }).openapi('BulkResult');
  const MANAGERS = new Set(['admin', 'supervisor', 'leader']);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/bulk/reassign',
      operationId: 'reassignTasks',
      tags: ['tasks'],
      summary: "Reassign open tasks to one person in the caller's jurisdiction; returns the ids changed",
      request: { body: jsonBody(z.object({ ids, assigneeUserId: z.uuid() })) },
      responses: { 200: jsonOk(bulkResult), ...errorResponses, 403: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!MANAGERS.has(user.role)) throw new DomainError('FORBIDDEN', '该角色不能分派任务');
      const body = c.req.valid('json');
      const assignee = await findAssignee(db, scopeOf(user), body.assigneeUserId);
      const assigneeUser = assignee && (await getSessionUser(db, assignee.id));
      if (!assigneeUser)
        throw new DomainError('VALIDATION', '被指派人不存在或不在您的辖区内', {
          assigneeUserId: '被指派人不存在或不在您的辖区内',
        });
      // Only tasks the assignee will be able to see move (a department member sees only its industries' cases).
      const changed = await reassignTasks(db, scopeOf(user), body.ids, scopeOf(assigneeUser));
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'reassign',
        resource: 'tasks',
        resourceId: changed.join(',').slice(0, 500),
        requestId: c.get('requestId'),
        payload: { ids: changed, assigneeUserId: body.assigneeUserId },
      });
      return c.json({ data: changed }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/bulk/remind',
      operationId: 'remindTasks',
      tags: ['tasks'],
      summary: 'Record a reminder (催办) on open tasks; returns the ids reminded',
      request: { body: jsonBody(z.object({ ids })) },
      responses: { 200: jsonOk(bulkResult), ...errorResponses, 403: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!MANAGERS.has(user.role)) throw new DomainError('FORBIDDEN', '该角色不能催办');
      const changed = await remindTasks(
        db,
        scopeOf(user),
        c.req.valid('json').ids,
        deps.now?.() ?? new Date(),
        user.displayName,
      );
      await appendAudit(db, {
        actorId: user.id,
        actorRole: user.role,
        action: 'remind',
        resource: 'tasks',
        resourceId: changed.join(',').slice(0, 500),
        requestId: c.get('requestId'),
        payload: { ids: changed },
      });
      return c.json({ data: changed }, 200);
    },
  );

  // 可指派人员: who a task may be handed to — active supervisors and leaders within the caller's territory (a
  // department's member: its own department's or the 安委办's; db/queries/assignees.ts) — and, with filter
  // {role: 'expert'}, the experts there who may be invited to an acceptance; with {role: 'grid_member'}, the grid
  // members there who may staff a grid; {regionCode} keeps those who work in that region or above it. With
  // {leadsRegion}: the active leaders of that region or above — the 包案领导 a case listed there may have, the same
  // people the 挂牌督办/提级督办 check accepts (api/services/cases.ts), wherever the caller works.
  const ASSIGNEE_ROLES = ['supervisor', 'leader', 'expert', 'grid_member'] as const;
  const assigneeFilter = z.object({
    q: z.string().max(100, { error: '检索词不能超过100个字' }).optional(),
    role: z
      .union([z.enum(ASSIGNEE_ROLES), z.array(z.enum(ASSIGNEE_ROLES)).min(1).max(4)], {
        error: '人员角色应为监管人员、领导、专家或网格员',
      })
      .optional(),
    id: z.union([z.uuid(), z.array(z.uuid()).max(200)], { error: 'id 应为有效的编号' }).optional(),
    regionCode: z
      .string({ error: '行政区划代码应为6至12位数字' })
      .regex(/^\d{6,12}$/, { error: '行政区划代码应为6至12位数字' })
      .optional(),
    leadsRegion: z
      .string({ error: '挂牌地区代码应为6至12位数字' })
      .regex(/^\d{6,12}$/, { error: '挂牌地区代码应为6至12位数字' })
      .optional(),
  });
  const assignee = z
    .object({
      id: z.string(),
      displayName: z.string(),
      role: z.string(),
      regionCode: z.string().nullable(),
      regionName: z.string().nullable(),
    })
    .openapi('Assignee');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/assignees',
      operationId: 'listAssignees',
      tags: ['tasks'],
      summary:
        "Supervisors and leaders in the caller's territory, for reassigning tasks; filter {role: 'expert'} for the experts to invite, {role: 'grid_member'} for the grid members to staff a grid, {regionCode} for those working in that region or above; {leadsRegion} for the leaders who may own a case listed at that region (包案领导)",
      request: { query: listQuerySchema },
      responses: { ...listResponses, 200: jsonOk(z.array(assignee)), 403: errorResponses[401] },
    }),
    async (c) => {
      const user = requireUser(c);
      if (!MANAGERS.has(user.role)) throw new DomainError('FORBIDDEN', '无权查看可指派人员');
      const q = c.req.valid('query');
      const parsed = assigneeFilter.safeParse(q.filter ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = `filter.${issue.path.join('.')}`;
        throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
      }
      const f = parsed.data;
      const text = f.q ?? '';
      const ids = f.id === undefined ? undefined : [f.id].flat();
      // By id (react-admin's getMany, to show what a form holds) any of the roles; otherwise those asked for.
      const rolesWanted: Array<(typeof ASSIGNEE_ROLES)[number]> =
        f.role !== undefined ? [f.role].flat() : ids ? [...ASSIGNEE_ROLES] : ['supervisor', 'leader'];
      const { rows, total, from } = await listAssignees(db, scopeOf(user), {
        q: text,
        range: q.range,
        roles: rolesWanted,
        ids,
        servesRegion: f.regionCode,
        leadsRegion: f.leadsRegion,
      });
      c.header('Content-Range', `assignees ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
      return c.json(rows, 200);
    },
  );

  for (const r of resources) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/${r.name}`,
        operationId: `list${r.op}s`,
        tags: [r.tag],
        summary: r.summary,
        request: { query: listQuerySchema },
        responses: { ...listResponses, 200: jsonOk(z.array(r.schema)) },
      }),
      async (c) => {
        const user = requireUser(c);
        const { rows, total, from }: ListResult<unknown> = await r.list(scopeOf(user), c.req.valid('query'));
        c.header('Content-Range', `${r.name} ${from}-${from + Math.max(rows.length - 1, 0)}/${total}`);
        return c.json(rows as never, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `/${r.name}/{id}`,
        operationId: `get${r.op}`,
        tags: [r.tag],
        request: { params: r.idParam },
        responses: { 200: jsonOk(r.schema), ...errorResponses },
      }),
      async (c) => {
        const user = requireUser(c);
        return c.json((await r.get(scopeOf(user), c.req.valid('param').id)) as never, 200);
      },
    );
  }
  return app;
}
