/**
 * 自查自报: an enterprise's report for a period, and what the sweep notices about the ones missing, late, silent or far
 * below their industry's average (系统有觉察). Shape `fn(db, params)`, scoped by enterpriseRowScope.
 *
 * - `periodFigures(db, { enterpriseId, period })` → the ledger's figures of the period (hazards self-reported and
 *   rectified, self-inspections done)
 * - `insertSelfReport(db, row)` → the row (CONFLICT when the period is already reported)
 * - `listSelfReports(db, scope, q)`, `listSelfReportFlags(db, scope, q)` → react-admin lists
 * - `sweepSelfReportFlags(db, { regionPath, period, kindOfLevel, policy })` → flags written for the period
 */
import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { generalHazards, regions, selfInspections, selfReportFlags, selfReports } from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { DutyPolicy } from '../../domain/hazards/policy.js';
import type { Period } from '../../domain/hazards/self-report.js';
import { enterpriseRowScope, enterpriseVisible } from './hazard-scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import type { Scope } from './scope.js';
import { isoDate } from '../../domain/dates.js';

export type SelfReportRow = typeof selfReports.$inferSelect;
export type SelfReportFlagRow = typeof selfReportFlags.$inferSelect;

const midnight = (date: string, plusDays = 0) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

export async function periodFigures(
  db: Db,
  p: { enterpriseId: string; period: Pick<Period, 'start' | 'end'> },
): Promise<{ hazardsReported: number; hazardsRectified: number; selfInspections: number }> {
  const g = generalHazards;
  const from = midnight(p.period.start);
  const to = midnight(p.period.end, 1);
  const [[h], [s]] = await Promise.all([
    db
      .select({
        reported: sql<number>`count(*) filter (where ${g.source} = 'self_inspection' and ${g.reportedAt} >= ${from.toISOString()} and ${g.reportedAt} < ${to.toISOString()})::int`,
        rectified: sql<number>`count(*) filter (where ${g.status} = 'closed' and ${g.closedAt} >= ${from.toISOString()} and ${g.closedAt} < ${to.toISOString()})::int`,
      })
      .from(g)
      .where(and(eq(g.enterpriseId, p.enterpriseId), sql`${g.status} <> 'cancelled'`)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(selfInspections)
      .where(
        and(
          eq(selfInspections.enterpriseId, p.enterpriseId),
          gte(selfInspections.periodStart, p.period.start),
          sql`${selfInspections.periodStart} <= ${p.period.end}`,
        ),
      ),
  ]);
  return {
    hazardsReported: h?.reported ?? 0,
    hazardsRectified: h?.rectified ?? 0,
    selfInspections: s?.n ?? 0,
  };
}

export async function insertSelfReport(db: Db, row: typeof selfReports.$inferInsert): Promise<SelfReportRow> {
  const [written] = await db.insert(selfReports).values(row).onConflictDoNothing().returning();
  if (!written)
    throw new DomainError('CONFLICT', '该期已经上报过', { periodStart: '该期已经上报过，不能重复上报' });
  return written;
}

export async function findSelfReport(
  db: Db,
  p: { enterpriseId: string; periodStart: string },
): Promise<SelfReportRow | undefined> {
  const [r] = await db
    .select()
    .from(selfReports)
    .where(and(eq(selfReports.enterpriseId, p.enterpriseId), eq(selfReports.periodStart, p.periodStart)));
  return r;
}

const reportScope = (scope: Scope) => enterpriseVisible(scope, selfReports.enterpriseId);

const reportFilter = z
  .object({
    enterpriseId: z.uuid().optional(),
    periodStart: isoDate.optional(),
    onTime: z.boolean().optional(),
  })
  .strict();

function parse<T extends z.ZodType>(schema: T, filter: unknown): z.infer<T> {
  const r = schema.safeParse(filter ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = `filter.${issue.path.join('.') || (issue as { keys?: string[] }).keys?.[0] || ''}`;
    throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
  }
  return r.data;
}

export async function listSelfReports(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<SelfReportRow>> {
  const f = parse(reportFilter, q.filter);
  const where = and(
    reportScope(scope),
    f.enterpriseId ? eq(selfReports.enterpriseId, f.enterpriseId) : undefined,
    f.periodStart ? eq(selfReports.periodStart, f.periodStart) : undefined,
    f.onTime !== undefined ? eq(selfReports.onTime, f.onTime) : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(selfReports)
      .where(where)
      .orderBy(desc(selfReports.periodStart), asc(selfReports.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(selfReports)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

const flagFilter = z
  .object({
    kind: z
      .union([
        z.enum(['missing', 'late', 'silent', 'under_reporting']),
        z.array(z.enum(['missing', 'late', 'silent', 'under_reporting'])),
      ])
      .optional(),
    periodStart: isoDate.optional(),
    enterpriseId: z.uuid().optional(),
    regionCode: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional(),
  })
  .strict();

export async function listSelfReportFlags(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<SelfReportFlagRow & { enterpriseName: string }>> {
  const f = parse(flagFilter, q.filter);
  const t = selfReportFlags;
  const kinds = f.kind === undefined ? undefined : Array.isArray(f.kind) ? f.kind : [f.kind];
  const where = and(
    enterpriseRowScope(scope, t),
    kinds ? inArray(t.kind, kinds) : undefined,
    f.periodStart ? eq(t.periodStart, f.periodStart) : undefined,
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.regionCode
      ? sql`${t.regionPath} like (select path from ${regions} where code = ${f.regionCode}) || '%'`
      : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: t.id,
        enterpriseId: t.enterpriseId,
        regionPath: t.regionPath,
        industryCategory: t.industryCategory,
        periodStart: t.periodStart,
        kind: t.kind,
        details: t.details,
        createdAt: t.createdAt,
        enterpriseName: sql<string>`(select e.name from enterprises e where e.id = self_report_flags.enterprise_id)`,
      })
      .from(t)
      .where(where)
      .orderBy(desc(t.periodStart), asc(t.kind), asc(t.enterpriseId))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

/**
 * Judges one period of one kind in a jurisdiction, in one statement: among its operating enterprises whose
 * management level reports on this kind of period (and registered before it ended), flags the report missing, the
 * report late, silence (no hazard self-reported in the last `silentPeriods` periods), and under-reporting (fewer than
 * `underReportRatio` × the average of the same industry in the jurisdiction, where that average is at least
 * `minIndustryAverage`). Suspended and closed enterprises are neither flagged nor counted in the averages.
 */
export async function sweepSelfReportFlags(
  db: Db,
  p: {
    regionPath: string;
    period: Period;
    /** The first day of the silence window (domain windowStart). */
    silentFrom: string;
    policy: DutyPolicy;
  },
): Promise<Record<'missing' | 'late' | 'silent' | 'under_reporting', number>> {
  const k = p.policy.selfReport.periodByLevel;
  const from = midnight(p.period.start).toISOString();
  const to = midnight(p.period.end, 1).toISOString();
  const silentFrom = midnight(p.silentFrom).toISOString();
  const ratio = p.policy.selfReport.underReportRatio;
  const minAvg = p.policy.selfReport.minIndustryAverage;
  const result = await db.execute(sql`
    with pop as (
      select e.id, e.region_path, e.industry_category from enterprises e
      where e.region_path like ${p.regionPath + '%'} and e.status = 'operating'
        and (case e.management_level when 'A' then ${k.A} when 'B' then ${k.B} when 'C' then ${k.C}
             when 'D' then ${k.D} else ${k.unassessed} end) = ${p.period.kind}
        and e.created_at < ${to}
    ),
    counted as (
      select pop.*,
        (select count(*) from general_hazards g where g.enterprise_id = pop.id and g.source = 'self_inspection'
           and g.status <> 'cancelled' and g.reported_at >= ${from} and g.reported_at < ${to})::int as n,
        exists (select 1 from general_hazards g where g.enterprise_id = pop.id and g.source = 'self_inspection'
           and g.status <> 'cancelled' and g.reported_at >= ${silentFrom} and g.reported_at < ${to}) as spoke,
        (select r.on_time from self_reports r where r.enterprise_id = pop.id and r.period_start = ${p.period.start}::date) as on_time
      from pop
    ),
    averages as (select industry_category, avg(n)::float8 as a from counted group by industry_category),
    flags as (
      select c.id, c.region_path, c.industry_category, 'missing' as kind, jsonb_build_object('period', ${p.period.kind}::text) as details
        from counted c where c.on_time is null
      union all
      select c.id, c.region_path, c.industry_category, 'late', jsonb_build_object('period', ${p.period.kind}::text)
        from counted c where c.on_time = false
      union all
      select c.id, c.region_path, c.industry_category, 'silent',
             jsonb_build_object('periods', ${p.policy.selfReport.silentPeriods}::int, 'from', ${p.silentFrom}::text)
        from counted c where not c.spoke
      union all
      select c.id, c.region_path, c.industry_category, 'under_reporting',
             jsonb_build_object('hazards', c.n, 'industryAverage', round(a.a::numeric, 2), 'ratio', ${ratio}::float8)
        from counted c join averages a using (industry_category)
       where a.a >= ${minAvg}::float8 and c.n < ${ratio}::float8 * a.a and c.spoke
    ),
    written as (
      insert into self_report_flags (enterprise_id, region_path, industry_category, period_start, kind, details)
      select id, region_path, industry_category, ${p.period.start}::date, kind, details from flags
      on conflict (enterprise_id, period_start, kind) do nothing
      returning kind
    )
    select kind, count(*)::int as n from written group by kind`);
  const out = { missing: 0, late: 0, silent: 0, under_reporting: 0 };
  for (const r of rowsOf<{ kind: keyof typeof out; n: number }>(result)) out[r.kind] = r.n;
  return out;
}
