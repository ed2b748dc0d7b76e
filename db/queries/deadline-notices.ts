import { and, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { cases, tasks } from '../schema/index.js';

/**
 * Enterprises' open tasks due within `horizonDays`, with the notice days of the policy pinned to their case (the
 * default when the case's policy predates the setting). A case whose clock is stopped (停表) gives no notice: no
 * deadline runs while it stands, and its tasks are retimed when it resumes.
 */
export async function enterpriseTasksDueSoon(
  db: Db,
  p: { now: Date; horizonDays: number; defaultDays: number[] },
): Promise<
  {
    taskId: string;
    taskTitle: string;
    caseId: string;
    caseTitle: string;
    enterpriseId: string;
    dueAt: Date;
    days: number[];
  }[]
> {
  const rows = await db
    .select({
      taskId: tasks.id,
      taskTitle: tasks.title,
      caseId: cases.id,
      caseTitle: cases.title,
      enterpriseId: tasks.assigneeEnterpriseId,
      dueAt: tasks.dueAt,
      days: sql<number[] | null>`${cases.policy} -> 'noticeEnterpriseBefore'`,
    })
    .from(tasks)
    .innerJoin(cases, eq(cases.id, tasks.caseId))
    .where(
      and(
        eq(tasks.status, 'open'),
        eq(tasks.assigneeRole, 'enterprise'),
        ne(cases.status, 'suspended'),
        gt(tasks.dueAt, p.now),
        lte(tasks.dueAt, new Date(p.now.getTime() + p.horizonDays * 86_400_000)),
      ),
    );
  return rows
    .filter((r) => r.enterpriseId && r.dueAt)
    .map((r) => ({
      ...r,
      enterpriseId: r.enterpriseId!,
      dueAt: r.dueAt!,
      days: Array.isArray(r.days) && r.days.length > 0 ? r.days : p.defaultDays,
    }));
}
