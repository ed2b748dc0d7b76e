/**
 * 自查自报: an enterprise reports its period (a month, or half a month for its management level), "no hazard found"
 * included, checked against the ledger so the declaration cannot contradict it.
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../../db/queries/audit.js';
import { dutyPolicyFor, workingCalendarOf } from '../../db/queries/duty-policies.js';
import {
  findSelfReport,
  insertSelfReport,
  periodFigures,
  type SelfReportRow,
} from '../../db/queries/self-reports.js';
import { enterprises } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  dueOn,
  periodKindOf,
  periodOf,
  periodToReport,
  type Period,
} from '../../domain/hazards/self-report.js';
import type { submitSelfReportInput } from '../../domain/hazards/schemas.js';
import type { Db } from '../../db/client.js';
import { todayOf, type ServiceContext } from './general-hazards.js';

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message });
const KIND_LABEL = { month: '按月', half_month: '按半月' } as const;

async function ownEnterprise(ctx: ServiceContext) {
  if (ctx.user.role !== 'enterprise' || !ctx.user.enterpriseId)
    throw new DomainError('FORBIDDEN', '只有企业可以自查自报');
  const [e] = await ctx.deps.db.select().from(enterprises).where(eq(enterprises.id, ctx.user.enterpriseId));
  if (!e) throw new DomainError('NOT_FOUND', '企业不存在');
  return e;
}

async function rules(db: Db, regionPath: string, today: string) {
  const [policy, calendar] = await Promise.all([
    dutyPolicyFor(db, { regionPath, on: today }),
    workingCalendarOf(db),
  ]);
  return { policy, calendar };
}

export interface CurrentSelfReport {
  period: Period;
  dueOn: string;
  overdue: boolean;
  submitted: SelfReportRow | null;
  figures: Awaited<ReturnType<typeof periodFigures>>;
}

/** The period the enterprise is asked to report now, its due date, whether it is in, and the ledger's figures. */
export async function currentSelfReport(ctx: ServiceContext): Promise<CurrentSelfReport> {
  const e = await ownEnterprise(ctx);
  const { today } = todayOf(ctx.deps);
  const { policy, calendar } = await rules(ctx.deps.db, e.regionPath, today);
  const period = periodToReport(periodKindOf(policy, e.managementLevel), today);
  const due = dueOn(calendar, policy, period);
  const [submitted, figures] = await Promise.all([
    findSelfReport(ctx.deps.db, { enterpriseId: e.id, periodStart: period.start }),
    periodFigures(ctx.deps.db, { enterpriseId: e.id, period }),
  ]);
  return { period, dueOn: due, overdue: !submitted && today > due, submitted: submitted ?? null, figures };
}

export async function submitSelfReport(
  ctx: ServiceContext,
  input: z.infer<typeof submitSelfReportInput>,
): Promise<SelfReportRow> {
  const e = await ownEnterprise(ctx);
  if (e.status === 'closed') throw new DomainError('INVALID_TRANSITION', '企业已注销，不需要自查自报');
  const { today, now } = todayOf(ctx.deps);
  const { policy, calendar } = await rules(ctx.deps.db, e.regionPath, today);
  const kind = periodKindOf(policy, e.managementLevel);
  const period = periodOf(input.periodStart, kind);
  if (period.start !== input.periodStart)
    throw invalid('periodStart', `不是上报周期的第一天：本企业${KIND_LABEL[kind]}上报，应为 ${period.start}`);
  if (period.start > today) throw invalid('periodStart', '该期尚未开始');
  const figures = await periodFigures(ctx.deps.db, { enterpriseId: e.id, period });
  if (input.noHazard && figures.hazardsReported > 0)
    throw invalid('noHazard', `本期已上报 ${figures.hazardsReported} 条隐患，不能声明未发现隐患`);
  if (!input.noHazard && figures.hazardsReported === 0)
    throw invalid('noHazard', '本期没有上报隐患：请先上报发现的隐患，或声明本期未发现隐患');
  const due = dueOn(calendar, policy, period);
  const row = await insertSelfReport(ctx.deps.db, {
    enterpriseId: e.id,
    periodStart: period.start,
    periodEnd: period.end,
    dueOn: due,
    submittedAt: new Date(now),
    submittedBy: ctx.user.id,
    onTime: today <= due,
    noHazard: input.noHazard,
    ...figures,
    note: input.note ?? null,
  });
  await appendAudit(ctx.deps.db, {
    actorId: ctx.user.id,
    actorRole: ctx.user.role,
    action: 'submit',
    resource: 'self_reports',
    resourceId: row.id,
    requestId: ctx.requestId,
    payload: { ...input, ...figures, onTime: row.onTime },
  });
  return row;
}
