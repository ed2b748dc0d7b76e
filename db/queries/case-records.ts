import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../client.js';
import { caseEvents, cases, escalations, tasks } from '../schema/index.js';
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

export type TaskRow = typeof tasks.$inferSelect;
const taskFilter = z
  .object({
    mine: z.boolean().optional(),
    caseId: z.uuid().optional(),
    status: z
      .union([z.enum(['open', 'done', 'cancelled']), z.array(z.enum(['open', 'done', 'cancelled']))])
      .optional(),
    kind: z.string().max(64).optional(),
    id: z.array(z.string().max(200)).max(1000).optional(),
  })
  .strict();

/** Tasks the caller may see; `mine` narrows to the ones assigned to the caller (by user, enterprise or role+region). */
export async function listTasks(db: Db, scope: Scope, q: ListQuery): Promise<ListResult<TaskRow>> {
  const f = parseFilter(taskFilter, q.filter);
  const where: SQL[] = [tasksInScope(scope)];
  if (f.mine) {
    where.push(
      sql`(${tasks.assigneeUserId} = ${scope.userId} or (${tasks.assigneeUserId} is null and ${tasks.assigneeRole} = ${scope.role}))`,
    );
  }
  if (f.caseId) where.push(eq(tasks.caseId, f.caseId));
  if (f.status) where.push(inArray(tasks.status, Array.isArray(f.status) ? f.status : [f.status]));
  if (f.kind) where.push(eq(tasks.kind, f.kind));
  if (f.id) where.push(inArray(tasks.id, f.id));
  const order = sortOf(
    q,
    { dueAt: tasks.dueAt, openedAt: tasks.openedAt, status: tasks.status, kind: tasks.kind },
    ['openedAt', 'DESC'],
  );
  return page(db, tasks, and(...where)!, order, asc(tasks.id), q);
}

export async function getTask(db: Db, scope: Scope, id: string): Promise<TaskRow> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), tasksInScope(scope)));
  if (!row) throw new DomainError('NOT_FOUND', '任务不存在');
  return row;
}

export type CaseEventRow = typeof caseEvents.$inferSelect;
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
  return page(db, caseEvents, and(...where)!, order, asc(caseEvents.id), q);
}

export async function getCaseEvent(db: Db, scope: Scope, id: number): Promise<CaseEventRow> {
  const [row] = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.id, id), caseVisible(scope, caseEvents.caseId)));
  if (!row) throw new DomainError('NOT_FOUND', '事件不存在');
  return row;
}

export type EscalationRow = typeof escalations.$inferSelect;
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
    },
    ['triggeredAt', 'DESC'],
  );
  return page(db, escalations, and(...where)!, order, asc(escalations.id), q);
}

export async function getEscalation(db: Db, scope: Scope, id: string): Promise<EscalationRow> {
  const [row] = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.id, id), caseVisible(scope, escalations.caseId)));
  if (!row) throw new DomainError('NOT_FOUND', '升级记录不存在');
  return row;
}

async function page<T>(
  db: Db,
  table: typeof tasks | typeof caseEvents | typeof escalations,
  where: SQL,
  order: SQL,
  tiebreak: SQL,
  q: ListQuery,
): Promise<ListResult<T>> {
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db.select().from(table).where(where).orderBy(order, tiebreak).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(where),
  ]);
  return { rows: rows as T[], total: count?.n ?? 0, from: offset };
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
