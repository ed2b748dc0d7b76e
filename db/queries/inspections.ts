/**
 * 监督检查: plans, 双随机 draws and inspection records, shape `fn(db, params)`.
 *
 * - `insertInspectionPlan(db, row)`, `listInspectionPlans(db, scope, q)`, `getInspectionPlan(db, scope, id)`
 * - `drawPlan(db, { plan, today, seed, drawnBy, policy })` → the period's draw (an existing one when already drawn)
 * - `drawDueInspections(db, { regionPath, today, policy })` → the sweep: draws every active plan over the district
 *   (or above it) whose current period has no draw yet
 * - `listInspections(db, scope, q)`, `getInspection(db, scope, id)`, `recordInspection(db, …)` (one transaction:
 *   the record, its general hazards, its penalties)
 * - `inspectionOutcomes(db, { inspectionId, caseIds })` → the major-hazard cases its findings started and the
 *   penalties it decided
 * - `planCoverage(db, { planId })` → per period: population, drawn, done, coverage against the target
 *
 * An enterprise sees its inspections only once done: planned ones are 四不两直 (unannounced).
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import {
  cases,
  enterprises,
  generalHazards,
  inspectionDraws,
  inspectionPlans,
  inspections,
  penalties,
  regions,
} from '../schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  DRAW_ALGORITHM,
  drawInspections,
  drawSize,
  planPeriodOf,
  type InspectionCadence,
} from '../../domain/hazards/inspection.js';
import type { DutyPolicy } from '../../domain/hazards/policy.js';
import { enterpriseRowScope } from './hazard-scope.js';
import { pageOf, type ListQuery, type ListResult } from './list-params.js';
import { splitIndustries, type Scope } from './scope.js';
import { isUuidText } from './ids.js';

export type InspectionPlanRow = typeof inspectionPlans.$inferSelect;
export type InspectionDrawRow = typeof inspectionDraws.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
const stableUuid = (name: string): string => {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Plans are a territory's own: its supervisors see and draw them (department plans only for their industries). */
const planScope = (scope: Scope): SQL =>
  scope.role === 'admin'
    ? sql`true`
    : scope.role === 'supervisor' || scope.role === 'leader'
      ? and(
          sql`${inspectionPlans.regionPath} like ${(scope.regionPath ?? '\u0000') + '%'}`,
          scope.departmentId ? eq(inspectionPlans.departmentId, scope.departmentId) : undefined,
        )!
      : sql`false`;

export async function insertInspectionPlan(
  db: Db,
  row: typeof inspectionPlans.$inferInsert,
): Promise<InspectionPlanRow> {
  const [r] = await db.insert(inspectionPlans).values(row).returning();
  return r!;
}

export async function listInspectionPlans(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<InspectionPlanRow>> {
  const where = planScope(scope);
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(inspectionPlans)
      .where(where)
      .orderBy(desc(inspectionPlans.createdAt))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(inspectionPlans)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getInspectionPlan(db: Db, scope: Scope, id: string): Promise<InspectionPlanRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '检查计划不存在');
  const [r] = await db
    .select()
    .from(inspectionPlans)
    .where(and(eq(inspectionPlans.id, id), planScope(scope)));
  if (!r) throw new DomainError('NOT_FOUND', '检查计划不存在');
  return r;
}

/** The plan's population on `today`: operating enterprises of its territory and industries, sorted by id. */
async function population(db: Db, plan: InspectionPlanRow): Promise<string[]> {
  const { categories, subs } = splitIndustries(plan.industryCodes);
  const rows = await db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(
      and(
        sql`${enterprises.regionPath} like ${plan.regionPath + '%'}`,
        eq(enterprises.status, 'operating'),
        plan.industryCodes.length
          ? sql`(${categories.length ? inArray(enterprises.industryCategory, categories) : sql`false`} or ${subs.length ? inArray(enterprises.industryCode, subs) : sql`false`})`
          : undefined,
      ),
    )
    .orderBy(asc(enterprises.id));
  return rows.map((r) => r.id);
}

/** Units of the population due an inspection by their management level (never inspected, or not for N months). */
async function dueByGrade(
  db: Db,
  ids: readonly string[],
  today: string,
  policy: DutyPolicy,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const m = policy.inspection.everyMonthsByLevel;
  const result = await db.execute(sql`
    select e.id from enterprises e
    where e.id = any(${'{' + ids.join(',') + '}'}::uuid[])
      and not exists (
        select 1 from inspections i
        where i.enterprise_id = e.id and i.status = 'done'
          and i.inspected_on > ${today}::date - make_interval(months => case e.management_level
            when 'A' then ${m.A}::int when 'B' then ${m.B}::int when 'C' then ${m.C}::int
            when 'D' then ${m.D}::int else ${m.unassessed}::int end))
    order by e.id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/**
 * Draws the plan's period containing `today`, once: the draw row's id is derived from (plan, period) and unique, so a
 * retry or a second sweep finds the first draw. The draw records its population, pool, units due by grade and seed.
 */
export async function drawPlan(
  db: Db,
  p: { plan: InspectionPlanRow; today: string; seed?: string; drawnBy: string | null; policy: DutyPolicy },
): Promise<{ draw: InspectionDrawRow; created: boolean; inspections: number }> {
  const period = planPeriodOf(p.today, p.plan.cadence as InspectionCadence);
  const id = stableUuid(`inspection-draw:${p.plan.id}:${period.start}`);
  const [existing] = await db.select().from(inspectionDraws).where(eq(inspectionDraws.id, id));
  if (existing) return { draw: existing, created: false, inspections: 0 };
  const pop = await population(db, p.plan);
  const mandatory = p.plan.selection === 'random' ? await dueByGrade(db, pop, p.today, p.policy) : [];
  const pool = [...p.plan.inspectorIds].sort();
  const size = p.plan.selection === 'all' ? pop.length : drawSize(pop.length, p.plan.coverageTargetPct);
  const seed = p.seed ?? randomUUID();
  const { selected } = drawInspections({
    population: pop,
    mandatory,
    inspectors: pool,
    size,
    inspectorsPerVisit: p.plan.inspectorsPerVisit,
    seed,
  });
  return db.transaction(async (tx) => {
    const [draw] = await tx
      .insert(inspectionDraws)
      .values({
        id,
        planId: p.plan.id,
        periodStart: period.start,
        periodEnd: period.end,
        seed,
        algorithm: DRAW_ALGORITHM,
        population: pop,
        inspectorPool: pool,
        mandatory,
        selectedCount: selected.length,
        populationHash: createHash('sha256').update(pop.join(',')).digest('hex'),
        drawnAt: new Date(),
        drawnBy: p.drawnBy,
      })
      .onConflictDoNothing()
      .returning();
    if (!draw) {
      const [first] = await tx.select().from(inspectionDraws).where(eq(inspectionDraws.id, id));
      return { draw: first!, created: false, inspections: 0 };
    }
    if (selected.length) {
      const placed = await tx
        .select({
          id: enterprises.id,
          regionPath: enterprises.regionPath,
          industryCategory: enterprises.industryCategory,
        })
        .from(enterprises)
        .where(
          inArray(
            enterprises.id,
            selected.map((s) => s.enterpriseId),
          ),
        );
      const where = new Map(placed.map((e) => [e.id, e]));
      await tx.insert(inspections).values(
        selected.map((s) => ({
          id: stableUuid(`inspection:${id}:${s.enterpriseId}`),
          planId: p.plan.id,
          drawId: id,
          enterpriseId: s.enterpriseId,
          regionPath: where.get(s.enterpriseId)!.regionPath,
          industryCategory: where.get(s.enterpriseId)!.industryCategory,
          inspectorIds: s.inspectorIds,
          dueOn: period.end,
          status: 'planned' as const,
        })),
      );
    }
    return { draw, created: true, inspections: selected.length };
  });
}

/** The daily sweep's part: every active plan over this district (or above it) drawn for its current period. */
export async function drawDueInspections(
  db: Db,
  p: { regionPath: string; today: string; policy: DutyPolicy },
): Promise<{ draws: number; inspections: number }> {
  const ancestors = p.regionPath.split('/').filter(Boolean);
  const paths = ancestors.map((_, i) => ancestors.slice(0, i + 1).join('/') + '/');
  const plans = await db
    .select()
    .from(inspectionPlans)
    .where(
      and(
        eq(inspectionPlans.active, true),
        sql`(${inspectionPlans.regionPath} like ${p.regionPath + '%'} or ${inArray(inspectionPlans.regionPath, paths)})`,
        sql`${inspectionPlans.startsOn} <= ${p.today}::date`,
        sql`(${inspectionPlans.endsOn} is null or ${inspectionPlans.endsOn} >= ${p.today}::date)`,
      ),
    );
  let draws = 0;
  let count = 0;
  for (const plan of plans) {
    const r = await drawPlan(db, { plan, today: p.today, drawnBy: null, policy: p.policy });
    if (r.created) {
      draws++;
      count += r.inspections;
    }
  }
  return { draws, inspections: count };
}

export async function getDraw(db: Db, scope: Scope, id: string): Promise<InspectionDrawRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '抽取记录不存在');
  const [d] = await db
    .select({ draw: inspectionDraws })
    .from(inspectionDraws)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionDraws.planId))
    .where(and(eq(inspectionDraws.id, id), planScope(scope)));
  if (!d) throw new DomainError('NOT_FOUND', '抽取记录不存在');
  return d.draw;
}

export async function drawInspectionsOf(db: Db, drawId: string): Promise<InspectionRow[]> {
  return db
    .select()
    .from(inspections)
    .where(eq(inspections.drawId, drawId))
    .orderBy(asc(inspections.enterpriseId));
}

const inspectionScope = (scope: Scope): SQL => {
  const base = enterpriseRowScope(scope, inspections);
  if (scope.role === 'enterprise') return and(base, eq(inspections.status, 'done'))!;
  if (scope.role === 'grid_member') return sql`false`;
  return base;
};

const inspectionFilter = z
  .object({
    status: z.enum(['planned', 'done', 'cancelled']).optional(),
    planId: z.uuid().optional(),
    drawId: z.uuid().optional(),
    enterpriseId: z.uuid().optional(),
    mine: z.boolean().optional(), // the caller is one of the inspectors
    regionCode: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional(),
  })
  .strict();

export async function listInspections(
  db: Db,
  scope: Scope,
  q: ListQuery,
): Promise<ListResult<InspectionRow & { enterpriseName: string }>> {
  const parsed = inspectionFilter.safeParse(q.filter ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `filter.${issue.path.join('.') || (issue as { keys?: string[] }).keys?.[0] || ''}`;
    throw new DomainError('VALIDATION', issue.message, { [field]: issue.message });
  }
  const f = parsed.data;
  const t = inspections;
  const where = and(
    inspectionScope(scope),
    f.status ? eq(t.status, f.status) : undefined,
    f.planId ? eq(t.planId, f.planId) : undefined,
    f.drawId ? eq(t.drawId, f.drawId) : undefined,
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.mine ? sql`${scope.userId}::uuid = any(${t.inspectorIds})` : undefined,
    f.regionCode
      ? sql`${t.regionPath} like (select path from ${regions} where code = ${f.regionCode}) || '%'`
      : undefined,
  )!;
  const { offset, limit } = pageOf(q);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        ...getTableColumns(t),
        enterpriseName: sql<string>`(select e.name from enterprises e where e.id = inspections.enterprise_id)`,
      })
      .from(t)
      .where(where)
      .orderBy(asc(t.status), asc(t.dueOn), asc(t.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, from: offset };
}

export async function getInspection(db: Db, scope: Scope, id: string): Promise<InspectionRow> {
  if (!isUuidText(id)) throw new DomainError('NOT_FOUND', '检查记录不存在');
  const [r] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, id), inspectionScope(scope)));
  if (!r) throw new DomainError('NOT_FOUND', '检查记录不存在');
  return r;
}

/**
 * What a recorded inspection led to beyond its general hazards: the major-hazard cases its major findings started
 * (their ids are derived from the inspection, api/services/inspections.ts) and the 行政处罚 decided at it.
 */
export async function inspectionOutcomes(db: Db, p: { inspectionId: string; caseIds: readonly string[] }) {
  const [caseRows, penaltyRows] = await Promise.all([
    p.caseIds.length
      ? db
          .select({ id: cases.id, caseNo: cases.caseNo, title: cases.title, status: cases.status })
          .from(cases)
          .where(inArray(cases.id, [...p.caseIds]))
          .orderBy(asc(cases.caseNo))
      : Promise.resolve([]),
    db
      .select({
        id: penalties.id,
        kind: penalties.kind,
        decidedOn: penalties.decidedOn,
        decisionNo: penalties.decisionNo,
        amountYuan: penalties.amountYuan,
      })
      .from(penalties)
      .where(eq(penalties.inspectionId, p.inspectionId))
      .orderBy(asc(penalties.decidedOn), asc(penalties.decisionNo)),
  ]);
  return { cases: caseRows, penalties: penaltyRows };
}

export async function insertInspection(db: Db, row: typeof inspections.$inferInsert): Promise<InspectionRow> {
  const [r] = await db.insert(inspections).values(row).onConflictDoNothing().returning();
  if (r) return r;
  const [first] = await db.select().from(inspections).where(eq(inspections.id, row.id));
  return first!;
}

export type PenaltyInsert = typeof penalties.$inferInsert;

/**
 * Records an inspection, atomically: the inspection row (only while planned), the general hazards its findings
 * became, and the penalties decided (counted for 安全生产法 Art. 113 like every penalty).
 */
export async function recordInspection(
  db: Db,
  p: {
    scope: Scope;
    id: string;
    patch: Pick<InspectionRow, 'inspectedOn' | 'unannounced' | 'note' | 'majorFindings'> & {
      recordedBy: string | null;
      recordedAt: Date;
    };
    /** Inspectors only (or an administrator): checked on the locked row. */
    mayRecord: (row: InspectionRow) => boolean;
    hazards: Array<typeof generalHazards.$inferInsert>;
    penalties: PenaltyInsert[];
  },
): Promise<InspectionRow> {
  if (!isUuidText(p.id)) throw new DomainError('NOT_FOUND', '检查记录不存在');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(inspections)
      .where(and(eq(inspections.id, p.id), inspectionScope(p.scope)))
      .for('update');
    if (!row) throw new DomainError('NOT_FOUND', '检查记录不存在');
    if (!p.mayRecord(row)) throw new DomainError('FORBIDDEN', '只有本次检查的检查人员可以录入检查记录');
    if (row.status !== 'planned')
      throw new DomainError('INVALID_TRANSITION', row.status === 'done' ? '该检查已录入' : '该检查已取消');
    if (p.hazards.length) await tx.insert(generalHazards).values(p.hazards);
    if (p.penalties.length) await tx.insert(penalties).values(p.penalties);
    const [updated] = await tx
      .update(inspections)
      .set({
        ...p.patch,
        status: 'done',
        generalFindings: p.hazards.length,
        penaltiesCount: p.penalties.length,
      })
      .where(eq(inspections.id, p.id))
      .returning();
    return updated!;
  });
}

export interface CoverageRow {
  drawId: string;
  periodStart: string;
  periodEnd: string;
  population: number;
  selected: number;
  done: number;
  /** done / population, % (the coverage the target speaks of). */
  coveragePct: number;
  targetPct: number;
}

export async function planCoverage(db: Db, p: { plan: InspectionPlanRow }): Promise<CoverageRow[]> {
  const rows = await db
    .select({
      drawId: inspectionDraws.id,
      periodStart: inspectionDraws.periodStart,
      periodEnd: inspectionDraws.periodEnd,
      population: sql<number>`cardinality(${inspectionDraws.population})`,
      selected: inspectionDraws.selectedCount,
      // Qualified by hand: inside a select list drizzle writes columns unqualified, and "id" would be the inner table's.
      done: sql<number>`(select count(*)::int from inspections i where i.draw_id = inspection_draws.id and i.status = 'done')`,
    })
    .from(inspectionDraws)
    .where(eq(inspectionDraws.planId, p.plan.id))
    .orderBy(desc(inspectionDraws.periodStart));
  return rows.map((r) => ({
    ...r,
    coveragePct: r.population ? Math.round((r.done / r.population) * 10_000) / 100 : 0,
    targetPct: p.plan.coverageTargetPct,
  }));
}
