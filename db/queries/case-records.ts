import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../client.js';
import {
  caseEvents,
  cases,
  departments,
  enterprises,
  escalations,
  regions,
  tasks,
  users,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { casesInScope, tasksInScope, type Scope } from './scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { enqueueNotifications } from './outbox.js';
import { notificationForUrging, type Audience } from '../../domain/notifications.js';

/**
 * The records that hang off a case — tasks (待办), case events (the timeline, 时间线) and escalations (升级督办) —
 * listed and read through the caller's scope: a task through the task scope, events and escalations through the
 * scope of their case. Foreign rows are simply absent, so a foreign id answers NOT_FOUND.
 */
function parseFilter<T extends z.ZodType>(schema: T, filter: unknown): z.infer<T> {
  const parsed = schema.safeParse(filter ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = `filter.${issue.path.join('.') || (issue as { keys?: string[] }).keys?.[0] || ''}`;
  throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
}

function sortOf(q: ListQuery, sortable: Record<string, PgColumn>, fallback: [string, 'ASC' | 'DESC']): SQL {
  const [field, order] = q.sort ?? fallback;
  const column = sortable[field];
  if (!column)
    throw new DomainError('VALIDATION', `不能按 ${field} 排序`, {
      sort: `可排序字段：${Object.keys(sortable).join(', ')}`,
    });
  return order === 'ASC' ? asc(column) : desc(column);
}

const caseVisible = (scope: Scope, caseIdCol: PgColumn) =>
  sql`exists (select 1 from ${cases} where ${cases.id} = ${caseIdCol} and ${casesInScope(scope)})`;

/**
 * A task with what a reader needs to act on it without opening the case: the case's number, title and enterprise,
 * and who must act — the person (an invited expert, the enterprise's safety manager) and their unit (the enterprise,
 * the case's department, or the region's supervisors).
 */
export type TaskRow = typeof tasks.$inferSelect & {
  caseNo: number;
  caseTitle: string;
  enterpriseName: string | null;
  assigneeName: string | null;
  assigneeUnit: string | null;
};

// The people and units a record names, joined under their own aliases.
const assigneeUser = alias(users, 'assignee_user');
const assigneeUserDept = alias(departments, 'assignee_user_dept');
const assigneeUserRegion = alias(regions, 'assignee_user_region');
const assigneeEnterprise = alias(enterprises, 'assignee_enterprise');
const caseDept = alias(departments, 'case_dept');
const assigneeRegion = alias(regions, 'assignee_region');

const taskColumns = {
  ...getTableColumns(tasks),
  caseNo: cases.caseNo,
  caseTitle: cases.title,
  enterpriseName: cases.enterpriseName,
  assigneeName: sql<
    string | null
  >`coalesce(${assigneeUser.displayName}, ${assigneeEnterprise.safetyManagerName}, ${assigneeEnterprise.principalName})`,
  // A person's own unit; else the enterprise; else, for a supervisor's task, the department that supervises the
  // case's industry, or the region whose supervisors must act.
  assigneeUnit: sql<
    string | null
  >`coalesce(${assigneeUser.unit}, ${assigneeUserDept.name}, ${assigneeEnterprise.name}, ${assigneeUserRegion.name}, case when ${tasks.assigneeRole} in ('supervisor', 'leader') then coalesce(${caseDept.name}, ${assigneeRegion.name}) end, ${assigneeRegion.name})`,
};

function tasksWithNames(db: Db) {
  return db
    .select(taskColumns)
    .from(tasks)
    .innerJoin(cases, eq(cases.id, tasks.caseId))
    .leftJoin(assigneeUser, eq(assigneeUser.id, tasks.assigneeUserId))
    .leftJoin(assigneeUserDept, eq(assigneeUserDept.id, assigneeUser.departmentId))
    .leftJoin(assigneeUserRegion, eq(assigneeUserRegion.code, assigneeUser.regionCode))
    .leftJoin(assigneeEnterprise, eq(assigneeEnterprise.id, tasks.assigneeEnterpriseId))
    .leftJoin(caseDept, eq(caseDept.id, cases.departmentId))
    .leftJoin(assigneeRegion, eq(assigneeRegion.path, tasks.assigneeRegionPath))
    .$dynamic();
}
const taskFilter = z
  .object({
    mine: z.boolean().optional(),
    caseId: z.uuid().optional(),
    status: z
      .union([z.enum(['open', 'done', 'cancelled']), z.array(z.enum(['open', 'done', 'cancelled']))])
      .optional(),
    kind: z.string().max(64).optional(),
    /** Only the supervisory ladder's reminders (监管逾期督办: kind supervise:<late step>). */
    supervisory: z.boolean().optional(),
    id: z.array(z.string().max(200)).max(1000).optional(),
  })
  .strict();

/** Tasks the caller may see; `mine` narrows to the ones assigned to the caller (by user, enterprise or role+region). */
export async function listTasks(db: Db, scope: Scope, q: ListQuery): Promise<ListResult<TaskRow>> {
  const f = parseFilter(taskFilter, q.filter);
  // One case's tasks, as its page shows them to those who supervise it: every task, whoever must act (the
  // enterprise's plan is as much the supervisor's business as their own review). Worklists stay the caller's own.
  const caseWide = !!f.caseId && (scope.role === 'supervisor' || scope.role === 'leader');
  const where: SQL[] = [caseWide ? caseVisible(scope, tasks.caseId) : tasksInScope(scope)];
  if (f.mine) {
    where.push(
      sql`(${tasks.assigneeUserId} = ${scope.userId} or (${tasks.assigneeUserId} is null and ${tasks.assigneeRole} = ${scope.role}))`,
    );
  }
  if (f.caseId) where.push(eq(tasks.caseId, f.caseId));
  if (f.status) where.push(inArray(tasks.status, Array.isArray(f.status) ? f.status : [f.status]));
  if (f.kind) where.push(eq(tasks.kind, f.kind));
  if (f.supervisory) where.push(sql`${tasks.kind} like 'supervise:%'`);
  if (f.id) where.push(inArray(tasks.id, f.id));
  const order = sortOf(
    q,
    {
      dueAt: tasks.dueAt,
      openedAt: tasks.openedAt,
      status: tasks.status,
      kind: tasks.kind,
      caseNo: cases.caseNo,
    },
    ['openedAt', 'DESC'],
  );
  const { offset, limit } = pageOf(q);
  const condition = and(...where)!;
  const [rows, [count]] = await Promise.all([
    tasksWithNames(db).where(condition).orderBy(order, asc(tasks.id)).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(condition),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getTask(db: Db, scope: Scope, id: string): Promise<TaskRow> {
  const [row] = await tasksWithNames(db).where(and(eq(tasks.id, id), tasksInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '任务不存在');
  return row;
}

/** A timeline entry with who acted: the person, and the unit they acted for (their own, or the enterprise). */
export type CaseEventRow = typeof caseEvents.$inferSelect & {
  actorName: string | null;
  actorUnit: string | null;
};

const actorUser = alias(users, 'actor_user');
const actorDept = alias(departments, 'actor_dept');
const actorRegion = alias(regions, 'actor_region');
const actorEnterprise = alias(enterprises, 'actor_enterprise');
const eventCase = alias(cases, 'event_case');

const eventColumns = {
  ...getTableColumns(caseEvents),
  actorName: sql<string | null>`coalesce(${caseEvents.payload}->>'actorName', ${actorUser.displayName})`,
  actorUnit: sql<string | null>`case
    when ${caseEvents.actorRole} in ('system', 'public') then null
    when ${caseEvents.actorRole} = 'enterprise' then coalesce(${actorEnterprise.name}, ${eventCase.enterpriseName})
    else coalesce(${actorUser.unit}, ${actorDept.name}, ${actorRegion.name}) end`,
};

function eventsWithNames(db: Db) {
  return db
    .select(eventColumns)
    .from(caseEvents)
    .innerJoin(eventCase, eq(eventCase.id, caseEvents.caseId))
    .leftJoin(actorUser, eq(actorUser.id, caseEvents.actorId))
    .leftJoin(actorDept, eq(actorDept.id, actorUser.departmentId))
    .leftJoin(actorRegion, eq(actorRegion.code, actorUser.regionCode))
    .leftJoin(actorEnterprise, eq(actorEnterprise.id, actorUser.enterpriseId))
    .$dynamic();
}
const eventFilter = z.object({ caseId: z.uuid().optional(), type: z.string().max(64).optional() }).strict();

export async function listCaseEvents(db: Db, scope: Scope, q: ListQuery): Promise<ListResult<CaseEventRow>> {
  const f = parseFilter(eventFilter, q.filter);
  const where: SQL[] = [caseVisible(scope, caseEvents.caseId)];
  if (f.caseId) where.push(eq(caseEvents.caseId, f.caseId));
  if (f.type) where.push(eq(caseEvents.type, f.type));
  const order = sortOf(q, { seq: caseEvents.seq, occurredAt: caseEvents.occurredAt, id: caseEvents.id }, [
    'id',
    'ASC',
  ]);
  const { offset, limit } = pageOf(q);
  const condition = and(...where)!;
  const [rows, [count]] = await Promise.all([
    eventsWithNames(db).where(condition).orderBy(order, asc(caseEvents.id)).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseEvents)
      .where(condition),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getCaseEvent(db: Db, scope: Scope, id: number): Promise<CaseEventRow> {
  const [row] = await eventsWithNames(db).where(
    and(eq(caseEvents.id, id), caseVisible(scope, caseEvents.caseId)),
  );
  if (!row) throw new DomainError('NOT_FOUND', '事件不存在');
  return row;
}

/** A rung of the ladder named by its case (number, title, enterprise): several cases share a hazard title. */
export type EscalationRow = typeof escalations.$inferSelect & {
  caseNo: number;
  caseTitle: string;
  enterpriseName: string | null;
  regionCode: string;
  ownerName: string | null;
};

const escalationOwner = alias(users, 'escalation_owner');
const escalationColumns = {
  ...getTableColumns(escalations),
  caseNo: cases.caseNo,
  caseTitle: cases.title,
  enterpriseName: cases.enterpriseName,
  regionCode: cases.regionCode,
  ownerName: escalationOwner.displayName,
};
function escalationsWithNames(db: Db) {
  return db
    .select(escalationColumns)
    .from(escalations)
    .innerJoin(cases, eq(cases.id, escalations.caseId))
    .leftJoin(escalationOwner, eq(escalationOwner.id, escalations.ownerId))
    .$dynamic();
}
const escalationFilter = z
  .object({
    caseId: z.uuid().optional(),
    step: z.string().max(64).optional(),
    status: z
      .union([
        z.enum(['open', 'done', 'superseded', 'cancelled']),
        z.array(z.enum(['open', 'done', 'superseded', 'cancelled'])),
      ])
      .optional(),
  })
  .strict();

export async function listEscalations(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<EscalationRow>> {
  const f = parseFilter(escalationFilter, q.filter);
  const where: SQL[] = [caseVisible(scope, escalations.caseId)];
  if (f.caseId) where.push(eq(escalations.caseId, f.caseId));
  if (f.step) where.push(eq(escalations.step, f.step));
  if (f.status) where.push(inArray(escalations.status, Array.isArray(f.status) ? f.status : [f.status]));
  const order = sortOf(
    q,
    {
      triggeredAt: escalations.triggeredAt,
      dueAt: escalations.dueAt,
      step: escalations.step,
      status: escalations.status,
      caseNo: cases.caseNo,
    },
    ['triggeredAt', 'DESC'],
  );
  const { offset, limit } = pageOf(q);
  const condition = and(...where)!;
  const [rows, [count]] = await Promise.all([
    escalationsWithNames(db).where(condition).orderBy(order, asc(escalations.id)).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(escalations)
      .where(condition),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getEscalation(db: Db, scope: Scope, id: string): Promise<EscalationRow> {
  const [row] = await escalationsWithNames(db).where(
    and(eq(escalations.id, id), caseVisible(scope, escalations.caseId)),
  );
  if (!row) throw new DomainError('NOT_FOUND', '升级记录不存在');
  return row;
}

/**
 * Bulk task actions (批量操作) over the tasks the caller may see; ids outside the scope are skipped, and the ids
 * actually changed are returned, so the console can tell the user how many were affected.
 */
export async function reassignTasks(db: Db, scope: Scope, ids: string[], assignee: Scope): Promise<string[]> {
  // A task moves only when the assignee may see it too; otherwise it would vanish from everyone's worklist.
  const rows = await db
    .update(tasks)
    .set({ assigneeUserId: assignee.userId })
    .where(and(inArray(tasks.id, ids), eq(tasks.status, 'open'), tasksInScope(scope), tasksInScope(assignee)))
    .returning({ id: tasks.id });
  return rows.map((r) => r.id);
}

/**
 * 催办: records the reminder on each open task in scope and, in the same transaction, tells its assignee (the
 * person, the enterprise's users, or the supervisors of the territory) through the outbox.
 */
export async function remindTasks(
  db: Db,
  scope: Scope,
  ids: string[],
  at: Date,
  by = '监管人员',
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(tasks)
      .set({ lastReminderAt: at })
      .where(and(inArray(tasks.id, ids), eq(tasks.status, 'open'), tasksInScope(scope)))
      .returning({
        id: tasks.id,
        caseId: tasks.caseId,
        title: tasks.title,
        assigneeRole: tasks.assigneeRole,
        assigneeUserId: tasks.assigneeUserId,
        assigneeEnterpriseId: tasks.assigneeEnterpriseId,
      });
    if (rows.length === 0) return [];
    const caseRows = await tx
      .select({
        id: cases.id,
        title: cases.title,
        regionPath: cases.regionPath,
        industry: cases.industryCategory,
      })
      .from(cases)
      .where(inArray(cases.id, [...new Set(rows.map((r) => r.caseId))]));
    const byId = new Map(caseRows.map((c) => [c.id, c]));
    const intents = rows.flatMap((t) => {
      const c = byId.get(t.caseId)!;
      const audience: Audience | undefined = t.assigneeUserId
        ? { user: t.assigneeUserId }
        : t.assigneeEnterpriseId
          ? { enterprise: t.assigneeEnterpriseId }
          : t.assigneeRole === 'supervisor' || t.assigneeRole === 'leader'
            ? { role: t.assigneeRole, regionPath: c.regionPath, industryCategory: c.industry }
            : undefined;
      if (!audience) return [];
      return [
        notificationForUrging({
          taskId: t.id,
          taskTitle: t.title,
          caseId: t.caseId,
          caseTitle: c.title,
          audience,
          at: at.toISOString(),
          by,
        }),
      ];
    });
    await enqueueNotifications(tx, intents);
    return rows.map((r) => r.id);
  });
}
