/**
 * 监督检查: plans by level and cadence, the 双随机 draw (recorded with its seed for audit), ad hoc inspections, and
 * the record whose findings become general hazards or major-hazard reports and whose penalties count toward the
 * 安全生产法 Art. 113 closure threshold.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDeps } from '../context.js';
import { scopeOf } from '../context.js';
import { appendAudit } from '../../db/queries/audit.js';
import { dutyPolicyFor } from '../../db/queries/duty-policies.js';
import { reportableEnterprise } from '../../db/queries/general-hazards.js';
import {
  drawInspectionsOf,
  drawPlan,
  getDraw,
  getInspection,
  getInspectionPlan,
  insertInspection,
  insertInspectionPlan,
  inspectionOutcomes,
  recordInspection as recordInspectionRow,
  type InspectionDrawRow,
  type InspectionRow,
} from '../../db/queries/inspections.js';
import { regions, users } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { DRAW_ALGORITHM, drawInspections } from '../../domain/hazards/inspection.js';
import type {
  adHocInspectionInput,
  inspectionPlanInput,
  recordInspectionInput,
} from '../../domain/hazards/schemas.js';
import { actorOf, startCase } from './cases.js';
import { prepareReport, todayOf, type ServiceContext } from './general-hazards.js';

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });
const stableUuid = (name: string): string => {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The case the i-th major finding of an inspection started: derived, so a retried record starts none twice. */
const majorFindingCaseId = (inspectionId: string, i: number) =>
  stableUuid(`inspection-major:${inspectionId}:${i}`);

/** A recorded inspection's major-hazard cases and penalties, for its record page. */
export async function inspectionDetail(ctx: ServiceContext, row: InspectionRow) {
  const caseIds = Array.from({ length: row.majorFindings }, (_, i) => majorFindingCaseId(row.id, i));
  return { ...row, ...(await inspectionOutcomes(ctx.deps.db, { inspectionId: row.id, caseIds })) };
}

function requireSupervisor(ctx: ServiceContext) {
  if (ctx.user.role !== 'supervisor' && ctx.user.role !== 'admin')
    throw new DomainError('FORBIDDEN', '只有监管人员可以安排和录入监督检查');
  if (ctx.user.role === 'supervisor' && !ctx.user.regionPath)
    throw new DomainError('FORBIDDEN', '您的账号未设置管辖区域');
}

/** Inspectors must be active supervisors of the caller's territory (执法检查人员名录库). */
async function requireInspectors(ctx: ServiceContext, ids: readonly string[], field: string): Promise<void> {
  const rows = await ctx.deps.db
    .select({ id: users.id })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .where(
      and(
        inArray(users.id, [...ids]),
        eq(users.role, 'supervisor'),
        eq(users.active, true),
        ctx.user.role === 'admin' ? undefined : sql`${regions.path} like ${ctx.user.regionPath + '%'}`,
      ),
    );
  const ok = new Set(rows.map((r) => r.id));
  const bad = ids.filter((id) => !ok.has(id));
  if (bad.length) throw invalid(field, `以下编号不是您辖区内在岗的监管人员：${bad.join('、')}`);
}

export async function createInspectionPlan(ctx: ServiceContext, input: z.infer<typeof inspectionPlanInput>) {
  requireSupervisor(ctx);
  const { db } = ctx.deps;
  const [region] = await db.select().from(regions).where(eq(regions.code, input.regionCode));
  if (!region) throw invalid('regionCode', '行政区划不存在');
  if (ctx.user.role === 'supervisor' && !region.path.startsWith(ctx.user.regionPath!))
    throw invalid('regionCode', '该地区不在您的辖区内');
  const own = ctx.user.departmentIndustries;
  let industryCodes = input.industryCodes;
  if (own) {
    if (industryCodes.length === 0) industryCodes = own;
    const foreign = industryCodes.filter((c) => !own.includes(c));
    if (foreign.length) throw invalid('industryCodes', `不在您部门监管的行业内：${foreign.join('、')}`);
  }
  await requireInspectors(ctx, input.inspectorIds, 'inspectorIds');
  const { today } = todayOf(ctx.deps);
  const policy = await dutyPolicyFor(db, { regionPath: region.path, on: today });
  const plan = await insertInspectionPlan(db, {
    ...input,
    industryCodes,
    regionPath: region.path,
    departmentId: ctx.user.departmentId,
    coverageTargetPct: input.coverageTargetPct ?? policy.inspection.coverageTargetPct,
    endsOn: input.endsOn ?? null,
    createdBy: ctx.user.id,
  });
  await appendAudit(db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    action: 'create',
    resource: 'inspection_plans',
    resourceId: plan.id,
    requestId: ctx.requestId,
    payload: input,
  });
  return plan;
}

/** 双随机 now, for the plan's current period (once: a second call answers the first draw). */
export async function drawNow(ctx: ServiceContext, planId: string) {
  requireSupervisor(ctx);
  const { db } = ctx.deps;
  const plan = await getInspectionPlan(db, scopeOf(ctx.user), planId);
  if (!plan.active) throw new DomainError('INVALID_TRANSITION', '检查计划已停用');
  const { today } = todayOf(ctx.deps);
  if (plan.startsOn > today || (plan.endsOn && plan.endsOn < today))
    throw new DomainError('INVALID_TRANSITION', '不在检查计划的执行期内');
  const policy = await dutyPolicyFor(db, { regionPath: plan.regionPath, on: today });
  const out = await drawPlan(db, { plan, today, drawnBy: ctx.user.id, policy });
  if (out.created)
    await appendAudit(db, {
      actorId: ctx.user.id,
      actorRole: ctx.user.role,
      action: 'draw',
      resource: 'inspection_draws',
      resourceId: out.draw.id,
      requestId: ctx.requestId,
      payload: {
        planId,
        periodStart: out.draw.periodStart,
        seed: out.draw.seed,
        algorithm: out.draw.algorithm,
        populationHash: out.draw.populationHash,
        population: out.draw.population.length,
        selected: out.draw.selectedCount,
      },
    });
  return out;
}

/** Re-runs a recorded draw from its own record and compares it with the inspections it created. */
export async function verifyDraw(
  ctx: ServiceContext,
  drawId: string,
): Promise<{ draw: InspectionDrawRow; inspections: InspectionRow[]; reproduced: boolean }> {
  const { db } = ctx.deps;
  const draw = await getDraw(db, scopeOf(ctx.user), drawId);
  const plan = await getInspectionPlan(db, scopeOf(ctx.user), draw.planId);
  const rows = await drawInspectionsOf(db, drawId);
  const again = drawInspections({
    population: draw.population,
    mandatory: draw.mandatory,
    inspectors: draw.inspectorPool,
    size: draw.selectedCount,
    inspectorsPerVisit: plan.inspectorsPerVisit,
    seed: draw.seed,
  });
  const key = (xs: Array<{ enterpriseId: string; inspectorIds: string[] }>) =>
    JSON.stringify([...xs].map((x) => [x.enterpriseId, [...x.inspectorIds].sort()]).sort());
  const reproduced =
    draw.algorithm === DRAW_ALGORITHM &&
    createHash('sha256').update(draw.population.join(',')).digest('hex') === draw.populationHash &&
    key(again.selected) === key(rows);
  return { draw, inspections: rows, reproduced };
}

export async function createAdHocInspection(
  ctx: ServiceContext,
  input: z.infer<typeof adHocInspectionInput>,
  opts: { id?: string } = {},
) {
  requireSupervisor(ctx);
  const { db } = ctx.deps;
  const e = await reportableEnterprise(db, scopeOf(ctx.user), input.enterpriseId);
  if (!e) throw invalid('enterpriseId', '企业不存在或不在您的辖区内');
  await requireInspectors(ctx, input.inspectorIds, 'inspectorIds');
  const row = await insertInspection(db, {
    id: opts.id ?? randomUUID(),
    enterpriseId: e.id,
    regionPath: e.regionPath,
    industryCategory: e.industryCategory,
    inspectorIds: [...new Set(input.inspectorIds)].sort(),
    dueOn: input.dueOn ?? null,
    unannounced: input.unannounced,
    status: 'planned',
  });
  await appendAudit(db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    action: 'create',
    resource: 'inspections',
    resourceId: row.id,
    requestId: ctx.requestId,
    payload: input,
  });
  return row;
}

/**
 * 录入检查记录. Checked first (who, the inspection's state, every finding as a report would be), then the major
 * findings are reported as cases (ids derived from the inspection, so a retry starts none twice), then the record, its
 * general hazards and its penalties are written in one transaction.
 */
export async function recordInspection(
  ctx: ServiceContext & { deps: Pick<AppDeps, 'db' | 'now' | 'temporal'> },
  id: string,
  input: z.infer<typeof recordInspectionInput>,
): Promise<{ inspection: InspectionRow; hazardIds: string[]; caseIds: string[] }> {
  requireSupervisor(ctx);
  const { db } = ctx.deps;
  const scope = scopeOf(ctx.user);
  const current = await getInspection(db, scope, id);
  const mayRecord = (r: InspectionRow) => ctx.user.role === 'admin' || r.inspectorIds.includes(ctx.user.id);
  if (!mayRecord(current)) throw new DomainError('FORBIDDEN', '只有本次检查的检查人员可以录入检查记录');
  if (current.status !== 'planned')
    throw new DomainError('INVALID_TRANSITION', current.status === 'done' ? '该检查已录入' : '该检查已取消');
  const { today, now } = todayOf(ctx.deps);
  if (input.inspectedOn > today) throw invalid('inspectedOn', '检查日期不能晚于今天');
  const hazards = [];
  for (const [i, f] of input.generalFindings.entries()) {
    try {
      hazards.push(
        await prepareReport(
          ctx,
          { ...f, enterpriseId: current.enterpriseId, source: 'inspection', foundOn: input.inspectedOn },
          { id: stableUuid(`inspection-finding:${id}:${i}`), sourceRef: id },
        ),
      );
    } catch (err) {
      // The finding's own field, under its place in the list.
      if (err instanceof DomainError && err.fields) {
        const fields = Object.fromEntries(
          Object.entries(err.fields).map(([k, v]) => [`generalFindings.${i}.${k}`, v]),
        );
        throw new DomainError('VALIDATION', err.message, fields);
      }
      throw err;
    }
  }
  const caseIds: string[] = [];
  for (const [i, f] of input.majorFindings.entries()) {
    const caseId = majorFindingCaseId(id, i);
    const e = await reportableEnterprise(db, scope, current.enterpriseId);
    await startCase(ctx.deps, {
      input: {
        source: 'inspection',
        enterpriseId: current.enterpriseId,
        regionCode: e!.regionCode,
        title: f.title,
        description: f.description,
        location: f.location,
        suspectedClauseId: f.suspectedClauseId,
        evidenceDocumentIds: [],
      },
      actor: actorOf(ctx.user),
      scopePath: ctx.user.role === 'admin' ? null : ctx.user.regionPath,
      departmentIndustries: ctx.user.role === 'supervisor' ? ctx.user.departmentIndustries : null,
      caseId,
    });
    caseIds.push(caseId);
  }
  const recordedAt = new Date(now);
  const inspection = await recordInspectionRow(db, {
    scope,
    id,
    mayRecord,
    patch: {
      inspectedOn: input.inspectedOn,
      unannounced: input.unannounced || current.unannounced,
      note: input.note ?? null,
      majorFindings: caseIds.length,
      recordedBy: ctx.user.id,
      recordedAt,
    },
    hazards,
    penalties: input.penalties.map((p, i) => ({
      id: stableUuid(`inspection-penalty:${id}:${i}`),
      enterpriseId: current.enterpriseId,
      inspectionId: id,
      kind: p.kind,
      decidedOn: p.decidedOn,
      decisionNo: p.decisionNo,
      amountYuan: p.amountYuan ?? null,
      recordedAt,
      recordedBy: ctx.user.id,
    })),
  });
  await appendAudit(db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    action: 'record',
    resource: 'inspections',
    resourceId: id,
    requestId: ctx.requestId,
    payload: { ...input, hazardIds: hazards.map((h) => h.id), caseIds },
  });
  return { inspection, hazardIds: hazards.map((h) => h.id), caseIds };
}
