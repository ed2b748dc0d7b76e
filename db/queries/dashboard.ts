import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { cases, escalations, regions, tasks } from '../schema/index.js';
import { terminalStatuses } from '../../domain/case-status.js';
import { casesInScope, tasksInScope, type Scope } from './scope.js';
import type { CaseRow } from './cases.js';
import { enterprisesAtClosureThreshold, type EnterpriseAtThreshold } from './penalties.js';
import { shanghaiDate } from '../../domain/closure-threshold.js';

/** The caller's dashboard (工作台): every figure counts only the cases in the caller's scope. */
export interface Dashboard {
  countsByStatus: Record<string, number>;
  overdue: number;
  dueSoon: number;
  awaitingMyDecision: number;
  openEscalations: number;
  byRegion: Array<{ regionCode: string; name: string; count: number }>;
  byIndustry: Array<{ industryCategory: string | null; count: number }>;
  overdueSeries: Array<{ date: string; count: number }>;
  worklist: CaseRow[];
  /** 应予关闭: enterprises in the caller's scope at the 安全生产法 Art. 113 closure threshold today (Asia/Shanghai). */
  atClosureThreshold: EnterpriseAtThreshold[];
}

const DAY = 86_400_000;
const terminal = sql.raw(terminalStatuses.map((s) => `'${s}'`).join(','));

export async function dashboard(db: Db, scope: Scope, now: Date): Promise<Dashboard> {
  const inScope = casesInScope(scope);
  const open = sql`${cases.status} not in (${terminal})`;
  const soon = new Date(now.getTime() + 7 * DAY);
  // An open task the caller must act on: addressed to them, or to their role within their scope.
  const myTask = and(
    tasksInScope(scope),
    eq(tasks.status, 'open'),
    sql`(${tasks.assigneeUserId} = ${scope.userId} or (${tasks.assigneeUserId} is null and ${tasks.assigneeRole} = ${scope.role}))`,
  )!;
  const since = new Date(now.getTime() - 29 * DAY);

  const [byStatus, [counts], [mine], [escal], byRegion, byIndustry, series, worklist, closure] =
    await Promise.all([
      db
        .select({ status: cases.status, n: sql<number>`count(*)::int` })
        .from(cases)
        .where(inScope)
        .groupBy(cases.status),
      db
        .select({
          overdue: sql<number>`count(*) filter (where ${cases.overdue} and ${open})::int`,
          dueSoon: sql<number>`count(*) filter (where ${open} and not ${cases.overdue} and ${cases.deadline} >= ${now} and ${cases.deadline} <= ${soon})::int`,
        })
        .from(cases)
        .where(inScope),
      db
        .select({ n: sql<number>`count(distinct ${tasks.caseId})::int` })
        .from(tasks)
        .where(
          and(
            myTask,
            sql`exists (select 1 from ${cases} where ${cases.id} = ${tasks.caseId} and ${inScope})`,
          ),
        ),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(escalations)
        .innerJoin(cases, eq(cases.id, escalations.caseId))
        .where(and(eq(escalations.status, 'open'), inScope)),
      db
        .select({
          regionCode: cases.regionCode,
          name: sql<string>`coalesce(${regions.name}, ${cases.regionCode})`,
          count: sql<number>`count(*)::int`,
        })
        .from(cases)
        .leftJoin(regions, eq(regions.code, cases.regionCode))
        .where(and(inScope, open))
        .groupBy(cases.regionCode, regions.name)
        .orderBy(sql`count(*) desc`)
        .limit(50),
      db
        .select({ industryCategory: cases.industryCategory, count: sql<number>`count(*)::int` })
        .from(cases)
        .where(and(inScope, open))
        .groupBy(cases.industryCategory)
        .orderBy(sql`count(*) desc`),
      // Cases overdue at the end of each of the last 30 days (Asia/Shanghai calendar days).
      db.execute<{ date: string; count: number }>(sql`
      select to_char(d, 'YYYY-MM-DD') as date,
        (select count(*)::int from ${cases}
          where ${inScope} and ${cases.overdueSince} is not null
            and ${cases.overdueSince} < (d + interval '1 day') at time zone 'Asia/Shanghai'
            and (${cases.closedAt} is null or ${cases.closedAt} >= (d + interval '1 day') at time zone 'Asia/Shanghai')) as count
      from generate_series((${since}::timestamptz at time zone 'Asia/Shanghai')::date,
                           (${now}::timestamptz at time zone 'Asia/Shanghai')::date, interval '1 day') as d
      order by d`),
      db
        .select()
        .from(cases)
        .where(
          and(
            inScope,
            open,
            sql`(${cases.overdue} or ${cases.deadline} <= ${soon} or exists (select 1 from ${tasks} where ${tasks.caseId} = ${cases.id} and ${myTask}))`,
          ),
        )
        .orderBy(sql`${cases.overdue} desc`, sql`${cases.deadline} asc nulls last`, asc(cases.caseNo))
        .limit(50),
      enterprisesAtClosureThreshold(db, { scope, asOf: shanghaiDate(now), limit: 50 }),
    ]);
  // node-postgres answers { rows }, PGlite answers { rows } too; keep the access in one place.
  type SeriesRow = { date: string; count: number };
  const seriesRows = (series as unknown as { rows: SeriesRow[] }).rows;
  return {
    countsByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    overdue: counts?.overdue ?? 0,
    dueSoon: counts?.dueSoon ?? 0,
    awaitingMyDecision: mine?.n ?? 0,
    openEscalations: escal?.n ?? 0,
    byRegion,
    byIndustry,
    overdueSeries: seriesRows.map((r) => ({ date: r.date, count: Number(r.count) })),
    worklist,
    atClosureThreshold: closure,
  };
}
